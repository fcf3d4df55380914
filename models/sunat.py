"""What SUNAT electronic invoicing needs: the issuer per company, and each document's submission.

The submission lives beside the document (not in it) so that listings never load signed XML or CDRs.
Secrets (SOL password, private key) are stored here sealed (models/sealed.py) and never rendered:
`Issuer.__repr__` and the CLI show only whether they are set.
"""

from peewee import AutoField
from peewee import BlobField
from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from peewee import fn

from models import sql
from models import wakeup
from models.base import BaseModel
from models.base import defer
from models.sealed import SealedField
from models.base import is_sqlite
from domain.clock import utc_now
from domain.sunat_states import PENDING
from models.company import Company
from models.document import Document

ENVIRONMENTS = {
    "beta": "https://e-beta.sunat.gob.pe/ol-ti-itcpfegem-beta/billService",
    "produccion": "https://e-factura.sunat.gob.pe/ol-ti-itcpfegem/billService",
}
CUSTOM = "personalizado"  # service_url holds the address
CONSULT_URL = "https://e-factura.sunat.gob.pe/ol-it-wsconscpegem/billConsultService"


class Issuer(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, unique=True, on_delete="CASCADE")
    ruc = CharField(max_length=11)
    razon_social = CharField(max_length=250)
    nombre_comercial = CharField(max_length=250, default="")
    address_line = CharField(max_length=250)
    ubigeo = CharField(max_length=6)
    department = CharField(max_length=100)
    province = CharField(max_length=100)
    district = CharField(max_length=100)
    urbanization = CharField(max_length=100, default="-")
    establishment_code = CharField(max_length=4, default="0000")
    sol_user = CharField(max_length=100, default="")
    sol_password = SealedField(default="")  # sealed: longer than the 250 characters it may hold
    private_key_pem = SealedField(default="")
    certificate_pem = TextField(default="")
    environment = CharField(max_length=20, default="beta")  # beta, produccion or personalizado
    service_url = CharField(max_length=500, default="")
    consult_url = CharField(max_length=500, default="")
    signature_algorithm = CharField(max_length=20, default="rsa-sha1")
    detraccion_account = CharField(max_length=30, default="")
    connect_timeout = IntegerField(default=10)
    read_timeout = IntegerField(default=60)
    # Every factura, boleta and note is queued for SUNAT when it is created (False: only when asked).
    send_on_creation = BooleanField(default=True)
    # Boletas (and their notes) go one by one with sendBill, or in the day's resumen diario (RC).
    boletas_by_summary = BooleanField(default=False)

    def __repr__(self):
        return f"<Issuer {self.ruc} {self.environment}>"

    @property
    def bill_service_url(self):
        return self.service_url or ENVIRONMENTS.get(self.environment, self.environment)

    @property
    def consult_service_url(self):
        """getStatusCdr's address; "" in beta, which has no billConsultService (production's would never
        know a beta document)."""
        if self.consult_url:
            return self.consult_url
        return "" if self.environment == "beta" else CONSULT_URL

    @property
    def username(self):
        """SOL login as SUNAT wants it: the RUC followed by the SOL user."""
        return f"{self.ruc}{self.sol_user}"


class Submission(BaseModel):
    """A document's electronic life: signed XML, hash, SUNAT's verdict and CDR, the retry schedule."""

    id = AutoField()
    document = ForeignKeyField(Document, unique=True, on_delete="CASCADE")
    file_name = CharField(max_length=60)
    signed_xml = BlobField()
    digest = CharField(max_length=100)  # DigestValue of the signature: the printed "hash"
    state = CharField(max_length=20, default=PENDING)
    code = CharField(max_length=10, default="")
    description = TextField(default="")
    notes = TextField(default="[]")  # JSON list of {"codigo", "descripcion"}
    cdr_zip = BlobField(null=True)
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(null=True, index=True)
    leased_until = DateTimeField(null=True)  # someone is talking to SUNAT about it until then
    last_error = TextField(default="")
    # The last try failed on SUNAT's side (no answer, busy): due again as soon as SUNAT answers anyone.
    waiting_on_sunat = BooleanField(default=False)
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)


def queue(document_id):
    """Queue a new document for sendBill: the worker signs and sends it (and is woken now)."""
    moment = utc_now()
    Submission.insert(document=document_id, file_name="", signed_xml=b"", digest="", next_attempt_at=moment,
                      created_at=moment, updated_at=moment).execute()
    wakeup.announce()


def claim_due(limit, lease):
    """Submissions now leased to the caller for `lease` (a timedelta): due, pending, nobody else's, oldest
    due first. Call inside a write transaction. PostgreSQL skips the rows another worker is claiming
    instead of waiting for them (FOR UPDATE SKIP LOCKED); on SQLite the IMMEDIATE write transaction runs
    one claim at a time. One fixed statement (models/sql.py): a draining worker claims many times a second."""
    moment = utc_now()
    rows = sql.fetch(_claim_text(), [moment + lease, PENDING, moment, moment, limit])
    claimed = [sql.instance(Submission, SUBMISSION_FIELDS, row) for row in rows]
    return sorted(claimed, key=lambda submission: (submission.next_attempt_at, submission.id))


SUBMISSION_FIELDS = tuple(Submission._meta.sorted_field_names)


@sql.statement
def _claim_text():
    due = (f"SELECT {sql.column(Submission, 'id')} FROM {sql.table(Submission)} "
           f"WHERE {sql.equal(Submission, ['state'])} AND {sql.column(Submission, 'next_attempt_at')} <= {sql.placeholders(1)} "
           f"AND ({sql.column(Submission, 'leased_until')} IS NULL OR {sql.column(Submission, 'leased_until')} < {sql.placeholders(1)}) "
           f"ORDER BY {sql.column(Submission, 'next_attempt_at')} LIMIT {sql.placeholders(1)}"
           f"{'' if is_sqlite() else ' FOR UPDATE SKIP LOCKED'}")
    return (f"UPDATE {sql.table(Submission)} SET {sql.equal(Submission, ['leased_until'])} "
            f"WHERE {sql.column(Submission, 'id')} IN ({due}) RETURNING {sql.columns(Submission, SUBMISSION_FIELDS)}")


ISSUER_FIELDS = tuple(Issuer._meta.sorted_field_names)
DOCUMENT_FIELDS = tuple(Document._meta.sorted_field_names)


def documents_with_issuers(document_ids):
    """document id → (the Document, its company's Issuer or None), in one fixed statement."""
    if not document_ids:
        return {}
    split = len(DOCUMENT_FIELDS)
    found, issuers = {}, {}
    for row in sql.fetch(_documents_with_issuers_text(len(document_ids)), list(document_ids)):
        document = sql.instance(Document, DOCUMENT_FIELDS, row[:split])
        if document.company_id not in issuers:  # once per company: reading it opens its sealed secrets
            issuers[document.company_id] = (sql.instance(Issuer, ISSUER_FIELDS, row[split:])
                                            if row[split] is not None else None)
        found[document.id] = (document, issuers[document.company_id])
    return found


@sql.statement
def _documents_with_issuers_text(count):
    return (f"SELECT {sql.columns(Document, DOCUMENT_FIELDS, 'd')}, {sql.columns(Issuer, ISSUER_FIELDS, 'i')} "
            f"FROM {sql.table(Document)} AS d LEFT JOIN {sql.table(Issuer)} AS i "
            f"ON {sql.column(Issuer, 'company', 'i')} = {sql.column(Document, 'company', 'd')} "
            f"WHERE {sql.column(Document, 'id', 'd')} IN ({sql.placeholders(count)})")


def _unsent(document_id):
    moment = utc_now()
    # Unsigned too: a signed document may have been printed, and its printed hash is what SUNAT receives.
    return ((Submission.document == document_id) & (Submission.attempts == 0) & (Submission.file_name == "")
            & (Submission.leased_until.is_null() | (Submission.leased_until < moment)))


def handed_to_sunat(document_id, withdraw=False):
    """Whether the document's submission has been (or is being) signed or sent. One queued and never
    signed stays editable, or, with `withdraw`, is taken off the queue; the conditional write keeps this
    atomic against a worker's claim."""
    if not Submission.select().where(Submission.document == document_id).exists():
        return False
    if withdraw:
        return Submission.delete().where(_unsent(document_id)).execute() == 0
    return Submission.update(file_name="", signed_xml=b"", digest="").where(_unsent(document_id)).execute() == 0


def next_due_at():
    """When the earliest pending submission is due (None: nothing pending)."""
    return (Submission.select(fn.MIN(Submission.next_attempt_at))
            .where(Submission.state == PENDING).scalar())


def release_waiting_on_sunat():
    """SUNAT answers again: everything that waited only on it is due now, whatever its backoff said.
    Fixed SQL (models/sql.py), deferred inside `one_round_trip`: the worker runs it after every batch
    SUNAT answered."""
    moment = utc_now()
    defer(_release_text(), [moment, False, PENDING, True, moment])


@sql.statement
def _release_text():
    return (f"UPDATE {sql.table(Submission)} SET {sql.equal(Submission, ['next_attempt_at'])}, "
            f"{sql.equal(Submission, ['waiting_on_sunat'])} WHERE {sql.equal(Submission, ['state'])} "
            f"AND {sql.equal(Submission, ['waiting_on_sunat'])} AND {sql.column(Submission, 'next_attempt_at')} > {sql.placeholders(1)}")


class Attempt(BaseModel):
    """One exchange with SUNAT (or the failure to have one), for the record."""

    id = AutoField()
    submission = ForeignKeyField(Submission, backref="attempt_log", on_delete="CASCADE")
    at = DateTimeField(default=utc_now)
    operation = CharField(max_length=20)  # sendBill, getStatusCdr, sendSummary, getStatus
    outcome = CharField(max_length=20)  # aceptado, observado, rechazado, error, excepcion
    code = CharField(max_length=10, default="")
    message = TextField(default="")
