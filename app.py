"""The application factory. Serve with `gunicorn 'app:create_app()'`; nothing happens at import time."""

import logging
import sys

from flask import Flask

from actions import load_actions
from admin.cli import register_commands
from config import load_config
from endpoint import error_handlers
from endpoint.docs import blueprint as docs
from endpoint.limits import counter_for
from endpoint.metrics import blueprint as metrics
from endpoint.metrics import observe
from endpoint.request_log import log_request
from endpoint.request_log import start_request
from endpoint.public_links import blueprint as public_links
from endpoint.views import blueprint
from models.base import db
from models.base import open_database
import vault


def create_app(config=None):
    """Build the gateway. `config` overrides the environment, which overrides the defaults."""
    settings = load_config(config)
    app = Flask(__name__)
    app.config.update(settings)
    vault.configure(settings["MASTER_KEY"], settings["MASTER_KEY_FILE"])
    configure_logging(settings["LOG_LEVEL"])

    if db.obj is not None:
        db.close_all()  # a previous app in this process (tests) leaves its pool behind
    db.initialize(open_database(
        settings["DATABASE_URL"],
        pool_size=settings["DB_POOL_SIZE"],
        timeout_seconds=settings["DB_TIMEOUT_SECONDS"],
        statement_timeout_ms=settings["DB_STATEMENT_TIMEOUT_MS"],
        sqlite_pragmas=settings.get("SQLITE_PRAGMAS"),
    ))
    app.extensions["gateway.registry"] = settings.get("REGISTRY") or load_actions()
    app.extensions["gateway.rate_counter"] = counter_for(settings["RATE_LIMIT_STORAGE"])

    app.before_request(start_request)
    app.before_request(connect)
    app.teardown_request(release)
    app.after_request(log_request)
    app.after_request(observe)
    error_handlers.register(app)
    app.register_blueprint(blueprint)
    app.register_blueprint(public_links)
    app.register_blueprint(metrics)
    app.register_blueprint(docs)
    register_commands(app)
    return app


def connect():
    db.connect(reuse_if_open=True)


def release(exc=None):
    # teardown runs even when the view raised; closing a pooled connection returns it to the pool.
    if not db.is_closed():
        db.close()


def configure_logging(level):
    logger = logging.getLogger("gateway")
    logger.setLevel(level.upper())
    if not any(getattr(h, "gateway", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        handler.gateway = True
        logger.addHandler(handler)
        logger.propagate = False
