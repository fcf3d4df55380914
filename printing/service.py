"""A stored document's printout and files: found in the key's company, signed when it never was, rendered.

An electronic document's printout carries its signature's hash and SUNAT's QR, so printing one that was
never signed signs it first, exactly as `fesunat-enviar` would (sunat/delivery.py `prepare`): from then on
it cannot be edited, because what the customer holds must be what SUNAT receives. Rendering happens
outside any transaction (it takes milliseconds, and the write lock is for writes).
"""

from dataclasses import dataclass

from domain.documents import KINDS
from domain.sunat_states import REJECTED
from errors import InvalidInput
from invoicing.document import load
from invoicing.sales import find_document
from models import links as links_table
from models.base import for_update
from models.base import write_transaction
from models.company import Company
from models.document import Document
from models.printing import profile_of
from models.sunat import Issuer
from models.sunat import Submission
from printing import a4
from printing import links
from printing import ticket
from printing.content import PrintedIssuer
from printing.content import printed
from sunat import delivery
from sunat.documents import issuer_of
from sunat.qr import qr_text

FORMATS = ("a4", "ticket", "ticket58")
CONTENT_TYPES = {"pdf": "application/pdf", "xml": "application/xml", "cdr.zip": "application/zip"}


@dataclass(frozen=True)
class Rendered:
    name: str  # RUC-TT-SERIE-NUMERO.pdf
    pdf: bytes
    link: str | None  # the public address of the PDF; None once revoked


def render(printout, formato, font_family):
    if formato == "a4":
        return a4.render(printout, font_family)
    if formato in ("ticket", "ticket58"):
        return ticket.render(printout, 80 if formato == "ticket" else 58, font_family)
    raise InvalidInput("revise formato", campos={"formato": [f"Debe ser uno de: {', '.join(FORMATS)}."]})


def stem_of(document, ruc):
    """The files' name: RUC-TT-SERIE-NUMERO (NV for a nota de venta, which has no SUNAT type)."""
    kind = KINDS[document.doc_type]
    return f"{ruc}-{kind.sunat_code or 'NV'}-{document.numero}"


def signed_submission(document):
    """(the document's submission, whether it was signed just now): an electronic, live document that
    was never signed is signed now; a nota de venta, or an annulled document never signed, has none."""
    submission = Submission.get_or_none(Submission.document == document.id)
    # A submission queued at creation has no signature until it is first sent: sign it now.
    if (submission is not None and submission.file_name) or document.deleted or not KINDS[document.doc_type].electronic:
        return submission, False
    issuer = issuer_of(document.company_id)
    with write_transaction():
        # The document's row lock makes a second printer wait here, then find the first one's signature.
        for_update(Document.select(Document.id).where(Document.id == document.id)).execute()
        return delivery.prepare(document, issuer), True


def printed_issuer(company_id):
    """The issuer as printed: its SUNAT identity (or the company's, for one that only issues notas de
    venta), the logo and bank accounts of its print profile."""
    issuer = Issuer.get_or_none(Issuer.company == company_id)
    profile = profile_of(company_id)
    extras = {"logo": bytes(profile.logo) if profile and profile.logo else None,
              "bank_accounts": tuple(line.strip() for line in (profile.bank_accounts if profile else "").splitlines()
                                     if line.strip())}
    if issuer is None:
        company = Company.get_by_id(company_id)
        return PrintedIssuer(ruc=company.ruc, name=company.razon_social, **extras)
    address = ", ".join(part for part in (issuer.address_line, issuer.district, issuer.province, issuer.department)
                        if part and part != "-")
    return PrintedIssuer(ruc=issuer.ruc, name=issuer.razon_social, trade_name=issuer.nombre_comercial,
                         address=address, detraccion_account=issuer.detraccion_account, **extras)


def printout(document, config):
    """(the Printed of a stored document, its live public token or None, its submission or None)."""
    submission, signed_now = signed_submission(document)
    if signed_now:  # print what was signed, even if the row changed since it was read
        document = Document.get_by_id(document.id)
    token = None if document.deleted else links.token_for(document.id)
    plain = load(document.id, document=document)
    issuer = printed_issuer(document.company_id)
    digest = submission.digest if submission is not None else None
    qr = qr_text(issuer.ruc, plain, digest) if digest else None
    rejected = submission is not None and submission.state == REJECTED
    return printed(plain, issuer, digest, qr, links.url(config, token), annulled=document.deleted,
                   rejected=rejected), token, submission


def document_pdf(kind, document_id, company_id, formato, config):
    """comprobante-pdf: the Rendered printout of the company's document."""
    document = find_document(kind, document_id, company_id)
    printout_, token, _ = printout(document, config)
    pdf = render(printout_, formato, config["PDF_FONT"])
    return Rendered(f"{stem_of(document, printout_.issuer.ruc)}.pdf", pdf, links.url(config, token))


def public_file(token, extension, config):
    """(bytes, file name) of a live public link's file, or None: a token that does not exist, was revoked,
    or names a file the document does not have (a nota de venta's XML, a CDR SUNAT has not sent)."""
    document_id = links_table.document_of(token)
    if document_id is None or extension not in CONTENT_TYPES:
        return None
    document = Document.get_by_id(document_id)
    if document.deleted:
        return None
    if extension == "pdf":
        printout_, _, _ = printout(document, config)
        return render(printout_, "a4", config["PDF_FONT"]), f"{stem_of(document, printout_.issuer.ruc)}.pdf"
    submission, _ = signed_submission(document)
    if submission is None:
        return None
    if extension == "xml":
        return bytes(submission.signed_xml), f"{submission.file_name}.xml"
    if submission.cdr_zip is None:
        return None
    return bytes(submission.cdr_zip), f"R-{submission.file_name}.zip"
