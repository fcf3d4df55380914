"""Idempotent writes: a retried request with the same Idempotency-Key gets the first answer, byte for byte.

The answer is stored in the same transaction as the work, keyed by (company, Idempotency-Key), with a
fingerprint of the request. A concurrent duplicate cannot slip through: on PostgreSQL its INSERT waits
on the unique index until the first transaction ends, and on SQLite the IMMEDIATE transaction already
serialises writers; either way it then finds the stored answer. Actions that commit in several steps
(fesunat-enviar) mark the key as in flight first; a duplicate meanwhile is told to retry (409).
"""

import datetime
import hashlib
import re
import uuid

import simplejson

from errors import IdempotencyInProgress
from errors import IdempotencyMismatch
from errors import InvalidInput
from domain.clock import utc_now
from models.reliability import IdempotentAnswer

KEY_PATTERN = re.compile(r"^[\x20-\x7e]{1,255}$")
# An in-flight multi-step request older than this is taken over (its process died).
STALE_IN_FLIGHT = datetime.timedelta(minutes=5)


def fingerprint(payload):
    """SHA-256 of the payload in canonical form: the same JSON sent with other spacing or key order matches."""
    canonical = simplejson.dumps(payload, sort_keys=True, use_decimal=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Idempotency:
    """One request's Idempotency-Key; `render` turns an Answer body into the exact text sent."""

    def __init__(self, key, company_id, payload, ttl_hours, render):
        if not KEY_PATTERN.match(key):
            raise InvalidInput("el encabezado Idempotency-Key debe tener de 1 a 255 caracteres imprimibles")
        self.key = key
        self.company_id = company_id
        self.fingerprint = fingerprint(payload)
        self.ttl = datetime.timedelta(hours=ttl_hours)
        self.render = render

    def stored(self):
        """The complete stored answer for this key, if any (14 when it was for another body)."""
        existing = IdempotentAnswer.get_or_none(
            (IdempotentAnswer.company == self.company_id) & (IdempotentAnswer.key == self.key)
            & (IdempotentAnswer.expires_at >= utc_now()))
        if existing is None or existing.status is None:
            return None
        self.refuse_if_other_body(existing)
        return existing

    def refuse_if_other_body(self, existing):
        """14 when the stored answer under this key was for another request."""
        if existing.fingerprint != self.fingerprint:
            raise IdempotencyMismatch(f"la clave {self.key[:40]!r} se usó con otra solicitud "
                                      f"({existing.action}); use una clave nueva para cada operación")

    def begin(self, action):
        """None to go ahead (the key is now reserved), or the stored Answer to replay. Inside a transaction."""
        moment = utc_now()
        (IdempotentAnswer.delete()
         .where((IdempotentAnswer.company == self.company_id) & (IdempotentAnswer.key == self.key)
                & (IdempotentAnswer.expires_at < moment))
         .execute())
        token = uuid.uuid4().hex
        (IdempotentAnswer.insert(company=self.company_id, key=self.key, fingerprint=self.fingerprint, action=action,
                                 owner=token, created_at=moment, expires_at=moment + self.ttl)
         .on_conflict_ignore().execute())
        existing = IdempotentAnswer.get((IdempotentAnswer.company == self.company_id) & (IdempotentAnswer.key == self.key))
        if existing.owner == token:
            self.record_id = existing.id
            return None
        self.refuse_if_other_body(existing)
        if existing.status is None:
            taken = 0
            if moment - existing.created_at >= STALE_IN_FLIGHT:
                taken = (IdempotentAnswer.update(owner=token, created_at=moment)
                         .where((IdempotentAnswer.id == existing.id) & (IdempotentAnswer.owner == existing.owner))
                         .execute())
            if not taken:
                raise IdempotencyInProgress("reintente en unos segundos", headers={"Retry-After": "2"})
            self.record_id = existing.id
            return None
        return existing

    def abandon(self):
        """Free the key of a multi-step request that failed, so that its retry runs again."""
        IdempotentAnswer.delete().where(IdempotentAnswer.id == self.record_id).execute()

    def finish(self, answer):
        """Store the answer exactly as it will be sent, and fix its text."""
        answer.text = self.render(answer.body)
        (IdempotentAnswer.update(status=answer.status, body=answer.text, headers=simplejson.dumps(answer.headers))
         .where(IdempotentAnswer.id == self.record_id).execute())
        return answer

