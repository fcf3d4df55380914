"""Stock exits (salida-*, seed 000): stock leaves one warehouse for a motivo (SUNAT table 12), at the
average cost unless the line gives one. Editing replaces the lines (the old ones are reversed, the new ones
applied); deleting reverses them. Every movement names the exit as its origin, so reversing finds them."""

from decimal import Decimal

from domain.catalogs import CLIENT
from domain.catalogs import SUPPLIER
from domain.clock import lima_today
from domain.clock import utc_now
from domain.stock_operations import EXIT
from domain.stock_operations import EXIT_REASONS
from domain.stock_operations import EXIT_REVERSAL
from domain.stock_operations import FROM_EXIT
from domain.stock_operations import exit_operation
from errors import InvalidInput
from errors import NotFound
from errors import StateConflict
from inventory import stock
from inventory import warehouses
from models import exits as exits_table
from models import party as parties_table
from models import product as products_table
from models.bulk import insert_row
from models.exits import StockExit

# payload field → StockExit attribute, copied as they come
PLAIN_FIELDS = {
    "salida_almacen": "warehouse",
    "salida_motivo": "reason",
    "salida_cliente": "client",
    "salida_proveedor": "supplier",
    "salida_fecha": "exit_date",
    "salida_observaciones": "notes",
    "salida_referencia": "reference",
    "salida_moneda": "currency",
}
# Changing one of these moves the stock again.
MOVING_FIELDS = ("detalle", "salida_almacen", "salida_motivo", "salida_fecha")


def check_header(company_id, values):
    """The warehouse, client and supplier exist in the company (12); the date is not in the future (11)."""
    warehouses.find(company_id, values["warehouse"])
    if values.get("client") and parties_table.live_party(company_id, CLIENT, values["client"]) is None:
        raise NotFound("el cliente", f"id {values['client']}")
    if values.get("supplier") and parties_table.live_party(company_id, SUPPLIER, values["supplier"]) is None:
        raise NotFound("el proveedor", f"id {values['supplier']}")
    if values.get("client") and values.get("supplier"):
        raise InvalidInput("revise salida_proveedor", campos={"salida_proveedor": [
            "Indique salida_cliente o salida_proveedor, no ambos."]})
    if values["exit_date"] > lima_today():
        raise InvalidInput("revise salida_fecha", campos={"salida_fecha": ["La fecha no puede ser futura."]})


def stock_products(company_id, raw_lines, include_deleted=False):
    """product id → Product (read before the lock) for the lines, each stock-controlled (else 13)."""
    codes = [line["cod_num"] for line in raw_lines]
    found = products_table.by_code(company_id, codes, include_deleted)
    for code in sorted(set(codes)):
        if code not in found:
            raise NotFound("el producto", f"código {code}")
        if not found[code].controls_stock:
            raise StateConflict(f"el producto {code} no controla stock (servicio o sin inventario)")
    return found


def move(company_id, exit_row, raw_lines, products_by_code):
    """Take the lines out of the exit's warehouse; write them with the cost each left at."""
    loaded = {p.id: p for p in products_by_code.values()}
    reason = EXIT_REASONS[exit_row.reason][0]
    movements = stock.take_away(
        company_id, [(products_by_code[line["cod_num"]].id, line["cantidad"], line.get("costo")) for line in raw_lines],
        exit_row.exit_date, warehouse_id=exit_row.warehouse, kind=EXIT, origin=FROM_EXIT, origin_id=exit_row.id,
        description=f"Salida {exit_row.id}: {reason}", reference=exit_row.reference or "",
        operation=exit_operation(exit_row.reason), loaded=loaded)
    exits_table.insert_lines(exit_row.id, [(
        position, movement.product.id, line["cod_num"], line.get("descripcion") or movement.product.name,
        line.get("num_serie"), line["cantidad"], line.get("costo"), movement.unit_cost, line.get("precio"),
        line.get("descuento", Decimal(0)),
    ) for position, (line, movement) in enumerate(zip(raw_lines, movements), start=1)])
    return movements


def create(data, company_id):
    values = {attr: data[field] for field, attr in PLAIN_FIELDS.items() if field in data}
    values.setdefault("exit_date", lima_today())
    values["notes"] = values.get("notes") or ""
    values["reference"] = values.get("reference") or ""
    check_header(company_id, values)
    products = stock_products(company_id, data["detalle"])
    exit_row = StockExit(company=company_id, **values)
    exit_row.id = insert_row(StockExit, {"company": company_id, **values})
    movements = move(company_id, exit_row, data["detalle"], products)
    return exit_row, movements


def find(company_id, exit_id):
    found = StockExit.get_or_none((StockExit.id == exit_id) & (StockExit.company == company_id)
                                  & (StockExit.deleted == False))  # noqa: E712
    if found is None:
        raise NotFound("la salida de inventario", f"id {exit_id}")
    return found


def stored_lines_as_input(exit_id):
    return [{"cod_num": line.code, "cantidad": line.quantity, "costo": line.cost, "precio": line.price,
             "descuento": line.discount_percent, "descripcion": line.description, "num_serie": line.serial_number}
            for line in exits_table.lines_of([exit_id]).get(exit_id, [])]


def edit(data, company_id):
    exit_row = find(company_id, data["salida_id"])
    old_operation = exit_operation(exit_row.reason)
    for field, attr in PLAIN_FIELDS.items():
        if field in data:
            setattr(exit_row, attr, data[field])
    if exit_row.warehouse is None or exit_row.reason is None or exit_row.exit_date is None:
        raise InvalidInput("revise salida_almacen, salida_motivo, salida_fecha", campos={
            field: ["No puede quedar vacío."] for field in ("salida_almacen", "salida_motivo", "salida_fecha")
            if field in data and data[field] is None})
    exit_row.notes, exit_row.reference = exit_row.notes or "", exit_row.reference or ""
    values = {attr: getattr(exit_row, attr) for attr in PLAIN_FIELDS.values()}
    check_header(company_id, values)
    if any(field in data for field in MOVING_FIELDS):
        raw_lines = data.get("detalle") or stored_lines_as_input(exit_row.id)
        products = stock_products(company_id, raw_lines, include_deleted="detalle" not in data)
        stock.lock_for_rewrite(FROM_EXIT, exit_row.id, [p.id for p in products.values()])
        stock.reverse_origin(company_id, FROM_EXIT, exit_row.id, EXIT_REVERSAL, f"Edición de la salida {exit_row.id}",
                             operation=old_operation)
        exits_table.delete_lines(exit_row.id)
        move(company_id, exit_row, raw_lines, products)
    exit_row.updated_at = utc_now()
    exit_row.save()
    return exit_row


def delete(data, company_id):
    exit_row = find(company_id, data["salida_id"])
    stock.reverse_origin(company_id, FROM_EXIT, exit_row.id, EXIT_REVERSAL, f"Eliminación de la salida {exit_row.id}",
                         operation=exit_operation(exit_row.reason))
    StockExit.update(deleted=True, updated_at=utc_now()).where(StockExit.id == exit_row.id).execute()
    return exit_row


def listing(data, company_id):
    query = StockExit.select().where((StockExit.company == company_id) & (StockExit.deleted == False))  # noqa: E712
    if data.get("salida_id"):
        query = query.where(StockExit.id == data["salida_id"])
    if data.get("salida_almacen"):
        query = query.where(StockExit.warehouse == data["salida_almacen"])
    if data.get("salida_motivo"):
        query = query.where(StockExit.reason == data["salida_motivo"])
    if data.get("fecha_desde"):
        query = query.where(StockExit.exit_date >= data["fecha_desde"])
    if data.get("fecha_hasta"):
        query = query.where(StockExit.exit_date <= data["fecha_hasta"])
    return query


def lines_of(exit_ids):
    return exits_table.lines_of(exit_ids)
