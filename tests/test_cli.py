"""The administrator CLI: companies, keys (printed once, listed without the key), series, demo."""

import re

from models import ApiKey
from models.base import db
from tests.conftest import post


def run(app, *args, input=None):
    result = app.test_cli_runner().invoke(args=list(args), input=input)
    return result.exit_code, result.output


def test_company_key_life_cycle(app, client, tmp_path):
    assert run(app, "company", "create", "--ruc", "20100070970", "--razon-social", "ACME SAC") == (
        0, "empresa 1 creada: 20100070970 ACME SAC\n")
    code, output = run(app, "key", "create", "--company", "1", "--label", "caja 1")
    assert code == 0
    value = output.strip().splitlines()[-1]
    assert re.fullmatch(r"[0-9a-f]{32}", value)
    with db.connection_context():
        stored = ApiKey.get()
        assert value not in (stored.key_hash, stored.prefix + "x") and stored.prefix == value[:8]
    assert post(client, {"action": "cliente-listar"}, value).status == 200

    code, listing = run(app, "key", "list")
    assert code == 0 and value not in listing and f"{value[:8]}…" in listing and "caja 1" in listing
    assert "habilitada" in listing and "último uso: 20" in listing

    assert run(app, "key", "disable", value[:8])[0] == 0
    assert post(client, {"action": "cliente-listar"}, value).body["codigo"] == 10
    assert run(app, "key", "enable", "1")[0] == 0
    assert post(client, {"action": "cliente-listar"}, value).status == 200


def test_importing_an_old_key(app, client):
    run(app, "company", "create", "--ruc", "20100070970", "--razon-social", "ACME SAC")
    old = "6507c11d131abcb728652224fccfde8e"
    assert run(app, "key", "import", "--company", "1", "--value", old)[0] == 0
    assert post(client, {"action": "cliente-listar"}, old).status == 200
    code, output = run(app, "key", "import", "--company", "1", "--value", old)
    assert code == 1 and "ya está registrada" in output
    code, output = run(app, "key", "import", "--company", "1", "--value", "xyz")
    assert code == 1 and "32 caracteres hexadecimales" in output


def test_refusals_are_clean_errors(app):
    code, output = run(app, "company", "create", "--ruc", "20100070971", "--razon-social", "X")
    assert code == 1 and "RUC '20100070971' no válido" in output
    code, output = run(app, "key", "create", "--company", "9")
    assert code == 1 and "no existe la empresa 9" in output


def test_series_can_be_added_per_terminal(app):
    run(app, "company", "create", "--ruc", "20100070970", "--razon-social", "ACME SAC")
    assert run(app, "series", "add", "--company", "1", "--type", "boleta", "b002")[0] == 0
    code, output = run(app, "series", "add", "--company", "1", "--type", "boleta", "F002")
    assert code == 1 and "no es válida para Boleta de venta" in output
    code, output = run(app, "series", "list", "--company", "1")
    assert "boleta\tB002\túltimo número 0" in output and "factura\tF001\túltimo número 0 (predeterminada)" in output


def test_demo_creates_a_company_and_key_once(app, client, tmp_path):
    key_file = tmp_path / "demo-key"
    code, output = run(app, "demo", "--key-file", str(key_file))
    assert code == 0 and "empresa demo creada" in output
    value = key_file.read_text().strip()
    assert post(client, {"action": "cliente-listar"}, value).status == 200
    assert run(app, "demo", "--key-file", str(key_file))[1].startswith("la base de datos ya tiene empresas")


def test_issuer_setup_never_shows_a_secret(app, tmp_path):
    from sunat.certificates import self_signed

    run(app, "company", "create", "--ruc", "20100070970", "--razon-social", "ACME SAC")
    code, output = run(app, "issuer", "set", "--company", "1", "--ruc", "20100070970", "--razon-social", "ACME SAC",
                       "--direccion", "AV. LIMA 1", "--ubigeo", "150101", "--departamento", "LIMA", "--provincia",
                       "LIMA", "--distrito", "LIMA", "--usuario-sol", "MODDATOS", "--clave-sol",
                       input="s3cret-sol\n")
    assert code == 0, output
    assert "s3cret-sol" not in output
    code, output = run(app, "issuer", "show", "--company", "1")
    assert "clave SOL: configurada" in output and "certificado: falta" in output and "s3cret" not in output
    assert "usuario SOL: 20100070970MODDATOS" in output and "entorno: beta" in output

    assert run(app, "issuer", "test-certificate", "--company", "1")[0] == 0
    assert "certificado: configurado" in run(app, "issuer", "show", "--company", "1")[1]

    key_pem, cert_pem = self_signed("20100070970", "ACME SAC")
    (tmp_path / "k.pem").write_text(key_pem)
    (tmp_path / "c.pem").write_text(cert_pem)
    code, output = run(app, "issuer", "certificate", "--company", "1", "--key", str(tmp_path / "k.pem"),
                       "--cert", str(tmp_path / "c.pem"))
    assert code == 0 and "BEGIN" not in output
    _, other_cert = self_signed("20100070970", "OTRA")
    (tmp_path / "o.pem").write_text(other_cert)
    code, output = run(app, "issuer", "certificate", "--company", "1", "--key", str(tmp_path / "k.pem"),
                       "--cert", str(tmp_path / "o.pem"))
    assert code == 1 and "no corresponde al certificado" in output

    code, output = run(app, "issuer", "set", "--company", "1", "--entorno", "https://sunat.example/billService")
    assert code == 0
    assert "billService: https://sunat.example/billService" in run(app, "issuer", "show", "--company", "1")[1]
    assert run(app, "issuer", "set", "--company", "1", "--entorno", "ftp://x")[0] == 1


def test_issuer_certificate_from_a_pfx(app, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography import x509

    from sunat.certificates import self_signed

    run(app, "company", "create", "--ruc", "20100070970", "--razon-social", "ACME SAC")
    run(app, "issuer", "set", "--company", "1", "--ruc", "20100070970", "--razon-social", "ACME SAC", "--direccion",
        "AV. LIMA 1", "--ubigeo", "150101", "--departamento", "LIMA", "--provincia", "LIMA", "--distrito", "LIMA")
    key_pem, cert_pem = self_signed("20100070970", "ACME SAC")
    pfx = pkcs12.serialize_key_and_certificates(
        b"acme", serialization.load_pem_private_key(key_pem.encode(), None),
        x509.load_pem_x509_certificate(cert_pem.encode()), None,
        serialization.BestAvailableEncryption(b"pfx-pass"))
    (tmp_path / "c.pfx").write_bytes(pfx)
    assert run(app, "issuer", "certificate", "--company", "1", "--pfx", str(tmp_path / "c.pfx"), input="pfx-pass\n")[0] == 0
    code, output = run(app, "issuer", "certificate", "--company", "1", "--pfx", str(tmp_path / "c.pfx"), input="bad\n")
    assert code == 1 and "contraseña incorrecta" in output


def test_actions_lists_every_action_with_its_handler_schema_and_whether_it_writes(app):
    import importlib

    code, output = run(app, "actions")
    assert code == 0
    registry = app.extensions["gateway.registry"]
    lines = output.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == sorted(registry), "one line per action, by name"
    for line in lines:
        name, handler, schema, writes = line.split("\t")
        module, _, function = handler.partition(":")
        assert getattr(importlib.import_module(module), function.split("(")[0]) is registry[name].handler
        assert schema == type(registry[name].schema).__name__
        assert writes == ("escribe" if registry[name].writes else "lee")
    assert "factura-editar\tactions.documents:edit(kind=factura)\tDocumentoEditarSchema\tescribe" in lines
