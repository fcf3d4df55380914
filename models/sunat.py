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

from models import wakeup
from models.base import BaseModel
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
    """Submissions now leased to the caller for `lease` (a timedelta): due, pending, nobody else's. Call
    inside a write transaction. PostgreSQL skips the rows another worker is claiming instead of waiting
    for them (FOR UPDATE SKIP LOCKED); on SQLite the IMMEDIATE write transaction runs one claim at a time."""
    moment = utc_now()
    due = (Submission.select(Submission.id)
           .where((Submission.state == PENDING) & (Submission.next_attempt_at <= moment)
                  & (Submission.leased_until.is_null() | (Submission.leased_until < moment)))
           .order_by(Submission.next_attempt_at).limit(limit))
    if not is_sqlite():
        due = due.for_update("FOR UPDATE SKIP LOCKED")
    ids = [row.id for row in Submission.update(leased_until=moment + lease).where(Submission.id.in_(due))
           .returning(Submission.id).execute()]
    return list(Submission.select().where(Submission.id.in_(ids)).order_by(Submission.next_attempt_at)) if ids else []


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
    """SUNAT answers again: everything that waited only on it is due now, whatever its backoff said."""
    moment = utc_now()
    return (Submission.update(next_attempt_at=moment, waiting_on_sunat=False)
            .where((Submission.state == PENDING) & Submission.waiting_on_sunat & (Submission.next_attempt_at > moment))
            .execute())


class Attempt(BaseModel):
    """One exchange with SUNAT (or the failure to have one), for the record."""

    id = AutoField()
    submission = ForeignKeyField(Submission, backref="attempt_log", on_delete="CASCADE")
    at = DateTimeField(default=utc_now)
    operation = CharField(max_length=20)  # sendBill, getStatusCdr, sendSummary, getStatus
    outcome = CharField(max_length=20)  # aceptado, observado, rechazado, error, excepcion
    code = CharField(max_length=10, default="")
    message = TextField(default="")
