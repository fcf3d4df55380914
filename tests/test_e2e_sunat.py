"""End to end over HTTP: gunicorn, the local SUNAT peer, and the retry worker as its own process."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models import Issuer
from models.base import db
from sunat.certificates import self_signed
from tests.live_server import ROOT
from tests.live_server import LiveServer
from tests.sunat_peer import SunatPeer

pytestmark = pytest.mark.e2e
RUC = "20000000001"


@pytest.fixture
def peer():
    peer = SunatPeer(f"{RUC}MODDATOS", "moddatos")
    yield peer
    peer.stop()


def test_documents_are_sent_accepted_and_kept_over_http(app, database_url, tenant, shop, peer):
    key_pem, cert_pem = self_signed(RUC, "EMPRESA DEMO S.A.C.")
    with db.connection_context():
        Issuer.create(company=tenant.company.id, ruc=RUC, razon_social="EMPRESA DEMO S.A.C.", address_line="AV. LIMA 1",
                      ubigeo="150101", department="LIMA", province="LIMA", district="LIMA", sol_user="MODDATOS",
                      sol_password="moddatos", private_key_pem=key_pem, certificate_pem=cert_pem,
                      environment="personalizado", service_url=peer.url, consult_url=peer.url, read_timeout=2)
    db.close_all()
    fast_retries = {"GATEWAY_SUNAT_RETRY_BASE_SECONDS": "0.2", "GATEWAY_SUNAT_RETRY_MAX_SECONDS": "1",
                    "GATEWAY_SUNAT_WORKER_POLL_SECONDS": "0.2"}
    server = LiveServer(database_url, workers=2, extra_env=fast_retries)
    worker = None
    try:
        factura = server.post(tenant.key, {"action": "factura-nuevo", **shop.sale()}).json()
        boleta = server.post(tenant.key, {"action": "boleta-nuevo", **shop.sale(client="dni")}).json()
        for document, tipodoc, words in ((factura, 1, "La Factura numero F001-00000001"),
                                         (boleta, 2, "La Boleta de Venta numero B001-00000001")):
            sent = server.post(tenant.key, {"action": "fesunat-enviar", "id": int(document["id"]), "tipodoc": tipodoc})
            assert sent.status_code == 200, sent.text
            assert sent.json()["respuesta"].startswith(words) and sent.json()["estado"] == "aceptado"

        peer.then("drop")
        lost = server.post(tenant.key, {"action": "factura-nuevo", **shop.sale()}).json()
        pending = server.post(tenant.key, {"action": "fesunat-enviar", "id": int(lost["id"]), "tipodoc": 1})
        assert pending.status_code == 202 and pending.json()["estado"] == "pendiente"

        env = {**os.environ, "GATEWAY_DATABASE_URL": database_url, "GATEWAY_LOG_LEVEL": "WARNING", **fast_retries}
        flask = Path(sys.executable).with_name("flask")
        worker = subprocess.Popen([str(flask), "--app", "app", "sunat-worker"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # The worker's own start (importing the app) can take many seconds on a loaded machine: wait by
        # the clock, not by a count of polls.
        state, deadline = None, time.monotonic() + 90
        while time.monotonic() < deadline:
            consult = server.post(tenant.key, {"action": "fesunat-consultar", "id": int(lost["id"]), "tipodoc": 1})
            state = consult.json()["estado"]
            if state != "pendiente":
                break
            time.sleep(0.2)
        assert state == "aceptado"
        assert sorted(peer.registered) == [f"{RUC}-01-F001-00000001", f"{RUC}-01-F001-00000002",
                                           f"{RUC}-03-B001-00000001"], "each registered once"
        stored = server.post(tenant.key, {"action": "fesunat-consultar", "id": int(lost["id"]), "tipodoc": 1,
                                          "incluir_archivos": True}).json()
        assert stored["cdr_base64"] and stored["xml_base64"]
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)
        server.stop()
