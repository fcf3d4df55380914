"""Payloads of salida-* (stock exits, seed 000)."""

from domain.catalogs import CURRENCIES
from domain.stock_operations import EXIT_REASONS
from schemas.base import ActionSchema
from schemas.base import Paged
from schemas.fields import Date
from schemas.fields import Integer
from schemas.fields import Lines
from schemas.fields import Numeric
from schemas.fields import Reference
from schemas.fields import String
from schemas.fields import Text
from schemas.products import product_code

REASONS = {code: name for code, (name, _) in EXIT_REASONS.items()}


class SalidaDetalleSchema(ActionSchema):
    cod_num = product_code(required=True)
    cantidad = Numeric(integer_digits=12, decimals=10, minimum=0, exclusive_minimum=True, required=True)
    costo = Numeric(integer_digits=12, decimals=10, minimum=0)  # absent: the average cost
    precio = Numeric(integer_digits=12, decimals=10, minimum=0)
    descuento = Numeric(integer_digits=3, decimals=2, minimum=0, maximum=100)  # percent
    descripcion = Text()
    num_serie = String(allow_none=True)


class SalidaSchema(ActionSchema):
    salida_almacen = Reference("almacen", required=True)
    salida_motivo = Integer(required=True, choices=REASONS)
    salida_cliente = Reference("cliente", allow_none=True)
    salida_proveedor = Reference("proveedor", allow_none=True)
    salida_fecha = Date()  # today in Lima when absent; never in the future
    salida_observaciones = Text(allow_none=True)
    salida_referencia = String(allow_none=True)
    salida_moneda = Integer(choices=CURRENCIES)
    detalle = Lines(SalidaDetalleSchema(), required=True, min_items=1, max_items=1000)


class SalidaEditarSchema(SalidaSchema):
    salida_id = Reference("salida", required=True)


class SalidaEliminarSchema(ActionSchema):
    salida_id = Reference("salida", required=True)


class SalidaListarSchema(Paged):
    salida_id = Reference("salida")
    salida_almacen = Reference("almacen")
    salida_motivo = Integer(choices=REASONS)
    fecha_desde = Date()
    fecha_hasta = Date()
