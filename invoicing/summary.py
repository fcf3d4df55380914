"""The plain resumen diario (RC) and comunicación de baja (RA): what SUNAT's SummaryDocuments and
VoidedDocuments carry, with no database behind them.

Their lines take plain documents generically, by SUNAT type code, series-number and totals, so a
factura, a boleta or any note becomes a line the same way (`summary_item`, `void_item`); a note adds
the document it modifies as `reference` (SUNAT type code, series-number).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

ADD, MODIFY, ANNUL = 1, 2, 3  # a resumen line's estado (ConditionCode, SUNAT catalogue 19)
MAX_LINES = 500  # SUNAT takes at most 500 lines per resumen


@dataclass(frozen=True)
class SummaryItem:
    """One RC line: a boleta (or a boleta's note) added, modified or annulled."""

    type_code: str  # SUNAT catalogue 01: 03, 07, 08
    numero: str  # B001-00000001
    buyer_type: str  # catalogue 06
    buyer_number: str
    condition: int
    currency: str
    total: Decimal
    gravadas: Decimal
    exoneradas: Decimal
    inafectas: Decimal
    exportacion: Decimal
    igv: Decimal
    reference: tuple | None = None  # (type code, numero) of the document a note modifies


@dataclass(frozen=True)
class VoidItem:
    """One RA line: a factura (or a factura's note) SUNAT accepted and the issuer takes back."""

    type_code: str
    series: str
    number: int
    reason: str


@dataclass(frozen=True)
class PlainSummary:
    prefix: str  # RC or RA
    reference_date: datetime.date  # the documents' issue date
    issue_date: datetime.date  # when the summary is generated
    correlative: int
    items: tuple

    @property
    def identifier(self):
        """RC-YYYYMMDD-N (the generation date), the summary's cbc:ID and the middle of its file name."""
        return f"{self.prefix}-{self.issue_date:%Y%m%d}-{self.correlative}"

    @property
    def ubl_document(self):
        return "SummaryDocuments" if self.prefix == "RC" else "VoidedDocuments"


def summary_item(document, condition, reference=None):
    """The RC line of a plain SalesDocument (invoicing/document.py)."""
    buyer_type, buyer_number = document.buyer.sunat_identity
    totals = document.totals
    return SummaryItem(document.kind.sunat_code, document.numero, buyer_type, buyer_number, condition,
                       document.currency_code, totals.total, totals.gravadas, totals.exoneradas, totals.inafectas,
                       totals.exportacion, totals.igv, reference)


def void_item(document, reason):
    return VoidItem(document.kind.sunat_code, document.series, document.number, reason)
