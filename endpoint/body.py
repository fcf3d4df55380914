"""Reading the request body: size limit, lenient decoding, JSON parsing with precise messages.

The body is parsed whatever the Content-Type says (legacy curl scripts forget it); UTF-8, falling back to
Windows-1252 (Windows POS systems send it); numbers become int or Decimal, never float; every failure is
code 11 saying where.
"""

import re
from decimal import Decimal

import simplejson

from errors import ActionRequired
from errors import InvalidInput

TYPOGRAPHIC_QUOTES = "“”‘’«»"

# simplejson's messages, in the words a Spanish-speaking integrator reads.
JSON_MESSAGES = (
    ("Expecting property name enclosed in double quotes", "se esperaba un nombre de campo entre comillas dobles"),
    ("Expecting value", "se esperaba un valor"),
    ("Expecting ',' delimiter", "falta una coma entre elementos"),
    ("Expecting ':' delimiter", "faltan los dos puntos (:) después del nombre del campo"),
    ("Unterminated string", "texto sin comillas de cierre"),
    ("Extra data", "hay datos después del objeto JSON"),
    ("Invalid control character", "carácter de control dentro de un texto"),
    ("Invalid \\escape", "secuencia de escape inválida"),
    ("Illegal trailing comma", "coma sobrante antes del cierre"),
    ("Invalid \\uXXXX escape", "secuencia \\u inválida"),
)

JSON_TYPES = {list: "una lista", str: "un texto", bool: "un booleano", type(None): "null"}


def read_body(request, limit):
    """The raw body, refused with 413 + code 11 before reading past `limit` bytes."""
    declared = request.content_length
    if declared is not None and declared > limit:
        raise too_large(limit)
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        raise too_large(limit)
    return data


def too_large(limit):
    return InvalidInput(f"el cuerpo supera el máximo de {limit} bytes", http_status=413)


def decode(data):
    """Text from UTF-8 (with or without BOM), else Windows-1252, else Latin-1 (which never fails)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def parse_object(data):
    """The body as a JSON object (dict); code 11 with line and column for anything else."""
    text = decode(data)
    if not text.strip():
        raise InvalidInput('el cuerpo está vacío; envíe un objeto JSON, por ejemplo {"action": "cliente-listar"}')
    try:
        value = simplejson.loads(
            text,
            use_decimal=True,
            parse_int=parse_int,
            parse_constant=refuse_constant,
        )
    except simplejson.JSONDecodeError as error:
        raise InvalidInput(describe(error, text)) from None
    except RecursionError:
        raise InvalidInput("JSON anidado con demasiada profundidad") from None
    except NonStandardNumber as error:
        raise InvalidInput(f"{error.args[0]} no es un número JSON válido; envíe un número o null") from None
    if not isinstance(value, dict):
        kind = JSON_TYPES.get(type(value), "un número")
        raise InvalidInput(f"el cuerpo debe ser un objeto JSON ({{...}}), se recibió {kind}")
    if "\\u" in text or could_hold_unstorable(text):
        # Only then can a key or string hold one: every other character of a string is the text's own.
        refuse_unstorable(value)
    return value


# What no text column can hold or no UTF-8 answer can carry: NUL (PostgreSQL refuses it), lone UTF-16
# surrogates (from "\ud800" escapes: not encodable), and Unicode non-characters (U+FFFE, U+FDD0…).
# Written as a regex character class (escapes for the first plane, the others' non-characters as
# themselves: an escape names four hex digits only), shared with /openapi.json's patterns.
UNSTORABLE_CLASS = "\\u0000\\ud800-\\udfff\\ufdd0-\\ufdef\\ufffe\\uffff" + "".join(
    chr(plane * 0x10000 + last) for plane in range(1, 17) for last in (0xFFFE, 0xFFFF))
UNSTORABLE = re.compile(f"[{UNSTORABLE_CLASS}]")


def could_hold_unstorable(text):
    """Whether the raw text holds an unstorable character itself, found without a regex scan in what nearly
    every POS sends: a text of characters up to U+00FF (ASCII, or Spanish accents) can only hold NUL."""
    if not text.isascii():
        try:
            text.encode("latin-1")  # a plain copy: Python already stores such a text one byte per character
        except UnicodeEncodeError:
            return UNSTORABLE.search(text) is not None
    return "\x00" in text


def refuse_unstorable(payload):
    """Code 30 for a bad `action`, 11 for any other key or text: before any handler, log or answer sees it.

    Checked once here for every position (keys, values, nested lines), so no field can forget it.
    """
    action = payload.get("action")
    if isinstance(action, str) and UNSTORABLE.search(action):
        raise ActionRequired(f"el campo action contiene {describe_bad(action)}; envíe el nombre de una acción, "
                             "por ejemplo \"cliente-listar\"")
    where = first_unstorable(payload, "")
    if where is not None:
        path, text = where
        raise InvalidInput(f"{path or 'un nombre de campo'} contiene {describe_bad(text)}; "
                           "quítelo o reemplácelo por texto válido",
                           campos={path or "(nombre de campo)": [f"Contiene {describe_bad(text)}."]})


def first_unstorable(value, path):
    """(path, bad text) of the first key or string holding an unstorable character, or None."""
    stack = [(value, path)]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if UNSTORABLE.search(value):
                return path, value
        elif isinstance(value, dict):
            for key, item in value.items():
                if UNSTORABLE.search(key):
                    return f"{path}.{safe(key)}" if path else safe(key), key
                stack.append((item, f"{path}.{key[:60]}" if path else key[:60]))  # a message, not a dump
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{index}]") for index, item in enumerate(value))
    return None


def safe(text):
    """`text` with every unstorable character written as \\uXXXX, so that a message can show it."""
    return UNSTORABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)[:60]


def describe_bad(text):
    character = UNSTORABLE.search(text).group()
    code = ord(character)
    if code == 0:
        kind = "el carácter nulo (\\u0000)"
    elif 0xD800 <= code <= 0xDFFF:
        kind = f"un sustituto UTF-16 suelto (\\u{code:04x}), que no es un carácter"
    else:
        kind = f"un no-carácter Unicode (\\u{code:04x})"
    return kind


class NonStandardNumber(ValueError):
    pass


def refuse_constant(name):
    raise NonStandardNumber(name)


def parse_int(text):
    # Python refuses to convert integers of more than 4,300 digits; a Decimal keeps them as bad input
    # for the field to reject ("número demasiado grande") instead of a crash.
    return int(text) if len(text) <= 30 else Decimal(text)


def describe(error, text):
    reason = error.msg
    for english, spanish in JSON_MESSAGES:
        if reason.startswith(english):
            reason = spanish
            break
    message = f"JSON inválido en la línea {error.lineno}, columna {error.colno}: {reason}"
    if any(quote in text for quote in TYPOGRAPHIC_QUOTES):
        message += ". El cuerpo contiene comillas tipográficas (“ ” ‘ ’); use comillas rectas (\")"
    return message
