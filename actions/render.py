"""How values are written in answers, in one place so that every action writes them alike.

Dates are YYYY-MM-DD; timestamps ISO 8601 in Lima time with their zone (2026-12-02T09:30:00-05:00);
money always has two decimals (23.60, 0.00); unit prices at least two (23.60, 0.125); quantities as
they are, without trailing zeros (80, 21.875).
"""

import datetime
from decimal import Decimal

from domain.clock import LIMA
from domain.money import CENT
from domain.money import cents
from domain.money import normalized


def iso(value):
    """A date or time as ISO text; a datetime (the database's naive UTC) as a Lima timestamp."""
    if isinstance(value, datetime.datetime):
        return moment(value)
    return value.isoformat() if value is not None else None


def moment(value):
    """Naive UTC (as stored) → '2026-12-02T09:30:00-05:00'."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(LIMA).isoformat(timespec="seconds")


def lima_date(value):
    """The Lima calendar day of a stored UTC timestamp, as YYYY-MM-DD (a record made at 20:00 in Lima is
    that day, not the next one in UTC)."""
    return moment(value)[:10] if value is not None else None


def money(value):
    """Decimal('0') → Decimal('0.00'), Decimal('23.6') → Decimal('23.60')."""
    return cents(Decimal(value)) if value is not None else None


def price(value):
    """A unit price or value: exact, at least two decimals (23.60, 0.125, 10.0000000001)."""
    if value is None:
        return None
    value = normalized(value)
    return value.quantize(CENT) if value.as_tuple().exponent > -2 else value


def quantity(value):
    """Decimal('80.0000000000') → 80, Decimal('21.8750000000') → 21.875: exact, without noise."""
    return normalized(value)
