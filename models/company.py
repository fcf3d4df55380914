"""The company (`sis_empresa`) that owns every record, and its API keys."""

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from models.base import BaseModel
from models.base import now


class Company(BaseModel):
    id = AutoField()
    ruc = CharField(max_length=11)
    razon_social = CharField(max_length=250)
    # A sale is a fact: by default it is recorded even when stock would go below zero.
    allow_negative_stock = BooleanField(default=True)
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "sis_empresa"


class ApiKey(BaseModel):
    """An API key, stored only as its SHA-256; `prefix` (first 8 characters) finds the row."""

    id = AutoField()
    company = ForeignKeyField(Company, backref="keys", on_delete="CASCADE")
    prefix = CharField(max_length=8, index=True)
    key_hash = CharField(max_length=64, unique=True)
    label = CharField(max_length=250, default="")
    enabled = BooleanField(default=True)
    created_at = DateTimeField(default=now)
    last_used_at = DateTimeField(null=True)
    # Optional limits: action patterns it may run ("cliente-*", "*-listar"; empty = all), requests a minute.
    permissions = TextField(default="")
    rate_limit = IntegerField(default=0)
