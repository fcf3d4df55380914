"""Payloads of almacen-* (warehouses) and stock-reporte."""

from marshmallow import validate

from schemas.base import ActionSchema
from schemas.base import Paged
from schemas.fields import Boolean
from schemas.fields import Reference
from schemas.fields import String
from schemas.products import product_code

ESTABLISHMENT_CODE = validate.Regexp(r"^[0-9]{4}$", error="Debe ser el código de establecimiento de SUNAT: "
                                                          "4 dígitos (0000 el domicilio fiscal).")


class AlmacenNuevoSchema(ActionSchema):
    almacen_nombre = String(required=True, min_length=1)
    almacen_codigo = String(max_length=4, allow_none=True, validate=ESTABLISHMENT_CODE)
    almacen_direccion = String(allow_none=True)
    almacen_permite_negativo = Boolean(allow_none=True)  # null: the company's policy


class AlmacenEditarSchema(AlmacenNuevoSchema):
    almacen_id = Reference("almacen", required=True)


class AlmacenEliminarSchema(ActionSchema):
    almacen_id = Reference("almacen", required=True)


class AlmacenListarSchema(Paged):
    almacen_id = Reference("almacen")


class StockReporteSchema(ActionSchema):
    almacen_id = Reference("almacen")
    cod_num = product_code()
