"""From a stored document to the signed XML SUNAT receives, and the name SUNAT expects for it."""

from dataclasses import dataclass

from errors import StateConflict
from invoicing.document import load
from models.sunat import Issuer
from sunat import signing
from sunat.health import check_before_signing
from sunat.xml.builders import build


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


def file_stem(issuer_ruc, document):
    """RUC-TT-SERIE-NUMERO, the name SUNAT expects for the XML and its zip."""
    return f"{issuer_ruc}-{document.kind.sunat_code}-{document.numero}"


def signed(document, issuer):
    """The SignedDocument of a plain document (invoicing.document.SalesDocument); never with an expired
    certificate (42)."""
    check_before_signing(issuer)
    xml, digest = signing.sign(build(issuer, document), issuer.private_key_pem, issuer.certificate_pem,
                               issuer.signature_algorithm)
    return SignedDocument(file_stem(issuer.ruc, document), xml, digest)


def signed_stored(document_id, issuer):
    """The SignedDocument of the stored document `document_id`."""
    return signed(load(document_id), issuer)
