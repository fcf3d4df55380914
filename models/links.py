"""Public links: an unguessable token per document, through which `GET /cpe/<token>.pdf` (and `.xml`,
`.cdr.zip`) serve its files without a key.

The token is the document's id encrypted with AES under a secret the gateway keeps in its own database
(`LinkSecret`, made with the tables), together with a 64-bit check of that id: 16 bytes, 22 characters of
URL-safe base64. It reveals nothing (not even the id), costs a sale no row and no index, and exists for
every document, old ones too. Forging one means guessing 2^64 values for one document. Annulling the
document revokes its token for good (`revoke`); a revoked or invalid token opens nothing. Changing the
secret (deleting its row) changes every link at once.

The secret is sealed at rest like the SOL password (models/sealed.py): a dump alone forges no link.
Sealing it, or rotating the master key, keeps its value, so every link made before still opens.
"""

import base64
import binascii
import hashlib
import hmac
import secrets
import struct
import threading
import weakref

from cryptography.hazmat.primitives.ciphers import Cipher
from cryptography.hazmat.primitives.ciphers import algorithms
from cryptography.hazmat.primitives.ciphers import modes
from peewee import AutoField
from peewee import DateTimeField
from peewee import ForeignKeyField

from domain.clock import utc_now
from models.base import BaseModel
from models.base import db
from models.document import Document
from models.sealed import SealedField

TOKEN_LENGTH = 22


class LinkSecret(BaseModel):
    """One row: the secret every public link of this database is made with."""

    id = AutoField()
    secret = SealedField()  # 32 bytes, hexadecimal; sealed, so longer than the 64 characters it holds
    created_at = DateTimeField(default=utc_now)


class RevokedLink(BaseModel):
    document = ForeignKeyField(Document, unique=True, on_delete="CASCADE")
    revoked_at = DateTimeField(default=utc_now)


class _Keys:
    """The cipher and check key of one database's secret."""

    def __init__(self, secret):
        self.cipher = Cipher(algorithms.AES(secret), modes.ECB())  # one block: a permutation of ids
        self.check_key = hashlib.sha256(b"cpe-check" + secret).digest()
        self._local = threading.local()

    def check(self, document_id):
        return hmac.digest(self.check_key, struct.pack(">Q", document_id), "sha256")[:8]

    def seal(self, block):
        """One block encrypted. ECB carries nothing from one block to the next, so each thread keeps one
        encryptor for every token it makes (every new document's answer carries one)."""
        encryptor = getattr(self._local, "encryptor", None)
        if encryptor is None:
            encryptor = self._local.encryptor = self.cipher.encryptor()
        return encryptor.update(block)


_keys = weakref.WeakKeyDictionary()  # database → _Keys: the secret never changes, so it is read once
_lock = threading.Lock()


def ensure_secret():
    """Make the secret if the database has none (at table creation; racing makers keep the first)."""
    if not LinkSecret.select().exists():
        LinkSecret.insert(id=1, secret=secrets.token_hex(32)).on_conflict_ignore().execute()


def _current():
    database = db.obj
    with _lock:
        found = _keys.get(database)
    if found is None:
        ensure_secret()
        found = _Keys(bytes.fromhex(LinkSecret.select().order_by(LinkSecret.id).get().secret))
        with _lock:
            _keys[database] = found
    return found


def token_of(document_id):
    """The document's token (the same every time)."""
    keys = _current()
    sealed = keys.seal(struct.pack(">Q", document_id) + keys.check(document_id))
    return base64.urlsafe_b64encode(sealed).rstrip(b"=").decode()


def document_of(token):
    """The id of the document a valid, unrevoked token opens, or None."""
    if len(token) != TOKEN_LENGTH:
        return None
    try:
        sealed = base64.urlsafe_b64decode(token + "==")
    except (binascii.Error, ValueError):
        return None
    if len(sealed) != 16 or base64.urlsafe_b64encode(sealed).rstrip(b"=").decode() != token:
        return None  # one spelling per token: the last character's unused bits must be zero
    keys = _current()
    decryptor = keys.cipher.decryptor()
    opened = decryptor.update(sealed) + decryptor.finalize()
    document_id = struct.unpack(">Q", opened[:8])[0]
    if not hmac.compare_digest(opened[8:], keys.check(document_id)) or is_revoked(document_id):
        return None
    return document_id


def is_revoked(document_id):
    return RevokedLink.select().where(RevokedLink.document == document_id).exists()


def live_token(document_id):
    """The document's token, or None once revoked."""
    return None if is_revoked(document_id) else token_of(document_id)


def revoke(document_id):
    """The document's link stops working for good (it is annulled)."""
    RevokedLink.insert(document=document_id).on_conflict_ignore().execute()
