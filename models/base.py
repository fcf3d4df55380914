"""The database handle every model uses, how it is opened, and the transaction helpers.

One `DatabaseProxy`, initialised by the app factory from `DATABASE_URL`. Connections come from a pool
(one per worker thread, kept open between requests): reconnecting per request costs ~1.5 ms on SQLite
and more on PostgreSQL (see BASELINE.md).
"""

import contextlib
import datetime

from peewee import DatabaseProxy
from peewee import DecimalField
from peewee import Model
from peewee import SqliteDatabase
from playhouse import db_url

from models.writer_lock import WriterLock

db = DatabaseProxy()

SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("synchronous", "normal"),
    ("foreign_keys", 1),
    # A checkpoint copies each page changed since the last one once, however often it changed: a sale
    # rewrites the same product rows and index leaves, so a 16 MB log copies far less than the 4 MB default.
    ("wal_autocheckpoint", 4000),
)


def now():
    """Naive UTC timestamp, the same on SQLite and PostgreSQL."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)


def money(**kwargs):
    """An amount in cents precision (totals, line amounts)."""
    return DecimalField(max_digits=14, decimal_places=2, default=0, **kwargs)


def precise(**kwargs):
    """Quantities, unit prices and costs: SUNAT allows up to 10 decimals."""
    return DecimalField(max_digits=22, decimal_places=10, **kwargs)


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


def open_database(url, pool_size=8, timeout_seconds=10, statement_timeout_ms=30000, sqlite_pragmas=None):
    """Open a pooled database for a `sqlite:///path` or `postgresql://…` URL."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError(f"DATABASE_URL sin esquema: {url!r}")
    scheme = scheme.split("+")[0]
    if scheme == "postgres":
        scheme = "postgresql"
    options = {"max_connections": pool_size, "stale_timeout": 300}
    if scheme == "sqlite":
        pragmas = dict(SQLITE_PRAGMAS, busy_timeout=timeout_seconds * 1000, **(sqlite_pragmas or {}))
        # TEXT keeps decimals exact: SQLite's NUMERIC affinity would turn them into binary floats.
        options.update(pragmas=pragmas, timeout=timeout_seconds, field_types={"DECIMAL": "TEXT"})
    elif scheme == "postgresql":
        # A statement stuck on a lock or a runaway query ends with an error (503) instead of a hung worker.
        options.update(connect_timeout=timeout_seconds, options=f"-c statement_timeout={statement_timeout_ms}")
    else:
        raise ValueError(f"Base de datos no soportada: {scheme} (use sqlite:// o postgresql://)")
    database = db_url.connect(f"{scheme}+pool://{rest}", **options)
    if scheme == "sqlite" and database.database not in ("", ":memory:"):
        database.writer_lock = WriterLock(f"{database.database}-writer", timeout_seconds)
    return database


def is_sqlite():
    return isinstance(db.obj, SqliteDatabase)


@contextlib.contextmanager
def write_transaction():
    """A transaction for an action that writes.

    On SQLite, writers take their turn first (models/writer_lock.py), then the write lock at BEGIN
    (IMMEDIATE), so none fails when a reader later tries to upgrade its lock.
    """
    writer_lock = getattr(db.obj, "writer_lock", None)
    if writer_lock is None:
        with db.atomic():
            yield
        return
    with writer_lock.held(), db.atomic("IMMEDIATE"):
        yield


def read_transaction():
    return db.atomic()


def for_update(query):
    """Lock the selected rows until commit where the database supports it.

    SQLite has no row locks; there the IMMEDIATE write transaction already serialises writers.
    """
    return query if is_sqlite() else query.for_update()
