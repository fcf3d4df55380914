"""A local SUNAT for tests: a real HTTP SOAP server on loopback with sendBill, getStatusCdr, sendSummary
and getStatus.

It checks what SUNAT checks (credentials, zip and file names, the XSD and SUNAT's rules, the signature)
and answers like the captured SUNAT answers in ../shared/sunat/soap/responses: a signed CDR zip (with
the `dummy/` entry SUNAT adds) or a SOAP Fault. A test picks what happens next with `then(...)`:

    accept, observe, reject:<code>, fault:<code>, timeout, drop

and for summaries `then_summary(...)` (sendSummary: ticket, fault:<code>, timeout, drop; a file name it
already received answers 2223) and `then_status(...)` (getStatus: 98, 0, 99:<code>, 0127, timeout, drop).

`validate=False` is the cheap mode for throughput benchmarks: no signature check, no XSD or rules, an
unsigned CDR, so the peer costs little CPU; `latency` delays every answer. `counts[(operation, name)]`
counts what reached it, per document or summary file. Safe under concurrent calls from the first one:
SUNAT's schemas load under a lock (tests/sunat_reference.py).

`python -m tests.sunat_peer --latency 0.3 --no-validate` runs one on its own (bench/sunat_backlog.py).
"""

import argparse
import base64
import collections
import datetime
import itertools
import io
import re
import signal
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

from lxml import etree
from signxml import XMLSigner

from sunat.certificates import self_signed
from tests import sunat_reference
from tests.xmldsig_check import verify

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
DS = "http://www.w3.org/2000/09/xmldsig#"
ZIP_NAME = re.compile(r"^(\d{11})-(01|03|07|08)-([FB][A-Z0-9]{3})-(\d{1,8})\.zip$")
KIND_NAMES = {"01": "La Factura", "03": "La Boleta de Venta", "07": "La Nota de Credito", "08": "La Nota de Debito"}
# A note whose modified document SUNAT does not hold as accepted: its codes by note type (catalogue of errors).
NOT_REGISTERED = {"07": ("2119", "El documento modificado en la Nota de credito no esta registrada."),
                  "08": ("2209", "El documento modificado en la Nota de debito no esta registrada")}
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
SUMMARY_NAME = re.compile(r"^(\d{11})-(RC|RA)-(\d{8})-(\d{1,5})\.zip$")
OBSERVATIONS = [("4287", "El precio unitario de la operación que se informa difiere de los cálculos realizados "
                         "en base a la cantidad, valor unitario, tributos y descuentos")]


class Server(ThreadingHTTPServer):
    request_queue_size = 256  # a worker's whole pool connects at once; the default 5 drops SYNs (1 s retries)
    daemon_threads = True


class Fault(Exception):
    def __init__(self, code, message):
        super().__init__(code)
        self.code = code
        self.message = message


class SunatPeer:
    def __init__(self, username, password, timeout_delay=2.0, validate=True, latency=0.0, port=0):
        self.username = username
        self.password = password
        self.timeout_delay = timeout_delay
        self.validate = validate
        self.latency = latency
        self.plan = []  # what the next sendBill calls do, in order; then "accept"
        self.summary_plan = []  # the next sendSummary calls; then "ticket"
        self.status_plan = []  # the next getStatus calls; then "0" (SUNAT's verdict on the file)
        self.registered = {}  # stem → CDR zip
        self.accepted = set()  # stems SUNAT accepted (code 0): what a note may modify
        self.summaries = {}  # summary stem → its ticket
        self.tickets = {}  # ticket → (stem, CDR code, description)
        self.ticket_numbers = itertools.count(1703154974517)
        self.received = []  # (operation, stem or key, what happened)
        self.counts = collections.Counter()  # (operation, stem) → calls that reached us
        self.active = self.most_at_once = 0  # calls being answered now, and the most there ever were
        self.lock = threading.Lock()
        self.key_pem, self.certificate_pem = self_signed("20131312955", "SUNAT")
        self.server = Server(("127.0.0.1", port), self.handler_class())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ol-ti-itcpfegem-beta/billService"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def then(self, *modes):
        with self.lock:
            self.plan.extend(modes)
        return self

    def then_summary(self, *modes):
        with self.lock:
            self.summary_plan.extend(modes)
        return self

    def then_status(self, *modes):
        with self.lock:
            self.status_plan.extend(modes)
        return self

    def next_mode(self, plan=None, default="accept"):
        plan = self.plan if plan is None else plan
        with self.lock:
            return plan.pop(0) if plan else default

    def note(self, operation, key, mode):
        with self.lock:
            self.received.append((operation, key, mode))
            self.counts[(operation, key)] += 1

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def sent(self, stem):
        """How many sendBill calls reached us for `stem`."""
        return sum(1 for operation, key, _ in self.received if operation == "sendBill" and key == stem)

    # -- the SOAP side ------------------------------------------------------------------------------

    def handler_class(peer):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                status, body = peer.answer(self.rfile.read(length), self)
                if body is None:  # "drop": close the connection without a word
                    self.close_connection = True
                    self.connection.close()
                    return
                self.send_response(status)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def answer(self, data, handler):
        with self.lock:
            self.active += 1
            self.most_at_once = max(self.most_at_once, self.active)
        try:
            if self.latency:
                time.sleep(self.latency)
            return self.answer_now(data)
        finally:
            with self.lock:
                self.active -= 1

    def answer_now(self, data):
        try:
            root = etree.fromstring(data)
            self.check_credentials(root)
            call = root.find(f"{{{SOAP}}}Body")[0]
            operation = etree.QName(call).localname
            if operation == "sendBill":
                return self.send_bill(call)
            if operation == "getStatusCdr":
                return self.get_status_cdr(call)
            if operation == "sendSummary":
                return self.send_summary(call)
            if operation == "getStatus":
                return self.get_status(call)
            raise Fault("0100", f"operación desconocida {operation}")
        except Fault as fault:
            return 500, fault_envelope(fault.code, fault.message)

    def check_credentials(self, root):
        token = root.find(f".//{{{WSSE}}}UsernameToken")
        if token is None:
            raise Fault("0101", "El encabezado de seguridad es incorrecto")
        if (token.findtext(f"{{{WSSE}}}Username"), token.findtext(f"{{{WSSE}}}Password")) != (self.username, self.password):
            raise Fault("0102", "Usuario o contraseña incorrectos")

    def send_bill(self, call):
        zip_name = call.findtext("fileName") or ""
        match = ZIP_NAME.match(zip_name)
        if not match:
            raise Fault("0151", "El nombre del archivo ZIP es incorrecto")
        stem = zip_name[:-4]
        if match.group(1) != self.username[:11]:
            raise Fault("0154", "El RUC del archivo no corresponde al RUC del usuario")
        mode = self.next_mode()
        self.note("sendBill", stem, mode)
        if mode.startswith("fault:"):
            code = mode.split(":")[1]
            raise Fault(code, "El sistema no puede responder su solicitud. Intente nuevamente")
        xml = self.unzip(base64.b64decode(call.findtext("contentFile") or ""), stem)
        if stem in self.registered:
            raise Fault("1033", "El comprobante fue registrado previamente con otros datos")
        findings = self.findings(xml, stem)
        errors = [f for f in findings if not f.startswith("WARN")]
        # "WARN 4287: message" → ("4287", "message"): observations become the CDR's notes
        notes = [tuple(f[5:].split(": ", 1)) for f in findings if f.startswith("WARN")]
        document_id = f"{match.group(3)}-{match.group(4)}"
        kind = KIND_NAMES[match.group(2)]
        if errors:
            code = re.search(r"\d{4}", errors[0]).group(0)
            cdr = self.cdr(stem, document_id, code, f"{kind} numero {document_id}, ha sido rechazada: {errors[0]}")
        elif match.group(2) in NOT_REGISTERED and self.modified_stem(xml, match.group(1)) not in self.accepted:
            code, text = NOT_REGISTERED[match.group(2)]
            cdr = self.cdr(stem, document_id, code, f"{kind} numero {document_id}, ha sido rechazada: {text}")
        elif mode.startswith("reject:"):
            code = mode.split(":")[1]
            cdr = self.cdr(stem, document_id, code, f"{kind} numero {document_id}, ha sido rechazada")
        else:
            if mode == "observe":
                notes = notes or OBSERVATIONS
            cdr = self.cdr(stem, document_id, "0", f"{kind} numero {document_id}, ha sido aceptada", notes)
            self.accepted.add(stem)
        self.registered[stem] = cdr  # SUNAT keeps it, rejected or not: the number is used up
        if mode == "timeout":
            time.sleep(self.timeout_delay)
        if mode == "drop":
            return None, None
        return 200, envelope("sendBillResponse", [("applicationResponse", base64.b64encode(cdr).decode())])

    def findings(self, xml, stem):
        """What SUNAT would object to: signature, XSD, rules ([] in the cheap mode)."""
        if not self.validate:
            return []
        try:
            verify(xml, certificate_of(xml))
        except Exception:
            raise Fault("2335", "El documento electrónico ingresado ha sido alterado") from None
        return sunat_reference.problems(xml, f"{stem}.xml")

    def send_summary(self, call):
        zip_name = call.findtext("fileName") or ""
        match = SUMMARY_NAME.match(zip_name)
        if not match:
            raise Fault("0151", "El nombre del archivo ZIP es incorrecto")
        stem = zip_name[:-4]
        if match.group(1) != self.username[:11]:
            raise Fault("0154", "El RUC del archivo no corresponde al RUC del usuario")
        mode = self.next_mode(self.summary_plan, "ticket")
        self.note("sendSummary", stem, mode)
        if mode.startswith("fault:"):
            raise Fault(mode.split(":")[1], "El sistema no puede responder su solicitud. Intente nuevamente")
        xml = self.unzip(base64.b64decode(call.findtext("contentFile") or ""), stem)
        with self.lock:
            if stem in self.summaries:
                raise Fault("2223", "El archivo ya fue presentado anteriormente")
            ticket = str(next(self.ticket_numbers))
            self.summaries[stem] = ticket
        errors = [f for f in self.findings(xml, stem) if not f.startswith("WARN")]
        if errors:
            code = re.search(r"\d{4}", errors[0]).group(0)
            self.tickets[ticket] = (stem, code, f"El resumen {stem[12:]} ha sido rechazado: {errors[0]}")
        else:
            self.tickets[ticket] = (stem, "0", f"El Resumen diario {stem[12:]}, ha sido aceptado"
                                    if match.group(2) == "RC" else f"La Comunicacion de baja {stem[12:]}, ha sido aceptada")
        if mode == "timeout":
            time.sleep(self.timeout_delay)
        if mode == "drop":
            return None, None
        return 200, envelope("sendSummaryResponse", [("ticket", ticket)])

    def get_status(self, call):
        ticket = (call.findtext("ticket") or "").strip()
        mode = self.next_mode(self.status_plan, "0")
        known = self.tickets.get(ticket)
        self.note("getStatus", known[0] if known else ticket, mode)
        if mode == "0127" or known is None:
            raise Fault("0127", "El ticket no existe")
        if mode == "timeout":
            time.sleep(self.timeout_delay)
        if mode == "drop":
            return None, None
        if mode == "98":
            return 200, envelope("getStatusResponse", [], status=("98", None, None), tag="status")
        stem, code, description = known
        if mode.startswith("99:"):
            code, description = mode.split(":")[1], f"El resumen {stem[12:]} ha sido rechazado"
        cdr = self.cdr(stem, stem[12:], code, description)
        return 200, envelope("getStatusResponse", [], status=("0" if code == "0" else "99", None, cdr), tag="status")

    def summaries_sent(self, stem):
        return self.counts[("sendSummary", stem)]

    def get_status_cdr(self, call):
        ruc, doc_type, series, number = (call.findtext(tag) for tag in
                                         ("rucComprobante", "tipoComprobante", "serieComprobante", "numeroComprobante"))
        stem = f"{ruc}-{doc_type}-{series}-{int(number):08d}"
        self.note("getStatusCdr", stem, "")
        cdr = self.registered.get(stem)
        if cdr is None:
            return 200, envelope("getStatusCdrResponse", [], status=("0011", "El comprobante no existe", None))
        return 200, envelope("getStatusCdrResponse", [], status=("0004", "La constancia existe", cdr))

    @staticmethod
    def modified_stem(xml, ruc):
        """RUC-TT-SERIE-NUMERO of the document a note's cac:BillingReference names."""
        reference = etree.fromstring(xml).find(f"{{{CAC}}}BillingReference/{{{CAC}}}InvoiceDocumentReference")
        if reference is None:
            return None
        series, _, number = (reference.findtext(f"{{{CBC}}}ID") or "").partition("-")
        return f"{ruc}-{reference.findtext(f'{{{CBC}}}DocumentTypeCode')}-{series}-{int(number or 0):08d}"

    @staticmethod
    def unzip(data, stem):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = [n for n in archive.namelist() if not n.endswith("/")]
                if len(names) != 1:
                    raise Fault("0157", "El archivo ZIP no contiene comprobantes")
                if names[0] != f"{stem}.xml":
                    raise Fault("0161", "El nombre del archivo XML no coincide con el nombre del archivo ZIP")
                return archive.read(names[0])
        except zipfile.BadZipFile:
            raise Fault("0156", "El archivo ZIP esta corrupto") from None

    def cdr(self, stem, document_id, code, description, notes=()):
        """A signed ApplicationResponse in a zip named R-<stem>.zip, with SUNAT's empty dummy/ entry."""
        moment = datetime.datetime.now()
        ns = {None: "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2",
              "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
              "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
              "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"}

        def el(parent, tag, text=None):
            prefix, name = tag.split(":")
            node = etree.SubElement(parent, f"{{{ns[prefix]}}}{name}")
            if text is not None:
                node.text = text
            return node

        root = etree.Element(f"{{{ns[None]}}}ApplicationResponse", nsmap=ns)
        content = el(el(el(root, "ext:UBLExtensions"), "ext:UBLExtension"), "ext:ExtensionContent")
        etree.SubElement(content, f"{{{DS}}}Signature", Id="placeholder")
        el(root, "cbc:UBLVersionID", "2.0")
        el(root, "cbc:CustomizationID", "1.0")
        el(root, "cbc:ID", str(int(time.time() * 1000)))
        el(root, "cbc:IssueDate", moment.date().isoformat())
        el(root, "cbc:IssueTime", moment.strftime("%H:%M:%S"))
        el(root, "cbc:ResponseDate", moment.date().isoformat())
        el(root, "cbc:ResponseTime", moment.strftime("%H:%M:%S"))
        for note_code, text in notes:
            el(root, "cbc:Note", f"{note_code} - {text}")
        el(el(el(root, "cac:SenderParty"), "cac:PartyIdentification"), "cbc:ID", "20131312955")
        el(el(el(root, "cac:ReceiverParty"), "cac:PartyIdentification"), "cbc:ID", stem[:11])
        response = el(root, "cac:DocumentResponse")
        inner = el(response, "cac:Response")
        el(inner, "cbc:ReferenceID", document_id)
        el(inner, "cbc:ResponseCode", code)
        el(inner, "cbc:Description", description)
        el(el(response, "cac:DocumentReference"), "cbc:ID", document_id)
        # The cheap mode skips signing: it is most of the peer's CPU per answer.
        signed = XMLSigner().sign(root, key=self.key_pem, cert=self.certificate_pem) if self.validate else root
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("dummy/", b"")
            archive.writestr(f"R-{stem}.xml", etree.tostring(signed, xml_declaration=True, encoding="UTF-8"))
        return buffer.getvalue()


def certificate_of(xml):
    """The signer's certificate as PEM, taken from the document's own KeyInfo (as SUNAT does)."""
    text = etree.fromstring(xml).findtext(f".//{{{DS}}}X509Certificate")
    body = "".join(text.split())
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


def envelope(operation, fields, status=None, tag="statusCdr"):
    root = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soap-env": SOAP})
    etree.SubElement(root, f"{{{SOAP}}}Header")
    body = etree.SubElement(root, f"{{{SOAP}}}Body")
    call = etree.SubElement(body, "{http://service.sunat.gob.pe}" + operation, nsmap={"br": "http://service.sunat.gob.pe"})
    for name, value in fields:
        etree.SubElement(call, name).text = value
    if status is not None:
        code, message, content = status
        node = etree.SubElement(call, tag)
        if content is not None:
            etree.SubElement(node, "content").text = base64.b64encode(content).decode()
        etree.SubElement(node, "statusCode").text = code
        if message is not None:
            etree.SubElement(node, "statusMessage").text = message
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def fault_envelope(code, message):
    root = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soap-env": SOAP})
    etree.SubElement(root, f"{{{SOAP}}}Header")
    fault = etree.SubElement(etree.SubElement(root, f"{{{SOAP}}}Body"), f"{{{SOAP}}}Fault")
    etree.SubElement(fault, "faultcode").text = f"soap-env:Client.{code}"
    etree.SubElement(fault, "faultstring").text = message
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def main():
    parser = argparse.ArgumentParser(description="A local SUNAT on loopback")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--no-validate", action="store_true")
    parser.add_argument("--user", default="20000000001MODDATOS")
    parser.add_argument("--password", default="moddatos")
    arguments = parser.parse_args()
    peer = SunatPeer(arguments.user, arguments.password, validate=not arguments.no_validate,
                     latency=arguments.latency, port=arguments.port)
    print(peer.url, flush=True)
    # Started from a background job, the process inherits SIGINT ignored and would never stop on it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        peer.thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        sent = sum(n for (operation, _), n in peer.counts.items() if operation == "sendBill")
        twice = sum(1 for (operation, _), n in peer.counts.items() if operation == "sendBill" and n > 1)
        print(f"sendBill {sent}, documents received more than once {twice}", flush=True)


if __name__ == "__main__":
    main()
