"""Stock movements (kardex): income, sales and their reversal, always leaving stock = kardex balance.

Every change to a product's stock writes its movement with the balance it leaves, in the same
transaction: `apply` for incomes and reversals, `sell` for sales. Products are locked first (in id
order, so two sales never deadlock); on SQLite the IMMEDIATE write transaction serialises writers.
"""

from dataclasses import dataclass
from decimal import Decimal

from domain.clock import lima_today
from domain.money import ten_decimals
from errors import InvalidInput
from errors import NotFound
from errors import StateConflict
from models import product as products_table
from models import stock as kardex
from models.stock import INCOME
from models.stock import PURCHASE_REVERSAL
from models.stock import RETURN
from models.stock import RETURN_REVERSAL
from models.stock import SALE
from models.stock import SALE_REVERSAL
from models.stock import StockMovement

def locked_products(product_ids, loaded=None):
    """id → Product for `product_ids`, locked for this transaction in id order (those `loaded` already
    only have their stock and average cost read again)."""
    return products_table.locked(product_ids, loaded)


def weighted_average(stock, average, quantity, cost):
    """Average cost after `quantity` enters at `cost`: 50 units at 20.00 plus 30 at 25.00 give 80 at 21.875."""
    total = stock + quantity
    if stock <= 0 or total <= 0:
        return cost
    return ten_decimals((stock * average + quantity * cost) / total)


def average_after_removal(stock, average, quantity, cost):
    """Average cost after an income of `quantity` at `cost` is taken back out at that same cost: 80 at
    21.875 less 30 at 25.00 give 50 at 20.00. When nothing would remain, or what remains would be worth
    less than nothing (the goods left were valued below this entry's cost), the average stays."""
    remaining = stock - quantity
    value = stock * average - quantity * cost
    if remaining <= 0 or value < 0:
        return average
    return ten_decimals(value / remaining)


@dataclass
class Movement:
    """A stock change to write: what `apply` turns into a kardex row and a product balance."""

    product: object  # a locked Product
    kind: str
    quantity: Decimal  # signed: positive in, negative out
    unit_cost: Decimal
    day: object
    document: int | None = None
    description: str = ""
    reference: str = ""
    purchase: int | None = None  # the supplier bill it comes from


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
        elif m.kind == PURCHASE_REVERSAL:  # an income taken back out at its own cost
            average = average_after_removal(product.stock, average, -m.quantity, m.unit_cost)
        product.stock, product.average_cost = balance, average
        touched[product.id] = product
        rows.append((product.company_id, product.id, m.document, m.kind, m.quantity, m.unit_cost, balance, average,
                     m.description, m.reference, m.day, m.purchase))
    if rows:
        kardex.insert_movements(rows)
        products_table.store_balances(touched.values())


def income(product, quantity, cost, day, description="", reference=""):
    """Stock in (`product` locked); returns (its kardex row, the stock before)."""
    previous = product.stock
    incomes([Movement(product, INCOME, Decimal(quantity), cost, day, description=description, reference=reference)])
    return kardex.last_movement(product.id), previous


def incomes(movements):
    """Stock in for many lines at once (their products locked), each at its own cost, moving the weighted
    average as `income` does: what inventario-ingreso and a supplier bill's lines both go through."""
    apply(movements)


def take_out(quantities, products, allow_negative):
    """Take `quantities` (product id → quantity) out of the locked products' stock; 13 when the company
    refuses negative stock and one would go below zero."""
    products_table.take_out(quantities, products)
    for product_id in sorted(quantities):
        product = products[product_id]
        if not allow_negative and product.stock < 0:
            raise StateConflict(
                f"stock insuficiente del producto {product.code}: disponible "
                f"{(product.stock + quantities[product_id]).normalize():f}, "
                f"se necesitan {quantities[product_id].normalize():f}")


def record_exits(document, quantities, products):
    """The kardex rows of a sale whose quantities `take_out` took: each at the average cost, with the
    balance it left."""
    kardex.insert_exits(
        [(i, -quantities[i], products[i].average_cost, products[i].stock, products[i].average_cost)
         for i in sorted(quantities)],
        document.company_id, document.id, SALE, f"Venta {document.numero}", document.issue_date)


def sell(document, quantities, products, allow_negative):
    """Exits for a document: `quantities` maps product id → quantity sold (stock-controlled ones only)."""
    take_out(quantities, products, allow_negative)
    record_exits(document, quantities, products)


def outstanding_exits(document_id):
    """product id → (quantity still out, its cost) for a document's sales not yet reversed."""
    return {product_id: (-moved, ten_decimals(value / moved))
            for product_id, (moved, value) in kardex.document_balance(document_id).items() if moved != 0}


def reverse_sale(document, outstanding, products, reason):
    """Bring back what a document took out (`outstanding_exits`), at the cost it left with."""
    apply([Movement(products[product_id], SALE_REVERSAL, quantity, cost, lima_today(), document=document.id,
                    description=f"{reason} {document.numero}")
           for product_id, (quantity, cost) in sorted(outstanding.items())])


def outstanding_purchase(purchase_id):
    """product id → (quantity still in, its cost) for a supplier bill's entries not yet reversed."""
    return {product_id: (moved, ten_decimals(value / moved))
            for product_id, (moved, value) in kardex.purchase_balance(purchase_id).items() if moved != 0}


def reverse_purchase(purchase_id, outstanding, products, day, description):
    """Take back out what a supplier bill brought in (`outstanding_purchase`), each product at its entry's
    own cost, which takes that cost out of the average (`average_after_removal`)."""
    apply([Movement(products[product_id], PURCHASE_REVERSAL, -quantity, cost, day, description=description,
                    purchase=purchase_id)
           for product_id, (quantity, cost) in sorted(outstanding.items())])


def return_goods(note, modified, quantities, products, sold_at):
    """A nota de crédito's goods back into stock (`quantities`: product id → quantity, products locked), at the
    cost the modified document took them out with (`sold_at`, its `outstanding_exits`), else the average."""
    apply([Movement(products[product_id], RETURN, quantity,
                    sold_at[product_id][1] if product_id in sold_at else products[product_id].average_cost,
                    lima_today(), document=note.id, description=f"Devolución {note.numero} de {modified.numero}")
           for product_id, quantity in sorted(quantities.items())])


def reverse_return(note, outstanding, products, reason):
    """Take out again what a note brought back (`outstanding_exits` of the note: negative quantities)."""
    apply([Movement(products[product_id], RETURN_REVERSAL, quantity, cost, lima_today(), document=note.id,
                    description=f"{reason} {note.numero}")
           for product_id, (quantity, cost) in sorted(outstanding.items())])


def register_income(company_id, data):
    """inventario-ingreso: whole units into a stock-controlled product, at a cost (the average when absent),
    on a date that is not in the future. Returns (product, its kardex row, the stock before, the cost)."""
    product = product_by_code(company_id, data["cod_num"])
    if not product.controls_stock:
        raise StateConflict(f"el producto {product.code} no controla stock (servicio o sin inventario)")
    day = data.get("fecha") or lima_today()
    if day > lima_today():
        raise InvalidInput("revise fecha", campos={"fecha": ["La fecha no puede ser futura."]})
    product = locked_products([product.id])[product.id]
    cost = data.get("costo", product.average_cost)
    movement, previous = income(product, data["cantidad"], cost, day,
                                description=data.get("descripcion", ""), reference=data.get("referencia", ""))
    return product, movement, previous, cost


def product_by_code(company_id, code, include_deleted=False):
    """The company's product with `code`, or not found (12)."""
    found = products_table.by_code(company_id, [code], include_deleted)
    if code not in found:
        raise NotFound("el producto", f"código {code}")
    return found[code]


def movements(company_id, data):
    """(product, query of its kardex movements between the payload's dates) for kardex-listar."""
    product = product_by_code(company_id, data["cod_num"], include_deleted=True)
    query = StockMovement.select().where(StockMovement.product == product.id)
    if data.get("fecha_desde"):
        query = query.where(StockMovement.movement_date >= data["fecha_desde"])
    if data.get("fecha_hasta"):
        query = query.where(StockMovement.movement_date <= data["fecha_hasta"])
    return product, query
