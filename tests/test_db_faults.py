"""A database that is locked, full, slow or gone: code 40, HTTP 503, Retry-After, no partial write,
and the next request works once the database is back."""

import sqlite3

import psycopg2
import pytest

from app import create_app
from models import Party
from models import create_tables
from models.base import db
from tests import examples
from tests.conftest import postgres_url
from tests.conftest import make_tenant
from tests.conftest import post


def unavailable(reply):
    assert (reply.status, reply.body["codigo"]) == (503, 40), reply.body
    assert "la base de datos no está disponible" in reply.body["error"]
    assert reply.headers["Retry-After"] == "5"


def parties():
    with db.connection_context():
        return Party.select().count()


def fresh(database_url, **config):
    app = create_app({"DATABASE_URL": database_url, "LOG_LEVEL": "CRITICAL", **config})
    create_tables()
    return app, make_tenant()


def test_sqlite_locked_past_its_timeout(tmp_path):
    url = f"sqlite:///{tmp_path}/gateway.db"
    app, tenant = fresh(url, DB_TIMEOUT_SECONDS=1)
    holder = sqlite3.connect(tmp_path / "gateway.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    unavailable(post(app.test_client(), examples.CLIENTE_NUEVO, tenant.key))
    holder.execute("ROLLBACK")
    holder.close()
    assert parties() == 0, "nothing half-written"
    assert post(app.test_client(), examples.CLIENTE_NUEVO, tenant.key).status == 201
    assert parties() == 1


def test_sqlite_disk_full(tmp_path):
    url = f"sqlite:///{tmp_path}/gateway.db"
    app, tenant = fresh(url)
    pages = sqlite3.connect(tmp_path / "gateway.db").execute("PRAGMA page_count").fetchone()[0]
    # SQLite's own limit gives the same SQLITE_FULL a full disk gives.
    full, _ = fresh(url, SQLITE_PRAGMAS={"max_page_count": pages})
    many = {**examples.CLIENTE_NUEVO, "cliente_descripcion": "x" * 1000}
    replies = [post(full.test_client(), {**many, "cliente_idtipo_documento": 2,
                                         "cliente_num_doc": f"{10000000 + n}"}, tenant.key) for n in range(40)]
    failed = [r for r in replies if r.status != 201]
    assert failed, "the database filled up"
    unavailable(failed[0])
    stored = parties()
    assert stored == sum(r.status == 201 for r in replies), "each request took full effect or none"
    roomy = create_app({"DATABASE_URL": url, "LOG_LEVEL": "CRITICAL"})
    assert post(roomy.test_client(), examples.CLIENTE_NUEVO, tenant.key).status == 201


def test_postgresql_unreachable():
    app = create_app({"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/test", "DB_TIMEOUT_SECONDS": 2,
                      "LOG_LEVEL": "CRITICAL"})
    client = app.test_client()
    unavailable(post(client, {"action": "cliente-listar"}, "6507c11d131abcb728652224fccfde8e"))
    health = client.get("/health")
    assert (health.status_code, health.get_json()["codigo"]) == (503, 40)


@pytest.fixture
def postgres(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL-only fault")
    return database_url


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgresql_statement_timeout_on_a_lock(postgres):
    app, tenant = fresh(postgres, DB_STATEMENT_TIMEOUT_MS=500)
    holder = psycopg2.connect(postgres_url())
    cursor = holder.cursor()
    cursor.execute("LOCK TABLE party IN ACCESS EXCLUSIVE MODE")
    unavailable(post(app.test_client(), examples.CLIENTE_NUEVO, tenant.key))
    holder.rollback()
    holder.close()
    assert parties() == 0
    assert post(app.test_client(), examples.CLIENTE_NUEVO, tenant.key).status == 201


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgresql_connections_dropped_under_the_pool(postgres):
    """As after a database restart: the pooled connections are dead; at most one request notices."""
    app, tenant = fresh(postgres)
    client = app.test_client()
    assert post(client, {"action": "cliente-listar"}, tenant.key).status == 200
    killer = psycopg2.connect(postgres_url())
    killer.autocommit = True
    killer.cursor().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    killer.close()
    first = post(client, examples.CLIENTE_NUEVO, tenant.key)
    if first.status != 201:
        unavailable(first)
    assert post(client, examples.CLIENTE_NUEVO, tenant.key).status in (201, 400)
    assert parties() == 1, "exactly one client, whichever request made it"


def conflicting_registry(fail_times, code):
    """A private registry whose one action writes a client, then has PostgreSQL raise SQLSTATE `code` on its
    first `fail_times` runs (as a deadlock between two real transactions does)."""
    from actions import Registry
    from schemas.base import ActionSchema
    from schemas.fields import String

    registry, runs = Registry(), []

    class Schema(ActionSchema):
        nombre = String(required=True)

    @registry.action("prueba-nuevo", schema=Schema())
    def create(data, ctx):
        runs.append(data["nombre"])
        Party.create(company=ctx.company.id, kind=1, name=data["nombre"], doc_type=2, doc_number="12345678", code="x")
        if len(runs) <= fail_times:
            db.execute_sql(f"DO $$ BEGIN RAISE EXCEPTION 'choque' USING ERRCODE = '{code}'; END $$")
        return {"respuesta": "ok", "id": len(runs)}

    return registry, runs


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("code", ["40P01", "40001"])
def test_a_transaction_postgresql_rolls_back_for_a_conflict_runs_again(postgres, code):
    """deadlock_detected or serialization_failure: the whole transaction is run again, its first writes gone."""
    registry, runs = conflicting_registry(2, code)
    app, tenant = fresh(postgres, REGISTRY=registry)
    reply = post(app.test_client(), {"action": "prueba-nuevo", "nombre": "A"}, tenant.key)
    assert (reply.status, reply.body) == (201, {"respuesta": "ok", "id": 3})
    assert runs == ["A", "A", "A"] and parties() == 1, "two rolled-back attempts, one committed"


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_conflict_that_persists_is_503_and_other_errors_are_not_retried(postgres):
    registry, runs = conflicting_registry(99, "40P01")
    app, tenant = fresh(postgres, REGISTRY=registry)
    unavailable(post(app.test_client(), {"action": "prueba-nuevo", "nombre": "A"}, tenant.key))
    assert len(runs) == 3 and parties() == 0
    registry, runs = conflicting_registry(1, "23505")  # unique_violation: a real error, answered at once
    app, tenant = fresh(postgres, REGISTRY=registry)
    assert post(app.test_client(), {"action": "prueba-nuevo", "nombre": "A"}, tenant.key).status >= 500
    assert len(runs) == 1
