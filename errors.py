"""The gateway's error codes: one exception class per documented code.

The codes and messages are the ERP's published API's, with the gateway's own additions in the same style
(the README's error table lists them all). Each class carries its `codigo`, its HTTP status and the message;
a raised error renders itself as `{"error": ..., "codigo": ...}` plus optional detail keys. Never change
the meaning of an existing code; add new ones only from the contract's reserved list.
"""


class GatewayError(Exception):
    """Root of every error a client may see."""

    codigo = 40
    http_status = 500
    message = "Error interno desconocido"

    def __init__(self, detail=None, headers=None, **extra):
        super().__init__(detail or self.message)
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra

    @property
    def text(self):
        return f"{self.message}: {self.detail}" if self.detail else self.message

    def body(self):
        return {"error": self.text, "codigo": self.codigo, **self.extra}


class InvalidToken(GatewayError):
    """The Key is malformed (not 32 hex characters), or known but disabled."""

    codigo = 10
    http_status = 401
    message = "El token no es válido"


class InvalidInput(GatewayError):
    """Missing or invalid fields, bad JSON, wrong types, an oversize body."""

    codigo = 11
    http_status = 400
    message = "No se recibió uno o más campos"

    def __init__(self, detail=None, campos=None, http_status=None, **extra):
        if campos:
            extra["campos"] = campos
        super().__init__(detail, **extra)
        if http_status:
            self.http_status = http_status


class NotFound(GatewayError):
    """A referenced record does not exist in the key's company."""

    codigo = 12
    http_status = 400
    message = "No se encontró el registro"

    def __init__(self, record, ident, **extra):
        super().__init__(**extra)
        self.record = record
        self.ident = ident

    @property
    def text(self):
        return f"No se encontró {self.record} con el {self.ident}"


class StateConflict(GatewayError):
    """The record's state forbids the operation (an anulada or SUNAT-accepted document)."""

    codigo = 13
    http_status = 409
    message = "El estado del registro no permite la operación"


class IdempotencyMismatch(GatewayError):
    """An Idempotency-Key reused with a different body."""

    codigo = 14
    http_status = 422
    message = "La clave de idempotencia ya se usó con otro contenido"


class IdempotencyInProgress(GatewayError):
    """The first request with this Idempotency-Key is still running; retry shortly."""

    codigo = 14
    http_status = 409
    message = "La solicitud con esta clave de idempotencia aún está en proceso"


class UnknownToken(GatewayError):
    """No Key header, or a well-formed key that is not registered."""

    codigo = 20
    http_status = 401
    message = "No se reconoció el token"


class Forbidden(GatewayError):
    """The key may not run this action (its permissions)."""

    codigo = 21
    http_status = 403
    message = "La clave no tiene permiso para esta acción"


class RateLimited(GatewayError):
    """Too many requests for this key in the current minute."""

    codigo = 22
    http_status = 429
    message = "Demasiadas solicitudes para esta clave"


class ActionRequired(GatewayError):
    """`action` missing, empty, not text, or not a known action; also unknown routes."""

    codigo = 30
    http_status = 400
    message = "Se necesita la acción para poder realizar la consulta"

    def __init__(self, detail=None, http_status=None, **extra):
        super().__init__(detail, **extra)
        if http_status:
            self.http_status = http_status


class InternalError(GatewayError):
    """Anything unexpected: logged with its traceback and request id, never returned."""

    codigo = 40
    http_status = 500
    message = "Error interno desconocido"


class DatabaseUnavailable(InternalError):
    """The database is down, or locked past its timeout: retry later."""

    http_status = 503
    message = "Error interno desconocido"


class SunatRejected(GatewayError):
    """SUNAT rejected the document (its code and description included); the number is used up."""

    codigo = 41
    http_status = 422
    message = "SUNAT rechazó el comprobante"


class SunatRefused(GatewayError):
    """SUNAT refused our credentials, certificate or packaging; the document stays pending."""

    codigo = 42
    http_status = 502
    message = "SUNAT no aceptó el envío (credenciales, certificado o empaquetado)"


ERROR_CLASSES = (
    InvalidToken,
    InvalidInput,
    NotFound,
    StateConflict,
    IdempotencyMismatch,
    UnknownToken,
    Forbidden,
    RateLimited,
    ActionRequired,
    InternalError,
    SunatRejected,
    SunatRefused,
)
