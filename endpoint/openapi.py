"""An OpenAPI 3.1 document generated from the action registry.

One request body per action, told apart by its `action` value (a discriminator), so every action
registered later appears here with no extra work. Our fields accept unions the contract asks for
(an integer or a string of digits, two date formats), which is why the mapping is written here rather
than through a generic marshmallow-to-OpenAPI plugin.
"""

from schemas.fields import DECIMAL_TEXT
from schemas.fields import Boolean
from schemas.fields import Date
from schemas.fields import Email
from schemas.fields import Integer
from schemas.fields import Lines
from schemas.fields import Numeric
from schemas.fields import Reference
from schemas.fields import References
from schemas.fields import String
from schemas.fields import Time

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "codigo"],
    "properties": {
        "error": {"type": "string"},
        "codigo": {"type": "integer"},
        "campos": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "request_id": {"type": "string"},
    },
}


def field_schema(field):
    if isinstance(field, Integer):
        if field.choices is not None:
            values = sorted(field.choices)
            schema = {"oneOf": [{"type": "integer", "enum": values},
                                {"type": "string", "enum": [str(v) for v in values]}]}
        else:
            schema = {"oneOf": [{"type": "integer", "minimum": field.minimum, "maximum": field.maximum},
                                {"type": "string", "pattern": "^[0-9]{1,10}$"}]}
        if isinstance(field, Reference):
            schema["description"] = f"{field.names.replace('_', ' ')} de la empresa de la Key"
        if isinstance(field, References):
            schema = {"oneOf": [{"type": "array", "minItems": field.min_items, "maxItems": field.max_items,
                                 "items": schema}, schema]}
    elif isinstance(field, Numeric):
        number = {"type": "number"}
        if field.minimum is not None:
            key = "exclusiveMinimum" if field.exclusive_minimum else "minimum"
            number[key] = float(field.minimum)
        if field.maximum is not None:
            number["maximum"] = float(field.maximum)
        schema = {"oneOf": [number, {"type": "string", "pattern": DECIMAL_TEXT.pattern}],
                  "description": f"hasta {field.integer_digits} enteros y {field.decimals} decimales"}
    elif isinstance(field, Email):
        schema = {"type": "string", "format": "email", "maxLength": field.max_length}
    elif isinstance(field, String):
        schema = {"type": "string", "maxLength": field.max_length}
        if field.min_length:
            schema["minLength"] = field.min_length
    elif isinstance(field, Date):
        schema = {"type": "string", "pattern": r"^([0-9]{2}-[0-9]{2}-[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})$"}
    elif isinstance(field, Time):
        schema = {"type": "string", "pattern": r"^[0-9]{2}:[0-9]{2}:[0-9]{2}$"}
    elif isinstance(field, Boolean):
        schema = {"type": "boolean"}
    elif isinstance(field, Lines):
        schema = {"type": "array", "minItems": field.min_items, "maxItems": field.max_items,
                  "items": object_schema(field.schema)}
    else:
        raise TypeError(f"no OpenAPI mapping for {type(field).__name__}")
    if field.allow_none:
        schema = {"oneOf": [schema, {"type": "null"}]}
    return schema


def object_schema(schema, action_name=None):
    properties, required = {}, []
    partial = schema.partial if isinstance(schema.partial, (tuple, list, set)) else ()
    if action_name:
        properties["action"] = {"type": "string", "const": action_name}
        required.append("action")
    for name, field in schema.load_fields.items():
        key = field.data_key or name
        properties[key] = field_schema(field)
        if field.required and schema.partial is not True and name not in partial:
            required.append(key)
    return {"type": "object", "properties": properties, "required": required}


def build_openapi(registry):
    components = {name: object_schema(entry.schema, name) for name, entry in sorted(registry.items())}
    refs = {name: f"#/components/schemas/{name}" for name in components}
    components["Error"] = ERROR_SCHEMA
    error_response = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    operation = {
        "summary": "Ejecuta una acción",
        "parameters": [{"name": "Key", "in": "header", "required": True,
                        "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{32}$"}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "oneOf": [{"$ref": ref} for ref in refs.values()],
            "discriminator": {"propertyName": "action", "mapping": refs},
        }}}},
        "responses": {
            "200": {"description": "Operación exitosa", "content": {"application/json": {"schema": {}}}},
            "201": {"description": "Registro exitoso", "content": {"application/json": {"schema": {}}}},
            **{str(status): error_response for status in (400, 401, 409, 413, 500, 503)},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "ERP gateway", "version": "1.0",
                 "description": "Un endpoint JSON: POST /api con el encabezado Key y el campo action."},
        "paths": {"/api": {"post": operation}},
        "components": {"schemas": components},
    }
