"""fesunat-enviar and fesunat-consultar against the local SUNAT peer: every answer SUNAT can give."""

import base64
import datetime
import time
import zipfile
import io

import pytest

from app import create_app
from domain.clock import lima_today
from models import Document
from models import Issuer
from models import Submission
from models.base import db
from sunat import worker
from sunat.certificates import self_signed
from tests.sunat_peer import SunatPeer
from tests.xmldsig_check import verify

RUC = "20000000001"
STEM = f"{RUC}-01-F001-00000001"

@pytest.fixture
def app(database_url):
    """Retries due within 50 ms, so the worker can be shown converging without waiting minutes."""
    from models import create_tables

    app = create_app({"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING",
                      "SUNAT_RETRY_BASE_SECONDS": 0.05, "SUNAT_RETRY_MAX_SECONDS": 0.2})
    create_tables()
    yield app
    db.close_all()

@pytest.fixture(scope="module")
def certificate():
    return self_signed(RUC, "EMPRESA DEMO S.A.C.")

@pytest.fixture
def peer():
    peer = SunatPeer(f"{RUC}MODDATOS", "moddatos", timeout_delay=1.5)
    yield peer
    peer.stop()

@pytest.fixture
def issuer(tenant, peer, certificate):
    with db.connection_context():
        return Issuer.create(
            company=tenant.company.id, ruc=RUC, razon_social="EMPRESA DEMO S.A.C.", address_line="AV. LIMA 1",
            ubigeo="150101", department="LIMA", province="LIMA", district="LIMA", sol_user="MODDATOS",
            sol_password="moddatos", private_key_pem=certificate[0], certificate_pem=certificate[1],
            environment="personalizado", service_url=peer.url, consult_url=peer.url, read_timeout=1, connect_timeout=2)

@pytest.fixture
def factura(call, shop, issuer):
    reply = call("factura-nuevo", **shop.sale(factura_fecha=lima_today().isoformat(), detalle=[{"cod_num": 1001, "cantidad": 2}]))
    assert reply.status == 201
    return int(reply.body["id"])

def stored(document_id):
    with db.connection_context():
        return Submission.get(Submission.document == document_id), Document.get_by_id(document_id)

def nothing_is_lost():
    """Every submission is final, or pending with a retry scheduled."""
    with db.connection_context():
        for submission in Submission.select():
            assert submission.state in ("aceptado", "observado", "rechazado") or submission.next_attempt_at, submission

def run_worker_until_final(app, document_id, rounds=20):
    for _ in range(rounds):
        time.sleep(0.25)
        worker.run_once(app.config)
        submission, _ = stored(document_id)
        if submission.state != "pendiente":
            return submission
    return submission

def test_an_accepted_factura(call, factura, peer, issuer):
    reply = call("fesunat-enviar", id=factura, tipodoc=1)
    assert reply.status == 200, reply.body
    submission, document = stored(factura)
    assert reply.body == {
        "respuesta": "La Factura numero F001-00000001, ha sido aceptada", "id": factura,
        "numero": "F001-00000001", "estado": "aceptado", "aceptada_por_sunat": True, "codigo_sunat": "0",
        "observaciones": [], "hash": submission.digest,
        "cadena_para_codigo_qr": f"{RUC}|01|F001|00000001|7.20|47.20|{lima_today().isoformat()}|6|20550117968|{submission.digest}|",
    }
    assert document.sunat_state == "aceptado" and submission.attempts == 1
    assert verify(bytes(submission.signed_xml), issuer.certificate_pem)
    names = zipfile.ZipFile(io.BytesIO(bytes(submission.cdr_zip))).namelist()
    assert names == ["dummy/", f"R-{STEM}.xml"], "the CDR is kept as SUNAT sent it"
    assert peer.sent(STEM) == 1 and list(peer.registered) == [STEM]
    nothing_is_lost()

def test_asking_again_returns_the_stored_verdict_without_sending(call, factura, peer):
    first = call("fesunat-enviar", id=factura, tipodoc=1)
    again = call("fesunat-enviar", id=factura, tipodoc=1)
    assert (again.status, again.body) == (first.status, first.body)
    assert peer.sent(STEM) == 1

def test_an_accepted_document_refuses_edit_and_delete(call, factura):
    call("fesunat-enviar", id=factura, tipodoc=1)
    for action in ("factura-editar", "factura-eliminar"):
        reply = call(action, factura_id=factura, factura_observaciones="x")
        assert (reply.status, reply.body["codigo"]) == (409, 13), action
        assert "estado aceptado" in reply.body["error"]

def test_a_boleta_is_accepted_too(call, shop, issuer, peer):
    created = call("boleta-nuevo", **shop.sale(client="dni"))
    reply = call("fesunat-enviar", id=int(created.body["id"]), tipodoc=2)
    assert reply.status == 200
    assert reply.body["respuesta"] == "La Boleta de Venta numero B001-00000001, ha sido aceptada"
    assert reply.body["cadena_para_codigo_qr"].startswith(f"{RUC}|03|B001|00000001|")
    assert "|1|06807263|" in reply.body["cadena_para_codigo_qr"]

def test_observations_are_reported(call, factura, peer):
    peer.then("observe")
    reply = call("fesunat-enviar", id=factura, tipodoc=1)
    assert reply.status == 200
    assert (reply.body["estado"], reply.body["aceptada_por_sunat"]) == ("observado", True)
    assert reply.body["observaciones"][0]["codigo"] == "4287"

def test_a_rejection_is_41_and_final(call, factura, peer):
    peer.then("reject:2800")
    reply = call("fesunat-enviar", id=factura, tipodoc=1)
    assert (reply.status, reply.body["codigo"]) == (422, 41)
    assert reply.body["codigo_sunat"] == "2800" and reply.body["estado"] == "rechazado"
    assert reply.body["error"].startswith("SUNAT rechazó el comprobante: 2800")
    again = call("fesunat-enviar", id=factura, tipodoc=1)
    assert (again.status, again.body["codigo"]) == (422, 41) and peer.sent(STEM) == 1
    edit = call("factura-editar", factura_id=factura, factura_observaciones="x")
    assert edit.body["codigo"] == 13, "a rejected number is used up"
    assert call("factura-eliminar", factura_id=factura).status == 200, "but the document can be annulled"
    nothing_is_lost()

@pytest.mark.parametrize("code", ["0109", "0130"])
def test_sunat_busy_is_202_then_the_worker_delivers(app, call, factura, peer, code):
    peer.then(f"fault:{code}")
    reply = call("fesunat-enviar", id=factura, tipodoc=1)
    assert reply.status == 202, reply.body
    assert reply.body["estado"] == "pendiente" and reply.body["proximo_intento"]
    assert reply.body["detalle"].startswith(code)
    nothing_is_lost()
    assert call("factura-editar", factura_id=factura, factura_observaciones="x").body["codigo"] == 13
    submission = run_worker_until_final(app, factura)
    assert submission.state == "aceptado" and submission.attempts == 2
    assert peer.sent(STEM) == 2 and list(peer.registered) == [STEM]

@pytest.mark.parametrize("mode", ["timeout", "drop"])
def test_after_no_answer_the_worker_reconciles_without_renumbering(app, call, factura, peer, mode):
    """SUNAT registered the document but we never heard: the resend gets 1033 and its CDR is fetched."""
    peer.then(mode)
    reply = call("fesunat-enviar", id=factura, tipodoc=1)
    assert reply.status == 202 and reply.body["estado"] == "pendiente"
    nothing_is_lost()
    submission = run_worker_until_final(app, factura)
    assert submission.state == "aceptado"
    assert list(peer.registered) == [STEM], "registered once at SUNAT"
    assert [op for op, key, _ in peer.received if key == STEM] == ["sendBill", "sendBill", "getStatusCdr"]
    consult = call("fesunat-consultar", id=factura, tipodoc=1)
    assert [a["resultado"] for a in consult.body["intentos"]] == ["retry", "aceptado"]
    assert consult.body["intentos"][1]["operacion"] == "getStatusCdr"
    with db.connection_context():
        assert Document.get_by_id(factura).number == 1

def test_a_document_sunat_already_has_is_reconciled_at_once(call, factura, peer):
    peer.registered[STEM] = peer.cdr(STEM, "F001-00000001", "0", "La Factura numero F001-00000001, ha sido aceptada")
    reply = call("fesunat-enviar", id=factura, tipodoc=1)
    assert reply.status == 200 and reply.body["estado"] == "aceptado"

def test_refused_credentials_are_42_and_the_document_waits(app, call, factura, peer, issuer):
    with db.connection_context():
        Issuer.update(sol_password="wrong").where(Issuer.id == issuer.id).execute()
    reply = call("fesunat-enviar", id=factura, tipodoc=1)
    assert (reply.status, reply.body["codigo"]) == (502, 42)
    assert reply.body["codigo_sunat"] == "0102" and reply.body["estado"] == "pendiente"
    assert "wrong" not in str(reply.body)
    nothing_is_lost()
    with db.connection_context():
        Issuer.update(sol_password="moddatos").where(Issuer.id == issuer.id).execute()
    assert run_worker_until_final(app, factura).state == "aceptado", "fixed credentials: it goes through"

def test_what_cannot_be_sent(call, shop, issuer, factura):
    nota = call("nota-nuevo", **shop.sale()).body
    reply = call("fesunat-enviar", id=int(nota["id"]), tipodoc=3)
    assert (reply.status, reply.body["codigo"]) == (409, 13)
    assert "nota de venta no es un comprobante electrónico" in reply.body["error"]
    assert call("fesunat-enviar", id=factura, tipodoc=2).body["codigo"] == 12, "tipodoc must match the id"
    call("factura-eliminar", factura_id=factura)
    assert call("fesunat-enviar", id=factura, tipodoc=1).body["codigo"] == 13

def test_without_an_issuer_the_answer_says_what_to_configure(call, shop):
    created = call("factura-nuevo", **shop.sale())
    reply = call("fesunat-enviar", id=int(created.body["id"]), tipodoc=1)
    assert (reply.status, reply.body["codigo"]) == (409, 13)
    assert "no tiene configurada la facturación electrónica" in reply.body["error"]

def test_create_and_send_in_one_call(call, shop, issuer, peer):
    reply = call("factura-nuevo", enviar_sunat=True, **shop.sale())
    assert reply.status == 201 and reply.body["numero"] == "F001-00000001"
    assert reply.body["sunat"]["estado"] == "aceptado" and reply.body["sunat"]["http"] == 200
    peer.then("reject:2800")
    rejected = call("factura-nuevo", enviar_sunat=True, **shop.sale())
    assert rejected.status == 201 and rejected.body["sunat"]["codigo"] == 41
    nota = call("nota-nuevo", enviar_sunat=True, **shop.sale())
    assert nota.body["campos"] == {"enviar_sunat": ["Una nota de venta no se envía a SUNAT."]}

def test_consultar_shows_state_attempts_and_files(call, factura, peer):
    before = call("fesunat-consultar", id=factura, tipodoc=1)
    assert {k: before.body[k] for k in ("id", "numero", "estado", "enviado", "en_cola", "intentos", "resumenes")} == {
        "id": factura, "numero": "F001-00000001", "estado": "pendiente", "enviado": False, "en_cola": True,
        "intentos": [], "resumenes": []}, "queued on creation (the issuer's default), not sent yet"
    issued = lima_today()  # the fixture's date: SUNAT takes a baja for 7 days, the document itself for 3
    assert before.body["plazo_baja"]["fecha_limite"] == (issued + datetime.timedelta(days=7)).isoformat()
    assert before.body["plazo_envio"] == {"fecha_limite": (issued + datetime.timedelta(days=3)).isoformat(),
                                          "dias_restantes": 3}
    call("fesunat-enviar", id=factura, tipodoc=1)
    reply = call("fesunat-consultar", id=factura, tipodoc=1, incluir_archivos=True)
    assert reply.body["estado"] == "aceptado" and reply.body["archivo"] == f"{STEM}.xml"
    assert reply.body["plazo_envio"] is None, "SUNAT decided: no sending deadline left to watch"
    assert base64.b64decode(reply.body["xml_base64"]).startswith(b"<?xml")
    assert zipfile.ZipFile(io.BytesIO(base64.b64decode(reply.body["cdr_base64"]))).namelist()[1] == f"R-{STEM}.xml"
    assert [a["resultado"] for a in reply.body["intentos"]] == ["aceptado"]
    assert "xml_base64" not in call("fesunat-consultar", id=factura, tipodoc=1).body
