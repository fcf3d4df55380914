"""Stock movements (kardex): income, sales and their reversal, always leaving stock = kardex balance.

Every change to a product's stock writes its movement with the balance it leaves, in the same
transaction: `apply` for incomes and reversals, `take_out` and `record_exits` for sales. Products are
locked first (FOR NO KEY UPDATE on PostgreSQL, in id order so two sales never deadlock); on SQLite the
IMMEDIATE transaction serialises.
"""

import datetime
import json
from decimal import ROUND_HALF_UP
from decimal import Decimal

from errors import StateConflict
from models import Product
from models import StockMovement
from models.base import for_update
from models.base import is_sqlite
from models.base import now
from models import sql
from models.bulk import insert_values
from models.bulk import update_rows
from models.stock import INCOME
from models.stock import SALE
from models.stock import SALE_REVERSAL

COST_PLACES = Decimal("1E-10")
LIMA = datetime.timezone(datetime.timedelta(hours=-5))  # Peru keeps UTC−5 all year


def lima_today():
    return datetime.datetime.now(LIMA).date()


def lima_now():
    return datetime.datetime.now(LIMA).replace(tzinfo=None, microsecond=0)


BALANCE_FIELDS = ("id", "stock", "average_cost")


@sql.statement
def balances_query(count):
    key = sql.column(Product, "id")
    return (f"SELECT {sql.columns(Product, BALANCE_FIELDS)} FROM {sql.table(Product)} "
            f"WHERE {key} IN ({sql.placeholders(count)}) ORDER BY {key}{sql.locking()}")


def locked_products(product_ids, loaded=None):
    """id → Product, locked for this transaction, taken in id order.

    Products already `loaded` (before the write lock) only have their stock and average cost read
    again, under the lock: those are what concurrent sales change.
    """
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    if loaded is not None:
        for product_id, stock, average_cost in sql.values(Product, BALANCE_FIELDS,
                                                          sql.fetch(balances_query(len(ids)), ids)):
            loaded[product_id].stock, loaded[product_id].average_cost = stock, average_cost
        return {i: loaded[i] for i in ids}
    query = for_update(Product.select().where(Product.id.in_(ids)).order_by(Product.id))
    return {product.id: product for product in query}


def weighted_average(stock, average, quantity, cost):
    """Average cost after `quantity` enters at `cost` (seed 001: 50 at 20 + 30 at 25 → 21.875)."""
    total = stock + quantity
    if stock <= 0 or total <= 0:
        return cost
    return ((stock * average + quantity * cost) / total).quantize(COST_PLACES, rounding=ROUND_HALF_UP)


def move(product, kind, quantity, unit_cost, day, document=None, description="", reference=""):
    """Write one movement of signed `quantity` and apply it to `product` (already locked); returns its row."""
    previous = product.stock
    apply([Movement(product, kind, quantity, unit_cost, day, document, description, reference)])
    movement = (StockMovement.select().where(StockMovement.product == product.id)
                .order_by(StockMovement.id.desc()).get())
    return movement, previous


class Movement:
    """A stock change to write: what `apply` turns into kardex rows and product balances."""

    def __init__(self, product, kind, quantity, unit_cost, day, document=None, description="", reference=""):
        self.product = product
        self.kind = kind
        self.quantity = quantity
        self.unit_cost = unit_cost
        self.day = day
        self.document = document
        self.description = description
        self.reference = reference


MOVEMENT_FIELDS = ("company", "product", "document", "kind", "quantity", "unit_cost", "balance_quantity",
                   "balance_average_cost", "description", "reference", "movement_date")


def apply(movements):
    """Write movements (products already locked) in two statements, whatever their number.

    Balances are computed here, in order, so each kardex row records the stock and average it left.
    """
    rows, touched = [], {}
    for m in movements:
        product = m.product
        balance = product.stock + m.quantity
        average = product.average_cost
        if m.quantity > 0:
            average = weighted_average(product.stock, average, m.quantity, m.unit_cost)
        product.stock, product.average_cost = balance, average
        touched[product.id] = product
        rows.append((product.company_id, product.id, m.document, m.kind, m.quantity, m.unit_cost, balance, average,
                     m.description, m.reference, m.day))
    if not rows:
        return
    insert_values(StockMovement, MOVEMENT_FIELDS, rows)
    moment = now()
    update_rows(Product, ["stock", "average_cost", "updated_at"],
                [(p.stock, p.average_cost, moment, p.id) for p in touched.values()])


def income(product, quantity, cost, day, description="", reference=""):
    return move(product, INCOME, Decimal(quantity), cost, day, description=description, reference=reference)


def sell(document, quantities, products, allow_negative):
    """Exits for a document: `quantities` maps product id → quantity sold (stock-controlled ones only)."""
    take_out(quantities, products, allow_negative)
    record_exits(document, quantities, products)


@sql.statement
def take_out_query(count):
    table, key, stock = sql.table(Product), sql.column(Product, "id"), sql.column(Product, "stock")
    # The locks are taken in id order by the CTE (so two sales never deadlock), then the balances change.
    return (f"WITH locked AS MATERIALIZED (SELECT {key} FROM {table} WHERE {key} IN ({sql.placeholders(count)}) "
            f"ORDER BY {key}{sql.locking()}) "
            f"UPDATE {table} SET {stock} = {table}.{stock} - sold.quantity, "
            f"{sql.column(Product, 'updated_at')} = {sql.placeholders(1)} "
            f"FROM locked JOIN json_to_recordset({sql.placeholders(1)}) AS sold(id integer, quantity numeric) "
            f"ON sold.id = locked.{key} WHERE {table}.{key} = locked.{key} "
            f"RETURNING {table}.{key}, {table}.{stock}, {table}.{sql.column(Product, 'average_cost')}")


def take_out(quantities, products, allow_negative):
    """Lock the products sold, in id order, and take `quantities` (product id → quantity) out of their stock.

    `products` (id → Product) are left holding their new stock and average cost. On PostgreSQL that is
    one `UPDATE … RETURNING`, exact in NUMERIC, so the rows are locked for one statement less; SQLite keeps
    decimals as TEXT, so there the balance is read, computed here and written back.
    """
    ids = sorted(quantities)
    if not ids:
        return
    if is_sqlite():
        locked_products(ids, loaded=products)
        for product_id in ids:
            products[product_id].stock -= quantities[product_id]
        update_rows(Product, ["stock", "updated_at"], [(products[i].stock, now(), i) for i in ids])
    else:
        sold = json.dumps([{"id": i, "quantity": str(quantities[i])} for i in ids])
        for product_id, stock, average_cost in sql.values(Product, BALANCE_FIELDS,
                                                          sql.fetch(take_out_query(len(ids)), [*ids, now(), sold])):
            products[product_id].stock, products[product_id].average_cost = stock, average_cost
    for product_id in ids:
        product = products[product_id]
        if not allow_negative and product.stock < 0:
            raise StateConflict(
                f"stock insuficiente del producto {product.code}: disponible "
                f"{(product.stock + quantities[product_id]).normalize():f}, "
                f"se necesitan {quantities[product_id].normalize():f}")


EXIT_FIELDS = ("product", "quantity", "unit_cost", "balance_quantity", "balance_average_cost")


def record_exits(document, quantities, products):
    """The kardex rows of a sale whose quantities `take_out` took: each at the average cost, with the
    balance it left."""
    insert_values(StockMovement, EXIT_FIELDS, [
        (i, -quantities[i], products[i].average_cost, products[i].stock, products[i].average_cost)
        for i in sorted(quantities)], shared={
        "company": document.company_id, "document": document.id, "kind": SALE,
        "description": f"Venta {document.numero}", "reference": "", "movement_date": document.issue_date})


def outstanding_exits(document_id):
    """product id → (quantity still out, its cost) for a document's sales not yet reversed."""
    totals = {}
    for movement in StockMovement.select().where(StockMovement.document == document_id):
        quantity, value = totals.get(movement.product_id, (Decimal(0), Decimal(0)))
        totals[movement.product_id] = (quantity - movement.quantity, value - movement.quantity * movement.unit_cost)
    return {pid: (q, (v / q).quantize(COST_PLACES, rounding=ROUND_HALF_UP))
            for pid, (q, v) in totals.items() if q != 0}


def reverse_sale(document, outstanding, products, reason):
    """Bring back what a document took out (`outstanding_exits`), at the cost it left with."""
    apply([Movement(products[product_id], SALE_REVERSAL, quantity, cost, lima_today(), document=document.id,
                    description=f"{reason} {document.numero}")
           for product_id, (quantity, cost) in sorted(outstanding.items())])
