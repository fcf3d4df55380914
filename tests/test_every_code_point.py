"""Every code point in every position: what cannot be stored or encoded is code 11 (30 for `action`).

Lone surrogates, NUL and non-characters, as JSON escapes and as raw bytes, in values, keys, nested lines,
`action` and the headers: always the JSON envelope with a Spanish message, never a 5xx.
"""

import pytest
import simplejson

from tests import examples
from tests.conftest import post

BAD = ["\\ud800", "\\udfff", "\\u0000", "\\ufffe", "\\uffff", "\\ufdd0", "\\udbff\\udfff", "a\\ud83d"]


def raw(client, text, key, headers=None):
    return post(client, None, key, raw=text.encode("utf-8"), headers=headers)


def envelope(reply, codigo):
    assert reply.status == 400, reply.body
    assert reply.body["codigo"] == codigo
    assert isinstance(reply.body["error"], str) and reply.body["error"]
    return reply.body


@pytest.mark.parametrize("bad", BAD)
def test_in_a_value(client, tenant, bad):
    body = envelope(raw(client, '{"action": "cliente-listar", "cliente_num_doc": "%s"}' % bad, tenant.key), 11)
    assert "cliente_num_doc" in body["campos"]
    assert "contiene" in body["error"]


@pytest.mark.parametrize("bad", BAD)
def test_in_a_field_name(client, tenant, bad):
    body = envelope(raw(client, '{"action": "cliente-listar", "x%s": 1}' % bad, tenant.key), 11)
    assert "nombre de campo" in body["error"] or "\\u" in body["error"]


@pytest.mark.parametrize("bad", BAD)
def test_in_action(client, tenant, bad):
    body = envelope(raw(client, '{"action": "%s"}' % bad, tenant.key), 30)
    assert "action" in body["error"]


def test_in_a_nested_line(client, tenant):
    text = '{"action": "factura-nuevo", "detalle": [{"cod_num": 1, "descripcion": "caf\\ud800"}]}'
    body = envelope(raw(client, text, tenant.key), 11)
    assert list(body["campos"]) == ["detalle[0].descripcion"]


def test_in_every_field_of_a_write(client, tenant):
    for name in examples.CLIENTE_NUEVO:
        if name == "action":
            continue
        payload = simplejson.dumps({**examples.CLIENTE_NUEVO, name: "x"})
        text = payload.replace('"x"', '"x\\ud800"', 1)
        body = envelope(raw(client, text, tenant.key), 11)
        assert name in body["campos"]


def test_raw_surrogate_bytes_are_decoded_not_crashed(client, tenant):
    # CESU-style bytes for U+D800 are not UTF-8: the Windows-1252 fallback reads them as ordinary text.
    data = '{"action": "cliente-listar", "cliente_num_doc": "\ud800"}'.encode("utf-8", "surrogatepass")
    reply = post(client, None, tenant.key, raw=data)
    assert reply.status < 500 and reply.status in (200, 400)


def test_valid_astral_and_accented_text_still_pass(call):
    reply = call(**{**examples.CLIENTE_NUEVO, "cliente_nombre": "PANADERÍA 🍞 ÑANDÚ"})
    assert reply.status == 201
    assert call("cliente-listar").body[0]["empresa"] == "PANADERÍA 🍞 ÑANDÚ"


@pytest.mark.parametrize("value", ["\x00" * 32, "é" * 32, "\udcff" * 32, "a" * 31 + "\x7f"])
def test_bad_key_header(client, value):
    response = client.post("/api", data=b'{"action": "cliente-listar"}',
                           headers={"Key": value.encode("utf-8", "surrogateescape").decode("latin-1")
                                    if "\udcff" in value else value})
    assert response.status_code == 401
    assert response.get_json()["codigo"] in (10, 20)


@pytest.mark.parametrize("value", ["\x00", "ñ", "a\x7fb", "\x1b[31m"])
def test_bad_idempotency_key_header(client, tenant, value):
    reply = post(client, {"action": "cliente-nuevo", **examples.CLIENTE_NUEVO}, tenant.key,
                 headers={"Idempotency-Key": value})
    assert envelope(reply, 11)["error"].startswith("No se recibió")


def test_a_path_with_odd_characters_is_a_json_404(client):
    response = client.get("/%ED%A0%80%00")
    assert response.status_code == 404
    assert response.get_json()["codigo"] == 30
