"""Creating, editing, deleting and listing products and services.

Stock and average cost are read-only here: they move only through kardex movements (inventory/stock.py).
"""

import random

from domain.catalogs import PRODUCT_CODE_MAX
from domain.catalogs import SERVICE
from domain.catalogs import SERVICE_UNIT
from domain.clock import utc_now
from domain.money import normalized
from errors import InvalidInput
from errors import NotFound
from errors import StateConflict
from models import warehouse as warehouse_table
from models.counts import adjust
from models.product import Product

# payload field → Product attribute
FIELDS = {
    "cod_num": "code",
    "producto_nombre": "name",
    "producto_unidad": "unit",
    "producto_precio": "price",
    "producto_tipo": "kind",
    "producto_afectacion_igv": "igv_affectation",
    "producto_controla_stock": "controls_stock",
    "producto_icbper": "icbper",
    "producto_isc_sistema": "isc_system",
    "producto_isc_tasa": "isc_rate",
}


def find(product_id, company_id):
    product = Product.get_or_none((Product.id == product_id) & (Product.company == company_id)
                                  & (Product.deleted == False))  # noqa: E712
    if product is None:
        raise NotFound("el producto", f"id {product_id}")
    return product


def refuse_taken_code(code, company_id, exclude_id=None):
    query = Product.select(Product.id, Product.deleted).where((Product.company == company_id) & (Product.code == code))
    if exclude_id is not None:
        query = query.where(Product.id != exclude_id)
    taken = query.first()
    if taken is not None:
        owner = "un producto eliminado" if taken.deleted else f"el producto {taken.id}"
        raise InvalidInput("revise cod_num", campos={"cod_num": [f"El código {code} ya lo usa {owner}."]})


def free_code(company_id):
    """A random unused 8-digit code, like the ERP's own (43677910)."""
    while True:
        code = random.randint(10_000_000, PRODUCT_CODE_MAX)
        if not Product.select().where((Product.company == company_id) & (Product.code == code)).exists():
            return code


def normalise(values):
    """Services carry no stock and default to unit ZZ; units are upper case."""
    if values.get("unit"):
        values["unit"] = values["unit"].upper()
    if "isc_system" in values and not values["isc_system"]:
        values["isc_system"] = ""  # null clears it: no ISC
    if values.get("kind") == SERVICE:
        if values.get("controls_stock"):
            raise InvalidInput("revise producto_controla_stock", campos={
                "producto_controla_stock": ["Un servicio no controla stock."]})
        values["controls_stock"] = False
    return values


def picked(data):
    return normalise({attr: data[field] for field, attr in FIELDS.items() if field in data})


def create(data, company_id):
    values = picked(data)
    if "code" in values:
        refuse_taken_code(values["code"], company_id)
    else:
        values["code"] = free_code(company_id)
    if "unit" not in values and values.get("kind") == SERVICE:
        values["unit"] = SERVICE_UNIT
    product = Product.create(company=company_id, **values)
    adjust(company_id, "producto", +1)
    return product


def edit(data, company_id):
    product = find(data["producto_id"], company_id)
    values = picked(data)
    if "code" in values:
        refuse_taken_code(values["code"], company_id, exclude_id=product.id)
    if product.controls_stock and values.get("controls_stock") is False:
        held = warehouse_table.totals([product.id])[product.id]
        if held != 0:
            raise StateConflict(f"el producto {product.code} tiene stock {normalized(held)}; "
                                "no puede dejar de controlar stock mientras no sea 0")
    Product.update(updated_at=utc_now(), **values).where(Product.id == product.id).execute()
    return product


def delete(data, company_id):
    product = find(data["producto_id"], company_id)
    # Logical: documents that sold it stay intact; its code stays taken.
    Product.update(deleted=True, updated_at=utc_now()).where(Product.id == product.id).execute()
    adjust(company_id, "producto", -1)
    return product


def listing(data, company_id):
    """The query of the live products that a `producto-listar` payload's filters select."""
    query = Product.select().where((Product.company == company_id) & (Product.deleted == False))  # noqa: E712
    if data.get("producto_id"):
        query = query.where(Product.id == data["producto_id"])
    if data.get("cod_num"):
        query = query.where(Product.code == data["cod_num"])
    return query


def stock_by_warehouse(product_ids):
    """product id → [(warehouse id, stock)] for a page of products (warehouses where stock moved)."""
    return warehouse_table.of_products(product_ids)
