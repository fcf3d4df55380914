"""inventario-ingreso (stock income with weighted-average cost) and kardex-listar."""

from actions import action
from actions.paging import page
from actions.paging import paged_answer
from actions.render import iso
from actions.render import quantity
from domain.money import cents
from domain.stock_operations import EXIT_REASONS
from inventory import stock
from schemas.inventory import InventarioIngresoSchema
from schemas.inventory import KardexListarSchema


@action("inventario-ingreso", schema=InventarioIngresoSchema())
def inventario_ingreso(data, ctx):
    product, movement, previous, cost = stock.register_income(ctx.company.id, data)
    return {
        "respuesta": "Se registró el ingreso de inventario con éxito",
        "id": movement.id,
        "cod_num": product.code,
        "cantidad": data["cantidad"],
        "costo_unitario": quantity(cost),
        "costo_total": cents(cost * data["cantidad"]),
        "stock_anterior": quantity(previous),
        "stock_nuevo": quantity(product.stock),
        "costo_promedio": quantity(product.average_cost),
        "fecha": iso(movement.movement_date),
        "almacen": movement.warehouse,
        "stock_almacen": quantity(movement.warehouse_balance),
        "descripcion": movement.description,
        "referencia": movement.reference,
    }


@action("kardex-listar", schema=KardexListarSchema())
def kardex_listar(data, ctx):
    product, query = stock.movements(ctx.company.id, data)
    movements, headers = page(query, data, ctx)
    return paged_answer([{
        "id": m.id,
        "cod_num": product.code,
        "tipo": m.kind,
        "fecha": iso(m.movement_date),
        "cantidad": quantity(m.quantity),
        "costo_unitario": quantity(m.unit_cost),
        "saldo": quantity(m.balance_quantity),
        "costo_promedio": quantity(m.balance_average_cost),
        "almacen_id": m.warehouse,
        "saldo_almacen": quantity(m.warehouse_balance),
        "tipo_operacion_sunat": m.operation,
        "motivo": MOTIVE_OF_OPERATION.get(m.operation) if m.origin == "salida" else None,
        "origen_tipo": "comprobante" if m.document_id else (m.origin or None),
        "origen_id": m.document_id or m.origin_id,
        "factura_id": m.document_id,
        "compra_id": m.purchase,  # the supplier bill a purchase movement comes from
        "descripcion": m.description,
        "referencia": m.reference,
        "fecha_registro": iso(m.created_at),
    } for m in movements], headers)


MOTIVE_OF_OPERATION = {code: name for name, code in EXIT_REASONS.values()}
