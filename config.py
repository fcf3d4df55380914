"""Gateway configuration: defaults, then environment variables, then an override dict.

Every setting is documented in the README's configuration table; keep the two in step.
"""

import datetime
import os

# (setting, environment variable, default, parser)
SETTINGS = (
    ("DATABASE_URL", "GATEWAY_DATABASE_URL", "sqlite:///gateway.db", str),
    ("MAX_BODY_BYTES", "GATEWAY_MAX_BODY_BYTES", 1024 * 1024, int),
    ("LOG_LEVEL", "GATEWAY_LOG_LEVEL", "INFO", str),
    ("BIND", "GATEWAY_BIND", "127.0.0.1:8000", str),
    ("DB_POOL_SIZE", "GATEWAY_DB_POOL_SIZE", 8, int),
    ("DB_TIMEOUT_SECONDS", "GATEWAY_DB_TIMEOUT_SECONDS", 10, int),
    ("PAGE_SIZE_DEFAULT", "GATEWAY_PAGE_SIZE_DEFAULT", 100, int),
    ("PAGE_SIZE_MAX", "GATEWAY_PAGE_SIZE_MAX", 1000, int),
    ("IDEMPOTENCY_TTL_HOURS", "GATEWAY_IDEMPOTENCY_TTL_HOURS", 72.0, float),
    ("RATE_LIMIT_STORAGE", "GATEWAY_RATE_LIMIT_STORAGE", "memory", str),
    ("DB_STATEMENT_TIMEOUT_MS", "GATEWAY_DB_STATEMENT_TIMEOUT_MS", 30000, int),
    ("SUNAT_RETRY_BASE_SECONDS", "GATEWAY_SUNAT_RETRY_BASE_SECONDS", 30.0, float),
    ("SUNAT_RETRY_MAX_SECONDS", "GATEWAY_SUNAT_RETRY_MAX_SECONDS", 1800.0, float),
    ("SUNAT_WORKER_POLL_SECONDS", "GATEWAY_SUNAT_WORKER_POLL_SECONDS", 5.0, float),
    ("SUNAT_WORKER_POOL", "GATEWAY_SUNAT_WORKER_POOL", 16, int),
    ("SUNAT_LEASE_SECONDS", "GATEWAY_SUNAT_LEASE_SECONDS", 300.0, float),
    ("SUNAT_VOID_DEADLINE_DAYS", "GATEWAY_SUNAT_VOID_DEADLINE_DAYS", 7, int),
    # A baja waits this long in its RA (or RC) for other bajas of the issuer's same day; 0 sends it at once.
    ("SUNAT_VOID_GATHER_SECONDS", "GATEWAY_SUNAT_VOID_GATHER_SECONDS", 60.0, float),
    ("SUNAT_SEND_DEADLINE_DAYS", "GATEWAY_SUNAT_SEND_DEADLINE_DAYS", 3, int),
    ("SUNAT_SUMMARY_HOUR", "GATEWAY_SUNAT_SUMMARY_HOUR", 1, int),
    ("PUBLIC_URL", "GATEWAY_PUBLIC_URL", "", str),
    ("PDF_FONT", "GATEWAY_PDF_FONT", "vera", str),
    ("SMTP_URL", "GATEWAY_SMTP_URL", "", str),
    ("SMTP_CA_FILE", "GATEWAY_SMTP_CA_FILE", "", str),
    ("SMTP_TIMEOUT_SECONDS", "GATEWAY_SMTP_TIMEOUT_SECONDS", 20.0, float),
    ("MAIL_FROM", "GATEWAY_MAIL_FROM", "comprobantes@localhost", str),
    ("MAIL_RETRY_BASE_SECONDS", "GATEWAY_MAIL_RETRY_BASE_SECONDS", 60.0, float),
    ("MAIL_RETRY_MAX_SECONDS", "GATEWAY_MAIL_RETRY_MAX_SECONDS", 3600.0, float),
    ("MAIL_MAX_ATTEMPTS", "GATEWAY_MAIL_MAX_ATTEMPTS", 12, int),
    ("WEBHOOK_RETRY_BASE_SECONDS", "GATEWAY_WEBHOOK_RETRY_BASE_SECONDS", 30.0, float),
    ("WEBHOOK_RETRY_MAX_SECONDS", "GATEWAY_WEBHOOK_RETRY_MAX_SECONDS", 3600.0, float),
    ("WEBHOOK_GIVE_UP_HOURS", "GATEWAY_WEBHOOK_GIVE_UP_HOURS", 72.0, float),
    ("WEBHOOK_TIMEOUT_SECONDS", "GATEWAY_WEBHOOK_TIMEOUT_SECONDS", 10.0, float),
    # The master key that seals secrets at rest (vault/): the key itself, or the file that holds it.
    ("MASTER_KEY", "GATEWAY_SECRET_KEY", "", str),
    ("MASTER_KEY_FILE", "GATEWAY_SECRET_KEY_FILE", "gateway.key", str),
    ("NOTIFY_POLL_SECONDS", "GATEWAY_NOTIFY_POLL_SECONDS", 2.0, float),
    # Supplier bills dated on or before it are locked (their period is closed); a bad date stops the start.
    ("PURCHASES_CLOSED_UNTIL", "GATEWAY_PURCHASES_CLOSED_UNTIL", None, datetime.date.fromisoformat),
)


def load_config(overrides=None, environ=None):
    """Return the settings dict: defaults, overridden by the environment, then by `overrides`."""
    environ = os.environ if environ is None else environ
    config = {}
    for name, variable, default, parse in SETTINGS:
        raw = environ.get(variable)
        config[name] = default if raw in (None, "") else parse(raw)
    config.update(overrides or {})
    return config
