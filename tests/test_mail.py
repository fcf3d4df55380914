"""comprobante-enviar-correo and the automatic e-mail, against a real SMTP server on loopback."""

import base64
import email
import email.policy
import time

import pytest

from models import Mail
from models.base import db
from notifications import worker
from tests.live_server import free_port
from tests.smtp_server import SmtpServer
from tests.sunat_issuer import RUC
from tests.sunat_issuer import issuer_for
from tests.sunat_peer import SunatPeer


@pytest.fixture
def peer():
    peer = SunatPeer(f"{RUC}MODDATOS", "moddatos")
    yield peer
    peer.stop()


@pytest.fixture
def accepted(call, shop, tenant, peer):
    """A factura SUNAT accepted: its id."""
    issuer_for(tenant.company.id, peer)
    created = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 2}]))
    sent = call("fesunat-enviar", id=int(created.body["id"]), tipodoc=1)
    assert sent.status == 200 and sent.body["estado"] == "aceptado", sent.body
    return int(created.body["id"])


@pytest.fixture
def fast(app):
    app.config.update(MAIL_RETRY_BASE_SECONDS=0.05, MAIL_RETRY_MAX_SECONDS=0.1, SMTP_TIMEOUT_SECONDS=3)
    return app.config


def received(server):
    return [(sender, recipients, email.message_from_bytes(raw, policy=email.policy.default), tls)
            for sender, recipients, raw, tls in server.messages]


def attachments(message):
    return {part.get_filename(): (part.get_content_type(), part.get_payload(decode=True))
            for part in message.iter_attachments()}


@pytest.mark.parametrize("security", [None, "starttls", "ssl"])
def test_the_mail_carries_the_stored_pdf_xml_and_cdr_byte_for_byte(call, accepted, fast, tmp_path, security):
    server = SmtpServer(tmp_path, security)
    try:
        fast.update(SMTP_URL=server.url, SMTP_CA_FILE=server.ca_file)
        queued = call("comprobante-enviar-correo", id=accepted, tipodoc=1)
        assert queued.status == 202 and queued.body["estado"] == "pendiente", queued.body
        assert queued.body["respuesta"] == "El correo se enviará a juan.perez@empresasac.pe"
        assert worker.run_once(fast)[1] == 1
        [(sender, recipients, message, tls)] = received(server)
    finally:
        server.stop()
    assert recipients == ["juan.perez@empresasac.pe"] and tls == (security is not None)
    assert message["Subject"] == "FACTURA ELECTRÓNICA F001-00000001 - EMPRESA DEMO S.A.C."
    body = message.get_body(("plain",)).get_content()
    assert "le envía su FACTURA ELECTRÓNICA F001-00000001" in body and "/cpe/" in body
    files = call("fesunat-consultar", id=accepted, tipodoc=1, incluir_archivos=True).body
    pdf = base64.b64decode(call("comprobante-pdf", id=accepted, tipodoc=1).body["pdf"])
    stem = f"{RUC}-01-F001-00000001"
    assert attachments(message) == {
        f"{stem}.pdf": ("application/pdf", pdf),
        f"{stem}.xml": ("application/xml", base64.b64decode(files["xml_base64"])),
        f"R-{stem}.zip": ("application/zip", base64.b64decode(files["cdr_base64"])),
    }
    state = call("comprobante-consultar", id=accepted, tipodoc=1).body
    [mailed] = state["correos"]
    assert mailed["estado"] == "enviado" and [a["resultado"] for a in mailed["intentos"]] == ["enviado"]
    assert [event["tipo"] for event in state["eventos"]] == ["comprobante.aceptado", "correo.enviado"]


def test_with_the_server_down_the_mail_is_retried_then_delivered(call, accepted, fast, tmp_path, shop):
    port = free_port()
    fast.update(SMTP_URL=f"smtp://127.0.0.1:{port}")
    assert call("comprobante-enviar-correo", id=accepted, tipodoc=1, correos="a@b.pe; c@d.pe").status == 202
    worker.run_once(fast)
    assert call("factura-nuevo", **shop.sale()).status == 201, "a failing mail server never blocks a sale"
    [pending] = call("comprobante-consultar", id=accepted, tipodoc=1).body["correos"]
    assert pending["estado"] == "pendiente" and pending["intentos"][0]["resultado"] == "reintento"
    assert "ConnectionRefusedError" in pending["intentos"][0]["mensaje"] and pending["proximo_intento"]
    server = SmtpServer(tmp_path, port=port)
    try:
        for _ in range(40):
            time.sleep(0.1)
            worker.run_once(fast)
            if server.messages:
                break
        [(_, recipients, _, _)] = received(server)
    finally:
        server.stop()
    assert recipients == ["a@b.pe", "c@d.pe"]
    [sent] = call("comprobante-consultar", id=accepted, tipodoc=1).body["correos"]
    assert sent["estado"] == "enviado" and [a["resultado"] for a in sent["intentos"]][-1] == "enviado"
    assert len(sent["intentos"]) >= 2


def test_a_refused_recipient_fails_at_once_and_says_why(call, accepted, fast, tmp_path):
    server = SmtpServer(tmp_path)
    server.keeper.refuse = "550 5.1.1 Buzón inexistente"
    try:
        fast.update(SMTP_URL=server.url)
        call("comprobante-enviar-correo", id=accepted, tipodoc=1, correos=["nadie@empresasac.pe"])
        worker.run_once(fast)
    finally:
        server.stop()
    state = call("comprobante-consultar", id=accepted, tipodoc=1).body
    [failed] = state["correos"]
    assert failed["estado"] == "fallido" and "550" in failed["intentos"][0]["mensaje"]
    assert state["eventos"][-1]["tipo"] == "correo.fallido"


def test_a_company_that_mails_automatically_mails_each_accepted_document(app, call, shop, tenant, peer, fast,
                                                                          tmp_path):
    result = app.test_cli_runner().invoke(args=["mail", "set", "--company", str(tenant.company.id), "--automatic",
                                                "--from", "Ventas <ventas@demo.pe>", "--bcc", "copia@demo.pe"])
    assert result.exit_code == 0, result.output
    issuer_for(tenant.company.id, peer)
    server = SmtpServer(tmp_path)
    try:
        fast.update(SMTP_URL=server.url)
        created = call("factura-nuevo", **shop.sale())
        assert call("fesunat-enviar", id=int(created.body["id"]), tipodoc=1).status == 200
        worker.run_once(fast)  # dispatches the acceptance, which queues the mail
        worker.run_once(fast)
        [(sender, recipients, message, _)] = received(server)
    finally:
        server.stop()
    assert sender == "ventas@demo.pe" and message["From"] == "Ventas <ventas@demo.pe>"
    assert recipients == ["juan.perez@empresasac.pe", "copia@demo.pe"] and "copia@demo.pe" not in str(message)
    with db.connection_context():
        assert Mail.get().origin == "automatico"


def test_wrong_addresses_and_annulled_documents_are_refused(call, shop, tenant, peer):
    issuer_for(tenant.company.id, peer)
    created = call("factura-nuevo", **shop.sale())
    bad = call("comprobante-enviar-correo", id=int(created.body["id"]), tipodoc=1, correos="juan@, x")
    assert (bad.status, bad.body["codigo"]) == (400, 11) and "correos" in bad.body["campos"]
    call("factura-eliminar", factura_id=int(created.body["id"]))
    annulled = call("comprobante-enviar-correo", id=int(created.body["id"]), tipodoc=1)
    assert (annulled.status, annulled.body["codigo"]) == (409, 13)
