"""Writing UBL elements: the namespaces, qualified names, and amounts as SUNAT wants them."""

from decimal import Decimal

from lxml import etree

from domain.money import CENT
from domain.money import decimal_text

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
EXT = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
DS = "http://www.w3.org/2000/09/xmldsig#"
DOCUMENT_NAMESPACES = {
    "Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "DebitNote": "urn:oasis:names:specification:ubl:schema:xsd:DebitNote-2",
    "ApplicationResponse": "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2",
}
PREFIXES = {"cac": CAC, "cbc": CBC, "ds": DS, "ext": EXT}
# Where the signature sits: ds:Signature's Id, which cac:Signature's URI points at.
SIGNATURE_ID = "SignatureGateway"


def q(tag, default=None):
    """'cbc:ID' → '{urn:…CommonBasicComponents-2}ID'; an unprefixed tag is in `default`'s namespace."""
    prefix, _, name = tag.rpartition(":")
    return f"{{{PREFIXES[prefix] if prefix else default}}}{name}"


def root(document_type):
    """An empty UBL document of `document_type` ('Invoice', 'CreditNote'…), with its extension slot."""
    namespace = DOCUMENT_NAMESPACES[document_type]
    element = etree.Element(f"{{{namespace}}}{document_type}", nsmap={None: namespace, **PREFIXES})
    sub(sub(sub(element, "ext:UBLExtensions"), "ext:UBLExtension"), "ext:ExtensionContent")
    return element


def sub(parent, tag, text=None, **attributes):
    element = etree.SubElement(parent, q(tag, etree.QName(parent).namespace),
                               {k.replace("_", ""): str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


def amount(parent, tag, value, currency):
    """An amount in cents with its currency: <cbc:TaxAmount currencyID="PEN">18.00</cbc:TaxAmount>."""
    return sub(parent, tag, f"{Decimal(value).quantize(CENT)}", currencyID=currency)


def exact(parent, tag, value, **attributes):
    """A quantity or unit value with every decimal it has, none it lacks: 2.5, not 2.5000000000."""
    return sub(parent, tag, decimal_text(value), **attributes)


def serialize(element):
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8")
