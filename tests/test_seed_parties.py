"""The documented client and supplier examples (the ERP's API manual), run verbatim; whole answers checked."""

import pytest

from tests import examples


def fill_ids_up_to_ten(call):
    """Ten earlier clients, so the seed's example creates id 11 as documented."""
    for n in range(10):
        dni = f"{40000000 + n:08d}"
        reply = call(**{**examples.CLIENTE_NUEVO, "cliente_num_doc": dni, "cliente_idtipo_documento": 2})
        assert reply.status == 201, reply.body


@pytest.fixture
def seeded(call):
    fill_ids_up_to_ten(call)
    reply = call(**examples.CLIENTE_NUEVO)
    assert reply.status == 201
    return reply


def test_cliente_nuevo_answers_as_documented(seeded):
    assert seeded.body == {"respuesta": "Se registró con éxito", "id": 11, "idpersonal": 11, "idsucursal": 11}


def test_proveedor_nuevo_seed_ruc_fails_its_check_digit(seeded, call):
    reply = call(**examples.PROVEEDOR_NUEVO)
    assert reply.status == 400
    assert reply.body == {
        "error": "No se recibió uno o más campos: revise proveedor_num_doc",
        "codigo": 11,
        "campos": {"proveedor_num_doc": [
            "El RUC 20550117969 no es válido (dígito verificador o prefijo incorrecto)."]},
    }


def test_proveedor_nuevo_with_valid_ruc_answers_as_documented(seeded, call):
    reply = call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC})
    assert (reply.status, reply.body) == (
        201, {"respuesta": "Se registró con éxito", "id": 12, "idpersonal": 12, "idsucursal": 12})


def test_cliente_editar_answers_as_documented(seeded, call):
    reply = call(**examples.CLIENTE_EDITAR)
    assert (reply.status, reply.body) == (200, {"respuesta": "Se editó el cliente con éxito", "id": 11})


def test_proveedor_editar_answers_as_documented(seeded, call):
    call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC})
    reply = call(**{**examples.PROVEEDOR_EDITAR, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC})
    assert (reply.status, reply.body) == (200, {"respuesta": "Se editó el proveedor con éxito", "id": 12})
    assert call("proveedor-listar", proveedor_id=12).body[0]["contactos"][0]["contacto_sexo"] == 2


def test_proveedor_editar_seed_ruc_fails_its_check_digit(seeded, call):
    call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC})
    reply = call(**examples.PROVEEDOR_EDITAR)
    assert reply.status == 400 and reply.body["codigo"] == 11
    assert list(reply.body["campos"]) == ["proveedor_num_doc"]


def test_cliente_eliminar_answers_as_documented(seeded, call):
    reply = call(**examples.CLIENTE_ELIMINAR)
    assert (reply.status, reply.body) == (200, {"respuesta": "Se eliminó el cliente con éxito", "id": 11})


def test_proveedor_eliminar_answers_as_documented(seeded, call):
    call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC})
    reply = call(**examples.PROVEEDOR_ELIMINAR)
    assert (reply.status, reply.body) == (200, {"respuesta": "Se eliminó el proveedor con éxito", "id": 12})


def test_cliente_listar_has_every_seed_key_with_its_type(seeded, call, tenant):
    reply = call(**examples.CLIENTE_LISTAR)
    assert reply.status == 200
    assert reply.headers["X-Total-Count"] == "1"
    [record] = reply.body
    today = record["fecha_creacion"]
    expected = {
        "idempresa": 11, "idtipo_cliente": 1, "empresa": "empresa SAC", "nombre_comercial": "",
        "ruc": "20550117968", "idestado": 1, "fecha_creacion": today, "fecha_modificacion": today,
        "logo_empresa": None, "icono_empresa": None, "bg_empresa": None, "tpl_cotizacion": None,
        "tpl_boleta": None, "tpl_factura": None, "tpl_guiaremision": None, "tpl_barcode": None,
        "tpl_barcode_lista": None, "tpl_cheque": None, "tpl_pedido": None, "tpl_oc": None,
        "tpl_cotizacion_pdf": None, "tpl_boleta_pdf": None, "tpl_factura_pdf": None,
        "codigo": record["codigo"], "sis_empresa": tenant.company.id, "idusuario": record["idusuario"],
        "idforma": 0, "idpersonal": 11, "idsucursal": 11, "idasesor": 0, "idtipo_documento": 4,
        "descripcion": "", "notas_privadas": "",
    }
    assert {k: v for k, v in record.items() if k in expected} == expected
    assert list(record)[: len(expected)] == list(expected), "keys in the seed's order"
    assert len(record["codigo"]) == 32 and isinstance(record["idusuario"], int)
    assert record["contactos"] == [{
        "idpersonal": 11, "contacto_nombre": "Juan", "contacto_apellido": "Perez",
        "contacto_dni": "10000001", "contacto_correo": "juan.perez@empresasac.pe",
        "contacto_telefono": "7777777", "contacto_celular": "999999999", "contacto_sexo": 1}]
    assert record["sucursales"] == [{
        "idsucursal": 11, "sucursal_nombre": "Dirección 1", "sucursal_telefono": "7777778",
        "sucursal_direccion": "Av. Primavera 201", "sucursal_distrito": 1253, "sucursal_provincia": 127,
        "sucursal_departamento": 15, "sucursal_pais": 179}]


def test_proveedor_listar_accepts_the_seeds_cliente_id(seeded, call):
    call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC})
    assert call(**examples.PROVEEDOR_LISTAR).body == []  # 11 is a client, not a supplier
    [record] = call("proveedor-listar", cliente_id=12).body
    assert (record["idempresa"], record["idtipo_cliente"], record["ruc"]) == (12, 2, examples.VALID_SUPPLIER_RUC)


def test_the_seed_body_with_typographic_quotes_is_explained(client, tenant):
    from tests.conftest import post

    raw = '{"action":"cliente-nuevo", "contacto_nombre": “Juan”}'.encode()
    reply = post(client, None, tenant.key, raw=raw)
    assert reply.status == 400 and reply.body["codigo"] == 11
    assert "línea 1, columna 47" in reply.body["error"]
    assert "comillas tipográficas" in reply.body["error"]
