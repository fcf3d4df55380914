"""E-mailing a document to its client: the PDF, the signed XML and SUNAT's CDR attached, a short body.

`request` queues a message (comprobante-enviar-correo, or the automatic one when SUNAT accepts); the
worker sends it (`deliver`) with retries and capped exponential backoff. A mail server that fails never
touches a sale: sales only ever write a queue row, never talk to SMTP. Every attempt is recorded, and the
final outcome is an event (correo.enviado or correo.fallido) for the company's webhooks.
"""

import datetime
import logging
from email.message import EmailMessage
from email.utils import formataddr
from email.utils import make_msgid
from email.utils import parseaddr

from domain.clock import utc_now
from errors import InvalidInput
from errors import StateConflict
from invoicing.sales import find_document
from models import events
from models import mail as mail_table
from models.base import write_transaction
from models.document import Document
from models.party import Contact
from notifications import smtp
from printing import links
from printing import service as printing
from sunat.delivery import RetryPolicy

logger = logging.getLogger("gateway.mail")


def request(kind, document_id, company_id, addresses=None, origin=mail_table.MANUAL):
    """Queue the document's e-mail to `addresses`, or to its contact's address. Call inside a write
    transaction; returns the Mail."""
    document = find_document(kind, document_id, company_id)
    if document.deleted:
        raise StateConflict(f"la {kind.name} {document.numero} está anulada; no se envía por correo")
    if not addresses:
        contact = Contact.get_or_none(Contact.id == document.contact_id)
        if contact is None or not contact.email:
            raise InvalidInput("revise correos", campos={"correos": [
                "El contacto del documento no tiene correo electrónico; indique correos."]})
        addresses = [contact.email]
    return mail_table.enqueue(company_id, document.id, addresses, origin)


def sender_of(company_id, name, config):
    settings = mail_table.settings_of(company_id)
    configured = settings.sender if settings and settings.sender else config["MAIL_FROM"]
    shown, address = parseaddr(configured)
    return formataddr((shown or name, address)), (settings.bcc if settings and settings.bcc else "")


def compose(mail, config):
    """(the EmailMessage of a queued mail, every envelope recipient), built from the stored document."""
    document = Document.get_by_id(mail.document_id)
    printout, token, submission = printing.printout(document, config)
    pdf = printing.render(printout, "a4", config["PDF_FONT"])
    stem = printing.stem_of(document, printout.issuer.ruc)
    sender, bcc = sender_of(mail.company_id, printout.issuer.name, config)
    message = EmailMessage()
    message["Subject"] = f"{printout.title} {printout.numero} - {printout.issuer.name}"
    message["From"] = sender
    message["To"] = ", ".join(mail.addresses)
    domain = parseaddr(sender)[1].partition("@")[2] or "localhost"  # never the host's name: no DNS lookup
    message["Message-ID"] = make_msgid(idstring=f"correo{mail.id}", domain=domain)
    attached = ["la representación impresa (PDF)"]
    if submission is not None:
        attached.append("el archivo XML firmado")
    if submission is not None and submission.cdr_zip:
        attached.append("la constancia de recepción de SUNAT (CDR)")
    link = links.url(config, token)
    listed = attached[0] if len(attached) == 1 else f"{', '.join(attached[:-1])} y {attached[-1]}"
    body = [f"Estimado(a) {printout.buyer_name}:", "",
            f"{printout.issuer.name} (RUC {printout.issuer.ruc}) le envía su {printout.title} {printout.numero} "
            f"del {printout.issue_date} por {printout.symbol} {printout.totals[-1][1]}.", "",
            f"Adjuntamos {listed}."]
    if link:
        body.append(f"También puede descargarlo en: {link}")
    body += ["", "Atentamente,", printout.issuer.name]
    message.set_content("\n".join(body) + "\n")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"{stem}.pdf")
    if submission is not None:
        message.add_attachment(bytes(submission.signed_xml), maintype="application", subtype="xml",
                               filename=f"{submission.file_name}.xml")
        if submission.cdr_zip:
            message.add_attachment(bytes(submission.cdr_zip), maintype="application", subtype="zip",
                                   filename=f"R-{submission.file_name}.zip")
    return message, list(mail.addresses) + ([bcc] if bcc else [])


def policy(config):
    return RetryPolicy(config["MAIL_RETRY_BASE_SECONDS"], config["MAIL_RETRY_MAX_SECONDS"])


def deliver(mail, config):
    """Claim, send, record one queued mail. Returns its outcome (enviado, reintento, fallido), or None when
    another worker holds it."""
    moment = utc_now()
    lease = datetime.timedelta(seconds=3 * config["SMTP_TIMEOUT_SECONDS"] + 30)
    with write_transaction():
        if not mail_table.claim(mail.id, moment, moment + lease):
            return None
    try:
        message, recipients = compose(mail, config)
        smtp.send(message, recipients, config["SMTP_URL"], config["SMTP_CA_FILE"], config["SMTP_TIMEOUT_SECONDS"])
        outcome, detail = mail_table.SENT, f"enviado a {', '.join(recipients)}"
    except smtp.Permanent as error:
        outcome, detail = mail_table.FAILED, str(error)
    except Exception as error:  # the server is down, slow, refusing for now, or not configured yet
        outcome, detail = "reintento", f"{type(error).__name__}: {error}"[:2000]
    attempts = mail.attempts + 1
    if outcome == "reintento" and attempts >= config["MAIL_MAX_ATTEMPTS"]:
        outcome, detail = mail_table.FAILED, f"{detail} (sin éxito tras {attempts} intentos)"
    record(mail, attempts, outcome, detail, config)
    logger.info("mail %s document=%s %s: %s", mail.id, mail.document_id, outcome, detail[:200])
    return outcome


def record(mail, attempts, outcome, detail, config):
    final = outcome in (mail_table.SENT, mail_table.FAILED)
    with write_transaction():
        values = {"attempts": attempts, "leased_until": None, "last_error": "" if outcome == mail_table.SENT else detail}
        if final:
            values["state"] = outcome
            values["sent_at"] = utc_now() if outcome == mail_table.SENT else None
        else:
            values["next_attempt_at"] = utc_now() + policy(config).delay(attempts)
        mail_table.Mail.update(**values).where(mail_table.Mail.id == mail.id).execute()
        mail_table.MailAttempt.create(mail=mail.id, outcome=outcome, message=detail)
        if final:
            document = Document.get_by_id(mail.document_id)
            events.emit_for_document(document, events.MAIL_SENT if outcome == mail_table.SENT else events.MAIL_FAILED,
                                     correo_id=mail.id, destinatarios=mail.addresses, detalle=detail)
