"""`GET /cpe/<token>.pdf`, `.xml`, `.cdr.zip`: a document's files for whoever holds its link, with no key.

A token that does not exist, was revoked (the document was annulled) or names a file the document does
not have gets the same 404, which says nothing about which it was. The request log shows the route
without the token.
"""

import re

from flask import Blueprint
from flask import Response
from flask import current_app
from flask import g

from endpoint.responses import json_response
from errors import GatewayError
from printing import service

blueprint = Blueprint("public_links", __name__)
NAME = re.compile(r"^([A-Za-z0-9_-]{22})\.(pdf|xml|cdr\.zip)$")
NOT_FOUND = {"error": "No se encontró el comprobante", "codigo": 12}


@blueprint.get("/cpe/<path:name>")
def public_file(name):
    g.log_path = "/cpe/…"
    match = NAME.match(name)
    found = None
    if match:
        try:
            found = service.public_file(match.group(1), match.group(2), current_app.config)
        except GatewayError:  # e.g. the issuer lost its certificate: nothing to tell a stranger
            found = None
    if found is None:
        g.codigo = 12
        return json_response(NOT_FOUND, 404)
    content, filename = found
    return Response(content, content_type=service.CONTENT_TYPES[match.group(2)], headers={
        "Content-Disposition": f'inline; filename="{filename}"',
        "Cache-Control": "private, max-age=300",
        "X-Robots-Tag": "noindex, nofollow",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
    })
