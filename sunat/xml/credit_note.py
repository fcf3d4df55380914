"""UBL 2.1 CreditNote: a nota de crédito (07) on a factura or boleta, as SUNAT's guide describes it and its
XSD and NC rules accept it with no observations."""

from sunat.xml import fragments
from sunat.xml import notes
from sunat.xml.elements import root


def build(issuer, document):
    """The unsigned CreditNote element of `document` (an invoicing.document.SalesDocument with its
    `reference` and `reason`)."""
    note = root("CreditNote")
    notes.opening(note, issuer, document, 9, "Tipo de nota de credito")
    if document.installments:  # NC 13 corrects a credit factura's cuotas: it declares them
        fragments.payment_terms(note, document)
    fragments.tax_total(note, document)
    fragments.monetary_total(note, document)
    for line in document.lines:
        fragments.line(note, "cac:CreditNoteLine", "cbc:CreditedQuantity", line, document.currency_code)
    return note
