"""The gateway's data types (the README's "Data types") as marshmallow fields, with Spanish messages.

Lenient where legacy clients are sloppy (digit strings for integers, numbers for text, two date
formats, surrounding spaces), strict where a wrong value would cost money (no floats, no NaN, no
thousands separators, bounded digits). The JSON parser hands numbers over as int or Decimal, never float.
"""

import datetime
import re
from decimal import Decimal
from decimal import InvalidOperation

from marshmallow import ValidationError
from marshmallow import fields
from marshmallow import validate

# PostgreSQL's INTEGER: larger ids cannot exist, so they are input errors rather than database errors.
INT_MAX = 2_147_483_647
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DIGITS = re.compile(r"^[0-9]+$")
DECIMAL_TEXT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")

BASE_MESSAGES = {
    "required": "Campo obligatorio: no se recibió.",
    "null": "No puede ser nulo.",
    "validator_failed": "Valor no válido.",
}


class Field(fields.Field):
    """Base of every gateway field: Spanish messages; `fail(message)` for one-off errors."""

    default_error_messages = BASE_MESSAGES

    def fail(self, message):
        raise ValidationError(message)


class Integer(Field):
    """A JSON integer or a string of digits; booleans and fractions are refused."""

    default_error_messages = {
        "invalid": 'Debe ser un número entero (por ejemplo 4 o "4").',
    }

    def __init__(self, minimum=0, maximum=INT_MAX, choices=None, **kwargs):
        super().__init__(**kwargs)
        self.minimum = minimum
        self.maximum = maximum
        self.choices = choices  # {value: meaning}, shown in the message when violated

    def _deserialize(self, value, attr, data, **kwargs):
        number = self._to_int(value)
        if self.choices is not None:
            if number not in self.choices:
                options = ", ".join(f"{k} ({v})" for k, v in self.choices.items())
                self.fail(f"Valor {number} no permitido; use uno de: {options}.")
        elif not self.minimum <= number <= self.maximum:
            self.fail(f"Debe estar entre {self.minimum} y {self.maximum}.")
        return number

    def _to_int(self, value):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        if isinstance(value, int):
            return value
        if isinstance(value, Decimal):
            if value.is_finite() and value == value.to_integral_value():
                return int(value) if value.adjusted() < 20 else self._too_big()
            raise self.make_error("invalid")
        if isinstance(value, str):
            text = value.strip()
            if DIGITS.match(text):
                return int(text) if len(text) <= 20 else self._too_big()
        raise self.make_error("invalid")

    def _too_big(self):
        self.fail(f"Número demasiado grande; el máximo es {self.maximum}.")


class Reference(Integer):
    """The id (or code) of one of the key's company's records; `names` says what it names ("cliente",
    "producto", "documento"…), for the OpenAPI description and the tests that follow references."""

    def __init__(self, names, minimum=1, alternative=None, **kwargs):
        super().__init__(minimum=minimum, **kwargs)
        self.names = names
        # Another field that may name the same record instead (a note's document by id or by number):
        # then one of the two is required, which the schema checks.
        self.alternative = alternative


class References(Reference):
    """One or more ids (or codes) of the company's records of one kind: a list (`[1, 2]`) or one id (`1`);
    loaded as a list without repeats, in the order sent."""

    def __init__(self, names, min_items=1, max_items=1000, **kwargs):
        super().__init__(names, **kwargs)
        self.min_items = min_items
        self.max_items = max_items

    def _deserialize(self, value, attr, data, **kwargs):
        values = value if isinstance(value, list) else [value]
        if not self.min_items <= len(values) <= self.max_items:
            self.fail(f"Debe tener entre {self.min_items} y {self.max_items} elementos; se recibieron {len(values)}.")
        loaded, errors = [], {}
        for index, item in enumerate(values):
            try:
                loaded.append(super()._deserialize(item, attr, data, **kwargs))
            except ValidationError as error:
                errors[index] = error.messages
        if errors:
            raise ValidationError(errors)
        return list(dict.fromkeys(loaded))


class String(Field):
    """Text up to `max_length` characters, trimmed; a number is taken as its digits."""

    default_error_messages = {"invalid": "Debe ser texto."}

    def __init__(self, max_length=250, min_length=0, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length
        # A required text must say something; an optional one may be empty.
        self.min_length = max(min_length, 1 if self.required else 0)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise self.make_error("invalid")
        value = value.strip()
        if CONTROL_CHARACTERS.search(value):
            self.fail("Contiene caracteres de control no permitidos.")
        if len(value) < self.min_length:
            self.fail("No puede estar vacío.")
        if len(value) > self.max_length:
            self.fail(f"Máximo {self.max_length} caracteres; se recibieron {len(value)}.")
        return value


class Text(String):
    def __init__(self, **kwargs):
        super().__init__(max_length=1000, **kwargs)


class TextList(Field):
    """A list of texts (a bill's comments): each trimmed and up to `max_length` characters."""

    default_error_messages = {"invalid": 'Debe ser una lista de textos (["...", ...]).'}

    def __init__(self, max_items=50, max_length=500, **kwargs):
        super().__init__(**kwargs)
        self.max_items = max_items
        self.item = String(max_length=max_length)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list):
            raise self.make_error("invalid")
        if len(value) > self.max_items:
            self.fail(f"Máximo {self.max_items} elementos; se recibieron {len(value)}.")
        items, errors = [], {}
        for index, item in enumerate(value):
            try:
                items.append(self.item.deserialize(item))
            except ValidationError as error:
                errors[index] = error.messages
        if errors:
            raise ValidationError(errors)
        return items


class Email(String):
    def __init__(self, **kwargs):
        super().__init__(validate=validate.Email(error="No es un correo electrónico válido."), **kwargs)


class EmailList(String):
    """E-mail addresses: a list of them, or one text with them separated by commas or semicolons."""

    def __init__(self, max_items=10, **kwargs):
        super().__init__(max_length=1000, **kwargs)
        self.max_items = max_items
        self.check = validate.Email(error="No es un correo electrónico válido.")

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, list):
            if not all(isinstance(item, str) for item in value):
                self.fail("Debe ser una lista de correos electrónicos (texto).")
            value = ",".join(value)
        text = super()._deserialize(value, attr, data, **kwargs)
        addresses = [part.strip() for part in re.split(r"[,;]", text) if part.strip()]
        if not addresses:
            self.fail("Indique al menos un correo electrónico.")
        if len(addresses) > self.max_items:
            self.fail(f"Máximo {self.max_items} correos; se recibieron {len(addresses)}.")
        for address in addresses:
            try:
                self.check(address)
            except ValidationError:
                self.fail(f"'{address[:60]}' no es un correo electrónico válido.")
        return addresses


class Numeric(Field):
    """An exact decimal: JSON number or string, dot decimal, no thousands separator."""

    default_error_messages = {
        "invalid": 'Debe ser un número con punto decimal (por ejemplo 2034.56 o "2034.56").',
    }

    def __init__(self, integer_digits=12, decimals=2, minimum=None, maximum=None,
                 exclusive_minimum=False, **kwargs):
        super().__init__(**kwargs)
        self.integer_digits = integer_digits
        self.decimals = decimals
        self.minimum = minimum
        self.maximum = maximum
        self.exclusive_minimum = exclusive_minimum

    def _deserialize(self, value, attr, data, **kwargs):
        number = self._to_decimal(value)
        sign, digits, exponent = number.as_tuple()
        decimals = max(0, -exponent)
        integer_digits = max(0, len(digits) + exponent)
        if integer_digits > self.integer_digits:
            self.fail(f"Máximo {self.integer_digits} dígitos enteros.")
        if decimals > self.decimals:
            self.fail(f"Máximo {self.decimals} decimales.")
        if self.minimum is not None:
            if self.exclusive_minimum and number <= self.minimum:
                self.fail(f"Debe ser mayor que {self.minimum}.")
            if number < self.minimum:
                self.fail(f"Debe ser mayor o igual que {self.minimum}.")
        if self.maximum is not None and number > self.maximum:
            self.fail(f"Debe ser menor o igual que {self.maximum}.")
        return number

    def _to_decimal(self, value):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise self.make_error("invalid")
            return value
        if isinstance(value, str):
            text = value.strip()
            if len(text) <= 40 and DECIMAL_TEXT.match(text):
                try:
                    return Decimal(text)
                except InvalidOperation:
                    pass
        raise self.make_error("invalid")


class Date(Field):
    """`DD-MM-YYYY` (documented) or `YYYY-MM-DD` (what the examples send)."""

    default_error_messages = {
        "invalid": "Debe ser una fecha DD-MM-YYYY o YYYY-MM-DD (por ejemplo 21-05-2017).",
    }
    FORMATS = (
        (re.compile(r"^\d{2}-\d{2}-\d{4}$"), "%d-%m-%Y"),
        (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d"),
    )

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            text = value.strip()
            for pattern, fmt in self.FORMATS:
                if pattern.match(text):
                    try:
                        return datetime.datetime.strptime(text, fmt).date()
                    except ValueError:
                        self.fail(f"La fecha {text} no existe en el calendario.")
        raise self.make_error("invalid")


class Time(Field):
    default_error_messages = {"invalid": "Debe ser una hora HH:mm:ss (por ejemplo 14:25:32)."}
    PATTERN = re.compile(r"^\d{2}:\d{2}:\d{2}$")

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and self.PATTERN.match(value.strip()):
            try:
                return datetime.datetime.strptime(value.strip(), "%H:%M:%S").time()
            except ValueError:
                pass
        raise self.make_error("invalid")


class Boolean(Field):
    default_error_messages = {"invalid": "Debe ser true o false (en minúsculas)."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        raise self.make_error("invalid")


class Nested(fields.Nested):
    # marshmallow formats these with str.format: braces are doubled.
    default_error_messages = dict(BASE_MESSAGES, type="Debe ser un objeto JSON ({{...}}).")


class Lines(Field):
    """A list of objects, each loaded with `schema`; the count is checked before any item is read."""

    default_error_messages = {"invalid": "Debe ser una lista de objetos ([{{...}}, ...])."}

    def __init__(self, schema, min_items=1, max_items=1000, **kwargs):
        super().__init__(**kwargs)
        self.schema = schema
        self.min_items = min_items
        self.max_items = max_items

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list):
            raise self.make_error("invalid")
        if not self.min_items <= len(value) <= self.max_items:
            self.fail(f"Debe tener entre {self.min_items} y {self.max_items} elementos; "
                      f"se recibieron {len(value)}.")
        errors = {index: ["Debe ser un objeto JSON ({...})."]
                  for index, item in enumerate(value) if not isinstance(item, dict)}
        try:
            # One load of the whole list: marshmallow then prepares its hooks once, not once per line.
            items = self.schema.load([item for item in value if isinstance(item, dict)], many=True)
        except ValidationError as error:
            positions = [index for index, item in enumerate(value) if isinstance(item, dict)]
            errors.update({positions[index]: messages for index, messages in error.messages.items()})
        if errors:
            raise ValidationError(dict(sorted(errors.items())))
        return items
