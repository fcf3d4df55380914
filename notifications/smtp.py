"""Sending one message through the SMTP server of GATEWAY_SMTP_URL.

    smtp://host:25                     plain (a relay on the same machine or network)
    smtp+starttls://user:pass@host:587 STARTTLS, required: the message is not sent without it
    smtps://user:pass@host:465         TLS from the first byte

The server's certificate is verified against the system's authorities, or GATEWAY_SMTP_CA_FILE. A user
and password in the URL are percent-decoded, so `@` in a password is written `%40`.
"""

import smtplib
import ssl
from dataclasses import dataclass
from urllib.parse import unquote
from urllib.parse import urlparse

SCHEMES = {"smtp": (25, None), "smtp+starttls": (587, "starttls"), "smtps": (465, "ssl")}


class NotConfigured(Exception):
    pass


class Permanent(Exception):
    """The server refused the message for good (a 5xx answer): retrying would not help."""


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    security: str | None  # None, "starttls" or "ssl"
    user: str = ""
    password: str = ""

    @classmethod
    def from_url(cls, url):
        if not url:
            raise NotConfigured("no hay servidor de correo configurado (GATEWAY_SMTP_URL)")
        parsed = urlparse(url)
        if parsed.scheme not in SCHEMES or not parsed.hostname:
            raise NotConfigured("GATEWAY_SMTP_URL debe ser smtp://, smtp+starttls:// o smtps://host[:puerto], "
                                f"no {parsed.scheme}://")
        port, security = SCHEMES[parsed.scheme]
        return cls(parsed.hostname, parsed.port or port, security, unquote(parsed.username or ""),
                   unquote(parsed.password or ""))


def tls_context(ca_file):
    return ssl.create_default_context(cafile=ca_file or None)


def send(message, recipients, url, ca_file="", timeout=20):
    """Send `message` (an EmailMessage) to `recipients` (every To and Bcc address). Raises NotConfigured,
    Permanent, or another exception (the server is down, slow or busy: try again later)."""
    server = Server.from_url(url)
    if server.security == "ssl":
        connection = smtplib.SMTP_SSL(server.host, server.port, timeout=timeout, context=tls_context(ca_file))
    else:
        connection = smtplib.SMTP(server.host, server.port, timeout=timeout)
    try:
        connection.ehlo()
        if server.security == "starttls":
            connection.starttls(context=tls_context(ca_file))
            connection.ehlo()
        if server.user:
            connection.login(server.user, server.password)
        connection.send_message(message, to_addrs=recipients)
    except smtplib.SMTPRecipientsRefused as error:
        if all(code >= 500 for code, _ in error.recipients.values()):
            raise Permanent(f"el servidor rechazó los destinatarios: {describe(error.recipients)}") from None
        raise
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError, smtplib.SMTPAuthenticationError) as error:
        if 500 <= error.smtp_code < 600:
            raise Permanent(f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}") from None
        raise
    finally:
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()


def describe(refused):
    return "; ".join(f"{address}: {code} {text.decode(errors='replace')}" for address, (code, text) in refused.items())
