"""Idempotency-Key: a retried write changes nothing and gets the first answer byte for byte."""

import datetime
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import simplejson

from models import Document
from models import IdempotentAnswer
from models import Party
from models import StockMovement
from models.base import db
from tests import examples
from tests.live_server import LiveServer


def send(client, key, payload, idempotency_key=None):
    headers = {"Key": key}
    if idempotency_key is not None:
        headers["Idempotency-Key"] = idempotency_key
    return client.post("/api", data=simplejson.dumps(payload, use_decimal=True), headers=headers)


def counts():
    with db.connection_context():
        return (Document.select().count(), StockMovement.select().where(StockMovement.kind == "venta").count(),
                Party.select().count())


def test_a_retry_replays_the_first_answer_and_changes_nothing(client, tenant, shop):
    payload = {"action": "factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 3}])}
    first = send(client, tenant.key, payload, "venta-caja1-0001")
    assert first.status_code == 201
    before = counts()
    for _ in range(5):
        again = send(client, tenant.key, payload, "venta-caja1-0001")
        assert (again.status_code, again.data) == (first.status_code, first.data)
    assert counts() == before
    assert first.headers["X-Request-Id"] != again.headers["X-Request-Id"]


def test_the_same_json_in_another_spelling_is_the_same_request(client, tenant, shop):
    payload = {"action": "factura-nuevo", **shop.sale()}
    first = send(client, tenant.key, payload, "k1")
    reordered = simplejson.dumps(dict(reversed(list(payload.items()))), indent=2)
    again = client.post("/api", data=reordered, headers={"Key": tenant.key, "Idempotency-Key": "k1"})
    assert again.data == first.data


def test_the_same_key_with_another_body_is_14(client, tenant, shop):
    send(client, tenant.key, {"action": "factura-nuevo", **shop.sale()}, "k1")
    other = send(client, tenant.key, {"action": "factura-nuevo", **shop.sale(factura_estado=2)}, "k1")
    body = other.get_json()
    assert (other.status_code, body["codigo"]) == (422, 14)
    assert "se usó con otra solicitud (factura-nuevo)" in body["error"]


def test_keys_belong_to_a_company(client, tenant, other_tenant, shop):
    send(client, tenant.key, {"action": "factura-nuevo", **shop.sale()}, "k1")
    reply = send(client, other_tenant.key, examples.CLIENTE_NUEVO, "k1")
    assert reply.status_code == 201, "another company's key space is its own"


def test_without_the_header_every_request_counts(client, tenant, shop):
    payload = {"action": "factura-nuevo", **shop.sale()}
    numbers = [send(client, tenant.key, payload).get_json()["numero"] for _ in range(3)]
    assert numbers == ["F001-00000001", "F001-00000002", "F001-00000003"]


def test_a_failed_request_stores_nothing_and_its_retry_runs(client, tenant, shop):
    bad = {"action": "factura-nuevo", **shop.sale(detalle=[{"cod_num": 4242}])}
    assert send(client, tenant.key, bad, "k1").status_code == 400
    with db.connection_context():
        assert IdempotentAnswer.select().count() == 0
    good = send(client, tenant.key, {"action": "factura-nuevo", **shop.sale()}, "k1")
    assert good.status_code == 201


@pytest.mark.parametrize("bad_key", ["", "x" * 256, "tab\there", "ñandú"])
def test_a_malformed_key_is_11(client, tenant, bad_key):
    reply = client.post("/api", data=simplejson.dumps(examples.CLIENTE_NUEVO),
                        headers={"Key": tenant.key, "Idempotency-Key": bad_key.encode().decode("latin-1")})
    assert (reply.status_code, reply.get_json()["codigo"]) == (400, 11)


def test_reads_ignore_the_header(client, tenant, shop):
    assert send(client, tenant.key, {"action": "cliente-listar"}, "k1").status_code == 200
    assert send(client, tenant.key, {"action": "producto-listar"}, "k1").status_code == 200


def test_an_expired_answer_is_forgotten(client, tenant, shop):
    payload = {"action": "factura-nuevo", **shop.sale()}
    send(client, tenant.key, payload, "k1")
    with db.connection_context():
        IdempotentAnswer.update(expires_at=datetime.datetime(2000, 1, 1)).execute()
    assert send(client, tenant.key, payload, "k1").get_json()["numero"] == "F001-00000002"


def test_every_kind_of_write_honours_the_key(client, tenant, shop):
    client_id = shop.ruc_client
    writes = [
        {"action": "cliente-editar", "cliente_id": client_id, "cliente_nombre": "X"},
        {"action": "inventario-ingreso", "cod_num": 1001, "cantidad": 5},
        {"action": "producto-nuevo", "producto_nombre": "P", "producto_precio": 1},
        {"action": "nota-nuevo", **shop.sale()},
    ]
    for n, payload in enumerate(writes):
        first = send(client, tenant.key, payload, f"w{n}")
        assert first.status_code in (200, 201), first.get_json()
        assert send(client, tenant.key, payload, f"w{n}").data == first.data
    with db.connection_context():
        assert StockMovement.select().where(StockMovement.kind == "ingreso").count() == 3  # 2 in shop, 1 here


@pytest.fixture
def live(app, database_url):
    db.close_all()
    server = LiveServer(database_url, workers=4)
    yield server
    server.stop()


@pytest.mark.e2e
def test_500_retries_then_50_at_once_through_gunicorn_make_one_document(live, tenant, shop):
    payload = {"action": "factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 2}])}
    headers = {"Key": tenant.key, "Idempotency-Key": "pos-7-venta-123", "Content-Type": "application/json"}
    body = simplejson.dumps(payload)
    session = requests.Session()
    answers = [session.post(f"{live.url}/api", data=body, headers=headers, timeout=30) for _ in range(500)]
    local = threading.local()

    def concurrent(_):
        local.session = getattr(local, "session", None) or requests.Session()
        return local.session.post(f"{live.url}/api", data=body, headers=headers, timeout=30)

    with ThreadPoolExecutor(max_workers=25) as pool:
        answers += list(pool.map(concurrent, range(50)))
    statuses = {a.status_code for a in answers}
    assert statuses <= {201, 409}, statuses
    successes = {a.content for a in answers if a.status_code == 201}
    assert len(successes) == 1, "every 2xx answer identical"
    assert sum(a.status_code == 201 for a in answers) >= 500
    with db.connection_context():
        assert Document.select().count() == 1
        assert StockMovement.select().where(StockMovement.kind == "venta").count() == 1
        assert Document.get().number == 1


@pytest.mark.e2e
def test_a_worker_killed_mid_request_then_the_retry_makes_one_document(app, database_url, tenant, shop):
    """The test holds the database's write lock, so the request is caught mid-transaction; then its
    worker is SIGKILLed. The client's retry with the same key makes exactly one document, with no gap."""
    db.close_all()
    server = LiveServer(database_url, workers=4)
    holder = hold_write_lock(database_url, tenant)
    try:
        payload = {"action": "factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001}, {"cod_num": 1002}])}
        headers = {"Key": tenant.key, "Idempotency-Key": "killed-1", "Content-Type": "application/json"}
        outcome = {}

        def first_attempt():
            try:
                outcome["reply"] = requests.post(f"{server.url}/api", data=simplejson.dumps(payload),
                                                 headers=headers, timeout=30)
            except requests.RequestException as error:
                outcome["error"] = error

        thread = threading.Thread(target=first_attempt)
        thread.start()
        time.sleep(0.5)
        assert thread.is_alive(), "the request is waiting inside its transaction"
        for pid in children(server.process.pid):
            os.kill(pid, signal.SIGKILL)
        thread.join(timeout=30)
        assert "error" in outcome, "the first attempt died with its worker, unanswered"
        holder.release()
        server.wait_until_ready()
        retry = requests.post(f"{server.url}/api", data=simplejson.dumps(payload), headers=headers, timeout=30)
        assert retry.status_code == 201, retry.text
        assert retry.json()["numero"] == "F001-00000001"
        again = requests.post(f"{server.url}/api", data=simplejson.dumps(payload), headers=headers, timeout=30)
        assert again.content == retry.content
        with db.connection_context():
            assert Document.select().count() == 1
            assert StockMovement.select().where(StockMovement.kind == "venta").count() == 2
        after = requests.post(f"{server.url}/api", data=simplejson.dumps({**payload, "factura_estado": 2}),
                              headers={**headers, "Idempotency-Key": "killed-2"}, timeout=30)
        assert after.json()["numero"] == "F001-00000002", "no gap"
    finally:
        holder.release()
        server.stop()


class hold_write_lock:
    """Block writers: SQLite's whole database, or on PostgreSQL the factura series row."""

    def __init__(self, database_url, tenant):
        if database_url.startswith("sqlite"):
            import sqlite3
            self.connection = sqlite3.connect(database_url[len("sqlite:///"):], isolation_level=None)
            self.connection.execute("BEGIN EXCLUSIVE")
        else:
            import psycopg2
            from tests.conftest import postgres_url
            self.connection = psycopg2.connect(postgres_url())
            self.connection.cursor().execute(
                "SELECT id FROM series WHERE company_id = %s AND doc_type = 1 FOR UPDATE", [tenant.company.id])

    def release(self):
        if self.connection is not None:
            self.connection.rollback()  # ends the held transaction, on either driver
            self.connection.close()
            self.connection = None


def children(pid):
    """The gunicorn workers: processes whose parent is the master."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.append(int(entry))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
    assert found, "gunicorn has workers"
    return found
