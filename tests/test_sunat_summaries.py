"""Comunicación de baja (RA), resumen diario (RC) and their tickets, against the local SUNAT peer.

Every peer mode converges: each document ends anulado, aceptado, back to its state with SUNAT's code,
or pending with a next attempt, and the peer saw each file once per outcome that needed it.
"""

import datetime
import threading
import time
from decimal import Decimal
from types import SimpleNamespace

import pytest
from lxml import etree

from app import create_app
from domain.clock import lima_today
from invoicing.summary import PlainSummary
from invoicing.summary import SummaryItem
from invoicing.summary import VoidItem
from models import Document
from models import Issuer
from models import Summary
from models import SummaryLine
from models import create_tables
from models.base import db
from models.events import Event
from sunat import signing
from sunat import worker
from sunat.xml.builders import build_summary
from tests import sunat_reference
from tests.sunat_issuer import RUC
from tests.sunat_issuer import certificate
from tests.sunat_issuer import issuer_for
from tests.conftest import post
from tests.sunat_peer import SunatPeer

TODAY = lima_today()


@pytest.fixture
def app(database_url):
    app = create_app({"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING", "SUNAT_RETRY_BASE_SECONDS": 0.05,
                      "SUNAT_RETRY_MAX_SECONDS": 0.2, "SUNAT_VOID_GATHER_SECONDS": 0})
    create_tables()
    yield app
    db.close_all()


@pytest.fixture
def peer():
    peer = SunatPeer(f"{RUC}MODDATOS", "moddatos", timeout_delay=2.5)
    yield peer
    peer.stop()


@pytest.fixture
def issuer(tenant, peer):
    return issuer_for(tenant.company.id, peer)


def accepted(call, shop, slug="factura", **fields):
    client = "ruc" if slug == "factura" else "dni"
    created = call(f"{slug}-nuevo", enviar_sunat=True, **shop.sale(client=client, **fields))
    assert created.status == 201 and created.body["sunat"]["estado"] == "aceptado", created.body
    return int(created.body["id"])


def stem(prefix, n=1):
    return f"{RUC}-{prefix}-{TODAY:%Y%m%d}-{n}"


def work_until(app, condition, rounds=40):
    for _ in range(rounds):
        worker.run_once(app.config)
        with db.connection_context():
            if condition():
                return True
        time.sleep(0.2)
    return False


def state_of(document_id):
    with db.connection_context():
        return Document.get_by_id(document_id).sunat_state


def stock(call, code=1001):
    return call("producto-listar", cod_num=code).body[0]["stock"]


# -- the XML: SUNAT's XSD 2.0 and rules, 0 errors and 0 observations -----------------------------------

def signed(summary):
    key_pem, cert_pem = certificate()
    issuer = SimpleNamespace(ruc=RUC, razon_social="EMPRESA DEMO S.A.C.")
    xml, _ = signing.sign(build_summary(issuer, summary), key_pem, cert_pem)
    return xml


def boleta_item(n, condition=1, reference=None, type_code="03"):
    return SummaryItem(type_code, f"{'BC01' if reference else 'B001'}-{n:08d}", "1",
                       "06807263", condition, "PEN", Decimal("23.60"), Decimal("20.00"), Decimal("0"), Decimal("0"),
                       Decimal("0"), Decimal("3.60"), reference)


@pytest.mark.parametrize("items", [
    (boleta_item(1),),
    tuple(boleta_item(n, condition=1 + n % 3) for n in range(1, 501)),
    (boleta_item(1, 1), boleta_item(2, 2), boleta_item(3, 3),
     boleta_item(4, 1, reference=("03", "B001-00000001"), type_code="07")),
], ids=["one", "500 with estados 1-3", "with a boleta's NC"])
def test_a_resumen_passes_sunat_rules(items):
    summary = PlainSummary("RC", TODAY, TODAY, 1, items)
    xml = signed(summary)
    assert sunat_reference.problems(xml, f"{RUC}-{summary.identifier}.xml") == []
    sample = (sunat_reference.SUNAT_DIR / "samples/greenter-ubl-validator/2.0/20000000001-RC-20180126-1.xml").read_bytes()
    for tag in (b"<cbc:UBLVersionID>2.0</cbc:UBLVersionID>", b"<cbc:CustomizationID>1.1</cbc:CustomizationID>",
                b'xmlns="urn:sunat:names:specification:ubl:peru:schema:xsd:SummaryDocuments-1"'):
        assert tag in sample and tag in xml


@pytest.mark.parametrize("items", [
    (VoidItem("01", "F001", 1, "ERROR EN EL RUC DEL CLIENTE"),),
    (VoidItem("01", "F001", 1, "ANULACION"), VoidItem("01", "F001", 7, "ANULACION"),
     VoidItem("07", "FC01", 2, "NOTA EMITIDA POR ERROR")),
], ids=["one", "several and a note"])
def test_a_comunicacion_de_baja_passes_sunat_rules(items):
    summary = PlainSummary("RA", TODAY, TODAY, 3, items)
    xml = signed(summary)
    assert sunat_reference.problems(xml, f"{RUC}-{summary.identifier}.xml") == []
    assert f"<cbc:ID>RA-{TODAY:%Y%m%d}-3</cbc:ID>".encode() in xml


# -- fesunat-anular ------------------------------------------------------------------------------------

def test_a_factura_is_annulled_by_comunicacion_de_baja(app, call, shop, issuer, peer):
    factura = accepted(call, shop, detalle=[{"cod_num": 1001, "cantidad": 4}])
    assert stock(call) == 96
    reply = call("fesunat-anular", id=factura, tipodoc=1, motivo="ERROR EN EL RUC")
    assert reply.status == 202, reply.body
    assert reply.body["estado"] == "baja_pendiente" and reply.body["ticket"]
    assert reply.body["respuesta"] == (f"Se solicitó la baja de la Factura de venta F001-00000001 "
                                       f"(comunicación de baja {stem('RA')})")
    assert stock(call) == 96, "stock comes back when SUNAT accepts the baja, not before"
    assert peer.summaries_sent(stem("RA")) == 1
    assert work_until(app, lambda: state_of(factura) == "anulado")
    assert stock(call) == 100
    assert peer.summaries_sent(stem("RA")) == 1 and peer.counts[("getStatus", stem("RA"))] == 1
    consult = call("fesunat-consultar", id=factura, tipodoc=1).body
    assert consult["estado"] == "anulado" and consult["resumenes"][0]["estado"] == "aceptado"
    assert consult["resumenes"][0]["ticket"] == reply.body["ticket"]
    listed = call("fesunat-resumen-listar").body
    assert [(s["nombre"], s["estado"], s["documentos"], s["tipo"]) for s in listed] == [
        (stem("RA"), "aceptado", 1, "RA")]
    with db.connection_context():
        assert Event.select().where(Event.type == "comprobante.anulado").count() == 1
    assert call("factura-listar", factura_estado=3).body[0]["numero"] == "F001-00000001"


def test_a_boleta_is_annulled_by_a_resumen_line_with_estado_3(app, call, shop, issuer, peer):
    boleta = accepted(call, shop, "boleta")
    reply = call("fesunat-anular", id=boleta, tipodoc=2, motivo="ANULACION")
    assert reply.status == 202 and "resumen diario" in reply.body["respuesta"]
    assert peer.summaries_sent(stem("RC")) == 1 and not peer.summaries_sent(stem("RA"))
    assert work_until(app, lambda: state_of(boleta) == "anulado")
    with db.connection_context():
        assert b"<cbc:ConditionCode>3</cbc:ConditionCode>" in bytes(Summary.get(Summary.file_name == stem("RC")).signed_xml)


def test_what_cannot_be_annulled_says_why(app, call, shop, issuer, peer):
    with db.connection_context():
        Issuer.update(send_on_creation=False).execute()
    never_sent = int(call("factura-nuevo", **shop.sale()).body["id"])
    reply = call("fesunat-anular", id=never_sent, tipodoc=1, motivo="X")
    assert (reply.status, reply.body["codigo"]) == (409, 13) and "factura-eliminar" in reply.body["error"]
    done = accepted(call, shop)
    refused = call("factura-eliminar", factura_id=done)
    assert refused.body["codigo"] == 13 and "fesunat-anular" in refused.body["error"]
    assert "nota de crédito" in refused.body["error"]
    # SUNAT takes a factura dated at most 3 days back (refused before numbering, rule 2108): make one
    # today and move its date past the baja's deadline in the database.
    old = accepted(call, shop)
    with db.connection_context():
        Document.update(issue_date=TODAY - datetime.timedelta(days=8)).where(Document.id == old).execute()
    late = call("fesunat-anular", id=old, tipodoc=1, motivo="X")
    assert late.body["codigo"] == 13 and "plazo" in late.body["error"] and "7 días" in late.body["error"]
    call("fesunat-anular", id=done, tipodoc=1, motivo="X")
    again = call("fesunat-anular", id=done, tipodoc=1, motivo="X")
    assert again.body["codigo"] == 13 and "ya se solicitó la baja" in again.body["error"]
    assert call("fesunat-anular", id=done, tipodoc=1).body["campos"] == {"motivo": ["Campo obligatorio: no se recibió."]}


# -- tickets: every SUNAT answer converges ---------------------------------------------------------------

def test_98_keeps_polling_until_0(app, call, shop, issuer, peer):
    factura = accepted(call, shop)
    peer.then_status("98", "98", "98")
    assert call("fesunat-anular", id=factura, tipodoc=1, motivo="X").status == 202
    assert work_until(app, lambda: state_of(factura) == "anulado")
    assert peer.counts[("getStatus", stem("RA"))] == 4 and peer.summaries_sent(stem("RA")) == 1


def test_99_keeps_sunat_code_and_the_document_returns_to_accepted(app, call, shop, issuer, peer):
    factura = accepted(call, shop)
    peer.then_status("99:2105")
    call("fesunat-anular", id=factura, tipodoc=1, motivo="X")
    assert work_until(app, lambda: Summary.get().state == "rechazado")
    with db.connection_context():
        pass
    assert state_of(factura) == "aceptado"
    summary = call("fesunat-consultar", id=factura, tipodoc=1).body["resumenes"][0]
    assert summary["codigo_sunat"] == "2105" and summary["estado"] == "rechazado"
    assert stock(call) == 99, "no stock back for a baja SUNAT refused"
    retried = call("fesunat-anular", id=factura, tipodoc=1, motivo="X")
    assert retried.status == 202 and stem("RA", 2) in retried.body["respuesta"], "the baja may be asked again"


@pytest.mark.parametrize("mode", ["timeout", "drop"])
def test_a_lost_send_answer_is_recovered_without_renumbering(app, call, shop, issuer, peer, mode):
    """SUNAT took the file but we never heard its ticket: the resend gets 2223 and a new summary carries
    the line; the factura keeps its number."""
    factura = accepted(call, shop)
    peer.then_summary(mode)
    reply = call("fesunat-anular", id=factura, tipodoc=1, motivo="X")
    assert reply.status == 202 and reply.body["ticket"] is None
    assert work_until(app, lambda: state_of(factura) == "anulado")
    assert peer.summaries_sent(stem("RA", 1)) == 2, "the same file once more, answered 2223"
    assert peer.summaries_sent(stem("RA", 2)) == 1
    states = {s["nombre"]: s["estado"] for s in call("fesunat-resumen-listar").body}
    assert states == {stem("RA", 1): "reemplazado", stem("RA", 2): "aceptado"}


def test_an_unknown_ticket_sends_the_same_file_again(app, call, shop, issuer, peer):
    factura = accepted(call, shop)
    peer.then_status("0127")
    call("fesunat-anular", id=factura, tipodoc=1, motivo="X")
    peer.summaries.clear()  # SUNAT lost it: the resend is new to it
    assert work_until(app, lambda: state_of(factura) == "anulado")
    assert peer.summaries_sent(stem("RA", 1)) == 2 and not peer.summaries_sent(stem("RA", 2))


def test_sunat_busy_at_send_and_poll_retries(app, call, shop, issuer, peer):
    factura = accepted(call, shop)
    peer.then_summary("fault:0109").then_status("timeout")
    assert call("fesunat-anular", id=factura, tipodoc=1, motivo="X").body["ticket"] is None
    with db.connection_context():
        assert Summary.get().next_attempt_at is not None
    assert work_until(app, lambda: state_of(factura) == "anulado")
    assert peer.summaries_sent(stem("RA")) == 2


# -- resumen diario ---------------------------------------------------------------------------------------

def test_boletas_by_resumen(app, call, shop, issuer, peer):
    with db.connection_context():
        Issuer.update(boletas_by_summary=True).execute()
    boletas = [int(call("boleta-nuevo", **shop.sale(client="dni")).body["id"]) for _ in range(3)]
    factura = int(call("factura-nuevo", **shop.sale()).body["id"])
    assert {state_of(b) for b in boletas} == {"pendiente"}
    worker.run_once(app.config)
    assert peer.sent(f"{RUC}-01-F001-00000001") == 1, "facturas still go one by one"
    assert not any(op == "sendBill" and "-03-" in key for op, key, _ in peer.received)
    assert call("boleta-editar", factura_id=boletas[0], factura_observaciones="ok").status == 200
    reply = call("fesunat-resumen-enviar", fecha=TODAY.isoformat())
    assert reply.status == 202 and len(reply.body["resumenes"]) == 1
    assert reply.body["resumenes"][0]["ticket"]
    assert call("boleta-editar", factura_id=boletas[0], factura_observaciones="x").body["codigo"] == 13
    assert call("fesunat-enviar", id=boletas[0], tipodoc=2).body["codigo"] == 13, "never reported twice"
    assert work_until(app, lambda: all(state_of(b) == "aceptado" for b in boletas))
    assert state_of(factura) == "aceptado"
    listed = call("fesunat-resumen-listar", fecha=TODAY.isoformat(), estado="aceptado").body
    assert [(s["nombre"], s["documentos"]) for s in listed] == [(stem("RC"), 3)]
    assert [s["nombre"] for s in call("fesunat-resumen-listar", documento_id=boletas[2]).body] == [stem("RC")]
    nothing = call("fesunat-resumen-enviar", fecha=TODAY.isoformat())
    assert nothing.body["resumenes"] == [] and "No hay boletas" in nothing.body["respuesta"]
    annul = call("fesunat-anular", id=boletas[1], tipodoc=2, motivo="X")
    assert stem("RC", 2) in annul.body["respuesta"]
    assert work_until(app, lambda: state_of(boletas[1]) == "anulado")
    bad = call("fesunat-resumen-listar", estado="raro")
    assert bad.body["codigo"] == 11 and "estado" in bad.body["campos"]


def test_a_boletas_notes_go_in_the_resumen_with_it(app, call, shop, issuer, peer):
    app.config.update(SUNAT_SUMMARY_HOUR=24)  # no scheduled resumen: this test asks for each
    with db.connection_context():
        Issuer.update(boletas_by_summary=True).execute()
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    earlier = int(call("boleta-nuevo", **shop.sale(client="dni", factura_fecha=yesterday)).body["id"])
    boleta = int(call("boleta-nuevo", **shop.sale(client="dni")).body["id"])

    def credit(document_id):
        reply = call("notacredito-nuevo", nota_documento_id=document_id, nota_motivo_codigo="06",
                     nota_motivo="Devolución total")
        assert reply.status == 201 and reply.body["numero"].startswith("BC"), reply.body
        return int(reply.body["id"])

    note, late = credit(boleta), credit(earlier)
    worker.run_once(app.config)
    assert not any(op == "sendBill" for op, _, _ in peer.received), "a boleta's note waits for the resumen too"
    reply = call("fesunat-resumen-enviar", fecha=TODAY.isoformat())
    assert reply.status == 202 and len(reply.body["resumenes"]) == 1
    assert work_until(app, lambda: state_of(boleta) == "aceptado" and state_of(note) == "aceptado")
    with db.connection_context():
        xml = bytes(Summary.get(Summary.file_name == stem("RC")).signed_xml)
    assert xml.count(b"<sac:SummaryDocumentsLine>") == 2, "the boleta and its note; the late note waits"
    reference = etree.fromstring(xml).find(".//{*}BillingReference/{*}InvoiceDocumentReference")
    assert [child.text for child in reference] == ["B001-00000002", "03"]
    assert state_of(late) == "pendiente", "its boleta (yesterday's) is not accepted and not in this resumen"
    call("fesunat-resumen-enviar", fecha=yesterday)
    assert work_until(app, lambda: state_of(earlier) == "aceptado")
    call("fesunat-resumen-enviar", fecha=TODAY.isoformat())
    assert work_until(app, lambda: state_of(late) == "aceptado")
    assert not any(op == "sendBill" for op, _, _ in peer.received)


def test_resumen_enviar_needs_an_issuer_by_resumen(app, call, shop, issuer):
    reply = call("fesunat-resumen-enviar", fecha=TODAY.isoformat())
    assert reply.status == 202 and reply.body["resumenes"] == []
    assert "issuer set --boletas resumen" in reply.body["respuesta"]


def test_the_worker_builds_earlier_days_resumen_by_itself(app, call, shop, issuer, peer):
    app.config.update(SUNAT_SUMMARY_HOUR=0, SUNAT_RETRY_MAX_SECONDS=600)
    with db.connection_context():
        Issuer.update(boletas_by_summary=True).execute()
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    boletas = [int(call("boleta-nuevo", **shop.sale(client="dni", factura_fecha=yesterday)).body["id"])
               for _ in range(2)]
    call("boleta-nuevo", **shop.sale(client="dni"))  # today's waits for tomorrow's run
    peer.then_status("99:2072")
    assert work_until(app, lambda: Summary.select().where(Summary.state == "rechazado").exists())
    assert {state_of(b) for b in boletas} == {"pendiente"}, "back to pending, with SUNAT's code on the resumen"
    for _ in range(3):
        worker.run_once(app.config)
    with db.connection_context():
        assert Summary.select().count() == 1, "not offered again at once: the scheduled run waits"
        assert Summary.get().code == "2072"
    reply = call("fesunat-resumen-enviar", fecha=yesterday)  # asked for: sent now
    assert len(reply.body["resumenes"]) == 1
    assert work_until(app, lambda: {state_of(b) for b in boletas} == {"aceptado"})
    with db.connection_context():
        assert Document.select().where(Document.sunat_state == "pendiente").count() == 1


# -- bajas of one day gathered in one RA (SUNAT_VOID_GATHER_SECONDS) ---------------------------------

def due_now(name):
    """The gathering window of summary `name` ends now (rather than waiting it out)."""
    with db.connection_context():
        Summary.update(next_attempt_at=datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
                       - datetime.timedelta(seconds=1)).where(Summary.file_name == name).execute()


def lines_by_summary():
    with db.connection_context():
        return sorted((line.summary.file_name, line.document_id)
                      for line in SummaryLine.select(SummaryLine, Summary).join(Summary))


def test_bajas_of_one_day_asked_apart_go_in_one_ra(app, call, shop, issuer, peer):
    app.config.update(SUNAT_VOID_GATHER_SECONDS=60)
    first = accepted(call, shop, detalle=[{"cod_num": 1001, "cantidad": 4}])
    second = accepted(call, shop, detalle=[{"cod_num": 1001, "cantidad": 6}])
    assert stock(call) == 90
    replies = [call("fesunat-anular", id=d, tipodoc=1, motivo="ERROR EN EL RUC") for d in (first, second)]
    for reply in replies:
        assert reply.status == 202 and reply.body["estado"] == "baja_pendiente", reply.body
        assert reply.body["ticket"] is None and reply.body["resumen"]["nombre"] == stem("RA")
    assert peer.summaries_sent(stem("RA")) == 0, "the RA waits for its window"
    worker.run_once(app.config)
    assert peer.summaries_sent(stem("RA")) == 0 and state_of(first) == "baja_pendiente"
    assert lines_by_summary() == [(stem("RA"), first), (stem("RA"), second)]
    due_now(stem("RA"))
    assert work_until(app, lambda: state_of(first) == state_of(second) == "anulado")
    assert stock(call) == 100
    assert peer.summaries_sent(stem("RA")) == 1 and peer.summaries_sent(stem("RA", 2)) == 0
    listed = call("fesunat-resumen-listar").body
    assert [(s["nombre"], s["estado"], s["documentos"]) for s in listed] == [(stem("RA"), "aceptado", 2)]
    for document in (first, second):
        consult = call("fesunat-consultar", id=document, tipodoc=1).body
        assert consult["estado"] == "anulado" and consult["resumenes"][0]["nombre"] == stem("RA")


def test_a_rejected_gathered_ra_returns_every_line(app, call, shop, issuer, peer):
    app.config.update(SUNAT_VOID_GATHER_SECONDS=60)
    documents = [accepted(call, shop) for _ in range(2)]
    for document in documents:
        assert call("fesunat-anular", id=document, tipodoc=1, motivo="ERROR").status == 202
    peer.then_status("99:2105")
    due_now(stem("RA"))
    assert work_until(app, lambda: all(state_of(d) == "aceptado" for d in documents))
    assert [s["estado"] for s in call("fesunat-resumen-listar").body] == ["rechazado"]


def test_bajas_of_different_days_go_in_different_ras(app, call, shop, issuer, peer):
    app.config.update(SUNAT_VOID_GATHER_SECONDS=60)
    today, yesterday = accepted(call, shop), accepted(call, shop)
    with db.connection_context():
        Document.update(issue_date=TODAY - datetime.timedelta(days=1)).where(Document.id == yesterday).execute()
    for document in (today, yesterday):
        assert call("fesunat-anular", id=document, tipodoc=1, motivo="ERROR").status == 202
    assert lines_by_summary() == [(stem("RA"), today), (stem("RA", 2), yesterday)]
    with db.connection_context():
        assert {s.file_name: s.reference_date for s in Summary.select()} == {
            stem("RA"): TODAY, stem("RA", 2): TODAY - datetime.timedelta(days=1)}


def test_a_baja_after_the_ra_was_sent_starts_a_new_one(app, call, shop, issuer, peer):
    app.config.update(SUNAT_VOID_GATHER_SECONDS=60)
    first, second = accepted(call, shop), accepted(call, shop)
    assert call("fesunat-anular", id=first, tipodoc=1, motivo="ERROR").status == 202
    due_now(stem("RA"))
    worker.run_once(app.config)
    assert peer.summaries_sent(stem("RA")) == 1
    reply = call("fesunat-anular", id=second, tipodoc=1, motivo="ERROR")
    assert reply.status == 202 and reply.body["resumen"]["nombre"] == stem("RA", 2)
    assert lines_by_summary() == [(stem("RA"), first), (stem("RA", 2), second)]
    due_now(stem("RA", 2))
    assert work_until(app, lambda: state_of(first) == state_of(second) == "anulado")
    assert peer.summaries_sent(stem("RA")) == 1 and peer.summaries_sent(stem("RA", 2)) == 1


def test_window_0_sends_each_baja_in_its_own_ra_at_once(app, call, shop, issuer, peer):
    first, second = accepted(call, shop), accepted(call, shop)
    replies = [call("fesunat-anular", id=d, tipodoc=1, motivo="ERROR") for d in (first, second)]
    assert [r.body["resumen"]["nombre"] for r in replies] == [stem("RA"), stem("RA", 2)]
    assert all(r.body["ticket"] for r in replies)
    assert peer.summaries_sent(stem("RA")) == 1 and peer.summaries_sent(stem("RA", 2)) == 1


def test_concurrent_bajas_of_one_day_make_one_ra_with_every_line(app, call, shop, issuer, peer, tenant):
    app.config.update(SUNAT_VOID_GATHER_SECONDS=60)
    documents = [accepted(call, shop) for _ in range(6)]
    barrier = threading.Barrier(len(documents))
    replies = {}

    def baja(document):
        client = app.test_client()
        barrier.wait()
        replies[document] = post(client, {"action": "fesunat-anular", "id": document, "tipodoc": 1,
                                          "motivo": "ERROR"}, tenant.key)

    threads = [threading.Thread(target=baja, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r.status == 202 for r in replies.values()), [r.body for r in replies.values()]
    assert lines_by_summary() == [(stem("RA"), d) for d in documents]
    with db.connection_context():
        assert [(l.position) for l in SummaryLine.select().order_by(SummaryLine.position)] == [1, 2, 3, 4, 5, 6]
    due_now(stem("RA"))
    assert work_until(app, lambda: all(state_of(d) == "anulado" for d in documents))
    assert peer.summaries_sent(stem("RA")) == 1


def test_a_full_gathering_ra_starts_another(app, call, shop, issuer, peer, monkeypatch):
    from sunat import summaries
    monkeypatch.setattr(summaries, "MAX_LINES", 2)  # 500 in production: the same cap as a resumen
    app.config.update(SUNAT_VOID_GATHER_SECONDS=60)
    documents = [accepted(call, shop) for _ in range(3)]
    for document in documents:
        assert call("fesunat-anular", id=document, tipodoc=1, motivo="ERROR").status == 202
    assert lines_by_summary() == [(stem("RA"), documents[0]), (stem("RA"), documents[1]),
                                  (stem("RA", 2), documents[2])]
