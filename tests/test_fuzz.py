"""Any JSON in any field of any action: a documented error or a success, never a 5xx.

Hypothesis fills each registered action's fields (and a few unknown ones) with arbitrary JSON values:
huge and negative numbers, decimals, unicode and control characters, nested lists and objects, nulls.
"""

import pytest
import simplejson
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from tests.conftest import post

scalars = (st.none() | st.booleans() | st.integers(min_value=-(10 ** 40), max_value=10 ** 40)
           | st.decimals(allow_nan=False, allow_infinity=False)
           | st.text(max_size=300) | st.sampled_from(["", " ", "1", "0", "-1", "06807263", "20550117968",
                                                       "2024-01-31", "31-01-2024", "14:25:32", "true", "{"])
           # values that pass validation and name real records, so cases reach the handlers
           | st.sampled_from([1, 2, 3, 1001, 1002, 1003, "2", 10, 20, 40, "0.5", 100, 0]))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)


@pytest.fixture
def action_names(app):
    return sorted(app.extensions["gateway.registry"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_payload_makes_a_5xx(app, client, tenant, shop, data):
    registry = app.extensions["gateway.registry"]
    name = data.draw(st.sampled_from(sorted(registry)))
    fields = list(registry[name].schema.load_fields)
    # an action without fields (fesunat-estado) still gets the unknown ones below
    chosen = data.draw(st.lists(st.sampled_from(fields), unique=True, max_size=len(fields))) if fields else []
    payload = {"action": name}
    for field in chosen:
        payload[field] = data.draw(json_values)
    if data.draw(st.booleans()):
        payload["detalle"] = data.draw(st.lists(st.dictionaries(
            st.sampled_from(["cod_num", "cantidad", "precio_unit", "descuento", "descripcion", "num_serie", "x"]),
            json_values, max_size=6), max_size=3))
    reply = post(client, payload, tenant.key)
    assert reply.status < 500, (payload, reply.body)
    if reply.status >= 400:
        assert set(reply.body) >= {"error", "codigo"} and isinstance(reply.body["codigo"], int)
        assert isinstance(reply.body["error"], str)
    simplejson.dumps(reply.body, use_decimal=True)
