"""Payloads of the sales document actions: factura-*, boleta-*, nota-* (seed 002, end; CONTRACT §5).

The three kinds share every field name (`factura_…`, as the seed documents them), so one schema serves all.
"""

from marshmallow import ValidationError
from marshmallow import validate
from marshmallow import post_load
from marshmallow import validates_schema

from schemas.base import ActionSchema
from schemas.fields import Boolean
from schemas.fields import Date
from schemas.fields import Integer
from schemas.fields import Lines
from schemas.fields import Numeric
from schemas.fields import String
from schemas.fields import Text
from schemas.fields import Time
from schemas.products import product_code

PAYMENT_STATES = {1: "pagado", 2: "no pagado"}  # 3 (anulada) is what -eliminar does
CURRENCIES = {1: "PEN", 2: "USD", 3: "EUR"}
OPERATIONS = {1: "venta interna", 2: "exportación"}
DETRACCION = {0: "no", 1: "sí", 2: "no"}
PAYMENT_FORMS = {1: "contado", 2: "crédito"}
SUNAT_STATES = ("pendiente", "aceptado", "observado", "rechazado")


class DetalleSchema(ActionSchema):
    cod_num = product_code(required=True)
    cantidad = Numeric(integer_digits=12, decimals=10, minimum=0, exclusive_minimum=True)
    precio_unit = Numeric(integer_digits=12, decimals=10, minimum=0)  # includes IGV; default: product's price
    num_serie = String(allow_none=True)
    descuento = Numeric(integer_digits=3, decimals=2, minimum=0, maximum=100)  # percent
    descripcion = Text()  # default: the product's name


class CuotaSchema(ActionSchema):
    monto = Numeric(integer_digits=12, decimals=2, minimum=0, exclusive_minimum=True, required=True)
    fecha = Date(required=True)


class DocumentoSchema(ActionSchema):
    """The fields a document has, shared by -nuevo and -editar."""

    factura_estado = Integer(required=True, choices=PAYMENT_STATES)
    factura_cliente = Integer(required=True, minimum=1)
    factura_idmoneda = Integer(required=True, choices=CURRENCIES)
    factura_idcontacto = Integer(required=True, minimum=1)
    factura_fecha = Date()
    factura_fechapago = Date(allow_none=True)
    factura_observaciones = Text(allow_none=True)
    factura_tipooperacion = Integer(choices=OPERATIONS)
    factura_detraccion = Integer(choices=DETRACCION)
    factura_porcentaje_detraccion = Numeric(integer_digits=3, decimals=2, minimum=0, maximum=100)
    factura_codigo_detraccion = String(max_length=3, validate=validate.Regexp(
        r"^[0-9]{3}$", error="Debe ser el código de 3 dígitos del catálogo 54 de SUNAT (por ejemplo 037)."))
    factura_idpago = Integer(allow_none=True)
    factura_hora_creacion = Time()
    factura_formapago_cpe = Integer(choices=PAYMENT_FORMS)
    factura_formato_cpe = Integer(choices=PAYMENT_FORMS)  # the seed's other spelling
    factura_serie = String(max_length=4)
    factura_cuotas = Lines(CuotaSchema(), min_items=1, max_items=60)
    detalle = Lines(DetalleSchema(), required=True, min_items=1, max_items=1000)

    @validates_schema
    def check_dates_and_detraccion(self, data, **kwargs):
        issued, due = data.get("factura_fecha"), data.get("factura_fechapago")
        if issued and due and due < issued:
            raise ValidationError("No puede ser anterior a factura_fecha.", field_name="factura_fechapago")
        if data.get("factura_detraccion") == 1 and not data.get("factura_porcentaje_detraccion"):
            raise ValidationError("Con detracción (factura_detraccion 1) indique el porcentaje.",
                                  field_name="factura_porcentaje_detraccion")

    @post_load
    def merge_spellings(self, data, **kwargs):
        spelled = data.pop("factura_formato_cpe", None)
        if "factura_formapago_cpe" not in data and spelled is not None:
            data["factura_formapago_cpe"] = spelled
        return data


class DocumentoNuevoSchema(DocumentoSchema):
    enviar_sunat = Boolean()  # create and send to SUNAT in one call (factura and boleta)


class DocumentoEditarSchema(DocumentoSchema):
    factura_id = Integer(required=True, minimum=1)


class DocumentoEliminarSchema(ActionSchema):
    factura_id = Integer(required=True, minimum=1)


class DocumentoListarSchema(ActionSchema):
    factura_id = Integer(minimum=1)
    numero = String(max_length=13, validate=validate.Regexp(
        r"^[A-Za-z0-9]{4}-[0-9]{1,8}$", error="Debe ser serie-número, por ejemplo F001-00000001."))
    factura_cliente = Integer(minimum=1)
    cliente_id = Integer(minimum=1)
    factura_estado = Integer(choices={**PAYMENT_STATES, 3: "anulada"})
    estado_sunat = String(max_length=20)
    fecha_desde = Date()
    fecha_hasta = Date()
    limite = Integer(minimum=1)
    desde_id = Integer()
