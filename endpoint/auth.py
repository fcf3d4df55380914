"""The `Key` header: 32 hex characters, stored only as SHA-256, found by its prefix (domain/keys.py).

Comparison is constant-time. `last_used_at` is written at most once a minute, not on every request.
"""

import datetime
import hmac

from domain.clock import utc_now
from domain.keys import hash_key
from domain.keys import is_well_formed
from domain.keys import prefix_of
from errors import InvalidToken
from errors import UnknownToken
from models.company import ApiKey
from models.company import keys_with_prefix

LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def authenticate(header_value):
    """The enabled ApiKey (with its company) for the header's value, or raise 20/10."""
    if header_value is None or not header_value.strip():
        raise UnknownToken("falta el encabezado Key con su clave de 32 caracteres hexadecimales")
    value = header_value.strip()
    if not is_well_formed(value):
        raise InvalidToken("la Key debe tener exactamente 32 caracteres hexadecimales (0-9, a-f)")
    digest = hash_key(value)
    for key in keys_with_prefix(prefix_of(value)):
        if hmac.compare_digest(key.key_hash, digest):
            if not key.enabled:
                raise InvalidToken("la Key está deshabilitada; pida al administrador que la habilite")
            touch(key)
            return key
    raise UnknownToken("la Key no está registrada")


def touch(key):
    moment = utc_now()
    if key.last_used_at is None or moment - key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.update(last_used_at=moment).where(ApiKey.id == key.id).execute()
        key.last_used_at = moment
