"""Three handlers (ours, HTTP errors, unexpected) produce the one error envelope: `{"error", "codigo"}`."""

import logging

from flask import g
from flask import request
from peewee import InterfaceError
from peewee import OperationalError
from werkzeug.exceptions import HTTPException

from endpoint.body import too_large
from endpoint.responses import json_response
from errors import ActionRequired
from errors import DatabaseUnavailable
from errors import GatewayError
from errors import InternalError
from errors import InvalidInput

logger = logging.getLogger("gateway.errors")


def render(error):
    g.codigo = error.codigo
    return json_response(error.body(), error.http_status, error.headers)


def handle_gateway_error(error):
    return render(error)


def handle_http_error(error):
    if error.code == 404:
        return render(ActionRequired(f"la ruta {request.path[:100]} no existe; envíe POST /api", http_status=404))
    if error.code == 405:
        allowed = sorted(error.valid_methods or ())
        uses = ", ".join(allowed) or "POST"
        return render(ActionRequired(
            f"el método {request.method} no está permitido en {request.path[:100]} (admite {uses}); "
            "para las acciones use POST /api",
            http_status=405, headers={"Allow": uses}))
    if error.code == 413:
        return render(too_large(request.max_content_length or 0))
    return render(InvalidInput(error.description, http_status=error.code))


def handle_unexpected(error):
    request_id = g.get("request_id", "-")
    if isinstance(error, (OperationalError, InterfaceError)):
        logger.error("database unavailable request_id=%s: %s", request_id, error)
        return render(DatabaseUnavailable(
            "la base de datos no está disponible en este momento; reintente en unos segundos "
            f"(id de solicitud {request_id})",
            headers={"Retry-After": "5"},
            request_id=request_id,
        ))
    logger.exception("unexpected error request_id=%s", request_id)
    return render(InternalError(
        f"ocurrió un problema inesperado; informe el id de solicitud {request_id}",
        request_id=request_id,
    ))


def register(app):
    app.register_error_handler(GatewayError, handle_gateway_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
