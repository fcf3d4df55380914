"""producto-*: products and services that detail lines sell, with read-only stock and average cost."""

from decimal import Decimal

from actions import action
from actions.paging import page
from actions.paging import paged_answer
from actions.paging import unfiltered
from actions.render import lima_date
from actions.render import price
from actions.render import quantity
from inventory import products
from schemas.base import editing
from schemas.products import ProductoEditarSchema
from schemas.products import ProductoEliminarSchema
from schemas.products import ProductoListarSchema
from schemas.products import ProductoNuevoSchema


@action("producto-nuevo", schema=ProductoNuevoSchema())
def create(data, ctx):
    product = products.create(data, ctx.company.id)
    return {"respuesta": "Se registró con éxito", "id": product.id, "cod_num": product.code}


@action("producto-editar", schema=editing(ProductoEditarSchema, "producto_id"))
def edit(data, ctx):
    product = products.edit(data, ctx.company.id)
    return {"respuesta": "Se editó el producto con éxito", "id": product.id}


@action("producto-eliminar", schema=ProductoEliminarSchema())
def delete(data, ctx):
    product = products.delete(data, ctx.company.id)
    return {"respuesta": "Se eliminó el producto con éxito", "id": product.id}


@action("producto-listar", schema=ProductoListarSchema())
def listing(data, ctx):
    query = products.listing(data, ctx.company.id)
    found, headers = page(query, data, ctx, kept=unfiltered(data, "producto", ctx.company.id))
    shares = products.stock_by_warehouse([p.id for p in found])
    return paged_answer([product_record(p, shares.get(p.id, [])) for p in found], headers)


def product_record(product, shares=()):
    return {
        "producto_id": product.id,
        "cod_num": product.code,
        "producto_nombre": product.name,
        "producto_unidad": product.unit,
        "producto_precio": price(product.price),
        "producto_tipo": product.kind,
        "producto_afectacion_igv": product.igv_affectation,
        "producto_controla_stock": product.controls_stock,
        "producto_icbper": product.icbper,
        "producto_isc_sistema": product.isc_system or None,
        "producto_isc_tasa": quantity(product.isc_rate),
        "stock": quantity(sum((stock for _, stock in shares), Decimal(0))),
        "stock_por_almacen": [{"almacen_id": warehouse_id, "stock": quantity(stock)} for warehouse_id, stock in shares],
        "costo_promedio": price(product.average_cost),
        "idestado": 1,
        "sis_empresa": product.company_id,
        "fecha_creacion": lima_date(product.created_at),
        "fecha_modificacion": lima_date(product.updated_at),
    }
