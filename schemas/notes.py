"""Payloads of notacredito-* and notadebito-*: the document a note modifies, why, and its lines.

A note's own fields are `nota_…`; `factura_id` names the note in -editar/-eliminar/-listar, as for every
sales document; its lines are a sale's (`detalle` with `cod_num`).
"""

from marshmallow import ValidationError
from marshmallow import validate
from marshmallow import validates_schema

from domain.catalogs import CURRENCIES
from domain.catalogs import OPERATIONS
from domain.notes import CREDIT_REASONS
from domain.notes import DEBIT_REASONS
from schemas.base import ActionSchema
from schemas.documents import CuotaSchema
from schemas.documents import DetalleSchema
from schemas.documents import DocumentoListarSchema
from schemas.fields import Date
from schemas.fields import Integer
from schemas.fields import Lines
from schemas.fields import Reference
from schemas.fields import String
from schemas.fields import Text
from schemas.fields import Time

NUMBER = validate.Regexp(r"^[A-Za-z0-9]{4}-[0-9]{1,8}$", error="Debe ser serie-número, por ejemplo F001-00000001.")


class ReasonCode(String):
    """A SUNAT catalogue code of two digits ("01"); 1 and "1" are taken as "01"."""

    def __init__(self, choices, **kwargs):
        super().__init__(max_length=2, **kwargs)
        self.choices = choices

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).zfill(2)
        if text not in self.choices:
            self.fail(f"Valor {text} no permitido; use uno de: "
                      f"{', '.join(f'{k} ({v})' for k, v in self.choices.items())}.")
        return text


def note_fields(reasons):
    """What a note says besides the document it modifies, for -nuevo and -editar."""
    return {
        "nota_motivo_codigo": ReasonCode(reasons, required=True),
        "nota_motivo": String(required=True),
        "nota_fecha": Date(),
        "nota_hora_creacion": Time(),
        "nota_observaciones": Text(allow_none=True),
        "nota_cuotas": Lines(CuotaSchema(), min_items=1, max_items=60),  # NC 13: the corrected cuotas
        "detalle": Lines(DetalleSchema(), min_items=1, max_items=999),
        # Taken from the modified document; when sent, they must agree with it.
        "factura_cliente": Reference("cliente"),
        "factura_idmoneda": Integer(choices=CURRENCIES),
        "factura_tipooperacion": Integer(choices=OPERATIONS),
    }


class NotaNuevoBase(ActionSchema):
    # the document by id or by number (checked below), for /openapi.json
    openapi_rules = {"anyOf": [{"required": ["nota_documento_id"]}, {"required": ["nota_documento_numero"]}]}

    nota_documento_id = Reference("documento", alternative="nota_documento_numero")
    nota_documento_numero = String(max_length=13, validate=NUMBER)
    nota_serie = String(max_length=4)  # default FC01/BC01 (FD01/BD01), by the modified document's kind

    @validates_schema
    def names_one_document(self, data, **kwargs):
        if data.get("nota_documento_id") is None and not data.get("nota_documento_numero"):
            raise ValidationError("Indique el documento que la nota modifica: nota_documento_id o "
                                  "nota_documento_numero (por ejemplo \"F001-00000001\").", field_name="nota_documento_id")


NotaCreditoNuevoSchema = NotaNuevoBase.from_dict(note_fields(CREDIT_REASONS), name="NotaCreditoNuevoSchema")
NotaDebitoNuevoSchema = NotaNuevoBase.from_dict(note_fields(DEBIT_REASONS), name="NotaDebitoNuevoSchema")
NotaCreditoEditarSchema = ActionSchema.from_dict(
    {**note_fields(CREDIT_REASONS), "factura_id": Reference("documento", required=True)}, name="NotaCreditoEditarSchema")
NotaDebitoEditarSchema = ActionSchema.from_dict(
    {**note_fields(DEBIT_REASONS), "factura_id": Reference("documento", required=True)}, name="NotaDebitoEditarSchema")


class NotaListarSchema(DocumentoListarSchema):
    nota_documento_id = Reference("documento")  # the notes of one factura or boleta
