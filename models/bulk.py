"""Multi-row INSERTs and UPDATEs built directly: on the hot path peewee's query builder costs more than the
database.

Values still go through each field's own `db_value` (skipped where the value already has the type it
returns unchanged), and as parameters, never into the SQL text. On PostgreSQL many rows travel as one
JSON parameter that `json_populate_recordset` types by the table's own columns: psycopg2 spends ~1 µs
quoting each parameter, and a sale's lines and kardex have hundreds. Inside
`models.base.one_round_trip()` these writes are deferred and sent together.
"""

import functools
import json

from peewee import BlobField

from models import sql
from models.base import db
from models.base import defer
from models.base import is_sqlite

CHUNK = 200  # rows per statement: well under SQLite's bound-parameter limit


def insert_row(model, row, unless_duplicate=False):
    """Insert one row (a dict of field name → value) and return its id (RETURNING: SQLite ≥ 3.35, PostgreSQL).

    With `unless_duplicate`, a row a unique index refuses is skipped and None returned, with no error
    and no savepoint: PostgreSQL's transaction stays usable.
    """
    names = tuple(row)
    values = _with_defaults(model, names, [tuple(row.values())])[0]
    found = db.execute_sql(_returning_text(model, names, unless_duplicate), values).fetchone()
    return found[0] if found else None


def insert_row_with(model, row, source, params, taken):
    """Insert one row whose fields `taken` (field name → column) come from `source`, a WITH clause
    naming one data-modifying query `source_row` (PostgreSQL only); returns (id, *taken values), or None
    when `source_row` yields nothing. `params` are the WITH clause's parameters."""
    found = db.execute_sql(_taking_text(model, tuple(row), source, tuple(taken.items())),
                           [*params, row_as_json(model, row)]).fetchone()
    return tuple(found) if found else None


def row_as_json(model, row):
    """One row (field name → value) as the JSON object `inserting_text` reads, the fields it leaves out at
    their defaults."""
    names = tuple(row)
    every = names + tuple(field.name for field in _defaulted(model, names))
    return _as_json(model, every, _with_defaults(model, names, [tuple(row.values())]), one=True)


def rows_as_json(model, names, rows, shared):
    """(the fields `shared` gives every row, with the defaults of those left out; their JSON object; the
    JSON array of `rows`, tuples for `names`), as `insert_values` sends them on PostgreSQL."""
    names, common = tuple(names), tuple(shared)
    common_values = _with_defaults(model, names + common, [tuple(shared.values())], leading=len(names))[0]
    every_common = common + tuple(field.name for field in _defaulted(model, names + common))
    return (every_common, _as_json(model, every_common, [common_values], one=True),
            _as_json(model, names, _converted(model, names, rows)))


def insert_rows(model, rows):
    """Insert `rows` (dicts of field name → value, all with the same keys) into `model`'s table."""
    if rows:
        names = tuple(rows[0])
        insert_values(model, names, [tuple(row[name] for name in names) for row in rows])


def insert_values(model, names, rows, shared=None):
    """Insert `rows`, tuples of values for the fields `names`, into `model`'s table; `shared` (field name →
    value) holds what every row has in common, sent once on PostgreSQL.

    Fields left out take their defaults, as peewee's own insert would give them.
    """
    names, shared = tuple(names), shared or {}
    common = tuple(shared)
    common_values = _with_defaults(model, names + common, [tuple(shared.values())], leading=len(names))[0]
    for start in range(0, len(rows), CHUNK):
        part = rows[start:start + CHUNK]
        if is_sqlite() or len(part) == 1:  # one row's few parameters cost less than a JSON document
            chunk = _converted(model, names, part)
            defer(_values_text(model, names + common, len(chunk)),
                  [value for row in chunk for value in row + common_values])
        else:
            every_common, shared_json, rows_json = rows_as_json(model, names, part, shared)
            defer(_json_insert_text(model, names, every_common), [shared_json, rows_json])


def update_rows(model, names, rows):
    """UPDATE `names` of many rows by id in one statement: rows are (value, ..., id) tuples.

    One round trip however many rows, where executemany would make one per row on PostgreSQL:
    `UPDATE … FROM (VALUES …)` on SQLite (≥ 3.33), `UPDATE … FROM json_populate_recordset(…)` on PostgreSQL.
    """
    if not rows:
        return
    names = tuple(names)
    key = model._meta.primary_key.name
    converted = _converted(model, names + (key,), rows)
    if not is_sqlite():
        defer(_json_update_text(model, names), [_as_json(model, names + (key,), converted)])
        return
    for start in range(0, len(converted), CHUNK):  # under SQLite's bound-parameter limit
        chunk = converted[start:start + CHUNK]
        defer(_values_update_text(model, names, len(chunk)), [value for row in chunk for value in row])


# -- values -----------------------------------------------------------------------------------------

def _with_defaults(model, names, rows, leading=0):
    """Rows as database values, followed by the defaults of the fields `names` leaves out (the rows hold
    the values of `names` after the first `leading` ones)."""
    # Defaults are taken once per statement: every row of it gets the same `now()`.
    defaults = tuple(field.db_value(field.default() if callable(field.default) else field.default)
                     for field in _defaulted(model, names))
    return [row + defaults for row in _converted(model, names[leading:], rows)]


def _converted(model, names, rows):
    _, natives, converts = sql.converters(model, names, writing=True)
    return [tuple([value if value is None or type(value) is native else convert(value)
                   for value, native, convert in zip(row, natives, converts)]) for row in rows]


@functools.cache
def _defaulted(model, names):
    return tuple(field for name, field in model._meta.fields.items() if name not in names and field.default is not None)


def _as_json(model, names, rows, one=False):
    """Rows (database values in `names` order) as a JSON array of objects keyed by column (`one`: the
    only row's object).

    Decimals, dates and times go as their text, which PostgreSQL reads back exactly into the column's type.
    """
    columns = _column_names(model, names)
    blobs = _blob_positions(model, names)
    if blobs:
        rows = [tuple(_as_bytea_text(value) if n in blobs and value is not None else value
                      for n, value in enumerate(row)) for row in rows]
    objects = [dict(zip(columns, row)) for row in rows]
    return json.dumps(objects[0] if one else objects, default=str, ensure_ascii=False)


@functools.cache
def _blob_positions(model, names):
    return frozenset(n for n, name in enumerate(names) if isinstance(model._meta.fields[name], BlobField))


def _as_bytea_text(value):
    """Bytes as the text PostgreSQL's bytea reads (its hex form); BlobField.db_value wraps them in
    psycopg2's Binary."""
    return "\\x" + bytes(getattr(value, "adapted", value)).hex()


@functools.cache
def _column_names(model, names):
    return tuple(model._meta.fields[name].column_name for name in names)


# -- statements -------------------------------------------------------------------------------------

@sql.statement
def _values_text(model, names, count):
    every = names + tuple(field.name for field in _defaulted(model, names))
    one_row = f"({sql.placeholders(len(every))})"
    return f"INSERT INTO {sql.table(model)} ({sql.columns(model, every)}) VALUES " + ", ".join([one_row] * count)


@sql.statement
def _taking_text(model, names, source, taken):
    return f"{source} {inserting_text(model, names, taken)}"


def inserting_text(model, names, taken):
    """INSERT one row: the fields `taken` (field name → column) from `source_row`, which a WITH clause
    before it names, the rest (`names` and the defaults, as `row_as_json` writes them) from one JSON
    parameter; RETURNING the id and the taken fields."""
    every = sql.columns(model, names + tuple(field.name for field in _defaulted(model, names)))
    taken_columns = ", ".join(f"source_row.{sql.name(column)}" for _, column in taken)
    returned = ", ".join(sql.column(model, name) for name in (model._meta.primary_key.name, *(n for n, _ in taken)))
    return (f"INSERT INTO {sql.table(model)} ({every}, {sql.columns(model, [n for n, _ in taken])}) "
            f"SELECT {every}, {taken_columns} FROM source_row, "
            f"json_populate_record(NULL::{sql.table(model)}, {sql.placeholders(1)}) RETURNING {returned}")


@sql.statement
def _returning_text(model, names, unless_duplicate):
    conflict = " ON CONFLICT DO NOTHING" if unless_duplicate else ""
    return f"{_values_text(model, names, 1)}{conflict} RETURNING {sql.column(model, model._meta.primary_key.name)}"


@sql.statement
def _json_insert_text(model, names, common):
    """Rows from a JSON array of objects (`names`), each with the values of one JSON object (`common`)."""
    table = sql.table(model)
    selected = ", ".join([f"item.{sql.column(model, n)}" for n in names] + [f"shared.{sql.column(model, n)}" for n in common])
    return (f"INSERT INTO {table} ({sql.columns(model, names + common)}) SELECT {selected} "
            f"FROM json_populate_record(NULL::{table}, {sql.placeholders(1)}) AS shared, "
            f"json_populate_recordset(NULL::{table}, {sql.placeholders(1)}) AS item")


@sql.statement
def _values_update_text(model, names, count):
    table, key = sql.table(model), sql.column(model, model._meta.primary_key.name)
    # VALUES columns are column1, column2… in both databases; the id comes last.
    assignments = ", ".join(f"{sql.column(model, name)} = v.column{n}" for n, name in enumerate(names, start=1))
    one_row = f"({sql.placeholders(len(names) + 1)})"
    return (f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([one_row] * count)}) AS v "
            f"WHERE {table}.{key} = v.column{len(names) + 1}")


@sql.statement
def _json_update_text(model, names):
    table, key = sql.table(model), sql.column(model, model._meta.primary_key.name)
    assignments = ", ".join(f"{sql.column(model, name)} = v.{sql.column(model, name)}" for name in names)
    return (f"UPDATE {table} SET {assignments} FROM json_populate_recordset(NULL::{table}, {sql.placeholders(1)}) "
            f"AS v WHERE {table}.{key} = v.{key}")
