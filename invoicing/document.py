"""The plain document: a sale as SUNAT's XML, its printed copy and its QR read it, with no database behind it.

The sales service stores documents as rows; `load` assembles one of them, once, into a `SalesDocument`
(header, buyer, lines, totals, payment terms), and everything that renders a document reads only that.
Amounts are the stored ones, rounded per line when the document was made; nothing here recomputes them.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from domain.catalogs import CURRENCIES
from domain.documents import KINDS
from domain.documents import DocumentKind
from domain.documents import number_text
from domain.identity import sunat_identity
from invoicing.totals import DocumentTotals
from models import document as documents_table
from models.document import Document
from models.party import Address
from models.party import Party
from models.warehouse import Warehouse


@dataclass(frozen=True)
class Buyer:
    doc_type: int  # cliente_idtipo_documento
    doc_number: str
    name: str
    address: str = ""  # the client's main address (sucursal), as printed

    @property
    def sunat_identity(self):
        """(catalogue 06 code, number) as SUNAT receives the buyer."""
        return sunat_identity(self.doc_type, self.doc_number)


@dataclass(frozen=True)
class Line:
    position: int
    code: int
    description: str
    unit: str  # SUNAT catalogue 03
    quantity: Decimal
    unit_price: Decimal  # including IGV, as sold
    unit_value: Decimal  # without IGV, before discount
    discount_percent: Decimal
    discount_amount: Decimal  # on the base
    affectation: int  # SUNAT catalogue 07
    value_amount: Decimal  # base after discount
    igv_amount: Decimal
    total_amount: Decimal
    serial_number: str | None = None


@dataclass(frozen=True)
class Installment:
    """A credit installment (cuota)."""

    amount: Decimal
    due_date: datetime.date


@dataclass(frozen=True)
class Detraccion:
    code: str  # SUNAT catalogue 54
    percent: Decimal
    amount: Decimal


@dataclass(frozen=True)
class SalesDocument:
    kind: DocumentKind
    series: str
    number: int
    issue_date: datetime.date
    issue_time: datetime.time
    currency: int  # factura_idmoneda
    operation_type: int  # factura_tipooperacion
    buyer: Buyer
    lines: tuple
    totals: DocumentTotals
    amount_in_words: str
    payment_form: int  # factura_formapago_cpe
    installments: tuple = ()
    detraccion: Detraccion | None = None
    observations: str = ""
    id: int | None = None
    # SUNAT's code of the establishment it was sold from (its warehouse's); None: the issuer's own.
    establishment_code: str | None = None

    @property
    def numero(self):
        return number_text(self.series, self.number)

    @property
    def currency_code(self):
        return CURRENCIES[self.currency]

    @property
    def due_date(self):
        """The last cuota's date, for a sale on credit."""
        return max(i.due_date for i in self.installments) if self.installments else None


def load(document_id, with_lines=True, document=None):
    """The stored document `document_id` as a SalesDocument; `with_lines=False` leaves its lines out, for
    what reads only the header and totals (the QR). `document`: its row, when the caller has read it."""
    document = document if document is not None else Document.get_by_id(document_id)
    party = Party.get_by_id(document.party_id)
    lines = documents_table.lines_of([document.id]).get(document.id, []) if with_lines else []
    cuotas = documents_table.installments_of([document.id]).get(document.id, [])
    main_address = Address.select(Address.address).where(Address.party == party.id).order_by(Address.id).first()
    establishment = (Warehouse.select(Warehouse.code).where(Warehouse.id == document.warehouse).scalar()
                     if document.warehouse else None)
    return from_rows(document, party, lines, cuotas, main_address.address if main_address else "", establishment)


def from_rows(document, party, lines, cuotas, address="", establishment_code=None):
    return SalesDocument(
        id=document.id,
        kind=KINDS[document.doc_type],
        series=document.series,
        number=document.number,
        issue_date=document.issue_date,
        issue_time=document.issue_time,
        currency=document.currency,
        operation_type=document.operation_type,
        buyer=Buyer(party.doc_type, party.doc_number, party.name, address),
        lines=tuple(Line(
            position=line.position, code=line.code, description=line.description, unit=line.unit,
            quantity=line.quantity, unit_price=line.unit_price, unit_value=line.unit_value,
            discount_percent=line.discount_percent, discount_amount=line.discount_amount,
            affectation=line.igv_affectation, value_amount=line.value_amount, igv_amount=line.igv_amount,
            total_amount=line.total_amount, serial_number=line.serial_number) for line in lines),
        totals=DocumentTotals(document.gravadas, document.exoneradas, document.inafectas, document.exportacion,
                              document.discounts, document.igv, document.total),
        amount_in_words=document.amount_in_words,
        payment_form=document.payment_form,
        installments=tuple(Installment(cuota.amount, cuota.due_date) for cuota in cuotas),
        detraccion=(Detraccion(document.detraccion_code, document.detraccion_percent, document.detraccion_amount)
                    if document.detraccion else None),
        observations=document.notes,
        establishment_code=establishment_code,
    )
