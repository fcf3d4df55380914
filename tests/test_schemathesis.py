"""schemathesis 4 against /openapi.json, in process, on SQLite and PostgreSQL, bounded examples per route.

Every default check runs but two, which the contract itself rules out:
- negative_data_rejection expects bodies outside the schema to be refused, but the contract is lenient
  on purpose (unknown fields ignored, numbers taken as text, strings trimmed): they are accepted.
- positive_data_acceptance expects every schema-valid body to be answered 2xx/404, but a valid shape may
  name a record that does not exist, which the contract answers HTTP 400 with code 12.
In its place, `no_valid_body_is_invalid`: a body that /openapi.json accepts (checked with jsonschema, not
taken from the generator's word) is never refused as invalid input (code 11), except by the few rules
listed in BEYOND_JSON_SCHEMA, which JSON Schema cannot state and the fields' descriptions do.
Everything else must hold: no 5xx, every status, content type, header and answer as documented.
"""

import jsonschema
import schemathesis
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from schemathesis.specs.openapi import checks

EXAMPLES = 60
EXCLUDED = [checks.positive_data_acceptance, checks.negative_data_rejection]
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


def test_the_contract(app, tenant, shop):
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    refused = invalid_refusals(app.test_client().get("/openapi.json").get_json())
    failures, ran, valid_bodies = [], [], []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def run(case):
            ran.append(operation.label)
            try:
                response = case.call_and_validate(headers={"Key": tenant.key}, excluded_checks=EXCLUDED)
            except (Exception, BaseExceptionGroup) as error:  # collect: one report of every kind of failure
                failures.append(f"{operation.label}: {str(error)[:600]}")
                return
            found = refused(case, response) if operation.label in ("POST /api", "POST /") else None
            if found is not None:
                valid_bodies.append(case.body["action"])
                if found:
                    failures.append(f"schema-valid body refused (11): {found} — {str(case.body)[:300]} Reproduce")

        run()
    assert {"POST /api", "POST /", "GET /health", "GET /metrics", "GET /docs/"} <= set(ran)
    assert len(valid_bodies) >= EXAMPLES, "the acceptance check judged schema-valid bodies"
    kinds = sorted({failure.split("Reproduce")[0] for failure in failures})
    assert kinds == [], "\n\n".join(kinds)
