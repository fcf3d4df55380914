"""Resúmenes diarios (RC) and comunicaciones de baja (RA): the signed summary, its ticket and its lines.

A summary is stored, signed, before it is sent: a crash between sendSummary and storing the ticket
leaves the row (state pendiente, attempts > 0, no ticket), and the next pass resends the same file,
which SUNAT answers with a ticket or with 2223 (already presented); see sunat/summaries.py.
"""

from peewee import AutoField
from peewee import BlobField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField
from peewee import fn

from domain.clock import utc_now
from models.base import BaseModel
from models.base import for_update
from models.company import Company
from models.document import Document

# A summary's states
BUILT = "pendiente"  # signed and stored; sendSummary not answered yet
IN_PROCESS = "en_proceso"  # SUNAT gave a ticket: getStatus until it decides
ACCEPTED = "aceptado"
REJECTED = "rechazado"
REPLACED = "reemplazado"  # presented before but its ticket lost (2223): a new summary carries its lines
OPEN = (BUILT, IN_PROCESS)
STATES = (BUILT, IN_PROCESS, ACCEPTED, REJECTED, REPLACED)


class Summary(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE")
    prefix = CharField(max_length=2)  # RC or RA
    reference_date = DateField()  # the documents' issue date
    issue_date = DateField()  # generation date, in the name
    correlative = IntegerField()
    file_name = CharField(max_length=60)  # RUC-RC-YYYYMMDD-N
    signed_xml = BlobField()
    digest = CharField(max_length=100)
    state = CharField(max_length=20, default=BUILT)
    ticket = CharField(max_length=60, default="")
    code = CharField(max_length=10, default="")
    description = TextField(default="")
    cdr_zip = BlobField(null=True)
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(null=True, index=True)
    leased_until = DateTimeField(null=True)
    last_error = TextField(default="")
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("company", "prefix", "issue_date", "correlative"), True),)


class SummaryLine(BaseModel):
    id = AutoField()
    summary = ForeignKeyField(Summary, backref="lines", on_delete="CASCADE")
    document = ForeignKeyField(Document, on_delete="CASCADE")
    position = IntegerField()
    condition = IntegerField()  # 1 add, 2 modify, 3 annul (RA lines: 3)
    reason = TextField(default="")  # the motivo of a baja

    class Meta:
        indexes = ((("document",), False),)


def lock_company(company_id):
    """Builders of a company's summaries take their turn on its row (PostgreSQL; SQLite's IMMEDIATE write
    transaction already serialises them). Call inside a write transaction."""
    list(for_update(Company.select(Company.id).where(Company.id == company_id)))


def next_correlative(company_id, prefix, issue_date):
    """The next N of RUC-RC-YYYYMMDD-N: the company's row is locked first (PostgreSQL) so two builders
    never take the same one. Call inside a write transaction."""
    lock_company(company_id)
    last = (Summary.select(fn.MAX(Summary.correlative))
            .where((Summary.company == company_id) & (Summary.prefix == prefix) & (Summary.issue_date == issue_date))
            .scalar())
    return (last or 0) + 1


def gathering(company_id, prefix, reference_date, max_lines):
    """The company's summary of `reference_date` still gathering lines (never claimed, never sent, its
    window not over, room left), locked; None when there is none. After lock_company."""
    moment = utc_now()
    query = for_update(Summary.select().where(
        (Summary.company == company_id) & (Summary.prefix == prefix) & (Summary.reference_date == reference_date)
        & (Summary.state == BUILT) & (Summary.ticket == "") & (Summary.attempts == 0)
        & Summary.leased_until.is_null() & (Summary.next_attempt_at > moment)
        & (SummaryLine.select(fn.COUNT(SummaryLine.id)).where(SummaryLine.summary == Summary.id) < max_lines))
        .order_by(Summary.id).limit(1))
    return next(iter(query), None)


def in_open_summary(document_id):
    """Whether the document is in a summary SUNAT has, or may have, not decided on."""
    return (SummaryLine.select().join(Summary)
            .where((SummaryLine.document == document_id) & Summary.state.in_(OPEN)).exists())


def summaries_of(document_id):
    """The summaries a document has been in, newest first, with its line's condition."""
    return list(Summary.select(Summary, SummaryLine.condition.alias("condition")).join(SummaryLine)
                .where(SummaryLine.document == document_id).order_by(Summary.id.desc()).objects())


def due_ids(limit=20):
    """Summaries to send or poll now that nobody is working on (each is leased when processed)."""
    moment = utc_now()
    return [s.id for s in Summary.select(Summary.id).where(
        Summary.state.in_(OPEN) & (Summary.next_attempt_at <= moment)
        & (Summary.leased_until.is_null() | (Summary.leased_until < moment)))
        .order_by(Summary.next_attempt_at).limit(limit)]
