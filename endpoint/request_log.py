"""One structured log line per request: id, action, key prefix, código, status, milliseconds.

Never the key, a password or the body: only what identifies the request.
"""

import logging
import time
import uuid

import simplejson
from flask import g
from flask import request

logger = logging.getLogger("gateway.request")


def start_request():
    g.request_id = uuid.uuid4().hex[:16]
    g.started = time.perf_counter()
    g.action = None
    g.key_prefix = None
    g.codigo = None


def log_request(response):
    elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    response.headers["X-Request-Id"] = g.get("request_id", "")
    logger.info(simplejson.dumps({
        "request_id": g.get("request_id"),
        "method": request.method,
        "path": g.get("log_path") or request.path,  # a route may hide a secret in its path
        "action": g.get("action"),
        "key": g.get("key_prefix"),
        "codigo": g.get("codigo"),
        "status": response.status_code,
        "ms": round(elapsed, 2),
    }, ensure_ascii=False))
    return response
