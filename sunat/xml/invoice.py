"""UBL 2.1 Invoice: a factura (01) or a boleta (03), as SUNAT's guide for UBL 2.1 (CustomizationID 2.0)
describes it and its XSD and validation rules accept it with no observations."""

from domain.catalogs import EXPORT
from sunat.xml import fragments
from sunat.xml.elements import root
from sunat.xml.elements import sub

# SUNAT catalogue 51: the operation type in InvoiceTypeCode/@listID
OPERATION_CODES = {1: "0101", EXPORT: "0200"}
DETRACCION_OPERATION = "1001"
DETRACCION_LEGEND = ("2006", "OPERACION SUJETA A DETRACCION")  # catalogue 52
PERCEPTION_OPERATION = "2001"
PERCEPTION_LEGEND = ("2000", "COMPROBANTE DE PERCEPCION")


def build(issuer, document):
    """The unsigned Invoice element of `document` (an invoicing.document.SalesDocument)."""
    invoice = root("Invoice")
    fragments.header(invoice, document)
    if document.due_date:
        sub(invoice, "cbc:DueDate", document.due_date.isoformat())
    perception = getattr(document, "perception", None)
    operation = (DETRACCION_OPERATION if document.detraccion else PERCEPTION_OPERATION if perception
                 else OPERATION_CODES[document.operation_type])
    sub(invoice, "cbc:InvoiceTypeCode", document.kind.sunat_code, listID=operation, listAgencyName=fragments.SUNAT,
        listName="Tipo de Documento", listURI=fragments.catalogue(1))
    fragments.legends(invoice, document)
    if document.detraccion:
        fragments.legend(invoice, *DETRACCION_LEGEND)
    if perception:
        fragments.legend(invoice, *PERCEPTION_LEGEND)
    fragments.currency_code(invoice, document.currency_code)
    fragments.signature_reference(invoice, issuer)
    fragments.supplier(invoice, issuer, document.establishment_code)
    fragments.customer(invoice, document.buyer)
    if document.detraccion:
        fragments.detraccion(invoice, issuer, document)
    if perception:
        fragments.perception_terms(invoice, perception, document.totals.total)
    if document.kind.declares_payment_terms:
        fragments.payment_terms(invoice, document)
    if perception:
        fragments.perception_charge(invoice, perception)
    fragments.global_discount(invoice, document)
    fragments.tax_total(invoice, document)
    fragments.monetary_total(invoice, document)
    for line in document.lines:
        fragments.line(invoice, "cac:InvoiceLine", "cbc:InvoicedQuantity", line, document.currency_code)
    return invoice
