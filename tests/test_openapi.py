"""GET /openapi.json: generated from the registry, one request body per action."""

from endpoint.openapi import field_schema


def test_every_registered_action_has_a_request_body(app, client):
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    registry = app.extensions["gateway.registry"]
    body = spec["paths"]["/api"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["discriminator"]["mapping"]) == set(registry)
    assert len(body["oneOf"]) == len(registry)
    nuevo = spec["components"]["schemas"]["cliente-nuevo"]
    assert nuevo["properties"]["action"] == {"type": "string", "const": "cliente-nuevo"}
    assert {"action", "cliente_nombre", "contacto_correo", "sucursal_pais"} <= set(nuevo["required"])
    editar = spec["components"]["schemas"]["cliente-editar"]
    assert editar["required"] == ["action", "cliente_id"], "an edit requires only its id"
    detalle = spec["components"]["schemas"]["factura-nuevo"]["properties"]["detalle"]
    assert (detalle["minItems"], detalle["maxItems"]) == (1, 1000)
    assert "cod_num" in detalle["items"]["required"]


def test_every_field_of_every_action_has_a_mapping(app):
    for entry in app.extensions["gateway.registry"].values():
        for field in entry.schema.load_fields.values():
            assert field_schema(field)
