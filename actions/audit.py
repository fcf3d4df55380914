"""The audit trail: one entry per committed write, inside the transaction that commits it."""

from models.reliability import insert_audit_entry


def record(entry, answer, context):
    body = answer.body if isinstance(answer.body, dict) else {}
    insert_audit_entry(context.company.id, context.key.prefix, entry.name, entry.name.rsplit("-", 1)[0],
                       str(body.get("id", "")), context.request_id)
