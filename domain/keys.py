"""API keys: 32 hexadecimal characters, stored only as SHA-256 and found by their first eight.

A key is random (128 bits), so a fast hash is right: a slow password hash would cost every request and
protect nothing more.
"""

import hashlib
import re
import secrets

KEY_PATTERN = re.compile(r"^[0-9a-fA-F]{32}$")
PREFIX_LENGTH = 8


def is_well_formed(value):
    return bool(KEY_PATTERN.match(value))


def hash_key(value):
    return hashlib.sha256(value.lower().encode("ascii")).hexdigest()


def prefix_of(value):
    return value[:PREFIX_LENGTH].lower()


def new_key_value():
    return secrets.token_hex(16)
