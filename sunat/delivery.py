"""Guaranteed delivery to SUNAT: every document ends accepted, observed or rejected, or has a retry set.

The exchange with SUNAT happens with no database transaction open (it may take a minute); before it, a
short transaction stores the signed XML and claims the submission with a lease, so a request and the
retry worker never send the same document at once; after it, another records the outcome. A document
SUNAT may have received without us hearing back (a timeout, a dropped connection) is sent again; SUNAT
then answers 1033 (already registered) and its stored CDR is fetched instead of renumbering.
"""

import datetime
import json
from dataclasses import dataclass
from dataclasses import field

from domain.clock import utc_now
from domain.documents import KINDS
from domain.sunat_states import FINAL
from domain.sunat_states import PENDING
from domain.sunat_states import REJECTED
from errors import StateConflict
from invoicing.notes import never_sendable
from invoicing.notes import waiting_reason
from invoicing.sales import find_document
from models.base import one_round_trip
from models.base import write_transaction
from models.bulk import insert_values
from models.bulk import update_rows
from models import events
from models.document import Document
from models.sunat import Attempt
from models.summaries import in_open_summary
from models.sunat import Submission
from models.sunat import claim_due
from models.sunat import documents_with_issuers
from models.sunat import release_waiting_on_sunat
from sunat import soap
from sunat.cdr import EXCEPTION
from sunat.cdr import parse_cdr_zip
from sunat.documents import issuer_of
from sunat.documents import signed_stored
from sunat.packaging import PackagingError
from sunat.packaging import zip_document
# SUNAT-side trouble: the same document will go through later.
RETRYABLE_FAULTS = {"0100", "0109", "0110", "0130", "0131", "0132", "0133", "0134", "0135", "0136", "0137",
                    "0138", "0140", "0200", "0201", "0250", "0251", "0253", "0254"}
# SUNAT already has this number: fetch what it registered.
ALREADY_REGISTERED = {"1033", "1032"}
LEASE = datetime.timedelta(minutes=5)
NOTE_WAIT = datetime.timedelta(seconds=30)  # how soon a note waiting on its document is looked at again


@dataclass(frozen=True)
class Outcome:
    state: str  # aceptado, observado, rechazado, pendiente
    verdict: str  # final, retry (SUNAT-side or no answer), refused (our credentials/certificate/packaging)
    code: str = ""
    description: str = ""
    notes: list = field(default_factory=list)
    cdr_zip: bytes | None = None
    operation: str = "sendBill"
    # SUNAT itself answered (False: no answer, or SUNAT busy): then whatever waited only on SUNAT is due.
    answered: bool = True


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float
    max_seconds: float

    def delay(self, attempts):
        return datetime.timedelta(seconds=min(self.base_seconds * 2 ** max(attempts - 1, 0), self.max_seconds))

    def next_attempt(self, outcome, attempts):
        """When to try again: refused sends (our credentials, certificate, packaging) wait the longest
        interval, since only a fix helps; "manual" never (someone must look); others back off."""
        if outcome.verdict == "manual":
            return None
        if outcome.verdict == "refused":
            return utc_now() + datetime.timedelta(seconds=self.max_seconds)
        return utc_now() + self.delay(attempts)

    @classmethod
    def from_config(cls, config):
        return cls(config["SUNAT_RETRY_BASE_SECONDS"], config["SUNAT_RETRY_MAX_SECONDS"])


def prepare(document, issuer):
    """The document's submission, signing it the first time. Call inside a write transaction."""
    submission = Submission.get_or_none(Submission.document == document.id)
    if submission is None:
        signed = signed_stored(document.id, issuer)
        submission = Submission.create(document=document.id, file_name=signed.stem, signed_xml=signed.xml,
                                       digest=signed.digest)
        Document.update(sunat_state=PENDING).where(Document.id == document.id).execute()
    elif not submission.file_name:  # queued at creation, signed when first sent
        signed = signed_stored(document.id, issuer)
        store_signed(submission, signed)
    return submission


def store_signed(submission, signed):
    Submission.update(file_name=signed.stem, signed_xml=signed.xml, digest=signed.digest).where(
        Submission.id == submission.id).execute()
    submission.file_name, submission.signed_xml, submission.digest = signed.stem, signed.xml, signed.digest


def claim(submission):
    """Take the lease on a pending submission; False when someone else holds it or it is final."""
    moment = utc_now()
    taken = (Submission.update(leased_until=moment + LEASE)
             .where((Submission.id == submission.id) & (Submission.state == PENDING)
                    & (Submission.leased_until.is_null() | (Submission.leased_until < moment)))
             .execute())
    return taken == 1


def same_document(reference, expected):
    """F001-1 and F001-00000001 name the same document."""
    try:
        (series, number), (expected_series, expected_number) = reference.split("-"), expected.split("-")
        return series == expected_series and int(number) == int(expected_number)
    except ValueError:
        return False


def from_cdr(cdr_zip, operation, expected_id):
    try:
        cdr = parse_cdr_zip(cdr_zip)
    except (PackagingError, ValueError) as error:
        return Outcome(PENDING, "retry", description=f"CDR ilegible: {error}", operation=operation)
    if cdr.reference_id and not same_document(cdr.reference_id, expected_id):
        return Outcome(PENDING, "refused", description=f"el CDR es de otro comprobante ({cdr.reference_id})",
                       operation=operation)
    state = cdr.state
    if state == EXCEPTION:
        return Outcome(PENDING, "retry", cdr.response_code, cdr.description, operation=operation)
    notes = [{"codigo": code, "descripcion": text} for code, text in cdr.notes]
    return Outcome(state, "final", cdr.response_code, cdr.description, notes, cdr_zip, operation)


def from_fault(fault, operation):
    number = int(fault.code) if fault.code.isdigit() else 0
    if 2000 <= number <= 3999:
        return Outcome(REJECTED, "final", fault.code, fault.message, operation=operation)
    if fault.code in RETRYABLE_FAULTS:
        return Outcome(PENDING, "retry", fault.code, fault.message, operation=operation, answered=False)
    return Outcome(PENDING, "refused", fault.code, fault.message, operation=operation)


def exchange(issuer, document, submission):
    """Talk to SUNAT about one document. No database work happens here."""
    kind = KINDS[document.doc_type]
    expected = document.numero
    try:
        cdr_zip = soap.send_bill(issuer, f"{submission.file_name}.zip",
                                 zip_document(submission.file_name, bytes(submission.signed_xml)))
        return from_cdr(cdr_zip, "sendBill", expected)
    except soap.SunatUnreachable as error:
        return Outcome(PENDING, "retry", description=str(error), answered=False)
    except soap.SunatFault as fault:
        if fault.code not in ALREADY_REGISTERED:
            return from_fault(fault, "sendBill")
        registered = fault
    if not issuer.consult_service_url:
        # Beta has no getStatusCdr, and production's never knew a beta document: retrying cannot help.
        return Outcome(PENDING, "manual", registered.code,
                       f"{registered.message}. SUNAT beta no ofrece getStatusCdr para recuperar su CDR: "
                       "revise el comprobante en SUNAT o configure --url-consultas; no se reintenta solo")
    try:
        status, message, cdr_zip = soap.get_status_cdr(issuer, kind.sunat_code, document.series, document.number)
    except soap.SunatUnreachable as error:
        return Outcome(PENDING, "retry", description=str(error), operation="getStatusCdr", answered=False)
    except soap.SunatFault as fault:
        return from_fault(fault, "getStatusCdr")
    if cdr_zip is None:
        return Outcome(PENDING, "retry", status, f"SUNAT ya registró el comprobante pero no entregó su CDR: {message}",
                       operation="getStatusCdr")
    return from_cdr(cdr_zip, "getStatusCdr", expected)


def record(submission, outcome, policy, signed=None, document=None):
    """Store the outcome, its attempt, and the next retry when the document is still pending (with the
    signed XML when it was signed for this send). When SUNAT answered, whatever waited only on SUNAT's
    silence is due again at once: backoff follows a document's own errors, not an outage. Returns the
    submission as stored."""
    record_batch([(submission, document, outcome, signed)], policy)
    return Submission.get_by_id(submission.id)


def outcome_values(submission, outcome, policy, signed):
    """The Submission fields an outcome writes (with the signed XML when it was signed for this send)."""
    attempts = submission.attempts + 1
    final = outcome.state in FINAL
    values = {
        "state": outcome.state,
        "attempts": attempts,
        "leased_until": None,
        "updated_at": utc_now(),
        "next_attempt_at": None if final else policy.next_attempt(outcome, attempts),
        "last_error": "" if final else f"{outcome.code} {outcome.description}".strip(),
        "waiting_on_sunat": not outcome.answered,
    }
    if signed is not None:
        values.update(file_name=signed.stem, signed_xml=signed.xml, digest=signed.digest)
    if final:
        values.update(code=outcome.code, description=outcome.description, notes=json.dumps(outcome.notes),
                      cdr_zip=outcome.cdr_zip)
    return values


def deliver(document, issuer, submission, policy):
    """Claim, exchange, record. Returns (submission, outcome or None when someone else is sending)."""
    with write_transaction():
        if not claim(submission):
            return Submission.get_by_id(submission.id), None
        submission = Submission.get_by_id(submission.id)  # an unsent document's edit resets its signature
        if not submission.file_name:
            store_signed(submission, signed_stored(document.id, issuer))
    outcome = exchange(issuer, document, submission)
    with write_transaction():
        return record(submission, outcome, policy), outcome


def due(limit=20):
    """Pending submissions whose retry time has come and that nobody is sending."""
    moment = utc_now()
    return list(Submission.select().where(
        (Submission.state == PENDING) & (Submission.next_attempt_at <= moment)
        & (Submission.leased_until.is_null() | (Submission.leased_until < moment)))
        .order_by(Submission.next_attempt_at).limit(limit))


def refuse_note_before_its_document(kind, note):
    """A note travels only once SUNAT accepted the document it modifies (SUNAT would reject it, 2119/2209,
    and its number would be used up); 13 says which document and why. A note already final is answered."""
    submission = Submission.get_or_none(Submission.document == note.id)
    if submission is not None and submission.state in FINAL:
        return
    waiting = waiting_reason(note)
    if waiting:
        raise StateConflict(f"la {kind.name} {note.numero} {waiting}")


def record_and_claim(results, policy, limit, lease=LEASE):
    """In one write transaction: the finished sends `results` recorded (as `record_batch`), then up to
    `limit` due submissions leased for this worker, with what sending each needs: [(submission, document,
    issuer)]. The worker's loop does both at once, so a slot that frees is refilled in one transaction;
    the records travel with the claim's statement (models/base.py, deferred writes)."""
    if not results and limit <= 0:
        return []
    with write_transaction(), one_round_trip():
        if results:
            _record(results, policy)
        return _claim(limit, lease) if limit > 0 else []


def _claim(limit, lease):
    """Submissions of a deleted document or an issuer-less company are put back with a note instead of
    being sent."""
    submissions = claim_due(limit, lease)
    if not submissions:
        return []
    found = documents_with_issuers(sorted({s.document_id for s in submissions}))
    jobs = []
    for submission in submissions:
        document, issuer = found[submission.document_id]
        if document.deleted or issuer is None or not issuer.private_key_pem:
            Submission.update(leased_until=None, next_attempt_at=None,
                              last_error="anulado o sin emisor configurado: no se envía").where(
                Submission.id == submission.id).execute()
            continue
        waiting = KINDS[document.doc_type].modifies and waiting_reason(document)
        if waiting:
            # A note sent before SUNAT accepted its document is rejected (2119/2209) and its number lost:
            # look again shortly; one whose document SUNAT rejected waits for a person.
            later = None if never_sendable(document) else utc_now() + NOTE_WAIT
            Submission.update(leased_until=None, next_attempt_at=later, last_error=waiting).where(
                Submission.id == submission.id).execute()
            continue
        jobs.append((submission, document, issuer))
    return jobs


def sign_for_sending(submission, document, issuer):
    """The SignedDocument to store with the outcome when the submission was queued unsigned, else None.
    Runs outside any transaction: the lease keeps the document from being edited meanwhile."""
    if submission.file_name:
        return None
    signed = signed_stored(document.id, issuer)
    submission.file_name, submission.signed_xml, submission.digest = signed.stem, signed.xml, signed.digest
    return signed


def record_batch(results, policy):
    """[(submission, document or None, outcome, signed or None)] recorded as `record` says, in one write
    transaction of a few statements whatever their number: the worker records every finished send this
    way, and one statement per field set, not per document, is what lets it keep up with a wide pool."""
    with write_transaction():
        _record(results, policy)


def _record(results, policy):
    """Inside a write transaction: `results` written in a few deferred statements, sent with the next
    statement or the COMMIT."""
    results = sorted(results, key=lambda result: result[0].document_id)  # rows locked in one order
    with one_round_trip():
        by_fields = {}
        for submission, _, outcome, signed in results:
            values = outcome_values(submission, outcome, policy, signed)
            by_fields.setdefault(tuple(values), []).append((*values.values(), submission.id))
        for names, rows in by_fields.items():
            update_rows(Submission, names, rows)
        update_rows(Document, ("sunat_state",), [(outcome.state, submission.document_id)
                                                 for submission, _, outcome, _ in results])
        insert_values(Attempt, ("submission", "operation", "outcome", "code", "message"), [
            (submission.id, outcome.operation, outcome.state if outcome.state in FINAL else outcome.verdict,
             outcome.code, outcome.description[:2000]) for submission, _, outcome, _ in results])
        final = [(submission, document, outcome) for submission, document, outcome, _ in results
                 if outcome.state in FINAL]
        if final:  # subscribers hear of the verdicts in this same transaction (models/events.py)
            unread = [submission.document_id for submission, document, _ in final if document is None]
            read = {d.id: d for d in Document.select().where(Document.id.in_(unread))} if unread else {}
            announced = []
            for submission, document, outcome in final:
                document = document or read[submission.document_id]
                document.sunat_state = outcome.state  # as just written: the event carries it
                announced.append((document, events.BY_SUNAT_STATE[outcome.state], {
                    "estado": outcome.state, "codigo_sunat": outcome.code or None,
                    "descripcion_sunat": outcome.description or None, "observaciones": outcome.notes}))
            events.emit_for_documents(announced, locked=True)  # their sunat_state was written above
        if any(outcome.answered for _, _, outcome, _ in results):
            release_waiting_on_sunat()


def send(kind, document_id, company_id, policy):
    """Send one document now, or find its verdict when it is final: (issuer, document, submission, outcome),
    the outcome None when nothing was sent (final already, or someone else is sending it)."""
    with write_transaction():
        document = find_document(kind, document_id, company_id)
        if document.deleted:
            raise StateConflict(f"la {kind.name} {document.numero} está anulada; no se envía a SUNAT")
        issuer = issuer_of(company_id)
        if kind.modifies:
            refuse_note_before_its_document(kind, document)
        if in_open_summary(document.id):
            raise StateConflict(f"la {kind.name} {document.numero} va en un resumen diario que SUNAT aún no "
                                "resuelve; consulte su estado con fesunat-consultar")
        submission = prepare(document, issuer)
    if submission.state in FINAL:
        return issuer, document, submission, None
    submission, outcome = deliver(document, issuer, submission, policy)
    return issuer, document, submission, outcome
