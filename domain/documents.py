"""Sales document kinds, numbered as `fesunat-enviar`'s `tipodoc`, and how a document number is written.

What differs between kinds is an attribute of the kind (who may buy, what SUNAT document it becomes,
whether its XML declares the forma de pago), never a `code ==` check elsewhere.
"""

import re
from dataclasses import dataclass

FACTURA = 1
BOLETA = 2
NOTA_DE_VENTA = 3  # an internal sales note, not a tax document (not a nota de crédito or débito)
CREDIT_NOTE = 4  # nota de crédito (SUNAT 07)
DEBIT_NOTE = 5  # nota de débito (SUNAT 08)

NUMBER_DIGITS = 8


@dataclass(frozen=True)
class DocumentKind:
    code: int  # tipodoc
    slug: str  # the action prefix: factura-nuevo, boleta-nuevo, nota-nuevo
    name: str  # as the answers say it: "la Factura de venta"
    default_series: str
    series_pattern: re.Pattern
    sunat_code: str | None  # SUNAT catalogue 01; None: not an electronic document, never sent to SUNAT
    max_lines: int  # SUNAT numbers items with at most 3 digits (its rule 2023)
    requires_ruc_buyer: bool = False  # a factura is sold to a RUC, unless it is an export
    declares_payment_terms: bool = False  # SUNAT's boleta rules refuse a forma de pago (its code 3128)
    ubl_document: str | None = None  # the UBL root its XML is built as
    # A nota de crédito or débito: the series it takes by default for each kind it may modify (a factura's
    # notes an F series, a boleta's a B series); empty for a document that modifies nothing.
    note_series: tuple = ()  # ((kind code it modifies, default series), ...)
    credits: bool = False  # a nota de crédito: it lowers what the modified document still owes
    # Reported in the resumen diario (RC) when its issuer sends boletas by resumen: boletas (and, when
    # notes exist, a boleta's notes, whose series starts with B).
    by_summary: bool = False

    @property
    def electronic(self):
        return self.sunat_code is not None

    @property
    def modifies(self):
        """A note: it modifies a factura or boleta and takes its series from that document's kind."""
        return bool(self.note_series)

    def series_for(self, modified_kind):
        """The default series of this note kind for a note on a document of `modified_kind`."""
        return dict(self.note_series)[modified_kind.code]

    @property
    def default_series_codes(self):
        """Every series a new company gets for this kind."""
        return tuple(code for _, code in self.note_series) or (self.default_series,)


KINDS = {
    FACTURA: DocumentKind(FACTURA, "factura", "Factura de venta", "F001", re.compile(r"^F[A-Z0-9]{3}$"), "01", 999,
                          requires_ruc_buyer=True, declares_payment_terms=True, ubl_document="Invoice"),
    BOLETA: DocumentKind(BOLETA, "boleta", "Boleta de venta", "B001", re.compile(r"^B[A-Z0-9]{3}$"), "03", 999,
                         ubl_document="Invoice", by_summary=True),
    NOTA_DE_VENTA: DocumentKind(NOTA_DE_VENTA, "nota", "Nota de venta", "NV01", re.compile(r"^[A-Z0-9]{4}$"), None,
                                1000),
    CREDIT_NOTE: DocumentKind(CREDIT_NOTE, "notacredito", "Nota de crédito", "FC01", re.compile(r"^[FB][A-Z0-9]{3}$"),
                              "07", 999, ubl_document="CreditNote", note_series=((FACTURA, "FC01"), (BOLETA, "BC01")),
                              credits=True),
    DEBIT_NOTE: DocumentKind(DEBIT_NOTE, "notadebito", "Nota de débito", "FD01", re.compile(r"^[FB][A-Z0-9]{3}$"),
                             "08", 999, ubl_document="DebitNote", note_series=((FACTURA, "FD01"), (BOLETA, "BD01"))),
}
KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS.values()}

NUMBER_PATTERN = re.compile(r"^([A-Za-z0-9]{4})-([0-9]{1,8})$")


def number_text(series, number):
    """'F001-00000001': the series and the correlative padded to eight digits, as SUNAT writes it."""
    return f"{series}-{number:0{NUMBER_DIGITS}d}"


def parse_number(text):
    """('F001', 1) for 'F001-00000001' or 'f001-1'; None when it is not a document number."""
    match = NUMBER_PATTERN.match(text.strip())
    return (match.group(1).upper(), int(match.group(2))) if match else None


VOIDED_BY_RA = "RA"  # comunicación de baja (VoidedDocuments)
VOIDED_BY_RC = "RC"  # a resumen diario line with estado 3 (SummaryDocuments)


def annulled_by(series):
    """How SUNAT takes back an accepted document: a factura and its notes (F series) by comunicación de
    baja; a boleta and its notes (B series) by resumen diario. SUNAT refuses a boleta in an RA (2308)."""
    return VOIDED_BY_RC if series.upper().startswith("B") else VOIDED_BY_RA


def reported_by_summary(kind, series):
    """Whether a document goes in the resumen diario when its issuer reports boletas that way: a boleta,
    and a note of a boleta (a B series), which SUNAT takes in the same resumen as the boletas."""
    return kind.by_summary or (kind.modifies and annulled_by(series) == VOIDED_BY_RC)
