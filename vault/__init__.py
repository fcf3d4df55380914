"""Secrets at rest: SOL passwords, private keys and the public links' secret sealed with AES-256-GCM
under a master key.

The master key is 32 random bytes, written as URL-safe base64, from `GATEWAY_SECRET_KEY` or else from the
key file `GATEWAY_SECRET_KEY_FILE` names (default `gateway.key`). It never enters the database: a dump
alone opens nothing. A sealed value reads `gcm1:<key id>:<nonce + ciphertext + tag, base64>`; the key id
(8 hex characters of the key's SHA-256) says which key sealed it, so a wrong key is named as such rather
than failing as corrupt data, and the column's name is bound as associated data, so a sealed SOL
password cannot be moved into another column and opened there.

models/sealed.py seals on write and opens on read; admin/secrets.py rotates the key.
"""

from vault.keys import KeySource
from vault.keys import SecretKeyUnavailable
from vault.keys import generate_key
from vault.keys import write_key_file
from vault.sealing import is_sealed
from vault.sealing import key_id
from vault.sealing import open_sealed
from vault.sealing import seal

__all__ = ["KeySource", "SecretKeyUnavailable", "generate_key", "write_key_file", "is_sealed", "key_id",
           "open_sealed", "seal", "configure", "current"]

_source = {"now": KeySource("", "gateway.key")}


def configure(secret_key, key_file):
    """Where the master key comes from (the app's settings); read lazily, on the first secret."""
    _source["now"] = KeySource(secret_key, key_file)
    return _source["now"]


def current():
    return _source["now"]
