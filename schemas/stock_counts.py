"""Payloads of inventario-conteo-* (inventory counts, seed 004)."""

from marshmallow import validate

from domain.catalogs import PRODUCT_CODE_MAX
from domain.stock_operations import COUNT_CLOSED as CLOSED
from domain.stock_operations import COUNT_OPEN as OPEN
from schemas.base import ActionSchema
from schemas.base import Paged
from schemas.fields import Date
from schemas.fields import Lines
from schemas.fields import Numeric
from schemas.fields import Reference
from schemas.fields import References
from schemas.fields import String
from schemas.fields import Text
from schemas.products import product_code


class ConteoItemSchema(ActionSchema):
    cod_num = product_code(required=True)
    cantidad_contada = Numeric(integer_digits=12, decimals=10, minimum=0, allow_none=True)
    comentario = Text(allow_none=True)
    almacen = Reference("almacen")  # required when the count covers several warehouses


class ConteoNuevoSchema(ActionSchema):
    conteo_almacenes = References("almacen", required=True, max_items=50)
    conteo_fecha = Date()
    conteo_descripcion = Text(allow_none=True)
    # cod_num of the products to count (absent: whatever is counted)
    conteo_productos = References("codigo_producto", maximum=PRODUCT_CODE_MAX, max_items=100_000)


class ConteoEditarSchema(ActionSchema):
    conteo_id = Reference("conteo", required=True)
    conteo_fecha = Date()
    conteo_descripcion = Text(allow_none=True)
    items = Lines(ConteoItemSchema(), min_items=1, max_items=100_000)


class ConteoCerrarSchema(ActionSchema):
    conteo_id = Reference("conteo", required=True)


class ConteoListarSchema(Paged):
    conteo_id = Reference("conteo")
    conteo_estado = String(max_length=10, validate=validate.OneOf(
        [OPEN, CLOSED], error=f"Debe ser {OPEN} o {CLOSED}."))
