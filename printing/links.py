"""The public addresses of a document's files: `<GATEWAY_PUBLIC_URL>/cpe/<token>.pdf`, `.xml`, `.cdr.zip`.

Anyone holding the address can open those three files, and nothing else: the token names one document and
carries no key. Annulling the document revokes it (models/links.py).
"""

from models import links as links_table
from models.base import write_transaction

EXTENSIONS = ("pdf", "xml", "cdr.zip")


def base_url(config):
    return (config["PUBLIC_URL"] or f"http://{config['BIND']}").rstrip("/")


def url(config, token, extension="pdf"):
    return f"{base_url(config)}/cpe/{token}.{extension}" if token else None


def issue(config, document_id):
    """A new document's link (inside its creating transaction): the address of its PDF."""
    return url(config, links_table.create(document_id))


def token_for(document_id):
    """The document's live token, made now (in a short transaction of its own) when it never had one;
    None when it was revoked."""
    link = links_table.find(document_id)
    if link is None:
        with write_transaction():
            return links_table.token_of(document_id)
    return None if link.revoked_at else link.token
