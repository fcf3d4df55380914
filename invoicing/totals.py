"""Exact line and document totals: Decimal end to end, half-up to cents per line, documents sum lines.

For each line the price includes IGV. The line's total is price × quantity × (1 − discount %), rounded
to cents; its base (valor de venta) is that amount without IGV, rounded to cents; its IGV is the
difference, so base + IGV = total on every line, and the document's figures are sums of rounded lines.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP
from decimal import Decimal

IGV_RATE = Decimal("0.18")
CENT = Decimal("0.01")
UNIT_VALUE_PLACES = Decimal("1E-10")
HUNDRED = Decimal(100)

# SUNAT catalogue 07, the affectations a product may have.
GRAVADO = 10
EXONERADO = 20
INAFECTO = 30
EXPORTACION = 40
AFFECTATIONS = {GRAVADO: "gravado", EXONERADO: "exonerado", INAFECTO: "inafecto", EXPORTACION: "exportación"}


def cents(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LineAmounts:
    unit_value: Decimal  # price without IGV, before discount, 10 decimals
    discount_amount: Decimal  # on the base
    value_amount: Decimal  # base after discount
    igv_amount: Decimal
    total_amount: Decimal


def line_amounts(unit_price, quantity, discount_percent, affectation):
    rate = IGV_RATE if affectation == GRAVADO else Decimal(0)
    divisor = 1 + rate
    gross = unit_price * quantity
    exact_total = gross * (HUNDRED - discount_percent) / HUNDRED
    total = cents(exact_total)
    value = cents(exact_total / divisor)
    return LineAmounts(
        unit_value=(unit_price / divisor).quantize(UNIT_VALUE_PLACES, rounding=ROUND_HALF_UP),
        discount_amount=cents(gross / divisor) - value,
        value_amount=value,
        igv_amount=total - value,
        total_amount=total,
    )


@dataclass(frozen=True)
class DocumentTotals:
    gravadas: Decimal
    exoneradas: Decimal
    inafectas: Decimal
    exportacion: Decimal
    discounts: Decimal
    igv: Decimal
    total: Decimal


def document_totals(lines):
    """Totals of (affectation, LineAmounts) pairs: sums of the rounded lines, never recomputed."""
    base = {GRAVADO: Decimal("0.00"), EXONERADO: Decimal("0.00"), INAFECTO: Decimal("0.00"),
            EXPORTACION: Decimal("0.00")}
    discounts = igv = total = Decimal("0.00")
    for affectation, amounts in lines:
        base[affectation] += amounts.value_amount
        discounts += amounts.discount_amount
        igv += amounts.igv_amount
        total += amounts.total_amount
    return DocumentTotals(base[GRAVADO], base[EXONERADO], base[INAFECTO], base[EXPORTACION],
                          discounts, igv, total)
