"""Transfers between two warehouses of a company: one exit and one entry per line, in one transaction."""

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from domain.clock import utc_now
from models.base import BaseModel
from models.base import precise
from models.bulk import insert_values
from models.company import Company
from models.product import Product


class StockTransfer(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)  # (company, deleted, id) below
    origin = IntegerField()  # warehouse ids
    destination = IntegerField()
    transfer_date = DateField()
    notes = TextField(default="")
    reference = CharField(max_length=250, default="")
    deleted = BooleanField(default=False)
    created_at = DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("company", "deleted", "id"), False),)


class StockTransferLine(BaseModel):
    id = AutoField()
    transfer = ForeignKeyField(StockTransfer, on_delete="CASCADE", index=False)  # (transfer, position) below
    position = IntegerField()
    product = ForeignKeyField(Product, index=False)
    code = IntegerField()
    description = CharField(max_length=1000)
    quantity = precise()
    cost = precise()  # the average it moved at

    class Meta:
        indexes = ((("transfer", "position"), True),)


LINE_FIELDS = ("position", "product", "code", "description", "quantity", "cost")


def insert_lines(transfer_id, rows):
    insert_values(StockTransferLine, LINE_FIELDS, rows, shared={"transfer": transfer_id})


def lines_of(transfer_ids):
    found = {}
    if transfer_ids:
        for line in (StockTransferLine.select().where(StockTransferLine.transfer.in_(list(transfer_ids)))
                     .order_by(StockTransferLine.transfer, StockTransferLine.position)):
            found.setdefault(line.transfer_id, []).append(line)
    return found
