"""salida-*: stock exits from a warehouse for a motivo (seed 000)."""

from decimal import Decimal

from actions import action
from actions.paging import page
from actions.paging import paged_answer
from actions.render import iso
from actions.render import money
from actions.render import price
from actions.render import quantity
from domain.stock_operations import EXIT_REASONS
from inventory import exits
from schemas.base import editing
from schemas.exits import SalidaEditarSchema
from schemas.exits import SalidaEliminarSchema
from schemas.exits import SalidaListarSchema
from schemas.exits import SalidaSchema


@action("salida-nuevo", schema=SalidaSchema())
def create(data, ctx):
    exit_row, movements = exits.create(data, ctx.company.id)
    return {
        "respuesta": "Se registró la salida de inventario con éxito",
        "id": exit_row.id,
        "costo_total": money(sum(-m.quantity * m.unit_cost for m in movements)),
        "detalle": [{"cod_num": m.product.code, "cantidad": quantity(-m.quantity), "costo": price(m.unit_cost),
                     "stock_almacen": quantity(m.warehouse_stock)} for m in movements],
    }


@action("salida-editar", schema=editing(SalidaEditarSchema, "salida_id"))
def edit(data, ctx):
    exit_row = exits.edit(data, ctx.company.id)
    return {"respuesta": "Se editó la salida de inventario con éxito", "id": exit_row.id}


@action("salida-eliminar", schema=SalidaEliminarSchema())
def delete(data, ctx):
    exit_row = exits.delete(data, ctx.company.id)
    return {"respuesta": "Se eliminó la salida de inventario con éxito", "id": exit_row.id}


@action("salida-listar", schema=SalidaListarSchema())
def listing(data, ctx):
    found, headers = page(exits.listing(data, ctx.company.id), data, ctx)
    lines = exits.lines_of([e.id for e in found])
    return paged_answer([exit_record(e, lines.get(e.id, [])) for e in found], headers)


def exit_record(exit_row, lines):
    name, operation = EXIT_REASONS[exit_row.reason]
    return {
        "id": exit_row.id,
        "salida_almacen": exit_row.warehouse,
        "salida_motivo": exit_row.reason,
        "motivo": name,
        "tipo_operacion_sunat": operation,
        "salida_cliente": exit_row.client,
        "salida_proveedor": exit_row.supplier,
        "salida_fecha": iso(exit_row.exit_date),
        "salida_observaciones": exit_row.notes,
        "salida_referencia": exit_row.reference,
        "salida_moneda": exit_row.currency,
        "costo_total": money(sum((line.quantity * line.applied_cost for line in lines), Decimal(0))),
        "sis_empresa": exit_row.company_id,
        "fecha_creacion": iso(exit_row.created_at),
        "detalle": [{
            "item": line.position,
            "cod_num": line.code,
            "descripcion": line.description,
            "num_serie": line.serial_number,
            "cantidad": quantity(line.quantity),
            "costo": price(line.applied_cost),
            "precio": price(line.price),
            "descuento": quantity(line.discount_percent),
        } for line in lines],
    }
