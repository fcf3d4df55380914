"""The audit trail: one entry per committed write, inside the transaction that commits it."""

from models import AuditEntry
from models.bulk import insert_rows


def record(entry, answer, context):
    body = answer.body if isinstance(answer.body, dict) else {}
    insert_rows(AuditEntry, [{
        "company": context.company.id,
        "key_prefix": context.key.prefix,
        "action": entry.name,
        "record_type": entry.name.rsplit("-", 1)[0],
        "record_id": str(body.get("id", "")),
        "request_id": context.request_id,
    }])
