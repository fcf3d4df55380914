"""Multi-row INSERTs built directly: on the hot path peewee's query builder costs more than the database.

Values still go through each field's own `db_value`, and as parameters, never into the SQL text.
Inside `one_round_trip()` the writes wait and go to PostgreSQL together, in one round trip.
"""

import contextlib
import contextvars

from models.base import db
from models.base import is_sqlite

_waiting = contextvars.ContextVar("waiting_writes", default=None)


@contextlib.contextmanager
def one_round_trip():
    """Send the writes made inside (insert_rows, update_rows, execute) together when the block ends.

    For writes whose results nothing inside the block reads. PostgreSQL receives them as one
    multi-statement query; SQLite, which has no round trips to save, runs them one by one. If the
    block raises, nothing is sent (the transaction is rolled back anyway).
    """
    waiting = []
    token = _waiting.set(waiting)
    try:
        yield
    finally:
        _waiting.reset(token)
    if not waiting:
        return
    if is_sqlite() or len(waiting) == 1:
        for sql, params in waiting:
            db.execute_sql(sql, params)
    else:
        db.execute_sql("; ".join(sql for sql, _ in waiting), [value for _, params in waiting for value in params])


def execute(sql, params):
    """Run a write now, or with the others at the end of the enclosing `one_round_trip()`."""
    waiting = _waiting.get()
    if waiting is None:
        db.execute_sql(sql, params)
    else:
        waiting.append((sql, params))

CHUNK = 200  # rows per statement: well under SQLite's bound-parameter limit


def insert_row(model, row, unless_duplicate=False):
    """Insert one row and return its id (RETURNING works on SQLite ≥ 3.35 and PostgreSQL).

    With `unless_duplicate`, a row a unique index refuses is skipped and None returned, with no error
    and no savepoint: PostgreSQL's transaction stays usable.
    """
    sql, params = _statement(model, [row])
    conflict = " ON CONFLICT DO NOTHING" if unless_duplicate else ""
    found = db.execute_sql(f"{sql}{conflict} RETURNING {model._meta.primary_key.column_name.join(db.obj.quote)}",
                           params).fetchone()
    return found[0] if found else None


def _statement(model, rows):
    given = list(rows[0])
    defaulted = [field for name, field in model._meta.fields.items() if name not in given and field.default is not None]
    # Defaults are taken once per statement: every row of it gets the same `now()`.
    default_params = [field.db_value(field.default() if callable(field.default) else field.default)
                      for field in defaulted]
    fields = [model._meta.fields[name] for name in given] + defaulted
    quote = db.obj.quote
    columns = ", ".join(f.column_name.join(quote) for f in fields)
    one_row = "(" + ", ".join([db.obj.param] * len(fields)) + ")"
    sql = f"INSERT INTO {model._meta.table_name.join(quote)} ({columns}) VALUES " + ", ".join([one_row] * len(rows))
    converters = [(name, model._meta.fields[name].db_value) for name in given]
    params = []
    for row in rows:
        params += [convert(row[name]) for name, convert in converters]
        params += default_params
    return sql, params


def insert_rows(model, rows):
    """Insert `rows` (dicts of field name → value, all with the same keys) into `model`'s table.

    Fields left out take their defaults, as peewee's own insert would give them.
    """
    if not rows:
        return
    for start in range(0, len(rows), CHUNK):
        execute(*_statement(model, rows[start:start + CHUNK]))


def update_rows(model, names, rows):
    """UPDATE `names` of many rows by id in one statement: rows are (value, ..., id) tuples.

    `UPDATE … FROM (VALUES …)` (SQLite ≥ 3.33, PostgreSQL): one round trip however many rows, where
    executemany would make one per row on PostgreSQL.
    """
    if not rows:
        return
    fields = [model._meta.fields[name] for name in names]
    quote, param = db.obj.quote, db.obj.param
    table = model._meta.table_name.join(quote)
    key = model._meta.primary_key.column_name.join(quote)
    # VALUES columns are column1 (the id), column2… in both databases.
    assignments = ", ".join(f"{f.column_name.join(quote)} = v.column{n}" for n, f in enumerate(fields, start=2))
    one_row = "(" + ", ".join([param] * (len(fields) + 1)) + ")"
    sql = (f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([one_row] * len(rows))}) AS v "
           f"WHERE {table}.{key} = v.column1")
    params = [value for row in rows for value in [row[-1]] + [f.db_value(v) for f, v in zip(fields, row[:-1])]]
    execute(sql, params)
