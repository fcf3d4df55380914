"""The endpoint's rules (README: The endpoint, Data types, Errors) through the real Flask app: decoding, limits, Key, action, errors."""

import logging

import pytest
import simplejson

from actions import Registry
from app import create_app
from models import Party
from schemas.base import ActionSchema
from schemas.fields import String
from tests import examples
from tests.conftest import post


def raw_post(client, data, key, headers=None):
    return post(client, None, key, raw=data, headers=headers)


class TestKey:
    def test_missing_key_is_20(self, client):
        reply = raw_post(client, b'{"action": "cliente-listar"}', None)
        assert (reply.status, reply.body["codigo"]) == (401, 20)
        assert reply.body["error"].startswith("No se reconoció el token")

    def test_malformed_key_is_10(self, client):
        for bad in ("123", "g" * 32, "6507c11d131abcb728652224fccfde8e0"):
            reply = raw_post(client, b'{"action": "cliente-listar"}', bad)
            assert (reply.status, reply.body["codigo"]) == (401, 10), bad

    def test_unknown_well_formed_key_is_20(self, client, tenant):
        reply = raw_post(client, b'{"action": "cliente-listar"}', "6507c11d131abcb728652224fccfde8e")
        assert (reply.status, reply.body["codigo"]) == (401, 20)
        assert "no está registrada" in reply.body["error"]

    def test_disabled_key_is_10_and_enabled_again_works(self, app, client, tenant):
        from admin.companies import set_key_enabled
        from models.base import db

        with db.connection_context():
            set_key_enabled(tenant.key[:8], False)
        reply = raw_post(client, b'{"action": "cliente-listar"}', tenant.key)
        assert (reply.status, reply.body["codigo"]) == (401, 10)
        assert "deshabilitada" in reply.body["error"]
        with db.connection_context():
            set_key_enabled(tenant.key[:8], True)
        assert raw_post(client, b'{"action": "cliente-listar"}', tenant.key).status == 200

    def test_key_is_case_insensitive_and_trimmed(self, client, tenant):
        reply = raw_post(client, b'{"action": "cliente-listar"}', f"  {tenant.key.upper()} ")
        assert reply.status == 200

    def test_bad_key_is_answered_before_the_body_is_parsed(self, client):
        reply = raw_post(client, b"{not json", "123")
        assert reply.body["codigo"] == 10


class TestBody:
    @pytest.mark.parametrize("data, fragment", [
        (b"", "el cuerpo está vacío"),
        (b"   ", "el cuerpo está vacío"),
        (b"[1, 2]", "se recibió una lista"),
        (b'"texto"', "se recibió un texto"),
        (b"42", "se recibió un número"),
        (b"null", "se recibió null"),
        (b'{"action": "cliente-listar",}', "línea 1, columna 28: coma sobrante"),
        (b'{"action": "cliente-listar"\n "x": 1}', "línea 2, columna 2: falta una coma"),
        (b"{'action': 'cliente-listar'}", "se esperaba un nombre de campo entre comillas dobles"),
        (b'{"action": "cliente-listar"} {}', "hay datos después del objeto JSON"),
        (b'{"action": "cliente-listar", "x": NaN}', "NaN no es un número JSON válido"),
        (b'{"action": "cliente-listar", "x": -Infinity}', "-Infinity no es un número JSON válido"),
        (b"[" * 100000 + b"]" * 100000, "demasiada profundidad"),
        (b'{"a":' * 50000 + b"1" + b"}" * 50000, "demasiada profundidad"),
    ])
    def test_bad_bodies_are_11_with_a_precise_message(self, client, tenant, data, fragment):
        reply = raw_post(client, data, tenant.key)
        assert (reply.status, reply.body["codigo"]) == (400, 11)
        assert fragment in reply.body["error"], reply.body["error"]

    def test_oversize_body_is_413_and_11(self, client, tenant):
        reply = raw_post(client, b'{"action": "cliente-listar", "x": "' + b"a" * (1024 * 1024) + b'"}', tenant.key)
        assert (reply.status, reply.body["codigo"]) == (413, 11)
        assert "1048576 bytes" in reply.body["error"]

    def test_limit_is_configurable(self, database_url, tenant):
        small = create_app({"DATABASE_URL": database_url, "MAX_BODY_BYTES": 64}).test_client()
        reply = raw_post(small, b'{"action": "cliente-listar", "relleno": "' + b"x" * 64 + b'"}', tenant.key)
        assert (reply.status, reply.body["codigo"]) == (413, 11)

    def test_content_type_is_ignored(self, client, tenant):
        for content_type in ("text/plain", "application/x-www-form-urlencoded", ""):
            reply = raw_post(client, b'{"action": "cliente-listar"}', tenant.key,
                             headers={"Content-Type": content_type})
            assert reply.status == 200, content_type

    def test_windows_1252_body_is_decoded(self, call, client, tenant):
        payload = {**examples.CLIENTE_NUEVO, "cliente_nombre": "Ñandú Café €"}
        data = simplejson.dumps(payload, ensure_ascii=False).encode("cp1252")
        reply = raw_post(client, data, tenant.key)
        assert reply.status == 201, reply.body
        assert call("cliente-listar").body[0]["empresa"] == "Ñandú Café €"

    def test_utf8_with_bom_is_decoded(self, client, tenant):
        reply = raw_post(client, '\ufeff{"action": "cliente-listar"}'.encode("utf-8"), tenant.key)
        assert reply.status == 200

    def test_answers_are_utf8_without_escapes(self, client, tenant):
        response = client.post("/api", data=simplejson.dumps(examples.CLIENTE_NUEVO), headers={"Key": tenant.key})
        assert response.headers["Content-Type"] == "application/json; charset=utf-8"
        assert "Se registró con éxito".encode() in response.data

    def test_post_slash_answers_like_post_api(self, client, tenant):
        response = client.post("/", data=b'{"action": "cliente-listar"}', headers={"Key": tenant.key})
        assert response.status_code == 200 and response.get_json() == []


class TestAction:
    @pytest.mark.parametrize("payload, fragment", [
        ({}, "falta el campo action"),
        ({"action": ""}, "falta el campo action"),
        ({"action": "   "}, "falta el campo action"),
        ({"action": None}, "falta el campo action"),
        ({"action": ["cliente-listar"]}, "debe ser texto"),
        ({"action": {"a": 1}}, "debe ser texto"),
        ({"action": 7}, "debe ser texto"),
        ({"action": "clente-listar"}, "la acción 'clente-listar' no existe; ¿quiso decir 'cliente-listar'?"),
        ({"action": "borrar-todo"}, "la acción 'borrar-todo' no existe"),
    ])
    def test_action_problems_are_30(self, client, tenant, payload, fragment):
        reply = post(client, payload, tenant.key)
        assert (reply.status, reply.body["codigo"]) == (400, 30)
        assert reply.body["error"].startswith("Se necesita la acción para poder realizar la consulta")
        assert fragment in reply.body["error"]

    def test_unknown_routes_and_methods_answer_json(self, client):
        for response in (client.get("/api"), client.post("/nada"), client.put("/api"), client.get("/x")):
            body = response.get_json()
            assert body["codigo"] == 30 and response.status_code in (404, 405)
            assert response.headers["Content-Type"].startswith("application/json")


class TestValidation:
    def test_every_bad_field_is_named(self, call):
        reply = call("cliente-nuevo", cliente_nombre="", cliente_num_doc="123", cliente_idtipo_documento=9,
                     contacto_dni=1234, contacto_correo="no-es-correo", sucursal_distrito="12a")
        assert (reply.status, reply.body["codigo"]) == (400, 11)
        campos = reply.body["campos"]
        assert campos["cliente_nombre"] == ["No puede estar vacío."]
        assert campos["cliente_idtipo_documento"][0].startswith("Valor 9 no permitido; use uno de: 0 (VARIOS")
        assert campos["contacto_dni"] == ["El DNI debe tener 8 dígitos. Si empieza con 0, envíelo como texto (\"06807263\")."]
        assert campos["contacto_correo"] == ["No es un correo electrónico válido."]
        assert campos["sucursal_distrito"] == ['Debe ser un número entero (por ejemplo 4 o "4").']
        for required in ("contacto_nombre", "contacto_apellido", "sucursal_nombre", "sucursal_direccion",
                         "sucursal_provincia", "sucursal_departamento", "sucursal_pais"):
            assert campos[required] == ["Campo obligatorio: no se recibió."], required

    @pytest.mark.parametrize("json_value, message", [
        ("true", 'Debe ser un número entero (por ejemplo 4 o "4").'),
        ("1.5", 'Debe ser un número entero (por ejemplo 4 o "4").'),
        ('"1e3"', 'Debe ser un número entero (por ejemplo 4 o "4").'),
        ("9" * 5000, "Número demasiado grande; el máximo es 2147483647."),
        ("1e400", "Número demasiado grande; el máximo es 2147483647."),
        (str(2 ** 31), "Debe estar entre 0 y 2147483647."),
        ("[1]", 'Debe ser un número entero (por ejemplo 4 o "4").'),
    ])
    def test_integers_are_strict(self, client, tenant, json_value, message):
        body = simplejson.dumps({**examples.CLIENTE_NUEVO, "sucursal_pais": 0})
        body = body.replace('"sucursal_pais": 0', f'"sucursal_pais": {json_value}')
        reply = raw_post(client, body.encode(), tenant.key)
        assert reply.body["campos"] == {"sucursal_pais": [message]}

    def test_digit_strings_and_integral_numbers_are_integers(self, call):
        reply = call(**{**examples.CLIENTE_NUEVO, "sucursal_pais": " 179 ", "sucursal_distrito": 1253.0})
        assert reply.status == 201

    def test_unknown_fields_are_ignored_and_named(self, call):
        reply = call(**{**examples.CLIENTE_NUEVO, "cliente_telefono": "1", "cleinte_nombre": "x", "ñame": 1})
        assert reply.status == 201
        assert reply.headers["X-Campos-Ignorados"] == "cleinte_nombre, cliente_telefono, %C3%B1ame"

    def test_strings_are_trimmed_and_control_characters_refused(self, call):
        assert call(**{**examples.CLIENTE_NUEVO, "cliente_nombre": "  ACME  "}).status == 201
        assert call("cliente-listar").body[0]["empresa"] == "ACME"
        reply = call(**{**examples.CLIENTE_NUEVO, "cliente_nombre": "a\x01b"})
        assert reply.body["campos"] == {"cliente_nombre": ["Contiene caracteres de control no permitidos."]}

    def test_too_long_text_is_refused(self, call):
        reply = call(**{**examples.CLIENTE_NUEVO, "cliente_nombre": "x" * 251})
        assert reply.body["campos"] == {"cliente_nombre": ["Máximo 250 caracteres; se recibieron 251."]}


class TestPlumbing:
    """A private registry shows the dispatcher's guarantees without touching the real actions."""

    @pytest.fixture
    def private(self, database_url, tenant):
        registry = Registry()

        class Schema(ActionSchema):
            nombre = String(required=True)

        @registry.action("prueba-nuevo", schema=Schema())
        def create_then_fail(data, ctx):
            Party.create(company=ctx.company.id, kind=1, name=data["nombre"], doc_type=2,
                         doc_number="12345678", code="x")
            if data["nombre"] == "falla":
                raise RuntimeError("secret detail that must not leak")
            return {"respuesta": "ok", "id": 1}

        app = create_app({"DATABASE_URL": database_url, "REGISTRY": registry})
        return app.test_client()

    def test_a_failing_handler_rolls_back_and_answers_40_without_a_trace(self, private, tenant, caplog):
        with caplog.at_level(logging.ERROR, logger="gateway.errors"):
            reply = post(private, {"action": "prueba-nuevo", "nombre": "falla"}, tenant.key)
        assert (reply.status, reply.body["codigo"]) == (500, 40)
        assert "secret" not in reply.body["error"] and "Traceback" not in reply.body["error"]
        assert reply.body["request_id"] == reply.headers["X-Request-Id"]
        assert reply.body["request_id"] in reply.body["error"]
        assert any("secret detail" in (r.exc_text or "") for r in caplog.records), "traceback logged"
        from models.base import db
        with db.connection_context():
            assert Party.select().count() == 0, "the row written before the failure was rolled back"

    def test_a_successful_handler_commits_with_201(self, private, tenant):
        reply = post(private, {"action": "prueba-nuevo", "nombre": "bien"}, tenant.key)
        assert (reply.status, reply.body) == (201, {"respuesta": "ok", "id": 1})

    def test_connections_go_back_to_the_pool_after_each_request(self, private, tenant):
        from models.base import db
        for _ in range(5):
            post(private, {"action": "prueba-nuevo", "nombre": "falla"}, tenant.key)
            assert db.is_closed()
        assert len(db.obj._in_use) == 0

    def test_a_name_registered_twice_is_refused(self):
        registry = Registry()
        registry.action("x-listar", schema=ActionSchema())(lambda d, c: [])
        with pytest.raises(ValueError, match="already registered"):
            registry.action("x-listar", schema=ActionSchema())(lambda d, c: [])


def test_health_reports_the_database(client):
    response = client.get("/health")
    assert (response.status_code, response.get_json()) == (200, {"estado": "ok", "base_de_datos": "ok"})


def test_each_request_logs_one_structured_line_without_the_key(client, tenant, caplog):
    with caplog.at_level(logging.INFO, logger="gateway.request"):
        raw_post(client, b'{"action": "cliente-listar"}', tenant.key)
    [line] = [r.getMessage() for r in caplog.records if r.name == "gateway.request"]
    record = simplejson.loads(line)
    assert record["action"] == "cliente-listar" and record["key"] == tenant.key[:8]
    assert record["status"] == 200 and isinstance(record["ms"], float) and record["request_id"]
    assert tenant.key not in line
