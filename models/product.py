"""Products and services that detail lines sell, with their stock and weighted-average cost; the reads and
stock updates every sale makes, as fixed SQL."""

import json

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
from models.base import for_update
from models.base import is_sqlite
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
    stock = precise(default=0)
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
SALE_FIELDS = ("id", "company", "code", "name", "unit", "price", "igv_affectation", "controls_stock", "stock",
               "average_cost", "icbper", "isc_system", "isc_rate")
BALANCE_FIELDS = ("id", "stock", "average_cost")


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
def _balances_text(count):
    key = sql.column(Product, "id")
    return (f"SELECT {sql.columns(Product, BALANCE_FIELDS)} FROM {sql.table(Product)} "
            f"WHERE {key} IN ({sql.placeholders(count)}) ORDER BY {key}{sql.locking()}")


def locked(product_ids, loaded=None):
    """id → Product, locked until commit, taken in id order (so two sales never deadlock).

    Products already `loaded` (read before the write lock) only have their stock and average cost read
    again, under the lock: those are what concurrent sales change.
    """
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    if loaded is not None:
        for product_id, stock, average_cost in sql.values(Product, BALANCE_FIELDS,
                                                          sql.fetch(_balances_text(len(ids)), ids)):
            loaded[product_id].stock, loaded[product_id].average_cost = stock, average_cost
        return {i: loaded[i] for i in ids}
    query = for_update(Product.select().where(Product.id.in_(ids)).order_by(Product.id))
    return {product.id: product for product in query}


@sql.statement
def _take_out_text(count):
    table, key, stock = sql.table(Product), sql.column(Product, "id"), sql.column(Product, "stock")
    # The locks are taken in id order by the CTE (so two sales never deadlock), then the balances change.
    return (f"WITH locked AS MATERIALIZED (SELECT {key} FROM {table} WHERE {key} IN ({sql.placeholders(count)}) "
            f"ORDER BY {key}{sql.locking()}) "
            f"UPDATE {table} SET {stock} = {table}.{stock} - sold.quantity, "
            f"{sql.column(Product, 'updated_at')} = {sql.placeholders(1)} "
            f"FROM locked JOIN json_to_recordset({sql.placeholders(1)}) AS sold(id integer, quantity numeric) "
            f"ON sold.id = locked.{key} WHERE {table}.{key} = locked.{key} "
            f"RETURNING {table}.{key}, {table}.{stock}, {table}.{sql.column(Product, 'average_cost')}")


def take_out(quantities, products):
    """Lock the products of `quantities` (product id → quantity), in id order, and take those quantities out
    of their stock; `products` (id → Product) are left holding their new stock and average cost.

    On PostgreSQL that is one `UPDATE … RETURNING`, exact in NUMERIC, so the rows are locked for one
    statement less; SQLite keeps decimals as TEXT, so there the balance is read, computed here and written back.
    """
    ids = sorted(quantities)
    if not ids:
        return
    if is_sqlite():
        locked(ids, loaded=products)
        for product_id in ids:
            products[product_id].stock -= quantities[product_id]
        now = utc_now()
        update_rows(Product, ["stock", "updated_at"], [(products[i].stock, now, i) for i in ids])
        return
    sold = json.dumps([{"id": i, "quantity": str(quantities[i])} for i in ids])
    rows = sql.fetch(_take_out_text(len(ids)), [*ids, utc_now(), sold])
    for product_id, stock, average_cost in sql.values(Product, BALANCE_FIELDS, rows):
        products[product_id].stock, products[product_id].average_cost = stock, average_cost


def store_balances(products):
    """Write the stock and average cost that `products` (locked Product instances) now hold."""
    moment = utc_now()
    update_rows(Product, ["stock", "average_cost", "updated_at"],
                [(p.stock, p.average_cost, moment, p.id) for p in products])
