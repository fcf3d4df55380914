"""How values are written in answers: dates as YYYY-MM-DD, quantities without trailing zeros."""

from domain.money import normalized


def iso(value):
    return value.isoformat() if value is not None else None


def quantity(value):
    """Decimal('80.0000000000') → 80, Decimal('21.8750000000') → 21.875: exact, without noise."""
    return normalized(value)
