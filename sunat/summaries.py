"""Resumen diario (RC), comunicación de baja (RA) and their tickets, from building to SUNAT's verdict.

A summary is built, signed and stored in one transaction, then sent with sendSummary; the ticket is
stored as soon as SUNAT gives it and polled with getStatus (backoff per summary) until SUNAT decides.
A baja's line joins the issuer's summary of the same day that is still gathering (never claimed nor sent,
its SUNAT_VOID_GATHER_SECONDS window not over), signed again with every line (`gather`); resúmenes and
bajas alike take their turn on the company row (models.summaries.lock_company).
Recovery, from SUNAT's codes (each branch is tested in tests/test_sunat_summaries.py):

| SUNAT says | we do |
|---|---|
| sendSummary: a ticket | store it, poll it |
| sendSummary: no answer, timeout, dropped, 0100–0199 busy | send the same file again later (same name) |
| sendSummary: 2223 "archivo ya fue presentado" | SUNAT has this file but we hold no ticket for it (a lost answer): it is `reemplazado` and its lines go out at once in a new summary with the next correlative; the documents keep their numbers |
| sendSummary: another 2000–3999 | `rechazado` with its code (below) |
| sendSummary: our credentials or packaging refused | retry at the longest interval, until fixed |
| getStatus 98 | poll again with backoff |
| getStatus 0 | the CDR is stored; estado 1/2 lines: the documents are aceptado; estado 3 lines and RA lines: anulado, stock back (`finish_sunat_annulment`) |
| getStatus 99 | the CDR's code and description are stored on the summary (`rechazado`); documents it annulled go back to their accepted state (the baja can be asked again), boletas it added go back to pending for the next resumen; fesunat-consultar shows the error |
| getStatus 0127 "el ticket no existe", or 0098-style unknown | the ticket is dropped and the same file sent again (a ticket, or 2223 above): nothing is renumbered |
| getStatus: no answer | poll again later with backoff |
"""

import datetime

from peewee import fn

from domain.clock import lima_now
from domain.clock import lima_today
from domain.clock import utc_now
from domain.documents import KINDS
from domain.documents import VOIDED_BY_RA
from domain.documents import VOIDED_BY_RC
from domain.documents import annulled_by
from domain.sunat_states import ACCEPTED
from domain.sunat_states import ACCEPTED_BY_SUNAT

from domain.sunat_states import NOT_QUEUED
from domain.sunat_states import PENDING
from domain.sunat_states import REJECTED
from domain.sunat_states import VOID_PENDING
from domain.sunat_states import VOIDED

from errors import StateConflict
from invoicing import document as plain_documents
from invoicing.sales import finish_sunat_annulment
from invoicing.notes import modified_documents
from invoicing.sales import find_document
from invoicing.summary import ADD
from invoicing.summary import ANNUL
from invoicing.summary import MAX_LINES
from invoicing.summary import PlainSummary
from invoicing.summary import summary_item
from invoicing.summary import void_item
from models import events
from models.base import write_transaction
from models.document import Document
from models.summaries import ACCEPTED as SUMMARY_ACCEPTED
from models.summaries import BUILT
from models.summaries import IN_PROCESS
from models.summaries import REJECTED as SUMMARY_REJECTED
from models.summaries import REPLACED
from models.summaries import STATES as SUMMARY_STATES  # noqa: F401  (fesunat-resumen-listar filters by it)
from models.summaries import Summary
from models.summaries import SummaryLine
from models.summaries import due_ids
from models.summaries import gathering
from models.summaries import lock_company
from models.summaries import next_correlative
from models.sunat import Issuer
from models.sunat import Submission
from sunat import signing
from sunat import soap
from sunat.cdr import parse_cdr_zip
from sunat.delivery import RETRYABLE_FAULTS
from sunat.delivery import RetryPolicy
from sunat.documents import issuer_of
from sunat.packaging import PackagingError
from sunat.packaging import zip_document
from sunat.xml.builders import build_summary

LEASE = datetime.timedelta(minutes=5)
ALREADY_PRESENTED = "2223"
UNKNOWN_TICKET = "0127"
POLL_BASE_SECONDS = 2.0  # SUNAT usually decides a ticket within seconds


# -- building ------------------------------------------------------------------------------------------

def signed_summary(issuer, prefix, reference_date, issue_date, correlative, entries):
    """The signed XML, its digest and its file name for `entries` [(Document row, condition, reason)]."""
    items = []
    for document, condition, reason in entries:
        plain = plain_documents.load(document.id, with_lines=False, document=document)
        # A boleta's note names, in its RC line, the boleta it modifies.
        modified = (plain.reference.kind.sunat_code, plain.reference.numero) if plain.reference else None
        items.append(void_item(plain, reason) if prefix == VOIDED_BY_RA else summary_item(plain, condition, modified))
    plain = PlainSummary(prefix, reference_date, issue_date, correlative, tuple(items))
    xml, digest = signing.sign(build_summary(issuer, plain), issuer.private_key_pem, issuer.certificate_pem,
                               issuer.signature_algorithm)
    return xml, digest, f"{issuer.ruc}-{plain.identifier}"


def create(issuer, prefix, reference_date, entries, due_at=None):
    """Build, sign and store one summary of `entries` [(Document row, condition, reason)]: due at
    `due_at` (now by default). Inside a write transaction."""
    today = lima_today()
    correlative = next_correlative(issuer.company_id, prefix, today)
    xml, digest, file_name = signed_summary(issuer, prefix, reference_date, today, correlative, entries)
    summary = Summary.create(company=issuer.company_id, prefix=prefix, reference_date=reference_date,
                             issue_date=today, correlative=correlative, file_name=file_name,
                             signed_xml=xml, digest=digest, next_attempt_at=due_at or utc_now())
    SummaryLine.insert_many([{"summary": summary.id, "document": document.id, "position": n,
                              "condition": condition, "reason": reason}
                             for n, (document, condition, reason) in enumerate(entries, start=1)]).execute()
    return summary


def join(issuer, summary, entry):
    """One more line in a summary still gathering (models.summaries.gathering, locked): signed again with
    all its lines, same name and correlative. Nobody has sent it, so nothing SUNAT holds changes."""
    entries = [(line.document, line.condition, line.reason) for line in lines_of(summary)] + [entry]
    xml, digest, _ = signed_summary(issuer, summary.prefix, summary.reference_date, summary.issue_date,
                                    summary.correlative, entries)
    Summary.update(signed_xml=xml, digest=digest, updated_at=utc_now()).where(Summary.id == summary.id).execute()
    document, condition, reason = entry
    SummaryLine.create(summary=summary.id, document=document.id, position=len(entries), condition=condition,
                       reason=reason)
    return Summary.get_by_id(summary.id)


def gather(issuer, prefix, reference_date, entry, window_seconds):
    """A baja's line: into the issuer's summary of that day still gathering, or a new one due when the
    window ends (`window_seconds` 0: a summary of its own, due now). The company row is locked first, as
    for every summary built, so two bajas at once never both start one nor lose a line."""
    if window_seconds <= 0:
        return create(issuer, prefix, reference_date, [entry])
    lock_company(issuer.company_id)
    summary = gathering(issuer.company_id, prefix, reference_date, MAX_LINES)
    if summary is not None:
        return join(issuer, summary, entry)
    return create(issuer, prefix, reference_date, [entry],
                  due_at=utc_now() + datetime.timedelta(seconds=window_seconds))


def request_annulment(kind, document_id, company_id, reason, deadline_days, window_seconds=0):
    """fesunat-anular: the baja of an accepted document, by RA (F series) or an RC estado 3 line (B series),
    gathered with the issuer's other bajas of the same day for `window_seconds` (see `gather`).
    Inside a write transaction; returns the summary it joined or started."""
    document = find_document(kind, document_id, company_id)
    name = f"la {kind.name} {document.numero}"
    if document.sunat_state == VOID_PENDING:
        raise StateConflict(f"ya se solicitó la baja de {name}; consulte su estado con fesunat-consultar")
    if document.sunat_state == VOIDED or document.deleted:
        raise StateConflict(f"{name} ya está anulada")
    if document.sunat_state not in ACCEPTED_BY_SUNAT:
        if document.sunat_state == REJECTED:
            raise StateConflict(f"SUNAT rechazó {name}: no hay nada que dar de baja; anúlela con -eliminar")
        raise StateConflict(f"SUNAT no ha aceptado {name} (estado {document.sunat_state}); "
                            f"si nunca la recibió, anúlela con {kind.slug}-eliminar")
    age = (lima_today() - document.issue_date).days
    if age > deadline_days:
        raise StateConflict(f"el plazo de SUNAT para la baja ({deadline_days} días desde la emisión) venció "
                            f"para {name} (emitida el {document.issue_date.isoformat()}); emita una nota de crédito")
    issuer = issuer_of(company_id)
    prefix = annulled_by(document.series)
    summary = gather(issuer, prefix, document.issue_date, (document, ANNUL, reason), window_seconds)
    Document.update(sunat_state=VOID_PENDING, updated_at=utc_now()).where(Document.id == document.id).execute()
    return issuer, document, summary


def summarisable(issuer, day, rejected_before=None):
    """The issuer's boletas of `day` waiting for a resumen: queued, by summary, never sent alone, not
    deleted, in no summary SUNAT has not decided on. `rejected_before`: also leave out those of a resumen
    SUNAT rejected after that moment (the scheduled run waits before offering SUNAT the same lines)."""
    blocked = Summary.state.in_((BUILT, IN_PROCESS))
    if rejected_before is not None:
        blocked |= (Summary.state == SUMMARY_REJECTED) & (Summary.updated_at > rejected_before)
    open_lines = SummaryLine.select(SummaryLine.document).join(Summary).where(blocked)
    sent_alone = Submission.select(Submission.document)
    waiting = list(Document.select().where(
        (Document.company == issuer.company_id) & by_summary() & (Document.issue_date == day)
        & (Document.sunat_state == PENDING) & (Document.deleted == False)  # noqa: E712
        & Document.id.not_in(open_lines) & Document.id.not_in(sent_alone)).order_by(Document.id))
    return with_their_boletas(waiting)


def with_their_boletas(waiting):
    """`waiting` less the notes whose boleta SUNAT has not accepted and that goes in no earlier line of
    the same resumen (SUNAT would reject the note); they wait for a later pass."""
    notes = [d.id for d in waiting if KINDS[d.doc_type].modifies]
    modified = {note_id: boleta for note_id, (_, boleta) in modified_documents(notes).items()} if notes else {}
    if not modified:
        return waiting
    kept, ids = [], set()
    for document in waiting:
        boleta = modified.get(document.id)
        if boleta is None or boleta.id in ids or boleta.sunat_state in ACCEPTED_BY_SUNAT:
            kept.append(document)
            ids.add(document.id)
    return kept


def build_day(issuer, day, rejected_before=None):
    """The day's resúmenes (500 lines at most each) of what is waiting; [] when nothing is."""
    with write_transaction():
        documents = summarisable(issuer, day, rejected_before)
        return [create(issuer, VOIDED_BY_RC, day, [(d, ADD, "") for d in documents[start:start + MAX_LINES]])
                for start in range(0, len(documents), MAX_LINES)]


def days_waiting(issuer, before):
    """Issue dates before `before` with boletas (or their notes) waiting for a resumen."""
    query = (Document.select(Document.issue_date).distinct().where(
        (Document.company == issuer.company_id) & by_summary() & (Document.issue_date < before)
        & (Document.sunat_state == PENDING) & (Document.deleted == False)))  # noqa: E712
    return sorted(row.issue_date for row in query)


def by_summary():
    """The documents that go in a resumen (domain.documents.reported_by_summary), as a query condition."""
    boletas = [kind.code for kind in KINDS.values() if kind.by_summary]
    notes = [kind.code for kind in KINDS.values() if kind.modifies]
    return Document.doc_type.in_(boletas) | (Document.doc_type.in_(notes) & Document.series.startswith("B"))


def scheduled(config):
    """The worker's own resúmenes: from SUNAT_SUMMARY_HOUR (Lima) on, every earlier day still waiting."""
    if lima_now().hour < config["SUNAT_SUMMARY_HOUR"]:
        return []
    built = []
    cooled = utc_now() - datetime.timedelta(seconds=config["SUNAT_RETRY_MAX_SECONDS"])
    for issuer in Issuer.select().where(Issuer.boletas_by_summary == True):  # noqa: E712
        for day in days_waiting(issuer, lima_today()):
            built += build_day(issuer, day, rejected_before=cooled)
    return built


def send_day(company_id, day, policy):
    """fesunat-resumen-enviar: the day's waiting boletas go in resúmenes now; each is sent at once."""
    issuer = issuer_of(company_id)
    if not issuer.boletas_by_summary:
        return None  # its boletas go one by one (sendBill): no resumen to send
    return [process(summary.id, policy) for summary in build_day(issuer, day)]


# -- talking to SUNAT -----------------------------------------------------------------------------------

def claim(summary_id):
    moment = utc_now()
    return Summary.update(leased_until=moment + LEASE).where(
        (Summary.id == summary_id) & Summary.state.in_((BUILT, IN_PROCESS))
        & (Summary.leased_until.is_null() | (Summary.leased_until < moment))).execute() == 1


def process(summary_id, policy):
    """Send or poll one summary now (when nobody else is); returns it as it then stands."""
    with write_transaction():
        if not claim(summary_id):
            return Summary.get_by_id(summary_id)
    summary = Summary.get_by_id(summary_id)
    issuer = Issuer.get(Issuer.company == summary.company_id)
    if summary.ticket:
        step = poll(issuer, summary)
    else:
        step = send(issuer, summary)
    with write_transaction():
        step(policy)
    return Summary.get_by_id(summary_id)


def send(issuer, summary):
    """sendSummary; returns what to record."""
    try:
        ticket = soap.send_summary(issuer, f"{summary.file_name}.zip",
                                   zip_document(summary.file_name, bytes(summary.signed_xml)))
    except soap.SunatUnreachable as error:
        return lambda policy, why=str(error): retry(summary, policy, "", why)
    except soap.SunatFault as error:
        return lambda policy, fault=error: after_fault(summary, policy, fault)
    return lambda policy: ticketed(summary, policy, ticket)


def poll(issuer, summary):
    try:
        code, cdr_zip = soap.get_status(issuer, summary.ticket)
    except soap.SunatUnreachable as error:
        return lambda policy, why=str(error): retry(summary, policy, "", why)
    except soap.SunatFault as error:
        if error.code == UNKNOWN_TICKET:
            return lambda policy, fault=error: ticket_lost(summary, fault)
        return lambda policy, fault=error: after_fault(summary, policy, fault)
    if code == "98":
        return lambda policy: retry(summary, policy, "98", "SUNAT aún procesa el ticket", poll_delay=True)
    if code in ("0", "99") and cdr_zip:
        try:
            cdr = parse_cdr_zip(cdr_zip)
        except (PackagingError, ValueError) as error:
            return lambda policy, why=f"CDR ilegible: {error}": retry(summary, policy, code, why)
        if code == "0" and int(cdr.response_code or 0) == 0:
            return lambda policy: accepted(summary, cdr, cdr_zip)
        return lambda policy: rejected(summary, cdr.response_code or code, cdr.description, cdr_zip)
    return lambda policy: retry(summary, policy, code, f"getStatus respondió {code} sin CDR")


def log(summary, **values):
    values.setdefault("leased_until", None)
    Summary.update(attempts=Summary.attempts + 1, updated_at=utc_now(), **values).where(
        Summary.id == summary.id).execute()


def retry(summary, policy, code, message, poll_delay=False):
    attempts = summary.attempts + 1
    delay = (datetime.timedelta(seconds=min(POLL_BASE_SECONDS * 2 ** min(attempts - 1, 8), policy.max_seconds))
             if poll_delay else policy.delay(attempts))
    log(summary, next_attempt_at=utc_now() + min(delay, datetime.timedelta(seconds=policy.max_seconds)),
        last_error=f"{code} {message}".strip())


def ticketed(summary, policy, ticket):
    log(summary, ticket=ticket, state=IN_PROCESS, last_error="",
        next_attempt_at=utc_now() + datetime.timedelta(seconds=min(policy.base_seconds, POLL_BASE_SECONDS)))


def ticket_lost(summary, fault):
    """0127: SUNAT does not know the ticket. Send the same file again: a new ticket, or 2223."""
    log(summary, ticket="", state=BUILT, next_attempt_at=utc_now(), last_error=f"{fault.code} {fault.message}")


def after_fault(summary, policy, fault):
    number = int(fault.code) if fault.code.isdigit() else 0
    if fault.code == ALREADY_PRESENTED:
        return replace(summary, fault)
    if 2000 <= number <= 3999:
        return rejected(summary, fault.code, fault.message, None)
    if fault.code in RETRYABLE_FAULTS or 100 <= number <= 199:
        return retry(summary, policy, fault.code, fault.message)
    # Our credentials, certificate or packaging: only a fix helps; try at the longest interval.
    log(summary, next_attempt_at=utc_now() + datetime.timedelta(seconds=policy.max_seconds),
        last_error=f"{fault.code} {fault.message}")


def lines_of(summary):
    return list(SummaryLine.select(SummaryLine, Document).join(Document)
                .where(SummaryLine.summary == summary.id).order_by(SummaryLine.position))


def replace(summary, fault):
    """2223: SUNAT has this file and we hold no ticket for it. A new summary (next correlative) carries the
    same lines; SUNAT decides on that one, and the documents keep their numbers."""
    lines = lines_of(summary)
    log(summary, state=REPLACED, next_attempt_at=None, code=fault.code, description=fault.message,
        last_error="presentado sin ticket conocido; sus líneas van en un resumen nuevo")
    issuer = Issuer.get(Issuer.company == summary.company_id)
    create(issuer, summary.prefix, summary.reference_date,
           [(line.document, line.condition, line.reason) for line in lines])


def accepted(summary, cdr, cdr_zip):
    log(summary, state=SUMMARY_ACCEPTED, next_attempt_at=None, code=cdr.response_code or "0",
        description=cdr.description, cdr_zip=cdr_zip, last_error="")
    for line in lines_of(summary):
        document = line.document
        if line.condition == ANNUL:
            finish_sunat_annulment(document)
        else:
            Document.update(sunat_state=ACCEPTED, updated_at=utc_now()).where(Document.id == document.id).execute()
            events.emit_for_document(document, events.ACCEPTED, estado=ACCEPTED, codigo_sunat="0",
                                     descripcion_sunat=cdr.description or None, observaciones=[])


def rejected(summary, code, description, cdr_zip):
    """Never silent: the summary keeps SUNAT's code; annulled documents return to accepted (the baja
    may be asked again), added boletas to pending for the next resumen."""
    log(summary, state=SUMMARY_REJECTED, next_attempt_at=None, code=code, description=description,
        cdr_zip=cdr_zip, last_error=f"{code} {description}".strip())
    for line in lines_of(summary):
        state = ACCEPTED if line.condition == ANNUL else PENDING
        Document.update(sunat_state=state, updated_at=utc_now()).where(Document.id == line.document.id).execute()


def run_once(config, limit=20):
    """The worker's pass: the scheduled resúmenes, then every summary due to be sent or polled."""
    policy = RetryPolicy.from_config(config)
    scheduled(config)
    return sum(1 for summary_id in due_ids(limit) if process(summary_id, policy) is not None)


def describe(summary):
    """A summary as fesunat-resumen-listar and fesunat-consultar show it."""
    return {
        "id": summary.id,
        "tipo": summary.prefix,
        "nombre": summary.file_name,
        "fecha_emision": summary.reference_date.isoformat(),
        "fecha_generacion": summary.issue_date.isoformat(),
        "ticket": summary.ticket or None,
        "estado": summary.state,
        "codigo_sunat": summary.code or None,
        "descripcion_sunat": summary.description or None,
        "detalle": summary.last_error or None,
        "intentos": summary.attempts,
        "proximo_intento": summary.next_attempt_at.isoformat() if summary.next_attempt_at else None,
    }




def line_counts(summary_ids):
    """summary id → how many documents it carries."""
    if not summary_ids:
        return {}
    query = (SummaryLine.select(SummaryLine.summary, fn.COUNT(SummaryLine.id).alias("n"))
             .where(SummaryLine.summary.in_(summary_ids)).group_by(SummaryLine.summary))
    return {row.summary_id: row.n for row in query}


def send_deadline(document, config):
    """The last day SUNAT takes the document itself (issue date + SUNAT_SEND_DEADLINE_DAYS), and the days
    left; None once SUNAT has decided on it. Visible before it passes."""
    if document.sunat_state not in (NOT_QUEUED, PENDING):
        return None
    last = document.issue_date + datetime.timedelta(days=config["SUNAT_SEND_DEADLINE_DAYS"])
    return {"fecha_limite": last.isoformat(), "dias_restantes": (last - lima_today()).days}


def void_deadline(document, config):
    """The last day SUNAT takes a baja of the document (issue date + SUNAT_VOID_DEADLINE_DAYS), and how
    many days are left: visible before it passes."""
    last = document.issue_date + datetime.timedelta(days=config["SUNAT_VOID_DEADLINE_DAYS"])
    return {"fecha_limite": last.isoformat(), "dias_restantes": (last - lima_today()).days}


def carrying(document_id):
    """The ids of the summaries a document is in (a subquery)."""
    return SummaryLine.select(SummaryLine.summary).where(SummaryLine.document == document_id)
