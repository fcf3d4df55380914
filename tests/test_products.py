"""producto-*: codes, defaults for services, partial edits, logical deletes."""

from decimal import Decimal as D

import pytest


def test_a_product_gets_an_eight_digit_code_when_none_is_sent(call):
    reply = call("producto-nuevo", producto_nombre="CAFE", producto_precio="12.5")
    assert reply.status == 201 and 10_000_000 <= reply.body["cod_num"] <= 99_999_999
    [product] = call("producto-listar").body
    assert product == {
        "producto_id": reply.body["id"], "cod_num": reply.body["cod_num"], "producto_nombre": "CAFE",
        "producto_unidad": "NIU", "producto_precio": D("12.5"), "producto_tipo": 1,
        "producto_afectacion_igv": 10, "producto_controla_stock": True, "producto_icbper": False,
        "producto_isc_sistema": None, "producto_isc_tasa": 0, "stock": 0, "stock_por_almacen": [],
        "costo_promedio": 0,
        "idestado": 1, "sis_empresa": product["sis_empresa"], "fecha_creacion": product["fecha_creacion"],
        "fecha_modificacion": product["fecha_modificacion"],
    }


def test_a_service_has_no_stock_and_unit_zz(call):
    call("producto-nuevo", cod_num=5, producto_nombre="SOPORTE", producto_precio=100, producto_tipo=2)
    [service] = call("producto-listar").body
    assert (service["producto_unidad"], service["producto_controla_stock"]) == ("ZZ", False)
    reply = call("producto-nuevo", cod_num=6, producto_nombre="X", producto_precio=1, producto_tipo=2,
                 producto_controla_stock=True)
    assert reply.body["campos"] == {"producto_controla_stock": ["Un servicio no controla stock."]}


@pytest.mark.parametrize("fields, field, message", [
    ({"producto_unidad": "kilo"}, "producto_unidad", "Máximo 3 caracteres; se recibieron 4."),
    ({"producto_unidad": "K-"}, "producto_unidad",
     "Debe ser un código de unidad del catálogo 03 de SUNAT (por ejemplo NIU, ZZ, KGM)."),
    ({"producto_afectacion_igv": 11}, "producto_afectacion_igv",
     "Valor 11 no permitido; use uno de: 10 (gravado), 20 (exonerado), 30 (inafecto), 40 (exportación)."),
    ({"producto_precio": -1}, "producto_precio", "Debe ser mayor o igual que 0."),
    ({"cod_num": 0}, "cod_num", "Debe estar entre 1 y 99999999."),
])
def test_bad_product_fields(call, fields, field, message):
    reply = call("producto-nuevo", **{"producto_nombre": "X", "producto_precio": 1, **fields})
    assert reply.body["campos"] == {field: [message]}


def test_codes_are_unique_even_after_deletion(call):
    first = call("producto-nuevo", cod_num=7, producto_nombre="A", producto_precio=1).body
    assert call("producto-nuevo", cod_num=7, producto_nombre="B", producto_precio=1).body["campos"] == {
        "cod_num": [f"El código 7 ya lo usa el producto {first['id']}."]}
    call("producto-eliminar", producto_id=first["id"])
    assert call("producto-nuevo", cod_num=7, producto_nombre="B", producto_precio=1).body["campos"] == {
        "cod_num": ["El código 7 ya lo usa un producto eliminado."]}


def test_edit_is_partial_and_delete_is_logical(call, shop):
    [product] = call("producto-listar", cod_num=1001).body
    reply = call("producto-editar", producto_id=product["producto_id"], producto_precio="25.00")
    assert reply.body == {"respuesta": "Se editó el producto con éxito", "id": product["producto_id"]}
    [edited] = call("producto-listar", cod_num=1001).body
    assert edited["producto_precio"] == 25 and edited["producto_nombre"] == "ARROZ 5KG"
    sale = call("factura-nuevo", **shop.sale())
    assert call("producto-eliminar", producto_id=product["producto_id"]).body == {
        "respuesta": "Se eliminó el producto con éxito", "id": product["producto_id"]}
    assert call("producto-listar", cod_num=1001).body == []
    assert call("factura-nuevo", **shop.sale()).body["error"] == "No se encontró el producto con el código 1001"
    assert call("factura-listar", factura_id=int(sale.body["id"])).body[0]["detalle"][0]["cod_num"] == 1001
    assert call("producto-editar", producto_id=product["producto_id"]).body["codigo"] == 12


def test_stock_control_cannot_be_dropped_while_there_is_stock(call, shop):
    [product] = call("producto-listar", cod_num=1001).body
    reply = call("producto-editar", producto_id=product["producto_id"], producto_controla_stock=False)
    assert (reply.status, reply.body["codigo"]) == (409, 13)
