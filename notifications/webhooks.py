"""Calling a company's webhooks: one signed POST per event, retried with backoff until the receiver
answers 2xx, in order per document.

The body is the event as JSON (the same bytes on every attempt):

    {"id": "evt_…", "tipo": "comprobante.aceptado", "secuencia": 41, "fecha": "2024-09-10T15:04:05+00:00",
     "empresa": 1, "sujeto": "documento:4", "datos": {"id": 4, "tipodoc": 1, "numero": "F001-00000004", …}}

`X-Firma: t=<unix time>,v1=<hex>` signs it as Stripe signs its webhooks: v1 is HMAC-SHA256 with the
webhook's secret over "<t>.<body>"; a receiver recomputes it, compares in constant time and refuses a
`t` far from its clock (a replay). Delivery is at least once: a receiver keeps the ids it has seen.
"""

import datetime
import hashlib
import hmac
import json
import logging
import time

import requests

from domain.clock import utc_now
from models import webhooks as webhooks_table
from models.base import write_transaction
from models.events import Event
from sunat.delivery import RetryPolicy

logger = logging.getLogger("gateway.webhooks")
SIGNATURE_HEADER = "X-Firma"


def body_of(event):
    created = event.created_at.replace(tzinfo=datetime.timezone.utc).isoformat(timespec="seconds")
    return json.dumps({"id": event.uid, "tipo": event.type, "secuencia": event.id, "fecha": created,
                       "empresa": event.company_id, "sujeto": event.subject, "datos": json.loads(event.data)},
                      ensure_ascii=False, separators=(",", ":")).encode()


def signature(secret, timestamp, body):
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret, header, body, tolerance=300, now=None):
    """What a receiver does (and the tests): True when `header` signs `body` with `secret`, recently."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def policy(config):
    return RetryPolicy(config["WEBHOOK_RETRY_BASE_SECONDS"], config["WEBHOOK_RETRY_MAX_SECONDS"])


def deliver(delivery, config):
    """Claim, POST, record one delivery. Returns its new state, or None when another worker holds it."""
    moment = utc_now()
    timeout = config["WEBHOOK_TIMEOUT_SECONDS"]
    with write_transaction():
        if not webhooks_table.claim(delivery.id, moment, moment + datetime.timedelta(seconds=2 * timeout + 1)):
            return None
    webhook = webhooks_table.Webhook.get_by_id(delivery.webhook_id)
    event = Event.get_by_id(delivery.event_id)
    body = body_of(event)
    status, message = None, ""
    try:
        answer = requests.post(webhook.url, data=body, timeout=timeout, allow_redirects=False, headers={
            "Content-Type": "application/json; charset=utf-8", "User-Agent": "erp-gateway-webhooks",
            "X-Evento-Id": event.uid, "X-Evento-Tipo": event.type,
            SIGNATURE_HEADER: signature(webhook.secret, int(time.time()), body)})
        status, message = answer.status_code, answer.text[:500]
    except requests.RequestException as error:
        message = f"{type(error).__name__}: {error}"[:500]
    state = record(delivery, event, status, message, config)
    logger.info("webhook %s event=%s %s status=%s", webhook.id, event.uid, state, status)
    return state


def record(delivery, event, status, message, config):
    attempts = delivery.attempts + 1
    values = {"attempts": attempts, "leased_until": None}
    if status is not None and 200 <= status < 300:
        values.update(state=webhooks_table.DELIVERED, delivered_at=utc_now(), last_error="")
    else:
        values["last_error"] = f"HTTP {status}: {message}" if status is not None else message
        give_up = event.created_at + datetime.timedelta(hours=config["WEBHOOK_GIVE_UP_HOURS"])
        if utc_now() >= give_up:
            values["state"] = webhooks_table.FAILED
        else:
            values["next_attempt_at"] = utc_now() + policy(config).delay(attempts)
    with write_transaction():
        webhooks_table.WebhookDelivery.update(**values).where(webhooks_table.WebhookDelivery.id == delivery.id).execute()
        webhooks_table.WebhookAttempt.create(delivery=delivery.id, status=status, message=message)
    return values.get("state", webhooks_table.PENDING)
