"""Handing each new event to whom it concerns: a delivery for every enabled webhook of the company that
wants its type, and, when SUNAT accepted a document of a company that mails automatically, its e-mail to
the client's contact.

A pass takes the waiting events together, in one transaction of a few statements (a worker draining a
backlog emits one event per verdict, hundreds a second): an event is dispatched once and completely. If
that transaction fails, the pass dispatches them one per transaction, so one event that cannot be
dispatched holds back no other."""

import logging

from domain.documents import KINDS
from errors import GatewayError
from models import events
from models import mail as mail_table
from models import webhooks as webhooks_table
from models.base import write_transaction
from models.bulk import insert_values
from models.document import Document
from notifications import mail

logger = logging.getLogger("gateway.notifications")
MAILED_AUTOMATICALLY = (events.ACCEPTED, events.OBSERVED)


def dispatch_pending(limit=100):
    """Dispatch the events not dispatched yet, oldest first; returns how many."""
    waiting = events.undispatched(limit)
    if not waiting:
        return 0
    try:
        with write_transaction():
            return dispatch(waiting)
    except Exception:
        logger.exception("dispatching %d events together failed; one by one", len(waiting))
    done = 0
    for event in waiting:
        try:
            with write_transaction():
                done += dispatch([event])
        except Exception:  # this one stays undispatched, tried again next pass; the others go on
            logger.exception("event %s could not be dispatched", event.uid)
    return done


def dispatch(waiting):
    """Inside a write transaction: the events of `waiting` no other worker took, dispatched."""
    taken = events.mark_dispatched_all([event.id for event in waiting])
    mine = [event for event in waiting if event.id in taken]
    companies = {event.company_id for event in mine}
    hooks = webhooks_table.active_for_companies(companies) if mine else {}
    # In event order: deliveries of one subject are made in the order of their ids.
    insert_values(webhooks_table.WebhookDelivery, ("webhook", "event", "subject"), [
        (webhook.id, event.id, event.subject) for event in mine for webhook in hooks.get(event.company_id, [])
        if webhook.wants(event.type)])
    mailed = [event for event in mine if event.type in MAILED_AUTOMATICALLY]
    settings = mail_table.settings_of_companies({event.company_id for event in mailed}) if mailed else {}
    for event in mailed:
        if event.company_id in settings and settings[event.company_id].automatic:
            mail_automatically(event)
    return len(mine)


def mail_automatically(event):
    document = Document.get_by_id(int(event.subject.split(":")[1]))
    try:
        mail.request(KINDS[document.doc_type], document.id, event.company_id, origin=mail_table.AUTOMATIC)
    except GatewayError:
        pass  # a contact without an e-mail, or an annulled document: there is no one to mail
