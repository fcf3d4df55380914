"""inventario-conteo-*: inventory counts in seed 004's shape, with Spanish keys and differences after − before."""

from decimal import Decimal

from actions import action
from actions.paging import page
from actions.paging import paged_answer
from actions.render import iso
from actions.render import money
from actions.render import price
from actions.render import quantity
from inventory import stock_counts
from inventory import warehouses
from schemas.stock_counts import ConteoCerrarSchema
from schemas.stock_counts import ConteoEditarSchema
from schemas.stock_counts import ConteoListarSchema
from schemas.stock_counts import ConteoNuevoSchema


@action("inventario-conteo-nuevo", schema=ConteoNuevoSchema())
def create(data, ctx):
    count = stock_counts.create(data, ctx.company.id)
    return {"respuesta": "Se registró el conteo de inventario con éxito", **shown(count, ctx)}


@action("inventario-conteo-editar", schema=ConteoEditarSchema())
def edit(data, ctx):
    count = stock_counts.edit(data, ctx.company.id)
    return {"respuesta": "Se editó el conteo de inventario con éxito", **shown(count, ctx)}


@action("inventario-conteo-cerrar", schema=ConteoCerrarSchema())
def close(data, ctx):
    count = stock_counts.close(data, ctx.company.id)
    return {"respuesta": "Se cerró el conteo de inventario con éxito", **shown(count, ctx)}


@action("inventario-conteo-eliminar", schema=ConteoCerrarSchema())
def delete(data, ctx):
    count = stock_counts.delete(data, ctx.company.id)
    return {"respuesta": "Se eliminó el conteo de inventario con éxito", "id": count.id}


@action("inventario-conteo-listar", schema=ConteoListarSchema())
def listing(data, ctx):
    found, headers = page(stock_counts.listing(data, ctx.company.id), data, ctx)
    items = stock_counts.items_of(found)
    names = warehouses.names(ctx.company.id)
    return paged_answer([count_record(c, items.get(c.id, []), names) for c in found], headers)


def shown(count, ctx):
    return count_record(count, stock_counts.items_of([count]).get(count.id, []), warehouses.names(ctx.company.id))


def count_record(count, items, names):
    """Seed 004's record: totals in cents, each item's amounts exact (quantity × unit price)."""
    shown_items = [item_record(*item, names) for item in items]
    before = sum((i["monto_antes"] for i in shown_items), Decimal(0))
    after = sum((i["monto_despues"] for i in shown_items), Decimal(0))
    return {
        "id": count.id,
        "fecha": iso(count.count_date),
        "descripcion": count.description,
        "estado": count.state,
        "almacenes": [{"id": w, "nombre": names[w].name} for w in count.warehouse_ids],
        "monto_antes": money(before),
        "monto_despues": money(after),
        "monto_diferencia": money(after - before),
        "fecha_cierre": iso(count.closed_at),
        "items": shown_items,
    }


def item_record(item, product, before, after, unit_price, names):
    return {
        "producto": {"id": product.id, "cod_num": product.code, "nombre": product.name, "unidad": product.unit},
        "almacen": {"id": item.warehouse, "nombre": names[item.warehouse].name},
        "contado": item.counted is not None,
        "cantidad_antes": quantity(before),
        "cantidad_despues": quantity(after),
        "cantidad_diferencia": quantity(after - before),
        "precio_unitario": price(unit_price),
        "monto_antes": price(before * unit_price),
        "monto_despues": price(after * unit_price),
        "monto_diferencia": price((after - before) * unit_price),
        "comentario": item.comment,
    }
