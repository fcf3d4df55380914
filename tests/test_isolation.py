"""Tenant isolation, generated from the registry: company B's key on company A's records answers 12, changes
nothing, and B's listings never show A's records.

Every registered action is examined. Its schema says which fields name a record (`schemas.fields.Reference`
and what it names); those are filled with A's records, the other required fields with a sample value made
from the field's type. A new action needs nothing here; a new kind of record needs one of A's in `world`.
"""

import datetime

import pytest

from schemas.batch import Batch
from schemas.fields import Boolean
from schemas.fields import Date
from schemas.fields import Integer
from schemas.fields import Lines
from schemas.fields import Numeric
from schemas.fields import Reference
from schemas.fields import String
from tests import examples
from tests.conftest import post


def sample(field, records):
    """A valid value for a required field that names no record (a list's items may name A's records)."""
    if "example" in field.metadata:  # a field with a format says what a valid value looks like
        return field.metadata["example"]
    if isinstance(field, Integer):
        return sorted(field.choices)[0] if field.choices else max(field.minimum, 1)
    if isinstance(field, Numeric):
        return max(field.minimum or 0, 0) + 1
    if isinstance(field, String):
        if getattr(field, "choices", None):  # a catalogue code (a note's reason)
            return sorted(field.choices)[0]
        return "x" * max(field.min_length, 1)
    if isinstance(field, Date):
        return datetime.date.today().isoformat()
    if isinstance(field, Boolean):
        return False
    if isinstance(field, Lines):
        return [payload_fields(field.schema, records, defining=False)[0]]
    if isinstance(field, Batch):  # each action in a lote is dispatched as if alone: test_batch.py checks it
        return [{"action": "cliente-listar"}]
    raise AssertionError(f"no sample for {type(field).__name__}: add one here")


def payload_fields(schema, records, defining):
    """(the schema's required fields filled in, whether any field names one of A's records)."""
    payload, names_a_record = {}, False
    partial = schema.partial if isinstance(schema.partial, tuple) else ()
    for name, field in schema.load_fields.items():
        # A record named by one of two fields (a note's document by id or by number) is named by id here.
        required = (field.required or bool(getattr(field, "alternative", None))) and name not in partial
        if isinstance(field, Reference) and not (defining and not required):
            # In a creation an optional code defines a record of B's own (producto-nuevo's cod_num).
            assert field.names in records, f"{name}: the world has no record of A's that is a {field.names!r}"
            payload[name] = records[field.names]
            names_a_record = True
        elif required:
            payload[name] = sample(field, records)
    return payload, names_a_record


@pytest.fixture
def world(client, tenant, other_tenant):
    """One record of each kind in company A: what A's references name, by `Reference.names`."""
    def as_a(payload):
        reply = post(client, payload, tenant.key)
        assert reply.status in (200, 201), reply.body
        return reply.body

    created = as_a(examples.CLIENTE_NUEVO)
    supplier = as_a({**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC})
    product = as_a({"action": "producto-nuevo", "cod_num": 12345678, "producto_nombre": "A", "producto_precio": 10})
    as_a({"action": "inventario-ingreso", "cod_num": 12345678, "cantidad": 5, "costo": 1})
    bill = as_a({"action": "compra-nuevo", "compra_proveedor": supplier["id"], "compra_numero": "F001-1",
                 "compra_fecha": "2024-05-01",
                 "detalle": [{"cod_num": 12345678, "cantidad": 2, "precio": 1}]})
    documents = {}
    for slug in ("factura", "boleta", "nota"):
        body = as_a({"action": f"{slug}-nuevo", "factura_estado": 1, "factura_cliente": created["id"],
                     "factura_idmoneda": 1, "factura_idcontacto": created["idpersonal"],
                     "detalle": [{"cod_num": 12345678}]})
        documents[slug] = int(body["id"])
    for slug, lines in (("notacredito", []), ("notadebito", [{"cod_num": 12345678}])):
        body = as_a({"action": f"{slug}-nuevo", "nota_documento_id": documents["factura"], "nota_motivo_codigo": "01",
                     "nota_motivo": "x", **({"detalle": lines} if lines else {})})
        documents[slug] = int(body["id"])
    warehouse = as_a({"action": "almacen-nuevo", "almacen_nombre": "Tienda A"})["id"]
    exit_id = as_a({"action": "salida-nuevo", "salida_almacen": tenant.company.main_warehouse, "salida_motivo": 3,
                    "detalle": [{"cod_num": 12345678, "cantidad": 1}]})["id"]
    transfer = as_a({"action": "transferencia-nuevo", "transferencia_origen": tenant.company.main_warehouse,
                     "transferencia_destino": warehouse, "detalle": [{"cod_num": 12345678, "cantidad": 1}]})["id"]
    count = as_a({"action": "inventario-conteo-nuevo", "conteo_almacenes": [warehouse]})["id"]
    # A's bill brings its goods into A's second warehouse: B can neither reach the bill nor name the warehouse.
    as_a({"action": "compra-editar", "compra_id": bill["id"], "compra_almacen": warehouse})
    return {"cliente": created["id"], "contacto": created["idpersonal"], "proveedor": supplier["id"],
            "producto": product["id"], "codigo_producto": 12345678, "documentos": documents, "almacen": warehouse,
            "salida": exit_id, "transferencia": transfer, "conteo": count, "compra": bill["id"]}


def records_for(name, world):
    """A's records as the action `name` would name them: a document of the action's own kind."""
    documents = world["documentos"]
    return {**world, "documento": documents.get(name.split("-")[0], documents["factura"])}


def test_company_b_cannot_reach_company_a(app, client, tenant, other_tenant, world):
    registry = app.extensions["gateway.registry"]
    before = snapshot(client, app, tenant.key, world)
    checked, unchecked = [], []
    for name, entry in sorted(registry.items()):
        fields, names_a_record = payload_fields(entry.schema, records_for(name, world), name.endswith("-nuevo"))
        if not names_a_record:
            unchecked.append(name)
            continue
        reply = post(client, {"action": name, **fields}, other_tenant.key)
        requires_a_record = any(isinstance(f, Reference) and (f.required or f.alternative)
                                for f in entry.schema.load_fields.values())
        if not requires_a_record and name.endswith("-listar"):  # a listing filtered by A's id: empty, as if it did not exist
            assert (reply.status, reply.body) == (200, []), name
            assert reply.headers["X-Total-Count"] == "0", name
        else:  # the action needs that record (or, a report, is filtered by it): not found in B's company
            assert (reply.status, reply.body["codigo"]) == (400, 12), (name, reply.body)
            assert reply.body["error"].startswith("No se encontró"), name
        checked.append(name)
    assert snapshot(client, app, tenant.key, world) == before, "nothing of A changed"
    assert checked, "the registry's actions name records"
    assert {"notacredito-nuevo", "notadebito-nuevo", "notacredito-editar", "notadebito-listar"} <= set(checked)
    for name in unchecked:  # an action that names no record must not have an id field left unmarked
        unmarked = [field for field in registry[name].schema.load_fields
                    if (field == "id" or field.endswith(("_id", "_cliente", "cod_num")))
                    and not isinstance(registry[name].schema.load_fields[field], Reference)]
        assert unmarked == [], f"{name}: mark {unmarked} as schemas.fields.Reference"


def snapshot(client, app, key, world):
    """Everything company A can list, as A sees it."""
    views = {}
    for name, entry in sorted(app.extensions["gateway.registry"].items()):
        if name.endswith("-listar"):
            required, _ = payload_fields(entry.schema, records_for(name, world), defining=False)
            views[name] = post(client, {"action": name, **{k: v for k, v in required.items()
                                                            if entry.schema.fields[k].required}}, key).body
    return views


def test_listings_without_filters_show_only_the_keys_company(app, client, tenant, other_tenant, world):
    b_code = 77777777
    assert post(client, {"action": "producto-nuevo", "cod_num": b_code, "producto_nombre": "B", "producto_precio": 1},
                other_tenant.key).status == 201
    for name, entry in sorted(app.extensions["gateway.registry"].items()):
        if name.endswith("-listar") and not any(f.required for f in entry.schema.load_fields.values()):
            records = post(client, {"action": name}, other_tenant.key).body
            own = [r for r in records if r.get("sis_empresa", other_tenant.company.id) != other_tenant.company.id]
            assert own == [], name
            assert all(r.get("cod_num") in (None, b_code) for r in records), name
    assert [p["cod_num"] for p in post(client, {"action": "producto-listar"}, other_tenant.key).body] == [b_code]
