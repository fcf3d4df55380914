"""Secrets at rest: no SOL password or private key can be read from a database dump; rotation works;
a missing or wrong master key is a clear error, never a crash and never a secret in clear."""

import subprocess
from pathlib import Path

import pytest

import vault
from app import create_app
from models import Issuer
from models import create_tables
from models.base import db
from tests.conftest import make_tenant
from tests.sunat_issuer import certificate
from tests.sunat_issuer import issuer_for

SOL_PASSWORD = "ClaveSol-Muy-Secreta-7391"


class NoPeer:
    url = "http://127.0.0.1:9/billService"  # never reached: these tests stop before talking to SUNAT


def key_fragments():
    """Distinctive pieces of the private key: its base64 lines."""
    key_pem = certificate()[0]
    return [line for line in key_pem.splitlines() if line and not line.startswith("-----")][1:4]


def make_issuer(company_id):
    issuer = issuer_for(company_id, NoPeer)
    with db.connection_context():
        Issuer.update(sol_password=SOL_PASSWORD).where(Issuer.id == issuer.id).execute()
    return issuer


def dump(database_url):
    """Every byte the database holds: the SQLite file and its WAL, or pg_dump's whole output."""
    db.close_all()
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    return subprocess.run(["pg_dump", "--no-owner", database_url], check=True, capture_output=True).stdout


def test_a_dump_holds_no_secret(app, database_url):
    tenant = make_tenant()
    make_issuer(tenant.company.id)
    with db.connection_context():
        issuer = Issuer.get()
        assert issuer.sol_password == SOL_PASSWORD  # read back in clear through the model
        assert issuer.private_key_pem == certificate()[0]
    data = dump(database_url)
    assert b"EMPRESA DEMO" in data  # the dump is real: clear columns are there
    assert SOL_PASSWORD.encode() not in data and b"moddatos" not in data
    for fragment in key_fragments():
        assert fragment.encode() not in data
    assert b"PRIVATE KEY" not in data
    assert b"gcm1:" in data


def test_sealed_values_are_bound_to_their_column(app):
    tenant = make_tenant()
    make_issuer(tenant.company.id)
    with db.connection_context():
        sealed_password = db.execute_sql("SELECT sol_password FROM issuer").fetchone()[0]
        db.execute_sql(f"UPDATE issuer SET private_key_pem = {db.obj.param}", (sealed_password,))
        with pytest.raises(vault.SecretKeyUnavailable, match="no se pudo verificar"):
            Issuer.get().private_key_pem


def cli(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    return result.exit_code, result.output


@pytest.fixture
def file_keyed_app(database_url, tmp_path):
    """An app whose master key is a key file, as `make run` sets it up."""
    key_file = tmp_path / "gateway.key"
    vault.write_key_file(key_file, vault.generate_key())
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "LOG_LEVEL": "CRITICAL",
                      "MASTER_KEY": "", "MASTER_KEY_FILE": str(key_file)})
    create_tables()
    yield app, key_file
    db.close_all()
    vault.configure(__import__("os").environ["GATEWAY_SECRET_KEY"], "")


def test_rotation_re_encrypts_everything_and_the_old_key_no_longer_opens_it(file_keyed_app, database_url):
    app, key_file = file_keyed_app
    tenant = make_tenant()
    make_issuer(tenant.company.id)
    old_text = key_file.read_text().strip()
    code, output = cli(app, "secrets", "status")
    old_id = vault.key_id(vault.keys.decode_key(old_text, "t"))
    assert code == 0 and f"clave en uso: {old_id}" in output and "issuer.sol_password: 1 cifrados" in output

    code, output = cli(app, "secrets", "rotate")
    assert code == 0, output
    new_text = key_file.read_text().strip()
    new_id = vault.key_id(vault.keys.decode_key(new_text, "t"))
    assert new_text != old_text and f"{old_id} → {new_id}: 2 secretos vueltos a cifrar" in output
    assert (key_file.parent / "gateway.key.old").read_text().strip() == old_text
    code, output = cli(app, "secrets", "status")
    assert f"claves {new_id}: 1" in output and old_id not in output.split("clave en uso")[1]
    with db.connection_context():
        assert Issuer.get().sol_password == SOL_PASSWORD
    data = dump(database_url)
    assert SOL_PASSWORD.encode() not in data and f"gcm1:{old_id}".encode() not in data

    # The old key is now the wrong key: named as such, with no secret shown.
    vault.configure(old_text, "")
    code, output = cli(app, "issuer", "show", "--company", str(tenant.company.id))
    assert code == 1
    assert f"los secretos se cifraron con la clave {new_id}" in output and SOL_PASSWORD not in output


def test_secrets_stored_in_clear_are_sealed_by_the_seal_command(file_keyed_app, database_url):
    app, _ = file_keyed_app
    tenant = make_tenant()
    make_issuer(tenant.company.id)
    with db.connection_context():  # as a database from before sealing holds them
        db.execute_sql(f"UPDATE issuer SET sol_password = {db.obj.param}", (SOL_PASSWORD,))
        assert Issuer.get().sol_password == SOL_PASSWORD
    assert "1 en claro" in cli(app, "secrets", "status")[1]
    code, output = cli(app, "secrets", "seal")
    assert code == 0 and "1 secretos en claro cifrados; 1 ya cifrados" in output
    assert SOL_PASSWORD.encode() not in dump(database_url)


def test_a_missing_key_is_a_clear_error_in_the_cli_and_the_api(app, client, shop, tenant, tmp_path):
    make_issuer(tenant.company.id)
    from tests.conftest import post

    created = post(client, {"action": "factura-nuevo", **shop.sale()}, tenant.key).body
    vault.configure("", str(tmp_path / "absent.key"))
    try:
        reply = post(client, {"action": "fesunat-enviar", "id": int(created["id"]), "tipodoc": 1}, tenant.key)
        assert reply.status == 500 and reply.body["codigo"] == 40
        assert "GATEWAY_SECRET_KEY" in reply.body["error"] and SOL_PASSWORD not in str(reply.body)
        code, output = cli(app, "issuer", "show", "--company", str(tenant.company.id))
        assert code == 1 and "defina GATEWAY_SECRET_KEY o GATEWAY_SECRET_KEY_FILE" in output
        assert "Traceback" not in output
    finally:
        vault.configure(__import__("os").environ["GATEWAY_SECRET_KEY"], "")
