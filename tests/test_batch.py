"""`lote`: up to 100 actions, each in its own transaction with its own idempotency key, answered in order."""

import simplejson

from models import Document
from models.base import db
from tests import examples
from tests.conftest import post


def lote(call, acciones, **extra):
    return call("lote", acciones=acciones, **extra)


def test_each_action_answers_in_order_and_a_failure_undoes_only_itself(call, shop):
    reply = lote(call, [
        {"action": "factura-nuevo", **shop.sale()},
        {"action": "factura-nuevo", **shop.sale(detalle=[{"cod_num": 999999}])},
        {"action": "cliente-listar", "cliente_id": shop.ruc_client, "extra": 1},
        {"action": "no-existe"},
        {"action": "boleta-nuevo", **shop.sale("dni")},
    ])
    assert reply.status == 200
    statuses = [item["status"] for item in reply.body]
    assert statuses == [201, 400, 200, 400, 201]
    assert reply.body[0]["respuesta"]["numero"] == "F001-00000001"
    assert reply.body[1]["respuesta"]["codigo"] == 12
    assert reply.body[2]["respuesta"][0]["idempresa"] == shop.ruc_client
    assert reply.body[2]["campos_ignorados"] == ["extra"]
    assert reply.body[3]["respuesta"]["codigo"] == 30
    assert reply.body[4]["respuesta"]["numero"] == "B001-00000001"
    with db.connection_context():
        assert Document.select().count() == 2
    # The failed factura burnt no number.
    assert call("factura-nuevo", **shop.sale()).body["numero"] == "F001-00000002"


def test_idempotency_key_per_action(call, shop):
    items = [{"action": "factura-nuevo", "idempotency_key": "caja1-000001", **shop.sale()},
             {"action": "factura-nuevo", "idempotency_key": "caja1-000002", **shop.sale()}]
    first = lote(call, items)
    again = lote(call, items)
    assert [i["status"] for i in first.body] == [201, 201]
    assert again.body == first.body  # the retry after working offline bills nothing twice
    with db.connection_context():
        assert Document.select().count() == 2
    other = lote(call, [{**items[0], "factura_observaciones": "otra"}])
    assert other.body[0]["status"] == 422 and other.body[0]["respuesta"]["codigo"] == 14
    bad = lote(call, [{**items[0], "idempotency_key": "ñ"}])
    assert bad.body[0]["status"] == 400 and "idempotency_key" in bad.body[0]["respuesta"]["error"]


def test_limits_and_shape(call):
    assert lote(call, []).body["campos"] == {"acciones": ["Debe tener entre 1 y 100 acciones; se recibieron 0."]}
    many = [{"action": "cliente-listar"}] * 101
    assert lote(call, many).body["codigo"] == 11
    assert lote(call, "x").body["codigo"] == 11
    nested = lote(call, [{"action": "lote", "acciones": [{"action": "cliente-listar"}]}, 5])
    assert [i["status"] for i in nested.body] == [400, 400]
    assert "otro lote" in nested.body[0]["respuesta"]["error"]


def test_each_action_counts_against_the_rate_limit_and_permissions(app, client, tenant):
    from models import ApiKey

    with db.connection_context():
        ApiKey.update(rate_limit=3, permissions="cliente-*,lote").execute()
    reply = post(client, {"action": "lote", "acciones": [{"action": "cliente-listar"}] * 4
                          + [{"action": "producto-listar"}]}, tenant.key)
    assert [i["status"] for i in reply.body] == [200, 200, 200, 429, 403]  # permission before rate
    assert post(client, {"action": "cliente-listar"}, tenant.key).status == 429
    with db.connection_context():
        ApiKey.update(rate_limit=0).execute()
    reply = post(client, {"action": "lote", "acciones": [{"action": "producto-listar"}]}, tenant.key)
    assert reply.body[0]["status"] == 403 and reply.body[0]["respuesta"]["codigo"] == 21


def test_a_whole_lote_is_exact_json(client, tenant):
    response = client.post("/api", data=simplejson.dumps({"action": "lote", "acciones": [
        {"action": "cliente-nuevo", **examples.CLIENTE_NUEVO}]}), headers={"Key": tenant.key})
    assert response.status_code == 200
    assert response.get_json() == [{"status": 201, "respuesta": {"respuesta": "Se registró con éxito", "id": 1,
                                                                 "idpersonal": 1, "idsucursal": 1}}]


def test_a_lote_reaches_only_the_keys_company(client, tenant, other_tenant):
    created = post(client, examples.CLIENTE_NUEVO, tenant.key).body
    reply = post(client, {"action": "lote", "acciones": [
        {"action": "cliente-editar", "cliente_id": created["id"], "cliente_nombre": "X"},
        {"action": "cliente-listar", "cliente_id": created["id"]}]}, other_tenant.key)
    assert reply.body[0]["status"] == 400 and reply.body[0]["respuesta"]["codigo"] == 12
    assert reply.body[1] == {"status": 200, "respuesta": []}
