"""Webhooks and e-mail settings from the command line."""

import secrets
from urllib.parse import urlparse

from email.utils import parseaddr

from admin.companies import AdminError
from models import mail as mail_table
from models.webhooks import Webhook

EVENT_TYPES = ("comprobante.aceptado", "comprobante.observado", "comprobante.rechazado", "comprobante.anulado",
               "resumen.*", "correo.enviado", "correo.fallido")


def add_webhook(company, url, patterns="*"):
    """A new webhook; its secret is returned once, to be given to the receiver."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise AdminError("la URL del webhook debe ser http:// o https://host/ruta")
    cleaned = ",".join(p.strip() for p in patterns.split(",") if p.strip()) or "*"
    secret = f"whsec_{secrets.token_urlsafe(32)}"
    return Webhook.create(company=company.id, url=url, secret=secret, events=cleaned), secret


def find_webhook(webhook_id):
    webhook = Webhook.get_or_none(Webhook.id == webhook_id)
    if webhook is None:
        raise AdminError(f"no existe el webhook {webhook_id}")
    return webhook


def set_webhook_enabled(webhook_id, enabled):
    webhook = find_webhook(webhook_id)
    Webhook.update(enabled=enabled).where(Webhook.id == webhook.id).execute()
    return webhook


def configure_mail(company, sender=None, bcc=None, automatic=None):
    for label, address in (("remitente", sender), ("copia oculta", bcc)):
        if address and "@" not in parseaddr(address)[1]:
            raise AdminError(f"{label}: {address!r} no es un correo electrónico")
    values = {name: value for name, value in (("sender", sender), ("bcc", bcc), ("automatic", automatic))
              if value is not None}
    return mail_table.update_settings(company.id, **values)
