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
from models import sql
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
    for key in keys_with_prefix(value[:PREFIX_LENGTH].lower()):
        if hmac.compare_digest(key.key_hash, digest):
            if not key.enabled:
                raise InvalidToken("la Key está deshabilitada; pida al administrador que la habilite")
            touch(key)
            return key
    raise UnknownToken("la Key no está registrada")


KEY_COLUMNS = ("id", "company", "prefix", "key_hash", "label", "enabled", "last_used_at", "permissions", "rate_limit")
COMPANY_COLUMNS = ("id", "ruc", "razon_social", "allow_negative_stock")


@sql.statement
def keys_query():
    return (f"SELECT {sql.columns(ApiKey, KEY_COLUMNS, 'k')}, {sql.columns(Company, COMPANY_COLUMNS, 'c')} "
            f"FROM {sql.table(ApiKey)} AS k JOIN {sql.table(Company)} AS c "
            f"ON {sql.column(Company, 'id', 'c')} = {sql.column(ApiKey, 'company', 'k')} "
            f"WHERE {sql.equal(ApiKey, ['prefix'], 'k')}")


def keys_with_prefix(prefix):
    """ApiKeys (with their Company) for a prefix, in one fixed query: it runs on every request."""
    keys = []
    for row in sql.fetch(keys_query(), [prefix]):
        key_values, company_values = row[:len(KEY_COLUMNS)], row[len(KEY_COLUMNS):]
        company = Company(**{n: Company._meta.fields[n].python_value(v) for n, v in zip(COMPANY_COLUMNS, company_values)})
        fields = {n: ApiKey._meta.fields[n].python_value(v) for n, v in zip(KEY_COLUMNS, key_values) if n != "company"}
        key = ApiKey(**fields)
        key.company = company
        keys.append(key)
    return keys


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
