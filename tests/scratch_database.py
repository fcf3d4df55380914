"""A PostgreSQL database of one's own for a test run or a benchmark: created on first use, dropped at exit.

Two runs at once on one server (two developers, CI beside a benchmark) then never see each other's rows
nor wait on each other's locks. The server is named by a URL whose database is only used to connect
(`postgresql://postgres@127.0.0.1:5432/test`); each run creates `gateway_scratch_<pid>_<random>` beside
it. A run killed before it could drop its database leaves it behind; the next run drops every scratch
database whose process is gone.
"""

import atexit
import os
import re
import uuid
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

import psycopg2

PREFIX = "gateway_scratch_"
NAME = re.compile(rf"^{PREFIX}(\d+)_[0-9a-f]+$")


def with_database(url, name):
    """`url` naming database `name` instead."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def reachable(server_url):
    """None when the server answers, else why not."""
    try:
        psycopg2.connect(server_url, connect_timeout=3).close()
        return None
    except psycopg2.Error as error:
        return str(error).strip()


class ScratchDatabase:
    """One scratch database on the server of `server_url`, made when `url()` is first asked for."""

    def __init__(self, server_url):
        self.server_url = server_url
        self.name = None

    def url(self):
        if self.name is None:
            self.name = f"{PREFIX}{os.getpid()}_{uuid.uuid4().hex[:8]}"
            with self._admin() as cursor:
                drop_abandoned(cursor)
                cursor.execute(f'CREATE DATABASE "{self.name}"')
            atexit.register(self.drop)
        return with_database(self.server_url, self.name)

    def recreate(self):
        """Empty it by dropping and creating it again (a benchmark's fresh start); returns its URL."""
        if self.name is not None:
            with self._admin() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{self.name}"')
        return self.url()

    def drop(self):
        if self.name is None or os.getpid() != int(NAME.match(self.name).group(1)):
            return  # a forked child must not drop its parent's database
        try:
            with self._admin() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        except psycopg2.Error:
            pass  # the next run drops it as abandoned
        self.name = None

    def _admin(self):
        return _Autocommit(self.server_url)


class _Autocommit:
    def __init__(self, url):
        self.url = url

    def __enter__(self):
        self.connection = psycopg2.connect(self.url, connect_timeout=5)
        self.connection.autocommit = True
        self.cursor = self.connection.cursor()
        return self.cursor

    def __exit__(self, *exc):
        self.connection.close()


def drop_abandoned(cursor):
    """Drop the scratch databases of processes that no longer run on this machine."""
    cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{PREFIX}%"])
    for (name,) in cursor.fetchall():
        match = NAME.match(name)
        if match and not os.path.exists(f"/proc/{match.group(1)}"):
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
