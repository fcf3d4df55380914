"""What a nota de crédito or débito adds to its Document row: the document it modifies and why.

The note itself is a Document (doc_type 4 or 5) with its lines, totals and number like any sale; this row
links it to the factura or boleta it modifies, with SUNAT's reason code (catalogue 09 or 10) and text.
"""

from decimal import Decimal

from peewee import AutoField
from peewee import CharField
from peewee import ForeignKeyField

from domain.sunat_states import REJECTED
from models.base import BaseModel
from models.base import for_update
from models.document import Document


class NoteReference(BaseModel):
    id = AutoField()
    note = ForeignKeyField(Document, unique=True, on_delete="CASCADE")
    modified = ForeignKeyField(Document, on_delete="CASCADE")  # the factura or boleta; indexed: its notes
    reason_code = CharField(max_length=2)
    reason = CharField(max_length=500)

    class Meta:
        table_name = "note_reference"


def lock_document(document_id):
    """Lock the modified document's row until commit: notes on one document queue here, so the credit cap
    is checked against every credit committed before (PostgreSQL; SQLite's write lock does it already)."""
    for_update(Document.select(Document.id).where(Document.id == document_id)).execute()


def live_notes_of(document_ids):
    """modified document id → [(note Document, NoteReference)], its notes that count: not annulled and not
    rejected by SUNAT (a rejected note's number is used up, its amount never applied)."""
    found = {}
    if document_ids:
        query = (NoteReference.select(NoteReference, Document)
                 .join(Document, on=(NoteReference.note == Document.id))
                 .where(NoteReference.modified.in_(list(document_ids)) & (Document.deleted == False)  # noqa: E712
                        & (Document.sunat_state != REJECTED))
                 .order_by(Document.id))
        for reference in query:
            found.setdefault(reference.modified_id, []).append((reference.note, reference))
    return found


def noted_total(document_id, doc_type, excluding=None):
    """The sum of the live notes of `doc_type` on the document (`excluding` one note, being edited). Summed
    here: SQLite keeps decimals as text, and its SUM would add them as binary floats."""
    query = (Document.select(Document.total)
             .join(NoteReference, on=(NoteReference.note == Document.id))
             .where((NoteReference.modified == document_id) & (Document.doc_type == doc_type)
                    & (Document.deleted == False) & (Document.sunat_state != REJECTED)))  # noqa: E712
    if excluding is not None:
        query = query.where(Document.id != excluding)
    return sum((Decimal(total) for (total,) in query.tuples()), Decimal("0.00"))


def has_live_notes(document_id):
    return (NoteReference.select(NoteReference.id).join(Document, on=(NoteReference.note == Document.id))
            .where((NoteReference.modified == document_id) & (Document.deleted == False)).exists())  # noqa: E712


def reference_of(note_ids):
    """note id → NoteReference."""
    if not note_ids:
        return {}
    return {r.note_id: r for r in NoteReference.select().where(NoteReference.note.in_(list(note_ids)))}
