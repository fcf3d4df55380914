"""What every action schema shares: unknown fields ignored (and reported), errors as a flat `campos` map."""

from marshmallow import EXCLUDE
from marshmallow import Schema

from schemas.fields import Integer
from schemas.fields import Lines
from schemas.fields import Nested


class ActionSchema(Schema):
    """Base of every action's payload schema. `action` itself is read by the dispatcher."""

    class Meta:
        unknown = EXCLUDE


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
    known = {field.data_key or name: field for name, field in schema.load_fields.items()}
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


def editing(schema_class, id_field):
    """An `-editar` schema instance: only the id is required, every other field is optional."""
    names = tuple(name for name in schema_class._declared_fields if name != id_field)
    return schema_class(partial=names)
