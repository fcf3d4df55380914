"""Payloads of the sales document actions: factura-*, boleta-*, nota-*.

The three kinds share every field name (`factura_…`, as the ERP's API names them), so one schema serves all.
"""

from marshmallow import ValidationError
from marshmallow import validate
from marshmallow import post_load
from marshmallow import validates_schema

from domain.catalogs import ANNULLED
from domain.catalogs import CURRENCIES
from domain.catalogs import DETRACCION
from domain.catalogs import OPERATIONS
from domain.catalogs import PAYMENT_FORMS
from domain.catalogs import PAYMENT_STATES
from domain.catalogs import WITH_DETRACCION
from domain.taxes import FREE_AFFECTATIONS
from schemas.base import ActionSchema
from schemas.base import Paged
from schemas.fields import Boolean
from schemas.fields import Date
from schemas.fields import Integer
from schemas.fields import Lines
from schemas.fields import Numeric
from schemas.fields import Reference
from schemas.fields import String
from schemas.fields import Text
from schemas.fields import Time
from schemas.products import product_code


class DetalleSchema(ActionSchema):
    # check_free_affectation's two rules, for /openapi.json (endpoint/openapi.py merges them in)
    openapi_rules = {
        "dependentSchemas": {"afectacion_igv": {"required": ["gratuito"], "properties": {"gratuito": {"const": True}}}},
        "if": {"required": ["gratuito"], "properties": {"gratuito": {"const": True}}},
        "then": {"not": {"required": ["descuento"]}},
    }

    cod_num = product_code(required=True)
    cantidad = Numeric(integer_digits=12, decimals=10, minimum=0, exclusive_minimum=True)
    precio_unit = Numeric(integer_digits=12, decimals=10, minimum=0)  # includes IGV; default: product's price
    num_serie = String(allow_none=True)
    descuento = Numeric(integer_digits=3, decimals=2, minimum=0, maximum=100)  # percent
    descripcion = Text()  # default: the product's name; SUNAT takes up to 500 characters (its rule 2027)
    gratuito = Boolean()  # a free transfer: precio_unit is the reference value, nothing is charged
    afectacion_igv = Integer(choices=FREE_AFFECTATIONS)  # a free line's own (catalogue 07); default from the product

    @validates_schema
    def check_free_affectation(self, data, **kwargs):
        if "afectacion_igv" in data and not data.get("gratuito"):
            raise ValidationError("Solo una línea gratuita (gratuito true) lleva afectacion_igv (11–16, 21, 31–37).",
                                  field_name="afectacion_igv")
        if data.get("gratuito") and data.get("descuento"):
            raise ValidationError("Una línea gratuita no lleva descuento: su precio_unit es el valor referencial.",
                                  field_name="descuento")


class CuotaSchema(ActionSchema):
    monto = Numeric(integer_digits=12, decimals=2, minimum=0, exclusive_minimum=True, required=True)
    fecha = Date(required=True)


class DocumentoSchema(ActionSchema):
    """The fields a document has, shared by -nuevo and -editar."""

    factura_estado = Integer(required=True, choices=PAYMENT_STATES)
    factura_cliente = Reference("cliente", required=True)
    factura_idmoneda = Integer(required=True, choices=CURRENCIES)
    factura_idcontacto = Reference("contacto", required=True)
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
    factura_formato_cpe = Integer(choices=PAYMENT_FORMS)  # the ERP's documentation's other spelling
    factura_serie = String(max_length=4)
    factura_almacen = Reference("almacen", allow_none=True)  # the main warehouse when absent
    factura_descuento_global = Numeric(integer_digits=3, decimals=2, minimum=0, maximum=100)  # percent, before IGV
    # an amount off what is paid, after taxes (SUNAT's 03: it does not lower the tax base)
    factura_descuento_global_monto = Numeric(integer_digits=12, decimals=2, minimum=0)
    # percepción (a factura paid at once, in soles): SUNAT's charge 51 (2 %), 52 (1 %) or 53 (0.5 %)
    factura_percepcion = String(max_length=2, allow_none=True, validate=validate.OneOf(
        ["51", "52", "53"], error="Debe ser 51 (2 %), 52 (1 %) o 53 (0,5 %), del catálogo 53 de SUNAT."))
    factura_tipo_cambio = Numeric(integer_digits=4, decimals=6, minimum=0, exclusive_minimum=True, allow_none=True)
    factura_cuotas = Lines(CuotaSchema(), min_items=1, max_items=60)
    detalle = Lines(DetalleSchema(), required=True, min_items=1, max_items=1000)

    @validates_schema
    def check_dates_and_detraccion(self, data, **kwargs):
        issued, due = data.get("factura_fecha"), data.get("factura_fechapago")
        if issued and due and due < issued:
            raise ValidationError("No puede ser anterior a factura_fecha.", field_name="factura_fechapago")
        if data.get("factura_detraccion") == WITH_DETRACCION and not data.get("factura_porcentaje_detraccion"):
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
    factura_id = Reference("documento", required=True)


class DocumentoEliminarSchema(ActionSchema):
    factura_id = Reference("documento", required=True)


class DocumentoListarSchema(Paged):
    factura_id = Reference("documento")
    numero = String(max_length=13, validate=validate.Regexp(
        r"^[A-Za-z0-9]{4}-[0-9]{1,8}$", error="Debe ser serie-número, por ejemplo F001-00000001."))
    factura_cliente = Reference("cliente")
    cliente_id = Reference("cliente")
    factura_estado = Integer(choices={**PAYMENT_STATES, ANNULLED: "anulada"})
    estado_sunat = String(max_length=20)
    fecha_desde = Date()
    fecha_hasta = Date()
    # Not yet decided by SUNAT and its sending deadline at most this many days away (or past).
    por_vencer_dias = Integer(minimum=0, maximum=30)
