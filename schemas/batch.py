"""`lote`: up to 100 actions in one request, each one an ordinary action body."""

from schemas.base import ActionSchema
from schemas.fields import Field

MAX_BATCH = 100


class Batch(Field):
    """A list of 1–100 JSON objects, kept as they came: each is validated by its own action's schema."""

    default_error_messages = {"invalid": "Debe ser una lista de acciones ([{{\"action\": ...}}, ...])."}

    def __init__(self, max_items=MAX_BATCH, **kwargs):
        super().__init__(**kwargs)
        self.min_items = 1
        self.max_items = max_items

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list):
            raise self.make_error("invalid")
        if not self.min_items <= len(value) <= self.max_items:
            self.fail(f"Debe tener entre {self.min_items} y {self.max_items} acciones; se recibieron {len(value)}.")
        return value


class LoteSchema(ActionSchema):
    acciones = Batch(required=True)
