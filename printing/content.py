"""What a printout says, in words and formatted amounts, from the plain document: the layouts (a4.py,
ticket.py) only place it.

Everything comes from `invoicing.document.SalesDocument` plus the issuer, the signature's hash and the QR
text (sunat/qr.py); nothing here reads rows. Fields some kinds of document carry and others do not are read
when present:
- `totals.icbper` and `totals.gratuitas` (the plastic-bag tax and free transfers) print when not zero;
  a line with `free` true prints as a free transfer, with SUNAT's legend 1002;
- a nota de crédito or débito's `reference` (the document it modifies: `kind`, `numero` or `series` and
  `number`, optional `issue_date`) and `reason` (`code` and `description`, or plain text) print under the
  buyer.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from domain import printing as words
from domain.catalogs import EXPORT
from domain.documents import number_text
from domain.money import decimal_text
from domain.money import IGV_PERCENT


@dataclass(frozen=True)
class PrintedIssuer:
    ruc: str
    name: str
    trade_name: str = ""
    address: str = ""
    logo: bytes | None = None
    bank_accounts: tuple = ()
    detraccion_account: str = ""


@dataclass(frozen=True)
class PrintedLine:
    quantity: str
    unit: str
    code: str
    description: str
    unit_value: str
    unit_price: str
    discount: str  # empty when the line has none
    amount: str


@dataclass(frozen=True)
class Printed:
    title: str
    numero: str
    issuer: PrintedIssuer
    issued_at: datetime.datetime
    issue_date: str
    issue_time: str
    buyer_label: str
    buyer_number: str
    buyer_name: str
    buyer_address: str
    currency: str
    symbol: str
    lines: tuple
    totals: tuple  # (label, amount); the last is the importe total
    amount_in_words: str
    payment_form: str
    installments: tuple = ()  # (label, due date, amount)
    pending_amount: str = ""  # a sale on credit: what remains to be paid, net of the detracción
    due_date: str = ""
    reference: tuple = ()  # a note's lines: the document it modifies, the reason
    observations: str = ""
    legends: tuple = ()
    qr: str | None = None  # None: not an electronic document (no QR, no hash)
    digest: str | None = None
    link: str | None = None

    @property
    def electronic(self):
        return self.qr is not None

    @property
    def representation(self):
        return words.representation_legend(self.title)


def money(value):
    return f"{Decimal(value):,.2f}"


def date_text(value):
    return value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else ""


def printed(document, issuer, digest=None, qr=None, link=None, annulled=False, rejected=False):
    """The Printed of a SalesDocument for `issuer` (a PrintedIssuer). An electronic document passes the
    hash (`digest`) and SUNAT's QR text; `link` is its public address."""
    title = words.title_of(document.kind.sunat_code)
    currency, symbol = words.CURRENCY_NAMES[document.currency]
    buyer = document.buyer
    credit = bool(document.installments)
    detraccion_amount = document.detraccion.amount if document.detraccion else Decimal(0)
    return Printed(
        title=title,
        numero=document.numero,
        issuer=issuer,
        issued_at=datetime.datetime.combine(document.issue_date, document.issue_time or datetime.time()),
        issue_date=date_text(document.issue_date),
        issue_time=document.issue_time.strftime("%H:%M:%S") if document.issue_time else "",
        buyer_label=words.IDENTITY_LABELS.get(buyer.doc_type, "DOC."),
        buyer_number=buyer.doc_number if buyer.doc_number != "-" else "",
        buyer_name=buyer.name,
        buyer_address=getattr(buyer, "address", "") or "",
        currency=currency,
        symbol=symbol,
        lines=tuple(printed_line(line) for line in document.lines),
        totals=totals(document),
        amount_in_words=f"SON: {document.amount_in_words}",
        payment_form=words.PAYMENT_FORM_NAMES.get(document.payment_form, ""),
        installments=tuple((f"Cuota {number:03d}", date_text(cuota.due_date), f"{symbol} {money(cuota.amount)}")
                           for number, cuota in enumerate(document.installments, start=1)),
        pending_amount=f"{symbol} {money(document.totals.total - detraccion_amount)}" if credit else "",
        due_date=date_text(document.due_date),
        reference=reference_lines(document),
        observations=document.observations or "",
        legends=legends(document, issuer, symbol, annulled, rejected),
        qr=qr if document.kind.electronic else None,
        digest=digest if document.kind.electronic else None,
        link=link,
    )


def printed_line(line):
    free = getattr(line, "free", False)
    discount = line.discount_amount if line.discount_amount else Decimal(0)
    return PrintedLine(
        quantity=decimal_text(line.quantity),
        unit=line.unit,
        code=str(line.code),
        description=(line.description + (f" (serie {line.serial_number})" if line.serial_number else "")
                     + (" [TRANSFERENCIA GRATUITA]" if free else "")),
        unit_value=money(line.unit_value),
        unit_price=money(line.unit_price),
        discount=money(discount) if discount else "",
        amount=money(0 if free else line.total_amount),
    )


def totals(document):
    figures = document.totals
    rows = [("Op. gravadas", figures.gravadas), ("Op. exoneradas", figures.exoneradas),
            ("Op. inafectas", figures.inafectas)]
    if figures.exportacion:
        rows.append(("Op. exportación", figures.exportacion))
    free = getattr(figures, "gratuitas", None)
    if free:
        rows.append(("Op. gratuitas", free))
    if figures.discounts:
        rows.append(("Descuentos", figures.discounts))
    global_discount = getattr(figures, "global_discount", None)
    if global_discount:
        rows.append(("Descuento global", global_discount))
    rows.append((f"IGV {decimal_text(IGV_PERCENT)}%", figures.igv))
    isc = getattr(figures, "isc", None)
    if isc:
        rows.append(("ISC", isc))
    icbper = getattr(figures, "icbper", None)
    if icbper:
        rows.append(("ICBPER", icbper))
    rows.append(("Importe total", figures.total))
    return tuple((label, money(amount)) for label, amount in rows)


def reference_lines(document):
    reference = getattr(document, "reference", None)
    if reference is None:
        return ()
    kind = getattr(reference, "kind", None)
    title = words.title_of(kind.sunat_code) if kind is not None else "Documento"
    numero = getattr(reference, "numero", None) or number_text(reference.series, reference.number)
    issued = getattr(reference, "issue_date", None)
    lines = [f"Documento que modifica: {title} {numero}" + (f" del {date_text(issued)}" if issued else "")]
    reason = getattr(document, "reason", None)
    if reason is not None:
        if isinstance(reason, str):
            lines.append(f"Motivo: {reason}")
        else:
            code, text = getattr(reason, "code", ""), getattr(reason, "description", "") or getattr(reason, "text", "")
            lines.append(f"Motivo: {code} {text}".strip())
    return tuple(lines)


def legends(document, issuer, symbol, annulled, rejected):
    found = []
    if annulled:
        found.append(words.ANNULLED_LEGEND)
    if rejected:
        found.append(words.REJECTED_LEGEND)
    if not document.kind.electronic:
        found.append(words.NOT_A_TAX_DOCUMENT)
    if document.operation_type == EXPORT:
        found.append(words.EXPORT_LEGEND)
    if getattr(document.totals, "gratuitas", None) or any(getattr(line, "free", False) for line in document.lines):
        found.append(words.FREE_TRANSFER_LEGEND)
    if document.detraccion:
        found.append(words.DETRACCION_LEGEND)
        found.append(f"Detracción {decimal_text(document.detraccion.percent)}% (código {document.detraccion.code}): "
                     f"{symbol} {money(document.detraccion.amount)}"
                     + (f"; Cta. Banco de la Nación N° {issuer.detraccion_account}" if issuer.detraccion_account
                        else ""))
    return tuple(found)
