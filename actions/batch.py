"""`lote`: what a POS sends after working offline — up to 100 actions in one request.

Each action is dispatched exactly as if it had come alone: its own permission and rate check (so a batch
counts against the key's limit once per action in it), its own validation, its own transaction, and its
own optional `idempotency_key` (the per-action Idempotency-Key). One failing does not undo the others.
The answer lists, in order, each action's HTTP status and body.
"""

import dataclasses
import logging

import simplejson

from actions import Answer
from actions import action
from actions import dispatch
from actions.idempotency import KEY_PATTERN
from actions.idempotency import Idempotency
from errors import GatewayError
from errors import InternalError
from errors import InvalidInput
from schemas.batch import LoteSchema

logger = logging.getLogger("gateway.batch")
NAME = "lote"


@action(NAME, schema=LoteSchema(), writes=False, atomic=False)
def lote(data, ctx):
    return Answer([run_one(position, item, ctx) for position, item in enumerate(data["acciones"])], 200)


def run_one(position, item, ctx):
    own = dataclasses.replace(ctx, ignored=[])
    try:
        if not isinstance(item, dict):
            raise InvalidInput(f"acciones[{position}] debe ser un objeto JSON con su action")
        payload = {name: value for name, value in item.items() if name != "idempotency_key"}
        if payload.get("action") == NAME:
            raise InvalidInput("un lote no puede contener otro lote")
        guard = None
        key = item.get("idempotency_key")
        if key is not None:
            if not isinstance(key, str) or not KEY_PATTERN.match(key):
                raise InvalidInput("idempotency_key debe ser texto de 1 a 255 caracteres imprimibles")
            guard = Idempotency(key, ctx.company.id, payload, ctx.config["IDEMPOTENCY_TTL_HOURS"], ctx.render)
        answer = dispatch(payload, own, ctx.registry, guard)
    except GatewayError as error:
        return {"status": error.http_status, "respuesta": error.body()}
    except Exception:  # one action's accident must not cost the others their answers
        logger.exception("unexpected error in lote request_id=%s position=%s", ctx.request_id, position)
        error = InternalError(f"ocurrió un problema inesperado; informe el id de solicitud {ctx.request_id}",
                              request_id=ctx.request_id)
        return {"status": error.http_status, "respuesta": error.body()}
    body = simplejson.loads(answer.text, use_decimal=True) if answer.text is not None else answer.body
    result = {"status": answer.status, "respuesta": body}
    if own.ignored:
        result["campos_ignorados"] = own.ignored
    return result
