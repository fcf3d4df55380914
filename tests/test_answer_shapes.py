"""How values are written in every answer: money with two decimals, timestamps with Lima's zone."""

import re

import simplejson

from tests.conftest import post

LIMA_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-05:00$")


def text_of(client, key, payload):
    response = client.post("/api", data=simplejson.dumps(payload), headers={"Key": key})
    return response.get_data(as_text=True)


def test_money_has_two_decimals_in_creation_and_listing(client, tenant, shop):
    created = text_of(client, tenant.key, {"action": "factura-nuevo", **shop.sale(detalle=[
        {"cod_num": 1001, "cantidad": 2}, {"cod_num": 1002, "cantidad": "0.5", "precio_unit": "50"}])})
    assert '"op_exoneradas":25.00' in created and '"op_inafectas":0.00' in created
    assert '"descuentos":0.00' in created and '"total":72.20' in created
    listed = text_of(client, tenant.key, {"action": "factura-listar"})
    assert '"op_inafectas":0.00' in listed and '"op_exportacion":0.00' in listed and '"total":72.20' in listed
    assert '"monto_descuento":0.00' in listed
    # Quantities as they are; unit prices with at least two decimals.
    assert '"cantidad":2,' in listed and '"cantidad":0.5,' in listed
    assert '"precio_unit":23.60' in listed and '"precio_unit":50.00' in listed
    products = text_of(client, tenant.key, {"action": "producto-listar"})
    assert '"producto_precio":23.60' in products and '"stock":98' in products


def test_timestamps_carry_lima_zone(call, shop):
    call("factura-nuevo", **shop.sale())
    document = call("factura-listar").body[0]
    assert LIMA_TIMESTAMP.match(document["fecha_creacion"]), document["fecha_creacion"]
    assert LIMA_TIMESTAMP.match(document["fecha_modificacion"])
    assert re.match(r"^\d{2}:\d{2}:\d{2}$", document["factura_hora_creacion"])  # a time of day, Lima's
    client = call("cliente-listar").body[0]
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", client["fecha_creacion"])
    assert client["fecha_creacion"] == document["fecha_creacion"][:10]
