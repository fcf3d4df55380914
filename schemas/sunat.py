"""Payloads of fesunat-enviar and fesunat-consultar (seed 002, end; CONTRACT §5)."""

from schemas.base import ActionSchema
from schemas.fields import Boolean
from schemas.fields import Integer

TIPODOC = {1: "factura", 2: "boleta", 3: "nota de venta"}


class FesunatEnviarSchema(ActionSchema):
    id = Integer(required=True, minimum=1)
    tipodoc = Integer(required=True, choices=TIPODOC)


class FesunatConsultarSchema(FesunatEnviarSchema):
    incluir_archivos = Boolean()  # the signed XML and the CDR zip, in base64
