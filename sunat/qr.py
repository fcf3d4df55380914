"""The text of the QR code printed on every electronic document, as SUNAT defines it:
RUC|TIPO|SERIE|NUMERO|IGV|TOTAL|FECHA|TIPO_DOC_CLIENTE|NUM_DOC_CLIENTE|HASH|"""

from domain.documents import NUMBER_DIGITS


def qr_text(issuer_ruc, document, digest):
    """For a plain document (invoicing.document.SalesDocument) and its signature's DigestValue."""
    scheme, number = document.buyer.sunat_identity
    return "|".join([issuer_ruc, document.kind.sunat_code, document.series, f"{document.number:0{NUMBER_DIGITS}d}",
                     f"{document.totals.igv}", f"{document.totals.total}", document.issue_date.isoformat(),
                     scheme, number, digest]) + "|"
