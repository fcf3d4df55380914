"""Deferred writes (models/base.py `one_round_trip`): sent before any later statement, so every read
sees them; sent together when the block ends or with the COMMIT (one round trip on PostgreSQL); dropped
if it raises or the transaction rolls back; a deferred write that fails fails the commit."""

import peewee
import pytest

from models import LiveCount
from models.base import db
from models.base import is_sqlite
from models.base import one_round_trip
from models.base import write_transaction
from models.bulk import insert_rows
from models.counts import adjust
from models.counts import live_count


class Boom(Exception):
    pass


def test_a_later_read_sees_the_writes_deferred_before_it(tenant):
    company = tenant.company.id
    with db.connection_context(), write_transaction(), one_round_trip():
        adjust(company, "cliente", +5)
        assert live_count(company, "cliente") == 5  # a peewee query: the deferred UPDATE went first
        adjust(company, "cliente", +1)
    with db.connection_context():
        assert live_count(company, "cliente") == 6


def test_the_deferred_writes_go_together_when_the_block_ends(tenant, sent):
    company = tenant.company.id
    with db.connection_context(), write_transaction():
        sent.clear()
        with one_round_trip():
            for entity in ("cliente", "proveedor", "producto"):
                adjust(company, entity, +1)
            assert sent == [], "nothing is sent before the block ends"
        assert len(sent) == (3 if is_sqlite() else 1), sent
    with db.connection_context():
        assert [live_count(company, e) for e in ("cliente", "proveedor", "producto")] == [1, 1, 1]


def test_nothing_deferred_is_sent_when_the_block_raises(tenant):
    company = tenant.company.id
    with db.connection_context():
        with pytest.raises(Boom):
            with write_transaction(), one_round_trip():
                adjust(company, "cliente", +1)
                raise Boom()
        with write_transaction(), one_round_trip():
            pass  # the next block starts with nothing waiting
        assert live_count(company, "cliente") == 0


def test_outside_a_block_a_write_runs_at_once(tenant):
    company = tenant.company.id
    with db.connection_context(), write_transaction():
        adjust(company, "factura", +2)
        assert live_count(company, "factura") == 2


def test_the_writes_travel_with_the_commit(tenant, sent):
    company = tenant.company.id
    with db.connection_context():
        with one_round_trip(), write_transaction():
            for entity in ("cliente", "proveedor", "producto"):
                adjust(company, entity, +1)
            sent.clear()
        if is_sqlite():
            assert len(sent) == 3  # one at a time, then peewee's own COMMIT
        else:
            assert len(sent) == 1 and sent[0].endswith("; COMMIT"), sent
        assert [live_count(company, e) for e in ("cliente", "proveedor", "producto")] == [1, 1, 1]


def test_a_read_carries_the_writes_before_it_on_postgresql(tenant, sent):
    company = tenant.company.id
    with db.connection_context(), one_round_trip(), write_transaction():
        adjust(company, "cliente", +3)
        sent.clear()
        assert live_count(company, "cliente") == 3
        assert len(sent) == (2 if is_sqlite() else 1), sent


def test_a_rollback_drops_what_is_waiting(tenant):
    company = tenant.company.id
    with db.connection_context(), one_round_trip():
        with pytest.raises(Boom):
            with write_transaction():
                adjust(company, "cliente", +1)
                raise Boom()
        with write_transaction():
            adjust(company, "cliente", +2)  # the next transaction sends only its own write
    with db.connection_context():
        assert live_count(company, "cliente") == 2


def test_a_deferred_write_that_fails_fails_the_commit_and_nothing_is_kept(tenant):
    company = tenant.company.id
    with db.connection_context():
        with pytest.raises(peewee.IntegrityError):
            with one_round_trip(), write_transaction():
                adjust(company, "cliente", +1)
                insert_rows(LiveCount, [{"company": company, "entity": "cliente", "live": 9}])  # duplicate
        assert live_count(company, "cliente") == 0  # and the connection is usable again
