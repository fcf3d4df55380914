"""Webhooks against a real HTTP receiver: signed, retried, in order per document, and never lost."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models import Event
from models import WebhookDelivery
from models import Issuer
from models.base import db
from notifications import webhooks
from notifications import worker
from tests.live_server import ROOT
from tests.live_server import LiveServer
from tests.sunat_issuer import RUC
from tests.sunat_issuer import issuer_for
from tests.sunat_peer import SunatPeer
from tests.webhook_receiver import Receiver


@pytest.fixture
def peer():
    peer = SunatPeer(f"{RUC}MODDATOS", "moddatos")
    yield peer
    peer.stop()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def fast(app):
    app.config.update(WEBHOOK_RETRY_BASE_SECONDS=0.05, WEBHOOK_RETRY_MAX_SECONDS=0.1, WEBHOOK_TIMEOUT_SECONDS=2)
    return app.config


def add_webhook(app, company_id, url, events="*"):
    result = app.test_cli_runner().invoke(args=["webhook", "add", "--company", str(company_id), url, "--events", events])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]  # the secret, printed once


def drain(config, seconds=15):
    """Run worker passes until no event waits to be dispatched and no delivery is pending."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        worker.run_once(config)
        with db.connection_context():
            waiting = (Event.select().where(Event.dispatched == False).exists()  # noqa: E712
                       or WebhookDelivery.select().where(WebhookDelivery.state == "pendiente").exists())
        if not waiting:
            return
        time.sleep(0.1)
    raise AssertionError("deliveries still pending")


def received_events(receiver):
    return [json.loads(body) for _, body in receiver.requests]


def test_every_event_arrives_signed_once_and_in_order(app, call, shop, tenant, peer, receiver, fast):
    secret = add_webhook(app, tenant.company.id, receiver.url)
    assert secret.startswith("whsec_")
    issuer_for(tenant.company.id, peer)
    accepted = call("factura-nuevo", **shop.sale())
    rejected = call("factura-nuevo", **shop.sale())
    observed = call("boleta-nuevo", **shop.sale(client="dni"))
    assert call("fesunat-enviar", id=int(accepted.body["id"]), tipodoc=1).status == 200
    peer.then("reject:2017")
    assert call("fesunat-enviar", id=int(rejected.body["id"]), tipodoc=1).status == 422
    assert call("factura-eliminar", factura_id=int(rejected.body["id"])).status == 200
    peer.then("observe")
    assert call("fesunat-enviar", id=int(observed.body["id"]), tipodoc=2).status == 200
    drain(fast)
    for headers, body in receiver.requests:
        assert webhooks.verify(secret, headers["X-Firma"], body), headers
        assert not webhooks.verify("whsec_otro", headers["X-Firma"], body)
        assert headers["X-Evento-Id"] == json.loads(body)["id"]
    events = received_events(receiver)
    assert len({event["id"] for event in events}) == len(events) == 4
    by_document = {}
    for event in events:
        by_document.setdefault(event["datos"]["numero"], []).append(event["tipo"])
    assert by_document == {"F001-00000001": ["comprobante.aceptado"],
                           "F001-00000002": ["comprobante.rechazado", "comprobante.anulado"],
                           "B001-00000001": ["comprobante.observado"]}
    rejection = next(event for event in events if event["tipo"] == "comprobante.rechazado")
    assert rejection["datos"]["codigo_sunat"] == "2017" and rejection["datos"]["estado"] == "rechazado"
    assert rejection["sujeto"] == f"documento:{rejected.body['id']}" and rejection["empresa"] == tenant.company.id
    delivered = call("comprobante-consultar", id=int(rejected.body["id"]), tipodoc=1).body["eventos"]
    assert [(e["tipo"], [d["estado"] for d in e["entregas"]]) for e in delivered] == [
        ("comprobante.rechazado", ["entregado"]), ("comprobante.anulado", ["entregado"])]


def test_a_failing_receiver_gets_retries_and_later_events_wait_for_it(app, call, shop, tenant, peer, receiver, fast):
    add_webhook(app, tenant.company.id, receiver.url)
    issuer_for(tenant.company.id, peer)
    created = call("factura-nuevo", **shop.sale())
    peer.then("reject:2017")
    call("fesunat-enviar", id=int(created.body["id"]), tipodoc=1)
    call("factura-eliminar", factura_id=int(created.body["id"]))
    receiver.then(500, 500, 503)
    drain(fast)
    kinds = [event["tipo"] for event in received_events(receiver)]
    assert kinds == ["comprobante.rechazado"] * 4 + ["comprobante.anulado"], "the annulment waited its turn"
    [first, second] = call("comprobante-consultar", id=int(created.body["id"]), tipodoc=1).body["eventos"]
    assert [a["http"] for a in first["entregas"][0]["intentos"]] == [500, 500, 503, 200]
    assert [a["http"] for a in second["entregas"][0]["intentos"]] == [200]


def test_an_unreachable_receiver_is_retried_and_a_disabled_webhook_waits(app, call, shop, tenant, peer, fast):
    add_webhook(app, tenant.company.id, "http://127.0.0.1:9/nadie", events="comprobante.*")
    issuer_for(tenant.company.id, peer)
    created = call("factura-nuevo", **shop.sale())
    call("fesunat-enviar", id=int(created.body["id"]), tipodoc=1)
    worker.run_once(fast)
    worker.run_once(fast)
    [event] = call("comprobante-consultar", id=int(created.body["id"]), tipodoc=1).body["eventos"]
    [delivery] = event["entregas"]
    assert delivery["estado"] == "pendiente" and delivery["intentos"][0]["http"] is None
    assert "ConnectionError" in delivery["intentos"][0]["mensaje"]
    result = app.test_cli_runner().invoke(args=["webhook", "disable", "1"])
    assert result.exit_code == 0 and "deshabilitado" in result.output
    time.sleep(1.1)
    assert worker.run_once(fast)[2] == 0, "a disabled webhook is not called"
    listed = app.test_cli_runner().invoke(args=["webhook", "list"]).output
    assert "http://127.0.0.1:9/nadie" in listed and "deshabilitado" in listed and "whsec_" not in listed


def test_an_event_type_the_webhook_did_not_ask_for_is_not_sent(app, call, shop, tenant, peer, receiver, fast):
    add_webhook(app, tenant.company.id, receiver.url, events="comprobante.anulado")
    issuer_for(tenant.company.id, peer)
    created = call("factura-nuevo", **shop.sale())
    call("fesunat-enviar", id=int(created.body["id"]), tipodoc=1)
    nota = call("nota-nuevo", **shop.sale())
    call("nota-eliminar", factura_id=int(nota.body["id"]))
    drain(fast)
    assert [event["tipo"] for event in received_events(receiver)] == ["comprobante.anulado"]


@pytest.mark.e2e
def test_killing_the_worker_and_the_gateway_loses_no_event(app, database_url, tenant, shop, peer, call):
    receiver = Receiver(delay=0.3)
    secret = add_webhook(app, tenant.company.id, receiver.url)
    issuer = issuer_for(tenant.company.id, peer)
    with db.connection_context():  # each factura goes when the test sends it, with the verdict it planned
        Issuer.update(send_on_creation=False).where(Issuer.id == issuer.id).execute()
    db.close_all()
    settings = {"GATEWAY_WEBHOOK_RETRY_BASE_SECONDS": "0.1", "GATEWAY_WEBHOOK_RETRY_MAX_SECONDS": "0.5",
                "GATEWAY_WEBHOOK_TIMEOUT_SECONDS": "1", "GATEWAY_NOTIFY_POLL_SECONDS": "0.1",
                "GATEWAY_SUNAT_WORKER_POLL_SECONDS": "0.2"}
    env = {**os.environ, "GATEWAY_DATABASE_URL": database_url, "GATEWAY_LOG_LEVEL": "WARNING", **settings}
    flask = Path(sys.executable).with_name("flask")

    def start_worker():
        return subprocess.Popen([str(flask), "--app", "app", "sunat-worker"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    server = LiveServer(database_url, workers=2, extra_env=settings)
    running = start_worker()
    try:
        documents = []
        for number in range(6):
            created = server.post(tenant.key, {"action": "factura-nuevo", **shop.sale()}).json()
            documents.append(int(created["id"]))
            if number % 2:
                peer.then("reject:2017")
            server.post(tenant.key, {"action": "fesunat-enviar", "id": int(created["id"]), "tipodoc": 1})
            if number % 2:
                server.post(tenant.key, {"action": "factura-eliminar", "factura_id": int(created["id"])})
        deadline = time.monotonic() + 20
        while len(receiver.requests) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        running.send_signal(signal.SIGKILL)  # mid-delivery: the receiver is slow
        running.wait()
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
        server.process.stderr.close()
        server = LiveServer(database_url, workers=1, extra_env=settings)
        running = start_worker()
        with db.connection_context():
            expected = {event.uid for event in Event.select()}
        assert len(expected) == 9  # 6 verdicts and 3 annulments
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and {e["id"] for e in received_events(receiver)} != expected:
            time.sleep(0.2)
    finally:
        running.send_signal(signal.SIGKILL)
        running.wait()
        server.stop()
        receiver.stop()
    events = received_events(receiver)
    assert {event["id"] for event in events} == expected, "every event arrived, at least once"
    assert all(webhooks.verify(secret, headers["X-Firma"], body, tolerance=600) for headers, body in receiver.requests)
    first_seen = {}
    for event in events:
        first_seen.setdefault(event["id"], event)
    for document in documents:
        order = [e["tipo"] for e in first_seen.values() if e["datos"]["id"] == document]
        assert order in (["comprobante.aceptado"], ["comprobante.rechazado", "comprobante.anulado"]), (document, order)


def test_a_daily_summary_event_reaches_who_asked_for_resumen(app, tenant, receiver, fast):
    """What the SUNAT side calls for a resumen's outcome: `emit` with the summary as subject."""
    from models import events

    add_webhook(app, tenant.company.id, receiver.url, events="resumen.*")
    with db.connection_context(), db.atomic():
        events.emit(tenant.company.id, "resumen.aceptado", "resumen:3",
                    {"id": 3, "nombre": f"{RUC}-RC-20240910-1", "estado": "aceptado"})
        events.emit(tenant.company.id, "comprobante.anulado", "documento:9", {"id": 9})
    drain(fast)
    [event] = received_events(receiver)
    assert (event["tipo"], event["sujeto"], event["datos"]["nombre"]) == ("resumen.aceptado", "resumen:3",
                                                                           f"{RUC}-RC-20240910-1")


def test_an_event_that_cannot_be_dispatched_holds_back_no_other(app, tenant, monkeypatch):
    from models import events
    from notifications import dispatch

    with db.connection_context(), db.atomic():
        uids = [events.emit(tenant.company.id, "resumen.aceptado", f"resumen:{n}", {"id": n}) for n in range(3)]
    real = dispatch.dispatch

    def failing(waiting):  # the oldest event breaks whatever batch it is in
        if any(event.uid == uids[0] for event in waiting):
            raise RuntimeError("a broken event")
        return real(waiting)

    monkeypatch.setattr(dispatch, "dispatch", failing)
    with db.connection_context():
        assert dispatch.dispatch_pending() == 2
        assert {e.uid: e.dispatched for e in Event.select()} == {uids[0]: False, uids[1]: True, uids[2]: True}
