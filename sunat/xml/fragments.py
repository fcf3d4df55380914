"""The parts every SUNAT document kind is made of: signature reference, parties, taxes, lines, totals and
payment terms. Builders put them together in the order their UBL schema requires.

Every amount comes from the plain document as stored (exact decimals, rounded per line when the
document was made); nothing is recomputed here but the sums SUNAT wants per tax.
"""

from domain.money import IGV_PERCENT
from domain.money import ZERO
from domain.money import cents
from domain.money import ten_decimals
from domain.taxes import GRAVADO
from domain.taxes import TAX_SCHEMES
from sunat.xml.elements import SIGNATURE_ID
from sunat.xml.elements import amount
from sunat.xml.elements import exact
from sunat.xml.elements import sub

SUNAT = "PE:SUNAT"
UNECE = "United Nations Economic Commission for Europe"


def catalogue(number):
    return f"urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo{number:02d}"


def header(root, document, customization="2.0"):
    """UBLVersionID, CustomizationID, ID, IssueDate and IssueTime, which open every UBL 2.1 document."""
    sub(root, "cbc:UBLVersionID", "2.1")
    sub(root, "cbc:CustomizationID", customization)
    sub(root, "cbc:ID", document.numero)
    sub(root, "cbc:IssueDate", document.issue_date.isoformat())
    sub(root, "cbc:IssueTime", document.issue_time.strftime("%H:%M:%S"))


def legend(root, code, text):
    """A cbc:Note with its legend code (catalogue 52): 1000 is the amount in words."""
    sub(root, "cbc:Note", text, languageLocaleID=code)


def currency_code(root, currency):
    sub(root, "cbc:DocumentCurrencyCode", currency, listID="ISO 4217 Alpha", listName="Currency",
        listAgencyName=UNECE)


def signature_reference(root, issuer):
    signature = sub(root, "cac:Signature")
    sub(signature, "cbc:ID", issuer.ruc)
    party = sub(signature, "cac:SignatoryParty")
    sub(sub(party, "cac:PartyIdentification"), "cbc:ID", issuer.ruc)
    sub(sub(party, "cac:PartyName"), "cbc:Name", issuer.razon_social)
    attachment = sub(signature, "cac:DigitalSignatureAttachment")
    sub(sub(attachment, "cac:ExternalReference"), "cbc:URI", f"#{SIGNATURE_ID}")


def identity(parent, scheme, number):
    sub(sub(parent, "cac:PartyIdentification"), "cbc:ID", number, schemeID=scheme, schemeName="Documento de Identidad",
        schemeAgencyName=SUNAT, schemeURI=catalogue(6))


def supplier(root, issuer, establishment_code=None):
    """The issuer; `establishment_code` (the selling warehouse's, SUNAT's annex code) over the issuer's own."""
    party = sub(sub(root, "cac:AccountingSupplierParty"), "cac:Party")
    identity(party, "6", issuer.ruc)
    sub(sub(party, "cac:PartyName"), "cbc:Name", issuer.nombre_comercial or issuer.razon_social)
    legal = sub(party, "cac:PartyLegalEntity")
    sub(legal, "cbc:RegistrationName", issuer.razon_social)
    address = sub(legal, "cac:RegistrationAddress")
    sub(address, "cbc:ID", issuer.ubigeo, schemeAgencyName="PE:INEI", schemeName="Ubigeos")
    sub(address, "cbc:AddressTypeCode", establishment_code or issuer.establishment_code, listAgencyName=SUNAT,
        listName="Establecimientos anexos")
    sub(address, "cbc:CitySubdivisionName", issuer.urbanization or "-")
    sub(address, "cbc:CityName", issuer.province)
    sub(address, "cbc:CountrySubentity", issuer.department)
    sub(address, "cbc:District", issuer.district)
    sub(sub(address, "cac:AddressLine"), "cbc:Line", issuer.address_line)
    sub(sub(address, "cac:Country"), "cbc:IdentificationCode", "PE", listID="ISO 3166-1", listAgencyName=UNECE,
        listName="Country")


def customer(root, buyer):
    party = sub(sub(root, "cac:AccountingCustomerParty"), "cac:Party")
    identity(party, *buyer.sunat_identity)
    sub(sub(party, "cac:PartyLegalEntity"), "cbc:RegistrationName", buyer.name)


def detraccion(root, issuer, document):
    """The detracción: the Banco de la Nación account it is paid into, its code, percent and amount."""
    means = sub(root, "cac:PaymentMeans")
    sub(means, "cbc:ID", "Detraccion")
    sub(means, "cbc:PaymentMeansCode", "001", listName="Medio de pago", listAgencyName=SUNAT, listURI=catalogue(59))
    sub(sub(means, "cac:PayeeFinancialAccount"), "cbc:ID", issuer.detraccion_account)
    terms = sub(root, "cac:PaymentTerms")
    sub(terms, "cbc:ID", "Detraccion")
    sub(terms, "cbc:PaymentMeansID", document.detraccion.code, schemeName="Codigo de detraccion",
        schemeAgencyName=SUNAT, schemeURI=catalogue(54))
    sub(terms, "cbc:PaymentPercent", f"{cents(document.detraccion.percent)}")
    # The detracción is always declared in soles.
    amount(terms, "cbc:Amount", document.detraccion.amount, "PEN")


def payment_terms(root, document):
    """Forma de pago: Contado, or Credito with the amount owed and each cuota."""
    currency = document.currency_code
    terms = sub(root, "cac:PaymentTerms")
    sub(terms, "cbc:ID", "FormaPago")
    if not document.installments:
        sub(terms, "cbc:PaymentMeansID", "Contado")
        return
    sub(terms, "cbc:PaymentMeansID", "Credito")
    amount(terms, "cbc:Amount", sum(i.amount for i in document.installments), currency)
    for number, installment in enumerate(document.installments, start=1):
        cuota = sub(root, "cac:PaymentTerms")
        sub(cuota, "cbc:ID", "FormaPago")
        sub(cuota, "cbc:PaymentMeansID", f"Cuota{number:03d}")
        amount(cuota, "cbc:Amount", installment.amount, currency)
        sub(cuota, "cbc:PaymentDueDate", installment.due_date.isoformat())


def tax_total(root, document):
    """The document's TaxTotal: the IGV, and one subtotal per affectation its lines use."""
    currency = document.currency_code
    bases = {}
    for line in document.lines:
        bases[line.affectation] = bases.get(line.affectation, ZERO) + line.value_amount
    total = sub(root, "cac:TaxTotal")
    amount(total, "cbc:TaxAmount", document.totals.igv, currency)
    for affectation in sorted(bases):
        subtotal = sub(total, "cac:TaxSubtotal")
        amount(subtotal, "cbc:TaxableAmount", bases[affectation], currency)
        amount(subtotal, "cbc:TaxAmount", document.totals.igv if affectation == GRAVADO else 0, currency)
        tax_category(subtotal, affectation)


def tax_category(parent, affectation, line_level=False):
    scheme = TAX_SCHEMES[affectation]
    category = sub(parent, "cac:TaxCategory")
    sub(category, "cbc:ID", scheme.category, schemeID="UN/ECE 5305", schemeName="Tax Category Identifier",
        schemeAgencyName=UNECE)
    if line_level:
        sub(category, "cbc:Percent", IGV_PERCENT if affectation == GRAVADO else "0.00")
        sub(category, "cbc:TaxExemptionReasonCode", affectation, listAgencyName=SUNAT,
            listName="Afectacion del IGV", listURI=catalogue(7))
    tax_scheme = sub(category, "cac:TaxScheme")
    sub(tax_scheme, "cbc:ID", scheme.id, schemeID="UN/ECE 5153", schemeName="Codigo de tributos", schemeAgencyName=SUNAT)
    sub(tax_scheme, "cbc:Name", scheme.name)
    sub(tax_scheme, "cbc:TaxTypeCode", scheme.type_code)


def monetary_total(root, document, tag="cac:LegalMonetaryTotal"):
    """Value of the sale (its base), the total with taxes, and what is payable."""
    currency = document.currency_code
    totals = document.totals
    monetary = sub(root, tag)
    amount(monetary, "cbc:LineExtensionAmount", totals.gravadas + totals.exoneradas + totals.inafectas
           + totals.exportacion, currency)
    amount(monetary, "cbc:TaxInclusiveAmount", totals.total, currency)
    amount(monetary, "cbc:PayableAmount", totals.total, currency)


def line(root, tag, quantity_tag, line_item, currency):
    """One document line (InvoiceLine, CreditNoteLine…): quantity, value, prices, discount, taxes, item."""
    element = sub(root, tag)
    sub(element, "cbc:ID", line_item.position)
    exact(element, quantity_tag, line_item.quantity, unitCode=line_item.unit, unitCodeListID="UN/ECE rec 20",
          unitCodeListAgencyName=UNECE)
    amount(element, "cbc:LineExtensionAmount", line_item.value_amount, currency)
    pricing = sub(sub(element, "cac:PricingReference"), "cac:AlternativeConditionPrice")
    # The price actually paid per unit, taxes included and discount applied (SUNAT's rule 4287).
    paid = ten_decimals(line_item.total_amount / line_item.quantity)
    exact(pricing, "cbc:PriceAmount", paid, currencyID=currency)
    sub(pricing, "cbc:PriceTypeCode", "01", listName="Tipo de Precio", listAgencyName=SUNAT, listURI=catalogue(16))
    if line_item.discount_amount:
        allowance = sub(element, "cac:AllowanceCharge")
        sub(allowance, "cbc:ChargeIndicator", "false")
        sub(allowance, "cbc:AllowanceChargeReasonCode", "00", listAgencyName=SUNAT, listName="Cargo/descuento",
            listURI=catalogue(53))
        exact(allowance, "cbc:MultiplierFactorNumeric", line_item.discount_percent / 100)
        amount(allowance, "cbc:Amount", line_item.discount_amount, currency)
        amount(allowance, "cbc:BaseAmount", line_item.discount_amount + line_item.value_amount, currency)
    taxes = sub(element, "cac:TaxTotal")
    amount(taxes, "cbc:TaxAmount", line_item.igv_amount, currency)
    subtotal = sub(taxes, "cac:TaxSubtotal")
    amount(subtotal, "cbc:TaxableAmount", line_item.value_amount, currency)
    amount(subtotal, "cbc:TaxAmount", line_item.igv_amount, currency)
    tax_category(subtotal, line_item.affectation, line_level=True)
    item = sub(element, "cac:Item")
    sub(item, "cbc:Description", line_item.description)
    sub(sub(item, "cac:SellersItemIdentification"), "cbc:ID", line_item.code)
    exact(sub(element, "cac:Price"), "cbc:PriceAmount", line_item.unit_value, currencyID=currency)
