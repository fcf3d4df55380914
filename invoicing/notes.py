"""Notas de crédito y débito: a correction of a factura or boleta, the only one SUNAT allows once it holds it.

A note is a Document of its own kind (numbered in an FC01/BC01… series, with lines and totals like a
sale) plus its NoteReference: the document it modifies and the reason (SUNAT catalogue 09 or 10). It
takes its client, currency and operation type from that document.

Order, as for sales: everything that can be read and priced is prepared before the write lock
(`prepare_creation`); inside it, the modified document's row is locked, its state and what it still owes
are read again (so concurrent credits queue and never exceed its total), then stock, the number, the rows.
"""

from dataclasses import dataclass
from decimal import Decimal

from domain.catalogs import ANNULLED
from domain.catalogs import CONTADO
from domain.catalogs import CREDITO
from domain.catalogs import EXPORT
from domain.clock import lima_now
from domain.clock import utc_now
from domain.documents import BOLETA
from domain.documents import CREDIT_NOTE
from domain.documents import DEBIT_NOTE
from domain.documents import FACTURA
from domain.documents import KINDS
from domain.documents import NOTA_DE_VENTA
from domain.documents import parse_number
from domain.money import ZERO
from domain.notes import PAYMENT_ADJUSTMENT
from domain.notes import RETURNS_GOODS
from domain.notes import WHOLE_DOCUMENT
from domain.notes import reasons_of
from domain.sunat_states import ACCEPTED_BY_SUNAT
from domain.sunat_states import FINAL
from domain.sunat_states import REJECTED
from domain.taxes import EXPORTACION
from errors import InvalidInput
from errors import NotFound
from errors import StateConflict
from inventory.stock import locked_products
from inventory.stock import outstanding_exits
from inventory.stock import outstanding_exits_of
from inventory.stock import outstanding_products
from inventory.stock import return_goods
from inventory.stock import return_warehouse
from inventory.stock import reverse_return
from invoicing import installments
from invoicing.amount_in_words import amount_in_words
from invoicing.lines import LineDraft
from invoicing.lines import line_rows
from invoicing.lines import totals_of
from invoicing.lines import write_lines
from invoicing.numbering import insert_numbered
from invoicing.sales import find_document
from invoicing.sales import queue_for_sunat
from invoicing.sales import record_annulment
from invoicing.sales import refuse_if_frozen
from invoicing.sales import set_totals
from invoicing.sales import write_installments
from models.sunat import queue as queue_submission
from invoicing.totals import LineAmounts
from invoicing.totals import line_amounts
from models import document as documents_table
from models import note as notes_table
from models import note_return
from models import product as products_table
from models.base import is_sqlite
from models.base import one_round_trip
from models.counts import adjust
from models.document import Document
from models.document import DocumentLine
from models.note import NoteReference

MODIFIABLE = (FACTURA, BOLETA)


def refuse(field, message):
    raise InvalidInput(f"revise {field}", campos={field: [message]})


# -- the document a note modifies ------------------------------------------------------------------------

def find_modified(data, company_id):
    """The factura or boleta a note names by `nota_documento_id` or `nota_documento_numero`, in the company,
    with what a note reads of it (models.note.modified_sale): (Document, its sold lines, its movements)."""
    ident, numero = data.get("nota_documento_id"), data.get("nota_documento_numero")
    if ident is not None:
        read = notes_table.modified_sale(company_id, ident=ident)
        described = f"id {ident}"
    else:
        series, number = parse_number(numero)
        read = notes_table.modified_sale(company_id, series=series, number=number, doc_types=MODIFIABLE)
        described = f"número {series}-{number:08d}"
    found = read[0] if read else None
    if found is None or found.doc_type not in MODIFIABLE + (NOTA_DE_VENTA,):
        raise NotFound("la factura o boleta", described)
    if ident is not None and numero and parse_number(numero) != (found.series, found.number):
        refuse("nota_documento_numero", f"El documento {ident} es el {found.numero}, no el {numero}; envíe uno solo.")
    if found.doc_type == NOTA_DE_VENTA:
        refuse("nota_documento_id", f"El documento {found.id} es una Nota de venta, que no es un comprobante "
                                    "electrónico: una nota de crédito o débito modifica una factura o una boleta.")
    return read


def check_modifiable(kind, modified):
    """13 when the document can no longer be modified: anulada, or rejected by SUNAT (its number is void)."""
    modified_kind = KINDS[modified.doc_type]
    if modified.deleted:
        raise StateConflict(f"la {modified_kind.name} {modified.numero} está anulada; no se le emite una {kind.name}")
    if modified.sunat_state == REJECTED:
        raise StateConflict(f"SUNAT rechazó la {modified_kind.name} {modified.numero}; no se le emite una "
                            f"{kind.name} (emita un comprobante nuevo)")


def check_same_terms(data, modified):
    """The note's client, currency and operation type are the document's: when a payload sends them, they
    must agree (a POS may send the header it uses for facturas)."""
    for field, value in (("factura_cliente", modified.party_id), ("factura_idmoneda", modified.currency),
                         ("factura_tipooperacion", modified.operation_type)):
        if field in data and data[field] != value:
            refuse(field, f"Una nota toma {field} del documento que modifica ({modified.numero}: {value}); "
                          "omita el campo o envíe ese valor.")


def still_owed(modified, live, excluding=None):
    """What a further credit may still take: the document's total less its live notas de crédito (`live`:
    models.note.live_notes of the document)."""
    return modified.total - sum((total for ident, doc_type, total, _ in live
                                 if doc_type == CREDIT_NOTE and ident != excluding), Decimal("0.00"))


def balances(document_ids):
    """document id → (its live notes [(note, reference)], credits, debits) for a listing's page."""
    found = notes_table.live_notes_of(document_ids)
    result = {}
    for document_id in document_ids:
        notes = found.get(document_id, [])
        credits = sum((n.total for n, _ in notes if n.doc_type == CREDIT_NOTE), Decimal("0.00"))
        debits = sum((n.total for n, _ in notes if n.doc_type == DEBIT_NOTE), Decimal("0.00"))
        result[document_id] = (notes, credits, debits)
    return result


# -- lines ------------------------------------------------------------------------------------------------

def stored_drafts(sold, zero=False):
    """The modified document's lines (`sold`: models.note.sold_lines) as drafts, with the amounts it stored
    (`zero`: the same lines with no amount, as NC 13 carries them)."""
    drafts = []
    for line, product in sold:
        amounts = (line_amounts(ZERO, line.quantity, ZERO, line.igv_affectation) if zero else
                   # Every stored amount, bags' ICBPER, a free line and its ISC included: a total credit is
                   # exactly the document.
                   LineAmounts(line.unit_value, line.discount_amount, line.value_amount, line.igv_amount,
                               line.total_amount, icbper_amount=line.icbper_amount, free=line.free,
                               isc_rate=line.isc_rate, isc_amount=line.isc_amount))
        drafts.append(LineDraft(product=product, description=line.description,
                                serial_number=line.serial_number, quantity=line.quantity,
                                unit_price=ZERO if zero else line.unit_price,
                                discount_percent=ZERO if zero else line.discount_percent,
                                affectation=line.igv_affectation, amounts=amounts))
    return drafts


def drafted(raw_lines, modified, sold_lines, company_id, by_item):
    """Drafts of the payload's lines: each defaults to the price, discount, description and affectation it
    had on the modified document (the product's when it was not sold there). `by_item`: every product
    must be one the document sold (a return or discount por ítem)."""
    sold = {}
    for line, _ in sold_lines:
        sold.setdefault(line.code, line)
    codes = [raw["cod_num"] for raw in raw_lines]
    # A product the document sold may have been deleted since; any other must be live.
    on_document, others = [c for c in codes if c in sold], [c for c in codes if c not in sold]
    products = products_table.by_code(company_id, on_document, include_deleted=True) if on_document else {}
    if others:
        products.update(products_table.by_code(company_id, others))
    drafts = []
    for n, raw in enumerate(raw_lines):
        code = raw["cod_num"]
        original = sold.get(code)
        if code not in products:
            raise NotFound("el producto", f"código {code}")
        if by_item and original is None:
            refuse(f"detalle[{n}].cod_num", f"El producto {code} no está en {modified.numero}; una devolución o "
                                            "descuento por ítem solo lleva productos del documento.")
        product = products[code]
        quantity = raw.get("cantidad", Decimal(1))
        price = raw.get("precio_unit", original.unit_price if original else product.price)
        discount = raw.get("descuento", original.discount_percent if original else ZERO)
        affectation = (original.igv_affectation if original else
                       EXPORTACION if modified.operation_type == EXPORT else product.igv_affectation)
        drafts.append(LineDraft(product=product, description=raw.get("descripcion") or
                                (original.description if original else product.name),
                                serial_number=raw.get("num_serie", original.serial_number if original else None),
                                quantity=quantity, unit_price=price, discount_percent=discount,
                                affectation=affectation, amounts=line_amounts(price, quantity, discount, affectation)))
    return drafts


def returned_quantities(drafts):
    """product id → quantity that comes back, for the stock-controlled products among the lines."""
    quantities = {}
    for draft in drafts:
        if draft.product.controls_stock:
            quantities[draft.product.id] = quantities.get(draft.product.id, ZERO) + draft.quantity
    return quantities


def check_returnable(modified, quantities, sold_lines, live, excluding=None):
    """A return never brings back more of a product than the document sold, less what earlier notes returned."""
    sold = {}
    for line, _ in sold_lines:
        sold[line.product_id] = sold.get(line.product_id, ZERO) + line.quantity
    earlier = [ident for ident, doc_type, _, code in live
               if doc_type == CREDIT_NOTE and code in RETURNS_GOODS and ident != excluding]
    for lines in documents_table.lines_of(earlier).values():
        for line in lines:
            sold[line.product_id] = sold.get(line.product_id, ZERO) - line.quantity
    for product_id, quantity in sorted(quantities.items()):
        left = sold.get(product_id, ZERO)
        if quantity > left:
            refuse("detalle", f"Se devuelven {quantity.normalize():f} unidades de un producto del que "
                              f"{modified.numero} tiene {left.normalize():f} por devolver.")


# -- composing a note --------------------------------------------------------------------------------------

@dataclass
class Composed:
    """A note's content, priced: what -nuevo and -editar write."""

    drafts: list
    planned: list  # NC 13's corrected cuotas
    returns: dict  # product id → quantity back (NC 01, 06, 07)


def compose(kind, data, modified, note, company_id, sold, live, excluding=None):
    """Lines, totals and cuotas of `note` (a Document, new or being edited) from the payload, the modified
    document's lines (`sold`) and live notes (`live`); reads only."""
    code = data["nota_motivo_codigo"]
    if code not in reasons_of(kind):
        refuse("nota_motivo_codigo", f"Para una {kind.name} debe ser uno de: "
                                     f"{', '.join(f'{c} ({t})' for c, t in reasons_of(kind).items())}.")
    raw_lines = data.get("detalle")
    whole = kind.credits and code in WHOLE_DOCUMENT
    adjustment = kind.credits and code == PAYMENT_ADJUSTMENT
    if (whole or adjustment) and raw_lines:
        refuse("detalle", f"El motivo {code} ({reasons_of(kind)[code]}) cubre todo {modified.numero}: se copian "
                          "sus líneas; no envíe detalle.")
    if not (whole or adjustment) and not raw_lines:
        refuse("detalle", f"El motivo {code} ({reasons_of(kind)[code]}) necesita detalle: las líneas que la nota "
                          "acredita o debita.")
    if not adjustment and data.get("nota_cuotas"):
        refuse("nota_cuotas", "Solo la nota de crédito 13 (ajuste de montos y/o fechas de pago) lleva cuotas.")
    if whole or adjustment:
        drafts = stored_drafts(sold, zero=adjustment)
    else:
        drafts = drafted(raw_lines, modified, sold, company_id, by_item=kind.credits and code in ("05", "07"))
    if len(drafts) > kind.max_lines:
        refuse("detalle", f"Una {kind.name} admite hasta {kind.max_lines} líneas.")
    set_totals(note, totals_of(drafts))
    note.amount_in_words = amount_in_words(note.total, note.currency)
    planned = []
    if adjustment:
        if modified.doc_type != FACTURA:
            refuse("nota_motivo_codigo", "La nota de crédito 13 ajusta las cuotas de una factura al crédito; "
                                         f"{modified.numero} es una boleta.")
        if not data.get("nota_cuotas"):
            refuse("nota_cuotas", "La nota de crédito 13 lleva las cuotas corregidas: nota_cuotas "
                                  "[{\"monto\": …, \"fecha\": \"AAAA-MM-DD\"}].")
        pending = still_owed(modified, live, excluding) - modified.detraccion_amount
        note.payment_form = CREDITO
        try:
            planned = installments.plan(CREDITO, data["nota_cuotas"], pending, note.issue_date, None)
        except InvalidInput as error:  # the same rules as a sale's cuotas, under this payload's field name
            refuse("nota_cuotas", error.extra["campos"]["factura_cuotas"][0].replace("factura_fecha", "nota_fecha")
                   .replace("(total menos detracción)", f"(lo que {modified.numero} aún debe, menos su detracción)"))
    else:
        note.payment_form = CONTADO
    returns = returned_quantities(drafts) if kind.credits and code in RETURNS_GOODS else {}
    return Composed(drafts, planned, returns)


def check_cap(kind, modified, note, live, excluding=None):
    """Credits never exceed what the document still owes (`live` read under its row lock)."""
    if not kind.credits:
        return
    owed = still_owed(modified, live, excluding)
    if note.total > owed:
        refuse("detalle", f"La nota de crédito suma {note.total} y {modified.numero} solo admite {owed} más de "
                          f"crédito (su total {modified.total} menos sus notas de crédito); reduzca las líneas.")


def check_dates(data, modified, note):
    if note.issue_date < modified.issue_date:
        refuse("nota_fecha", f"La nota no puede ser anterior a {modified.numero} ({modified.issue_date.isoformat()}).")


@dataclass
class PreparedNote:
    kind: object
    data: dict
    modified: Document
    note: Document
    composed: Composed
    sold: list  # the modified document's lines with their products, as read
    live: list  # its live notes as read, when pricing needed them (NC 13), else None
    sold_at: dict  # where and at what cost its goods left (outstanding_exits), when the note returns some


def prepare_creation(kind, data, ctx):
    """Find the modified document and price the note: reads and arithmetic only, before the write lock."""
    modified, sold, movements = find_modified(data, ctx.company.id)
    check_modifiable(kind, modified)
    check_same_terms(data, modified)
    series = (data.get("nota_serie") or "").upper()
    default = kind.series_for(KINDS[modified.doc_type])
    if series and series[0] != default[0]:
        refuse("nota_serie", f"Las notas de {'una factura' if modified.doc_type == FACTURA else 'una boleta'} usan "
                             f"una serie que empieza con {default[0]} (como {default}); se recibió {series}.")
    moment = lima_now()
    note = Document(
        company=ctx.company.id, doc_type=kind.code, party=modified.party_id, contact=modified.contact_id,
        currency=modified.currency, payment_state=modified.payment_state, operation_type=modified.operation_type,
        issue_date=data.get("nota_fecha", moment.date()), issue_time=data.get("nota_hora_creacion", moment.time()),
        notes=data.get("nota_observaciones") or "", created_by_key=ctx.key.id,
        warehouse=modified.warehouse)  # its goods come back where the sale took them from; its establishment
    check_dates(data, modified, note)
    # Only NC 13 prices from the earlier notes (what the document still owes); the cap is checked under
    # the lock, with the notes read there.
    live = notes_table.live_notes(modified.id) if adjusts_payments(kind, data) else None
    composed = compose(kind, data, modified, note, ctx.company.id, sold, live or [])
    sold_at = outstanding_exits_of(movements) if composed.returns else {}
    return PreparedNote(kind, data, modified, note, composed, sold, live, sold_at)


def adjusts_payments(kind, data):
    return kind.credits and data.get("nota_motivo_codigo") == PAYMENT_ADJUSTMENT


def record_creation(prepared, ctx):
    """Inside the write transaction: the modified document's row locked and read again (a document edited
    since it was read is read and priced again), the cap and returns checked, stock, number, rows."""
    kind, note, composed, modified = prepared.kind, prepared.note, prepared.composed, prepared.modified
    state, live = notes_table.locked_state(modified.id)
    sold, sold_at = prepared.sold, prepared.sold_at
    # Every writer of the document's lines or of its kardex exits (its edit, its annulment) stamps its
    # updated_at: when that is unchanged, what was read before the lock still holds.
    changed = state.updated_at != modified.updated_at
    if changed:
        modified, sold, movements = notes_table.modified_sale(ctx.company.id, ident=modified.id)
    if changed or (prepared.live is not None and live != prepared.live):
        composed = compose(kind, prepared.data, modified, note, ctx.company.id, sold, live)
    if changed and composed.returns:
        sold_at = outstanding_exits_of(movements)
    modified.deleted, modified.sunat_state = state.deleted, state.sunat_state
    check_modifiable(kind, modified)
    check_cap(kind, modified, note, live)
    if composed.returns:
        check_returnable(modified, composed.returns, sold, live)
    series = prepared.data.get("nota_serie") or kind.series_for(KINDS[modified.doc_type])
    by_send_bill = queue_for_sunat(note, kind, ctx.company.sunat_queue, series)
    loaded = {d.product.id: d.product for d in composed.drafts}
    warehouse_id = return_warehouse(composed.returns, modified, sold_at) if composed.returns else None
    in_one_statement = warehouse_id is not None and not is_sqlite()  # the note, its stock and its lines
    if in_one_statement:
        products, shares = insert_with_return(note, composed.returns, warehouse_id, loaded, series, composed.drafts)
    else:
        products, shares = locked_products(set(composed.returns), loaded), None
        insert_note(note, kind, series)
    if by_send_bill:
        # Queued now; the worker holds it back until SUNAT accepted the document it modifies.
        queue_submission(note.id)
    with one_round_trip():
        if not in_one_statement:
            write_lines(note.id, composed.drafts)
        write_installments(note.id, composed.planned, replace=False)
        notes_table.insert_reference(note.id, modified.id, prepared.data["nota_motivo_codigo"],
                                     prepared.data["nota_motivo"])
        if composed.returns:
            return_goods(note, modified, composed.returns, products, sold_at, shares, shares_written=bool(shares))
        adjust(ctx.company.id, kind.slug, +1)
    return note, modified


def insert_note(note, kind, series):
    try:
        insert_numbered(note, kind, series)
    except NotFound:
        raise no_note_series(kind, series) from None


def no_note_series(kind, series):
    return NotFound(f"la serie {series} de {kind.name}", "código enviado en nota_serie")


def insert_with_return(note, quantities, warehouse_id, loaded, series, drafts):
    """PostgreSQL, goods coming back into one warehouse: the products locked, their warehouse rows moved,
    the number, the note's row and its lines (`drafts`) in one statement (models/note_return.py). Returns
    (id → locked Product, their balances in `loaded` set from what the lock read; (product id, warehouse
    id) → the stock before the return, for `return_goods`)."""
    found = note_return.insert_note_with_return(documents_table.unnumbered_row(note), series, quantities,
                                                 warehouse_id, line_rows(drafts))
    if found is None:
        raise no_note_series(KINDS[note.doc_type], series)
    note.id, note.series, note.number, balances = found
    shares = {}
    for product_id, (stock, average_cost, after) in balances.items():
        loaded[product_id].stock, loaded[product_id].average_cost = stock, average_cost
        shares[(product_id, warehouse_id)] = after - quantities[product_id]
    return {product_id: loaded[product_id] for product_id in sorted(balances)}, shares


# -- editing, annulling, listing ---------------------------------------------------------------------------

def locked_note(kind, data, ctx, verb, frozen=FINAL):
    """(the note named by `factura_id`, its NoteReference), read again under the modified document's row lock
    (every write about that document's notes queues there) and refused (13) when `verb` is not allowed."""
    note = find_document(kind, data["factura_id"], ctx.company.id)
    reference = NoteReference.get(NoteReference.note == note.id)
    notes_table.lock_document(reference.modified_id)
    note = Document.get_by_id(note.id)
    refuse_if_frozen(kind, note, verb, frozen=frozen)
    return note, reference


def edit(kind, data, ctx):
    """A note not yet handed to SUNAT: its reason, text, date, observations, lines or cuotas change; it is
    priced again and checked against what the document owes without it."""
    note, reference = locked_note(kind, data, ctx, "editar")
    modified = Document.get_by_id(reference.modified_id)
    check_same_terms(data, modified)
    fields = {"nota_motivo_codigo": reference.reason_code, "nota_motivo": reference.reason, **data}
    if "detalle" not in data and fields["nota_motivo_codigo"] == reference.reason_code:
        if not (kind.credits and reference.reason_code in WHOLE_DOCUMENT | {PAYMENT_ADJUSTMENT}):
            fields["detalle"] = [{"cod_num": line.code, "cantidad": line.quantity, "precio_unit": line.unit_price,
                                  "descuento": line.discount_percent, "descripcion": line.description,
                                  "num_serie": line.serial_number}
                                 for line in documents_table.lines_of([note.id]).get(note.id, [])]
        if reference.reason_code == PAYMENT_ADJUSTMENT and "nota_cuotas" not in data:
            fields["nota_cuotas"] = [{"monto": c.amount, "fecha": c.due_date}
                                     for c in documents_table.installments_of([note.id]).get(note.id, [])]
    if "nota_fecha" in data:
        note.issue_date = data["nota_fecha"]
    if "nota_hora_creacion" in data:
        note.issue_time = data["nota_hora_creacion"]
    if "nota_observaciones" in data:
        note.notes = data["nota_observaciones"] or ""
    check_dates(fields, modified, note)
    sold, live = notes_table.sold_lines(modified.id), notes_table.live_notes(modified.id)
    composed = compose(kind, fields, modified, note, ctx.company.id, sold, live, excluding=note.id)
    check_cap(kind, modified, note, live, excluding=note.id)
    if composed.returns:
        check_returnable(modified, composed.returns, sold, live, excluding=note.id)
    outstanding = outstanding_exits(note.id)
    products = locked_products(outstanding_products(outstanding) | set(composed.returns))
    reverse_return(note, outstanding, products, "Edición")
    DocumentLine.delete().where(DocumentLine.document == note.id).execute()
    write_lines(note.id, composed.drafts)
    write_installments(note.id, composed.planned)
    if composed.returns:
        return_goods(note, modified, composed.returns, products, outstanding_exits(modified.id))
    NoteReference.update(reason_code=fields["nota_motivo_codigo"], reason=fields["nota_motivo"]).where(
        NoteReference.id == reference.id).execute()
    note.updated_at = utc_now()
    note.save()
    return note, modified


def annul(kind, data, ctx):
    """Logical delete of a note SUNAT does not hold: its number stays taken, its returned goods go out again,
    and the document it modified owes again what it credited."""
    note, _ = locked_note(kind, data, ctx, "eliminar", frozen=ACCEPTED_BY_SUNAT)
    outstanding = outstanding_exits(note.id)
    reverse_return(note, outstanding, locked_products(outstanding_products(outstanding)), "Anulación")
    Document.update(deleted=True, payment_state=ANNULLED, updated_at=utc_now()).where(Document.id == note.id).execute()
    adjust(ctx.company.id, kind.slug, -1)
    record_annulment(note)
    return note


def modified_documents(note_ids):
    """note id → (NoteReference, the Document it modifies), for a page of notes."""
    references = notes_table.reference_of(note_ids)
    targets = {d.id: d for d in Document.select().where(
        Document.id.in_([r.modified_id for r in references.values()]))} if references else {}
    return {note_id: (r, targets[r.modified_id]) for note_id, r in references.items()}


def waiting_reason(note):
    """Why a note may not go to SUNAT yet (None: it may): the document it modifies must be accepted first."""
    reference = NoteReference.get_or_none(NoteReference.note == note.id)
    if reference is None:
        return None
    modified = Document.get_by_id(reference.modified_id)
    modified_kind = KINDS[modified.doc_type]
    if modified.sunat_state in ACCEPTED_BY_SUNAT:
        return None
    if modified.sunat_state == REJECTED:
        return (f"modifica la {modified_kind.name} {modified.numero}, que SUNAT rechazó; anule la nota "
                "(nota-eliminar) y emita un comprobante nuevo")
    return (f"modifica la {modified_kind.name} {modified.numero}, que SUNAT aún no aceptó (estado "
            f"{modified.sunat_state}); envíela primero con fesunat-enviar (tipodoc {modified.doc_type})")


def never_sendable(note):
    """True when the document a note modifies was rejected by SUNAT: the note can never be sent."""
    reference = NoteReference.get_or_none(NoteReference.note == note.id)
    return reference is not None and Document.get_by_id(reference.modified_id).sunat_state == REJECTED
