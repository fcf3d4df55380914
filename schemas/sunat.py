"""Payloads of fesunat-enviar, fesunat-consultar and fesunat-estado."""

from domain.documents import KINDS
from schemas.base import ActionSchema
from schemas.fields import Boolean
from schemas.fields import Integer
from schemas.fields import Reference

TIPODOC = {kind.code: kind.name for kind in KINDS.values()}


class FesunatEnviarSchema(ActionSchema):
    id = Reference("documento", required=True)  # a document of the kind tipodoc names
    tipodoc = Integer(required=True, choices=TIPODOC)


class FesunatConsultarSchema(FesunatEnviarSchema):
    incluir_archivos = Boolean()  # the signed XML and the CDR zip, in base64


class FesunatEstadoSchema(ActionSchema):
    """No fields: the key's company's issuer, certificate and last exchange with SUNAT."""
