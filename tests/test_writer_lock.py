"""SQLite writers take turns across processes (models/writer_lock.py): the next one gets the turn when
the holder lets go or dies, and nobody waits past the database timeout."""

import multiprocessing
import os
import signal
import threading
import time

import pytest
from peewee import OperationalError

from models import Party
from models.base import db
from models.writer_lock import WriterLock
from tests import examples
from tests.conftest import post
from tests.test_db_faults import fresh
from tests.test_db_faults import unavailable

fork = multiprocessing.get_context("fork")


def hold(path, got_it, let_go):
    with WriterLock(path, 5).held():
        got_it.set()
        let_go.wait(10)


@pytest.fixture
def holder(tmp_path):
    """Another process holding the writer turn of tmp_path/gateway.db until `let_go` is set."""
    got_it, let_go = fork.Event(), fork.Event()
    process = fork.Process(target=hold, args=(f"{tmp_path}/gateway.db-writer", got_it, let_go))
    process.start()
    assert got_it.wait(10)
    process.let_go = let_go
    process.killed = False
    yield process
    # A killed holder may have died waiting on the event: setting it would wait for that sleeper forever.
    if not process.killed:
        let_go.set()
    process.join(10)


def test_the_next_writer_gets_the_turn_when_the_holder_lets_go(tmp_path, holder):
    threading.Timer(0.2, holder.let_go.set).start()
    with WriterLock(f"{tmp_path}/gateway.db-writer", 5).held():
        assert holder.let_go.is_set(), "the turn came only once the holder let go"


def test_a_killed_holder_frees_the_turn(tmp_path, holder):
    holder.killed = True
    os.kill(holder.pid, signal.SIGKILL)
    with WriterLock(f"{tmp_path}/gateway.db-writer", 5).held():
        pass


def test_nobody_waits_past_the_timeout_in_the_main_thread(tmp_path, holder):
    with pytest.raises(OperationalError, match="database is locked"):
        with WriterLock(f"{tmp_path}/gateway.db-writer", 0.2).held():
            pass
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL, "the alarm handler is put back"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_nobody_waits_past_the_timeout_in_another_thread(tmp_path, holder):
    failures = []

    def write():
        try:
            with WriterLock(f"{tmp_path}/gateway.db-writer", 0.2).held():
                pass
        except OperationalError as error:
            failures.append(error)

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(5)
    assert len(failures) == 1


def test_two_threads_of_one_process_take_turns(tmp_path):
    lock = WriterLock(f"{tmp_path}/gateway.db-writer", 5)
    inside, overlaps = [], []

    def write():
        for _ in range(50):
            with lock.held():
                inside.append(1)
                time.sleep(0.0005)  # room for another thread to come in, were the turn not exclusive
                if len(inside) > 1:
                    overlaps.append(len(inside))
                inside.pop()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert overlaps == []


def test_a_request_that_cannot_get_the_turn_is_answered_503_and_writes_nothing(tmp_path, holder):
    app, tenant = fresh(f"sqlite:///{tmp_path}/gateway.db", DB_TIMEOUT_SECONDS=1)
    unavailable(post(app.test_client(), examples.CLIENTE_NUEVO, tenant.key))
    holder.let_go.set()
    holder.join(5)
    with db.connection_context():
        assert Party.select().count() == 0
    assert post(app.test_client(), examples.CLIENTE_NUEVO, tenant.key).status == 201
