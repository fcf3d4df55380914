"""The SUNAT worker: queued on creation, a bounded pool, never twice across processes, woken at once,
everything due again when SUNAT answers after an outage, refused sends at the longest interval, and a
beta 1033 handed to a person instead of retried forever."""

import datetime
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from app import create_app
from domain.clock import utc_now
from models import Document
from models import Issuer
from models import Submission
from models import create_tables
from models.base import db
from sunat import worker
from tests.live_server import ROOT
from tests.sunat_issuer import RUC
from tests.sunat_issuer import issuer_for
from tests.sunat_peer import SunatPeer


@pytest.fixture
def app(database_url):
    app = create_app({"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING", "SUNAT_RETRY_BASE_SECONDS": 0.05,
                      "SUNAT_RETRY_MAX_SECONDS": 0.2, "SUNAT_WORKER_POLL_SECONDS": 30.0})
    create_tables()
    yield app
    db.close_all()


@pytest.fixture
def peer():
    peer = SunatPeer(f"{RUC}MODDATOS", "moddatos", timeout_delay=1.0)
    yield peer
    peer.stop()


@pytest.fixture
def issuer(tenant, peer):
    return issuer_for(tenant.company.id, peer)


def stem(n):
    return f"{RUC}-01-F001-{n:08d}"


def states():
    with db.connection_context():
        return {d.number: d.sunat_state for d in Document.select()}


def test_documents_are_queued_on_creation_and_sent_by_the_pool(app, call, shop, issuer, peer):
    peer.latency, peer.validate = 0.2, False
    for _ in range(12):
        assert call("factura-nuevo", **shop.sale()).body["estado_sunat"] == "pendiente"
    sent = worker.Worker(app.config, pool_size=6).run(threading.Event(), until_idle=True)
    assert sent == 12 and set(states().values()) == {"aceptado"}
    assert all(peer.sent(stem(n)) == 1 for n in range(1, 13))
    assert 2 <= peer.most_at_once <= 6, "several at a time, never more than the pool"


def test_a_company_that_queues_only_when_asked(app, call, shop, issuer, peer):
    with db.connection_context():
        Issuer.update(send_on_creation=False).execute()
    created = call("factura-nuevo", **shop.sale()).body
    assert created["estado_sunat"] == "no_enviado"
    worker.run_once(app.config)
    assert peer.received == [], "nobody queued it"
    consult = call("fesunat-consultar", id=int(created["id"]), tipodoc=1).body
    assert (consult["estado"], consult["en_cola"], consult["enviado"]) == ("no_enviado", False, False)
    assert call("fesunat-enviar", id=int(created["id"]), tipodoc=1).body["estado"] == "aceptado"


def test_an_unsent_queued_document_can_still_be_edited_or_deleted(app, call, shop, issuer, peer):
    first = int(call("factura-nuevo", **shop.sale()).body["id"])
    second = int(call("factura-nuevo", **shop.sale()).body["id"])
    assert call("factura-editar", factura_id=first, detalle=[{"cod_num": 1001, "cantidad": 3}]).status == 200
    assert call("factura-eliminar", factura_id=second).status == 200
    worker.run_once(app.config)
    assert peer.sent(stem(1)) == 1 and peer.sent(stem(2)) == 0, "the deleted one left the queue"
    with db.connection_context():
        submission = Submission.get(Submission.document == first)
    assert submission.state == "aceptado"
    assert b'unitCode="NIU" unitCodeListID="UN/ECE rec 20" unitCodeListAgencyName="United Nations Economic ' \
           b'Commission for Europe">3</cbc:InvoicedQuantity>' in bytes(submission.signed_xml), "signed as edited"


def test_two_worker_processes_never_send_a_document_twice(app, call, shop, issuer, peer, database_url):
    peer.latency, peer.validate = 0.05, False
    for _ in range(40):
        call("factura-nuevo", **shop.sale())
    env = {**os.environ, "GATEWAY_DATABASE_URL": database_url, "GATEWAY_SUNAT_WORKER_POOL": "8",
           "GATEWAY_LOG_LEVEL": "WARNING", "GATEWAY_SUNAT_WORKER_POLL_SECONDS": "0.5"}
    workers = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "sunat-worker"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(2)]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and set(states().values()) != {"aceptado"}:
            time.sleep(0.3)
    finally:
        for process in workers:
            process.send_signal(signal.SIGKILL)
            process.wait()
    assert set(states().values()) == {"aceptado"}
    assert [peer.sent(stem(n)) for n in range(1, 41)] == [1] * 40


def test_the_worker_wakes_when_a_document_is_queued(app, call, shop, issuer, peer):
    stop = threading.Event()
    running = threading.Thread(target=worker.Worker(app.config, pool_size=2).run, args=(stop,))
    running.start()
    try:
        time.sleep(0.5)  # asleep: nothing due, the poll is 30 s
        call("factura-nuevo", **shop.sale())
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and peer.sent(stem(1)) == 0:
            time.sleep(0.05)
        assert peer.sent(stem(1)) == 1, "woken by the queueing, not by its 30 s poll"
    finally:
        stop.set()
        running.join()


def test_when_sunat_answers_again_everything_waiting_on_it_is_due_at_once(app, call, shop, issuer, peer):
    for _ in range(3):
        call("factura-nuevo", **shop.sale())
    peer.then("fault:0109", "fault:0109", "fault:0109")
    worker.run_once(app.config)
    later = utc_now() + datetime.timedelta(minutes=30)
    with db.connection_context():
        assert Submission.select().where(Submission.waiting_on_sunat).count() == 3
        Submission.update(next_attempt_at=later).execute()  # as after a long outage's backoff
    call("factura-nuevo", **shop.sale())
    worker.run_once(app.config)  # the new one goes through: SUNAT answers again
    with db.connection_context():
        due = Submission.select().where((Submission.state == "pendiente") & (Submission.next_attempt_at <= utc_now()))
        assert due.count() == 3, "not idle until their backoff ends"
    worker.run_once(app.config)
    assert set(states().values()) == {"aceptado"}


def test_refused_sends_wait_the_longest_interval(app, call, shop, issuer, peer):
    with db.connection_context():
        Issuer.update(sol_password="wrong").execute()
    document = int(call("factura-nuevo", **shop.sale()).body["id"])
    before = utc_now()
    worker.run_once(app.config)
    with db.connection_context():
        submission = Submission.get(Submission.document == document)
    assert submission.state == "pendiente" and submission.last_error.startswith("0102")
    assert submission.next_attempt_at >= before + datetime.timedelta(seconds=app.config["SUNAT_RETRY_MAX_SECONDS"])
    assert not submission.waiting_on_sunat


def test_a_beta_1033_is_handed_to_a_person_not_retried_against_production(app, call, shop, tenant, peer):
    beta = issuer_for(tenant.company.id, peer)
    with db.connection_context():
        Issuer.update(environment="beta", consult_url="").where(Issuer.id == beta.id).execute()
        assert Issuer.get_by_id(beta.id).consult_service_url == ""
    peer.registered[stem(1)] = b"already there"
    document = int(call("factura-nuevo", **shop.sale()).body["id"])
    worker.run_once(app.config)
    worker.run_once(app.config)
    with db.connection_context():
        submission = Submission.get(Submission.document == document)
    assert submission.next_attempt_at is None and "beta" in submission.last_error
    assert submission.last_error.startswith("1033")
    assert peer.sent(stem(1)) == 1 and not any(op == "getStatusCdr" for op, _, _ in peer.received)
    consult = call("fesunat-consultar", id=document, tipodoc=1).body
    assert consult["proximo_intento"] is None and "no se reintenta solo" in consult["detalle"]


def test_the_peer_is_safe_under_concurrent_cold_calls(app, call, shop, tenant):
    """Six first sends at once to a fresh peer process: SUNAT's schemas load once, under a lock, and every
    call is validated and answered (it used to fail with XMLSchemaParseError and drop every later call)."""
    process = subprocess.Popen([sys.executable, "-m", "tests.sunat_peer"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        issuer = issuer_for(tenant.company.id, type("Peer", (), {"url": url})())
        with db.connection_context():  # loading SUNAT's schemas cold takes seconds: wait for the answer
            Issuer.update(read_timeout=60).where(Issuer.id == issuer.id).execute()
        for _ in range(6):
            call("factura-nuevo", **shop.sale())
        worker.Worker(app.config, pool_size=6).run(threading.Event(), until_idle=True)
        assert set(states().values()) == {"aceptado"}
    finally:
        process.send_signal(signal.SIGINT)
        summary = process.communicate(timeout=10)[0]
    assert "sendBill 6, documents received more than once 0" in summary
