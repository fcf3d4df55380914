"""One SQLite writer at a time across worker processes, handed over the moment it is free.

SQLite lets one connection write; the others wait in its busy handler, which sleeps 1, 2, 5, 10… ms
between tries, so with several gunicorn workers a waiting writer often sleeps on long after the lock
was released (bench/README.md: +16 % cliente-nuevo, +30 % factura-nuevo with 2 workers). Writers
first take an exclusive flock on a file beside the database: the kernel queues them and wakes the
next one at once. The kernel also drops the lock when its holder dies, so a killed worker never
blocks the others. The wait is bounded by the database timeout and then fails as SQLite's own busy
timeout does (OperationalError, answered 503). SQLite's lock still guards writers that do not take
this one (the sqlite3 shell, another program).
"""

import contextlib
import fcntl
import os
import signal
import threading
import time

from peewee import OperationalError

POLL_SECONDS = 0.001  # outside the main thread, where no alarm can bound a blocking wait


class TimedOut(Exception):
    pass


class WriterLock:
    def __init__(self, path, timeout_seconds):
        self.path = path
        self.timeout_seconds = timeout_seconds
        # A descriptor per process and thread: flock holders are open files, and a descriptor
        # inherited across fork, or shared by threads, would let two writers hold it at once.
        self._local = threading.local()

    @contextlib.contextmanager
    def held(self):
        descriptor = self._descriptor()
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._wait(descriptor)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)

    def _descriptor(self):
        owner = (os.getpid(), threading.get_ident())
        if getattr(self._local, "owner", None) != owner:
            self._local.descriptor = os.open(self.path, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o600)
            self._local.owner = owner
        return self._local.descriptor

    def _wait(self, descriptor):
        if threading.current_thread() is threading.main_thread():
            self._block(descriptor)
        else:
            self._poll(descriptor)

    def _block(self, descriptor):
        """Sleep in flock until the lock is ours, or until SIGALRM says the timeout has passed."""
        previous_handler = signal.signal(signal.SIGALRM, _time_out)
        previous_timer = signal.setitimer(signal.ITIMER_REAL, self.timeout_seconds)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except TimedOut:
            # The alarm may have come just after flock returned: letting go is harmless if it did not.
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            raise self._locked() from None
        finally:
            signal.signal(signal.SIGALRM, previous_handler)
            if previous_timer[0]:
                signal.setitimer(signal.ITIMER_REAL, *previous_timer)

    def _poll(self, descriptor):
        deadline = time.monotonic() + self.timeout_seconds
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise self._locked() from None
                time.sleep(POLL_SECONDS)

    def _locked(self):
        return OperationalError(f"database is locked: no write turn within {self.timeout_seconds} s")


def _time_out(signum, frame):
    raise TimedOut()
