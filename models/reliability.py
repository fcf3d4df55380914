"""Records that make writes safe to retry and accountable: idempotent answers and the audit trail."""

from peewee import AutoField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from models.base import BaseModel
from models.bulk import insert_rows
from domain.clock import utc_now
from models.company import Company


class IdempotentAnswer(BaseModel):
    """The answer given to the first request with an Idempotency-Key, replayed to its retries.

    Written in the same transaction as the work, so it exists exactly when the work committed. A row
    with no status yet is a request in flight (only for actions that commit in several steps).
    """

    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE")
    key = CharField(max_length=255)
    fingerprint = CharField(max_length=64)  # SHA-256 of the request body
    action = CharField(max_length=60)
    owner = CharField(max_length=32)  # a token of the request that reserved the key
    status = IntegerField(null=True)
    body = TextField(default="")
    headers = TextField(default="{}")
    created_at = DateTimeField(default=utc_now)
    expires_at = DateTimeField(index=True)

    class Meta:
        indexes = ((("company", "key"), True),)


class AuditEntry(BaseModel):
    """Who (key prefix) did what (action, record) when, under which request id; only committed writes."""

    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)  # the index below leads with it
    key_prefix = CharField(max_length=8, index=True)
    action = CharField(max_length=60)
    record_type = CharField(max_length=30)
    record_id = CharField(max_length=40, default="")
    request_id = CharField(max_length=32)
    at = DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("company", "record_type", "record_id"), False),)


class RateWindow(BaseModel):
    """Requests of one key in one minute, when rate limits are counted in the database."""

    id = AutoField()
    key_id = IntegerField()
    window = IntegerField()  # minutes since the epoch
    count = IntegerField(default=0)

    class Meta:
        indexes = ((("key_id", "window"), True),)


def insert_audit_entry(company_id, key_prefix, action, record_type, record_id, request_id):
    """One audit entry, deferred to travel with the COMMIT of the write it records."""
    insert_rows(AuditEntry, [{"company": company_id, "key_prefix": key_prefix, "action": action,
                              "record_type": record_type, "record_id": record_id, "request_id": request_id}])
