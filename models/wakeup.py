"""Waking the SUNAT worker the moment a document is queued, instead of at its next poll.

PostgreSQL: the queueing transaction runs `NOTIFY gateway_sunat`, delivered when it commits, and the
worker LISTENs on a connection of its own, waiting on its socket. SQLite (one machine): the worker
watches `PRAGMA data_version`, which changes whenever another connection commits; reading it touches
shared memory only, so looking every 20 ms costs nothing measurable.
"""

import select
import time

from models.base import db
from models.base import defer
from models.base import is_sqlite

CHANNEL = "gateway_sunat"
SQLITE_LOOK_SECONDS = 0.02


def announce():
    """Inside a transaction that queued work: wake the workers when it commits (PostgreSQL). Deferred:
    it travels with the COMMIT, costing no round trip of its own."""
    if not is_sqlite():
        defer(f"NOTIFY {CHANNEL}", ())


class Waiter:
    """wait(timeout) returns early when work may have been queued since the last call."""

    def __init__(self):
        self.connection = db.obj._connect()  # its own connection, outside the pool
        if is_sqlite():
            self.version = self._data_version()
        else:
            self.connection.autocommit = True
            with self.connection.cursor() as cursor:
                cursor.execute(f"LISTEN {CHANNEL}")

    def _data_version(self):
        return self.connection.execute("PRAGMA data_version").fetchone()[0]

    def wait(self, timeout):
        deadline = time.monotonic() + max(timeout, 0)
        if is_sqlite():
            while True:
                version = self._data_version()
                if version != self.version:
                    self.version = version
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                time.sleep(min(SQLITE_LOOK_SECONDS, left))
        woken = bool(self.connection.notifies)
        if not woken and select.select([self.connection], [], [], max(timeout, 0))[0]:
            self.connection.poll()
        woken = woken or bool(self.connection.notifies)
        self.connection.notifies.clear()
        return woken

    def close(self):
        self.connection.close()
