"""Clients and suppliers beyond the seed: partial edits, null, duplicates, deletes, paging."""

import pytest

from tests import examples


@pytest.fixture
def client_id(call):
    return call(**examples.CLIENTE_NUEVO).body["id"]


def listed(call, ident):
    return call("cliente-listar", cliente_id=ident).body[0]


def test_edit_changes_only_the_fields_sent(call, client_id):
    before = listed(call, client_id)
    assert call("cliente-editar", cliente_id=client_id, contacto_celular="988877766").status == 200
    after = listed(call, client_id)
    assert after["contactos"][0]["contacto_celular"] == "988877766"
    assert {k: v for k, v in after.items() if k not in ("contactos", "fecha_modificacion")} == {
        k: v for k, v in before.items() if k not in ("contactos", "fecha_modificacion")}


def test_null_clears_an_optional_field_and_is_refused_for_a_required_one(call, client_id):
    call("cliente-editar", cliente_id=client_id, contacto_telefono=None, cliente_nombre_comercial=None)
    record = listed(call, client_id)
    assert record["contactos"][0]["contacto_telefono"] is None and record["nombre_comercial"] == ""
    reply = call("cliente-editar", cliente_id=client_id, cliente_nombre=None)
    assert reply.body["campos"] == {"cliente_nombre": ["No puede ser nulo."]}


def test_the_document_number_is_checked_against_the_stored_type(call, client_id):
    reply = call("cliente-editar", cliente_id=client_id, cliente_num_doc="12345678")
    assert reply.body["campos"] == {"cliente_num_doc": ["El RUC debe tener 11 dígitos."]}
    ok = call("cliente-editar", cliente_id=client_id, cliente_num_doc="12345678", cliente_idtipo_documento=2)
    assert ok.status == 200 and listed(call, client_id)["idtipo_documento"] == 2


@pytest.mark.parametrize("doc_type, number, message", [
    (4, "20550117967", "El RUC 20550117967 no es válido (dígito verificador o prefijo incorrecto)."),
    (4, "30550117968", "El RUC 30550117968 no es válido (dígito verificador o prefijo incorrecto)."),
    (2, "1234567", "El DNI debe tener 8 dígitos. Si empieza con 0, envíelo como texto (\"06807263\")."),
    (2, "1234567X", "El DNI debe tener 8 dígitos."),
    (5, "AB-123", "Debe tener de 1 a 15 letras o dígitos."),
])
def test_document_numbers_are_validated_by_type(call, doc_type, number, message):
    reply = call(**{**examples.CLIENTE_NUEVO, "cliente_idtipo_documento": doc_type, "cliente_num_doc": number})
    assert reply.body["campos"] == {"cliente_num_doc": [message]}


def test_a_dni_starting_with_zero_is_kept_as_text(call):
    reply = call(**{**examples.CLIENTE_NUEVO, "cliente_idtipo_documento": 2, "cliente_num_doc": "06807263"})
    assert listed(call, reply.body["id"])["ruc"] == "06807263"


def test_a_supplier_must_have_a_ruc(call):
    reply = call(**{**examples.PROVEEDOR_NUEVO, "proveedor_idtipo_documento": 2, "proveedor_num_doc": "12345678"})
    assert reply.body["campos"] == {"proveedor_idtipo_documento": ["Valor 2 no permitido; use uno de: 4 (RUC)."]}


def test_a_retried_creation_does_not_duplicate_a_ruc_client(call, client_id):
    reply = call(**examples.CLIENTE_NUEVO)
    assert (reply.status, reply.body["codigo"], reply.body["id_existente"]) == (400, 11, client_id)
    assert reply.body["campos"] == {"cliente_num_doc": [f"Ya está registrado (el cliente {client_id})."]}
    assert call("cliente-listar", cliente_num_doc="20550117968").headers["X-Total-Count"] == "1"


def test_the_same_ruc_may_be_client_and_supplier(call, client_id):
    reply = call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": "20550117968"})
    assert reply.status == 201


def test_deleted_clients_vanish_and_cannot_be_deleted_twice(call, client_id):
    call("cliente-eliminar", cliente_id=client_id)
    assert call("cliente-listar").body == []
    again = call("cliente-eliminar", cliente_id=client_id)
    assert (again.body["codigo"], again.body["error"]) == (12, f"No se encontró el cliente con el id {client_id}")
    assert call(**examples.CLIENTE_NUEVO).status == 201, "a deleted client's RUC can be registered again"


def test_a_client_is_not_a_supplier(call, client_id):
    reply = call("proveedor-editar", proveedor_id=client_id, proveedor_nombre="X")
    assert reply.body["error"] == f"No se encontró el proveedor con el id {client_id}"


def test_listing_is_paged(call, app):
    for n in range(5):
        call(**{**examples.CLIENTE_NUEVO, "cliente_idtipo_documento": 2, "cliente_num_doc": f"{10000000 + n}"})
    first = call("cliente-listar", limite=2)
    assert [c["idempresa"] for c in first.body] == [1, 2]
    assert (first.headers["X-Total-Count"], first.headers["X-Siguiente-Desde-Id"]) == ("5", "2")
    last = call("cliente-listar", limite=2, desde_id=4)
    assert [c["idempresa"] for c in last.body] == [5] and "X-Siguiente-Desde-Id" not in last.headers
    capped = call("cliente-listar", limite=10 ** 6)
    assert len(capped.body) == 5


def test_a_company_without_live_counts_is_counted(call, tenant):
    """Companies created before live counts existed have no rows: their totals are counted instead."""
    from models import LiveCount
    from models.base import db

    for n in range(3):
        call(**{**examples.CLIENTE_NUEVO, "cliente_idtipo_documento": 2, "cliente_num_doc": f"{20000000 + n}"})
    with db.connection_context():
        LiveCount.delete().execute()
    assert call("cliente-listar").headers["X-Total-Count"] == "3"
    call("cliente-eliminar", cliente_id=1)
    assert call("cliente-listar").headers["X-Total-Count"] == "2"
