"""inventario-ingreso (seed 001: stock income with weighted-average cost) and kardex-listar."""

from actions import action
from actions.paging import page
from actions.paging import paged_answer
from actions.render import iso
from actions.render import plain
from errors import InvalidInput
from errors import StateConflict
from inventory import stock
from invoicing.lines import products_by_code
from invoicing.totals import cents
from models import StockMovement
from schemas.inventory import InventarioIngresoSchema
from schemas.inventory import KardexListarSchema


@action("inventario-ingreso", schema=InventarioIngresoSchema())
def inventario_ingreso(data, ctx):
    product = products_by_code(ctx.company.id, [data["cod_num"]])[data["cod_num"]]
    if not product.controls_stock:
        raise StateConflict(f"el producto {product.code} no controla stock (servicio o sin inventario)")
    day = data.get("fecha") or stock.lima_today()
    if day > stock.lima_today():
        raise InvalidInput("revise fecha", campos={"fecha": ["La fecha no puede ser futura."]})
    product = stock.locked_products([product.id])[product.id]
    cost = data.get("costo", product.average_cost)
    movement, previous = stock.income(product, data["cantidad"], cost, day,
                                      description=data.get("descripcion", ""), reference=data.get("referencia", ""))
    return {
        "respuesta": "Se registró el ingreso de inventario con éxito",
        "id": movement.id,
        "cod_num": product.code,
        "cantidad": data["cantidad"],
        "costo_unitario": plain(cost),
        "costo_total": cents(cost * data["cantidad"]),
        "stock_anterior": plain(previous),
        "stock_nuevo": plain(product.stock),
        "costo_promedio": plain(product.average_cost),
        "fecha": iso(day),
        "descripcion": movement.description,
        "referencia": movement.reference,
    }


@action("kardex-listar", schema=KardexListarSchema())
def kardex_listar(data, ctx):
    product = products_by_code(ctx.company.id, [data["cod_num"]], include_deleted=True)[data["cod_num"]]
    query = StockMovement.select().where(StockMovement.product == product.id)
    if data.get("fecha_desde"):
        query = query.where(StockMovement.movement_date >= data["fecha_desde"])
    if data.get("fecha_hasta"):
        query = query.where(StockMovement.movement_date <= data["fecha_hasta"])
    movements, headers = page(query, StockMovement.id, data, ctx)
    return paged_answer([{
        "id": m.id,
        "cod_num": product.code,
        "tipo": m.kind,
        "fecha": iso(m.movement_date),
        "cantidad": plain(m.quantity),
        "costo_unitario": plain(m.unit_cost),
        "saldo": plain(m.balance_quantity),
        "costo_promedio": plain(m.balance_average_cost),
        "factura_id": m.document_id,
        "descripcion": m.description,
        "referencia": m.reference,
        "fecha_registro": iso(m.created_at),
    } for m in movements], headers)
