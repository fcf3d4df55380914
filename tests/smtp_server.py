"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives: plain, STARTTLS or TLS."""

import datetime
import ipaddress
import ssl
import threading

from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.live_server import free_port


def loopback_certificate(directory):
    """(certificate file, key file) for 127.0.0.1, self-signed; the certificate is its own authority."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    cert_file, key_file = directory / "smtp.crt", directory / "smtp.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


class Keeper:
    """The handler: keeps each message's envelope and bytes; `refuse` answers RCPT with that reply."""

    def __init__(self):
        self.messages = []
        self.refuse = None
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            encrypted = server.transport.get_extra_info("ssl_object") is not None
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content, encrypted))
        return "250 Message accepted"


class SmtpServer:
    """`security`: None (plain), "starttls" (required before MAIL) or "ssl". `url` is its GATEWAY_SMTP_URL."""

    def __init__(self, directory, security=None, port=None):
        self.keeper = Keeper()
        self.port = port or free_port()
        self.ca_file = ""
        options = {}
        if security:
            cert_file, key_file = loopback_certificate(directory)
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert_file, key_file)
            self.ca_file = str(cert_file)
            options = ({"tls_context": context, "require_starttls": True} if security == "starttls"
                       else {"ssl_context": context})
        scheme = {None: "smtp", "starttls": "smtp+starttls", "ssl": "smtps"}[security]
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self.controller = Controller(self.keeper, hostname="127.0.0.1", port=self.port, **options)
        self.controller.start()

    @property
    def messages(self):
        return self.keeper.messages

    def stop(self):
        self.controller.stop()
