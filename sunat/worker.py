"""The SUNAT worker: sends every queued document whose time has come, many at once, until each is final.

Run with `flask --app app sunat-worker` (`make run` starts it beside gunicorn); run as many as you like,
on as many machines: each claims its documents with a lease (`models.sunat.claim_due`: FOR UPDATE SKIP
LOCKED on PostgreSQL), so no document is ever sent by two at once.

One loop per process: in one short transaction it records the sends that finished and claims as many
due documents as its pool has free senders, and hands each to a sender thread (the SOAP exchange, no
database). It sleeps only when nothing is due and nothing is in flight, until the next document is
due, a new one is queued (models/wakeup.py), or SUNAT_WORKER_POLL_SECONDS pass. Summaries and their
tickets (sunat/summaries.py) get a pass of their own between rounds.
"""

import concurrent.futures
import datetime
import logging
import threading
import time

from domain.clock import utc_now
from models.base import db
from models.sunat import next_due_at
from models.wakeup import Waiter
from sunat import delivery
from sunat import summaries

logger = logging.getLogger("gateway.sunat")
SUMMARY_EVERY_SECONDS = 5.0
# Documents claimed (and signed) per step: small, so the first sends are on the wire while the rest are
# being signed, and recording never waits behind a whole pool's worth of signing.
CLAIM_STEP = 8


def exchange(job, signed):
    """In a sender thread: talk to SUNAT (no database here)."""
    submission, document, issuer = job
    return submission, document, delivery.exchange(issuer, document, submission), signed


class Worker:
    def __init__(self, config, pool_size=None):
        self.config = config
        self.pool_size = max(1, int(pool_size or config.get("SUNAT_WORKER_POOL", 16)))
        self.policy = delivery.RetryPolicy.from_config(config)
        self.poll = config["SUNAT_WORKER_POLL_SECONDS"]
        # How long a claim holds: a worker that dies mid-send leaves its documents to others after this.
        self.lease = datetime.timedelta(seconds=config.get("SUNAT_LEASE_SECONDS", 300))
        self.in_flight = set()
        self.sent = 0
        self.summaries_at = 0.0

    def step(self, executor, timeout):
        """Record the sends that finish within `timeout` and refill the pool with due documents, in one
        transaction; returns (recorded, claimed)."""
        results = self.finished(timeout)
        free = self.pool_size - len(self.in_flight)
        jobs = delivery.record_and_claim(results, self.policy, min(free, CLAIM_STEP), self.lease)
        for job in jobs:
            # Signing reads the document: here, on this thread's connection (senders have none).
            self.in_flight.add(executor.submit(exchange, job, delivery.sign_for_sending(*job)))
        return len(results), len(jobs)

    def collect(self, timeout):
        """Record the sends that finish within `timeout`, claiming nothing; returns how many."""
        results = self.finished(timeout)
        if results:
            delivery.record_batch(results, self.policy)
        return len(results)

    def finished(self, timeout):
        """The sends done now, or the first within `timeout` (0: only those done now)."""
        if not self.in_flight:
            return []
        done = ({future for future in self.in_flight if future.done()} if timeout == 0 else
                concurrent.futures.wait(self.in_flight, timeout=timeout,
                                        return_when=concurrent.futures.FIRST_COMPLETED)[0])
        results = []
        for future in done:
            self.in_flight.discard(future)
            try:
                results.append(future.result())
            except Exception:  # a bug in one exchange must not stop the others; its lease expires
                logger.exception("sunat exchange failed")
        for submission, _, outcome, _ in results:
            logger.info("sunat %s %s code=%s", submission.file_name, outcome.state, outcome.code)
        return results

    def idle_seconds(self):
        """How long to sleep with nothing in flight: until the next document is due, at most the poll."""
        due = next_due_at()
        if due is None:
            return self.poll
        return min(self.poll, max((due - utc_now()).total_seconds(), 0.0))

    def summaries(self, force=False):
        """Build, send and poll the resumen diario and comunicaciones de baja (sunat/summaries.py)."""
        if not force and time.monotonic() - self.summaries_at < SUMMARY_EVERY_SECONDS:
            return 0
        self.summaries_at = time.monotonic()
        return summaries.run_once(self.config)

    def work(self, executor, stop):
        """Steps until nothing is due or in flight (or `stop` is set)."""
        wait = 0.0
        while not stop.is_set():
            recorded, claimed = self.step(executor, wait)
            self.sent += recorded
            self.summaries()
            if not (self.in_flight or claimed):
                return
            # Full pool: wait for a sender. Room left and work found: claim more at once. Room left
            # and nothing due: a short wait for a sender to finish.
            wait = 0.5 if len(self.in_flight) >= self.pool_size else 0.0 if claimed else 0.05

    def run(self, stop, until_idle=False):
        """Until `stop` is set (or, with `until_idle`, until nothing is due or in flight)."""
        waiter = Waiter()
        try:
            with concurrent.futures.ThreadPoolExecutor(self.pool_size, thread_name_prefix="sunat-send") as executor:
                while not stop.is_set():
                    # One connection while there is work (checking out a pooled connection costs a
                    # round trip), given back when idle or after an error.
                    with db.connection_context():
                        try:
                            self.work(executor, stop)
                            idle = self.idle_seconds()
                        except Exception:  # the worker must outlive a bad pass (database restarting, say)
                            logger.exception("sunat worker pass failed")
                            idle = self.poll
                    if until_idle and idle > 0:
                        return self.sent
                    if idle > 0:
                        waiter.wait(idle)
                while self.in_flight:  # stopping: record what is on the wire
                    with db.connection_context():
                        self.sent += self.collect(1.0)
        finally:
            waiter.close()
        return self.sent


def run_once(config, limit=20):
    """One round: every due document (up to `limit` at a time) sent and recorded, and the summaries'
    pass; returns how many documents were tried."""
    worker = Worker(config, pool_size=limit)
    sent = 0
    with concurrent.futures.ThreadPoolExecutor(worker.pool_size) as executor:
        with db.connection_context():
            worker.step(executor, 0)
            while worker.in_flight:
                sent += worker.collect(5.0)
            worker.summaries(force=True)
    return sent


def run_forever(config, stop=None):
    Worker(config).run(stop or threading.Event())


