"""Two gateway nodes (two gunicorn masters on different loopback ports) and two SUNAT workers on one
PostgreSQL: documents created across both nodes get gapless numbers and each reaches SUNAT once; a worker
SIGKILLed mid-send leaves its documents to the other once its lease ends, and nothing is registered twice."""

import concurrent.futures
import os
import signal
import subprocess
import sys
import time

import pytest
import requests
import simplejson

from models import Document
from models.base import db
from tests.live_server import ROOT
from tests.live_server import LiveServer
from tests.sunat_issuer import RUC
from tests.sunat_issuer import issuer_for
from tests.sunat_peer import SunatPeer

DOCUMENTS = int(os.environ.get("TWO_NODES_DOCUMENTS", "1000"))
POOL = 8


@pytest.fixture
def peer():
    peer = SunatPeer(f"{RUC}MODDATOS", "moddatos", validate=False, latency=0.03)
    yield peer
    peer.stop()


def numbers_and_states():
    with db.connection_context():
        return [(d.number, d.sunat_state) for d in Document.select().order_by(Document.number)]


@pytest.mark.e2e
def test_two_nodes_two_workers_deliver_each_document_once(app, database_url, call, shop, tenant, peer):
    if database_url.startswith("sqlite"):
        pytest.skip("several machines share a PostgreSQL; SQLite is one machine's database")
    issuer_for(tenant.company.id, peer)
    db.close_all()
    env = {"GATEWAY_SUNAT_WORKER_POOL": str(POOL), "GATEWAY_SUNAT_LEASE_SECONDS": "3",
           "GATEWAY_SUNAT_WORKER_POLL_SECONDS": "0.5", "GATEWAY_LOG_LEVEL": "WARNING"}
    nodes = [LiveServer(database_url, workers=2, extra_env=env) for _ in range(2)]
    workers = []
    try:
        sale = simplejson.dumps({"action": "factura-nuevo", **shop.sale()})

        def create(n):
            reply = requests.post(f"{nodes[n % 2].url}/api", data=sale, headers={"Key": tenant.key}, timeout=60)
            assert reply.status_code == 201, reply.text

        worker_env = {**os.environ, "GATEWAY_DATABASE_URL": database_url, **env}
        workers = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "sunat-worker"], cwd=ROOT,
                                    env=worker_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                   for _ in range(2)]
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(create, range(DOCUMENTS // 2)))
            # Kill one worker while sends are on the wire, half way through the day's sales.
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and peer.active < 1:
                time.sleep(0.005)
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait()
            list(pool.map(create, range(DOCUMENTS // 2, DOCUMENTS)))
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and {s for _, s in numbers_and_states()} != {"aceptado"}:
            time.sleep(0.5)
    finally:
        for process in workers:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
        for node in nodes:
            node.stop()
    rows = numbers_and_states()
    assert [number for number, _ in rows] == list(range(1, DOCUMENTS + 1)), "gapless, no duplicates"
    assert {state for _, state in rows} == {"aceptado"}
    sends = [peer.sent(f"{RUC}-01-F001-{n:08d}") for n in range(1, DOCUMENTS + 1)]
    assert min(sends) == 1 and len(peer.registered) == DOCUMENTS, "each registered once at SUNAT"
    # Only what the killed worker had on the wire went again, and SUNAT's 1033 reconciled it.
    resent = [n for n, count in enumerate(sends, start=1) if count > 1]
    assert max(sends) == 2 and len(resent) <= POOL, resent
    assert all(peer.counts[("getStatusCdr", f"{RUC}-01-F001-{n:08d}")] == 1 for n in resent)
