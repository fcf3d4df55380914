"""The master key: where it comes from, how a new one is made and written, and the error when it is absent."""

import base64
import binascii
import logging
import os
from pathlib import Path

from errors import InternalError

KEY_BYTES = 32
logger = logging.getLogger("gateway.vault")


class SecretKeyUnavailable(InternalError):
    """The master key is missing, malformed or not the one that sealed the stored secrets (code 40)."""

    message = "Error interno desconocido"


def generate_key():
    """A new master key as text (URL-safe base64 of 32 random bytes)."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def decode_key(text, origin):
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) != KEY_BYTES:
        raise unavailable(f"{origin} no contiene una clave maestra válida (32 bytes en base64 URL); "
                          "genere una con `flask --app app secrets generate`")
    return raw


def write_key_file(path, text):
    """Write a key file readable by its owner only, atomically (a crash leaves the old file or the new one)."""
    path = Path(path)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return path


def unavailable(detail):
    logger.error("secret key unavailable: %s", detail)
    return SecretKeyUnavailable(f"la clave maestra de secretos no está disponible: {detail}")


class KeySource:
    """GATEWAY_SECRET_KEY when set, else the key file; the decoded key is cached once read."""

    def __init__(self, secret_key, key_file):
        self.secret_key = secret_key or ""
        self.key_file = key_file or ""
        self._key = None

    @property
    def origin(self):
        if self.secret_key:
            return "GATEWAY_SECRET_KEY"
        return f"el archivo de clave {os.path.abspath(self.key_file)}" if self.key_file else "(ninguno)"

    def available(self):
        return bool(self.secret_key) or bool(self.key_file and os.path.exists(self.key_file))

    def key(self):
        if self._key is None:
            if self.secret_key:
                self._key = decode_key(self.secret_key, "GATEWAY_SECRET_KEY")
            elif self.key_file and os.path.exists(self.key_file):
                try:
                    text = Path(self.key_file).read_text(encoding="ascii")
                except (OSError, UnicodeDecodeError) as error:
                    raise unavailable(f"no se pudo leer {self.origin} ({error.__class__.__name__})") from None
                self._key = decode_key(text, self.origin)
            else:
                raise unavailable("defina GATEWAY_SECRET_KEY o GATEWAY_SECRET_KEY_FILE "
                                  f"(se buscó {self.origin}); `flask --app app demo` crea una para la demo")
        return self._key
