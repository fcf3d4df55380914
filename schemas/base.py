"""What every action schema shares: unknown fields ignored (and reported), errors as a flat `campos` map."""

import functools

from marshmallow import EXCLUDE
from marshmallow import Schema
from marshmallow.utils import missing

from schemas.fields import Integer
from schemas.fields import Lines
from schemas.fields import Nested


class ActionSchema(Schema):
    """Base of every action's payload schema. `action` itself is read by the dispatcher."""

    class Meta:
        unknown = EXCLUDE

    def load(self, data, *, many=None, partial=None, unknown=None):
        """marshmallow's load, told which optional fields the payload leaves out: it then skips them instead
        of deserializing each one to "missing" (a sale's 10 lines carry 2 of their 8 fields)."""
        if partial is None:
            partial = self.partial
        if partial is not True and isinstance(data, (dict, list)) and not any("." in name for name in partial or ()):
            absent = self._optional_names - _present_keys(data, self.many if many is None else many)
            if absent:
                partial = Absent(absent.union(partial or ()))
        return super().load(data, many=many, partial=partial or None, unknown=unknown)

    @functools.cached_property
    def _optional_names(self):
        """Fields that, when absent, load to nothing: not required and without a load_default."""
        return frozenset(name for name, field in self.load_fields.items()
                         if not field.required and field.load_default is missing and field.data_key is None)


class Absent(frozenset):
    """Top-level field names for marshmallow's `partial`: it skips those the payload leaves out.

    Iterating it yields nothing. marshmallow iterates `partial` only to hand dotted names ("detalle.cantidad")
    down to nested fields, once per field present; these names have no dot, so there is nothing to hand
    down, and a sale's 11 schemas skip ~800 such steps. Membership (`name in partial`) works as in a set.
    """

    def __iter__(self):
        return iter(())


def _present_keys(data, many):
    if not many:
        return data.keys() if isinstance(data, dict) else set()
    present = set()
    for item in data if isinstance(data, list) else ():
        if isinstance(item, dict):
            present.update(item)
    return present


class Paged(ActionSchema):
    """A listing's paging: at most `limite` records after the id `desde_id`."""

    limite = Integer(minimum=1)
    desde_id = Integer()


def flatten_errors(messages, prefix=""):
    """marshmallow's nested error dict as `{"detalle[0].cod_num": ["..."]}`."""
    flat = {}
    if isinstance(messages, list):
        flat[prefix or "cuerpo"] = [str(m) for m in messages]
        return flat
    for key, value in messages.items():
        if key == "_schema":
            name = prefix or "cuerpo"
        elif isinstance(key, int):
            name = f"{prefix}[{key}]"
        else:
            name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(flatten_errors(value, name))
        else:
            flat.setdefault(name, []).extend(str(m) for m in value)
    return flat


def ignored_fields(schema, payload, prefix=""):
    """Names of the payload's keys that `schema` does not read (reported, not refused)."""
    known = _known_fields(schema)
    ignored = []
    for key, value in payload.items():
        if not prefix and key == "action":
            continue
        field = known.get(key)
        if field is None:
            ignored.append(f"{prefix}{key}")
        elif isinstance(field, Lines) and isinstance(value, list):
            for item in value[: field.max_items]:
                if isinstance(item, dict):
                    ignored.extend(ignored_fields(field.schema, item, f"{prefix}{key}[]."))
        elif isinstance(field, Nested) and isinstance(value, dict):
            ignored.extend(ignored_fields(field.schema, value, f"{prefix}{key}."))
    return sorted(set(ignored))


@functools.lru_cache(maxsize=None)
def _known_fields(schema):
    """Payload key → field of a schema (schemas are made once, at import)."""
    return {field.data_key or name: field for name, field in schema.load_fields.items()}


def editing(schema_class, id_field):
    """An `-editar` schema instance: only the id is required, every other field is optional."""
    names = tuple(name for name in schema_class._declared_fields if name != id_field)
    return schema_class(partial=names)
