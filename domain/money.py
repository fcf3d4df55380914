"""Exact money: the IGV rate, rounding to cents and to SUNAT's ten decimals, and how decimals are written.

Money is `Decimal` end to end, never a binary float. Amounts are rounded half-up to cents; unit values,
quantities and costs keep up to ten decimals, SUNAT's own limit for unit values.
"""

from decimal import ROUND_HALF_UP
from decimal import Decimal

IGV_RATE = Decimal("0.18")
IGV_PERCENT = IGV_RATE * 100  # Decimal("18.00"), as SUNAT's cbc:Percent carries it
HUNDRED = Decimal(100)
ONE = Decimal(1)
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
TEN_DECIMALS = Decimal("1E-10")


def cents(value):
    """Half-up to cents: Decimal('2.345') → Decimal('2.35')."""
    # rounding passed by position: a sale rounds ~60 amounts, and the keyword costs twice the rounding
    return value.quantize(CENT, ROUND_HALF_UP)


def ten_decimals(value):
    """Half-up to SUNAT's ten decimals, for unit values, quantities and average costs."""
    return value.quantize(TEN_DECIMALS, ROUND_HALF_UP)


def normalized(value):
    """Decimal('80.0000000000') → Decimal('80'), Decimal('21.8750000000') → Decimal('21.875'): exact,
    without trailing zeros and without an exponent (which normalize() alone gives 1E+1)."""
    if value is None:
        return None
    value = Decimal(value).normalize()
    return value.quantize(ONE) if value == value.to_integral_value() else value


def decimal_text(value):
    """A decimal as plain text, for XML and other formats: 2.5000000000 → '2.5', 1E+1 → '10'."""
    return f"{normalized(value):f}"
