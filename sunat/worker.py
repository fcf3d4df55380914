"""The retry worker: sends every pending document whose time has come, until it is final.

Run with `flask --app app sunat-worker` (`make run` starts it beside gunicorn). Several workers may
run at once: the lease in `delivery.claim` keeps them from sending the same document twice.
"""

import logging
import threading

from models import Document
from models import Issuer
from models.base import db
from sunat import delivery

logger = logging.getLogger("gateway.sunat")


def run_once(config, limit=20):
    """One pass over the due submissions; returns how many were tried."""
    policy = delivery.RetryPolicy.from_config(config)
    tried = 0
    with db.connection_context():
        for submission in delivery.due(limit):
            document = Document.get_by_id(submission.document_id)
            issuer = Issuer.get_or_none(Issuer.company == document.company_id)
            if issuer is None:
                continue
            submission, outcome = delivery.deliver(document, issuer, submission, policy)
            if outcome is not None:
                tried += 1
                logger.info("sunat %s %s attempt=%s code=%s", submission.file_name, outcome.state,
                            submission.attempts, outcome.code)
    return tried


def run_forever(config, stop=None):
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            run_once(config)
        except Exception:  # the worker must outlive a bad pass (database restarting, say)
            logger.exception("sunat worker pass failed")
        stop.wait(config["SUNAT_WORKER_POLL_SECONDS"])
