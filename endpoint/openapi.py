"""An OpenAPI 3.1 document generated from the action registry, saying only what the server accepts.

One request body per action, told apart by its `action` value (a discriminator), so every action
registered later appears here with no extra work. Our fields accept unions the contract asks for
(an integer or a string of digits, two date formats), which is why the mapping is written here rather
than through a generic marshmallow-to-OpenAPI plugin. Where a field accepts more than JSON Schema can
say (a string of digits in a range), the document describes a part of what is accepted, never more: a
client that follows it is never refused for the shape of a value. A field adds keywords of its own with
`metadata={"openapi": {...}}` (a DNI's pattern). Each action's success answer comes from
actions/answers.py.
"""

import re

from marshmallow import validate

from actions.answers import answer_of
from endpoint.body import UNSTORABLE_CLASS
from schemas.batch import Batch
from schemas.fields import Boolean
from schemas.fields import Date
from schemas.fields import Email
from schemas.fields import EmailList
from schemas.fields import Integer
from schemas.fields import Lines
from schemas.fields import Numeric
from schemas.fields import Reference
from schemas.fields import References
from schemas.fields import String
from schemas.fields import TextList
from schemas.fields import Time

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "codigo"],
    "properties": {
        "error": {"type": "string", "description": "mensaje en español que dice qué corregir"},
        "codigo": {"type": "integer", "enum": [10, 11, 12, 13, 14, 20, 21, 22, 30, 40, 41, 42]},
        "campos": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "request_id": {"type": "string"},
    },
}
# Every status the server sends, and when.
ERROR_STATUSES = {
    "400": "Entrada inválida (11), registro no encontrado (12) o acción desconocida (30)",
    "401": "Key ausente, mal formada, desconocida o deshabilitada (10, 20)",
    "403": "La Key no tiene permiso para la acción (21)",
    "404": "Ruta inexistente (30)",
    "405": "Método no permitido en la ruta (30); el encabezado Allow dice cuáles",
    "409": "El estado del registro no permite la operación (13), o su Idempotency-Key aún está en proceso (14)",
    "413": "Cuerpo mayor que el límite configurado (11)",
    "422": "Idempotency-Key reusada con otro cuerpo (14), o SUNAT rechazó el comprobante (41)",
    "429": "Demasiadas solicitudes para la Key (22); Retry-After dice cuándo reintentar",
    "500": "Error interno (40), con request_id",
    "502": "SUNAT no aceptó credenciales, certificado o empaquetado (42)",
    "503": "Base de datos no disponible (40); Retry-After",
}
SUCCESS_STATUSES = {
    "200": "Operación exitosa (listar, editar, eliminar, consultar, lote)",
    "201": "Registro exitoso (*-nuevo)",
    "202": "Aceptado, aún en curso: fesunat-enviar sin veredicto de SUNAT, un correo en cola",
}
# A text value the server keeps: no control characters, no lone surrogates, no non-characters.
TEXT_CHARACTER = f"[^\\u0001-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f{UNSTORABLE_CLASS}]"
FIRST_VISIBLE = f"[^\\s\\u0001-\\u001f\\u007f\\u0085{UNSTORABLE_CLASS}]"
# Any character a body may carry anywhere, in a field the action reads or not (endpoint/body.py refuses
# the rest before any action runs): everything but NUL, lone surrogates and non-characters.
STORABLE_TEXT = f"^[^{UNSTORABLE_CLASS}]*$"
# What a body may hold where an action reads nothing: fields it ignores, at any depth.
STORABLE = {"anyOf": [
    {"type": ["null", "boolean", "number"]},
    {"type": "string", "pattern": STORABLE_TEXT},
    {"type": "array", "items": {"$ref": "#/components/schemas/Storable"}},
    {"type": "object", "propertyNames": {"pattern": STORABLE_TEXT},
     "additionalProperties": {"$ref": "#/components/schemas/Storable"}},
]}


# Request examples, as the README's curl examples send them on the demo data (`make run`).
EXAMPLES = {
    "cliente-listar": {"action": "cliente-listar"},
    "producto-listar": {"action": "producto-listar", "cod_num": 43677910},
    "factura-nuevo": {"action": "factura-nuevo", "factura_estado": 1, "factura_cliente": 1, "factura_idmoneda": 1,
                      "factura_idcontacto": 1, "detalle": [{"cod_num": 43677910, "cantidad": 2}]},
    "lote": {"action": "lote", "acciones": [{"action": "cliente-listar"},
                                            {"action": "producto-listar", "cod_num": 43677910}]},
}


def digits_pattern(minimum, maximum):
    """A pattern for digit strings inside [minimum, maximum] (a part of them: 1 up to 99…9), or None."""
    width = len(str(maximum + 1)) - 1  # the most digits d with 10**d - 1 <= maximum
    if minimum > 1 or width < 1:
        return None
    tail = f"[0-9]{{0,{width - 1}}}" if width > 1 else ""
    return f"^({'0|' if minimum == 0 else ''}[1-9]{tail})$"


def integer_schema(field):
    if field.choices is not None:
        values = sorted(field.choices)
        meaning = "; ".join(f"{k}: {v}" for k, v in field.choices.items())
        return {"oneOf": [{"type": "integer", "enum": values},
                          {"type": "string", "enum": [str(v) for v in values]}], "description": meaning}
    options = [{"type": "integer", "minimum": field.minimum, "maximum": field.maximum}]
    pattern = digits_pattern(field.minimum, field.maximum)
    if pattern:
        options.append({"type": "string", "pattern": pattern})
    schema = {"oneOf": options} if len(options) > 1 else options[0]
    if isinstance(field, Reference):
        schema["description"] = f"{field.names.replace('_', ' ')} de la empresa de la Key"
    return schema


def numeric_schema(field):
    step = 10 ** -field.decimals if field.decimals else 1
    number = {"type": "number"}
    if field.decimals <= 2:
        number["multipleOf"] = step  # finer steps meet binary floating point in validators
    largest = 10 ** field.integer_digits - 1  # an integer bound: exact in every JSON parser
    maximum = min(float(field.maximum), largest) if field.maximum is not None else largest
    number["maximum"] = maximum
    negative = field.minimum is None or field.minimum < 0
    if field.minimum is not None:
        number["exclusiveMinimum" if field.exclusive_minimum else "minimum"] = float(field.minimum)
    else:
        number["minimum"] = -largest
    fraction = f"(\\.[0-9]{{1,{field.decimals}}})?" if field.decimals else ""
    text = {"type": "string", "pattern": f"^{'-?' if negative else ''}[0-9]{{1,{field.integer_digits}}}{fraction}$"}
    options = [number]
    if field.maximum is None and (field.minimum is None or (field.minimum == 0 and not field.exclusive_minimum)):
        options.append(text)  # a text form only where its pattern cannot step outside the bounds
    return {"oneOf": options, "description": f"hasta {field.integer_digits} enteros y {field.decimals} decimales"}


def string_schema(field):
    schema = {"type": "string", "maxLength": field.max_length}
    if field.min_length:
        schema["minLength"] = field.min_length
        schema["pattern"] = f"^{FIRST_VISIBLE}{TEXT_CHARACTER}*$"
    else:
        schema["pattern"] = f"^{TEXT_CHARACTER}*$"
    return schema


def with_validators(schema, field):
    """`schema` narrowed by the field's marshmallow validators: a Regexp's pattern, a OneOf's values.

    A Regexp written only of explicit characters (`^[0-9]{4}$`) says all the text pattern says, and
    replaces it (one pattern generates values; two, one filtering the other's, mostly fail); any other
    is added beside it, so both must hold."""
    for validator in field.validators:
        if isinstance(validator, validate.Regexp):
            regex = validator.regex.pattern  # re.match: anchored at the start, as the pattern must be here
            regex = regex if regex.startswith("^") else f"^(?:{regex})"
            if OPEN_CLASS.search(regex):
                schema["allOf"] = [*schema.get("allOf", []), {"pattern": regex}]
            else:
                schema["pattern"] = regex
        elif isinstance(validator, validate.OneOf):
            schema["enum"] = sorted(validator.choices)
    return schema


# What lets a regex take characters nobody listed: a negated class, a dot, \S \W \D, \s.
OPEN_CLASS = re.compile(r"\[\^|(?<!\\)\.|\\[SWDs]")


def field_schema(field):
    if isinstance(field, Integer):
        schema = integer_schema(field)
        if isinstance(field, References):
            schema = {"oneOf": [{"type": "array", "minItems": field.min_items, "maxItems": field.max_items,
                                 "items": schema}, schema]}
    elif isinstance(field, Numeric):
        schema = numeric_schema(field)
    elif isinstance(field, EmailList):
        address = {"type": "string", "format": "email", "maxLength": 90}
        schema = {"oneOf": [address, {"type": "array", "minItems": 1, "maxItems": field.max_items, "items": address}]}
    elif isinstance(field, Email):
        schema = {"type": "string", "format": "email", "maxLength": field.max_length}
    elif isinstance(field, String):
        schema = with_validators(string_schema(field), field)
        if getattr(field, "choices", None):  # a catalogue code (a note's reason)
            schema["enum"] = sorted(field.choices)
    elif isinstance(field, Date):
        day = "(0[1-9]|1[0-9]|2[0-8])"  # days every month has: a part of the real dates, all accepted
        month, year = "(0[1-9]|1[0-2])", "[1-9][0-9]{3}"
        schema = {"oneOf": [{"type": "string", "format": "date", "pattern": f"^{year}-{month}-{day}$"},
                            {"type": "string", "pattern": f"^{day}-{month}-{year}$"}],
                  "description": "YYYY-MM-DD o DD-MM-YYYY; una fecha que existe"}
    elif isinstance(field, Time):
        schema = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"}
    elif isinstance(field, Boolean):
        schema = {"type": "boolean"}
    elif isinstance(field, TextList):
        schema = {"type": "array", "maxItems": field.max_items, "items": string_schema(field.item)}
    elif isinstance(field, Batch):
        schema = {"type": "array", "minItems": field.min_items, "maxItems": field.max_items,
                  "description": "cada elemento es el cuerpo de una acción, con su idempotency_key opcional",
                  "items": {"type": "object", "required": ["action"], "properties": {
                      "action": {"type": "string", "pattern": "^[a-z]+(-[a-z]+)*$"},
                      "idempotency_key": {"type": "string", "pattern": "^[\\x20-\\x7e]{1,255}$"}},
                      "propertyNames": {"pattern": STORABLE_TEXT},
                      "additionalProperties": {"$ref": "#/components/schemas/Storable"}}}
    elif isinstance(field, Lines):
        schema = {"type": "array", "minItems": field.min_items, "maxItems": field.max_items,
                  "items": object_schema(field.schema)}
    else:
        raise TypeError(f"no OpenAPI mapping for {type(field).__name__}")
    schema.update(field.metadata.get("openapi", {}))
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
    # Fields the action does not read are accepted and ignored (X-Campos-Ignorados), if storable.
    return {"type": "object", "properties": properties, "required": required,
            "propertyNames": {"pattern": STORABLE_TEXT},
            "additionalProperties": {"$ref": "#/components/schemas/Storable"},
            **getattr(schema, "openapi_rules", {})}


def json_content(schema):
    return {"application/json": {"schema": schema}}


def build_openapi(registry):
    components = {name: object_schema(entry.schema, name) for name, entry in sorted(registry.items())}
    refs = {name: f"#/components/schemas/{name}" for name in components}
    answers = {f"{name}.respuesta": answer_of(entry) or {} for name, entry in sorted(registry.items())}
    components.update(answers)
    components["Error"] = ERROR_SCHEMA
    components["Storable"] = STORABLE
    # anyOf: answers of different actions may look alike ({"respuesta", "id"}, an empty list).
    success = {"anyOf": [{"$ref": f"#/components/schemas/{name}"} for name in answers]}
    headers = {
        "X-Request-Id": {"description": "id de la solicitud, también en el registro", "schema": {"type": "string"}},
        "X-Campos-Ignorados": {"description": "campos recibidos que la acción no lee", "schema": {"type": "string"}},
        "X-Total-Count": {"description": "listar: registros que cumplen el filtro", "schema": {"type": "string"}},
    }
    error = {"content": json_content({"$ref": "#/components/schemas/Error"}),
             "headers": {"X-Request-Id": headers["X-Request-Id"],
                         "Retry-After": {"description": "429, 409 y 503: segundos", "schema": {"type": "string"}}}}

    def operation(operation_id):
        return {
            "operationId": operation_id,
            "summary": "Ejecuta una acción",
            "description": "El cuerpo lleva el campo action; cada acción tiene su esquema de entrada "
                           "(components/schemas/<acción>) y de respuesta (<acción>.respuesta).",
            "parameters": [
                {"name": "Key", "in": "header", "required": True,
                 "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{32}$"}},
                {"name": "Idempotency-Key", "in": "header", "required": False,
                 "schema": {"type": "string", "pattern": "^[\\x20-\\x7e]{1,255}$"}},
            ],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"oneOf": [{"$ref": ref} for ref in refs.values()],
                           "discriminator": {"propertyName": "action", "mapping": refs}},
                "examples": {name: {"summary": name, "value": value} for name, value in EXAMPLES.items()
                             if name in registry},
            }}},
            "responses": {
                **{status: {"description": text, "content": json_content(success), "headers": headers}
                   for status, text in SUCCESS_STATUSES.items()},
                **{status: {"description": text, **error} for status, text in ERROR_STATUSES.items()},
            },
        }

    def read_only(summary, content_type, schema, operation_id):
        return {"get": {"operationId": operation_id, "summary": summary, "responses": {
            "200": {"description": summary, "content": {content_type: {"schema": schema}}},
            "503": {"description": "Base de datos no disponible", "content": json_content(
                {"$ref": "#/components/schemas/Error"})}}}}

    return {
        "openapi": "3.1.0",
        "info": {"title": "ERP gateway", "version": "1.0",
                 "description": "Un endpoint JSON: POST /api con el encabezado Key y el campo action."},
        "paths": {
            "/api": {"post": operation("accion")},
            "/": {"post": operation("accion_raiz")},
            "/health": read_only("Estado del gateway y su base de datos", "application/json",
                                 {"type": "object", "required": ["estado", "base_de_datos"], "properties": {
                                     "estado": {"const": "ok"}, "base_de_datos": {"const": "ok"}}}, "salud"),
            "/openapi.json": read_only("Este documento", "application/json", {"type": "object"}, "openapi"),
            "/metrics": read_only("Métricas en formato de texto de Prometheus", "text/plain", {"type": "string"},
                                  "metricas"),
            "/docs": {"get": {"operationId": "documentacion", "summary": "Lleva a /docs/", "responses": {
                "308": {"description": "Redirección permanente a /docs/"}}}},
            "/docs/": read_only("Referencia navegable (Swagger UI) de este documento", "text/html",
                                {"type": "string"}, "documentacion_pagina"),
        },
        "components": {"schemas": components},
    }
