"""Secrets at rest: no SOL password, private key or link secret can be read from a database dump; rotation
works; a missing or wrong master key is a clear error, never a crash and never a secret in clear."""

import os
import subprocess
from pathlib import Path

import pytest

import vault
from app import create_app
from models import Issuer
from models import LinkSecret
from models import create_tables
from models.base import db
from models.base import is_sqlite
from tests.conftest import make_tenant
from tests.conftest import post
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


def link_secret():
    """The link secret in clear (as the model reads it), as bytes to look for in a dump."""
    with db.connection_context():
        return LinkSecret.get().secret.encode()


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
    secret = link_secret()
    assert len(secret) == 64
    data = dump(database_url)
    assert b"EMPRESA DEMO" in data  # the dump is real: clear columns are there
    assert SOL_PASSWORD.encode() not in data and b"moddatos" not in data
    assert secret not in data, "the link secret would let anyone forge /cpe/ links"
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
    assert f"link_secret.secret: 1 cifrados (claves {old_id}: 1), 0 en claro" in output
    secret = link_secret()

    code, output = cli(app, "secrets", "rotate")
    assert code == 0, output
    new_text = key_file.read_text().strip()
    new_id = vault.key_id(vault.keys.decode_key(new_text, "t"))
    # SOL password, private key and link secret
    assert new_text != old_text and f"{old_id} → {new_id}: 3 secretos vueltos a cifrar, 0 que" in output
    assert (key_file.parent / "gateway.key.old").read_text().strip() == old_text
    code, output = cli(app, "secrets", "status")
    assert f"claves {new_id}: 1" in output and old_id not in output.split("clave en uso")[1]
    assert f"link_secret.secret: 1 cifrados (claves {new_id}: 1), 0 en claro" in output
    with db.connection_context():
        assert Issuer.get().sol_password == SOL_PASSWORD
    assert link_secret() == secret, "rotating the key keeps the link secret, so every link"
    data = dump(database_url)
    assert SOL_PASSWORD.encode() not in data and f"gcm1:{old_id}".encode() not in data and secret not in data

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
    assert code == 0 and "1 secretos en claro cifrados; 2 ya cifrados" in output  # the key and the link secret
    assert SOL_PASSWORD.encode() not in dump(database_url)


def restart(database_url, master_key=None):
    """A new app on the same database, as after a restart: the link keys the old one read are gone."""
    db.close_all()
    return create_app({"DATABASE_URL": database_url, "TESTING": True, "LOG_LEVEL": "WARNING",
                       "MASTER_KEY": master_key or os.environ["GATEWAY_SECRET_KEY"], "MASTER_KEY_FILE": ""})


def store_link_secret_in_clear(secret):
    """As a database from before the link secret was sealed holds it (in a varchar(64) on PostgreSQL)."""
    with db.connection_context():
        db.execute_sql(f"UPDATE link_secret SET secret = {db.obj.param}", (secret.decode(),))
        if not is_sqlite():
            db.execute_sql("ALTER TABLE link_secret ALTER COLUMN secret TYPE varchar(64)")


def stored_link_secret():
    with db.connection_context():
        return db.execute_sql("SELECT secret FROM link_secret").fetchone()[0]


def test_links_made_before_sealing_and_rotation_still_open(app, database_url, tenant, shop, tmp_path):
    make_issuer(tenant.company.id)
    secret = link_secret()
    store_link_secret_in_clear(secret)
    gateway = restart(database_url)
    created = post(gateway.test_client(), {"action": "factura-nuevo", **shop.sale()}, tenant.key).body
    path = "/cpe/" + created["enlace_pdf"].rsplit("/", 1)[1]
    before = gateway.test_client().get(path)
    assert before.status_code == 200 and before.content_type == "application/pdf"
    assert "link_secret.secret: 0 cifrados (claves -), 1 en claro" in cli(gateway, "secrets", "status")[1]

    # Without the key, init-db says so and leaves the database as it was.
    vault.configure("", str(tmp_path / "absent.key"))
    code, output = cli(gateway, "init-db")
    assert code == 1 and "defina GATEWAY_SECRET_KEY" in output and "Traceback" not in output
    assert stored_link_secret() == secret.decode()

    gateway = restart(database_url)
    code, output = cli(gateway, "init-db")
    assert code == 0 and "base de datos lista" in output
    assert vault.is_sealed(stored_link_secret()) and link_secret() == secret, "sealed, with its value unchanged"
    assert secret not in dump(database_url)
    if not is_sqlite():
        with db.connection_context():
            assert db.execute_sql("SELECT data_type FROM information_schema.columns WHERE table_name = "
                                  "'link_secret' AND column_name = 'secret'").fetchone() == ("text",)
    after = restart(database_url).test_client().get(path)
    assert after.status_code == 200 and after.data == before.data, "a link made before sealing still opens"

    code, output = cli(restart(database_url), "secrets", "rotate", "--new-key-file", str(tmp_path / "new.key"))
    assert code == 0 and "3 secretos vueltos a cifrar, 0 que estaban en claro cifrados" in output, output
    try:
        rotated = restart(database_url, (tmp_path / "new.key").read_text().strip())
        assert rotated.test_client().get(path).data == before.data, "a link made before rotation still opens"
        assert link_secret() == secret
    finally:
        vault.configure(os.environ["GATEWAY_SECRET_KEY"], "")


def test_a_missing_key_is_a_clear_error_in_the_cli_and_the_api(app, client, shop, tenant, tmp_path):
    make_issuer(tenant.company.id)
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
