"""Stock exits (salidas de inventario, seed 000): a header naming the warehouse and the motivo, and lines."""

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import DecimalField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from domain.clock import utc_now
from models.base import BaseModel
from models.base import precise
from models.bulk import insert_values
from models.company import Company
from models.product import Product


class StockExit(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)  # (company, deleted, id) below
    warehouse = IntegerField()
    reason = IntegerField()  # salida_motivo (domain/stock_operations.py)
    client = IntegerField(null=True)
    supplier = IntegerField(null=True)
    exit_date = DateField()
    notes = TextField(default="")
    reference = CharField(max_length=250, default="")
    currency = IntegerField(default=1)
    deleted = BooleanField(default=False)
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("company", "deleted", "id"), False),)


class StockExitLine(BaseModel):
    id = AutoField()
    exit = ForeignKeyField(StockExit, on_delete="CASCADE", index=False)  # (exit, position) below
    position = IntegerField()
    product = ForeignKeyField(Product, index=False)
    code = IntegerField()
    description = CharField(max_length=1000)
    serial_number = CharField(max_length=250, null=True)
    quantity = precise()
    cost = precise(null=True)  # as sent; None: at the average cost
    applied_cost = precise()  # what it left at
    price = precise(null=True)
    discount_percent = DecimalField(max_digits=5, decimal_places=2, default=0)

    class Meta:
        indexes = ((("exit", "position"), True),)


LINE_FIELDS = ("position", "product", "code", "description", "serial_number", "quantity", "cost", "applied_cost",
               "price", "discount_percent")


def insert_lines(exit_id, rows):
    insert_values(StockExitLine, LINE_FIELDS, rows, shared={"exit": exit_id})


def lines_of(exit_ids):
    found = {}
    if exit_ids:
        for line in (StockExitLine.select().where(StockExitLine.exit.in_(list(exit_ids)))
                     .order_by(StockExitLine.exit, StockExitLine.position)):
            found.setdefault(line.exit_id, []).append(line)
    return found


def delete_lines(exit_id):
    StockExitLine.delete().where(StockExitLine.exit == exit_id).execute()
