"""Every answer is UTF-8 JSON (no \\u escapes), with decimals written as exact JSON numbers."""

from urllib.parse import quote

import simplejson
from flask import Response

MAX_HEADER_NAMES = 50


def render_text(body):
    return simplejson.dumps(body, ensure_ascii=False, use_decimal=True, separators=(",", ":"))


def text_response(text, status=200, headers=None):
    # A safety net under the body's own check (endpoint/body.py): text echoed from a path or header can
    # never turn an answer into a 500 on encoding.
    if isinstance(text, str):
        text = text.encode("utf-8", "replace")
    return Response(text, status=status, headers=headers or {}, content_type="application/json; charset=utf-8")


def json_response(body, status=200, headers=None):
    return text_response(render_text(body), status, headers)


def header_list(names):
    """Field names for a header: HTTP headers are Latin-1, so anything else is percent-encoded."""
    shown = [quote(name, safe="[]._-") for name in names[:MAX_HEADER_NAMES]]
    if len(names) > MAX_HEADER_NAMES:
        shown.append(f"...(+{len(names) - MAX_HEADER_NAMES})")
    return ", ".join(shown)
