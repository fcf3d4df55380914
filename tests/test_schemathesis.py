"""schemathesis 4 against /openapi.json, in process, on SQLite and PostgreSQL, bounded examples per route.

Every check runs, on cases generated inside the schema (positive) and outside it (negative): no 5xx,
every status, content type, header and answer as documented; what breaks the schema is refused; what
keeps to it is accepted. Two things are said here rather than left to the defaults:
- positive_data_acceptance takes the statuses the contract gives a well-formed body (CONFIG), and
  `invalid_refusals` narrows its 400: a body that /openapi.json accepts (checked with jsonschema, not
  taken from the generator's word) is never refused as invalid input (code 11), except by the few rules
  listed in BEYOND_JSON_SCHEMA, which JSON Schema cannot state and the fields' descriptions do.
- the tenant's Key replaces the generated one, except where a negative case broke that header (with_key).
"""

import re

import jsonschema
import schemathesis
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

EXAMPLES = 60
# positive_data_acceptance with the statuses a schema-valid body may get from the contract: 400 for a
# record it names that does not exist (code 12; `invalid_refusals` below refuses code 11 there), 404 for
# a route, 409 for a record whose state forbids the operation (13), and GET /docs's documented 308 to /docs/.
CONFIG = SchemathesisConfig.from_dict({"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2XX", "308", "400", "404", "409"]}}})
# Refusals (code 11) a schema-valid body may still get, each for a rule JSON Schema cannot state.
BEYOND_JSON_SCHEMA = (
    "decimales.",  # "Máximo 10 decimales.": a JSON number's decimals cannot be bounded (multipleOf is float)
    "El RUC ",  # its check digit (módulo 11) and its length by the document type: the field's description
    "El DNI ",  # its length by the document type: the field's description
    "ya lo usa",  # a code another record of the company holds: stored data, not the body's shape
)


def invalid_refusals(doc):
    """A check: the messages of a code-11 answer to a body /openapi.json accepts, beyond the known rules."""
    validators = {name: jsonschema.Draft202012Validator({"components": doc["components"],
                                                         "$ref": f"#/components/schemas/{name}"})
                  for name in doc["components"]["schemas"] if "." not in name}

    def refused(case, response):
        body = case.body
        if not (isinstance(body, dict) and body.get("action") in validators):
            return None
        if not validators[body["action"]].is_valid(body):
            return None
        answer = response.json()
        if response.status_code != 400 or answer.get("codigo") != 11:
            return ()
        messages = [f"{name}: {text}" for name, texts in (answer.get("campos") or {"": [answer["error"]]}).items()
                    for text in texts]
        return [message for message in messages if not any(rule in message for rule in BEYOND_JSON_SCHEMA)]

    return refused


def with_key(case, key):
    """The tenant's Key in place of the generated one, unless the case broke the header on purpose (a
    negative case whose Key is absent or outside its pattern, which must be refused)."""
    generated = (case.headers or {}).get("Key")
    if generated is None and case.meta.generation.mode == GenerationMode.NEGATIVE:
        return {}
    if generated is not None and not KEY_PATTERN.fullmatch(generated):
        return {}
    return {"Key": key}


KEY_PATTERN = re.compile("[0-9a-fA-F]{32}")


def test_the_contract(app, tenant, shop):
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app, config=CONFIG)
    refused = invalid_refusals(app.test_client().get("/openapi.json").get_json())
    failures, ran, valid_bodies, invalid_refused = [], [], [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in GenerationMode:

            # derandomize: the same examples every run, so a count below (how many negative bodies were
            # refused with 11) cannot fall under its floor by the luck of one run, as it once did (26 < 30).
            @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
                      database=None, derandomize=True)
            @given(case=operation.as_strategy(mode))
            def run(case):
                ran.append((operation.label, mode))
                try:
                    response = case.call_and_validate(headers=with_key(case, tenant.key))
                except (Exception, BaseExceptionGroup) as error:  # collect: one report of every kind of failure
                    failures.append(f"{operation.label}: {str(error)[:600]}")
                    return
                if mode == GenerationMode.NEGATIVE and response.status_code == 400:
                    invalid_refused.append(response.json()["codigo"])
                valid = mode == GenerationMode.POSITIVE and operation.label in ("POST /api", "POST /")
                found = refused(case, response) if valid else None
                if found is not None:
                    valid_bodies.append(case.body["action"])
                    if found:
                        failures.append(f"schema-valid body refused (11): {found} — {str(case.body)[:300]} "
                                        "Reproduce")

            try:
                run()
            except Unsatisfiable:  # nothing of this route can break its schema (GET /health has no input)
                assert mode == GenerationMode.NEGATIVE and not operation.label.startswith("POST")
    assert {(label, mode) for label in ("POST /api", "POST /") for mode in GenerationMode} <= set(ran)
    assert {"GET /health", "GET /metrics", "GET /docs/"} <= {label for label, _ in ran}
    assert len(valid_bodies) >= EXAMPLES, "the acceptance check judged schema-valid bodies"
    assert invalid_refused.count(11) >= EXAMPLES // 2, "the rejection check judged bodies outside the schema"
    kinds = sorted({failure.split("Reproduce")[0] for failure in failures})
    assert kinds == [], "\n\n".join(kinds)
