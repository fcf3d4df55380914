"""The database handle every model uses, how it is opened, the transaction helpers and deferred writes.

One `DatabaseProxy`, initialised by the app factory from `DATABASE_URL`. Connections come from a pool
(one per worker thread, kept open between requests): reconnecting per request costs ~1.5 ms on SQLite,
where the last connection to close also syncs the write-ahead log, and more on PostgreSQL.

Deferred writes, how they work and what they assume:
- Inside `one_round_trip()` (the dispatcher opens one around every action), a write made through
  `defer` (every insert and update of models/bulk.py) is queued instead of sent.
- The queue is sent before the next statement of any kind, so a read always sees what was written.
  This assumes every statement goes through `execute_sql`, which peewee's own queries and
  `models.sql.fetch` do; a raw cursor taken from the connection would not see the queued rows.
- On PostgreSQL the queued writes and that statement travel as one text, `w1; w2; statement`, in one
  round trip: psycopg2 runs them in order and returns the last one's rows. The commit is sent as the
  text `COMMIT` after them, so the last writes cost no extra round trip; that assumes the connection is
  not in autocommit (peewee's transactions are not).
- On SQLite, which has no round trips to save, the queued writes simply run one by one first.
- A rollback drops the queue unsent: what it would have written is rolled back anyway.
"""

import contextlib
import contextvars
import functools
from decimal import Decimal
from urllib.parse import urlparse

from peewee import DatabaseProxy
from peewee import DecimalField
from peewee import Model
from peewee import SqliteDatabase
from playhouse import db_url

from models.prepared import PreparingConnection
from models.prepared import executable
from models.writer_lock import WriterLock

db = DatabaseProxy()

SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("synchronous", "normal"),
    ("foreign_keys", 1),
    # A checkpoint copies each page changed since the last one once, however often it changed: a sale
    # rewrites the same product rows and index leaves, so a 16 MB log copies far less than the 4 MB default.
    ("wal_autocheckpoint", 4000),
    # Pages read straight from the mapped file: when another worker process commits, the pages this one
    # must read again cost no read() and no copy into its cache.
    ("mmap_size", 256 * 1024 * 1024),
)


class MoneyField(DecimalField):
    """Reads back with exactly two decimals on both databases (SQLite returns Decimal('0') for 0.00)."""

    def python_value(self, value):
        value = super().python_value(value)
        return value.quantize(self.places) if value is not None else None

    @property
    def places(self):
        return Decimal(1).scaleb(-self.decimal_places)


def money(**kwargs):
    """An amount in cents precision (totals, line amounts)."""
    return MoneyField(max_digits=14, decimal_places=2, default=0, **kwargs)


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
        # check_same_thread off: the pool hands a connection to one thread at a time, but not always to the
        # thread that opened it (the worker's SUNAT loop and its notifications thread share the pool).
        options.update(pragmas=pragmas, timeout=timeout_seconds, field_types={"DECIMAL": "TEXT"},
                       check_same_thread=False)
    elif scheme == "postgresql":
        # A statement stuck on a lock or a runaway query ends with an error (503) instead of a hung worker.
        options.update(connect_timeout=timeout_seconds, options=f"-c statement_timeout={statement_timeout_ms}",
                       connection_factory=PreparingConnection)
    else:
        raise ValueError(f"Base de datos no soportada: {scheme} (use sqlite:// o postgresql://)")
    pooled = f"{scheme}+pool://{rest}"
    database_class = _sending_deferred_writes_first(db_url.schemes[f"{scheme}+pool"])
    database = database_class(**{**db_url.parseresult_to_dict(urlparse(pooled)), **options})
    if scheme == "sqlite" and database.database not in ("", ":memory:"):
        database.writer_lock = WriterLock(f"{database.database}-writer", timeout_seconds)
    return database


# -- deferred writes (see the module docstring) ---------------------------------------------------

_waiting = contextvars.ContextVar("waiting_writes", default=None)


@contextlib.contextmanager
def one_round_trip():
    """Defer the writes made inside; a block inside another joins it. If the block raises, they are
    dropped: the transaction around it is rolled back anyway."""
    if _waiting.get() is not None:
        yield
        return
    token = _waiting.set([])
    try:
        yield
        send_waiting(db.obj)
    finally:
        _waiting.reset(token)


def defer(sql, params):
    """Run a write now, or later inside `one_round_trip()`."""
    waiting = _waiting.get()
    if waiting is None:
        db.execute_sql(sql, params)
    else:
        waiting.append((sql, params))


class SendsDeferredWritesFirst:
    """A database whose every statement is preceded by the writes deferred so far.

    On PostgreSQL they travel with that statement, or with the COMMIT, in one round trip: psycopg2 runs
    `w1; w2; statement` in order and keeps the last statement's rows.
    """

    def execute_sql(self, sql, params=None):
        return super().execute_sql(*self._after_waiting(sql, params or ()))

    def commit(self):
        if isinstance(self, SqliteDatabase) or not _waiting.get():
            send_waiting(self)
            return super().commit()
        super().execute_sql(*self._after_waiting("COMMIT", ()))

    def rollback(self):
        take_waiting()  # never sent: what they would have written is rolled back
        return super().rollback()

    def _after_waiting(self, sql, params):
        """(sql, params) with the waiting writes before it: joined on PostgreSQL, each statement prepared
        where it can be; on SQLite, which has no round trips to save, the writes run here, one by one."""
        waiting = take_waiting()
        if isinstance(self, SqliteDatabase):
            for text, values in waiting:
                super().execute_sql(text, values)
            return sql, params
        connection = self.connection()
        statements = [executable(connection, text, values) for text, values in waiting + [(sql, params)]]
        if len(statements) == 1:
            return statements[0]
        return "; ".join(text for text, _ in statements), [value for _, values in statements for value in values]


def take_waiting():
    """The deferred writes, now removed from the queue (an empty list when there are none)."""
    waiting = _waiting.get()
    if not waiting:
        return []
    statements = list(waiting)
    waiting.clear()
    return statements


def send_waiting(database):
    """Send the deferred writes now: the last one carries the others."""
    waiting = take_waiting()
    if waiting:
        _waiting.get().extend(waiting[:-1])
        database.execute_sql(*waiting[-1])


@functools.cache
def _sending_deferred_writes_first(database_class):
    return type(database_class.__name__, (SendsDeferredWritesFirst, database_class), {})


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


ROW_LOCK = "FOR NO KEY UPDATE"
# PostgreSQL's answers to transactions that met head-on: deadlock_detected, serialization_failure. The
# transaction was rolled back whole, so running it again is safe, and usually succeeds at once.
TRANSIENT_CONFLICTS = ("40P01", "40001")


def is_transient_conflict(error):
    """Whether `error` (as peewee raises it, the driver's error inside) is one of TRANSIENT_CONFLICTS."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if getattr(error, "pgcode", None) in TRANSIENT_CONFLICTS:
            return True
        inner = error.args[0] if getattr(error, "args", None) and isinstance(error.args[0], BaseException) else None
        error = inner or error.__cause__ or error.__context__
    return False


def for_update(query):
    """Lock the selected rows until commit where the database supports it.

    `FOR NO KEY UPDATE`, the lock PostgreSQL's own UPDATE of non-key columns takes: other transactions
    can still insert rows that reference the locked ones (a sale's lines, its kardex), whose foreign-key
    checks take `FOR KEY SHARE`. SQLite has no row locks; there the IMMEDIATE write transaction already
    serialises writers.
    """
    return query if is_sqlite() else query.for_update(ROW_LOCK)
