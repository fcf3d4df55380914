"""Products and services that detail lines sell, with their weighted-average cost; the reads and locks every
sale takes, as fixed SQL.

A product's stock is not kept here: it is the sum of its warehouses' rows (models/warehouse.py), so a sale
writes one row per product (the warehouse's), not two. Code that needs the total reads it under the
product's lock (inventory/stock.py sets it as `product.stock` on the instances it locks).
"""

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DecimalField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField

from domain.catalogs import DEFAULT_UNIT
from domain.catalogs import GOODS
from domain.clock import utc_now
from models import sql
from models.base import BaseModel
from models.base import defer
from models.base import for_update
from models.base import precise
from models.bulk import update_rows
from models.company import Company


class Product(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)  # indexes below lead with it
    code = IntegerField()  # the `cod_num` detail lines reference
    name = CharField(max_length=250)
    unit = CharField(max_length=3, default=DEFAULT_UNIT)  # SUNAT catalogue 03
    price = precise()  # sale price including IGV
    kind = IntegerField(default=GOODS)
    igv_affectation = IntegerField(default=10)  # SUNAT catalogue 07
    controls_stock = BooleanField(default=True)
    icbper = BooleanField(default=False)  # a plastic bag: each unit sold pays ICBPER
    isc_system = CharField(max_length=2, default="")  # ISC, SUNAT catalogue 08 ("01" al valor); "" none
    isc_rate = DecimalField(max_digits=9, decimal_places=4, default=0)  # percent of the value, for "01"
    average_cost = precise(default=0)
    deleted = BooleanField(default=False)
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)

    class Meta:
        # A code stays taken after deletion: old documents still name it.
        indexes = (
            (("company", "code"), True),
            (("company", "deleted", "id"), False),
        )


# What pricing, stock and a sale's lines read of a product (timestamps cost most to convert, and nobody
# reads them there).
SALE_FIELDS = ("id", "company", "code", "name", "unit", "price", "igv_affectation", "controls_stock",
               "average_cost", "icbper", "isc_system", "isc_rate")


@sql.statement
def _by_code_text(count):
    # `deleted` is read, not filtered on: with `deleted = ?` beside the codes SQLite walks every live
    # product of the company (index company, deleted, id) instead of finding each code (company, code).
    return (f"SELECT {sql.columns(Product, SALE_FIELDS)}, {sql.column(Product, 'deleted')} FROM {sql.table(Product)} "
            f"WHERE {sql.equal(Product, ['company'])} AND {sql.column(Product, 'code')} IN ({sql.placeholders(count)})")


def by_code(company_id, codes, include_deleted=False):
    """code → Product (the sale fields) for the company's products among `codes`, in one query."""
    rows = sql.fetch(_by_code_text(len(set(codes))), [company_id, *sorted(set(codes))])
    return {product.code: product for product in (sql.instance(Product, SALE_FIELDS, row[:-1]) for row in rows
                                                  if include_deleted or not row[-1])}


@sql.statement
def _lock_text(count):
    key = sql.column(Product, "id")
    return f"SELECT {key} FROM {sql.table(Product)} WHERE {key} IN ({sql.placeholders(count)}) ORDER BY {key}{sql.locking()}"


def lock_in_front(product_ids):
    """Lock the products until commit, in id order (so two writers never deadlock), by a statement of its
    own, deferred (models.base.defer): inside `one_round_trip()` it travels in front of the next statement,
    in the same round trip. PostgreSQL gives each statement of such a query a snapshot of its own, so the
    next one begins after the locks are held and reads what the writer ahead left (their warehouse rows,
    their average); a statement that waited for a lock itself would read other rows as they were before.

    Every writer of a product's stock or average takes this lock first. SQLite has no row locks: its
    IMMEDIATE write transaction already serialises writers, and there this costs nothing.
    """
    ids = sorted(set(product_ids))
    if ids and sql.locking():
        defer(_lock_text(len(ids)), ids)


def locked(product_ids):
    """id → Product, locked until commit, taken in id order."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    query = for_update(Product.select().where(Product.id.in_(ids)).order_by(Product.id))
    return {product.id: product for product in query}


def store_averages(products):
    """Write the average cost that `products` (locked Product instances) now hold."""
    moment = utc_now()
    update_rows(Product, ["average_cost", "updated_at"], [(p.average_cost, moment, p.id) for p in products])
