"""Multi-row INSERTs built directly: on the hot path peewee's query builder costs more than the database.

Values still go through each field's own `db_value`, and as parameters, never into the SQL text.
Inside `models.base.one_round_trip()` these writes are deferred and sent together.
"""

import functools

from models import sql
from models.base import db
from models.base import defer

CHUNK = 200  # rows per statement: well under SQLite's bound-parameter limit


def insert_row(model, row, unless_duplicate=False):
    """Insert one row (a dict of field name → value) and return its id (RETURNING: SQLite ≥ 3.35, PostgreSQL).

    With `unless_duplicate`, a row a unique index refuses is skipped and None returned, with no error
    and no savepoint: PostgreSQL's transaction stays usable.
    """
    names = tuple(row)
    text, params = _statement(model, names, [tuple(row.values())])
    conflict = " ON CONFLICT DO NOTHING" if unless_duplicate else ""
    found = db.execute_sql(f"{text}{conflict} RETURNING {sql.column(model, model._meta.primary_key.name)}",
                           params).fetchone()
    return found[0] if found else None


def insert_rows(model, rows):
    """Insert `rows` (dicts of field name → value, all with the same keys) into `model`'s table."""
    if rows:
        names = tuple(rows[0])
        insert_values(model, names, [tuple(row[name] for name in names) for row in rows])


def insert_values(model, names, rows):
    """Insert `rows`, tuples of values for the fields `names`, into `model`'s table.

    Fields left out take their defaults, as peewee's own insert would give them.
    """
    names = tuple(names)
    for start in range(0, len(rows), CHUNK):
        defer(*_statement(model, names, rows[start:start + CHUNK]))


def _statement(model, names, rows):
    defaulted = _defaulted(model, names)
    # Defaults are taken once per statement: every row of it gets the same `now()`.
    default_params = [field.db_value(field.default() if callable(field.default) else field.default)
                      for field in defaulted]
    converters = _converters(model, names)
    params = []
    for row in rows:
        params += [convert(value) for convert, value in zip(converters, row)]
        params += default_params
    return _insert_text(model, names, len(rows)), params


@functools.cache
def _defaulted(model, names):
    return tuple(field for name, field in model._meta.fields.items() if name not in names and field.default is not None)


@functools.cache
def _converters(model, names):
    return tuple(model._meta.fields[name].db_value for name in names)


@sql.statement
def _insert_text(model, names, count):
    every = names + tuple(field.name for field in _defaulted(model, names))
    one_row = f"({sql.placeholders(len(every))})"
    return f"INSERT INTO {sql.table(model)} ({sql.columns(model, every)}) VALUES " + ", ".join([one_row] * count)


def update_rows(model, names, rows):
    """UPDATE `names` of many rows by id in one statement: rows are (value, ..., id) tuples.

    `UPDATE … FROM (VALUES …)` (SQLite ≥ 3.33, PostgreSQL): one round trip however many rows, where
    executemany would make one per row on PostgreSQL.
    """
    if not rows:
        return
    names = tuple(names)
    converters = _converters(model, names)
    params = []
    for row in rows:
        params.append(row[-1])
        params += [convert(value) for convert, value in zip(converters, row)]
    defer(_update_text(model, names, len(rows)), params)


@sql.statement
def _update_text(model, names, count):
    table, key = sql.table(model), sql.column(model, model._meta.primary_key.name)
    # VALUES columns are column1 (the id), column2… in both databases.
    assignments = ", ".join(f"{sql.column(model, name)} = v.column{n}" for n, name in enumerate(names, start=2))
    one_row = f"({sql.placeholders(len(names) + 1)})"
    return (f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([one_row] * count)}) AS v "
            f"WHERE {table}.{key} = v.column1")
