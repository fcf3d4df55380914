"""E-mail: each company's sender settings, and the queue of messages with every attempt to send them."""

import json

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from domain.clock import utc_now
from models.base import BaseModel
from models.company import Company
from models.document import Document

PENDING = "pendiente"
SENT = "enviado"
FAILED = "fallido"
MANUAL = "manual"  # comprobante-enviar-correo
AUTOMATIC = "automatico"  # SUNAT accepted the document and the company sends it by itself


class MailSettings(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, unique=True, on_delete="CASCADE")
    sender = CharField(max_length=250, default="")  # "Ventas <ventas@empresa.pe>"; empty: GATEWAY_MAIL_FROM
    bcc = CharField(max_length=250, default="")  # a hidden copy of every message (the seller's own box)
    automatic = BooleanField(default=False)  # mail each document to its client when SUNAT accepts it


class Mail(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE")
    document = ForeignKeyField(Document, on_delete="CASCADE")
    recipients = TextField()  # JSON list of addresses
    origin = CharField(max_length=20, default=MANUAL)
    state = CharField(max_length=20, default=PENDING)
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(default=utc_now)
    leased_until = DateTimeField(null=True)
    last_error = TextField(default="")
    created_at = DateTimeField(default=utc_now)
    sent_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("state", "next_attempt_at"), False), (("document",), False))

    @property
    def addresses(self):
        return json.loads(self.recipients)


class MailAttempt(BaseModel):
    id = AutoField()
    mail = ForeignKeyField(Mail, on_delete="CASCADE")
    at = DateTimeField(default=utc_now)
    outcome = CharField(max_length=20)  # enviado, reintento, fallido
    message = TextField(default="")


def settings_of(company_id):
    return MailSettings.get_or_none(MailSettings.company == company_id)


def settings_of_companies(company_ids):
    """company id → its MailSettings, for the companies of `company_ids` that have them."""
    return {settings.company_id: settings
            for settings in MailSettings.select().where(MailSettings.company.in_(list(company_ids)))}


def update_settings(company_id, **values):
    settings = settings_of(company_id) or MailSettings(company=company_id)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def enqueue(company_id, document_id, recipients, origin=MANUAL):
    return Mail.create(company=company_id, document=document_id, recipients=json.dumps(recipients), origin=origin)


def due(moment, limit=20):
    return list(Mail.select().where(
        (Mail.state == PENDING) & (Mail.next_attempt_at <= moment)
        & (Mail.leased_until.is_null() | (Mail.leased_until < moment))).order_by(Mail.next_attempt_at).limit(limit))


def claim(mail_id, moment, until):
    return Mail.update(leased_until=until).where(
        (Mail.id == mail_id) & (Mail.state == PENDING)
        & (Mail.leased_until.is_null() | (Mail.leased_until < moment))).execute() == 1


def of_document(document_id):
    mails = list(Mail.select().where(Mail.document == document_id).order_by(Mail.id))
    attempts = {}
    if mails:
        for attempt in MailAttempt.select().where(MailAttempt.mail.in_([m.id for m in mails])).order_by(MailAttempt.id):
            attempts.setdefault(attempt.mail_id, []).append(attempt)
    return mails, attempts
