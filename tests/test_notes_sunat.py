"""Notes travel to SUNAT (the local peer, which runs SUNAT's NC/ND rules) once the document they modify was
accepted; the peer rejects a note on a document it never accepted, as SUNAT does (2119, 2209)."""

import base64

import pytest

from models import Document
from models import Submission
from models.base import db
from tests.pdf_reading import text as pdf_text
from tests.sunat_issuer import RUC
from tests.sunat_issuer import issuer_for
from tests.sunat_peer import SunatPeer


@pytest.fixture
def peer():
    peer = SunatPeer(f"{RUC}MODDATOS", "moddatos")
    yield peer
    peer.stop()


@pytest.fixture
def issuer(tenant, peer):
    return issuer_for(tenant.company.id, peer)


@pytest.fixture
def factura(call, shop, issuer):
    reply = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 2}]))
    assert reply.status == 201
    return reply.body


def credit(call, document, **fields):
    fields = {"nota_motivo_codigo": "07", "nota_motivo": "Devolución de una unidad",
              "detalle": [{"cod_num": 1001, "cantidad": 1}], **fields}
    reply = call("notacredito-nuevo", nota_documento_id=int(document["id"]), **fields)
    assert reply.status == 201, reply.body
    return reply.body


def test_a_note_waits_for_its_document_then_is_accepted(call, factura, peer):
    note = credit(call, factura)
    waiting = call("fesunat-enviar", id=int(note["id"]), tipodoc=4)
    assert (waiting.status, waiting.body["codigo"]) == (409, 13)
    assert "F001-00000001" in waiting.body["error"] and "aún no aceptó" in waiting.body["error"]
    assert "fesunat-enviar (tipodoc 1)" in waiting.body["error"]
    assert peer.received == []

    assert call("fesunat-enviar", id=int(factura["id"]), tipodoc=1).status == 200
    sent = call("fesunat-enviar", id=int(note["id"]), tipodoc=4)
    assert sent.status == 200, sent.body
    assert sent.body["respuesta"] == "La Nota de Credito numero FC01-00000001, ha sido aceptada"
    assert sent.body["estado"] == "aceptado" and sent.body["numero"] == "FC01-00000001"
    assert sent.body["cadena_para_codigo_qr"].startswith(f"{RUC}|07|FC01|00000001|")
    consulted = call("fesunat-consultar", id=int(note["id"]), tipodoc=4, incluir_archivos=True)
    assert consulted.body["estado"] == "aceptado" and consulted.body["archivo"] == f"{RUC}-07-FC01-00000001.xml"
    assert b"<cbc:ResponseCode" in base64.b64decode(consulted.body["xml_base64"])

    for action in ("notacredito-editar", "notacredito-eliminar"):
        frozen = call(action, factura_id=int(note["id"]), nota_motivo="otro")
        assert (frozen.status, frozen.body["codigo"]) == (409, 13), action


def test_a_debit_note_on_a_boleta_travels_by_sendbill(call, shop, issuer, peer):
    boleta = call("boleta-nuevo", **shop.sale(client="dni")).body
    assert call("fesunat-enviar", id=int(boleta["id"]), tipodoc=2).status == 200
    note = call("notadebito-nuevo", nota_documento_id=int(boleta["id"]), nota_motivo_codigo="01",
                nota_motivo="Intereses", detalle=[{"cod_num": 1003, "precio_unit": "3.54"}]).body
    sent = call("fesunat-enviar", id=int(note["id"]), tipodoc=5)
    assert sent.status == 200 and sent.body["respuesta"].startswith("La Nota de Debito numero BD01-00000001"), sent.body
    assert peer.sent(f"{RUC}-08-BD01-00000001") == 1


def test_the_peer_rejects_a_note_whose_document_it_never_accepted(call, factura, peer):
    note = credit(call, factura)
    with db.connection_context():  # as if the factura had been accepted somewhere SUNAT never heard of
        Document.update(sunat_state="aceptado").where(Document.id == int(factura["id"])).execute()
    rejected = call("fesunat-enviar", id=int(note["id"]), tipodoc=4)
    assert (rejected.status, rejected.body["codigo"]) == (422, 41), rejected.body
    assert rejected.body["codigo_sunat"] == "2119" and "no esta registrada" in rejected.body["descripcion_sunat"]
    # A rejected note's amount is never applied: the factura owes its total again.
    assert call("factura-listar", factura_id=int(factura["id"])).body[0]["saldo"] == factura["total"]


def test_a_note_on_a_rejected_document_is_refused_and_says_why(call, factura, peer):
    peer.then("reject:2800")
    assert call("fesunat-enviar", id=int(factura["id"]), tipodoc=1).status == 422
    refused = call("notacredito-nuevo", nota_documento_id=int(factura["id"]), nota_motivo_codigo="01", nota_motivo="x")
    assert (refused.status, refused.body["codigo"]) == (409, 13) and "rechazó" in refused.body["error"]


def test_a_notes_printout_names_the_document_it_modifies_and_why(call, factura):
    note = credit(call, factura)
    printed = call("comprobante-pdf", id=int(note["id"]), tipodoc=4)
    assert printed.status == 200, printed.body
    assert printed.body["nombre"] == f"{RUC}-07-FC01-00000001.pdf"
    text = pdf_text(base64.b64decode(printed.body["pdf"]))
    assert "NOTA DE CRÉDITO ELECTRÓNICA" in text
    assert "Documento que modifica: FACTURA ELECTRÓNICA F001-00000001" in text
    assert "Motivo: 07 Devolución de una unidad" in text
    with db.connection_context():  # printing signed it, as fesunat-enviar would
        assert Submission.get_or_none(Submission.document == int(note["id"])) is not None
