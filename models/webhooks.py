"""Webhooks: a company's HTTP endpoints, what each receives, and every delivery with its attempts."""

import fnmatch

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField
from peewee import fn

from domain.clock import utc_now
from models.base import BaseModel
from models.company import Company
from models.events import Event

PENDING = "pendiente"
DELIVERED = "entregado"
FAILED = "fallido"  # retried until the give-up time; the next events of its subject then go on


class Webhook(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE")
    url = CharField(max_length=1000)
    secret = CharField(max_length=100)  # signs each delivery (HMAC-SHA256); shown once, when added
    events = CharField(max_length=500, default="*")  # comma-separated patterns: "comprobante.*,correo.fallido"
    enabled = BooleanField(default=True)
    created_at = DateTimeField(default=utc_now)

    def wants(self, event_type):
        return any(fnmatch.fnmatchcase(event_type, pattern.strip()) for pattern in self.events.split(","))


class WebhookDelivery(BaseModel):
    id = AutoField()
    webhook = ForeignKeyField(Webhook, on_delete="CASCADE")
    event = ForeignKeyField(Event, on_delete="CASCADE")
    subject = CharField(max_length=60)  # the event's: deliveries of one subject go in order
    state = CharField(max_length=20, default=PENDING)
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(default=utc_now)
    leased_until = DateTimeField(null=True)
    last_error = TextField(default="")
    delivered_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("state", "next_attempt_at"), False), (("webhook", "subject", "state"), False))


class WebhookAttempt(BaseModel):
    id = AutoField()
    delivery = ForeignKeyField(WebhookDelivery, on_delete="CASCADE")
    at = DateTimeField(default=utc_now)
    status = IntegerField(null=True)  # the receiver's HTTP status; None when there was no answer
    message = TextField(default="")


def active_for_companies(company_ids):
    """company id → its enabled webhooks, for the companies of `company_ids` that have any."""
    found = {}
    for webhook in Webhook.select().where(Webhook.company.in_(list(company_ids)) & (Webhook.enabled == True)):  # noqa: E712
        found.setdefault(webhook.company_id, []).append(webhook)
    return found


def due_deliveries(moment, limit=20):
    """Pending deliveries whose time has come, nobody holds, of enabled webhooks, and with no earlier
    pending delivery of the same subject to the same webhook (so each subject's events go in order)."""
    earlier = WebhookDelivery.alias()
    blocked = (earlier.select(earlier.id).where(
        (earlier.webhook == WebhookDelivery.webhook) & (earlier.subject == WebhookDelivery.subject)
        & (earlier.state == PENDING) & (earlier.event < WebhookDelivery.event)))
    return list(WebhookDelivery.select().join(Webhook).where(
        (WebhookDelivery.state == PENDING) & (WebhookDelivery.next_attempt_at <= moment)
        & (WebhookDelivery.leased_until.is_null() | (WebhookDelivery.leased_until < moment))
        & (Webhook.enabled == True) & ~fn.EXISTS(blocked))  # noqa: E712
        .order_by(WebhookDelivery.event).limit(limit))


def claim(delivery_id, moment, until):
    """Take the lease on a pending delivery; False when someone else holds it."""
    return WebhookDelivery.update(leased_until=until).where(
        (WebhookDelivery.id == delivery_id) & (WebhookDelivery.state == PENDING)
        & (WebhookDelivery.leased_until.is_null() | (WebhookDelivery.leased_until < moment))).execute() == 1


def attempts_of(delivery_ids):
    found = {}
    query = WebhookAttempt.select().where(WebhookAttempt.delivery.in_(list(delivery_ids))).order_by(WebhookAttempt.id)
    for attempt in query:
        found.setdefault(attempt.delivery_id, []).append(attempt)
    return found
