"""The two clocks: Lima's for the dates a business sees, UTC for the timestamps the database keeps."""

import datetime
import time

LIMA = datetime.timezone(datetime.timedelta(hours=-5), "America/Lima")  # Peru keeps UTC−5 all year


def lima_today():
    return datetime.datetime.now(LIMA).date()


def lima_now():
    """Lima's wall-clock time, naive, to the second (a document's issue date and time)."""
    return datetime.datetime.now(LIMA).replace(tzinfo=None, microsecond=0)


def utc_now():
    """Naive UTC timestamp to the second, the same on SQLite and PostgreSQL (created_at, next attempts)."""
    # From the kernel's broken-down UTC time: a sale stamps ~15 rows, and now(UTC).replace(...) costs twice as much
    return datetime.datetime(*time.gmtime()[:6])
