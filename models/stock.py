"""Kardex: every stock movement of a product, with the balance it left behind."""

from peewee import AutoField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import ForeignKeyField

from models.base import BaseModel
from models.base import now
from models.base import precise
from models.company import Company
from models.document import Document
from models.product import Product

INCOME = "ingreso"
SALE = "venta"
SALE_REVERSAL = "reversion_venta"


class StockMovement(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)  # movements are read by product
    product = ForeignKeyField(Product, on_delete="CASCADE", index=False)  # (product, id) below
    document = ForeignKeyField(Document, null=True, on_delete="CASCADE")
    kind = CharField(max_length=20)
    quantity = precise()  # signed: positive in, negative out
    unit_cost = precise()
    balance_quantity = precise()
    balance_average_cost = precise()
    description = CharField(max_length=1000, default="")
    reference = CharField(max_length=250, default="")
    movement_date = DateField()
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("product", "id"), False),)
