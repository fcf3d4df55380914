"""The parts every SUNAT document kind is made of: signature reference, parties, taxes, lines, totals and
payment terms. Builders put them together in the order their UBL schema requires.

Every amount comes from the plain document as stored (exact decimals, rounded per line when the
document was made); nothing is recomputed here but the sums SUNAT wants per tax.
"""

from domain.money import IGV_PERCENT
from domain.money import ZERO
from domain.money import cents
from domain.money import ten_decimals
from domain.taxes import EXONERADO
from domain.taxes import EXPORTACION
from domain.taxes import FREE_GRAVADO
from domain.taxes import GRAVADO
from domain.taxes import ICBPER
from domain.taxes import INAFECTO
from domain.taxes import ISC
from domain.taxes import category_of
from domain.taxes import scheme_of
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


FREE_LEGEND = ("1002", "TRANSFERENCIA GRATUITA DE UN BIEN Y/O SERVICIO PRESTADO GRATUITAMENTE")  # catalogue 52


def legends(root, document):
    """The amount in words (1000) and, when the document has free lines, legend 1002."""
    legend(root, "1000", document.amount_in_words)
    if any(getattr(line, "free", False) for line in document.lines):
        legend(root, *FREE_LEGEND)


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
    # The detracción is always declared in soles (converted at factura_tipo_cambio in dollars or euros).
    amount(terms, "cbc:Amount", document.detraccion.soles, "PEN")


def perception_terms(root, perception, total):
    """The percepción's PaymentTerms: what the buyer pays, the total and the percepción, in soles."""
    terms = sub(root, "cac:PaymentTerms")
    sub(terms, "cbc:ID", "Percepcion")
    amount(terms, "cbc:Amount", total + perception.amount, "PEN")


def perception_charge(root, perception):
    """The percepción as SUNAT's charge 51, 52 or 53: its rate, amount and base (the total), in soles."""
    charge = sub(root, "cac:AllowanceCharge")
    sub(charge, "cbc:ChargeIndicator", "true")
    sub(charge, "cbc:AllowanceChargeReasonCode", perception.code, listAgencyName=SUNAT, listName="Cargo/descuento",
        listURI=catalogue(53))
    exact(charge, "cbc:MultiplierFactorNumeric", perception.percent / 100)
    amount(charge, "cbc:Amount", perception.amount, "PEN")
    amount(charge, "cbc:BaseAmount", perception.base, "PEN")


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


def global_discount(root, document):
    """A global discount (factura_descuento_global): its gravado share as SUNAT's 02 (it lowers the IGV
    base), the share of the other bases as 03 (it lowers what is paid). Nothing when there is none."""
    totals = document.totals
    percent = getattr(document, "global_discount_percent", 0) or 0
    currency = document.currency_code
    fixed = getattr(totals, "global_discount_amount", ZERO)
    shares = (("02", percent / 100, totals.global_discount_base, totals.gravadas + totals.global_discount_base),
              ("03", percent / 100, totals.global_discount_other,
               totals.exoneradas + totals.inafectas + totals.exportacion),
              ("03", 1, fixed, fixed))  # an amount off what is paid: all of itself
    for code, factor, value, base in shares:
        if not value:
            continue
        allowance = sub(root, "cac:AllowanceCharge")
        sub(allowance, "cbc:ChargeIndicator", "false")
        sub(allowance, "cbc:AllowanceChargeReasonCode", code, listAgencyName=SUNAT, listName="Cargo/descuento",
            listURI=catalogue(53))
        exact(allowance, "cbc:MultiplierFactorNumeric", factor)
        amount(allowance, "cbc:Amount", value, currency)
        amount(allowance, "cbc:BaseAmount", base, currency)


# affectation → the document total that holds its (charged) base
CHARGED_BASES = {GRAVADO: "gravadas", EXONERADO: "exoneradas", INAFECTO: "inafectas", EXPORTACION: "exportacion"}


def tax_total(root, document):
    """The document's TaxTotal: the IGV and ICBPER charged, one subtotal per affectation its charged lines
    use (after a global discount), one for its free lines (9996, with the IGV they would have paid, not
    charged) and one for ICBPER (7152)."""
    currency = document.currency_code
    totals = document.totals
    free_lines = [line for line in document.lines if getattr(line, "free", False)]
    charged = sorted({line.affectation for line in document.lines if not getattr(line, "free", False)})
    icbper = getattr(totals, "icbper", ZERO)
    isc = getattr(totals, "isc", ZERO)
    total = sub(root, "cac:TaxTotal")
    amount(total, "cbc:TaxAmount", totals.igv + isc + icbper, currency)
    if isc:
        subtotal = sub(total, "cac:TaxSubtotal")
        amount(subtotal, "cbc:TaxableAmount", sum(line.value_amount for line in document.lines
                                                  if getattr(line, "isc_amount", ZERO)), currency)
        amount(subtotal, "cbc:TaxAmount", isc, currency)
        scheme_element(sub(subtotal, "cac:TaxCategory"), ISC)
    for affectation in charged:
        subtotal = sub(total, "cac:TaxSubtotal")
        amount(subtotal, "cbc:TaxableAmount", getattr(totals, CHARGED_BASES[affectation]), currency)
        amount(subtotal, "cbc:TaxAmount", totals.igv if affectation == GRAVADO else 0, currency)
        tax_category(subtotal, affectation)
    if free_lines:
        subtotal = sub(total, "cac:TaxSubtotal")
        amount(subtotal, "cbc:TaxableAmount", totals.gratuitas, currency)
        amount(subtotal, "cbc:TaxAmount", totals.igv_gratuitas, currency)
        tax_category(subtotal, min(line.affectation for line in free_lines))
    if icbper:
        subtotal = sub(total, "cac:TaxSubtotal")
        amount(subtotal, "cbc:TaxAmount", icbper, currency)
        category = sub(subtotal, "cac:TaxCategory")
        scheme_element(category, ICBPER)


def scheme_element(category, scheme):
    tax_scheme = sub(category, "cac:TaxScheme")
    sub(tax_scheme, "cbc:ID", scheme.id, schemeID="UN/ECE 5153", schemeName="Codigo de tributos", schemeAgencyName=SUNAT)
    sub(tax_scheme, "cbc:Name", scheme.name)
    sub(tax_scheme, "cbc:TaxTypeCode", scheme.type_code)


def tax_category(parent, affectation, line_level=False):
    """The TaxCategory of `affectation` (catalogue 07): a free one is declared under 9996 GRA."""
    category = sub(parent, "cac:TaxCategory")
    sub(category, "cbc:ID", category_of(affectation), schemeID="UN/ECE 5305", schemeName="Tax Category Identifier",
        schemeAgencyName=UNECE)
    if line_level:
        taxed = affectation == GRAVADO or affectation in FREE_GRAVADO
        sub(category, "cbc:Percent", IGV_PERCENT if taxed else "0.00")
        sub(category, "cbc:TaxExemptionReasonCode", affectation, listAgencyName=SUNAT,
            listName="Afectacion del IGV", listURI=catalogue(7))
    scheme_element(category, scheme_of(affectation))


def monetary_total(root, document, tag="cac:LegalMonetaryTotal"):
    """Value of the sale (its charged bases, after a 02 discount), the total with taxes, the discount that
    lowers only what is paid (03), and what is payable. Free lines are in none of them."""
    currency = document.currency_code
    totals = document.totals
    other_discount = getattr(totals, "global_discount_other", ZERO) + getattr(totals, "global_discount_amount", ZERO)
    monetary = sub(root, tag)
    values = totals.gravadas + totals.exoneradas + totals.inafectas + totals.exportacion
    amount(monetary, "cbc:LineExtensionAmount", values, currency)
    amount(monetary, "cbc:TaxInclusiveAmount", totals.total + other_discount, currency)
    if other_discount:
        amount(monetary, "cbc:AllowanceTotalAmount", other_discount, currency)
    amount(monetary, "cbc:PayableAmount", totals.total, currency)


def line(root, tag, quantity_tag, line_item, currency):
    """One document line (InvoiceLine, CreditNoteLine…): quantity, value, prices, discount, taxes, item."""
    element = sub(root, tag)
    sub(element, "cbc:ID", line_item.position)
    exact(element, quantity_tag, line_item.quantity, unitCode=line_item.unit, unitCodeListID="UN/ECE rec 20",
          unitCodeListAgencyName=UNECE)
    amount(element, "cbc:LineExtensionAmount", line_item.value_amount, currency)
    pricing = sub(sub(element, "cac:PricingReference"), "cac:AlternativeConditionPrice")
    free = getattr(line_item, "free", False)
    icbper = getattr(line_item, "icbper_amount", ZERO)
    if free:
        # A free line's reference value per unit (catalogue 16, 02), without taxes.
        exact(pricing, "cbc:PriceAmount", line_item.unit_value, currencyID=currency)
    else:
        # The price actually paid per unit, taxes included and discount applied (SUNAT's rule 4287).
        exact(pricing, "cbc:PriceAmount", ten_decimals((line_item.total_amount + icbper) / line_item.quantity),
              currencyID=currency)
    sub(pricing, "cbc:PriceTypeCode", "02" if free else "01", listName="Tipo de Precio", listAgencyName=SUNAT,
        listURI=catalogue(16))
    if line_item.discount_amount:
        allowance = sub(element, "cac:AllowanceCharge")
        sub(allowance, "cbc:ChargeIndicator", "false")
        sub(allowance, "cbc:AllowanceChargeReasonCode", "00", listAgencyName=SUNAT, listName="Cargo/descuento",
            listURI=catalogue(53))
        exact(allowance, "cbc:MultiplierFactorNumeric", line_item.discount_percent / 100)
        amount(allowance, "cbc:Amount", line_item.discount_amount, currency)
        amount(allowance, "cbc:BaseAmount", line_item.discount_amount + line_item.value_amount, currency)
    taxes = sub(element, "cac:TaxTotal")
    isc = getattr(line_item, "isc_amount", ZERO)
    # What the line charges: a free line's IGV is declared in its subtotal, not charged.
    amount(taxes, "cbc:TaxAmount", (ZERO if free else line_item.igv_amount) + isc + icbper, currency)
    if isc:
        # ISC first: the IGV is charged on the value plus it (catalogue 08 system 01, al valor)
        selective = sub(taxes, "cac:TaxSubtotal")
        amount(selective, "cbc:TaxableAmount", line_item.value_amount, currency)
        amount(selective, "cbc:TaxAmount", isc, currency)
        category = sub(selective, "cac:TaxCategory")
        sub(category, "cbc:Percent", f"{cents(line_item.isc_rate)}")
        sub(category, "cbc:TierRange", "01")
        scheme_element(category, ISC)
    subtotal = sub(taxes, "cac:TaxSubtotal")
    amount(subtotal, "cbc:TaxableAmount", line_item.value_amount + isc, currency)
    amount(subtotal, "cbc:TaxAmount", line_item.igv_amount, currency)
    tax_category(subtotal, line_item.affectation, line_level=True)
    if icbper:
        bags = sub(taxes, "cac:TaxSubtotal")
        amount(bags, "cbc:TaxAmount", icbper, currency)
        exact(bags, "cbc:BaseUnitMeasure", line_item.quantity, unitCode=line_item.unit)
        category = sub(bags, "cac:TaxCategory")
        amount(category, "cbc:PerUnitAmount", icbper / line_item.quantity, currency)
        scheme_element(category, ICBPER)
    item = sub(element, "cac:Item")
    sub(item, "cbc:Description", line_item.description)
    sub(sub(item, "cac:SellersItemIdentification"), "cbc:ID", line_item.code)
    exact(sub(element, "cac:Price"), "cbc:PriceAmount", ZERO if free else line_item.unit_value, currencyID=currency)
