"""UBL 2.1 DebitNote: a nota de débito (08) on a factura or boleta, as SUNAT's guide describes it and its
XSD and ND rules accept it with no observations."""

from sunat.xml import fragments
from sunat.xml import notes
from sunat.xml.elements import root


def build(issuer, document):
    """The unsigned DebitNote element of `document` (an invoicing.document.SalesDocument with its
    `reference` and `reason`)."""
    note = root("DebitNote")
    notes.opening(note, issuer, document, 10, "Tipo de nota de debito")
    fragments.tax_total(note, document)
    fragments.monetary_total(note, document, tag="cac:RequestedMonetaryTotal")
    for line in document.lines:
        fragments.line(note, "cac:DebitNoteLine", "cbc:DebitedQuantity", line, document.currency_code)
    return note
