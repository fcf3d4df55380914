"""Inventory counts (inventario-conteo-*, seed 004).

A count is opened for one or more warehouses (optionally listing the products to count); people record what
they counted, in as many edits as they like (an edit merges: it sets the items it names, leaves the others);
closing applies it. At the close, each counted item's "before" is the book stock of that moment, so sales
made while people counted are neither lost nor counted twice: the difference (after − before) becomes a
kardex adjustment at the average cost, which therefore stays as it was. A closed count is final; an open one
can be deleted. Items not counted are left as the book has them (difference 0).
"""

from decimal import Decimal

from domain.clock import lima_today
from domain.clock import utc_now
from domain.stock_operations import COUNT_ADJUSTMENT
from domain.stock_operations import FROM_COUNT
from errors import InvalidInput
from errors import NotFound
from errors import StateConflict
from inventory import stock
from inventory import warehouses
from models import product as products_table
from models import warehouse as warehouse_table
from models.bulk import insert_row
from models.bulk import insert_values
from models.bulk import update_rows
from models.product import Product
from models.stock_counts import CLOSED
from models.stock_counts import OPEN
from models.stock_counts import StockCount
from models.stock_counts import StockCountItem


def products_of(company_id, codes):
    """code → live stock-controlled Product (12 for a missing code, 13 for one without stock)."""
    found = products_table.by_code(company_id, codes)
    for code in sorted(set(codes)):
        if code not in found:
            raise NotFound("el producto", f"código {code}")
        if not found[code].controls_stock:
            raise StateConflict(f"el producto {code} no controla stock (servicio o sin inventario)")
    return found


def create(data, company_id):
    warehouse_ids = list(dict.fromkeys(data["conteo_almacenes"]))
    warehouses.find_many(company_id, warehouse_ids)
    values = {"company": company_id, "count_date": data.get("conteo_fecha") or lima_today(),
              "description": data.get("conteo_descripcion") or "", "warehouses": ",".join(map(str, warehouse_ids))}
    count = StockCount(**values)
    count.id = insert_row(StockCount, values)
    if data.get("conteo_productos"):
        products = products_of(company_id, data["conteo_productos"])
        insert_values(StockCountItem, ("product", "warehouse"),
                      [(p.id, w) for p in sorted(products.values(), key=lambda p: p.code) for w in warehouse_ids],
                      shared={"count": count.id})
    return count


def find(company_id, count_id):
    found = StockCount.get_or_none((StockCount.id == count_id) & (StockCount.company == company_id)
                                   & (StockCount.deleted == False))  # noqa: E712
    if found is None:
        raise NotFound("el conteo de inventario", f"id {count_id}")
    return found


def find_open(company_id, count_id, verb):
    count = find(company_id, count_id)
    if count.state != OPEN:
        raise StateConflict(f"el conteo {count.id} está cerrado; no se puede {verb}")
    return count


def edit(data, company_id):
    """The fields sent change; `items` merge into what was counted so far, by product and warehouse."""
    count = find_open(company_id, data["conteo_id"], "editar")
    if "conteo_fecha" in data and data["conteo_fecha"]:
        count.count_date = data["conteo_fecha"]
    if "conteo_descripcion" in data:
        count.description = data["conteo_descripcion"] or ""
    count.save()
    items = data.get("items") or []
    if not items:
        return count
    counted_in = count.warehouse_ids
    products = products_of(company_id, [item["cod_num"] for item in items])
    merged = {}
    for index, item in enumerate(items):
        warehouse_id = item.get("almacen")
        if warehouse_id is None:
            if len(counted_in) > 1:
                raise InvalidInput(f"revise items[{index}].almacen", campos={f"items[{index}].almacen": [
                    "El conteo abarca varios almacenes: indique en cuál se contó."]})
            warehouse_id = counted_in[0]
        if warehouse_id not in counted_in:
            raise InvalidInput(f"revise items[{index}].almacen", campos={f"items[{index}].almacen": [
                f"El almacén {warehouse_id} no está en este conteo ({count.warehouses})."]})
        merged[(products[item["cod_num"]].id, warehouse_id)] = item
    existing = {(i.product_id, i.warehouse): i for i in StockCountItem.select().where(
        (StockCountItem.count == count.id) & StockCountItem.product.in_(sorted({p for p, _ in merged})))}
    updates, inserts = [], []
    for key, item in merged.items():
        old = existing.get(key)
        counted = item["cantidad_contada"] if "cantidad_contada" in item else (old.counted if old else None)
        comment = item["comentario"] if item.get("comentario") is not None else (old.comment if old else "")
        if old:
            updates.append((counted, comment, old.id))
        else:
            inserts.append((key[0], key[1], counted, comment))
    update_rows(StockCountItem, ["counted", "comment"], updates)
    insert_values(StockCountItem, ("product", "warehouse", "counted", "comment"), inserts, shared={"count": count.id})
    return count


def close(data, company_id):
    """Apply the count: every counted item's book stock becomes what was counted, through the kardex, at
    the average cost; before/after/price are kept on the items. Linear in items: a few statements each."""
    count = find_open(company_id, data["conteo_id"], "cerrar")
    items = list(StockCountItem.select().where(StockCountItem.count == count.id))
    products = stock.locked_products({item.product_id for item in items})
    book = warehouse_table.balances({(item.product_id, item.warehouse) for item in items})
    day = lima_today()
    moves, stored = [], []
    for item in sorted(items, key=lambda i: (i.product_id, i.warehouse)):
        product = products[item.product_id]
        before = book.get((item.product_id, item.warehouse), Decimal(0))
        after = before if item.counted is None else item.counted
        stored.append((before, after, product.average_cost, item.id))
        if after != before:
            moves.append(stock.Movement(product, COUNT_ADJUSTMENT, after - before, None, day,
                                        description=f"Conteo de inventario {count.id}", warehouse=item.warehouse,
                                        origin=FROM_COUNT, origin_id=count.id))
    stock.apply(moves, check_negative=False)  # each warehouse ends at what was counted, never below zero
    update_rows(StockCountItem, ["quantity_before", "quantity_after", "unit_price"], stored)
    StockCount.update(state=CLOSED, closed_at=utc_now()).where(StockCount.id == count.id).execute()
    count.state = CLOSED
    return count


def delete(data, company_id):
    count = find_open(company_id, data["conteo_id"], "eliminar")
    StockCount.update(deleted=True).where(StockCount.id == count.id).execute()
    return count


def listing(data, company_id):
    query = StockCount.select().where((StockCount.company == company_id) & (StockCount.deleted == False))  # noqa: E712
    if data.get("conteo_id"):
        query = query.where(StockCount.id == data["conteo_id"])
    if data.get("conteo_estado"):
        query = query.where(StockCount.state == data["conteo_estado"])
    return query


def items_of(counts):
    """count id → [(item, product, before, after, unit price)] for a page of counts: a closed count's as it
    closed, an open one's as the book stands now (before) against what was counted so far (after)."""
    ids = [c.id for c in counts]
    if not ids:
        return {}
    items = list(StockCountItem.select(StockCountItem, Product).join(Product)
                 .where(StockCountItem.count.in_(ids)).order_by(StockCountItem.count, Product.code,
                                                                 StockCountItem.warehouse))
    open_ids = {c.id for c in counts if c.state == OPEN}
    book = warehouse_table.balances({(i.product_id, i.warehouse) for i in items if i.count_id in open_ids})
    found = {}
    for item in items:
        if item.count_id in open_ids:
            before = book.get((item.product_id, item.warehouse), Decimal(0))
            after = before if item.counted is None else item.counted
            price = item.product.average_cost
        else:
            before, after, price = item.quantity_before, item.quantity_after, item.unit_price
        found.setdefault(item.count_id, []).append((item, item.product, before, after, price))
    return found
