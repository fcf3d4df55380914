"""Kardex: every stock movement of a product, with the balance it left behind."""

from decimal import Decimal

from peewee import AutoField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField

from domain.clock import utc_now
from models.base import BaseModel
from models.base import precise
from models.bulk import insert_values
from models.company import Company
from models.document import Document
from models.product import Product

INCOME = "ingreso"
SALE = "venta"
SALE_REVERSAL = "reversion_venta"
PURCHASE = "compra"  # a supplier bill's line (models/purchase.py)
PURCHASE_REVERSAL = "reversion_compra"
RETURN = "devolucion"  # goods a nota de crédito brings back (its reasons 01, 06, 07)
RETURN_REVERSAL = "reversion_devolucion"  # that return undone, when the note is annulled


class StockMovement(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)  # movements are read by product
    product = ForeignKeyField(Product, on_delete="CASCADE", index=False)  # (product, id) below
    document = ForeignKeyField(Document, null=True, on_delete="CASCADE")
    # The supplier bill a purchase movement comes from; a plain id so that older databases get the column
    # on init-db before the bills' table exists.
    purchase = IntegerField(null=True, index=True, column_name="purchase_id")
    kind = CharField(max_length=20)
    quantity = precise()  # signed: positive in, negative out
    unit_cost = precise()
    balance_quantity = precise()
    balance_average_cost = precise()
    description = CharField(max_length=1000, default="")
    reference = CharField(max_length=250, default="")
    movement_date = DateField()
    created_at = DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("product", "id"), False),)


MOVEMENT_FIELDS = ("company", "product", "document", "kind", "quantity", "unit_cost", "balance_quantity",
                   "balance_average_cost", "description", "reference", "movement_date", "purchase")
EXIT_FIELDS = ("product", "quantity", "unit_cost", "balance_quantity", "balance_average_cost")


def insert_movements(rows):
    """Kardex rows, tuples in MOVEMENT_FIELDS order, in one statement (deferred inside one round trip)."""
    insert_values(StockMovement, MOVEMENT_FIELDS, rows)


def insert_exits(rows, company_id, document_id, kind, description, day):
    """A document's exits, tuples in EXIT_FIELDS order; what they share is sent once."""
    insert_values(StockMovement, EXIT_FIELDS, rows, shared={
        "company": company_id, "document": document_id, "kind": kind, "description": description,
        "reference": "", "movement_date": day})


def last_movement(product_id):
    return (StockMovement.select().where(StockMovement.product == product_id)
            .order_by(StockMovement.id.desc()).get())


def document_balance(document_id):
    """product id → (quantity, value) a document's movements add up to: negative while its sale is out."""
    totals = {}
    for quantity, cost, product_id in (StockMovement.select(StockMovement.quantity, StockMovement.unit_cost,
                                                            StockMovement.product)
                                       .where(StockMovement.document == document_id).tuples()):
        moved, value = totals.get(product_id, (Decimal(0), Decimal(0)))
        totals[product_id] = (moved + quantity, value + quantity * cost)
    return totals



def purchase_balance(purchase_id):
    """product id → (quantity, value) a supplier bill's movements add up to: positive while its goods are in."""
    totals = {}
    for quantity, cost, product_id in (StockMovement.select(StockMovement.quantity, StockMovement.unit_cost,
                                                            StockMovement.product)
                                       .where(StockMovement.purchase == purchase_id).tuples()):
        moved, value = totals.get(product_id, (Decimal(0), Decimal(0)))
        totals[product_id] = (moved + quantity, value + quantity * cost)
    return totals
