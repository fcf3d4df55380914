"""The outbox: what happened to a company's documents, written in the same transaction as the change.

`emit` inserts one row and nothing else, so a state change and its event commit or roll back together;
the notifications worker (notifications/worker.py) later hands each event to the company's webhooks and,
for an accepted document, to its automatic e-mail. An event is never lost: it stays in its table, and
every delivery of it is a row with its attempts.

Order: the events of one subject (a document, a daily summary) are numbered as they are written, and an
event of a document is written holding the document's row lock (`emit_for_document`), so their order is
the order in which the changes commit. Webhooks receive them in that order, one subject at a time.
"""

import json
import uuid

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import TextField

from domain.clock import utc_now
from models.base import BaseModel
from models.base import for_update
from models.bulk import insert_values
from models.company import Company
from models.document import Document

# The kinds of event, as subscribers receive them in `tipo`.
ACCEPTED = "comprobante.aceptado"
OBSERVED = "comprobante.observado"
REJECTED = "comprobante.rechazado"
ANNULLED = "comprobante.anulado"
MAIL_SENT = "correo.enviado"
MAIL_FAILED = "correo.fallido"
# resumen.aceptado, resumen.rechazado…: a daily summary's outcomes, with subject "resumen:<id>"
BY_SUNAT_STATE = {"aceptado": ACCEPTED, "observado": OBSERVED, "rechazado": REJECTED}


class Event(BaseModel):
    id = AutoField()  # the order of events of one subject
    uid = CharField(max_length=40, unique=True)  # what subscribers see as `id`
    company = ForeignKeyField(Company, on_delete="CASCADE")
    type = CharField(max_length=60)
    subject = CharField(max_length=60, index=True)  # "documento:12", "resumen:3"
    data = TextField()  # JSON
    created_at = DateTimeField(default=utc_now)
    dispatched = BooleanField(default=False, index=True)  # handed to webhooks and the automatic e-mail


def emit(company_id, event_type, subject, data):
    """Record that `event_type` happened to `subject` ("documento:<id>" or "resumen:<id>"), with `data` (a
    JSON-able dict: what a subscriber needs to know), inside the caller's transaction. Returns the event's
    public id. Call it after the change it reports is written (and its row locked), never before."""
    uid = f"evt_{uuid.uuid4().hex}"
    Event.insert(uid=uid, company=company_id, type=event_type, subject=subject,
                 data=json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)).execute()
    return uid


def document_subject(document_id):
    return f"documento:{document_id}"


def document_data(document, **extra):
    """A document's identity as events carry it, plus `extra` (its new state and what SUNAT said)."""
    return {"id": document.id, "tipodoc": document.doc_type, "numero": document.numero,
            "fecha_emision": document.issue_date.isoformat(), "total": str(document.total),
            "estado_sunat": document.sunat_state, **extra}


def emit_for_document(document, event_type, **extra):
    """`emit` for a document: its identity and state, plus `extra`. Takes the document's row lock first (a
    no-op when the caller holds it), so its events are numbered in the order their transactions commit."""
    return emit_for_documents([(document, event_type, extra)])[0]


def emit_for_documents(announced, locked=False):
    """emit_for_document of each (document, event type, extra) in `announced`, in order, with one lock
    statement (none when the caller says it holds those rows `locked`: it wrote them in this transaction)
    and one INSERT for them all. Returns their public ids."""
    if not locked:
        for_update(Document.select(Document.id).where(Document.id.in_(sorted({d.id for d, _, _ in announced})))
                   .order_by(Document.id)).execute()
    rows = [(f"evt_{uuid.uuid4().hex}", document.company_id, event_type, document_subject(document.id),
             json.dumps(document_data(document, **extra), ensure_ascii=False, default=str, sort_keys=True))
            for document, event_type, extra in announced]
    insert_values(Event, ("uid", "company", "type", "subject", "data"), rows)
    return [row[0] for row in rows]


def undispatched(limit=100):
    return list(Event.select().where(Event.dispatched == False).order_by(Event.id).limit(limit))  # noqa: E712


def mark_dispatched_all(event_ids):
    """The ids of `event_ids` this caller marked dispatched (another worker may have marked some)."""
    taken = (Event.update(dispatched=True).where(Event.id.in_(list(event_ids)) & (Event.dispatched == False))  # noqa: E712
             .returning(Event.id))
    return {row.id for row in taken.execute()}


def of_subject(subject):
    return list(Event.select().where(Event.subject == subject).order_by(Event.id))
