"""The action registry and the dispatcher.

A new action is one handler plus one schema, registered with its full name written out (so that
searching the code for an action's name finds where it is registered):

    @action("cliente-nuevo", schema=ClienteNuevoSchema(), role=CLIENTE)
    @action("proveedor-nuevo", schema=ProveedorNuevoSchema(), role=PROVEEDOR)
    def create(data, ctx, role): ...

Keyword arguments beyond the registry's own are bound to the handler (and to its `prepare`): one
implementation serves several actions that differ only by what is bound. The handler receives the
validated payload and the request context, returns its one success body (or an `Answer` for headers),
and raises a `GatewayError` for everything else. `dispatch` runs it inside one database transaction, so
any error rolls back everything it wrote. Action modules are imported in one place, `ACTION_MODULES`,
by `load_actions()`; `flask --app app actions` lists what they register.
"""

import difflib
import importlib
import json
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Callable

from marshmallow import Schema
from marshmallow import ValidationError

from actions import audit
from errors import ActionRequired
from errors import InvalidInput
from models.base import is_transient_conflict
from models.base import one_round_trip
from models.base import read_transaction
from models.base import write_transaction
from schemas.base import flatten_errors
from schemas.base import ignored_fields

ACTION_MODULES = (
    "actions.parties",
    "actions.products",
    "actions.documents",
    "actions.notes",
    "actions.inventory",
    "actions.warehouses",
    "actions.exits",
    "actions.transfers",
    "actions.stock_counts",
    "actions.sunat",
    "actions.printing",
    "actions.purchases",
    "actions.batch",
)


@dataclass
class Answer:
    """A success: the body, its HTTP status, and extra headers."""

    body: Any
    status: int = 200
    headers: dict = field(default_factory=dict)
    # Work that must follow the commit (sending to SUNAT); it returns the final Answer.
    after_commit: Callable | None = None
    # The exact text to send, when it is fixed already (an idempotent answer, stored or replayed).
    text: str | None = None


@dataclass
class RequestContext:
    """Who is asking: the key's company and key, the request id, and the app's settings."""

    company: Any
    key: Any
    request_id: str
    config: dict
    ignored: list = field(default_factory=list)
    # Checks the key's permissions and rate for the action found; raises 21 or 22.
    authorize: Callable = lambda entry: None
    # The registry the request is dispatched from, and how an answer becomes its exact text (for `lote`).
    registry: Any = None
    render: Callable = None


@dataclass(frozen=True)
class Action:
    name: str
    handler: Callable
    schema: Schema
    writes: bool
    status: int
    atomic: bool  # False: the handler opens its own short transactions (it waits on SUNAT in between)
    # Reads and computation that need no write lock: run before it, their result handed to the handler.
    prepare: Callable | None = None
    bound: dict = field(default_factory=dict)  # keyword arguments the handler and `prepare` receive
    answer: dict | None = None  # JSON Schema of the success body, for /openapi.json (actions/answers.py)

    def run(self, data, context):
        return self.handler(data, context, **self.bound)

    def prepared(self, data, context):
        return self.prepare(data, context, **self.bound)

    def describe(self):
        """One line: name, handler (module:function, with what is bound), schema, and whether it writes."""
        bound = ", ".join(f"{k}={getattr(v, 'slug', None) or getattr(v, 'prefix', None) or v}"
                          for k, v in self.bound.items())
        handler = f"{self.handler.__module__}:{self.handler.__qualname__}" + (f"({bound})" if bound else "")
        return "\t".join([self.name, handler, type(self.schema).__name__, "escribe" if self.writes else "lee"])


class Registry(dict):
    """Action name → Action. Refuses a name registered twice."""

    def action(self, name, schema, writes=None, status=None, atomic=True, prepare=None, answer=None, **bound):
        def register(handler):
            if name in self:
                raise ValueError(f"action {name!r} is already registered")
            reads_only = name.endswith(("-listar", "-consultar"))
            self[name] = Action(
                name=name,
                handler=handler,
                schema=schema,
                writes=not reads_only if writes is None else writes,
                status=status or (201 if name.endswith("-nuevo") else 200),
                atomic=atomic,
                prepare=prepare,
                bound=bound,
                answer=answer,
            )
            return handler

        return register

    def find(self, name):
        if name is None or (isinstance(name, str) and not name.strip()):
            raise ActionRequired("falta el campo action (por ejemplo \"action\": \"cliente-listar\")")
        if not isinstance(name, str):
            raise ActionRequired("el campo action debe ser texto (por ejemplo \"cliente-listar\")")
        found = self.get(name.strip())
        if found is None:
            shown = name.strip()[:60]
            close = difflib.get_close_matches(shown, list(self), n=1)
            hint = f"; ¿quiso decir '{close[0]}'?" if close else ""
            raise ActionRequired(f"la acción '{shown}' no existe{hint}")
        return found


REGISTRY = Registry()
action = REGISTRY.action


def load_actions():
    """Import every action module once, filling REGISTRY."""
    for module in ACTION_MODULES:
        importlib.import_module(module)
    return REGISTRY


def dispatch(payload, context, registry, idempotency=None):
    """Find the payload's action in `registry`, validate, run it in one transaction; return an Answer.

    A write also records its audit entry and, when the request carries an Idempotency-Key, its answer,
    in the same transaction; a retry of that key gets the stored answer instead of running again.
    """
    entry = registry.find(payload.get("action"))
    context.authorize(entry)
    try:
        data = entry.schema.load(payload)
    except ValidationError as error:
        campos = flatten_errors(error.messages)
        raise InvalidInput(f"revise {', '.join(sorted(campos))}", campos=campos) from None
    context.ignored = ignored_fields(entry.schema, payload)
    guard = idempotency if entry.writes else None
    if entry.atomic:
        answer = run_in_one_transaction(entry, data, context, guard)
    else:
        answer = run_in_steps(entry, data, context, guard)
    if answer.after_commit:
        answer = answer.after_commit(answer)
        if guard:
            with write_transaction():
                guard.finish(answer)
    return answer


def replayed(stored):
    """The stored answer of an earlier request with the same Idempotency-Key, to send again as it was."""
    return Answer(None, stored.status, json.loads(stored.headers), text=stored.body)


def as_answer(result, entry):
    return result if isinstance(result, Answer) else Answer(result, entry.status)


# Times a transaction PostgreSQL rolled back for meeting another head-on (a deadlock between row locks it
# cannot order, e.g. a product's lock taken again by an UPDATE while others queue on it) runs again before
# the client hears of it.
CONFLICT_ATTEMPTS = 3


def run_in_one_transaction(entry, data, context, guard):
    for attempt in range(1, CONFLICT_ATTEMPTS + 1):
        try:
            return run_once_in_one_transaction(entry, data, context, guard)
        except Exception as error:
            if attempt == CONFLICT_ATTEMPTS or not is_transient_conflict(error):
                raise


def run_once_in_one_transaction(entry, data, context, guard):
    if guard:
        stored = guard.stored()  # a plain retry is answered before any work
        if stored is not None:
            return replayed(stored)
    if entry.prepare:
        # Outside the write lock (on SQLite every writer waits for it, so it is held for the writes only)
        # and outside any transaction: the writes re-read under the lock what concurrent sales change.
        # Prepared again on each attempt: a rolled-back attempt may have changed what it prepared.
        data = entry.prepared(data, context)
    # Rows nobody reads back in this request (kardex, counters, the audit entry) wait and travel with the
    # COMMIT: on PostgreSQL, hot rows such as counters stay locked for one round trip instead of two.
    with one_round_trip(), (write_transaction() if entry.writes else read_transaction()):
        if guard:
            stored = guard.begin(entry.name)
            if stored is not None:
                return replayed(stored)
        answer = as_answer(entry.run(data, context), entry)
        if entry.writes:
            audit.record(entry, answer, context)
        if guard:
            guard.finish(answer)
    return answer


def run_in_steps(entry, data, context, guard):
    """For a handler that commits in several short transactions of its own (it waits on SUNAT)."""
    if guard:
        with write_transaction():
            stored = guard.begin(entry.name)
        if stored is not None:
            return replayed(stored)
    try:
        answer = as_answer(entry.run(data, context), entry)
    except Exception:
        if guard:
            with write_transaction():
                guard.abandon()
        raise
    if entry.writes or guard:  # a read is not audited, as in run_in_one_transaction
        with write_transaction():
            if entry.writes:
                audit.record(entry, answer, context)
            if guard:
                guard.finish(answer)
    return answer
