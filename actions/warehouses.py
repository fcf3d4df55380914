"""almacen-* (warehouses, each with SUNAT's establishment code) and stock-reporte (stock of every warehouse)."""

from actions import action
from actions.paging import page
from actions.paging import paged_answer
from actions.render import lima_date
from actions.render import money
from actions.render import price
from actions.render import quantity
from inventory import report
from inventory import warehouses
from schemas.base import editing
from schemas.warehouses import AlmacenEditarSchema
from schemas.warehouses import AlmacenEliminarSchema
from schemas.warehouses import AlmacenListarSchema
from schemas.warehouses import AlmacenNuevoSchema
from schemas.warehouses import StockReporteSchema


@action("almacen-nuevo", schema=AlmacenNuevoSchema())
def create(data, ctx):
    warehouse = warehouses.create(data, ctx.company.id)
    return {"respuesta": "Se registró con éxito", "id": warehouse.id}


@action("almacen-editar", schema=editing(AlmacenEditarSchema, "almacen_id"))
def edit(data, ctx):
    warehouse = warehouses.edit(data, ctx.company.id)
    return {"respuesta": "Se editó el almacén con éxito", "id": warehouse.id}


@action("almacen-eliminar", schema=AlmacenEliminarSchema())
def delete(data, ctx):
    warehouse = warehouses.delete(data, ctx.company.id)
    return {"respuesta": "Se eliminó el almacén con éxito", "id": warehouse.id}


@action("almacen-listar", schema=AlmacenListarSchema())
def listing(data, ctx):
    found, headers = page(warehouses.listing(data, ctx.company.id), data, ctx)
    return paged_answer([warehouse_record(w) for w in found], headers)


def warehouse_record(warehouse):
    return {
        "almacen_id": warehouse.id,
        "almacen_nombre": warehouse.name,
        "almacen_codigo": warehouse.code,
        "almacen_direccion": warehouse.address,
        "almacen_principal": warehouse.is_main,
        "almacen_permite_negativo": warehouse.allow_negative_stock,
        "sis_empresa": warehouse.company_id,
        "fecha_creacion": lima_date(warehouse.created_at),
        "fecha_modificacion": lima_date(warehouse.updated_at),
    }


@action("stock-reporte", schema=StockReporteSchema(), writes=False)
def stock_report(data, ctx):
    listed, products, total = report.stock_report(ctx.company.id, data)
    return {
        "almacenes": [{
            "almacen_id": warehouse.id,
            "almacen_nombre": warehouse.name,
            "productos": [product_line(p, q, v) for p, q, v in rows],
            "valor_total": money(value),
        } for warehouse, rows, value in listed],
        "productos": [product_line(p, q, v) for p, q, v in products],
        "valor_total": money(total),
    }


def product_line(product, stock, value):
    return {
        "cod_num": product.code,
        "producto_nombre": product.name,
        "producto_unidad": product.unit,
        "cantidad": quantity(stock),
        "costo_promedio": price(product.average_cost),
        "valor": money(value),
    }
