"""Fixtures: every test that uses `app` runs on SQLite (a temporary file) and on PostgreSQL.

PostgreSQL is the server of `TEST_DATABASE_URL`, or the local one at 127.0.0.1:5432; each run creates a
database of its own there and drops it at exit, so two runs at once never meet. Where the server does not
answer, its half of the suite is skipped, except under CI (CI=true), where that is a failure.
"""

import os
from dataclasses import dataclass

# Every app and every gunicorn the tests start seals secrets under this test-only master key (vault/).
os.environ.setdefault("GATEWAY_SECRET_KEY", "dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMhISE=")

import peewee
import psycopg2
import pytest
import simplejson

from admin.companies import create_company
from admin.companies import create_key
from app import create_app
from models import create_tables
from models.base import db
from tests.scratch_database import ScratchDatabase
from tests.sunat_reference import SUNAT_DIR
from tests.scratch_database import reachable

def pytest_sessionstart(session):
    # Hundreds of tests judge the XML by SUNAT's own schemas and rules, which live outside this repository:
    # without them, one message that says where to put them, not hundreds of FileNotFoundErrors.
    if not (SUNAT_DIR / "validate.py").is_file():
        pytest.exit(f"SUNAT's schemas and rules are not at {SUNAT_DIR}: clone this repository beside the shared "
                    "folder (../shared/sunat) or set SUNAT_REFERENCE_DIR to its sunat folder", returncode=4)


# The server to use; each run works in a database of its own there (tests/scratch_database.py).
POSTGRES_SERVER_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
_postgres_state = {}
_scratch = ScratchDatabase(POSTGRES_SERVER_URL)


def postgres_reachable():
    if "ok" not in _postgres_state:
        _postgres_state["why"] = reachable(POSTGRES_SERVER_URL)
        _postgres_state["ok"] = _postgres_state["why"] is None
    return _postgres_state["ok"]


def postgres_url():
    """This run's own PostgreSQL database."""
    return _scratch.url()


def reset_postgres():
    """Tables emptied (ids restarted) before every test; the run's database starts empty."""
    url = postgres_url()
    if not _postgres_state.get("used"):
        _postgres_state["used"] = True
        return url
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = ", ".join(f'"{name}"' for (name,) in cursor.fetchall())
        if tables:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    connection.close()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/gateway.db"
    if not postgres_reachable():
        message = f"PostgreSQL not reachable at {POSTGRES_SERVER_URL}: {_postgres_state.get('why')}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return reset_postgres()


@pytest.fixture
def app(database_url):
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "LOG_LEVEL": "WARNING"})
    create_tables()
    yield app
    db.close_all()


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class Tenant:
    """A company and one of its keys, as a client of the gateway sees them."""

    company: object
    key: str


def make_tenant(ruc="20000000001", name="EMPRESA DEMO S.A.C."):
    with db.connection_context(), db.atomic():
        company = create_company(ruc, name)
        _, value = create_key(company, "tests")
    return Tenant(company, value)


@pytest.fixture
def sent(monkeypatch):
    """The SQL text of every statement sent through execute_sql from now on (COMMIT too, when it is joined)."""
    texts = []
    plain = peewee.Database.execute_sql

    def recording(self, text, params=None):
        texts.append(text)
        return plain(self, text, params)

    monkeypatch.setattr(peewee.Database, "execute_sql", recording)
    return texts


@pytest.fixture
def tenant(app):
    return make_tenant()


@pytest.fixture
def other_tenant(app):
    return make_tenant("20100070970", "OTRA EMPRESA S.A.")


@dataclass
class Reply:
    status: int
    body: object
    headers: dict


def post(client, payload, key, raw=None, headers=None):
    """POST /api with `payload` (a dict, sent as JSON) or `raw` bytes; returns a Reply."""
    data = raw if raw is not None else simplejson.dumps(payload, use_decimal=True).encode()
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if key is not None:
        all_headers["Key"] = key
    response = client.post("/api", data=data, headers=all_headers)
    body = simplejson.loads(response.get_data(as_text=True), use_decimal=True)
    return Reply(response.status_code, body, dict(response.headers))


@pytest.fixture
def call(client, tenant):
    """call("cliente-nuevo", **fields) as the tenant's key; `_key=` to use another key."""

    def call(action, _key=None, **fields):
        payload = {"action": action, **fields} if action is not None else fields
        return post(client, payload, _key or tenant.key)

    return call


@dataclass
class Shop:
    """A company ready to sell: a RUC client, a DNI client, goods with stock, an exonerated good, a service."""

    ruc_client: int
    ruc_contact: int
    dni_client: int
    dni_contact: int

    def sale(self, client="ruc", **fields):
        ident, contact = ((self.ruc_client, self.ruc_contact) if client == "ruc"
                          else (self.dni_client, self.dni_contact))
        return {"factura_estado": 1, "factura_cliente": ident, "factura_idmoneda": 1,
                "factura_idcontacto": contact, "detalle": [{"cod_num": 1001}], **fields}


@pytest.fixture
def shop(call):
    from tests import examples

    ruc = call(**examples.CLIENTE_NUEVO).body
    dni = call(**{**examples.CLIENTE_NUEVO, "cliente_nombre": "GERARDO ESPINOZA", "cliente_num_doc": "06807263",
                  "cliente_idtipo_documento": 2}).body
    for fields in (
        {"cod_num": 1001, "producto_nombre": "ARROZ 5KG", "producto_precio": "23.60"},
        {"cod_num": 1002, "producto_nombre": "LIBRO", "producto_precio": "50.00", "producto_afectacion_igv": 20},
        {"cod_num": 1003, "producto_nombre": "INSTALACION", "producto_precio": "118.00", "producto_tipo": 2},
    ):
        assert call("producto-nuevo", **fields).status == 201
    assert call("inventario-ingreso", cod_num=1001, cantidad=100, costo="15.00").status == 200
    assert call("inventario-ingreso", cod_num=1002, cantidad=10, costo="30.00").status == 200
    return Shop(ruc["id"], ruc["idpersonal"], dni["id"], dni["idpersonal"])
