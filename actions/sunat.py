"""fesunat-enviar and fesunat-consultar: a factura or boleta to SUNAT, and what SUNAT said of it.

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
from models.sunat import Attempt
from models.sunat import Submission
from schemas.sunat import FesunatConsultarSchema
from schemas.sunat import FesunatEnviarSchema
from schemas.sunat import FesunatEstadoSchema
from sunat import health
from sunat import delivery
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
    if submission is None:
        return {"id": document.id, "numero": document.numero, "estado": document.sunat_state,
                "enviado": False, "intentos": []}
    issuer = issuer_of(ctx.company.id)
    attempts = (Attempt.select().where(Attempt.submission == submission.id).order_by(Attempt.id))
    record = {
        **summary(issuer, kind, document, submission),
        "enviado": True,
        "descripcion_sunat": submission.description or None,
        **solution_of(submission.code if submission.state == REJECTED else ""),
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
