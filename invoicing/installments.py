"""Credit sales: the installments (cuotas) that must add up to what the buyer still owes."""

from decimal import Decimal

from domain.catalogs import CONTADO
from domain.catalogs import PERCEPTIONS
from domain.catalogs import SOLES
from domain.money import ZERO
from domain.money import cents
from errors import InvalidInput
from invoicing.document import Installment


def detraccion_amount(total, percent):
    return cents(total * percent / 100) if percent else ZERO


def detraccion_in_soles(total, percent, currency, exchange_rate):
    """The detracción as SUNAT receives it, always in soles: a document in dollars or euros converts
    total × percent at its exchange rate, rounded half-up to cents once, at the end."""
    if not percent:
        return ZERO
    if currency == SOLES:
        return detraccion_amount(total, percent)
    return cents(total * percent / 100 * exchange_rate)


def perception_amount(total, code):
    """The percepción the buyer pays beside the total: its rate (catalogue 53) of the total, to cents."""
    return cents(total * Decimal(PERCEPTIONS[code]) / 100) if code else ZERO


def plan(payment_form, requested, pending, issue_date, due_date, existing=()):
    """The installments of a sale; `requested` are the payload's cuotas (None when not sent).

    Contado has none. Crédito takes the cuotas sent, else keeps the existing ones when they still add up,
    else one cuota for the whole amount on factura_fechapago.
    """
    if payment_form == CONTADO:
        if requested:
            refuse("factura_cuotas", "Solo se envían cuotas con factura_formapago_cpe 2 (crédito).")
        return []
    if requested is not None:
        installments = [Installment(cuota["monto"], cuota["fecha"]) for cuota in requested]
    elif existing and sum(i.amount for i in existing) == pending:
        installments = list(existing)
    elif due_date is not None:
        installments = [Installment(pending, due_date)]
    else:
        refuse("factura_cuotas", "Una venta al crédito necesita factura_cuotas o factura_fechapago.")
    total = sum(i.amount for i in installments)
    if total != pending:
        refuse("factura_cuotas", f"Las cuotas suman {total} y deben sumar {pending} (total menos detracción).")
    for installment in installments:
        if installment.due_date <= issue_date:
            refuse("factura_cuotas", "Cada cuota debe vencer después de factura_fecha.")
    return installments


def refuse(field, message):
    raise InvalidInput(f"revise {field}", campos={field: [message]})
