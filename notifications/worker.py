"""The notification queues as passes of the worker process: dispatch new events, send due e-mails, call
due webhooks. `flask --app app sunat-worker` runs them in a thread beside SUNAT's retries, so a slow mail
server or webhook receiver never delays a document on its way to SUNAT (and the other way round).

Every pass claims what it works on with a lease, like SUNAT's worker: several workers may run at once,
and one killed mid-send leaves its work to be taken again when the lease ends (at least once).
"""

import logging
import threading

from domain.clock import utc_now
from models import mail as mail_table
from models import webhooks as webhooks_table
from models.base import db
from notifications import dispatch
from notifications import mail
from notifications import webhooks

logger = logging.getLogger("gateway.notifications")


def run_once(config, limit=20):
    """One pass of each queue; returns (events dispatched, mails tried, webhook calls tried)."""
    with db.connection_context():
        dispatched = dispatch.dispatch_pending()
        mails = sum(1 for queued in mail_table.due(utc_now(), limit) if mail.deliver(queued, config) is not None)
        calls = sum(1 for delivery in webhooks_table.due_deliveries(utc_now(), limit)
                    if webhooks.deliver(delivery, config) is not None)
    return dispatched, mails, calls


def run_forever(config, stop=None):
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            busy = any(run_once(config))
        except Exception:  # the worker must outlive a bad pass (database restarting, say)
            logger.exception("notifications pass failed")
            busy = False
        if not busy:
            stop.wait(config["NOTIFY_POLL_SECONDS"])


def start(config):
    """Run the passes in a daemon thread of this process; returns its stop event."""
    stop = threading.Event()
    threading.Thread(target=run_forever, args=(config, stop), name="notifications", daemon=True).start()
    return stop
