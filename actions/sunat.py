"""fesunat-enviar and fesunat-consultar: a factura or boleta to SUNAT, and what SUNAT said of it;
fesunat-anular, fesunat-resumen-enviar and fesunat-resumen-listar: bajas, resúmenes and their tickets.

fesunat-enviar answers 200 when SUNAT accepted (or observed) the document, 422 (code 41) when it
rejected it, 502 (code 42) when it refused our credentials, certificate or packaging, and 202 when it
could not be reached: then the document stays pendiente and the retry worker sends it until it is final.
"""

import base64
import json

from actions import Answer
from actions import action
from actions.render import moment
from domain.documents import KINDS
from domain.sunat_states import ACCEPTED_BY_SUNAT
from domain.sunat_states import REJECTED
from errors import StateConflict
from errors import SunatRefused
from errors import SunatRejected
from invoicing import document as plain_documents
from invoicing.sales import find_document
from models.base import write_transaction
from models.document import Document
from models.sunat import Attempt
from models.sunat import Submission
from actions.paging import page
from actions.paging import paged_answer
from errors import InvalidInput
from models.summaries import Summary
from models.summaries import summaries_of
from schemas.sunat import FesunatAnularSchema
from schemas.sunat import FesunatConsultarSchema
from schemas.sunat import FesunatEnviarSchema
from schemas.sunat import FesunatEstadoSchema
from sunat import health
from schemas.sunat import ResumenEnviarSchema
from schemas.sunat import ResumenListarSchema
from sunat import delivery
from sunat import summaries as sunat_summaries
from sunat.documents import issuer_of
from sunat.qr import qr_text
from sunat.solutions import solution


def electronic_kind(tipodoc):
    kind = KINDS[tipodoc]
    if not kind.electronic:
        raise StateConflict("una nota de venta no es un comprobante electrónico; no se envía a SUNAT")
    return kind


def with_solutions(notes):
    """SUNAT's observations, each with its `solucion` when one is known."""
    return [{**note, "solucion": solution(note.get("codigo"))} if solution(note.get("codigo")) else note
            for note in notes]


def summary(issuer, kind, document, submission):
    return {
        "id": document.id,
        "numero": document.numero,
        "estado": submission.state,
        "aceptada_por_sunat": submission.state in ACCEPTED_BY_SUNAT,
        "codigo_sunat": submission.code or None,
        "observaciones": with_solutions(json.loads(submission.notes)),
        "hash": submission.digest,
        "cadena_para_codigo_qr": qr_text(issuer.ruc, plain_documents.load(document.id, with_lines=False),
                                         submission.digest),
    }


def verdict(issuer, kind, document, submission, outcome):
    """The answer for a submission as it now stands."""
    body = summary(issuer, kind, document, submission)
    if submission.state in ACCEPTED_BY_SUNAT:
        return Answer({"respuesta": submission.description, **body}, 200)
    if submission.state == REJECTED:
        raise SunatRejected(f"{submission.code} {submission.description}".strip(),
                            descripcion_sunat=submission.description, **body, **solution_of(submission.code))
    if outcome is not None and outcome.verdict == "refused":
        raise SunatRefused(f"{outcome.code} {outcome.description}".strip(), descripcion_sunat=outcome.description,
                           **{**body, "codigo_sunat": outcome.code or None}, **solution_of(outcome.code))
    waiting = ("SUNAT no respondió; el comprobante queda pendiente y se reenviará automáticamente"
               if outcome is not None else "el comprobante se está enviando a SUNAT; consulte en unos segundos")
    next_attempt = moment(submission.next_attempt_at)
    return Answer({"respuesta": waiting, **body, "proximo_intento": next_attempt,
                   "detalle": submission.last_error or None,
                   **solution_of(outcome.code if outcome is not None else "")}, 202)


def solution_of(code):
    """{"solucion": ...} for a SUNAT code we know what to do about, else nothing."""
    found = solution(code)
    return {"solucion": found} if found else {}


def send(kind, document_id, ctx):
    """Send (or return the stored verdict for) one document; the body of fesunat-enviar."""
    issuer, document, submission, outcome = delivery.send(kind, document_id, ctx.company.id,
                                                          delivery.RetryPolicy.from_config(ctx.config))
    return verdict(issuer, kind, document, submission, outcome)


@action("fesunat-enviar", schema=FesunatEnviarSchema(), atomic=False)
def fesunat_enviar(data, ctx):
    return send(electronic_kind(data["tipodoc"]), data["id"], ctx)


@action("fesunat-consultar", schema=FesunatConsultarSchema())
def fesunat_consultar(data, ctx):
    kind = electronic_kind(data["tipodoc"])
    document = find_document(kind, data["id"], ctx.company.id)
    submission = Submission.get_or_none(Submission.document == document.id)
    in_summaries = [{**sunat_summaries.describe(summary), "estado_linea": summary.condition}
                    for summary in summaries_of(document.id)]
    deadline = sunat_summaries.void_deadline(document, ctx.config)
    if submission is None or not submission.file_name:
        return {"id": document.id, "numero": document.numero, "estado": document.sunat_state,
                "enviado": any(summary["intentos"] for summary in in_summaries),
                # estado no_enviado: nobody queued it (fesunat-enviar sends it); pendiente: queued
                "en_cola": document.sunat_state == "pendiente",
                "proximo_intento": submission.next_attempt_at.isoformat()
                if submission is not None and submission.next_attempt_at else None,
                "resumenes": in_summaries, "plazo_baja": deadline,
                "plazo_envio": sunat_summaries.send_deadline(document, ctx.config), "intentos": []}
    issuer = issuer_of(ctx.company.id)
    attempts = (Attempt.select().where(Attempt.submission == submission.id).order_by(Attempt.id))
    record = {
        **summary(issuer, kind, document, submission),
        "estado": document.sunat_state,  # bajas happen after the sendBill verdict
        "estado_envio": submission.state,
        "enviado": True,
        "descripcion_sunat": submission.description or None,
        **solution_of(submission.code if submission.state == REJECTED else ""),
        "detalle": submission.last_error or None,
        "resumenes": in_summaries,
        "plazo_baja": deadline,
        "plazo_envio": sunat_summaries.send_deadline(document, ctx.config),
        "archivo": f"{submission.file_name}.xml",
        "proximo_intento": moment(submission.next_attempt_at),
        "intentos": [{"fecha": moment(a.at), "operacion": a.operation, "resultado": a.outcome,
                      "codigo": a.code or None, "mensaje": a.message or None} for a in attempts],
    }
    if data.get("incluir_archivos"):
        record["xml_base64"] = base64.b64encode(bytes(submission.signed_xml)).decode()
        record["cdr_base64"] = base64.b64encode(bytes(submission.cdr_zip)).decode() if submission.cdr_zip else None
    return record


@action("fesunat-estado", schema=FesunatEstadoSchema())
def fesunat_estado(data, ctx):
    """The issuer's health: certificate (subject, RUC match, days to expiry), the last SOL outcome, the backlog."""
    issuer = issuer_of(ctx.company.id)
    return {
        "ruc": issuer.ruc,
        "razon_social": issuer.razon_social,
        "entorno": issuer.environment,
        "usuario_sol": issuer.username,
        "clave_sol": bool(issuer.sol_password),
        "certificado": health.certificate_health(issuer),
        "ultimo_envio": health.last_sol_outcome(ctx.company.id),
        "pendientes": health.pending_count(ctx.company.id),
    }


def send_after_creation(kind, document_id, ctx, created):
    """`enviar_sunat: true`: the document exists (201) whatever SUNAT says; its verdict rides along."""
    try:
        result = send(kind, document_id, ctx)
        sunat = {"http": result.status, **result.body}
    except (SunatRejected, SunatRefused, StateConflict) as error:
        sunat = {"http": error.http_status, **error.body()}
    return Answer({**created.body, "sunat": sunat}, created.status, created.headers)


@action("fesunat-anular", schema=FesunatAnularSchema(), atomic=False)
def fesunat_anular(data, ctx):
    """One verb: a factura (F series) by comunicación de baja, a boleta (B series) by an RC estado 3 line.
    The line waits SUNAT_VOID_GATHER_SECONDS in its summary for the issuer's other bajas of that day, then
    the worker sends it (0: sent at once); the worker polls the ticket until SUNAT decides."""
    kind = electronic_kind(data["tipodoc"])
    policy = delivery.RetryPolicy.from_config(ctx.config)
    window = ctx.config["SUNAT_VOID_GATHER_SECONDS"]
    with write_transaction():
        issuer, document, summary = sunat_summaries.request_annulment(
            kind, data["id"], ctx.company.id, data["motivo"], ctx.config["SUNAT_VOID_DEADLINE_DAYS"], window)
    if window <= 0:
        summary = sunat_summaries.process(summary.id, policy)
    state = Document.get_by_id(document.id).sunat_state
    via = "comunicación de baja" if summary.prefix == "RA" else "resumen diario"
    return Answer({"respuesta": f"Se solicitó la baja de la {kind.name} {document.numero} ({via} "
                                f"{summary.file_name})", "id": document.id, "numero": document.numero,
                   "estado": state, "ticket": summary.ticket or None, "resumen": sunat_summaries.describe(summary)},
                  202 if state != "anulado" else 200)


@action("fesunat-resumen-enviar", schema=ResumenEnviarSchema(), atomic=False)
def fesunat_resumen_enviar(data, ctx):
    sent = sunat_summaries.send_day(ctx.company.id, data["fecha"], delivery.RetryPolicy.from_config(ctx.config))
    day = data["fecha"].isoformat()
    if sent is None:
        message = ("El emisor envía sus boletas una por una (sendBill): no hay resumen diario que enviar "
                   "(issuer set --boletas resumen para cambiarlo)")
    elif sent:
        message = f"Se enviaron {len(sent)} resúmenes de las boletas del {day}"
    else:
        message = f"No hay boletas del {day} pendientes de resumen"
    return Answer({"respuesta": message, "resumenes": [sunat_summaries.describe(s) for s in sent or []]}, 202)


@action("fesunat-resumen-listar", schema=ResumenListarSchema())
def fesunat_resumen_listar(data, ctx):
    query = Summary.select().where(Summary.company == ctx.company.id)
    if data.get("fecha"):
        query = query.where(Summary.reference_date == data["fecha"])
    if data.get("estado"):
        if data["estado"] not in sunat_summaries.SUMMARY_STATES:
            raise InvalidInput("revise estado", campos={"estado": [
                f"Use uno de: {', '.join(sunat_summaries.SUMMARY_STATES)}."]})
        query = query.where(Summary.state == data["estado"])
    if data.get("tipo"):
        query = query.where(Summary.prefix == data["tipo"].upper())
    if data.get("documento_id"):
        query = query.where(Summary.id.in_(sunat_summaries.carrying(data["documento_id"])))
    rows, headers = page(query, data, ctx)
    counts = sunat_summaries.line_counts([summary.id for summary in rows])
    return paged_answer([{**sunat_summaries.describe(summary), "documentos": counts.get(summary.id, 0)}
                         for summary in rows], headers)
