"""Which builder makes which UBL document: a kind's `ubl_document` → its builder."""

from sunat.xml import credit_note
from sunat.xml import debit_note
from sunat.xml import invoice
from sunat.xml import summary

BUILDERS = {
    "Invoice": invoice.build,
    "CreditNote": credit_note.build,
    "DebitNote": debit_note.build,
    "SummaryDocuments": summary.build_summary,
    "VoidedDocuments": summary.build_voided,
}


def build(issuer, document):
    """The unsigned XML root of `document`, by the builder of its kind."""
    return BUILDERS[document.kind.ubl_document](issuer, document)


def build_summary(issuer, plain_summary):
    """The unsigned XML root of an invoicing.summary.PlainSummary (RC or RA)."""
    return BUILDERS[plain_summary.ubl_document](issuer, plain_summary)
