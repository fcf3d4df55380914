"""Fixed SQL for the lookups every sale makes: peewee's query builder costs more than the query.

Generating a joined SELECT with peewee takes ~0.2 ms of Python per query, more than SQLite takes to
run it; on the hot path the text is written here instead, with the same quoting and parameter style
as the connected database, and rows come back as model instances built the way peewee builds them.
Values are always parameters, never part of the SQL text.
"""

import datetime
import functools
from decimal import Decimal

from peewee import BooleanField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import DecimalField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField
from peewee import TimeField

from models.base import ROW_LOCK
from models.base import db
from models.prepared import Fixed
from models.base import is_sqlite


def statement(build):
    """Decorate a function that writes SQL text: the text is written once per database kind and arguments,
    and may be prepared on PostgreSQL (models/prepared.py)."""
    written = functools.lru_cache(maxsize=128)(lambda database_kind, *args: Fixed(build(*args)))

    @functools.wraps(build)
    def text(*args):
        return written(type(db.obj), *args)

    return text


def name(identifier):
    return identifier.join(db.obj.quote)


def table(model):
    return name(model._meta.table_name)


def column(model, field_name, alias=None):
    quoted = name(model._meta.fields[field_name].column_name)
    return f"{alias}.{quoted}" if alias else quoted


def columns(model, field_names, alias=None):
    return ", ".join(column(model, n, alias) for n in field_names)


def placeholders(count):
    return ", ".join([db.obj.param] * count)


def equal(model, field_names, alias=None):
    """`a = ? AND b = ?` for the named fields, parameters in the same order."""
    return " AND ".join(f"{column(model, n, alias)} = {db.obj.param}" for n in field_names)


def nulls(model, field_names, typed=False):
    """A NULL for each field, for a UNION branch that has none of them. `typed` casts each to its column's
    kind (numbers only): the branch before the one that has the values must, since PostgreSQL reads a
    column that is NULL in every branch so far as text, which then matches no number."""
    if not typed:
        return ", ".join(["NULL"] * len(field_names))
    return ", ".join(f"CAST(NULL AS {_number_kind(model._meta.fields[name])})" for name in field_names)


def _number_kind(field):
    if isinstance(field, DecimalField):
        return "NUMERIC"
    if isinstance(field, (IntegerField, ForeignKeyField)):
        return "INTEGER"
    raise ValueError(f"nulls(typed=True) types numbers only, not {field.name}")


def locking():
    """What ends a SELECT that locks its rows until commit (SQLite's IMMEDIATE transaction already does)."""
    return "" if is_sqlite() else f" {ROW_LOCK}"


def instance(model, field_names, values):
    """A `model` holding `values` (database values) for `field_names`, as peewee's own SELECT builds it.

    Fields not named stay unset: the caller reads only what it selected.
    """
    names, natives, converts = converters(model, field_names)
    found = model(__no_default__=1)
    found.__data__ = dict(zip(names, [value if type(value) is native else convert(value)
                                      for value, native, convert in zip(values, natives, converts)]))
    return found


def values(model, field_names, rows):
    """Rows of database values for `field_names` as Python values, as peewee would read them, without models."""
    _, natives, converts = converters(model, field_names)
    return [tuple([value if type(value) is native else convert(value)
                   for value, native, convert in zip(row, natives, converts)]) for row in rows]


# Field kind → the Python type a value keeps unconverted. Reading: integers and text arrive from both
# drivers as peewee would make them. Writing: each field's db_value hands these back unchanged.
UNCHANGED_READ = ((IntegerField, int), (CharField, str), (TextField, str))
UNCHANGED_WRITTEN = UNCHANGED_READ + ((BooleanField, bool), (DateTimeField, datetime.datetime),
                                      (DateField, datetime.date), (TimeField, datetime.time))


@functools.cache
def converters(model, field_names, writing=False):
    """Three tuples, one item per field: its name, the type a value may keep as it is (or None), and its
    python_value (or db_value when `writing`). Columns rather than triples: the hot loops zip them, which
    costs less per value than unpacking a triple."""
    names, natives, converts = [], [], []
    for name in field_names:
        field = model._meta.fields[name]
        stored = field.rel_field if isinstance(field, ForeignKeyField) else field
        method = "db_value" if writing else "python_value"
        # A field that converts values its own way (a sealed secret, models/sealed.py) always converts.
        native = next((kind for cls, kind in (UNCHANGED_WRITTEN if writing else UNCHANGED_READ)
                       if isinstance(stored, cls) and getattr(type(stored), method) is getattr(cls, method)), None)
        if writing and isinstance(stored, DecimalField) and not stored.auto_round:
            native = Decimal
        names.append(name)
        natives.append(native)
        converts.append(field.db_value if writing else field.python_value)
    return tuple(names), tuple(natives), tuple(converts)


def fetch(sql, params):
    return db.execute_sql(sql, params).fetchall()
