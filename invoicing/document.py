"""The plain document: a sale as SUNAT's XML, its printed copy and its QR read it, with no database behind it.

The sales service stores documents as rows; `load` assembles one of them, once, into a `SalesDocument`
(header, buyer, lines, totals, payment terms), and everything that renders a document reads only that.
Amounts are the stored ones, rounded per line when the document was made; nothing here recomputes them.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from domain.catalogs import CURRENCIES
from domain.catalogs import PERCEPTIONS
from domain.documents import KINDS
from domain.documents import DocumentKind
from domain.documents import number_text
from domain.identity import sunat_identity
from invoicing.totals import DocumentTotals
from models import document as documents_table
from models.document import Document
from models.note import NoteReference
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
    free: bool = False  # a free transfer: its amounts are the reference value, nothing is charged
    icbper_amount: Decimal = Decimal("0.00")  # plastic bags: units × the rate of the issue date
    isc_rate: Decimal = Decimal(0)  # ISC percent of the value (system 01)
    isc_amount: Decimal = Decimal("0.00")  # part of total_amount

    @property
    def bags(self):
        """Whether the line pays ICBPER (a plastic bag)."""
        return bool(self.icbper_amount)


@dataclass(frozen=True)
class Installment:
    """A credit installment (cuota)."""

    amount: Decimal
    due_date: datetime.date


@dataclass(frozen=True)
class Detraccion:
    code: str  # SUNAT catalogue 54
    percent: Decimal
    amount: Decimal  # in the document's currency
    amount_pen: Decimal | None = None  # in soles, as SUNAT receives it (None: the same as `amount`)

    @property
    def soles(self):
        return self.amount if self.amount_pen is None else self.amount_pen


@dataclass(frozen=True)
class Perception:
    code: str  # SUNAT catalogue 53: 51, 52, 53
    percent: Decimal
    base: Decimal  # the total, in soles
    amount: Decimal  # charged beside the total


@dataclass(frozen=True)
class ModifiedDocument:
    """What a nota de crédito or débito modifies: the factura or boleta, by kind and number."""

    kind: DocumentKind
    series: str
    number: int
    issue_date: datetime.date

    @property
    def numero(self):
        return number_text(self.series, self.number)


@dataclass(frozen=True)
class NoteReason:
    """Why a note is issued: SUNAT catalogue 09 (credit) or 10 (debit) code, and its description."""

    code: str
    description: str


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
    reference: ModifiedDocument | None = None  # a note's: the document it modifies
    reason: NoteReason | None = None  # a note's: why

    global_discount_percent: Decimal = Decimal(0)  # factura_descuento_global
    exchange_rate: Decimal | None = None  # factura_tipo_cambio
    perception: Perception | None = None  # factura_percepcion

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
    reference = reason = None
    if KINDS[document.doc_type].modifies:
        note = NoteReference.get(NoteReference.note == document.id)
        modified = Document.get_by_id(note.modified_id)
        reference = ModifiedDocument(KINDS[modified.doc_type], modified.series, modified.number, modified.issue_date)
        reason = NoteReason(note.reason_code, note.reason)
    return from_rows(document, party, lines, cuotas, main_address.address if main_address else "", reference, reason,
                     establishment)


def from_rows(document, party, lines, cuotas, address="", reference=None, reason=None, establishment_code=None):
    return SalesDocument(
        reference=reference,
        reason=reason,
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
            total_amount=line.total_amount, serial_number=line.serial_number, free=line.free,
            icbper_amount=line.icbper_amount, isc_rate=line.isc_rate, isc_amount=line.isc_amount) for line in lines),
        totals=DocumentTotals(document.gravadas, document.exoneradas, document.inafectas, document.exportacion,
                              document.discounts, document.igv, document.total, gratuitas=document.gratuitas,
                              igv_gratuitas=document.igv_gratuitas, icbper=document.icbper, isc=document.isc,
                              global_discount=(document.global_discount_base + document.global_discount_other
                                               + document.global_discount_amount),
                              global_discount_base=document.global_discount_base,
                              global_discount_other=document.global_discount_other,
                              global_discount_amount=document.global_discount_amount),
        amount_in_words=document.amount_in_words,
        payment_form=document.payment_form,
        installments=tuple(Installment(cuota.amount, cuota.due_date) for cuota in cuotas),
        detraccion=(Detraccion(document.detraccion_code, document.detraccion_percent, document.detraccion_amount,
                               document.detraccion_amount_pen)
                    if document.detraccion else None),
        observations=document.notes,
        establishment_code=establishment_code,
        global_discount_percent=document.global_discount_percent,
        exchange_rate=document.exchange_rate,
        perception=(Perception(document.perception_code, Decimal(PERCEPTIONS[document.perception_code]),
                               document.total, document.perception_amount) if document.perception_code else None),
    )
