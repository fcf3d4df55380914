"""The public addresses of a document's files: `<GATEWAY_PUBLIC_URL>/cpe/<token>.pdf`, `.xml`, `.cdr.zip`.

Anyone holding the address can open those three files, and nothing else: the token names one document and
carries no key (models/links.py says how it is made). Annulling the document revokes it.
"""

from models import links as links_table

EXTENSIONS = ("pdf", "xml", "cdr.zip")


def base_url(config):
    return (config["PUBLIC_URL"] or f"http://{config['BIND']}").rstrip("/")


def url(config, token, extension="pdf"):
    return f"{base_url(config)}/cpe/{token}.{extension}" if token else None


def issue(config, document_id):
    """A new document's public address (of its PDF)."""
    return url(config, links_table.token_of(document_id))


def token_for(document_id):
    """The document's token, or None once revoked."""
    return links_table.live_token(document_id)
