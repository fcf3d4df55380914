"""Warehouses (almacenes) and the stock of each product in each of them, with the fixed SQL a sale runs to
take stock out of one warehouse.

`WarehouseStock` holds each warehouse's stock of a product, and a product's stock is the sum of its rows
(`totals`): one row per product for a sale to write. Every writer of a product's warehouse rows holds that
product's lock first (models/product.lock_in_front, a statement of its own), so these rows need no lock of their
own, and the sum read after that lock is the stock the writer ahead left. A warehouse row is created the
first time stock moves there (a missing row is 0).
"""

import json
from decimal import Decimal

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField

from domain.clock import utc_now
from models import sql
from models.base import BaseModel
from models.base import defer
from models.base import one_round_trip
from models.base import is_sqlite
from models.base import precise
from models.company import Company
from models.product import Product
from models.product import lock_in_front

MAIN_NAME = "Principal"


class Warehouse(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)  # (company, deleted, id) below
    name = CharField(max_length=250)
    # SUNAT's establishment code (4 digits, 0000 the fiscal address); None: the issuer's own code.
    code = CharField(max_length=4, null=True)
    address = CharField(max_length=250, default="")
    is_main = BooleanField(default=False)
    # None: the company's policy (sis_empresa.allow_negative_stock); True/False: this warehouse's own.
    allow_negative_stock = BooleanField(null=True)
    deleted = BooleanField(default=False)
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("company", "deleted", "id"), False),)


class WarehouseStock(BaseModel):
    id = AutoField()
    company = IntegerField()  # the product's company, for per-company reports
    product = ForeignKeyField(Product, on_delete="CASCADE", index=False)  # (product, warehouse) below
    warehouse = ForeignKeyField(Warehouse, on_delete="CASCADE")
    stock = precise(default=0)

    class Meta:
        indexes = ((("product", "warehouse"), True),)


def create_main(company_id):
    """The company's main warehouse, recorded on the company; returns it."""
    warehouse = Warehouse.create(company=company_id, name=MAIN_NAME, is_main=True)
    Company.update(main_warehouse=warehouse.id).where(Company.id == company_id).execute()
    return warehouse


def main_id(company_id):
    return Company.select(Company.main_warehouse).where(Company.id == company_id).scalar()


WAREHOUSE_FIELDS = ("id", "company", "name", "code", "address", "is_main", "allow_negative_stock", "deleted")


@sql.statement
def _live_text(count):
    return (f"SELECT {sql.columns(Warehouse, WAREHOUSE_FIELDS)} FROM {sql.table(Warehouse)} "
            f"WHERE {sql.equal(Warehouse, ['company', 'deleted'])} "
            f"AND {sql.column(Warehouse, 'id')} IN ({sql.placeholders(count)})")


def live(company_id, warehouse_ids):
    """id → Warehouse for the company's live warehouses among `warehouse_ids`, in one fixed query."""
    ids = sorted(set(warehouse_ids))
    rows = sql.fetch(_live_text(len(ids)), [company_id, False, *ids])
    return {w.id: w for w in (sql.instance(Warehouse, WAREHOUSE_FIELDS, row) for row in rows)}


@sql.statement
def _balances_of_text(products, warehouses):
    return (f"SELECT {sql.columns(WarehouseStock, ['product', 'warehouse', 'stock'])} FROM {sql.table(WarehouseStock)} "
            f"WHERE {sql.column(WarehouseStock, 'product')} IN ({sql.placeholders(products)}) "
            f"AND {sql.column(WarehouseStock, 'warehouse')} IN ({sql.placeholders(warehouses)})")


def balances(pairs):
    """(product id, warehouse id) → stock, for `pairs`; a pair without a row is absent (its stock is 0)."""
    pairs = set(pairs)
    product_ids = sorted({p for p, _ in pairs})
    warehouse_ids = sorted({w for _, w in pairs})
    found = {}
    for start in range(0, len(product_ids), 10_000):
        chunk = product_ids[start:start + 10_000]
        rows = sql.fetch(_balances_of_text(len(chunk), len(warehouse_ids)), [*chunk, *warehouse_ids])
        for product_id, warehouse_id, stock in sql.values(WarehouseStock, ("product", "warehouse", "stock"), rows):
            if (product_id, warehouse_id) in pairs:
                found[(product_id, warehouse_id)] = stock
    return found


@sql.statement
def _store_text(count):
    table = sql.table(WarehouseStock)
    names = ("company", "product", "warehouse", "stock")
    one_row = f"({sql.placeholders(len(names))})"
    stock = sql.column(WarehouseStock, "stock")
    return (f"INSERT INTO {table} ({sql.columns(WarehouseStock, names)}) VALUES {', '.join([one_row] * count)} "
            f"ON CONFLICT ({sql.columns(WarehouseStock, ['product', 'warehouse'])}) DO UPDATE SET {stock} = excluded.{stock}")


def store(rows):
    """Write warehouse balances: rows of (company id, product id, warehouse id, stock), products locked;
    the last row of a pair wins (one statement may not touch a row twice)."""
    rows = list({(p, w): (c, p, w, s) for c, p, w, s in rows}.values())
    for start in range(0, len(rows), 200):
        chunk = rows[start:start + 200]
        defer(_store_text(len(chunk)), [value for row in chunk for value in row])


def of_products(product_ids):
    """product id → [(warehouse id, stock)] for the rows of those products, warehouse order."""
    found = {}
    if product_ids:
        for product_id, warehouse_id, stock in (
                WarehouseStock.select(WarehouseStock.product, WarehouseStock.warehouse, WarehouseStock.stock)
                .where(WarehouseStock.product.in_(list(product_ids)))
                .order_by(WarehouseStock.product, WarehouseStock.warehouse).tuples()):
            found.setdefault(product_id, []).append((warehouse_id, stock))
    return found


@sql.statement
def _balances_text(count):
    """Each product's average and stock. On PostgreSQL its warehouse rows summed in NUMERIC (exact); on
    SQLite, which keeps decimals as text and would sum them as binary floats, its rows (warehouse, stock),
    to add up in Python (`_shares`)."""
    key, average = sql.column(Product, "id", "p"), sql.column(Product, "average_cost", "p")
    ws, ws_stock = sql.table(WarehouseStock), sql.column(WarehouseStock, "stock", "w")
    ws_product = sql.column(WarehouseStock, "product", "w")
    products, chosen = f"FROM {sql.table(Product)} AS p", f"WHERE {key} IN ({sql.placeholders(count)})"
    if is_sqlite():
        return (f"SELECT {key}, {average}, {sql.column(WarehouseStock, 'warehouse', 'w')}, {ws_stock} {products} "
                f"LEFT JOIN {ws} AS w ON {ws_product} = {key} {chosen}")
    return (f"SELECT {key}, {average}, (SELECT coalesce(sum({ws_stock}), 0) FROM {ws} AS w "
            f"WHERE {ws_product} = {key}) {products} {chosen}")


def _shares(ids):
    """SQLite: product id → (average cost, {warehouse id: stock}) for `ids`, in one query."""
    average, stock = Product.average_cost.python_value, WarehouseStock.stock.python_value
    found = {}
    for product_id, average_cost, warehouse_id, held in sql.fetch(_balances_text(len(ids)), ids):
        shares = found.setdefault(product_id, (average(average_cost), {}))[1]
        if warehouse_id is not None:
            shares[warehouse_id] = stock(held)
    return found


def balances_of(product_ids, lock=False):
    """product id → (average cost, stock: the sum of its warehouses, 0 without any) for `product_ids`,
    in one round trip; with `lock`, read after the products' locks (models/product.lock_in_front)."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    if is_sqlite():  # no row locks there: the IMMEDIATE write transaction serialises writers
        return {product_id: (average_cost, sum(shares.values(), Decimal(0)))
                for product_id, (average_cost, shares) in _shares(ids).items()}
    with one_round_trip():
        if lock:
            lock_in_front(ids)
        rows = sql.fetch(_balances_text(len(ids)), ids)
    average, stock = Product.average_cost.python_value, WarehouseStock.stock.python_value
    return {product_id: (average(average_cost), stock(held)) for product_id, average_cost, held in rows}


def totals(product_ids):
    """product id → its stock, the sum of its warehouses (0 without any)."""
    return {product_id: held for product_id, (_, held) in balances_of(product_ids).items()}


def holds_stock(warehouse_id):
    # Compared here: SQLite keeps the decimals as text, where "0.0000000000" is not 0.
    return any(stock != 0 for (stock,) in WarehouseStock.select(WarehouseStock.stock)
               .where(WarehouseStock.warehouse == warehouse_id).tuples())


# -- a sale's exit: products and one warehouse at once -------------------------------------------------

@sql.statement
def _take_out_text(count):
    return f"WITH {take_out_ctes(count)} SELECT * FROM taken"


def moving_ctes(count, sign):
    """The WITH items that move the stock of `count` products, locked already (models/product.lock_in_front), in one
    warehouse by `sign` ("-" out, "+" in) the quantities given: `before` (id, stock, average_cost: the
    products' balances before, their stock the sum of their warehouses), `moving` (id, quantity) and
    `moved` (product, stock: the warehouse's stock after). Parameters: `moving_params`.

    The products' locks were taken by a statement of their own, so this one's snapshot, taken after them,
    already holds what the writer ahead committed (a snapshot taken before a lock wait would not).
    """
    table, key = sql.table(Product), sql.column(Product, "id")
    ws, ws_stock = sql.table(WarehouseStock), sql.column(WarehouseStock, "stock")
    ws_product, ws_warehouse = sql.column(WarehouseStock, "product"), sql.column(WarehouseStock, "warehouse")
    one = sql.placeholders(1)
    # Every sub-statement sees the same snapshot: `before` sums the rows as they were before `updated`.
    # The warehouse rows are updated in place; only a product's first movement in the warehouse inserts one
    # (ON CONFLICT: none can appear meanwhile, its writer would hold the product's lock, but it costs nothing).
    return (f"before AS MATERIALIZED (SELECT p.{key} AS id, "
            f"(SELECT coalesce(sum(w.{ws_stock}), 0) FROM {ws} AS w WHERE w.{ws_product} = p.{key}) AS stock, "
            f"p.{sql.column(Product, 'average_cost')} AS average_cost "
            f"FROM {table} AS p WHERE p.{key} IN ({sql.placeholders(count)})), "
            f"moving AS (SELECT * FROM json_to_recordset({one}) AS moving(id integer, quantity numeric)), "
            f"updated AS (UPDATE {ws} SET {ws_stock} = {ws}.{ws_stock} {sign} moving.quantity "
            f"FROM moving WHERE {ws}.{ws_product} = moving.id AND {ws}.{ws_warehouse} = {one} "
            f"RETURNING {ws}.{ws_product}, {ws}.{ws_stock}), "
            f"inserted AS (INSERT INTO {ws} ({sql.columns(WarehouseStock, ['company', 'product', 'warehouse', 'stock'])}) "
            f"SELECT {one}, moving.id, {one}, {sign}moving.quantity FROM moving "
            f"WHERE NOT EXISTS (SELECT 1 FROM updated WHERE updated.{ws_product} = moving.id) "
            f"ON CONFLICT ({sql.columns(WarehouseStock, ['product', 'warehouse'])}) "
            f"DO UPDATE SET {ws_stock} = {ws}.{ws_stock} + excluded.{ws_stock} RETURNING {ws_product}, {ws_stock}), "
            f"moved AS (SELECT * FROM updated UNION ALL SELECT * FROM inserted)")


def moving_params(quantities, company_id, warehouse_id):
    """The parameters of `moving_ctes(len(quantities), …)`: `quantities` is product id → quantity (> 0)."""
    ids = sorted(quantities)
    moving = json.dumps([{"id": i, "quantity": str(quantities[i])} for i in ids])
    return [*ids, moving, warehouse_id, company_id, warehouse_id]


def take_out_ctes(count):
    """The WITH items that take stock out of `count` locked products and of one warehouse (`moving_ctes`),
    the last one `taken` (id, stock, average_cost, warehouse_stock: the balances each product is left with);
    parameters: `moving_params`. `moving` (id, quantity) can be read after them."""
    ws_product, ws_stock = sql.column(WarehouseStock, "product"), sql.column(WarehouseStock, "stock")
    return (f"{moving_ctes(count, '-')}, "
            f"taken AS (SELECT before.id, before.stock - moving.quantity AS stock, before.average_cost, "
            f"moved.{ws_stock} AS warehouse_stock "
            f"FROM before JOIN moving ON moving.id = before.id JOIN moved ON moved.{ws_product} = before.id)")


def take_out(quantities, products, company_id, warehouse_id):
    """Lock the products of `quantities` (product id → quantity) in id order and take those quantities out
    of the warehouse; `products` (id → Product) are left holding their new total (`stock`) and average.
    Returns product id → the warehouse's new stock.

    On PostgreSQL the exit is one statement after the lock's; SQLite keeps decimals as TEXT, so there the
    balances are read, computed here and written back.
    """
    ids = sorted(quantities)
    left = {}
    if not ids:
        return left
    if is_sqlite():
        for product_id, (average_cost, shares) in _shares(ids).items():
            product = products[product_id]
            product.average_cost = average_cost
            product.stock = sum(shares.values(), Decimal(0)) - quantities[product_id]
            left[product_id] = shares.get(warehouse_id, Decimal(0)) - quantities[product_id]
        store([(company_id, i, warehouse_id, left[i]) for i in ids])
        return left
    with one_round_trip():
        lock_in_front(ids)
        rows = sql.fetch(_take_out_text(len(ids)), moving_params(quantities, company_id, warehouse_id))
    for product_id, stock, average_cost, in_warehouse in rows:
        product = products[product_id]
        product.stock = WarehouseStock.stock.python_value(stock)
        product.average_cost = Product.average_cost.python_value(average_cost)
        left[product_id] = WarehouseStock.stock.python_value(in_warehouse)
    return left
