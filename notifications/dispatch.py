"""Handing each new event to whom it concerns: a delivery for every enabled webhook of the company that
wants its type, and, when SUNAT accepted a document of a company that mails automatically, its e-mail to
the client's contact. One transaction per event, so an event is dispatched once and completely."""

from domain.documents import KINDS
from errors import GatewayError
from models import events
from models import mail as mail_table
from models import webhooks as webhooks_table
from models.base import write_transaction
from models.document import Document
from notifications import mail

MAILED_AUTOMATICALLY = (events.ACCEPTED, events.OBSERVED)


def dispatch_pending(limit=100):
    """Dispatch the events not dispatched yet, oldest first; returns how many."""
    done = 0
    for event in events.undispatched(limit):
        with write_transaction():
            if not events.mark_dispatched(event.id):
                continue  # another worker took it
            for webhook in webhooks_table.active_for(event.company_id):
                if webhook.wants(event.type):
                    webhooks_table.WebhookDelivery.create(webhook=webhook.id, event=event.id, subject=event.subject)
            if event.type in MAILED_AUTOMATICALLY:
                mail_automatically(event)
        done += 1
    return done


def mail_automatically(event):
    settings = mail_table.settings_of(event.company_id)
    if settings is None or not settings.automatic:
        return
    document = Document.get_by_id(int(event.subject.split(":")[1]))
    try:
        mail.request(KINDS[document.doc_type], document.id, event.company_id, origin=mail_table.AUTOMATIC)
    except GatewayError:
        pass  # a contact without an e-mail, or an annulled document: there is no one to mail
