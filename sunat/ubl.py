"""UBL 2.1 Invoice XML for a factura (01) or boleta (03), built from the stored document.

Every amount comes from the document as stored (exact decimals, rounded per line when it was created);
nothing is recomputed here except formatting. The structure follows SUNAT's guide for UBL 2.1
(CustomizationID 2.0) and passes its XSD and validation rules with no observations.
"""

from decimal import Decimal

from lxml import etree

from invoicing.kinds import FACTURA
from invoicing.totals import EXONERADO
from invoicing.totals import EXPORTACION
from invoicing.totals import GRAVADO
from invoicing.totals import INAFECTO
from schemas.documents import CURRENCIES
from schemas.identity import DOCUMENT_TYPES

NS = {
    None: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
}
SIGNATURE_ID = "SignatureGateway"
EXPORT_OPERATION = 2
# SUNAT catalogue 51: the operation type in InvoiceTypeCode/@listID
OPERATION_CODES = {1: "0101", EXPORT_OPERATION: "0200"}
DETRACCION_OPERATION = "1001"
# affectation (catalogue 07) → tax scheme (catalogue 05): id, name, type code, UN/ECE 5305 category
TAX_SCHEMES = {
    GRAVADO: ("1000", "IGV", "VAT", "S"),
    EXONERADO: ("9997", "EXO", "VAT", "E"),
    INAFECTO: ("9998", "INA", "FRE", "O"),
    EXPORTACION: ("9995", "EXP", "FRE", "G"),
}
IGV_PERCENT = Decimal("18.00")
CENTS = Decimal("0.01")
UNIT_PLACES = Decimal("1E-10")


def q(tag):
    prefix, _, name = tag.rpartition(":")
    return f"{{{NS[prefix or None]}}}{name}"


def sub(parent, tag, text=None, **attributes):
    element = etree.SubElement(parent, q(tag), {k.replace("_", ""): str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


def amount(parent, tag, value, currency):
    return sub(parent, tag, f"{Decimal(value).quantize(CENTS)}", currencyID=currency)


def document_id(document):
    return f"{document.series}-{document.number:08d}"


def file_stem(issuer_ruc, kind, document):
    """RUC-TT-SERIE-NUMERO, the name SUNAT expects for the XML and its zip."""
    return f"{issuer_ruc}-{kind.sunat_code}-{document_id(document)}"


def build_invoice(issuer, kind, document, party, lines, instalments):
    """The unsigned Invoice element; `lines` are DocumentLine rows in order."""
    currency = CURRENCIES[document.currency]
    root = etree.Element(q("Invoice"), nsmap=NS)
    sub(sub(sub(root, "ext:UBLExtensions"), "ext:UBLExtension"), "ext:ExtensionContent")
    sub(root, "cbc:UBLVersionID", "2.1")
    sub(root, "cbc:CustomizationID", "2.0")
    sub(root, "cbc:ID", document_id(document))
    sub(root, "cbc:IssueDate", document.issue_date.isoformat())
    sub(root, "cbc:IssueTime", document.issue_time.strftime("%H:%M:%S"))
    if instalments:
        sub(root, "cbc:DueDate", max(i.due_date for i in instalments).isoformat())
    operation = DETRACCION_OPERATION if document.detraccion else OPERATION_CODES[document.operation_type]
    sub(root, "cbc:InvoiceTypeCode", kind.sunat_code, listID=operation, listAgencyName="PE:SUNAT",
        listName="Tipo de Documento", listURI="urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo01")
    sub(root, "cbc:Note", document.amount_in_words, languageLocaleID="1000")
    if document.detraccion:
        sub(root, "cbc:Note", "OPERACION SUJETA A DETRACCION", languageLocaleID="2006")
    sub(root, "cbc:DocumentCurrencyCode", currency, listID="ISO 4217 Alpha", listName="Currency",
        listAgencyName="United Nations Economic Commission for Europe")
    add_signature_reference(root, issuer)
    add_supplier(root, issuer)
    add_customer(root, party)
    if document.detraccion:
        add_detraccion(root, issuer, document)
    if kind.code == FACTURA:  # SUNAT asks a boleta for no forma de pago (its rules refuse one: 3128)
        add_payment_terms(root, document, instalments, currency)
    add_tax_total(root, lines, document.igv, currency)
    monetary = sub(root, "cac:LegalMonetaryTotal")
    base = document.gravadas + document.exoneradas + document.inafectas + document.exportacion
    amount(monetary, "cbc:LineExtensionAmount", base, currency)
    amount(monetary, "cbc:TaxInclusiveAmount", document.total, currency)
    amount(monetary, "cbc:PayableAmount", document.total, currency)
    for line in lines:
        add_line(root, line, currency)
    return root


def add_signature_reference(root, issuer):
    signature = sub(root, "cac:Signature")
    sub(signature, "cbc:ID", issuer.ruc)
    party = sub(signature, "cac:SignatoryParty")
    sub(sub(party, "cac:PartyIdentification"), "cbc:ID", issuer.ruc)
    sub(sub(party, "cac:PartyName"), "cbc:Name", issuer.razon_social)
    attachment = sub(signature, "cac:DigitalSignatureAttachment")
    sub(sub(attachment, "cac:ExternalReference"), "cbc:URI", f"#{SIGNATURE_ID}")


def identity(parent, scheme, number):
    sub(sub(parent, "cac:PartyIdentification"), "cbc:ID", number, schemeID=scheme, schemeName="Documento de Identidad",
        schemeAgencyName="PE:SUNAT", schemeURI="urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo06")


def add_supplier(root, issuer):
    party = sub(sub(root, "cac:AccountingSupplierParty"), "cac:Party")
    identity(party, "6", issuer.ruc)
    sub(sub(party, "cac:PartyName"), "cbc:Name", issuer.nombre_comercial or issuer.razon_social)
    legal = sub(party, "cac:PartyLegalEntity")
    sub(legal, "cbc:RegistrationName", issuer.razon_social)
    address = sub(legal, "cac:RegistrationAddress")
    sub(address, "cbc:ID", issuer.ubigeo, schemeAgencyName="PE:INEI", schemeName="Ubigeos")
    sub(address, "cbc:AddressTypeCode", issuer.establishment_code, listAgencyName="PE:SUNAT",
        listName="Establecimientos anexos")
    sub(address, "cbc:CitySubdivisionName", issuer.urbanization or "-")
    sub(address, "cbc:CityName", issuer.province)
    sub(address, "cbc:CountrySubentity", issuer.department)
    sub(address, "cbc:District", issuer.district)
    sub(sub(address, "cac:AddressLine"), "cbc:Line", issuer.address_line)
    sub(sub(address, "cac:Country"), "cbc:IdentificationCode", "PE", listID="ISO 3166-1",
        listAgencyName="United Nations Economic Commission for Europe", listName="Country")


def customer_identity(party):
    """(catalogue 06 code, number) of the customer; a client without document is SUNAT's '-' (varios)."""
    if party.doc_type == 0:
        return "-", "-"
    return DOCUMENT_TYPES[party.doc_type][1], party.doc_number


def add_customer(root, party):
    customer = sub(sub(root, "cac:AccountingCustomerParty"), "cac:Party")
    identity(customer, *customer_identity(party))
    sub(sub(customer, "cac:PartyLegalEntity"), "cbc:RegistrationName", party.name)


def add_detraccion(root, issuer, document):
    means = sub(root, "cac:PaymentMeans")
    sub(means, "cbc:ID", "Detraccion")
    sub(means, "cbc:PaymentMeansCode", "001", listName="Medio de pago", listAgencyName="PE:SUNAT",
        listURI="urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo59")
    sub(sub(means, "cac:PayeeFinancialAccount"), "cbc:ID", issuer.detraccion_account)
    terms = sub(root, "cac:PaymentTerms")
    sub(terms, "cbc:ID", "Detraccion")
    sub(terms, "cbc:PaymentMeansID", document.detraccion_code, schemeName="Codigo de detraccion",
        schemeAgencyName="PE:SUNAT", schemeURI="urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo54")
    sub(terms, "cbc:PaymentPercent", f"{document.detraccion_percent.quantize(CENTS)}")
    # The detracción is always declared in soles.
    amount(terms, "cbc:Amount", document.detraccion_amount, "PEN")


def add_payment_terms(root, document, instalments, currency):
    terms = sub(root, "cac:PaymentTerms")
    sub(terms, "cbc:ID", "FormaPago")
    if not instalments:
        sub(terms, "cbc:PaymentMeansID", "Contado")
        return
    sub(terms, "cbc:PaymentMeansID", "Credito")
    amount(terms, "cbc:Amount", sum(i.amount for i in instalments), currency)
    for number, instalment in enumerate(instalments, start=1):
        cuota = sub(root, "cac:PaymentTerms")
        sub(cuota, "cbc:ID", "FormaPago")
        sub(cuota, "cbc:PaymentMeansID", f"Cuota{number:03d}")
        amount(cuota, "cbc:Amount", instalment.amount, currency)
        sub(cuota, "cbc:PaymentDueDate", instalment.due_date.isoformat())


def add_tax_total(root, lines, igv, currency):
    bases = {}
    for line in lines:
        bases[line.igv_affectation] = bases.get(line.igv_affectation, Decimal("0.00")) + line.value_amount
    total = sub(root, "cac:TaxTotal")
    amount(total, "cbc:TaxAmount", igv, currency)
    for affectation in sorted(bases):
        subtotal = sub(total, "cac:TaxSubtotal")
        amount(subtotal, "cbc:TaxableAmount", bases[affectation], currency)
        amount(subtotal, "cbc:TaxAmount", igv if affectation == GRAVADO else 0, currency)
        add_tax_category(subtotal, affectation)


def add_tax_category(parent, affectation, line_level=False):
    scheme_id, name, type_code, category_code = TAX_SCHEMES[affectation]
    category = sub(parent, "cac:TaxCategory")
    sub(category, "cbc:ID", category_code, schemeID="UN/ECE 5305", schemeName="Tax Category Identifier",
        schemeAgencyName="United Nations Economic Commission for Europe")
    if line_level:
        sub(category, "cbc:Percent", IGV_PERCENT if affectation == GRAVADO else "0.00")
        sub(category, "cbc:TaxExemptionReasonCode", affectation, listAgencyName="PE:SUNAT",
            listName="Afectacion del IGV", listURI="urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo07")
    scheme = sub(category, "cac:TaxScheme")
    sub(scheme, "cbc:ID", scheme_id, schemeID="UN/ECE 5153", schemeName="Codigo de tributos", schemeAgencyName="PE:SUNAT")
    sub(scheme, "cbc:Name", name)
    sub(scheme, "cbc:TaxTypeCode", type_code)


def add_line(root, line, currency):
    element = sub(root, "cac:InvoiceLine")
    sub(element, "cbc:ID", line.position)
    sub(element, "cbc:InvoicedQuantity", plain(line.quantity), unitCode=line.unit, unitCodeListID="UN/ECE rec 20",
        unitCodeListAgencyName="United Nations Economic Commission for Europe")
    amount(element, "cbc:LineExtensionAmount", line.value_amount, currency)
    pricing = sub(sub(element, "cac:PricingReference"), "cac:AlternativeConditionPrice")
    # The price actually paid per unit, taxes included and discount applied (SUNAT rule 4287).
    paid = (line.total_amount / line.quantity).quantize(UNIT_PLACES)
    sub(pricing, "cbc:PriceAmount", plain(paid), currencyID=currency)
    sub(pricing, "cbc:PriceTypeCode", "01", listName="Tipo de Precio", listAgencyName="PE:SUNAT",
        listURI="urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo16")
    if line.discount_amount:
        allowance = sub(element, "cac:AllowanceCharge")
        sub(allowance, "cbc:ChargeIndicator", "false")
        sub(allowance, "cbc:AllowanceChargeReasonCode", "00", listAgencyName="PE:SUNAT", listName="Cargo/descuento",
            listURI="urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo53")
        sub(allowance, "cbc:MultiplierFactorNumeric", plain(line.discount_percent / 100))
        amount(allowance, "cbc:Amount", line.discount_amount, currency)
        amount(allowance, "cbc:BaseAmount", line.discount_amount + line.value_amount, currency)
    taxes = sub(element, "cac:TaxTotal")
    amount(taxes, "cbc:TaxAmount", line.igv_amount, currency)
    subtotal = sub(taxes, "cac:TaxSubtotal")
    amount(subtotal, "cbc:TaxableAmount", line.value_amount, currency)
    amount(subtotal, "cbc:TaxAmount", line.igv_amount, currency)
    add_tax_category(subtotal, line.igv_affectation, line_level=True)
    item = sub(element, "cac:Item")
    sub(item, "cbc:Description", line.description)
    sub(sub(item, "cac:SellersItemIdentification"), "cbc:ID", line.code)
    sub(sub(element, "cac:Price"), "cbc:PriceAmount", plain(line.unit_value), currencyID=currency)


def plain(value):
    """A decimal without trailing zeros or exponent: 2.5000000000 → 2.5, 1E+1 → 10."""
    value = Decimal(value).normalize()
    return f"{value:f}"


def serialize(root):
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
