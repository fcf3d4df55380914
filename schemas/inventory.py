"""Payloads of inventario-ingreso (stock income) and kardex-listar."""

from schemas.base import ActionSchema
from schemas.base import Paged
from schemas.fields import Date
from schemas.fields import Integer
from schemas.fields import Numeric
from schemas.fields import Reference
from schemas.fields import String
from schemas.fields import Text
from schemas.products import product_code


class InventarioIngresoSchema(ActionSchema):
    cod_num = product_code(required=True)
    cantidad = Integer(required=True, minimum=1)  # whole units only
    costo = Numeric(integer_digits=12, decimals=10, minimum=0)  # 0 is a donation; absent keeps the average
    descripcion = Text()
    referencia = String()
    fecha = Date()  # today in Lima when absent; never in the future
    almacen = Reference("almacen")  # the main warehouse when absent


class KardexListarSchema(Paged):
    cod_num = product_code(required=True)
    almacen_id = Reference("almacen")
    fecha_desde = Date()
    fecha_hasta = Date()
