"""What SUNAT electronic invoicing needs: the issuer per company, and each document's submission.

The submission lives beside the document (not in it) so that listings never load signed XML or CDRs.
Secrets (SOL password, private key) are stored here sealed (models/sealed.py) and never rendered:
`Issuer.__repr__` and the CLI show only whether they are set.
"""

from peewee import AutoField
from peewee import BlobField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from models.base import BaseModel
from models.sealed import SealedField
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

    def __repr__(self):
        return f"<Issuer {self.ruc} {self.environment}>"

    @property
    def bill_service_url(self):
        return self.service_url or ENVIRONMENTS.get(self.environment, self.environment)

    @property
    def consult_service_url(self):
        return self.consult_url or CONSULT_URL

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
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)


class Attempt(BaseModel):
    """One exchange with SUNAT (or the failure to have one), for the record."""

    id = AutoField()
    submission = ForeignKeyField(Submission, backref="attempt_log", on_delete="CASCADE")
    at = DateTimeField(default=utc_now)
    operation = CharField(max_length=20)  # sendBill, getStatusCdr
    outcome = CharField(max_length=20)  # aceptado, observado, rechazado, error, excepcion
    code = CharField(max_length=10, default="")
    message = TextField(default="")
