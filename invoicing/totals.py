"""Exact line and document totals: Decimal end to end, half-up to cents per line, documents sum lines.

For each line the price includes IGV. The line's total is price × quantity × (1 − discount %), rounded
to cents; its base (valor de venta) is that amount without IGV, rounded to cents; its IGV is the
difference, so base + IGV = total on every line, and the document's figures are sums of rounded lines.
"""

from dataclasses import dataclass
from decimal import Decimal

from domain.money import HUNDRED
from domain.money import ZERO
from domain.money import cents
from domain.money import ten_decimals
from domain.taxes import EXONERADO
from domain.taxes import EXPORTACION
from domain.taxes import GRAVADO
from domain.taxes import INAFECTO
from domain.taxes import igv_rate

@dataclass(frozen=True)
class LineAmounts:
    unit_value: Decimal  # price without IGV, before discount, 10 decimals
    discount_amount: Decimal  # on the base
    value_amount: Decimal  # base after discount
    igv_amount: Decimal
    total_amount: Decimal


def line_amounts(unit_price, quantity, discount_percent, affectation):
    divisor = 1 + igv_rate(affectation)
    gross = unit_price * quantity
    exact_total = gross * (HUNDRED - discount_percent) / HUNDRED
    total = cents(exact_total)
    value = cents(exact_total / divisor)
    return LineAmounts(
        unit_value=ten_decimals(unit_price / divisor),
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
    base = {GRAVADO: ZERO, EXONERADO: ZERO, INAFECTO: ZERO, EXPORTACION: ZERO}
    discounts = igv = total = ZERO
    for affectation, amounts in lines:
        base[affectation] += amounts.value_amount
        discounts += amounts.discount_amount
        igv += amounts.igv_amount
        total += amounts.total_amount
    return DocumentTotals(base[GRAVADO], base[EXONERADO], base[INAFECTO], base[EXPORTACION],
                          discounts, igv, total)
