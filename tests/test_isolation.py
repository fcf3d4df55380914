"""Tenant isolation, generated from the registry: company B's key on company A's ids answers 12, changes
nothing, and B's listings never show A's records.

Every registered action is examined: the fields that name a record are filled with A's ids, the other
required fields with a sample value. An action whose required field has no sample fails loudly here, so
a new action cannot be registered without being covered.
"""

import pytest

from tests import examples
from tests.conftest import post

# Fields that reference a record, and which of company A's records they name.
ID_FIELDS = {
    "cliente_id": "client", "proveedor_id": "supplier", "producto_id": "product",
    "factura_id": "document", "factura_cliente": "client", "factura_idcontacto": "contact",
    "cod_num": "code",
    "id": "document",  # fesunat-*: a document of the kind `tipodoc` names
}
B_CODE = 77777777


def sample_values(a):
    return {
        "factura_estado": 1, "factura_idmoneda": 1, "cantidad": 1,
        "detalle": [{"cod_num": B_CODE}],
        "factura_idcontacto": a["contact"],
        "tipodoc": 1,
    }


@pytest.fixture
def world(client, tenant, other_tenant):
    def as_a(payload):
        reply = post(client, payload, tenant.key)
        assert reply.status in (200, 201), reply.body
        return reply.body

    created = as_a(examples.CLIENTE_NUEVO)
    supplier = as_a({**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC})
    product = as_a({"action": "producto-nuevo", "cod_num": 12345678, "producto_nombre": "A", "producto_precio": 10})
    as_a({"action": "inventario-ingreso", "cod_num": 12345678, "cantidad": 5, "costo": 1})
    documents = {}
    for slug in ("factura", "boleta", "nota"):
        body = as_a({"action": f"{slug}-nuevo", "factura_estado": 1, "factura_cliente": created["id"],
                     "factura_idmoneda": 1, "factura_idcontacto": created["idpersonal"],
                     "detalle": [{"cod_num": 12345678}]})
        documents[slug] = int(body["id"])
    reply = post(client, {"action": "producto-nuevo", "cod_num": B_CODE, "producto_nombre": "B",
                          "producto_precio": 1}, other_tenant.key)
    assert reply.status == 201
    return {"client": created["id"], "contact": created["idpersonal"], "supplier": supplier["id"],
            "product": product["id"], "code": 12345678, "documents": documents}


def payload_for(name, entry, a):
    """B's attempt at `name` on A's records, or None when the action names no record."""
    samples = sample_values(a)
    payload = {"action": name}
    names_a_record = False
    for field_name, field in entry.schema.load_fields.items():
        # In a creation an optional code defines a record of B's own (producto-nuevo's cod_num).
        defines = name.endswith("-nuevo") and not field.required
        if field_name in ID_FIELDS and not defines:
            target = ID_FIELDS[field_name]
            documents = a["documents"]
            payload[field_name] = (documents.get(name.split("-")[0], documents["factura"])
                                   if target == "document" else a[target])
            names_a_record = True
    if not names_a_record:
        return None
    partial = entry.schema.partial if isinstance(entry.schema.partial, tuple) else ()
    for field_name, field in entry.schema.load_fields.items():
        if field.required and field_name not in partial and field_name not in payload:
            assert field_name in samples, f"{name}: add a sample value for required field {field_name!r}"
            payload[field_name] = samples[field_name]
    return payload


def snapshot(client, app, key, a):
    """Everything company A can list, as A sees it."""
    registry = app.extensions["gateway.registry"]
    views = {}
    for name in sorted(registry):
        if name.endswith("-listar"):
            extra = {"cod_num": a["code"]} if name == "kardex-listar" else {}
            views[name] = post(client, {"action": name, **extra}, key).body
    return views


def test_company_b_cannot_reach_company_a(app, client, tenant, other_tenant, world):
    registry = app.extensions["gateway.registry"]
    before = snapshot(client, app, tenant.key, world)
    checked = []
    for name, entry in sorted(registry.items()):
        payload = payload_for(name, entry, world)
        if payload is None:
            continue
        reply = post(client, payload, other_tenant.key)
        requires_a_record = any(f.required for n, f in entry.schema.load_fields.items() if n in ID_FIELDS)
        if not requires_a_record:  # a listing filtered by A's id: empty, as if it did not exist
            assert (reply.status, reply.body) == (200, []), name
            assert reply.headers["X-Total-Count"] == "0", name
        else:  # the action needs that record: it is not found in B's company
            assert (reply.status, reply.body["codigo"]) == (400, 12), (name, reply.body)
            assert reply.body["error"].startswith("No se encontró"), name
        checked.append(name)
    assert snapshot(client, app, tenant.key, world) == before, "nothing of A changed"
    # Every action that names a record was tried; only pure creations have nothing to name.
    assert set(registry) - set(checked) == {"cliente-nuevo", "proveedor-nuevo", "producto-nuevo"}


def test_listings_without_filters_show_only_the_keys_company(app, client, tenant, other_tenant, world):
    for name in sorted(app.extensions["gateway.registry"]):
        if name.endswith("-listar") and name != "kardex-listar":
            records = post(client, {"action": name}, other_tenant.key).body
            own = [r for r in records if r.get("sis_empresa", other_tenant.company.id) != other_tenant.company.id]
            assert own == [], name
            assert all(r.get("cod_num") in (None, B_CODE) for r in records), name
    assert [p["cod_num"] for p in post(client, {"action": "producto-listar"}, other_tenant.key).body] == [B_CODE]
