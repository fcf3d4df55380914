"""Friendly SUNAT errors (`solucion`) and the issuer's health: certificate, SOL, expiry (code 42)."""

import logging
import re

from models import Issuer
from models import Submission
from models.base import db
from sunat.certificates import self_signed
from sunat.solutions import SOLUTIONS
from tests.sunat_reference import SUNAT_DIR
from tests.test_sunat_delivery import RUC
from tests.test_sunat_delivery import app  # noqa: F401 (fixtures)
from tests.test_sunat_delivery import certificate  # noqa: F401
from tests.test_sunat_delivery import factura  # noqa: F401
from tests.test_sunat_delivery import issuer  # noqa: F401
from tests.test_sunat_delivery import peer  # noqa: F401


def test_every_mapped_code_is_in_sunats_catalogue():
    listed = set(re.findall(r'code="(\d{4})"', (SUNAT_DIR / "codes" / "greenter-CodeErrors.xml").read_text("utf-8-sig")))
    catalogue = set(re.findall(r'numero="(\d{4})"', (SUNAT_DIR / "xsl" / "commons" / "cpe" / "catalogo"
                                                    / "CatalogoErrores.xml").read_text("utf-8", errors="replace")))
    missing = [code for code in SOLUTIONS if code not in listed and code not in catalogue]
    assert missing == []
    assert len(SOLUTIONS) >= 25
    assert all(text.strip() and text[0].isupper() for text in SOLUTIONS.values())


def test_a_rejection_says_what_to_do(call, factura, peer):  # noqa: F811
    peer.then("reject:2800")
    reply = call("fesunat-enviar", id=factura, tipodoc=1)
    assert (reply.status, reply.body["codigo"], reply.body["solucion"]) == (422, 41, SOLUTIONS["2800"])
    asked = call("fesunat-consultar", id=factura, tipodoc=1)
    assert asked.body["solucion"] == SOLUTIONS["2800"]


def test_refused_credentials_say_what_to_do(call, factura, peer, issuer):  # noqa: F811
    with db.connection_context():
        Issuer.update(sol_password="wrong").where(Issuer.id == issuer.id).execute()
    reply = call("fesunat-enviar", id=factura, tipodoc=1)
    assert (reply.status, reply.body["codigo"], reply.body["solucion"]) == (502, 42, SOLUTIONS["0102"])
    state = call("fesunat-estado").body
    assert (state["ultimo_envio"]["codigo"], state["ultimo_envio"]["resultado"], state["pendientes"]) == (
        "0102", "refused", 1)


def test_an_observation_says_what_to_do(call, factura, peer):  # noqa: F811
    peer.then("observe")
    reply = call("fesunat-enviar", id=factura, tipodoc=1)
    assert reply.body["observaciones"][0]["solucion"] == SOLUTIONS["4287"]


def test_fesunat_estado_reports_the_certificate(call, issuer):  # noqa: F811
    state = call("fesunat-estado").body
    certificate = state["certificado"]
    assert (state["ruc"], certificate["ruc_coincide"], certificate["vencido"], certificate["por_vencer"]) == (
        RUC, True, False, False)
    assert 363 <= certificate["dias_para_vencer"] <= 365 and RUC in certificate["sujeto"]
    assert state["ultimo_envio"] is None and state["pendientes"] == 0


def test_a_certificate_that_names_another_ruc_shows(call, issuer):  # noqa: F811
    key_pem, cert_pem = self_signed("20100070970", "OTRA EMPRESA S.A.")
    with db.connection_context():
        Issuer.update(private_key_pem=key_pem, certificate_pem=cert_pem).where(Issuer.id == issuer.id).execute()
    assert call("fesunat-estado").body["certificado"]["ruc_coincide"] is False


def test_an_expired_certificate_never_signs(call, factura, peer, issuer):  # noqa: F811
    key_pem, cert_pem = self_signed(RUC, "EMPRESA DEMO S.A.C.", days=0)  # ended five minutes ago
    with db.connection_context():
        Issuer.update(private_key_pem=key_pem, certificate_pem=cert_pem).where(Issuer.id == issuer.id).execute()
    reply = call("fesunat-enviar", id=factura, tipodoc=1)
    assert (reply.status, reply.body["codigo"]) == (502, 42)
    assert "venció" in reply.body["error"] and reply.body["certificado"]["vencido"] is True
    assert "solucion" in reply.body
    with db.connection_context():
        assert Submission.select().count() == 0, "nothing was signed"
    assert peer.received == []
    assert call("fesunat-estado").body["certificado"]["dias_para_vencer"] < 0


def test_a_certificate_near_its_end_warns(call, factura, peer, issuer, caplog):  # noqa: F811
    key_pem, cert_pem = self_signed(RUC, "EMPRESA DEMO S.A.C.", days=10)
    with db.connection_context():
        Issuer.update(private_key_pem=key_pem, certificate_pem=cert_pem).where(Issuer.id == issuer.id).execute()
    with caplog.at_level(logging.WARNING, logger="gateway.sunat"):
        assert call("fesunat-enviar", id=factura, tipodoc=1).status == 200
    assert any("expires in 9 days" in record.getMessage() for record in caplog.records)
    assert call("fesunat-estado").body["certificado"]["por_vencer"] is True


def test_fesunat_estado_without_an_issuer_is_13(call):
    assert call("fesunat-estado").body["codigo"] == 13


def test_issuer_show_reports_the_certificate_and_the_last_exchange(app, call, factura, peer, issuer):  # noqa: F811
    assert call("fesunat-enviar", id=factura, tipodoc=1).status == 200
    output = app.test_cli_runner().invoke(args=["issuer", "show", "--company", str(issuer.company_id)]).output
    assert "certificado: RUC: coincide" in output
    assert re.search(r"certificado: vence: \d{4}-\d\d-\d\d \(36\d días, vigente\)", output), output
    assert re.search(r"último envío a SUNAT: .* sendBill aceptado 0", output), output
