"""Payloads of comprobante-pdf, comprobante-enviar-correo and comprobante-consultar."""

from schemas.base import ActionSchema
from schemas.fields import EmailList
from schemas.fields import Integer
from schemas.fields import Reference
from schemas.fields import String
from schemas.sunat import TIPODOC

FORMATS = {"a4": "A4", "ticket": "ticket de 80 mm", "ticket58": "ticket de 58 mm"}


class Formato(String):
    def __init__(self, **kwargs):
        super().__init__(max_length=10, metadata={"openapi": {"enum": list(FORMATS)}}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).lower()
        if text not in FORMATS:
            self.fail(f"Debe ser uno de: {', '.join(f'{k} ({v})' for k, v in FORMATS.items())}.")
        return text


class ComprobanteSchema(ActionSchema):
    id = Reference("documento", required=True)  # a document of the kind tipodoc names
    tipodoc = Integer(required=True, choices=TIPODOC)


class ComprobantePdfSchema(ComprobanteSchema):
    formato = Formato()  # default a4


class ComprobanteEnviarCorreoSchema(ComprobanteSchema):
    correos = EmailList()  # default: the e-mail of the document's contact


class ComprobanteConsultarSchema(ComprobanteSchema):
    pass
