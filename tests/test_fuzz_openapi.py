"""Fuzzing the contract from /openapi.json: bodies that follow each action's schema, bodies that break it,
and raw hostile bytes. Zero 5xx; every error has the documented shape.
"""

import simplejson
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from tests.conftest import post

CASES_PER_ACTION = 100
anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8)


def from_schema(schema):
    """A strategy for the JSON Schema subset /openapi.json uses: types, enum, const, pattern, oneOf, bounds."""
    if "oneOf" in schema:
        return st.one_of([from_schema(option) for option in schema["oneOf"]])
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "number":
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        return st.decimals(low, schema.get("maximum"), places=2, allow_nan=False, allow_infinity=False)
    if kind == "string":
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True)
        return st.text(min_size=schema.get("minLength", 0), max_size=min(schema.get("maxLength", 50), 300))
    if kind == "array":
        return st.lists(from_schema(schema["items"]), min_size=schema.get("minItems", 0),
                        max_size=min(schema.get("maxItems", 5), 5))
    if kind == "object":
        properties = schema["properties"]
        required = {name: from_schema(properties[name]) for name in schema.get("required", [])}
        optional = {name: from_schema(rule) for name, rule in properties.items() if name not in required}
        return st.fixed_dictionaries(required, optional=optional)
    raise ValueError(f"no strategy for {schema}")


def check(reply, payload):
    assert reply.status < 500, (payload, reply.body)
    if reply.status >= 400:
        assert isinstance(reply.body, dict) and isinstance(reply.body.get("error"), str), reply.body
        assert isinstance(reply.body.get("codigo"), int) and not isinstance(reply.body["codigo"], bool)


def fuzz_action(client, key, schema, name):
    """CASES_PER_ACTION bodies for one action: valid per its schema, or with fields of the wrong type."""
    properties = schema["properties"]
    wrong = st.fixed_dictionaries({"action": st.just(name)},
                                  optional={field: anything for field in properties if field != "action"})
    seen = []

    @settings(max_examples=CASES_PER_ACTION, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(payload=from_schema(schema) | wrong)
    def run(payload):
        seen.append(payload)
        check(post(client, payload, key), payload)

    run()
    return len(seen)


def test_every_action_fuzzed_from_the_openapi_document(app, client, tenant, shop):
    spec = client.get("/openapi.json").get_json()
    total = with_fields = 0
    for name in sorted(app.extensions["gateway.registry"]):
        schema = spec["components"]["schemas"][name]
        total += fuzz_action(client, tenant.key, schema, name)
        # an action without fields (fesunat-estado) has only a couple of distinct bodies to try
        with_fields += bool(set(schema["properties"]) - {"action"})
    assert total >= CASES_PER_ACTION * with_fields


HOSTILE = [
    b"", b" ", b"\x00", b"\xff\xfe\xfd", b"[" * 200_000, b'{"a":' * 100_000, b'"' + b"x" * 900_000 + b'"',
    b'{"action": NaN}', b'{"action": "cliente-nuevo", "sucursal_pais": ' + b"9" * 5000 + b"}",
    b'{"action": "cliente-nuevo", "sucursal_pais": 1e999999}', b'{"action": "cliente-nuevo", "x": -Infinity}',
    b'{"action": {"$ne": 1}}', b'{"action": ["cliente-listar"]}', b'{"action": "cliente-listar", "limite": -1}',
    b'{"action": "factura-nuevo", "detalle": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    b'{"action": "factura-nuevo", "detalle": [' + b"{}," * 50_000 + b"{}]}",
    "{\"action\": \"cliente-nuevo\", \"cliente_nombre\": \"\udcff\"}".encode("utf-8", "surrogatepass"),
    b'{"action": "cliente-nuevo", "cliente_nombre": "\\ud800"}', b"\xef\xbb\xbf\xef\xbb\xbf{}",
    b'{"action": "fesunat-enviar", "id": 1, "tipodoc": 1}' * 3, b"x" * (1024 * 1024 + 1),
]


def test_raw_hostile_bodies(client, tenant):
    for data in HOSTILE:
        reply = post(client, None, tenant.key, raw=data)
        check(reply, data[:80])


def test_wrong_types_for_every_field_of_every_action(app, client, tenant):
    wrong_values = [None, True, -1, 2 ** 63, 1.5, "", "x" * 2000, [], {}, [{}], "\u0000", "1e5"]
    for name, entry in sorted(app.extensions["gateway.registry"].items()):
        for field in entry.schema.load_fields:
            for value in wrong_values:
                payload = {"action": name, field: value}
                check(post(client, payload, tenant.key), payload)
