"""Key security: only hashes stored, permissions (21), rate limits (22), last use written sparingly."""

import datetime

import pytest

from app import create_app
from models import MODELS
from models import ApiKey
from models import create_tables
from models.base import db
from tests import examples
from tests.conftest import make_tenant
from tests.conftest import post


def set_key(tenant, **values):
    with db.connection_context():
        ApiKey.update(**values).where(ApiKey.prefix == tenant.key[:8]).execute()


def test_the_database_holds_no_key_in_clear(client, tenant, call):
    call(**examples.CLIENTE_NUEVO)
    with db.connection_context():
        for model in MODELS:
            for row in model.select().tuples():
                assert not any(tenant.key in str(value) for value in row), model


def test_permissions_limit_a_key_to_action_patterns(client, tenant, call):
    set_key(tenant, permissions="cliente-*,*-listar")
    assert call(**examples.CLIENTE_NUEVO).status == 201
    assert call("producto-listar").status == 200
    refused = call("producto-nuevo", producto_nombre="X", producto_precio=1)
    assert (refused.status, refused.body["codigo"]) == (403, 21)
    assert refused.body["error"] == (f"La clave no tiene permiso para esta acción: la clave {tenant.key[:8]}… no "
                                     "puede ejecutar 'producto-nuevo'; pida al administrador que amplíe sus permisos")
    set_key(tenant, permissions="")
    assert call("producto-nuevo", producto_nombre="X", producto_precio=1).status == 201


def test_an_unknown_action_is_still_30_for_a_limited_key(call, tenant):
    set_key(tenant, permissions="cliente-*")
    assert call("cliente-borrar").body["codigo"] == 30


@pytest.mark.parametrize("storage", ["memory", "database"])
def test_a_rate_limit_answers_22_with_retry_after(database_url, storage):
    app = create_app({"DATABASE_URL": database_url, "RATE_LIMIT_STORAGE": storage, "LOG_LEVEL": "WARNING"})
    create_tables()
    tenant = make_tenant()
    set_key(tenant, rate_limit=3)
    client = app.test_client()
    replies = [post(client, {"action": "cliente-listar"}, tenant.key) for _ in range(5)]
    assert [r.status for r in replies] == [200, 200, 200, 429, 429]
    assert replies[3].body["codigo"] == 22
    assert 1 <= int(replies[3].headers["Retry-After"]) <= 61
    other = make_tenant("20100070970", "OTRA")
    assert post(client, {"action": "cliente-listar"}, other.key).status == 200, "limits are per key"


def test_the_database_counter_is_shared_by_workers(database_url):
    """Two apps (as two worker processes would) counting one key in the database share its budget."""
    first = create_app({"DATABASE_URL": database_url, "RATE_LIMIT_STORAGE": "database", "LOG_LEVEL": "WARNING"})
    create_tables()
    tenant = make_tenant()
    set_key(tenant, rate_limit=4)
    second = create_app({"DATABASE_URL": database_url, "RATE_LIMIT_STORAGE": "database", "LOG_LEVEL": "WARNING"})
    statuses = [post(app.test_client(), {"action": "cliente-listar"}, tenant.key).status
                for app in (first, second, first, second, first)]
    assert statuses == [200, 200, 200, 200, 429]


def test_last_use_is_written_at_most_once_a_minute(client, tenant, call):
    call("cliente-listar")
    with db.connection_context():
        first = ApiKey.get().last_used_at
    call("cliente-listar")
    with db.connection_context():
        assert ApiKey.get().last_used_at == first
    set_key(tenant, last_used_at=first - datetime.timedelta(minutes=2))
    call("cliente-listar")
    with db.connection_context():
        assert ApiKey.get().last_used_at >= first


def test_cli_sets_permissions_and_rate_limits(app, tenant):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["key", "permissions", tenant.key[:8], "cliente-*, *-listar"]).exit_code == 0
    assert runner.invoke(args=["key", "rate-limit", tenant.key[:8], "30"]).exit_code == 0
    listing = runner.invoke(args=["key", "list"]).output
    assert "permisos: cliente-*,*-listar" in listing and "límite: 30/min" in listing
    assert runner.invoke(args=["key", "permissions", tenant.key[:8]]).exit_code == 0
    assert "permisos: todas" in runner.invoke(args=["key", "list"]).output
