"""Clients and suppliers (third parties), their contacts (persons) and their addresses (sucursales)."""

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from models.base import BaseModel
from models.base import now
from models.company import Company

CLIENT = 1
SUPPLIER = 2


class Party(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)  # indexes below lead with it
    kind = IntegerField()  # CLIENT or SUPPLIER: the seed's `idtipo_cliente`
    name = CharField(max_length=250)
    trade_name = CharField(max_length=250, default="")
    doc_type = IntegerField()  # CONTRACT §5: 1 no domiciliado, 2 DNI, 3 CE, 4 RUC, 5 pasaporte, 6 cédula
    doc_number = CharField(max_length=15)
    description = TextField(default="")
    private_notes = TextField(default="")
    code = CharField(max_length=32)
    created_by_key = IntegerField(default=0)
    deleted = BooleanField(default=False)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)

    class Meta:
        # Listings page through one company's live parties of one kind by id.
        indexes = ((("company", "kind", "deleted", "id"), False),)


# A DNI or RUC names one live client (or supplier) per company, even under concurrent requests.
Party.add_index(Party.index(Party.company, Party.kind, Party.doc_number, unique=True,
                            where=(Party.deleted == False) & Party.doc_type.in_([2, 4])))  # noqa: E712


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
