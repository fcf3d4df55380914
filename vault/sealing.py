"""AES-256-GCM sealing of one text value under a 32-byte key, bound to the column it lives in."""

import base64
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from vault.keys import unavailable

PREFIX = "gcm1:"
NONCE_BYTES = 12  # 96-bit random nonces: safe far beyond the number of secrets a gateway ever seals


def key_id(key):
    return hashlib.sha256(b"gateway-master-key" + key).hexdigest()[:8]


def is_sealed(text):
    return isinstance(text, str) and text.startswith(PREFIX)


def seal(text, key, context):
    """'gcm1:<key id>:<base64>' for `text`; `context` (table.column) is authenticated with it."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, text.encode("utf-8"), context.encode("utf-8"))
    return f"{PREFIX}{key_id(key)}:{base64.b64encode(nonce + sealed).decode('ascii')}"


def open_sealed(text, key, context, origin="la clave configurada"):
    """The clear text; SecretKeyUnavailable naming the problem when `key` is not the sealing one."""
    try:
        _, _, rest = text.partition(PREFIX)
        sealed_by, _, payload = rest.partition(":")
        raw = base64.b64decode(payload, validate=True)
    except ValueError:
        raise unavailable(f"un secreto guardado en {context} está dañado") from None
    if sealed_by != key_id(key):
        raise unavailable(f"los secretos se cifraron con la clave {sealed_by}, pero {origin} es la clave "
                          f"{key_id(key)}; configure la clave correcta")
    try:
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode("utf-8")).decode("utf-8")
    except InvalidTag:
        raise unavailable(f"un secreto guardado en {context} no se pudo verificar (¿alterado?)") from None
