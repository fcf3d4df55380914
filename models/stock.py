"""Kardex: every stock movement of a product, with the balance it left behind."""

from decimal import Decimal

from peewee import AutoField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField

from domain.clock import utc_now
from models import sql
from models.base import BaseModel
from models.base import precise
from models.bulk import insert_values
from models.company import Company
from models.document import Document
from models.product import Product

from domain.stock_operations import INCOME  # noqa: F401  (the kinds' home is domain.stock_operations)
from domain.stock_operations import PURCHASE  # noqa: F401
from domain.stock_operations import PURCHASE_REVERSAL  # noqa: F401
from domain.stock_operations import RETURN  # noqa: F401
from domain.stock_operations import RETURN_REVERSAL  # noqa: F401
from domain.stock_operations import SALE  # noqa: F401
from domain.stock_operations import SALE_REVERSAL  # noqa: F401


class StockMovement(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)  # movements are read by product
    product = ForeignKeyField(Product, on_delete="CASCADE", index=False)  # (product, id) below
    document = ForeignKeyField(Document, null=True, on_delete="CASCADE")
    # The supplier bill a purchase movement comes from; a plain id so that older databases get the column
    # on init-db before the bills' table exists. Not indexed: bills find their movements by origin (below),
    # and an index here took an entry from every sale's movement, where it is always null.
    purchase = IntegerField(null=True, column_name="purchase_id")
    kind = CharField(max_length=20)
    quantity = precise()  # signed: positive in, negative out
    unit_cost = precise()
    balance_quantity = precise()
    balance_average_cost = precise()
    description = CharField(max_length=1000, default="")
    reference = CharField(max_length=250, default="")
    movement_date = DateField()
    created_at = DateTimeField(default=utc_now)
    # The warehouse it moved in and that warehouse's stock of the product after it (balance_quantity is
    # the product's total). No foreign key: warehouses are only ever deleted logically, and the check
    # would cost every sale a lock on the warehouse row.
    warehouse = IntegerField(null=True)
    warehouse_balance = precise(null=True)
    # What made it, besides a sale (`document`): "salida", "transferencia", "conteo", "compra"… and its id.
    origin = CharField(max_length=20, default="")
    origin_id = IntegerField(null=True)
    operation = CharField(max_length=2, default="")  # SUNAT table 12 (domain/stock_operations.py)

    class Meta:
        indexes = ((("product", "id"), False),)


# Only movements that have an origin are found by it: sales' rows stay out of this index.
StockMovement.add_index(StockMovement.index(StockMovement.origin, StockMovement.origin_id,
                                            where=StockMovement.origin_id.is_null(False)))


MOVEMENT_FIELDS = ("company", "product", "document", "kind", "quantity", "unit_cost", "balance_quantity",
                   "balance_average_cost", "description", "reference", "movement_date", "warehouse",
                   "warehouse_balance", "origin", "origin_id", "operation", "purchase")
EXIT_FIELDS = ("product", "quantity", "unit_cost", "balance_quantity", "balance_average_cost", "warehouse_balance")


# What one document's or one origin's movements usually share (sent once when all of them do) and what
# each has of its own: a return of ten lines sends 7 fields a line instead of 17.
SHARED_FIELDS = ("company", "document", "kind", "description", "reference", "movement_date", "origin", "origin_id",
                 "operation", "purchase")
OWN_FIELDS = tuple(name for name in MOVEMENT_FIELDS if name not in SHARED_FIELDS)
_SHARED_AT = tuple(MOVEMENT_FIELDS.index(name) for name in SHARED_FIELDS)
_OWN_AT = tuple(MOVEMENT_FIELDS.index(name) for name in OWN_FIELDS)


def insert_movements(rows):
    """Kardex rows, tuples in MOVEMENT_FIELDS order, in one statement (deferred inside one round trip), in
    their order."""
    common = {tuple(row[i] for i in _SHARED_AT) for row in rows}
    if len(common) != 1:  # a transfer's two kinds, say: every row with all its fields
        insert_values(StockMovement, MOVEMENT_FIELDS, rows)
        return
    insert_values(StockMovement, OWN_FIELDS, [tuple(row[i] for i in _OWN_AT) for row in rows],
                  shared=dict(zip(SHARED_FIELDS, common.pop())))


def insert_exits(rows, company_id, document_id, kind, description, day, warehouse_id, operation):
    """A document's exits, tuples in EXIT_FIELDS order; what they share is sent once."""
    insert_values(StockMovement, EXIT_FIELDS, rows, shared={
        "company": company_id, "document": document_id, "kind": kind, "description": description,
        "reference": "", "movement_date": day, "warehouse": warehouse_id, "operation": operation})


def last_movement(product_id):
    return (StockMovement.select().where(StockMovement.product == product_id)
            .order_by(StockMovement.id.desc()).get())


def document_balance(document_id, by_warehouse=False):
    """product id (with `by_warehouse`, (product id, warehouse id)) → (quantity, value) a document's
    movements add up to: negative while its sale is out."""
    return balance_of(sql.fetch(_balance_text(("document",)), [document_id]), by_warehouse)


def origin_balance(origin, origin_id):
    """(product id, warehouse id) → (quantity, value) the movements of one origin add up to."""
    return balance_of(sql.fetch(_balance_text(("origin", "origin_id")), [origin, origin_id]), True)


BALANCE_FIELDS = ("quantity", "unit_cost", "product", "warehouse")


@sql.statement
def _balance_text(by_fields):
    # Fixed SQL (models/sql.py): every note and annulment reads its sale's movements here.
    return (f"SELECT {sql.columns(StockMovement, BALANCE_FIELDS)} FROM {sql.table(StockMovement)} "
            f"WHERE {sql.equal(StockMovement, by_fields)}")


def balance_of(rows, by_warehouse):
    """What movements (rows of BALANCE_FIELDS, as the database gives them) add up to, as document_balance."""
    totals = {}
    for quantity, cost, product_id, warehouse_id in sql.values(StockMovement, BALANCE_FIELDS, rows):
        key = (product_id, warehouse_id) if by_warehouse else product_id
        moved, value = totals.get(key, (Decimal(0), Decimal(0)))
        totals[key] = (moved + quantity, value + quantity * cost)
    return totals

