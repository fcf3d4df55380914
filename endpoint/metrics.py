"""`GET /metrics`: Prometheus text. Requests by action, código and status, their latency, and queue gauges.

Under gunicorn every worker writes its counters to files in PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py
makes one per start) and a scrape adds them up, whichever worker answers it. Outside gunicorn (tests, the
Flask dev server) they live in the process.

Queue gauges are read from the database at scrape time, by the functions in COLLECTORS: a new gauge is
one more function there that yields prometheus_client metric families (see `sunat_backlog`).
"""

import os
import time

from flask import Blueprint
from flask import Response
from flask import current_app
from flask import g
from flask import request
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client import CollectorRegistry
from prometheus_client import Counter
from prometheus_client import Histogram
from prometheus_client import generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from models import backlog

blueprint = Blueprint("metrics", __name__)
LOCAL = CollectorRegistry()  # this process's own metrics; in multiprocess mode they are also in files
REQUESTS = Counter("gateway_requests", "Solicitudes atendidas, por acción, código de error y estado HTTP",
                   ["action", "codigo", "status"], registry=LOCAL)
LATENCY = Histogram("gateway_request_duration_seconds", "Tiempo de respuesta por acción", ["action"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30), registry=LOCAL)


def action_label():
    """A bounded label: a registered action's name, a route's rule, or `desconocida` (never client text)."""
    name = g.get("action")
    if name and name in current_app.extensions["gateway.registry"]:
        return name
    if request.url_rule is not None and request.url_rule.rule not in ("/api", "/"):
        return f"{request.method} {request.url_rule.rule}"
    return "desconocida"


def observe(response):
    elapsed = time.perf_counter() - g.get("started", time.perf_counter())
    label = action_label()
    codigo = g.get("codigo")
    REQUESTS.labels(label, str(codigo) if codigo is not None else "", str(response.status_code)).inc()
    LATENCY.labels(label).observe(elapsed)
    return response


def queue(name, what, reader):
    count, age = reader()
    yield GaugeMetricFamily(f"gateway_{name}_pending", f"{what} pendientes", value=count)
    yield GaugeMetricFamily(f"gateway_{name}_oldest_pending_seconds", f"Antigüedad del más antiguo de {what} "
                            "pendientes, en segundos (0 si no hay)", value=age)


def sunat_backlog():
    yield from queue("sunat_documents", "comprobantes por enviar a SUNAT o sin veredicto", backlog.sunat_documents)


def mail_backlog():
    yield from queue("mails", "correos por enviar", backlog.mails)


def webhook_backlog():
    yield from queue("webhook_deliveries", "entregas de webhooks por hacer", backlog.webhook_deliveries)


# Scrape-time gauges: each function yields metric families. Add yours here.
COLLECTORS = [sunat_backlog, mail_backlog, webhook_backlog]


class DatabaseGauges:
    def collect(self):
        for collector in COLLECTORS:
            yield from collector()


@blueprint.get("/metrics")
def metrics():
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(LOCAL)
    registry.register(DatabaseGauges())
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
