"""The one JSON endpoint (`POST /api`, also `POST /`) and the read-only helpers beside it."""

from functools import partial

from flask import Blueprint
from flask import current_app
from flask import g
from flask import request

from actions import RequestContext
from actions import dispatch
from actions.idempotency import Idempotency
from endpoint.auth import authenticate
from endpoint.body import parse_object
from endpoint.body import read_body
from endpoint.limits import guard
from endpoint.openapi import build_openapi
from endpoint.responses import header_list
from endpoint.responses import json_response
from endpoint.responses import render_text
from endpoint.responses import text_response
from models.base import db

blueprint = Blueprint("endpoint", __name__)


@blueprint.post("/api")
@blueprint.post("/")
def api():
    config = current_app.config
    # Cheapest checks first: an oversize body or a bad key is refused before any JSON is parsed.
    data = read_body(request, config["MAX_BODY_BYTES"])
    key = authenticate(request.headers.get("Key"))
    g.key_prefix = key.prefix
    payload = parse_object(data)
    name = payload.get("action")
    g.action = name[:60] if isinstance(name, str) else None
    context = RequestContext(company=key.company, key=key, request_id=g.request_id, config=config,
                             authorize=partial(guard, key, current_app.extensions["gateway.rate_counter"]),
                             registry=current_app.extensions["gateway.registry"], render=render_text)
    idempotency = None
    if request.headers.get("Idempotency-Key") is not None:
        idempotency = Idempotency(request.headers["Idempotency-Key"], key.company_id, payload,
                                  config["IDEMPOTENCY_TTL_HOURS"], render_text)
    answer = dispatch(payload, context, current_app.extensions["gateway.registry"], idempotency)
    headers = dict(answer.headers)
    if context.ignored:
        headers["X-Campos-Ignorados"] = header_list(context.ignored)
    text = answer.text if answer.text is not None else render_text(answer.body)
    return text_response(text, answer.status, headers)


@blueprint.get("/health")
def health():
    db.execute_sql("SELECT 1")
    return json_response({"estado": "ok", "base_de_datos": "ok"})


@blueprint.get("/openapi.json")
def openapi():
    spec = current_app.extensions.get("gateway.openapi")
    if spec is None:
        spec = build_openapi(current_app.extensions["gateway.registry"])
        current_app.extensions["gateway.openapi"] = spec
    return json_response(spec)
