"""Payloads of the supplier bill actions (compra-*, CONTRACT §7 "Supplier bills", seed 003).

`-editar` is the `-nuevo` schema plus `compra_id`, loaded partially: only the fields sent change. A field
that may be cleared accepts `null`; a required one (and one with a default) refuses it with code 11.
"""

from marshmallow import validate

from domain.catalogs import CURRENCIES
from domain.taxes import AFFECTATIONS
from domain.taxes import EXPORTACION
from schemas.base import ActionSchema
from schemas.base import Paged
from schemas.fields import Boolean
from schemas.fields import Date
from schemas.fields import Integer
from schemas.fields import Lines
from schemas.fields import Numeric
from schemas.fields import Reference
from schemas.fields import String
from schemas.fields import TextList
from schemas.products import product_code

# A supplier's own number: its series (up to 4 letters or digits: F001, E001, 0001) and correlative.
NUMBER = validate.Regexp(r"^[A-Za-z0-9]{1,4}-[0-9]{1,8}$",
                         error="Debe ser SERIE-NUMERO del proveedor, por ejemplo F001-00000123.")
# A purchase is never an export: the other affectations of SUNAT catalogue 07.
PURCHASE_AFFECTATIONS = {code: name for code, name in AFFECTATIONS.items() if code != EXPORTACION}


def bill_text():
    """Observations and terms: 500 characters, as seed 003 allows; `null` clears them."""
    return String(max_length=500, allow_none=True)


class CompraDetalleSchema(ActionSchema):
    cod_num = product_code(required=True)
    cantidad = Numeric(integer_digits=12, decimals=10, minimum=0, exclusive_minimum=True, required=True)
    precio = Numeric(integer_digits=12, decimals=10, minimum=0, required=True)  # before IGV unless the flag
    descuento = Numeric(integer_digits=3, decimals=2, minimum=0, maximum=100)  # percent
    observaciones = String(max_length=500, allow_none=True)
    afectacion_igv = Integer(choices=PURCHASE_AFFECTATIONS)  # default: the product's


class CompraSchema(ActionSchema):
    compra_proveedor = Reference("proveedor", required=True)
    compra_numero = String(max_length=13, required=True, validate=NUMBER, metadata={"example": "F001-00000123"})
    compra_fecha = Date(required=True)  # never in the future
    compra_vencimiento = Date(allow_none=True)  # not before compra_fecha
    compra_observaciones = bill_text()
    compra_terminos = bill_text()
    compra_moneda = Integer(choices=CURRENCIES)  # default 1 (PEN)
    compra_tipo_cambio = Numeric(integer_digits=4, decimals=6, minimum=0, exclusive_minimum=True,
                                 allow_none=True)  # soles per unit; required when not PEN
    compra_almacen = Reference("almacen", allow_none=True)  # the main warehouse when absent or null
    compra_precios_incluyen_igv = Boolean()  # default false: prices as the bill prints them, before IGV
    compra_comentarios = TextList(allow_none=True)  # may change even on a locked bill
    detalle = Lines(CompraDetalleSchema(), required=True, min_items=1, max_items=1000)


class CompraEditarSchema(CompraSchema):
    compra_id = Reference("compra", required=True)


class CompraEliminarSchema(ActionSchema):
    compra_id = Reference("compra", required=True)


class CompraListarSchema(Paged):
    compra_id = Reference("compra")
    compra_proveedor = Reference("proveedor")
    compra_numero = String(max_length=13, validate=NUMBER)
    compra_almacen = Reference("almacen")
    fecha_desde = Date()
    fecha_hasta = Date()
