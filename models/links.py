"""Public links: an unguessable token per document, through which `GET /cpe/<token>.pdf` (and `.xml`,
`.cdr.zip`) serve its files without a key.

The token is 24 random bytes (192 bits) in URL-safe base64, made when the document is; a document made
before links existed gets one the first time it is printed. Annulling the document revokes it for good
(`revoke`): the link then answers 404, as a token that never existed does.
"""

import secrets

from peewee import AutoField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField

from domain.clock import utc_now
from models.base import BaseModel
from models.bulk import insert_values
from models.document import Document

TOKEN_BYTES = 24


class PublicLink(BaseModel):
    id = AutoField()
    document = ForeignKeyField(Document, unique=True, on_delete="CASCADE")
    token = CharField(max_length=64, unique=True)
    revoked_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utc_now)


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def create(document_id):
    """A new document's link (the insert travels with the sale's other deferred rows); returns its token."""
    token = new_token()
    insert_values(PublicLink, ("document", "token"), [(document_id, token)])
    return token


def find(document_id):
    return PublicLink.get_or_none(PublicLink.document == document_id)


def token_of(document_id):
    """The document's live token, made now when it has none; None when its link was revoked."""
    link = PublicLink.get_or_none(PublicLink.document == document_id)
    if link is None:
        token = new_token()
        PublicLink.insert(document=document_id, token=token).on_conflict_ignore().execute()
        link = PublicLink.get(PublicLink.document == document_id)
    return None if link.revoked_at else link.token


def live_token(document_id):
    """The document's token if it has a live one, without making one (for reading only)."""
    link = PublicLink.get_or_none(PublicLink.document == document_id)
    return link.token if link is not None and link.revoked_at is None else None


def document_of(token):
    """The id of the document a live token opens, or None."""
    link = PublicLink.get_or_none((PublicLink.token == token) & PublicLink.revoked_at.is_null())
    return link.document_id if link is not None else None


def revoke(document_id):
    """The document's link stops working for good (it is annulled). A document without one gets a revoked
    one, so that none is made for it later."""
    PublicLink.insert(document=document_id, token=new_token(), revoked_at=utc_now()).on_conflict(
        conflict_target=[PublicLink.document], update={PublicLink.revoked_at: utc_now()}).execute()
