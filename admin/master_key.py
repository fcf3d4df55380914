"""Operating the master key that seals secrets at rest: make one for the demo, report, seal, rotate.

Rotation writes the new key beside the old one first, re-encrypts every secret in one transaction, and
only then puts the new key in place (the old one kept as `<file>.old`): a failure at any step leaves a
database that the key in place still opens.
"""

import os

import click
from flask import current_app
from flask.cli import with_appcontext

import vault
from models.base import db
from models.sealed import census
from models.sealed import reseal


def ensure_demo_key(config):
    """For `make run`: a key file at the configured path when no key is configured. Its path, or None."""
    source = vault.current()
    if source.available():
        return None
    path = vault.write_key_file(config["MASTER_KEY_FILE"], vault.generate_key())
    vault.configure(config["MASTER_KEY"], config["MASTER_KEY_FILE"])
    return os.path.abspath(path)


def status():
    """Lines describing the key in use and what the database holds."""
    source = vault.current()
    lines = [f"origen de la clave: {source.origin}"]
    try:
        lines.append(f"clave en uso: {vault.key_id(source.key())}")
    except vault.SecretKeyUnavailable as error:
        lines.append(f"clave en uso: no disponible ({error.detail})")
    with db.connection_context():
        for context, counts in census().items():
            keys = ", ".join(f"{k}: {n}" for k, n in sorted(counts["claves"].items())) or "-"
            lines.append(f"{context}: {counts['cifrados']} cifrados (claves {keys}), {counts['en_claro']} en claro")
    return lines


def seal_with_current():
    """Seal what is still clear and re-seal the rest under the key in use. (sealed, were clear)."""
    key = vault.current().key()
    with db.connection_context(), db.atomic():
        return reseal(key, key)


def rotate(config, new_key_file=None):
    """A new master key; every secret re-encrypted under it. Returns (old id, new id, where the key is)."""
    source = vault.current()
    old_key = source.key() if source.available() else None
    new_text = vault.generate_key()
    new_key = vault.keys.decode_key(new_text, "la clave nueva")
    if source.secret_key and not new_key_file:
        raise click.ClickException("la clave viene de GATEWAY_SECRET_KEY: indique --new-key-file para "
                                   "guardar la clave nueva, y luego defina GATEWAY_SECRET_KEY con ella")
    target = new_key_file or config["MASTER_KEY_FILE"]
    staged = vault.write_key_file(f"{target}.new", new_text)
    try:
        with db.connection_context(), db.atomic():
            counts = reseal(old_key, new_key)
    except BaseException:
        os.unlink(staged)
        raise
    if os.path.exists(target) and not source.secret_key:
        os.replace(target, f"{target}.old")
    os.replace(staged, target)
    if not source.secret_key:
        vault.configure("", target)
    old_id = vault.key_id(old_key) if old_key else "-"
    return old_id, vault.key_id(new_key), os.path.abspath(target), counts


@click.group("secrets", help="The master key that seals SOL passwords, private keys and the link secret at rest.")
def secrets_group():
    pass


@secrets_group.command("status")
def secrets_status():
    """Where the key comes from, its id, and how many secrets are sealed under which key."""
    for line in status():
        click.echo(line)


@secrets_group.command("generate")
def secrets_generate():
    """Print a new master key (for GATEWAY_SECRET_KEY or a key file); changes nothing."""
    click.echo(vault.generate_key())


@secrets_group.command("seal")
def secrets_seal():
    """Seal secrets stored in clear (a database from before sealing) under the key in use."""
    try:
        resealed, clear = seal_with_current()
    except vault.SecretKeyUnavailable as error:
        raise click.ClickException(error.detail) from None
    click.echo(f"{clear} secretos en claro cifrados; {resealed} ya cifrados, vueltos a cifrar")


@secrets_group.command("rotate")
@click.option("--new-key-file", help="where to write the new key (default: the configured key file)")
@with_appcontext
def secrets_rotate(new_key_file):
    """Make a new master key and re-encrypt every secret under it, in one transaction."""
    try:
        old_id, new_id, where, (resealed, clear) = rotate(current_app.config, new_key_file)
    except vault.SecretKeyUnavailable as error:
        raise click.ClickException(error.detail) from None
    click.echo(f"clave {old_id} → {new_id}: {resealed} secretos vueltos a cifrar, {clear} que estaban en claro cifrados")
    click.echo(f"la clave nueva está en {where}; reinicie el gateway y el worker para que la usen")
    if vault.current().secret_key:
        click.echo("defina GATEWAY_SECRET_KEY con el contenido de ese archivo antes de reiniciar")
