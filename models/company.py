"""The company (`sis_empresa`) that owns every record, and its API keys."""

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from domain.clock import utc_now
from domain.keys import hash_key
from domain.keys import prefix_of
from models import sql
from models.base import BaseModel


class Company(BaseModel):
    id = AutoField()
    ruc = CharField(max_length=11)
    razon_social = CharField(max_length=250)
    # A sale is a fact: by default it is recorded even when stock would go below zero.
    allow_negative_stock = BooleanField(default=True)
    # Its main warehouse (models/warehouse.py), where stock moves when a request names none.
    main_warehouse = IntegerField(null=True)
    created_at = DateTimeField(default=utc_now)

    class Meta:
        table_name = "sis_empresa"

    @property
    def sunat_queue(self):
        """Its SUNAT issuer's QUEUE_FIELDS (an Issuer holding only those), or None when it is no issuer.
        A request's company has them from the key's query (`keys_with_prefix`); any other is read once."""
        if "_sunat_queue" not in self.__dict__:
            self.__dict__["_sunat_queue"] = queue_settings(self.id)
        return self.__dict__["_sunat_queue"]

    @sunat_queue.setter
    def sunat_queue(self, value):
        self.__dict__["_sunat_queue"] = value


class ApiKey(BaseModel):
    """An API key, stored only as its SHA-256; `prefix` (first 8 characters) finds the row."""

    id = AutoField()
    company = ForeignKeyField(Company, backref="keys", on_delete="CASCADE")
    prefix = CharField(max_length=8, index=True)
    key_hash = CharField(max_length=64, unique=True)
    label = CharField(max_length=250, default="")
    enabled = BooleanField(default=True)
    created_at = DateTimeField(default=utc_now)
    last_used_at = DateTimeField(null=True)
    # Optional limits: action patterns it may run ("cliente-*", "*-listar"; empty = all), requests a minute.
    permissions = TextField(default="")
    rate_limit = IntegerField(default=0)


KEY_FIELDS = ("id", "company", "prefix", "key_hash", "label", "enabled", "last_used_at", "permissions", "rate_limit")
COMPANY_FIELDS = ("id", "ruc", "razon_social", "allow_negative_stock", "main_warehouse")
# What a new sale needs of its company's SUNAT issuer (models/sunat.py), read with the key: only these
# two columns, since the whole row would decrypt the sealed SOL password and private key.
QUEUE_FIELDS = ("send_on_creation", "boletas_by_summary")


def _issuer_model():
    from models.sunat import Issuer  # models/sunat.py builds on Company: imported when first needed
    return Issuer


def queue_settings(company_id):
    issuer = _issuer_model()
    return issuer.select(*(getattr(issuer, name) for name in QUEUE_FIELDS)).where(issuer.company == company_id).first()


@sql.statement
def _keys_text():
    issuer = _issuer_model()
    return (f"SELECT {sql.columns(ApiKey, KEY_FIELDS, 'k')}, {sql.columns(Company, COMPANY_FIELDS, 'c')}, "
            f"{sql.columns(issuer, QUEUE_FIELDS, 'i')} "
            f"FROM {sql.table(ApiKey)} AS k JOIN {sql.table(Company)} AS c "
            f"ON {sql.column(Company, 'id', 'c')} = {sql.column(ApiKey, 'company', 'k')} "
            f"LEFT JOIN {sql.table(issuer)} AS i ON {sql.column(issuer, 'company', 'i')} = {sql.column(Company, 'id', 'c')} "
            f"WHERE {sql.equal(ApiKey, ['prefix'], 'k')}")


def keys_with_prefix(prefix):
    """ApiKeys (each with its Company) whose value starts with `prefix`, in one fixed query: it runs on
    every request. The company carries `sunat_queue`: its issuer's QUEUE_FIELDS, or None when it is no
    SUNAT issuer."""
    keys = []
    companies_end = len(KEY_FIELDS) + len(COMPANY_FIELDS)
    for row in sql.fetch(_keys_text(), [prefix]):
        key = sql.instance(ApiKey, KEY_FIELDS, row[:len(KEY_FIELDS)])
        key.company = sql.instance(Company, COMPANY_FIELDS, row[len(KEY_FIELDS):companies_end])
        queue = row[companies_end:]
        key.company.sunat_queue = None if queue[0] is None else sql.instance(_issuer_model(), QUEUE_FIELDS, queue)
        keys.append(key)
    return keys


def store_key(company_id, value, label=""):
    """Register a key `value` (already checked well-formed) for the company; only its hash is kept."""
    return ApiKey.create(company=company_id, prefix=prefix_of(value), key_hash=hash_key(value), label=label)


def key_value_exists(value):
    return ApiKey.select().where(ApiKey.key_hash == hash_key(value)).exists()
