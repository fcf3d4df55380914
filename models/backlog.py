"""What waits in the queues (for /metrics): how many rows are pending and since when, per queue.

One indexed COUNT and MIN per queue, across every company: what an operator watches, not a client.
"""

import datetime

from peewee import fn

from domain.clock import utc_now
from domain.sunat_states import PENDING as SUNAT_PENDING
from models.mail import PENDING as MAIL_PENDING
from models.mail import Mail
from models.sunat import Submission
from models.webhooks import PENDING as WEBHOOK_PENDING
from models.webhooks import WebhookDelivery


def pending(model, state, created):
    """(count, age in seconds of the oldest) of `model`'s rows with `state`; age 0 when none wait."""
    count, oldest = (model.select(fn.COUNT(model.id), fn.MIN(created)).where(model.state == state)
                     .tuples().get())
    if not count or oldest is None:
        return count or 0, 0.0
    if isinstance(oldest, str):  # SQLite hands MIN() back as text
        oldest = datetime.datetime.fromisoformat(oldest)
    return count, max((utc_now() - oldest).total_seconds(), 0.0)


def sunat_documents():
    return pending(Submission, SUNAT_PENDING, Submission.created_at)


def mails():
    return pending(Mail, MAIL_PENDING, Mail.created_at)


def webhook_deliveries():
    # A delivery keeps no creation time; the earliest due attempt is when its wait began, or later.
    return pending(WebhookDelivery, WEBHOOK_PENDING, WebhookDelivery.next_attempt_at)
