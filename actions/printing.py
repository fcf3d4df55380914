"""comprobante-pdf, comprobante-enviar-correo, comprobante-consultar: a document's printout, its e-mail,
and where its delivery stands (links, e-mails and webhook calls, each with every attempt)."""

import base64

from actions import Answer
from actions import action
from actions.render import iso
from domain.documents import KINDS
from invoicing.sales import find_document
from models import events
from models import links as links_table
from models import mail as mail_table
from models import webhooks as webhooks_table
from models.sunat import Submission
from notifications import mail
from printing import links
from printing import service
from schemas.printing import ComprobanteConsultarSchema
from schemas.printing import ComprobanteEnviarCorreoSchema
from schemas.printing import ComprobantePdfSchema


@action("comprobante-pdf", schema=ComprobantePdfSchema(), writes=False, atomic=False)
def comprobante_pdf(data, ctx):
    rendered = service.document_pdf(KINDS[data["tipodoc"]], data["id"], ctx.company.id, data.get("formato", "a4"),
                                    ctx.config)
    return {"nombre": rendered.name, "pdf": base64.b64encode(rendered.pdf).decode(), "enlace": rendered.link}


@action("comprobante-enviar-correo", schema=ComprobanteEnviarCorreoSchema())
def comprobante_enviar_correo(data, ctx):
    queued = mail.request(KINDS[data["tipodoc"]], data["id"], ctx.company.id, data.get("correos"))
    return Answer({"respuesta": f"El correo se enviará a {', '.join(queued.addresses)}", "id": data["id"],
                   "correo_id": queued.id, "estado": queued.state}, 202)


@action("comprobante-consultar", schema=ComprobanteConsultarSchema())
def comprobante_consultar(data, ctx):
    document = find_document(KINDS[data["tipodoc"]], data["id"], ctx.company.id)
    token = links_table.live_token(document.id)
    submission = Submission.get_or_none(Submission.document == document.id)
    mails, mail_attempts = mail_table.of_document(document.id)
    return {
        "id": document.id,
        "tipodoc": document.doc_type,
        "numero": document.numero,
        "estado_sunat": document.sunat_state,
        "anulada": document.deleted,
        "enlace_pdf": links.url(ctx.config, token, "pdf"),
        "enlace_xml": links.url(ctx.config, token, "xml") if submission is not None else None,
        "enlace_cdr": links.url(ctx.config, token, "cdr.zip") if submission is not None and submission.cdr_zip else None,
        "correos": [mail_record(m, mail_attempts.get(m.id, [])) for m in mails],
        "eventos": event_records(document.id),
    }


def mail_record(queued, attempts):
    return {"correo_id": queued.id, "destinatarios": queued.addresses, "origen": queued.origin, "estado": queued.state,
            "fecha": iso(queued.created_at), "enviado": iso(queued.sent_at),
            "proximo_intento": iso(queued.next_attempt_at) if queued.state == mail_table.PENDING else None,
            "intentos": [{"fecha": iso(a.at), "resultado": a.outcome, "mensaje": a.message} for a in attempts]}


def event_records(document_id):
    found = events.of_subject(events.document_subject(document_id))
    deliveries = {}
    if found:
        for delivery in (webhooks_table.WebhookDelivery.select()
                         .where(webhooks_table.WebhookDelivery.event.in_([e.id for e in found]))
                         .order_by(webhooks_table.WebhookDelivery.id)):
            deliveries.setdefault(delivery.event_id, []).append(delivery)
    attempts = webhooks_table.attempts_of([d.id for ds in deliveries.values() for d in ds]) if deliveries else {}
    return [{"id": event.uid, "tipo": event.type, "fecha": iso(event.created_at), "entregas": [
        {"webhook": d.webhook_id, "estado": d.state, "intentos": [
            {"fecha": iso(a.at), "http": a.status, "mensaje": a.message[:200] or None} for a in attempts.get(d.id, [])]}
        for d in deliveries.get(event.id, [])]} for event in found]
