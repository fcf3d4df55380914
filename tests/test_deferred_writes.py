"""Deferred writes (models/base.py `one_round_trip`): sent before any later statement, so every read
sees them; sent together when the block ends (one round trip on PostgreSQL); dropped if it raises."""

import peewee
import pytest

from models.base import db
from models.base import is_sqlite
from models.base import one_round_trip
from models.base import write_transaction
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


def test_the_deferred_writes_go_together_when_the_block_ends(tenant, monkeypatch):
    company = tenant.company.id
    sent = []
    plain = peewee.Database.execute_sql

    def counting(self, sql, params=None):
        sent.append(sql)
        return plain(self, sql, params)

    with db.connection_context(), write_transaction():
        monkeypatch.setattr(peewee.Database, "execute_sql", counting)
        with one_round_trip():
            for entity in ("cliente", "proveedor", "producto"):
                adjust(company, entity, +1)
            assert sent == [], "nothing is sent before the block ends"
        monkeypatch.undo()
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
