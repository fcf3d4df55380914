"""Field-level guarantees that every payload relies on."""

import inspect

from marshmallow import fields as ma_fields

from schemas import fields
from schemas.base import ActionSchema


def test_every_field_message_survives_marshmallows_formatting():
    # make_error() runs str.format on these; a stray brace would turn bad input into a crash.
    for _, cls in inspect.getmembers(fields, inspect.isclass):
        if issubclass(cls, ma_fields.Field) and cls.__module__ == fields.__name__:
            if cls in (fields.Lines, fields.Nested):
                instance = cls(ActionSchema())
            else:
                instance = cls("registro") if cls in (fields.Reference, fields.References) else cls()
            for key in instance.error_messages:
                error = instance.make_error(key)
                assert "{" not in str(error.messages[0]).replace("{...}", ""), (cls, key)
