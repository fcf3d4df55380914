"""Supplier bills (compra-*): what a supplier billed, priced exactly as a sale is, bringing its goods in.

- Lines are priced by invoicing.totals, the sales' own arithmetic: a price before IGV (the default, as the
  supplier's bill prints it) is first made the price with IGV, exactly (× 1.18 needs no rounding).
- Each line of a stock-controlled product enters stock at its cost in soles: the price without IGV, less
  its discount, × the exchange rate; the IGV is crédito fiscal, not cost. `restock` is the one place
  that moves stock: editing reverses the bill's entries and applies the new ones, deleting reverses them,
  always at each entry's own cost.
- The goods enter the bill's warehouse (`compra_almacen`, the company's main one when absent); changing
  it takes them out of the old one and brings them into the new one, each warehouse's kardex exact.
- Edits are partial (seed 003): only the fields sent change; `compra_comentarios` may change on a locked
  bill, nothing else may. A bill is locked when its date is on or before `PURCHASES_CLOSED_UNTIL` (the
  closed accounting period): it cannot be edited, deleted, or created there (13).
"""

import json
from dataclasses import dataclass
from decimal import Decimal

from domain.catalogs import SOLES
from domain.clock import lima_today
from domain.clock import utc_now
from domain.identity import RUC
from domain.money import HUNDRED
from domain.money import ONE
from domain.money import cents
from domain.money import ten_decimals
from domain.taxes import EXPORTACION
from domain.taxes import GRAVADO
from domain.taxes import igv_rate
from errors import InvalidInput
from errors import NotFound
from errors import StateConflict
from inventory import stock
from inventory import warehouses
from invoicing.lines import products_by_code
from invoicing.totals import LineAmounts
from invoicing.totals import document_totals
from invoicing.totals import line_amounts
from models import purchase as purchases_table
from models.party import Party
from models.product import Product
from models.purchase import Purchase
from models.stock import PURCHASE

# payload field → Purchase attribute, for the fields copied as they come (None clears an optional one)
PLAIN_FIELDS = {
    "compra_fecha": "issue_date",
    "compra_vencimiento": "due_date",
    "compra_observaciones": "notes",
    "compra_terminos": "terms",
    "compra_moneda": "currency",
    "compra_precios_incluyen_igv": "prices_include_igv",
}
# What changes the lines' amounts or costs; with the date and warehouse, what moves the bill's stock.
REPRICING = ("detalle", "compra_moneda", "compra_tipo_cambio", "compra_precios_incluyen_igv")
RESTOCKING = REPRICING + ("compra_fecha", "compra_almacen")
# What a locked bill still lets change (seed 003: "los comentarios se pueden actualizar aun si la factura
# de proveedor no se puede editar").
ALWAYS_EDITABLE = ("compra_id", "compra_comentarios")


@dataclass(frozen=True)
class LineDraft:
    product: Product
    quantity: Decimal
    unit_price: Decimal  # as sent
    discount_percent: Decimal
    affectation: int
    observations: str | None
    amounts: LineAmounts
    unit_cost: Decimal  # in soles: what one unit enters stock at


def canonical_number(text):
    """The supplier's number as stored and compared: 'f001-123' → 'F001-00000123'."""
    series, number = text.split("-")
    return f"{series.upper()}-{int(number):08d}"


def is_locked(purchase, config):
    closed = config.get("PURCHASES_CLOSED_UNTIL")
    return closed is not None and purchase.issue_date <= closed


def refuse_if_locked(purchase, config, verb):
    if is_locked(purchase, config):
        raise StateConflict(
            f"la factura de proveedor {purchase.number} es del {purchase.issue_date.isoformat()}, en un periodo "
            f"cerrado (hasta el {config['PURCHASES_CLOSED_UNTIL'].isoformat()}); no se puede {verb}; "
            f"solo compra_comentarios puede cambiar")


def find_supplier(company_id, supplier_id):
    supplier = purchases_table.live_supplier(company_id, supplier_id)
    if supplier is None:
        raise NotFound("el proveedor", f"id {supplier_id}")
    if supplier.doc_type != RUC:
        raise InvalidInput("revise compra_proveedor", campos={
            "compra_proveedor": [f"El proveedor {supplier_id} no tiene RUC; una factura de proveedor lo requiere."]})
    return supplier


def find(company_id, purchase_id):
    purchase = purchases_table.live_purchase(company_id, purchase_id)
    if purchase is None:
        raise NotFound("la factura de proveedor", f"id {purchase_id}")
    return purchase


def refuse_duplicate(purchase):
    holder = purchases_table.holder_of_number(purchase.company_id, purchase.supplier_id, purchase.number,
                                              other_than=purchase.id)
    raise InvalidInput(
        f"ya existe la factura de proveedor {holder} con el número {purchase.number} de ese proveedor",
        campos={"compra_numero": [f"Ya está registrado (factura de proveedor {holder})."]},
        id_existente=holder)


def assign(purchase, data):
    """Copy the header fields the payload carries onto `purchase`, then check what they must keep."""
    previous_currency = purchase.currency
    for field, attribute in PLAIN_FIELDS.items():
        if field in data:
            setattr(purchase, attribute, data[field])
    if "compra_numero" in data:
        purchase.number = canonical_number(data["compra_numero"])
    if "compra_almacen" in data or purchase.warehouse is None:
        chosen = data.get("compra_almacen")
        purchase.warehouse = (warehouses.find(purchase.company_id, chosen).id if chosen
                              else stock.main_warehouse(purchase.company_id))
    if "compra_comentarios" in data:
        purchase.comments = json.dumps(data["compra_comentarios"] or [], ensure_ascii=False)
    settle_exchange_rate(purchase, data, previous_currency)
    if purchase.issue_date > lima_today():
        raise InvalidInput("revise compra_fecha", campos={"compra_fecha": ["La fecha no puede ser futura."]})
    if purchase.due_date is not None and purchase.due_date < purchase.issue_date:
        raise InvalidInput("revise compra_vencimiento", campos={
            "compra_vencimiento": ["No puede ser anterior a compra_fecha."]})


def settle_exchange_rate(purchase, data, previous_currency):
    """Soles are at 1; another currency needs its rate, sent with it whenever the currency changes."""
    rate = data.get("compra_tipo_cambio")
    if purchase.currency == SOLES:
        if rate is not None and rate != ONE:
            raise InvalidInput("revise compra_tipo_cambio", campos={
                "compra_tipo_cambio": ["Una factura en soles (compra_moneda 1) tiene tipo de cambio 1."]})
        purchase.exchange_rate = ONE
        return
    if "compra_tipo_cambio" in data:
        purchase.exchange_rate = rate
    elif purchase.currency != previous_currency:
        purchase.exchange_rate = None  # the rate held was another currency's
    if purchase.exchange_rate is None:
        raise InvalidInput("revise compra_tipo_cambio", campos={
            "compra_tipo_cambio": ["Obligatorio cuando compra_moneda no es 1 (PEN): soles por unidad de la moneda."]})


def draft_lines(raw_lines, products, prices_include_igv, exchange_rate):
    drafts = []
    for raw in raw_lines:
        product = products[raw["cod_num"]]
        affectation = raw.get("afectacion_igv") or (
            product.igv_affectation if product.igv_affectation != EXPORTACION else GRAVADO)
        price, quantity = raw["precio"], raw["cantidad"]
        discount = raw.get("descuento", Decimal(0))
        with_igv = price if prices_include_igv else price * (1 + igv_rate(affectation))
        amounts = line_amounts(with_igv, quantity, discount, affectation)
        drafts.append(LineDraft(
            product=product, quantity=quantity, unit_price=price, discount_percent=discount,
            affectation=affectation, observations=raw.get("observaciones"), amounts=amounts,
            unit_cost=ten_decimals(amounts.unit_value * (HUNDRED - discount) / HUNDRED * exchange_rate)))
    return drafts


def set_totals(purchase, drafts):
    """The bill's totals in its currency (sums of rounded lines, as for sales) and in soles."""
    totals = document_totals([(draft.affectation, draft.amounts) for draft in drafts])
    purchase.gravadas, purchase.exoneradas, purchase.inafectas = totals.gravadas, totals.exoneradas, totals.inafectas
    purchase.discounts, purchase.igv, purchase.total = totals.discounts, totals.igv, totals.total
    rate = purchase.exchange_rate
    purchase.base_pen = cents((totals.gravadas + totals.exoneradas + totals.inafectas) * rate)
    purchase.igv_pen = cents(totals.igv * rate)
    purchase.total_pen = purchase.base_pen + purchase.igv_pen


def priced(company_id, purchase, raw_lines, include_deleted=False):
    products = products_by_code(company_id, [line["cod_num"] for line in raw_lines], include_deleted)
    drafts = draft_lines(raw_lines, products, purchase.prices_include_igv, purchase.exchange_rate)
    set_totals(purchase, drafts)
    return drafts


def write_lines(purchase_id, drafts):
    purchases_table.insert_lines([(
        purchase_id, position, draft.product.id, draft.product.code, draft.product.name, draft.product.unit,
        draft.quantity, draft.unit_price, draft.amounts.unit_value, draft.discount_percent,
        draft.amounts.discount_amount, draft.affectation, draft.amounts.value_amount, draft.amounts.igv_amount,
        draft.amounts.total_amount, draft.unit_cost, draft.observations,
    ) for position, draft in enumerate(drafts, start=1)])


def stored_lines_as_input(purchase_id):
    """A bill's lines as a `detalle` payload, to price them again (the rate or currency changed)."""
    return [{"cod_num": line.code, "cantidad": line.quantity, "precio": line.unit_price,
             "descuento": line.discount_percent, "observaciones": line.observations,
             "afectacion_igv": line.affectation}
            for line in purchases_table.lines_of([purchase_id]).get(purchase_id, [])]


def restock(purchase, drafts, allow_negative, reason=None):
    """Bring the bill's stock to what `drafts` say: its outstanding entries go back out of the warehouse each
    entered, at their own cost (when `reason` says why), then each stock-controlled line comes into the
    bill's warehouse at its cost in soles.

    The kardex rows carry the bill as their origin ("compra", its id) and in `compra_id`; this is the one
    place in this package that moves stock.
    """
    outstanding = stock.outstanding_purchase(purchase.id) if reason else {}
    entering = [draft for draft in drafts if draft.product.controls_stock]
    read = {draft.product.id: draft.product for draft in entering}
    leaving = stock.outstanding_products(outstanding)
    # Products read already have only their stock and average read again, under the lock.
    products = stock.locked_products(leaving | set(read), loaded=read if leaving <= set(read) else None)
    warehouse_id = purchase.warehouse or stock.main_warehouse(purchase.company_id)
    refuse_negative_stock(products, outstanding, entering, warehouse_id, allow_negative)
    if outstanding:
        # Checked above with what the new lines bring back: not again row by row.
        stock.reverse_purchase(purchase.id, outstanding, products, lima_today(),
                               f"{reason} factura de proveedor {purchase.number}", check_negative=False)
    stock.incomes([stock.Movement(products[draft.product.id], PURCHASE, draft.quantity, draft.unit_cost,
                                  purchase.issue_date, description=f"Factura de proveedor {purchase.number}",
                                  reference=purchase.number, warehouse=warehouse_id, origin=PURCHASE,
                                  origin_id=purchase.id, purchase=purchase.id)
                   for draft in entering])


def refuse_negative_stock(products, outstanding, entering, warehouse_id, allow_negative):
    """13 when taking the bill's goods back out would leave a product below zero in a warehouse (they were
    sold or moved meanwhile) and that warehouse (else the company) refuses negative stock; what the new
    lines bring back into the bill's warehouse counts."""
    change = {key: -quantity for key, (quantity, _) in outstanding.items()}
    for draft in entering:
        key = (draft.product.id, warehouse_id)
        change[key] = change.get(key, Decimal(0)) + draft.quantity
    falling = {key: delta for key, delta in change.items() if delta < 0}
    if not falling:
        return
    shares = stock.warehouse_shares(set(falling))
    for (product_id, wid), delta in sorted(falling.items()):
        if shares[(product_id, wid)] + delta < 0 and not warehouses.negative_allowed(wid, company_allows=allow_negative):
            raise StateConflict(
                f"el producto {products[product_id].code} ya no tiene en el almacén {wid} lo que trajo la factura "
                f"de proveedor: disponible {shares[(product_id, wid)].normalize():f}, se retirarían "
                f"{(-delta).normalize():f}")


@dataclass
class PreparedBill:
    purchase: Purchase
    drafts: list


def prepare_creation(data, ctx):
    """compra-nuevo's reads and arithmetic, before the write lock: the supplier, the products, the totals."""
    company = ctx.company
    supplier = find_supplier(company.id, data["compra_proveedor"])
    purchase = Purchase(company=company.id, supplier=supplier.id, currency=SOLES, exchange_rate=ONE,
                        prices_include_igv=False, created_by_key=ctx.key.id, comments="[]")
    assign(purchase, data)
    refuse_if_locked(purchase, ctx.config, "registrar una factura de proveedor en él")
    return PreparedBill(purchase, priced(company.id, purchase, data["detalle"]))


def record_creation(prepared, ctx):
    """Inside the write transaction: the bill (the unique index refuses a number taken, however many
    requests bring it at once), its lines, its goods (stock re-read under the lock)."""
    purchase, drafts = prepared.purchase, prepared.drafts
    row = {name: getattr(purchase, name) for name in purchases_table.HEADER_FIELDS}
    purchase.id = purchases_table.insert_unless_duplicate(
        {**row, "company": purchase.company_id, "supplier": purchase.supplier_id})
    if purchase.id is None:
        refuse_duplicate(purchase)
    write_lines(purchase.id, drafts)
    restock(purchase, drafts, ctx.company.allow_negative_stock)
    return purchase


def edit(data, ctx):
    company = ctx.company
    purchase = find(company.id, data["compra_id"])
    if set(data) - set(ALWAYS_EDITABLE):
        refuse_if_locked(purchase, ctx.config, "editar")
    old_supplier, old_number = purchase.supplier_id, purchase.number
    if "compra_proveedor" in data:
        purchase.supplier = find_supplier(company.id, data["compra_proveedor"]).id
    assign(purchase, data)
    if "compra_fecha" in data:
        refuse_if_locked(purchase, ctx.config, "llevarla a esa fecha")
    renumbered = (purchase.supplier_id, purchase.number) != (old_supplier, old_number)
    if renumbered and purchases_table.holder_of_number(
            company.id, purchase.supplier_id, purchase.number, other_than=purchase.id) is not None:
        refuse_duplicate(purchase)
    if any(field in data for field in RESTOCKING):
        raw_lines = data.get("detalle") or stored_lines_as_input(purchase.id)
        drafts = priced(company.id, purchase, raw_lines, include_deleted="detalle" not in data)
        restock(purchase, drafts, company.allow_negative_stock, reason="Edición")
        purchases_table.delete_lines(purchase.id)
        write_lines(purchase.id, drafts)
    purchase.updated_at = utc_now()
    if not purchases_table.save_unless_duplicate(purchase):
        refuse_duplicate(purchase)
    return purchase


def delete(data, ctx):
    """Logical: the bill leaves listings and frees its number; its goods go back out at their own cost."""
    purchase = find(ctx.company.id, data["compra_id"])
    refuse_if_locked(purchase, ctx.config, "eliminar")
    restock(purchase, [], ctx.company.allow_negative_stock, reason="Anulación")
    Purchase.update(deleted=True, updated_at=utc_now()).where(Purchase.id == purchase.id).execute()
    return purchase


def listing(data, company_id):
    """(query of the bills with their supplier, a cheaper query counting the same ones)."""
    conditions = [Purchase.company == company_id, Purchase.deleted == False]  # noqa: E712
    if data.get("compra_id"):
        conditions.append(Purchase.id == data["compra_id"])
    if data.get("compra_proveedor"):
        conditions.append(Purchase.supplier == data["compra_proveedor"])
    if data.get("compra_numero"):
        conditions.append(Purchase.number == canonical_number(data["compra_numero"]))
    if data.get("compra_almacen"):
        conditions.append(Purchase.warehouse == data["compra_almacen"])
    if data.get("fecha_desde"):
        conditions.append(Purchase.issue_date >= data["fecha_desde"])
    if data.get("fecha_hasta"):
        conditions.append(Purchase.issue_date <= data["fecha_hasta"])
    return (Purchase.select(Purchase, Party).join(Party).where(*conditions),
            Purchase.select(Purchase.id).where(*conditions))


def supplier_of(purchase):
    return Party.get_by_id(purchase.supplier_id)


def lines_of(purchase_ids):
    return purchases_table.lines_of(purchase_ids)


def supplier_summaries(company_id, supplier_ids):
    """supplier id → (live bills, their total in soles) for proveedor-listar."""
    return purchases_table.supplier_summaries(company_id, supplier_ids)
