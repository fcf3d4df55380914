"""What a nota de crédito and a nota de débito share beyond a sale's fragments: the document they modify
(cac:BillingReference), why (cac:DiscrepancyResponse), and the opening both write in the same order."""

from sunat.xml import fragments
from sunat.xml.elements import sub


def discrepancy(root, document, reasons_catalogue, list_name):
    """The reason: the modified document's number, SUNAT's code (catalogue 09 or 10) and its text."""
    response = sub(root, "cac:DiscrepancyResponse")
    sub(response, "cbc:ReferenceID", document.reference.numero)
    sub(response, "cbc:ResponseCode", document.reason.code, listAgencyName=fragments.SUNAT, listName=list_name,
        listURI=fragments.catalogue(reasons_catalogue))
    sub(response, "cbc:Description", document.reason.description)


def billing_reference(root, document):
    """The modified document: its number and its type (catalogue 01: 01 factura, 03 boleta)."""
    reference = sub(sub(root, "cac:BillingReference"), "cac:InvoiceDocumentReference")
    sub(reference, "cbc:ID", document.reference.numero)
    sub(reference, "cbc:DocumentTypeCode", document.reference.kind.sunat_code, listAgencyName=fragments.SUNAT,
        listName="Tipo de Documento", listURI=fragments.catalogue(1))


def opening(root, issuer, document, reasons_catalogue, list_name):
    """Header, amount in words, currency, reason, reference, signature and parties, in the UBL order both
    note schemas share."""
    fragments.header(root, document)
    fragments.legend(root, "1000", document.amount_in_words)
    fragments.currency_code(root, document.currency_code)
    discrepancy(root, document, reasons_catalogue, list_name)
    billing_reference(root, document)
    fragments.signature_reference(root, issuer)
    fragments.supplier(root, issuer, document.establishment_code)
    fragments.customer(root, document.buyer)
