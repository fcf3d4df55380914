"""Payloads of producto-* (products and services that detail lines sell)."""

import re

from marshmallow import ValidationError
from marshmallow import validate
from marshmallow import validates

from domain.catalogs import PRODUCT_CODE_MAX
from domain.catalogs import PRODUCT_KINDS
from domain.taxes import AFFECTATIONS
from schemas.base import ActionSchema
from schemas.base import Paged
from schemas.fields import Boolean
from schemas.fields import Integer
from schemas.fields import Numeric
from schemas.fields import Reference
from schemas.fields import String

UNIT_PATTERN = re.compile("^[A-Z0-9]{2,3}$")


def product_code(**kwargs):
    """A product's `cod_num`: up to 8 digits."""
    return Reference("codigo_producto", maximum=PRODUCT_CODE_MAX, **kwargs)


class ProductoNuevoSchema(ActionSchema):
    # For /openapi.json: a product that controls stock is goods (inventory/products.normalise refuses a
    # service that does)
    openapi_rules = {"if": {"required": ["producto_controla_stock"], "properties": {"producto_controla_stock": {"const": True}}},
                     "then": {"properties": {"producto_tipo": {"const": 1}}}}

    cod_num = product_code()  # assigned by the gateway when not sent
    producto_nombre = String(required=True)
    # SUNAT catalogue 03: NIU, ZZ, KGM... (checked below, in capitals)
    producto_unidad = String(max_length=3, metadata={"openapi": {"pattern": "^[A-Za-z0-9]{2,3}$"}})
    producto_precio = Numeric(integer_digits=12, decimals=10, minimum=0, required=True)
    producto_tipo = Integer(choices=PRODUCT_KINDS)
    producto_afectacion_igv = Integer(choices=AFFECTATIONS)
    producto_controla_stock = Boolean()
    producto_icbper = Boolean()  # a plastic bag: each unit sold pays ICBPER (SUNAT tax 7152)
    # ISC (SUNAT tax 2000): the system of catalogue 08 (only "01", al valor) and its rate, a percent
    producto_isc_sistema = String(max_length=2, allow_none=True, validate=validate.OneOf(
        ["01"], error="Solo se admite el sistema 01 (al valor) del catálogo 08 de SUNAT; 02 y 03 aún no."))
    producto_isc_tasa = Numeric(integer_digits=3, decimals=4, minimum=0, maximum=100)

    @validates("producto_unidad")
    def check_unit(self, value, **kwargs):
        if not UNIT_PATTERN.match(value.upper()):
            raise ValidationError("Debe ser un código de unidad del catálogo 03 de SUNAT (por ejemplo NIU, ZZ, KGM).")


class ProductoEditarSchema(ProductoNuevoSchema):
    producto_id = Reference("producto", required=True)


class ProductoEliminarSchema(ActionSchema):
    producto_id = Reference("producto", required=True)


class ProductoListarSchema(Paged):
    producto_id = Reference("producto")
    cod_num = product_code()
