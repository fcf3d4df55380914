"""Which builder makes which UBL document: a kind's `ubl_document` → its builder."""

from sunat.xml import credit_note
from sunat.xml import debit_note
from sunat.xml import invoice

BUILDERS = {
    "Invoice": invoice.build,
    "CreditNote": credit_note.build,
    "DebitNote": debit_note.build,
}


def build(issuer, document):
    """The unsigned XML root of `document`, by the builder of its kind."""
    return BUILDERS[document.kind.ubl_document](issuer, document)
