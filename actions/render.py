"""How values are written in answers: dates as YYYY-MM-DD, quantities without trailing zeros."""

from decimal import Decimal

ONE = Decimal(1)


def iso(value):
    return value.isoformat() if value is not None else None


def plain(value):
    """Decimal('80.0000000000') → 80, Decimal('21.8750000000') → 21.875: exact, without noise."""
    if value is None:
        return None
    value = Decimal(value).normalize()
    return value.quantize(ONE) if value == value.to_integral_value() else value
