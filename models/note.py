"""What a nota de crédito or débito adds to its Document row: the document it modifies and why.

The note itself is a Document (doc_type 4 or 5) with its lines, totals and number like any sale; this row
links it to the factura or boleta it modifies, with SUNAT's reason code (catalogue 09 or 10) and text.
"""

from peewee import AutoField
from peewee import CharField
from peewee import ForeignKeyField

from domain.sunat_states import REJECTED
from models import sql
from models.base import BaseModel
from models.base import defer
from models.base import for_update
from models.base import is_sqlite
from models.base import one_round_trip
from models.bulk import insert_values
from models.document import Document
from models.document import DocumentLine
from models.product import SALE_FIELDS
from models.product import Product
from models.stock import BALANCE_FIELDS
from models.stock import StockMovement


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


def has_live_notes(document_id):
    return (NoteReference.select(NoteReference.id).join(Document, on=(NoteReference.note == Document.id))
            .where((NoteReference.modified == document_id) & (Document.deleted == False)).exists())  # noqa: E712


def reference_of(note_ids):
    """note id → NoteReference."""
    if not note_ids:
        return {}
    return {r.note_id: r for r in NoteReference.select().where(NoteReference.note.in_(list(note_ids)))}


# -- the fixed SQL a new note runs (models/sql.py says why) -------------------------------------------------

# What a note reads of the document it modifies.
MODIFIED_FIELDS = ("id", "company", "doc_type", "series", "number", "party", "contact", "currency", "payment_state",
                   "operation_type", "issue_date", "total", "detraccion_amount", "deleted", "sunat_state",
                   "updated_at")
STATE_FIELDS = ("id", "deleted", "sunat_state", "updated_at", "total", "detraccion_amount")
SOLD_LINE_FIELDS = ("id", "position", "product", "code", "description", "serial_number", "unit", "quantity",
                    "unit_price", "unit_value", "discount_percent", "discount_amount", "igv_affectation",
                    "value_amount", "igv_amount", "total_amount", "free", "icbper_amount", "isc_rate", "isc_amount")


@sql.statement
def _modified_sale_text(by_number):
    # One UNION of three row kinds, each in its own columns (NULL in the others): the document (part 0),
    # its lines with their products (1, in order) and its kardex movements (2).
    which = (f"{sql.equal(Document, ['series', 'number'])} AND {sql.column(Document, 'doc_type')} IN "
             f"({sql.placeholders(2)})" if by_number else sql.equal(Document, ["id"]))
    document, line = sql.columns(Document, MODIFIED_FIELDS, "d"), sql.columns(DocumentLine, SOLD_LINE_FIELDS, "l")
    product, movement = sql.columns(Product, SALE_FIELDS, "p"), sql.columns(StockMovement, BALANCE_FIELDS, "m")
    no_document, no_line = sql.nulls(Document, MODIFIED_FIELDS), sql.nulls(DocumentLine, SOLD_LINE_FIELDS)
    no_product, no_movement = sql.nulls(Product, SALE_FIELDS), sql.nulls(StockMovement, BALANCE_FIELDS)
    position = 2 + len(MODIFIED_FIELDS) + SOLD_LINE_FIELDS.index("position")
    return (f"WITH d AS (SELECT {sql.columns(Document, MODIFIED_FIELDS)} FROM {sql.table(Document)} "
            f"WHERE {sql.equal(Document, ['company'])} AND {which}) "
            f"SELECT 0, {document}, {no_line}, {no_product}, {sql.nulls(StockMovement, BALANCE_FIELDS, typed=True)} "
            f"FROM d "
            f"UNION ALL SELECT 1, {no_document}, {line}, {product}, {no_movement} FROM d "
            f"JOIN {sql.table(DocumentLine)} AS l ON {sql.column(DocumentLine, 'document', 'l')} = {sql.column(Document, 'id', 'd')} "
            f"JOIN {sql.table(Product)} AS p ON {sql.column(Product, 'id', 'p')} = {sql.column(DocumentLine, 'product', 'l')} "
            f"UNION ALL SELECT 2, {no_document}, {no_line}, {no_product}, {movement} FROM d "
            f"JOIN {sql.table(StockMovement)} AS m ON {sql.column(StockMovement, 'document', 'm')} = {sql.column(Document, 'id', 'd')} "
            f"ORDER BY 1, {position}")


def modified_sale(company_id, ident=None, series=None, number=None, doc_types=()):
    """The company's document with id `ident`, or with `series` and `number` among `doc_types`, as what a
    note reads of it, in one round trip: (the Document with MODIFIED_FIELDS, its lines [(DocumentLine, its
    Product)] in order, its kardex movements as rows of models.stock.BALANCE_FIELDS); None if absent."""
    params = [company_id, series, number, *doc_types] if ident is None else [company_id, ident]
    rows = sql.fetch(_modified_sale_text(ident is None), params)
    if not rows:
        return None
    line_at = 1 + len(MODIFIED_FIELDS)
    product_at = line_at + len(SOLD_LINE_FIELDS)
    movement_at = product_at + len(SALE_FIELDS)
    document = sql.instance(Document, MODIFIED_FIELDS, rows[0][1:line_at])
    sold = [(sql.instance(DocumentLine, SOLD_LINE_FIELDS, row[line_at:product_at]),
             sql.instance(Product, SALE_FIELDS, row[product_at:movement_at])) for row in rows if row[0] == 1]
    return document, sold, [row[movement_at:] for row in rows if row[0] == 2]


@sql.statement
def _lock_text():
    return f"SELECT {sql.column(Document, 'id')} FROM {sql.table(Document)} WHERE {sql.equal(Document, ['id'])}{sql.locking()}"


@sql.statement
def _state_and_notes_text():
    state = sql.columns(Document, STATE_FIELDS, "d")
    live = sql.columns(Document, ("id", "doc_type", "total"), "n")
    # Two LEFT JOINs, not one of a parenthesised join: SQLite materialises that join whole, every note
    # of every document read on each call. A reference whose note does not count gives a row with no note.
    return (f"SELECT {state}, {live}, {sql.column(NoteReference, 'reason_code', 'r')} FROM {sql.table(Document)} AS d "
            f"LEFT JOIN {sql.table(NoteReference)} AS r "
            f"ON {sql.column(NoteReference, 'modified', 'r')} = {sql.column(Document, 'id', 'd')} "
            f"LEFT JOIN {sql.table(Document)} AS n ON {sql.column(Document, 'id', 'n')} = {sql.column(NoteReference, 'note', 'r')} "
            f"AND {sql.equal(Document, ['deleted'], 'n')} AND {sql.column(Document, 'sunat_state', 'n')} <> {sql.placeholders(1)} "
            f"WHERE {sql.equal(Document, ['id'], 'd')} ORDER BY {sql.column(Document, 'id', 'n')}")


def locked_state(document_id):
    """Lock the document's row until commit and read what concurrent writes change: (a Document with
    STATE_FIELDS, its live notes as `live_notes` gives them). Notes on one document queue on that lock, so
    each sees every credit committed before it.

    Two statements in one round trip: the lock, then the read, whose snapshot is taken once the lock is
    held (a single statement that locked and read would see the notes as they were when it began waiting).
    """
    with one_round_trip():
        if not is_sqlite():  # SQLite's write transaction already holds the only lock
            defer(_lock_text(), [document_id])
        rows = sql.fetch(_state_and_notes_text(), [False, REJECTED, document_id])
    split = len(STATE_FIELDS)
    state = sql.instance(Document, STATE_FIELDS, rows[0][:split])
    live = [(*values, row[split + 3]) for values, row in zip(
        sql.values(Document, ("id", "doc_type", "total"), [row[split:split + 3] for row in rows if row[split] is not None]),
        [row for row in rows if row[split] is not None])]
    return state, live


@sql.statement
def _sold_text():
    line = sql.column(DocumentLine, "product", "l")
    return (f"SELECT {sql.columns(DocumentLine, SOLD_LINE_FIELDS, 'l')}, {sql.columns(Product, SALE_FIELDS, 'p')} "
            f"FROM {sql.table(DocumentLine)} AS l JOIN {sql.table(Product)} AS p "
            f"ON {sql.column(Product, 'id', 'p')} = {line} "
            f"WHERE {sql.equal(DocumentLine, ['document'], 'l')} ORDER BY {sql.column(DocumentLine, 'position', 'l')}")


def sold_lines(document_id):
    """[(DocumentLine, its Product)] of a document, in order, in one query."""
    split = len(SOLD_LINE_FIELDS)
    return [(sql.instance(DocumentLine, SOLD_LINE_FIELDS, row[:split]), sql.instance(Product, SALE_FIELDS, row[split:]))
            for row in sql.fetch(_sold_text(), [document_id])]


@sql.statement
def _live_notes_text():
    return (f"SELECT {sql.columns(Document, ('id', 'doc_type', 'total'), 'd')}, "
            f"{sql.column(NoteReference, 'reason_code', 'r')} FROM {sql.table(NoteReference)} AS r "
            f"JOIN {sql.table(Document)} AS d ON {sql.column(Document, 'id', 'd')} = {sql.column(NoteReference, 'note', 'r')} "
            f"WHERE {sql.equal(NoteReference, ['modified'], 'r')} AND {sql.equal(Document, ['deleted'], 'd')} "
            f"AND {sql.column(Document, 'sunat_state', 'd')} <> {sql.placeholders(1)} "
            f"ORDER BY {sql.column(Document, 'id', 'd')}")


def live_notes(document_id):
    """[(note id, doc_type, total, reason code)] of the document's notes that count (see live_notes_of), in
    id order."""
    rows = sql.fetch(_live_notes_text(), [document_id, False, REJECTED])
    codes = [row[3] for row in rows]
    return [(*values, code) for values, code in zip(sql.values(Document, ("id", "doc_type", "total"),
                                                               [row[:3] for row in rows]), codes)]


def insert_reference(note_id, modified_id, reason_code, reason):
    """The note's link to the document it modifies (deferred inside one round trip)."""
    insert_values(NoteReference, ("note", "modified", "reason_code", "reason"),
                  [(note_id, modified_id, reason_code, reason)])
