"""`GET /metrics`: parsed with prometheus_client's own parser, in process and across gunicorn workers."""

import datetime

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from domain.clock import utc_now
from models import Document
from models import Submission
from models.base import db
from tests.conftest import post
from tests.live_server import LiveServer


def scrape(text):
    """{metric sample name: {frozenset(labels): value}}."""
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples.setdefault(sample.name, {})[frozenset(sample.labels.items())] = sample.value
    return samples


def value(samples, name, **labels):
    return samples.get(name, {}).get(frozenset(labels.items()), 0)


def test_requests_latency_and_backlog(app, client, tenant, shop):
    before = scrape(client.get("/metrics").get_data(as_text=True))
    for _ in range(3):
        post(client, {"action": "cliente-listar"}, tenant.key)
    post(client, {"action": "cliente-nuevo"}, tenant.key)
    post(client, {"action": "no-existe"}, tenant.key)
    created = post(client, {"action": "factura-nuevo", **shop.sale()}, tenant.key).body
    with db.connection_context():
        Submission.create(document=Document.get_by_id(int(created["id"])), file_name="x", signed_xml=b"<x/>",
                          digest="d", created_at=utc_now() - datetime.timedelta(seconds=120))
    response = client.get("/metrics")
    assert response.status_code == 200 and response.content_type.startswith("text/plain")
    after = scrape(response.get_data(as_text=True))

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("gateway_requests_total", action="cliente-listar", codigo="", status="200") == 3
    assert grew("gateway_requests_total", action="cliente-nuevo", codigo="11", status="400") == 1
    assert grew("gateway_requests_total", action="desconocida", codigo="30", status="400") == 1
    assert grew("gateway_request_duration_seconds_count", action="cliente-listar") == 3
    assert grew("gateway_request_duration_seconds_bucket", action="cliente-listar", le="+Inf") == 3
    assert value(after, "gateway_sunat_documents_pending") == 1
    assert 119 <= value(after, "gateway_sunat_documents_oldest_pending_seconds") < 3600
    assert value(after, "gateway_mails_pending") == 0
    assert "gateway_webhook_deliveries_oldest_pending_seconds" in after


@pytest.mark.e2e
def test_counts_add_up_across_gunicorn_workers(app, database_url, tenant):
    db.close_all()
    server = LiveServer(database_url, workers=2)
    try:
        for _ in range(40):
            assert server.post(tenant.key, {"action": "producto-listar"}).status_code == 200
        totals = set()
        for _ in range(6):  # whichever worker answers the scrape, it reports every worker's counts
            samples = scrape(requests.get(f"{server.url}/metrics", timeout=10).text)
            totals.add(value(samples, "gateway_requests_total", action="producto-listar", codigo="", status="200"))
        assert totals == {40}
    finally:
        server.stop()
