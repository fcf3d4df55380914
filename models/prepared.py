"""Server-side prepared statements for the fixed SQL of the hot path (PostgreSQL).

PostgreSQL spends 40–160 µs parsing and planning each statement a sale sends, often more than running
it. The text `models.sql.statement` writes is fixed (values are always parameters), so a connection
prepares it once, the third time this process runs it, and from then on sends `EXECUTE name(values)`.
Prepared statements belong to the connection and outlive a rollback; each pooled connection keeps
the set it has prepared. Text written any other way (peewee's own queries) is sent as it is.

What this assumes:
- A connection is one PostgreSQL session for its whole life: a pooler in front of PostgreSQL must keep
  sessions (pgbouncer's session mode), since in transaction mode an `EXECUTE` may reach a server
  connection that never saw its `PREPARE`.
- The schema of a prepared statement's tables does not change under a running process (PostgreSQL
  re-plans after most changes, but a column's type change makes `EXECUTE` fail until reconnect).
- Statement names are per process (`gateway_<n>`), the same text keeping the same name on every
  connection of that process.
"""

import itertools
import re
import threading
from collections import Counter

import psycopg2.extensions
from peewee import __exception_wrapper__

PREPARE_AFTER = 3  # uses in this process: one-off statements are not worth a round trip to prepare
MAX_PER_CONNECTION = 256  # texts differ by row count (IN lists, multi-row VALUES); memory stays bounded

_names = {}  # text → statement name, the same on every connection of this process
_uses = Counter()
_lock = threading.Lock()
_numbers = itertools.count(1)


class Fixed(str):
    """SQL text written once per process and database kind, with %s parameters: it may be prepared."""


class PreparingConnection(psycopg2.extensions.connection):
    """A psycopg2 connection that remembers the statements prepared on it (text → name)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared = {}


def executable(connection, sql, params):
    """(sql, params) to send on `connection`: `EXECUTE name(…)` when `sql` is prepared there, preparing it
    first when it is due. Anything else comes back unchanged."""
    name = getattr(connection, "prepared", {}).get(sql) if isinstance(sql, Fixed) else None
    if name is None:
        if not isinstance(sql, Fixed) or not _due(connection, sql):
            return sql, params
        name = _prepare(connection, sql)
    arguments = f"({', '.join(['%s'] * len(params))})" if params else ""
    return f"EXECUTE {name}{arguments}", params


def _due(connection, sql):
    with _lock:
        _uses[sql] += 1
        return _uses[sql] >= PREPARE_AFTER and len(getattr(connection, "prepared", ())) < MAX_PER_CONNECTION


def _prepare(connection, sql):
    with _lock:
        name = _names.get(sql) or _names.setdefault(sql, f"gateway_{next(_numbers)}")
    with __exception_wrapper__, connection.cursor() as cursor:
        cursor.execute(f"PREPARE {name} AS {numbered(sql)}")
    connection.prepared[sql] = name  # only once PREPARE succeeded: it survives a later rollback
    return name


def numbered(sql):
    """psycopg2's `%s` placeholders as PostgreSQL's `$1, $2…` (and `%%` as `%`)."""
    counter = itertools.count(1)
    return re.sub(r"%[s%]", lambda match: f"${next(counter)}" if match.group() == "%s" else "%", sql)
