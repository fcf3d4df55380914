"""Payloads of fesunat-enviar, -consultar, -estado, -anular, -resumen-enviar and -resumen-listar."""

from domain.documents import KINDS
from models.summaries import STATES as SUMMARY_STATES
from schemas.base import ActionSchema
from schemas.base import Paged
from schemas.fields import Boolean
from schemas.fields import Date
from schemas.fields import Integer
from schemas.fields import Reference
from schemas.fields import String

TIPODOC = {kind.code: kind.name for kind in KINDS.values()}


class FesunatEnviarSchema(ActionSchema):
    id = Reference("documento", required=True)  # a document of the kind tipodoc names
    tipodoc = Integer(required=True, choices=TIPODOC)


class FesunatConsultarSchema(FesunatEnviarSchema):
    incluir_archivos = Boolean()  # the signed XML and the CDR zip, in base64


class FesunatEstadoSchema(ActionSchema):
    """No fields: the key's company's issuer, certificate and last exchange with SUNAT."""


class FesunatAnularSchema(FesunatEnviarSchema):
    motivo = String(required=True, max_length=100)  # SUNAT's VoidReasonDescription takes 100 characters


class ResumenEnviarSchema(ActionSchema):
    fecha = Date(required=True)  # the boletas' issue date


class ResumenListarSchema(Paged):
    fecha = Date()  # the documents' issue date
    estado = String(max_length=20, metadata={"openapi": {"enum": list(SUMMARY_STATES)}})  # checked by the action
    tipo = String(max_length=2)  # RC or RA
    documento_id = Reference("documento")  # the summaries that carry this factura or boleta
