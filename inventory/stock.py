"""Stock movements (kardex) per warehouse: income, exits, sales and their reversal, always leaving each
warehouse's stock = its kardex balance, and the product's total = the sum of its warehouses.

Every change to a product's stock writes its movement with the balances it leaves (the product's total
and average, and the warehouse's share), in the same transaction. Products are locked first (in id
order, so two writers never deadlock); a product's warehouse rows are only written under that lock, and
its total is the sum of those rows (models/warehouse.py), read under it.
The average cost is one per product, whatever the warehouse: a transfer does not change it.

The service functions other packages call (purchases, notes):
- `bring_in(company_id, lines, day, warehouse_id=None, ...)`: stock enters warehouse W at cost C;
- `take_away(company_id, lines, day, warehouse_id=None, ...)`: stock leaves W (at the average cost
  unless a cost is given), refused (13) below zero where W's policy forbids it;
- `reverse_origin(company_id, origin, origin_id, ...)`: undo what one origin (a bill, an exit...) moved.
"""

from dataclasses import dataclass
from decimal import Decimal

from domain.clock import lima_today
from domain.money import ten_decimals
from domain.stock_operations import EXIT
from domain.stock_operations import INCOME
from domain.stock_operations import OPERATION_OF_KIND
from domain.stock_operations import SALE
from domain.stock_operations import SALE_REVERSAL
from errors import InvalidInput
from errors import NotFound
from errors import StateConflict
from inventory import warehouses
from models import product as products_table
from models import stock as kardex
from domain.stock_operations import PURCHASE
from domain.stock_operations import PURCHASE_REVERSAL
from domain.stock_operations import RETURN
from domain.stock_operations import RETURN_REVERSAL
from models import warehouse as warehouse_table
from models.stock import StockMovement


def locked_products(product_ids, loaded=None):
    """id → Product for `product_ids`, locked for this transaction in id order, each with its stock as
    `stock` (the sum of its warehouses) read under the lock; those `loaded` already (read before the lock)
    only have their average cost read again, with their stock, in the same round trip as the lock."""
    if loaded is None:
        products = products_table.locked(product_ids)
        for product_id, stock in warehouse_table.totals(products).items():
            products[product_id].stock = stock
        return products
    balances = warehouse_table.balances_of(product_ids, lock=True)
    for product_id, (average_cost, stock) in balances.items():
        loaded[product_id].average_cost, loaded[product_id].stock = average_cost, stock
    return {product_id: loaded[product_id] for product_id in sorted(balances)}


def weighted_average(stock, average, quantity, cost):
    """Average cost after `quantity` enters at `cost`: 50 units at 20.00 plus 30 at 25.00 give 80 at 21.875."""
    total = stock + quantity
    if stock <= 0 or total <= 0:
        return cost
    return ten_decimals((stock * average + quantity * cost) / total)


def average_after(stock, average, quantity, cost):
    """The product's average after a signed movement: an income weighs in; an exit at the average leaves it
    as it was; an exit at another cost (an income taken back out at its own cost: 80 at 21.875 less 30 at
    25.00 give 50 at 20.00) takes that value out, so value = quantity × average still holds. When nothing
    would remain, or what remains would be worth less than nothing, the average stays."""
    if quantity > 0:
        return weighted_average(stock, average, quantity, cost)
    total = stock + quantity
    value = stock * average + quantity * cost
    if cost == average or total <= 0 or stock <= 0 or value < 0:
        return average
    return ten_decimals(value / total)


@dataclass
class Movement:
    """A stock change to write: what `apply` turns into a kardex row and the balances it leaves."""

    product: object  # a locked Product
    kind: str
    quantity: Decimal  # signed: positive in, negative out
    unit_cost: Decimal | None  # None: the product's average when it moves
    day: object
    document: int | None = None
    description: str = ""
    reference: str = ""
    warehouse: int | None = None  # None: the company's main warehouse
    origin: str = ""
    origin_id: int | None = None
    operation: str | None = None  # SUNAT table 12; None: the kind's own
    purchase: int | None = None  # the supplier bill it comes from
    warehouse_stock: Decimal | None = None  # set by `apply`: the warehouse's stock after it


def apply(movements, check_negative=True, in_warehouse=None, shares_written=False):
    """Write movements (products already locked) in a few statements, whatever their number.

    Balances are computed here, in order, so each kardex row records the stock, average and warehouse
    stock it left. An exit that leaves a warehouse below zero is refused (13) where its policy forbids it.
    `in_warehouse`: the warehouses' stock of the products before these movements, when known already
    ((product id, warehouse id) → stock; a pair absent has none); `shares_written`: the warehouse rows
    already hold the stock after them (models/note_return.py moved it), so only the kardex and the
    averages are written. A product's average is written only where it moved (an exit at the average
    leaves it): its stock is its warehouse rows.
    """
    mains = {}
    for m in movements:
        if m.warehouse is None:
            company_id = m.product.company_id
            if company_id not in mains:
                mains[company_id] = warehouse_table.main_id(company_id)
            m.warehouse = mains[company_id]
    pairs = {(m.product.id, m.warehouse) for m in movements}
    in_warehouse = warehouse_table.balances(pairs) if in_warehouse is None else {
        pair: stock for pair, stock in in_warehouse.items() if pair in pairs}
    rows, touched, averaged, short = [], {}, {}, []
    for m in movements:
        product = m.product
        cost = product.average_cost if m.unit_cost is None else m.unit_cost
        m.unit_cost = cost
        balance = product.stock + m.quantity
        average = average_after(product.stock, product.average_cost, m.quantity, cost)
        key = (product.id, m.warehouse)
        here = in_warehouse.get(key, Decimal(0)) + m.quantity
        in_warehouse[key] = here
        m.warehouse_stock = here
        if check_negative and m.quantity < 0 and here < 0:
            short.append((m, here))
        if average != product.average_cost:
            averaged[product.id] = product
        product.stock, product.average_cost = balance, average
        touched[product.id] = product
        rows.append((product.company_id, product.id, m.document, m.kind, m.quantity, cost, balance, average,
                     m.description, m.reference, m.day, m.warehouse, here, m.origin, m.origin_id,
                     m.operation or OPERATION_OF_KIND.get(m.kind, "99"), m.purchase))
    for m, here in short:
        refuse_if_negative_forbidden(m.product, m.warehouse, here, -m.quantity)
    if rows:
        kardex.insert_movements(rows)
        products_table.store_averages(averaged.values())
        if not shares_written:
            warehouse_table.store([(touched[pid].company_id, pid, wid, stock)
                                   for (pid, wid), stock in in_warehouse.items()])
    return movements


def refuse_if_negative_forbidden(product, warehouse_id, left, needed):
    """13 when the warehouse (or, where it has no policy of its own, its company) refuses negative stock.
    Read only when a balance did go below zero: a sale that leaves stock pays nothing for the policy."""
    if warehouses.negative_allowed(warehouse_id):
        return
    raise StateConflict(
        f"stock insuficiente del producto {product.code} en el almacén {warehouse_id}: disponible "
        f"{(left + needed).normalize():f}, se necesitan {needed.normalize():f}")


def lock_lines(company_id, lines, loaded=None):
    """id → locked Product for the product ids of `lines` (tuples whose first item is a product id);
    `loaded` (id → Product read before, of this company) only has its balances read again under the lock."""
    if loaded is not None:
        return locked_products([line[0] for line in lines], loaded=loaded)
    products = locked_products([line[0] for line in lines])
    for line in lines:
        if line[0] not in products or products[line[0]].company_id != company_id:
            raise NotFound("el producto", f"id {line[0]}")
    return products


def bring_in(company_id, lines, day, warehouse_id=None, kind=INCOME, origin="", origin_id=None, document=None,
             description="", reference="", operation=None, loaded=None):
    """Stock enters `warehouse_id` (None: the company's main one): `lines` are (product id, quantity > 0,
    unit cost in soles). Locks the products, moves each weighted average, writes the kardex with
    `origin`/`origin_id` (say "compra", 7) so `reverse_origin` can undo it. Returns the Movements."""
    products = lock_lines(company_id, lines, loaded)
    return apply([Movement(products[pid], kind, Decimal(quantity), cost, day, document=document,
                           description=description, reference=reference, warehouse=warehouse_id, origin=origin,
                           origin_id=origin_id, operation=operation)
                  for pid, quantity, cost in lines])


def take_away(company_id, lines, day, warehouse_id=None, kind=EXIT, origin="", origin_id=None, document=None,
              description="", reference="", operation=None, loaded=None):
    """Stock leaves `warehouse_id` (None: the main one): `lines` are (product id, quantity > 0, unit cost or
    None for the average). Refused (13) when a warehouse that forbids negative stock would go below zero.
    Returns the Movements (each with the cost it left at)."""
    products = lock_lines(company_id, lines, loaded)
    return apply([Movement(products[pid], kind, -Decimal(quantity), cost, day, document=document,
                           description=description, reference=reference, warehouse=warehouse_id, origin=origin,
                           origin_id=origin_id, operation=operation)
                  for pid, quantity, cost in lines])


def reverse_origin(company_id, origin, origin_id, kind, description, day=None, operation=None):
    """Undo what the movements of (`origin`, `origin_id`) still add up to, per product and warehouse, at the
    cost they moved at (a reversed income leaves at its cost; a reversed exit comes back at its)."""
    standing = {key: (moved, value) for key, (moved, value) in kardex.origin_balance(origin, origin_id).items()
                if moved != 0}
    if not standing:
        return []
    products = locked_products({pid for pid, _ in standing})
    return apply([Movement(products[pid], kind, -moved, ten_decimals(value / moved), day or lima_today(),
                           description=description, warehouse=wid, origin=origin, origin_id=origin_id,
                           operation=operation)
                  for (pid, wid), (moved, value) in sorted(standing.items())])


def lock_for_rewrite(origin, origin_id, product_ids):
    """Before an origin's movements are reversed and new ones written: lock every product either touches,
    at once and in id order (two rewrites locking in two steps could deadlock)."""
    standing = {pid for pid, _ in kardex.origin_balance(origin, origin_id)}
    return locked_products(standing | set(product_ids))


def income(product, quantity, cost, day, description="", reference="", warehouse=None, origin="", origin_id=None):
    """Stock in (`product` locked) to `warehouse` (None: the main one); returns (its kardex row, the stock
    before). For many lines at once, or what must be reversible by its origin, see `bring_in`."""
    previous = product.stock
    apply([Movement(product, INCOME, Decimal(quantity), cost, day, description=description, reference=reference,
                    warehouse=warehouse, origin=origin, origin_id=origin_id)])
    return kardex.last_movement(product.id), previous


def incomes(movements, check_negative=True):
    """Stock in for many lines at once (their products locked), each at its own cost and into its own
    warehouse, moving the weighted average as `income` does."""
    return apply(movements, check_negative)


# -- sales: the hot path, in as few statements as the database allows ------------------------------

def take_out(quantities, products, allow_negative, warehouse_id=None):
    """Take `quantities` (product id → quantity) out of the locked products' stock and of the warehouse's
    (None: the company's main one); 13 when the warehouse's policy (else the company's, `allow_negative`)
    refuses negative stock and one would go below zero. Returns product id → the warehouse's new stock."""
    if not quantities:
        return {}
    company_id = next(iter(products.values())).company_id
    warehouse_id = sale_warehouse(company_id, warehouse_id)
    left = warehouse_table.take_out(quantities, products, company_id, warehouse_id)
    return checked_exit(quantities, products, allow_negative, warehouse_id, left)


def sale_warehouse(company_id, warehouse_id):
    """The warehouse a sale takes its stock from: the one named, else the company's main one."""
    return warehouse_table.main_id(company_id) if warehouse_id is None else warehouse_id


def checked_exit(quantities, products, allow_negative, warehouse_id, left):
    """The exit that left each product of `quantities` with `left` (product id → its stock in the warehouse),
    or 13 when one went below zero where the warehouse's policy (else the company's) refuses it."""
    for product_id in sorted(quantities):
        if left[product_id] < 0 and not warehouses.negative_allowed(warehouse_id, company_allows=allow_negative):
            raise StateConflict(
                f"stock insuficiente del producto {products[product_id].code}: disponible "
                f"{(left[product_id] + quantities[product_id]).normalize():f}, "
                f"se necesitan {quantities[product_id].normalize():f}")
    return WarehouseExit(warehouse_id, left)


@dataclass
class WarehouseExit:
    """What `take_out` took from: the warehouse and product id → its stock there after the exit."""

    warehouse_id: int
    left: dict

    def __getitem__(self, product_id):
        return self.left[product_id]


def record_exits(document, quantities, products, taken):
    """The kardex rows of a sale whose quantities `take_out` took (`taken`, its answer): each at the average
    cost, with the balances it left."""
    if not quantities:
        return
    kardex.insert_exits(
        [(i, -quantities[i], products[i].average_cost, products[i].stock, products[i].average_cost, taken[i])
         for i in sorted(quantities)],
        document.company_id, document.id, SALE, f"{SALE_DESCRIPTION} {document.numero}", document.issue_date,
        taken.warehouse_id, OPERATION_OF_KIND[SALE])


SALE_DESCRIPTION = "Venta"  # a sale's kardex exits: "Venta F001-00000001"


def sale_exit_fields(document, warehouse_id):
    """What a sale's kardex exits share, as `record_exits` writes them, but the document and its number
    (models/sale.py adds them, and the balances, as it inserts the document)."""
    return {"company": document.company_id, "kind": SALE, "description": SALE_DESCRIPTION, "reference": "",
            "movement_date": document.issue_date, "warehouse": warehouse_id, "operation": OPERATION_OF_KIND[SALE]}


def sell(document, quantities, products, allow_negative, warehouse_id=None):
    """Exits for a document: `quantities` maps product id → quantity sold (stock-controlled ones only)."""
    taken = take_out(quantities, products, allow_negative, warehouse_id)
    record_exits(document, quantities, products, taken)


def outstanding_exits(document_id):
    """(product id, warehouse id) → (quantity still out, its cost) for a document's sales not yet reversed."""
    return _still_out(kardex.document_balance(document_id, by_warehouse=True))


def outstanding_exits_of(movements):
    """outstanding_exits from a document's movements already read (rows of models.stock.BALANCE_FIELDS)."""
    return _still_out(kardex.balance_of(movements, by_warehouse=True))


def _still_out(balance):
    return {key: (-moved, ten_decimals(value / moved)) for key, (moved, value) in balance.items() if moved != 0}


def outstanding_products(outstanding):
    return {product_id for product_id, _ in outstanding}


def reverse_sale(document, outstanding, products, reason):
    """Bring back what a document took out (`outstanding_exits`), to the warehouse it left, at its cost."""
    apply([Movement(products[product_id], SALE_REVERSAL, quantity, cost, lima_today(), document=document.id,
                    description=f"{reason} {document.numero}", warehouse=warehouse_id)
           for (product_id, warehouse_id), (quantity, cost) in sorted(outstanding.items())])


# -- supplier bills (purchasing) and notas de crédito (invoicing.notes) ------------------------------

def outstanding_purchase(purchase_id):
    """(product id, warehouse id) → (quantity still in, its cost) for a supplier bill's entries not yet
    reversed."""
    return {key: (moved, ten_decimals(value / moved))
            for key, (moved, value) in kardex.origin_balance(PURCHASE, purchase_id).items() if moved != 0}


def reverse_purchase(purchase_id, outstanding, products, day, description, check_negative=True):
    """Take back out what a supplier bill brought in (`outstanding_purchase`), each product out of the
    warehouse it entered, at its entry's own cost, which takes that cost out of the average."""
    return apply([Movement(products[product_id], PURCHASE_REVERSAL, -quantity, cost, day, description=description,
                           warehouse=warehouse_id, origin=PURCHASE, origin_id=purchase_id, purchase=purchase_id)
                  for (product_id, warehouse_id), (quantity, cost) in sorted(outstanding.items())], check_negative)


def warehouse_shares(pairs):
    """(product id, warehouse id) → that warehouse's stock of the product (0 when it never had any)."""
    found = warehouse_table.balances(pairs)
    return {pair: found.get(pair, Decimal(0)) for pair in pairs}


def main_warehouse(company_id):
    return warehouse_table.main_id(company_id)


def return_warehouse(quantities, modified, sold_at):
    """The one warehouse every product of a nota de crédito's return (`quantities`) comes back into, or None
    when they go into several or into the company's main one (not known here): the note's one-statement
    write on PostgreSQL (models/note_return.py) needs it up front."""
    warehouses_back = {warehouse_id for warehouse_id, _ in _return_places(quantities, modified, sold_at).values()}
    return warehouses_back.pop() if len(warehouses_back) == 1 else None


def _return_places(quantities, modified, sold_at):
    """product id → (the warehouse it comes back into, the cost it left with or None for the average):
    where and at what the modified document took it out (`sold_at`), else its warehouse (None: the main
    one)."""
    left_from = {product_id: (warehouse_id, cost) for (product_id, warehouse_id), (_, cost) in sold_at.items()}
    return {product_id: left_from.get(product_id, (modified.warehouse, None)) for product_id in quantities}


def return_goods(note, modified, quantities, products, sold_at, in_warehouse=None, shares_written=False):
    """A nota de crédito's goods back into stock (`quantities`: product id → quantity, products locked), into
    the warehouse the modified document took each from, at the cost it left with (`sold_at`, the document's
    `outstanding_exits`); a product the document did not take out comes back into the document's warehouse
    (None: the main one) at the average. `in_warehouse`, `shares_written`: as `apply` takes them."""
    places = _return_places(quantities, modified, sold_at)
    movements = []
    for product_id, quantity in sorted(quantities.items()):
        warehouse_id, cost = places[product_id]
        movements.append(Movement(products[product_id], RETURN, quantity, cost, lima_today(), document=note.id,
                                  description=f"Devolución {note.numero} de {modified.numero}",
                                  warehouse=warehouse_id))
    return apply(movements, in_warehouse=in_warehouse, shares_written=shares_written)


def reverse_return(note, outstanding, products, reason):
    """Take out again what a note brought back (`outstanding_exits` of the note: negative quantities), out of
    the warehouse each came back into, at the cost it came back at."""
    return apply([Movement(products[product_id], RETURN_REVERSAL, quantity, cost, lima_today(), document=note.id,
                           description=f"{reason} {note.numero}", warehouse=warehouse_id)
                  for (product_id, warehouse_id), (quantity, cost) in sorted(outstanding.items())])


# -- inventario-ingreso and kardex-listar ----------------------------------------------------------

def register_income(company_id, data):
    """inventario-ingreso: whole units into a stock-controlled product, at a cost (the average when absent),
    on a date that is not in the future, into `almacen` (the main warehouse when absent). Returns
    (product, its kardex row, the stock before, the cost)."""
    product = product_by_code(company_id, data["cod_num"])
    if not product.controls_stock:
        raise StateConflict(f"el producto {product.code} no controla stock (servicio o sin inventario)")
    day = data.get("fecha") or lima_today()
    if day > lima_today():
        raise InvalidInput("revise fecha", campos={"fecha": ["La fecha no puede ser futura."]})
    warehouse_id = warehouses.find(company_id, data["almacen"]).id if data.get("almacen") else None
    product = locked_products([product.id])[product.id]
    cost = data.get("costo", product.average_cost)
    movement, previous = income(product, data["cantidad"], cost, day, description=data.get("descripcion", ""),
                                reference=data.get("referencia", ""), warehouse=warehouse_id)
    return product, movement, previous, cost


def product_by_code(company_id, code, include_deleted=False):
    """The company's product with `code`, or not found (12)."""
    found = products_table.by_code(company_id, [code], include_deleted)
    if code not in found:
        raise NotFound("el producto", f"código {code}")
    return found[code]


def movements(company_id, data):
    """(product, query of its kardex movements between the payload's dates, in one warehouse when the
    payload names one) for kardex-listar."""
    product = product_by_code(company_id, data["cod_num"], include_deleted=True)
    query = StockMovement.select().where(StockMovement.product == product.id)
    if data.get("almacen_id"):
        query = query.where(StockMovement.warehouse == warehouses.find(company_id, data["almacen_id"],
                                                                       include_deleted=True).id)
    if data.get("fecha_desde"):
        query = query.where(StockMovement.movement_date >= data["fecha_desde"])
    if data.get("fecha_hasta"):
        query = query.where(StockMovement.movement_date <= data["fecha_hasta"])
    return product, query
