"""The `Key` header (CONTRACT §2): 32 hex characters, stored only as SHA-256, found by prefix.

A key is random (128 bits), so a fast hash is right here: a slow password hash would cost every request
and protect nothing more. Comparison is constant-time. `last_used_at` is written at most once a minute,
not on every request.
"""

import datetime
import hashlib
import hmac
import re
import secrets

from errors import InvalidToken
from errors import UnknownToken
from models import ApiKey
from models import Company
from models.base import now

KEY_PATTERN = re.compile(r"^[0-9a-fA-F]{32}$")
PREFIX_LENGTH = 8
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_key(value):
    return hashlib.sha256(value.lower().encode("ascii")).hexdigest()


def new_key_value():
    return secrets.token_hex(16)


def is_well_formed(value):
    return bool(KEY_PATTERN.match(value))


def authenticate(header_value):
    """The enabled ApiKey (with its company) for the header's value, or raise 20/10."""
    if header_value is None or not header_value.strip():
        raise UnknownToken("falta el encabezado Key con su clave de 32 caracteres hexadecimales")
    value = header_value.strip()
    if not is_well_formed(value):
        raise InvalidToken("la Key debe tener exactamente 32 caracteres hexadecimales (0-9, a-f)")
    digest = hash_key(value)
    candidates = (ApiKey.select(ApiKey, Company)
                  .join(Company)
                  .where(ApiKey.prefix == value[:PREFIX_LENGTH].lower()))
    for key in candidates:
        if hmac.compare_digest(key.key_hash, digest):
            if not key.enabled:
                raise InvalidToken("la Key está deshabilitada; pida al administrador que la habilite")
            touch(key)
            return key
    raise UnknownToken("la Key no está registrada")


def touch(key):
    moment = now()
    if key.last_used_at is None or moment - key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.update(last_used_at=moment).where(ApiKey.id == key.id).execute()
        key.last_used_at = moment


def store_key(company, value, label=""):
    """Register `value` (already checked well-formed) for `company`; the value itself is not kept."""
    return ApiKey.create(
        company=company,
        prefix=value[:PREFIX_LENGTH].lower(),
        key_hash=hash_key(value),
        label=label,
    )
