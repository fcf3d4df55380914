"""Clients and suppliers (third parties), their contacts (persons) and their addresses (sucursales)."""

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from domain.catalogs import CLIENT
from domain.clock import utc_now
from domain.identity import DNI
from domain.identity import RUC
from models import sql
from models.base import BaseModel
from models.company import Company


class Party(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)  # indexes below lead with it
    kind = IntegerField()  # domain.catalogs.CLIENT or SUPPLIER: the ERP's `idtipo_cliente`
    name = CharField(max_length=250)
    trade_name = CharField(max_length=250, default="")
    doc_type = IntegerField()  # cliente_idtipo_documento (domain.identity): 2 DNI, 4 RUC, …
    doc_number = CharField(max_length=15)
    description = TextField(default="")
    private_notes = TextField(default="")
    code = CharField(max_length=32)
    created_by_key = IntegerField(default=0)
    deleted = BooleanField(default=False)
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)

    class Meta:
        # Listings page through one company's live parties of one kind by id.
        indexes = ((("company", "kind", "deleted", "id"), False),)


# A DNI or RUC names one live client (or supplier) per company, even under concurrent requests.
Party.add_index(Party.index(Party.company, Party.kind, Party.doc_number, unique=True,
                            where=(Party.deleted == False) & Party.doc_type.in_([DNI, RUC])))  # noqa: E712


class Contact(BaseModel):
    """A person at a client or supplier; the first one created is its main contact (`idpersonal`)."""

    id = AutoField()
    party = ForeignKeyField(Party, backref="contacts", on_delete="CASCADE")
    first_name = CharField(max_length=250)
    last_name = CharField(max_length=250)
    dni = CharField(max_length=8)
    email = CharField(max_length=250)
    phone = CharField(max_length=250, null=True)
    mobile = CharField(max_length=250, null=True)
    sex = IntegerField(null=True)


class Address(BaseModel):
    """A place of a client or supplier; the first one created is its main address (`idsucursal`)."""

    id = AutoField()
    party = ForeignKeyField(Party, backref="addresses", on_delete="CASCADE")
    name = CharField(max_length=250)
    phone = CharField(max_length=250, null=True)
    address = CharField(max_length=250)
    district_id = IntegerField()
    province_id = IntegerField()
    department_id = IntegerField()
    country_id = IntegerField()


# What a sale reads of its client and contact.
PARTY_SALE_FIELDS = ("id", "kind", "name", "doc_type", "doc_number")
CONTACT_SALE_FIELDS = ("id", "party")


@sql.statement
def _client_and_contact_text():
    return (f"SELECT {sql.columns(Party, PARTY_SALE_FIELDS, 'p')}, {sql.columns(Contact, CONTACT_SALE_FIELDS, 'c')} "
            f"FROM {sql.table(Contact)} AS c JOIN {sql.table(Party)} AS p "
            f"ON {sql.column(Party, 'id', 'p')} = {sql.column(Contact, 'party', 'c')} "
            f"WHERE {sql.equal(Contact, ['id'], 'c')} AND {sql.equal(Party, ['id', 'company', 'kind', 'deleted'], 'p')}")


def client_and_contact(company_id, client_id, contact_id):
    """(Party, Contact) of a live client of the company and one of its contacts, in one fixed query, or
    None. Only the fields a document needs are read."""
    found = sql.fetch(_client_and_contact_text(), [contact_id, client_id, company_id, CLIENT, False])
    if not found:
        return None
    row = found[0]
    return (sql.instance(Party, PARTY_SALE_FIELDS, row[:len(PARTY_SALE_FIELDS)]),
            sql.instance(Contact, CONTACT_SALE_FIELDS, row[len(PARTY_SALE_FIELDS):]))


def live_party(company_id, kind, party_id):
    """The company's live client or supplier with that id, or None."""
    return Party.get_or_none((Party.id == party_id) & (Party.company == company_id)
                             & (Party.kind == kind) & (Party.deleted == False))  # noqa: E712
