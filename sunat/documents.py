"""From a stored sales document to the signed XML SUNAT receives."""

from dataclasses import dataclass

from errors import StateConflict
from invoicing.installments import Instalment
from invoicing.kinds import KINDS
from models import DocumentLine
from models import Installment
from models import Issuer
from models import Party
from sunat import signing
from sunat import ubl


@dataclass(frozen=True)
class SignedDocument:
    stem: str  # RUC-TT-SERIE-NUMERO
    xml: bytes
    digest: str


def issuer_of(company_id):
    issuer = Issuer.get_or_none(Issuer.company == company_id)
    if issuer is None or not (issuer.private_key_pem and issuer.certificate_pem):
        raise StateConflict("la empresa no tiene configurada la facturación electrónica (emisor y certificado); "
                            "vea 'flask --app app issuer' en el README")
    return issuer


def unsigned_invoice(document, issuer):
    kind = KINDS[document.doc_type]
    lines = list(DocumentLine.select().where(DocumentLine.document == document.id).order_by(DocumentLine.position))
    instalments = [Instalment(i.amount, i.due_date) for i in
                   Installment.select().where(Installment.document == document.id).order_by(Installment.position)]
    party = Party.get_by_id(document.party_id)
    root = ubl.build_invoice(issuer, kind, document, party, lines, instalments)
    return ubl.file_stem(issuer.ruc, kind, document), root


def signed_invoice(document, issuer):
    stem, root = unsigned_invoice(document, issuer)
    xml, digest = signing.sign(root, issuer.private_key_pem, issuer.certificate_pem, issuer.signature_algorithm)
    return SignedDocument(stem, xml, digest)
