"""Prepared statements (models/prepared.py): fixed SQL is prepared per connection once it is due, then
sent as EXECUTE with the same results; a rollback does not lose it; other SQL is sent as it is."""

import peewee
import pytest

from models import Company
from models import prepared
from models import sql
from models.base import db
from models.base import is_sqlite
from models.base import write_transaction


@sql.statement
def company_name_query():
    return f"SELECT {sql.column(Company, 'razon_social')} FROM {sql.table(Company)} WHERE {sql.equal(Company, ['id'])}"


def name_of(company_id):
    return sql.fetch(company_name_query(), [company_id])[0][0]


def test_placeholders_become_numbered_parameters():
    assert prepared.numbered("a = %s AND b IN (%s, %s) AND c LIKE 'x%%'") == "a = $1 AND b IN ($2, $3) AND c LIKE 'x%'"


def test_fixed_sql_is_prepared_once_due_and_answers_the_same(tenant, sent):
    with db.connection_context():
        answers = [name_of(tenant.company.id) for _ in range(prepared.PREPARE_AFTER + 2)]
        connection = db.connection()
        if is_sqlite():
            assert not any(text.startswith("EXECUTE") for text in sent)
            return
        assert company_name_query() in connection.prepared
        names = [row[0] for row in db.execute_sql("SELECT name FROM pg_prepared_statements").fetchall()]
    assert answers == [tenant.company.razon_social] * len(answers)
    assert connection.prepared[company_name_query()] in names
    assert sent[-2].startswith("EXECUTE "), sent  # the last lookups went as EXECUTE


def test_a_prepared_statement_outlives_a_rollback(tenant):
    with db.connection_context():
        for _ in range(prepared.PREPARE_AFTER):
            name_of(tenant.company.id)
        with pytest.raises(peewee.IntegrityError):
            with write_transaction():
                name_of(tenant.company.id)  # prepared on PostgreSQL by now
                db.execute_sql(f'INSERT INTO {sql.table(Company)} ("id") VALUES ({sql.placeholders(1)})', [tenant.company.id])
        assert name_of(tenant.company.id) == tenant.company.razon_social


def test_a_connection_prepares_no_more_than_its_limit_and_other_sql_as_it_is(tenant, sent, monkeypatch):
    monkeypatch.setattr(prepared, "MAX_PER_CONNECTION", 0)
    with db.connection_context():
        for _ in range(prepared.PREPARE_AFTER + 1):
            assert name_of(tenant.company.id) == tenant.company.razon_social
        Company.get_by_id(tenant.company.id)  # peewee's own query text
        assert getattr(db.connection(), "prepared", {}) == {}
    assert not any(text.startswith(("EXECUTE", "PREPARE")) for text in sent)
