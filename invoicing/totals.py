"""Exact line and document totals: Decimal end to end, half-up to cents per line, documents sum lines.

For each line the price includes IGV. The line's total is price × quantity × (1 − discount %), rounded
to cents; its base (valor de venta) is that amount without IGV, rounded to cents; its IGV is the
difference, so base + IGV = total on every line, and the document's figures are sums of rounded lines.

A free line (affectation 11–16, 21, 31–37) is priced the same way at its reference value, but nothing of
it is charged: its base goes to `gratuitas`, never to the total or the IGV. A plastic bag adds ICBPER per
unit (rate by date), charged even on a free bag. A global discount (percent) comes off the bases before
IGV: the gravado share is SUNAT's discount 02 (it lowers the IGV base, and the IGV is recomputed on the
lowered base), the share of the other bases its discount 03 (it lowers what is paid, not a tax base).
"""

from dataclasses import dataclass
from decimal import Decimal

from domain.money import HUNDRED
from domain.money import IGV_RATE
from domain.money import ZERO
from domain.money import cents
from domain.money import ten_decimals
from domain.taxes import EXONERADO
from domain.taxes import EXPORTACION
from domain.taxes import GRAVADO
from domain.taxes import INAFECTO
from domain.taxes import is_free
from domain.taxes import notional_igv_rate


@dataclass(frozen=True)
class LineAmounts:
    unit_value: Decimal  # price without IGV, before discount, 10 decimals
    discount_amount: Decimal  # on the base
    value_amount: Decimal  # base after discount
    igv_amount: Decimal  # a free line's: the IGV it would have paid, declared, not charged
    total_amount: Decimal  # a free line's: its reference value, not charged
    icbper_amount: Decimal = ZERO  # plastic bags: units × the rate of the issue date
    free: bool = False
    isc_rate: Decimal = ZERO  # ISC percent of the value (system 01, al valor)
    isc_amount: Decimal = ZERO  # part of total_amount; the IGV is on the value plus it


def line_amounts(unit_price, quantity, discount_percent, affectation, icbper_rate=None, isc_rate=None):
    """A line's amounts. With ISC (system 01), the price includes it too: the value is the price without
    IGV and ISC, the ISC is its rate of the value, and the IGV is the rest (18 % of value plus ISC)."""
    isc_rate = isc_rate or ZERO
    divisor = (1 + notional_igv_rate(affectation)) * (1 + isc_rate / HUNDRED)
    gross = unit_price * quantity
    exact_total = gross * (HUNDRED - discount_percent) / HUNDRED
    total = cents(exact_total)
    value = cents(exact_total / divisor)
    isc = cents(value * isc_rate / HUNDRED)
    return LineAmounts(
        unit_value=ten_decimals(unit_price / divisor),
        discount_amount=cents(gross / divisor) - value,
        value_amount=value,
        igv_amount=total - value - isc,
        total_amount=total,
        isc_rate=isc_rate,
        isc_amount=isc,
        icbper_amount=cents(quantity * icbper_rate) if icbper_rate else ZERO,
        free=is_free(affectation),
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
    gratuitas: Decimal = ZERO  # free lines' bases: declared, never charged
    igv_gratuitas: Decimal = ZERO  # the IGV free 11–16 lines would have paid
    icbper: Decimal = ZERO
    isc: Decimal = ZERO  # impuesto selectivo al consumo, in the total, before IGV
    global_discount: Decimal = ZERO  # both shares below
    global_discount_base: Decimal = ZERO  # SUNAT 02: off the gravado base, before IGV
    global_discount_other: Decimal = ZERO  # SUNAT 03: off the exonerado, inafecto and export bases
    global_discount_amount: Decimal = ZERO  # SUNAT 03 as an amount: off what is paid, after taxes

    @property
    def line_values(self):
        """The value of the sale (LineExtensionAmount): the charged bases, after the 02 discount."""
        return self.gravadas + self.exoneradas + self.inafectas + self.exportacion


def document_totals(lines, global_discount_percent=ZERO, global_discount_amount=ZERO):
    """Totals of (affectation, LineAmounts) pairs: sums of the rounded lines, never recomputed, except
    that a global discount lowers the gravado base and so its IGV (which is then 18 % of the new base).
    `global_discount_amount` comes off what is paid, after taxes, lowering no base."""
    base = {GRAVADO: ZERO, EXONERADO: ZERO, INAFECTO: ZERO, EXPORTACION: ZERO}
    discounts = igv = total = free = free_igv = icbper = isc = ZERO
    for affectation, amounts in lines:
        icbper += amounts.icbper_amount
        if amounts.free:
            free += amounts.value_amount
            free_igv += amounts.igv_amount
            continue
        base[affectation] += amounts.value_amount
        discounts += amounts.discount_amount
        igv += amounts.igv_amount
        isc += amounts.isc_amount
        total += amounts.total_amount
    off_base = off_other = ZERO
    if global_discount_percent:
        off_base = cents(base[GRAVADO] * global_discount_percent / HUNDRED)
        others = base[EXONERADO] + base[INAFECTO] + base[EXPORTACION]
        off_other = cents(others * global_discount_percent / HUNDRED)
        if off_base:
            base[GRAVADO] -= off_base
            igv = cents(base[GRAVADO] * IGV_RATE)
        total = sum(base.values()) + igv - off_other
    return DocumentTotals(base[GRAVADO], base[EXONERADO], base[INAFECTO], base[EXPORTACION],
                          discounts, igv, total + icbper - global_discount_amount, gratuitas=free,
                          igv_gratuitas=free_igv, icbper=icbper, isc=isc,
                          global_discount=off_base + off_other + global_discount_amount, global_discount_base=off_base,
                          global_discount_other=off_other, global_discount_amount=global_discount_amount)
