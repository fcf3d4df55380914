"""Payloads of transferencia-* (stock moved between two warehouses)."""

from schemas.base import ActionSchema
from schemas.base import Paged
from schemas.fields import Date
from schemas.fields import Lines
from schemas.fields import Numeric
from schemas.fields import Reference
from schemas.fields import String
from schemas.fields import Text
from schemas.products import product_code


class TransferenciaDetalleSchema(ActionSchema):
    cod_num = product_code(required=True)
    cantidad = Numeric(integer_digits=12, decimals=10, minimum=0, exclusive_minimum=True, required=True)


class TransferenciaNuevoSchema(ActionSchema):
    transferencia_origen = Reference("almacen", required=True)
    transferencia_destino = Reference("almacen", required=True)
    transferencia_fecha = Date()
    transferencia_observaciones = Text(allow_none=True)
    transferencia_referencia = String(allow_none=True)
    detalle = Lines(TransferenciaDetalleSchema(), required=True, min_items=1, max_items=1000)


class TransferenciaEliminarSchema(ActionSchema):
    transferencia_id = Reference("transferencia", required=True)


class TransferenciaListarSchema(Paged):
    transferencia_id = Reference("transferencia")
    almacen_id = Reference("almacen")
