"""What waits in the queues (for /metrics): how many rows are pending and since when, per queue.

One indexed COUNT and MIN per queue, across every company: what an operator watches, not a client.
"""

import datetime

from peewee import fn

from domain.clock import lima_today
from domain.clock import utc_now
from domain.documents import KINDS
from domain.sunat_states import NOT_QUEUED
from domain.sunat_states import PENDING as SUNAT_PENDING
from models.mail import PENDING as MAIL_PENDING
from models.document import Document
from models.mail import Mail
from models.summaries import IN_PROCESS
from models.summaries import Summary
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


def summaries_in_process():
    """Resúmenes and bajas SUNAT gave a ticket for and has not decided on yet."""
    return pending(Summary, IN_PROCESS, Summary.created_at)


def near_send_deadline(deadline_days, warn_days=1):
    """Documents still waiting for SUNAT (queued or never queued) whose sending deadline (issue date +
    `deadline_days`) is at most `warn_days` away, or past: someone must look at them today."""
    last_safe_issue = lima_today() - datetime.timedelta(days=deadline_days - warn_days)
    electronic = [kind.code for kind in KINDS.values() if kind.electronic]
    return (Document.select().where((Document.sunat_state.in_([SUNAT_PENDING, NOT_QUEUED]))
                                    & (Document.doc_type.in_(electronic))
                                    & (Document.deleted == False)  # noqa: E712
                                    & (Document.issue_date <= last_safe_issue)).count())
