"""GET /openapi.json: generated from the registry, one request body per action."""

import simplejson

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


def test_every_action_declares_its_answer(app, client):
    spec = client.get("/openapi.json").get_json()
    missing = [name for name in app.extensions["gateway.registry"]
               if not spec["components"]["schemas"][f"{name}.respuesta"]]
    assert missing == [], f"declare these answers in actions/answers.py (or answer= at registration): {missing}"


def test_every_status_the_server_sends_and_the_read_only_routes_are_described(client):
    spec = client.get("/openapi.json").get_json()
    responses = spec["paths"]["/api"]["post"]["responses"]
    assert set(responses) == {"200", "201", "202", "400", "401", "403", "404", "405", "409", "413", "422", "429",
                              "500", "502", "503"}
    assert {"/api", "/", "/health", "/openapi.json", "/metrics", "/docs", "/docs/"} <= set(spec["paths"])
    for path in ("/health", "/openapi.json", "/metrics", "/docs"):
        assert client.get(path, follow_redirects=True).status_code == 200, path


def test_the_document_promises_only_what_the_server_enforces(client):
    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
    ident = schemas["cliente-editar"]["properties"]["cliente_id"]["oneOf"]
    assert ident[0] == {"type": "integer", "minimum": 1, "maximum": 2147483647}
    assert ident[1]["pattern"] == "^([1-9][0-9]{0,8})$"  # "0" and 10-digit ids are not promised
    nuevo = schemas["cliente-nuevo"]["properties"]
    assert nuevo["contacto_dni"]["pattern"] == "^[0-9]{8}$"
    assert "dígito verificador" in nuevo["cliente_num_doc"]["description"]
    fecha = schemas["factura-nuevo"]["properties"]["factura_fecha"]["oneOf"][0]
    assert fecha["format"] == "date"


def answers_of_a_working_day(call, shop):
    """(action, status, body) of one call of most actions, as a POS and a back office make them."""
    from tests import examples

    made = []

    def run(action, **fields):
        reply = call(action, **fields)
        assert reply.status in (200, 201, 202), (action, reply.body)
        made.append((action, reply.body))
        return reply.body

    created = run("factura-nuevo", **shop.sale())
    document = int(created["id"])
    run("factura-editar", factura_id=document, factura_observaciones="x")
    run("factura-listar")
    boleta = int(run("boleta-nuevo", **shop.sale("dni"))["id"])
    run("cliente-listar")
    supplier = {k: v for k, v in examples.PROVEEDOR_NUEVO.items() if k != "action"}
    run("proveedor-nuevo", **{**supplier, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC})
    run("proveedor-listar")
    run("cliente-editar", cliente_id=shop.ruc_client, cliente_nombre="OTRO")
    product = run("producto-listar")[0]["producto_id"]
    run("producto-editar", producto_id=product, producto_nombre="ARROZ")
    run("inventario-ingreso", cod_num=1001, cantidad=1, costo="10")
    run("kardex-listar", cod_num=1001)
    run("comprobante-consultar", id=document, tipodoc=1)
    run("comprobante-pdf", id=document, tipodoc=1)
    run("fesunat-consultar", id=document, tipodoc=1)
    run("lote", acciones=[{"action": "cliente-listar"}, {"action": "no-existe"}])
    run("boleta-eliminar", factura_id=boleta)
    # Warehouses, exits, transfers, counts and the stock report (issue 17).
    store = run("almacen-nuevo", almacen_nombre="TIENDA", almacen_codigo="0001")["id"]
    run("almacen-editar", almacen_id=store, almacen_permite_negativo=True)
    run("almacen-listar")
    main = run("almacen-listar", limite=1)[0]["almacen_id"]
    line = [{"cod_num": 1001, "cantidad": 1}]
    exit_id = run("salida-nuevo", salida_almacen=main, salida_motivo=3, detalle=line)["id"]
    run("salida-editar", salida_id=exit_id, salida_observaciones="roto")
    run("salida-listar")
    transfer = run("transferencia-nuevo", transferencia_origen=main, transferencia_destino=store, detalle=line)["id"]
    run("transferencia-listar")
    run("transferencia-eliminar", transferencia_id=transfer)
    count = run("inventario-conteo-nuevo", conteo_almacenes=[main])["id"]
    run("inventario-conteo-editar", conteo_id=count, items=[{"cod_num": 1001, "cantidad_contada": 3}])
    run("inventario-conteo-listar")
    run("inventario-conteo-cerrar", conteo_id=count)
    other = run("inventario-conteo-nuevo", conteo_almacenes=[store])["id"]
    run("inventario-conteo-eliminar", conteo_id=other)
    run("stock-reporte")
    run("salida-eliminar", salida_id=exit_id)
    run("almacen-eliminar", almacen_id=store)
    return made


def test_real_answers_match_their_declared_schema(client, call, shop, tenant):
    import jsonschema

    from tests.sunat_issuer import issuer_for

    class NoPeer:
        url = "http://127.0.0.1:9/billService"

    issuer_for(tenant.company.id, NoPeer)

    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
    for action, body in answers_of_a_working_day(call, shop):
        jsonschema.validate(simplejson.loads(simplejson.dumps(body, use_decimal=True)), schemas[f"{action}.respuesta"])
