"""UBL 2.0 SummaryDocuments (resumen diario, RC, CustomizationID 1.1) and VoidedDocuments (comunicación de
baja, RA, 1.0), as SUNAT's XSD 2.0 and its rules (ValidaExprRegSummary-1.1.0, …SummaryVoided-1.0.1)
accept them. Both take an invoicing.summary.PlainSummary."""

from lxml import etree

from sunat.xml import fragments
from sunat.xml.elements import PREFIXES
from sunat.xml.elements import amount
from sunat.xml.elements import sub

SAC = "urn:sunat:names:specification:ubl:peru:schema:xsd:SunatAggregateComponents-1"
NAMESPACES = {
    "SummaryDocuments": "urn:sunat:names:specification:ubl:peru:schema:xsd:SummaryDocuments-1",
    "VoidedDocuments": "urn:sunat:names:specification:ubl:peru:schema:xsd:VoidedDocuments-1",
}
# sac:BillingPayment/cbc:InstructionID: what part of the total each amount is (SUNAT's RC guide)
PAYMENT_CODES = (("gravadas", "01"), ("exoneradas", "02"), ("inafectas", "03"), ("exportacion", "04"))


def sac(parent, name, text=None, **attributes):
    element = etree.SubElement(parent, f"{{{SAC}}}{name}", {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


def root(document_type):
    namespace = NAMESPACES[document_type]
    element = etree.Element(f"{{{namespace}}}{document_type}", nsmap={None: namespace, **PREFIXES, "sac": SAC})
    sub(sub(sub(element, "ext:UBLExtensions"), "ext:UBLExtension"), "ext:ExtensionContent")
    return element


def header(element, issuer, summary, customization):
    sub(element, "cbc:UBLVersionID", "2.0")
    sub(element, "cbc:CustomizationID", customization)
    sub(element, "cbc:ID", summary.identifier)
    sub(element, "cbc:ReferenceDate", summary.reference_date.isoformat())
    sub(element, "cbc:IssueDate", summary.issue_date.isoformat())
    fragments.signature_reference(element, issuer)
    supplier = sub(element, "cac:AccountingSupplierParty")
    sub(supplier, "cbc:CustomerAssignedAccountID", issuer.ruc)
    sub(supplier, "cbc:AdditionalAccountID", "6")
    sub(sub(sub(supplier, "cac:Party"), "cac:PartyLegalEntity"), "cbc:RegistrationName", issuer.razon_social)


def igv_total(parent, igv, currency):
    total = sub(parent, "cac:TaxTotal")
    amount(total, "cbc:TaxAmount", igv, currency)
    subtotal = sub(total, "cac:TaxSubtotal")
    amount(subtotal, "cbc:TaxAmount", igv, currency)
    scheme = sub(sub(subtotal, "cac:TaxCategory"), "cac:TaxScheme")
    sub(scheme, "cbc:ID", "1000")
    sub(scheme, "cbc:Name", "IGV")
    sub(scheme, "cbc:TaxTypeCode", "VAT")


def build_summary(issuer, summary):
    """The unsigned SummaryDocuments: one line per boleta or note, with its estado and amounts."""
    element = root("SummaryDocuments")
    header(element, issuer, summary, "1.1")
    for position, item in enumerate(summary.items, start=1):
        line = sac(element, "SummaryDocumentsLine")
        sub(line, "cbc:LineID", position)
        sub(line, "cbc:DocumentTypeCode", item.type_code)
        sub(line, "cbc:ID", item.numero)
        customer = sub(line, "cac:AccountingCustomerParty")
        sub(customer, "cbc:CustomerAssignedAccountID", item.buyer_number)
        sub(customer, "cbc:AdditionalAccountID", item.buyer_type)
        if item.reference:
            reference = sub(sub(line, "cac:BillingReference"), "cac:InvoiceDocumentReference")
            sub(reference, "cbc:ID", item.reference[1])
            sub(reference, "cbc:DocumentTypeCode", item.reference[0])
        sub(sub(line, "cac:Status"), "cbc:ConditionCode", item.condition)
        sac(line, "TotalAmount", f"{item.total:.2f}", currencyID=item.currency)
        for attribute, code in PAYMENT_CODES:
            value = getattr(item, attribute)
            if value:
                payment = sac(line, "BillingPayment")
                amount(payment, "cbc:PaidAmount", value, item.currency)
                sub(payment, "cbc:InstructionID", code)
        igv_total(line, item.igv, item.currency)
    return element


def build_voided(issuer, summary):
    """The unsigned VoidedDocuments: one line per factura or note taken back, with the reason."""
    element = root("VoidedDocuments")
    header(element, issuer, summary, "1.0")
    for position, item in enumerate(summary.items, start=1):
        line = sac(element, "VoidedDocumentsLine")
        sub(line, "cbc:LineID", position)
        sub(line, "cbc:DocumentTypeCode", item.type_code)
        sac(line, "DocumentSerialID", item.series)
        sac(line, "DocumentNumberID", item.number)
        sac(line, "VoidReasonDescription", item.reason)
    return element
