"""producto-*: products and services that detail lines sell, with read-only stock and average cost."""

import random

from actions import action
from actions.paging import page
from actions.paging import paged_answer
from actions.paging import unfiltered
from actions.render import iso
from actions.render import plain
from errors import InvalidInput
from errors import NotFound
from errors import StateConflict
from models import Product
from models.base import now
from models.counts import adjust
from models.product import SERVICE
from schemas.base import editing
from schemas.products import CODE_MAX
from schemas.products import ProductoEditarSchema
from schemas.products import ProductoEliminarSchema
from schemas.products import ProductoListarSchema
from schemas.products import ProductoNuevoSchema

FIELDS = {
    "cod_num": "code",
    "producto_nombre": "name",
    "producto_unidad": "unit",
    "producto_precio": "price",
    "producto_tipo": "kind",
    "producto_afectacion_igv": "igv_affectation",
    "producto_controla_stock": "controls_stock",
}


def find_product(product_id, ctx):
    product = Product.get_or_none((Product.id == product_id) & (Product.company == ctx.company.id)
                                  & (Product.deleted == False))  # noqa: E712
    if product is None:
        raise NotFound("el producto", f"id {product_id}")
    return product


def refuse_taken_code(code, ctx, exclude_id=None):
    query = Product.select(Product.id, Product.deleted).where(
        (Product.company == ctx.company.id) & (Product.code == code))
    if exclude_id is not None:
        query = query.where(Product.id != exclude_id)
    taken = query.first()
    if taken is not None:
        owner = "un producto eliminado" if taken.deleted else f"el producto {taken.id}"
        raise InvalidInput("revise cod_num", campos={"cod_num": [f"El código {code} ya lo usa {owner}."]})


def free_code(ctx):
    """A random unused 8-digit code, like the ERP's own (43677910)."""
    while True:
        code = random.randint(10_000_000, CODE_MAX)
        if not Product.select().where((Product.company == ctx.company.id) & (Product.code == code)).exists():
            return code


def normalise(values):
    """Services carry no stock and default to unit ZZ; units are upper case."""
    if values.get("unit"):
        values["unit"] = values["unit"].upper()
    if values.get("kind") == SERVICE:
        if values.get("controls_stock"):
            raise InvalidInput("revise producto_controla_stock", campos={
                "producto_controla_stock": ["Un servicio no controla stock."]})
        values["controls_stock"] = False
    return values


def create(data, ctx):
    values = normalise({attr: data[field] for field, attr in FIELDS.items() if field in data})
    if "code" in values:
        refuse_taken_code(values["code"], ctx)
    else:
        values["code"] = free_code(ctx)
    if "unit" not in values and values.get("kind") == SERVICE:
        values["unit"] = "ZZ"
    product = Product.create(company=ctx.company.id, **values)
    adjust(ctx.company.id, "producto", +1)
    return {"respuesta": "Se registró con éxito", "id": product.id, "cod_num": product.code}


def edit(data, ctx):
    product = find_product(data["producto_id"], ctx)
    values = normalise({attr: data[field] for field, attr in FIELDS.items() if field in data})
    if "code" in values:
        refuse_taken_code(values["code"], ctx, exclude_id=product.id)
    if product.controls_stock and values.get("controls_stock") is False and product.stock != 0:
        raise StateConflict(f"el producto {product.code} tiene stock {plain(product.stock)}; "
                            "no puede dejar de controlar stock mientras no sea 0")
    Product.update(updated_at=now(), **values).where(Product.id == product.id).execute()
    return {"respuesta": "Se editó el producto con éxito", "id": product.id}


def delete(data, ctx):
    product = find_product(data["producto_id"], ctx)
    # Logical: documents that sold it stay intact; its code stays taken.
    Product.update(deleted=True, updated_at=now()).where(Product.id == product.id).execute()
    adjust(ctx.company.id, "producto", -1)
    return {"respuesta": "Se eliminó el producto con éxito", "id": product.id}


def listing(data, ctx):
    query = Product.select().where((Product.company == ctx.company.id) & (Product.deleted == False))  # noqa: E712
    if data.get("producto_id"):
        query = query.where(Product.id == data["producto_id"])
    if data.get("cod_num"):
        query = query.where(Product.code == data["cod_num"])
    products, headers = page(query, Product.id, data, ctx, kept=unfiltered(data, "producto", ctx.company.id))
    return paged_answer([product_record(p) for p in products], headers)


def product_record(product):
    return {
        "producto_id": product.id,
        "cod_num": product.code,
        "producto_nombre": product.name,
        "producto_unidad": product.unit,
        "producto_precio": plain(product.price),
        "producto_tipo": product.kind,
        "producto_afectacion_igv": product.igv_affectation,
        "producto_controla_stock": product.controls_stock,
        "stock": plain(product.stock),
        "costo_promedio": plain(product.average_cost),
        "idestado": 1,
        "sis_empresa": product.company_id,
        "fecha_creacion": iso(product.created_at.date()),
        "fecha_modificacion": iso(product.updated_at.date()),
    }


action("producto-nuevo", schema=ProductoNuevoSchema())(create)
action("producto-editar", schema=editing(ProductoEditarSchema, "producto_id"))(edit)
action("producto-eliminar", schema=ProductoEliminarSchema())(delete)
action("producto-listar", schema=ProductoListarSchema())(listing)
