"""Stock movements (kardex): income, sales and their reversal, always leaving stock = kardex balance.

Every change to a product's stock goes through `move`, which writes the movement with the balance it
leaves and updates the product in the same transaction. Products are locked first (FOR UPDATE on
PostgreSQL, in id order so two sales never deadlock); on SQLite the IMMEDIATE transaction serialises.
"""

import datetime
from decimal import ROUND_HALF_UP
from decimal import Decimal

from errors import StateConflict
from models import Product
from models import StockMovement
from models.base import for_update
from models.base import now
from models.stock import INCOME
from models.stock import SALE
from models.stock import SALE_REVERSAL

COST_PLACES = Decimal("1E-10")
LIMA = datetime.timezone(datetime.timedelta(hours=-5))  # Peru keeps UTC−5 all year


def lima_today():
    return datetime.datetime.now(LIMA).date()


def lima_now():
    return datetime.datetime.now(LIMA).replace(tzinfo=None, microsecond=0)


def locked_products(product_ids):
    """id → Product, locked for this transaction, taken in id order."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    query = for_update(Product.select().where(Product.id.in_(ids)).order_by(Product.id))
    return {product.id: product for product in query}


def weighted_average(stock, average, quantity, cost):
    """Average cost after `quantity` enters at `cost` (seed 001: 50 at 20 + 30 at 25 → 21.875)."""
    total = stock + quantity
    if stock <= 0 or total <= 0:
        return cost
    return ((stock * average + quantity * cost) / total).quantize(COST_PLACES, rounding=ROUND_HALF_UP)


def move(product, kind, quantity, unit_cost, day, document=None, description="", reference=""):
    """Write one movement of signed `quantity` and apply it to `product` (already locked)."""
    previous = product.stock
    balance = previous + quantity
    average = product.average_cost
    if quantity > 0:
        average = weighted_average(previous, average, quantity, unit_cost)
    movement = StockMovement.create(
        company=product.company_id, product=product.id, document=document, kind=kind,
        quantity=quantity, unit_cost=unit_cost, balance_quantity=balance, balance_average_cost=average,
        description=description, reference=reference, movement_date=day,
    )
    Product.update(stock=balance, average_cost=average, updated_at=now()).where(Product.id == product.id).execute()
    product.stock, product.average_cost = balance, average
    return movement, previous


def income(product, quantity, cost, day, description="", reference=""):
    return move(product, INCOME, Decimal(quantity), cost, day, description=description, reference=reference)


def sell(document, quantities, products, allow_negative):
    """Exits for a document: `quantities` maps product id → quantity sold (stock-controlled ones only)."""
    for product_id in sorted(quantities):
        product = products[product_id]
        quantity = quantities[product_id]
        if not allow_negative and product.stock < quantity:
            raise StateConflict(
                f"stock insuficiente del producto {product.code}: disponible {product.stock.normalize():f}, "
                f"se necesitan {quantity.normalize():f}")
        move(product, SALE, -quantity, product.average_cost, document.issue_date, document=document.id,
             description=f"Venta {document.numero}")


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
    for product_id, (quantity, cost) in sorted(outstanding.items()):
        move(products[product_id], SALE_REVERSAL, quantity, cost, lima_today(), document=document.id,
             description=f"{reason} {document.numero}")
