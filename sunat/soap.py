"""SOAP 1.1 with SUNAT: sendBill, sendSummary, getStatus and getStatusCdr, each one envelope with a WS-Security UsernameToken.

A short envelope builder rather than a WSDL-driven client: there are two fixed operations whose
envelopes SUNAT publishes, and building them here keeps every timeout and every byte on the wire
explicit. Faults become `SunatFault` with SUNAT's numeric code (`soap-env:Client.0111` → "0111");
anything that never reached an answer (refused connection, timeout, dropped socket, a non-SOAP reply)
is `SunatUnreachable`, after which nobody knows whether SUNAT registered the document.
"""

import base64
import re
import threading

import requests
from lxml import etree

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
PASSWORD_TEXT = ("http://docs.oasis-open.org/wss/2004/01/"
                 "oasis-200401-wss-username-token-profile-1.0#PasswordText")
SERVICE = "http://service.sunat.gob.pe"
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_local = threading.local()


def session():
    """One keep-alive session per thread: a worker's senders reuse their TLS connections to SUNAT
    instead of a handshake per document."""
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


class SunatFault(Exception):
    """SUNAT answered with a SOAP Fault."""

    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class SunatUnreachable(Exception):
    """No answer from SUNAT: connection refused or dropped, timeout, or something that is not SOAP."""


def envelope(username, password, operation, fields):
    root = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soapenv": SOAP, "ser": SERVICE, "wsse": WSSE})
    security = etree.SubElement(etree.SubElement(root, f"{{{SOAP}}}Header"), f"{{{WSSE}}}Security")
    token = etree.SubElement(security, f"{{{WSSE}}}UsernameToken")
    etree.SubElement(token, f"{{{WSSE}}}Username").text = username
    etree.SubElement(token, f"{{{WSSE}}}Password", Type=PASSWORD_TEXT).text = password
    call = etree.SubElement(etree.SubElement(root, f"{{{SOAP}}}Body"), f"{{{SERVICE}}}{operation}")
    for name, value in fields:
        etree.SubElement(call, name).text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def post(url, body, action, timeouts):
    """The response's Body element; raises SunatFault or SunatUnreachable."""
    try:
        response = session().post(url, data=body, timeout=timeouts, headers={
            "Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"urn:{action}"'})
    except requests.RequestException as error:
        raise SunatUnreachable(f"{type(error).__name__}: {error}") from None
    try:
        root = etree.fromstring(response.content, parser=SAFE_PARSER)
    except etree.XMLSyntaxError:
        raise SunatUnreachable(f"respuesta no SOAP (HTTP {response.status_code})") from None
    body = root.find(f"{{{SOAP}}}Body")
    if body is None:
        raise SunatUnreachable(f"respuesta sin soap:Body (HTTP {response.status_code})")
    fault = body.find(f"{{{SOAP}}}Fault")
    if fault is not None:
        raise fault_of(fault)
    if response.status_code != 200:
        raise SunatUnreachable(f"HTTP {response.status_code} sin SOAP Fault")
    return body


def fault_of(fault):
    code_text = (fault.findtext("faultcode") or "").strip()
    message = (fault.findtext("faultstring") or "").strip()
    digits = re.search(r"(\d+)$", code_text)
    if digits:
        return SunatFault(digits.group(1).zfill(4), message)
    # Some SUNAT faults carry the code in the message ("0109 - El sistema no puede responder...").
    leading = re.match(r"\s*(\d{4})\b", message)
    return SunatFault(leading.group(1) if leading else "0000", message or code_text)


def send_bill(issuer, zip_name, zip_bytes):
    """The CDR zip for a document zip."""
    body = post(issuer.bill_service_url, envelope(issuer.username, issuer.sol_password, "sendBill", [
        ("fileName", zip_name), ("contentFile", base64.b64encode(zip_bytes).decode())]),
        "sendBill", (issuer.connect_timeout, issuer.read_timeout))
    content = body.findtext(".//applicationResponse")
    if not content:
        raise SunatUnreachable("sendBillResponse sin applicationResponse")
    return base64.b64decode(content)


def get_status_cdr(issuer, doc_type_code, series, number):
    """(status code, message, CDR zip or None) for a document SUNAT may already have."""
    body = post(issuer.consult_service_url, envelope(issuer.username, issuer.sol_password, "getStatusCdr", [
        ("rucComprobante", issuer.ruc), ("tipoComprobante", doc_type_code),
        ("serieComprobante", series), ("numeroComprobante", str(number))]),
        "getStatusCdr", (issuer.connect_timeout, issuer.read_timeout))
    status = body.find(".//statusCdr")
    if status is None:
        raise SunatUnreachable("getStatusCdrResponse sin statusCdr")
    content = status.findtext("content")
    return (status.findtext("statusCode", "").strip(), status.findtext("statusMessage", "").strip(),
            base64.b64decode(content) if content else None)


def send_summary(issuer, zip_name, zip_bytes):
    """The ticket SUNAT gives for a resumen (RC) or comunicación de baja (RA) zip."""
    body = post(issuer.bill_service_url, envelope(issuer.username, issuer.sol_password, "sendSummary", [
        ("fileName", zip_name), ("contentFile", base64.b64encode(zip_bytes).decode())]),
        "sendSummary", (issuer.connect_timeout, issuer.read_timeout))
    ticket = (body.findtext(".//ticket") or "").strip()
    if not ticket:
        raise SunatUnreachable("sendSummaryResponse sin ticket")
    return ticket


def get_status(issuer, ticket):
    """(statusCode, CDR zip or None) of a ticket: 98 in process, 0 accepted, 99 with errors (its CDR)."""
    body = post(issuer.bill_service_url, envelope(issuer.username, issuer.sol_password, "getStatus", [
        ("ticket", ticket)]), "getStatus", (issuer.connect_timeout, issuer.read_timeout))
    status = body.find(".//status")
    if status is None:
        raise SunatUnreachable("getStatusResponse sin status")
    content = status.findtext("content")
    return status.findtext("statusCode", "").strip(), base64.b64decode(content) if content else None
