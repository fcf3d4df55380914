"""Creating, editing, annulling and listing sales documents.

Order matters: everything is validated and priced first (for a new document, before the write lock:
`prepare_creation`), products are locked next, the number is taken last, so a request that fails
never burns a number and concurrent sales never deadlock.
"""

import datetime
from dataclasses import dataclass

from domain.catalogs import ANNULLED
from domain.catalogs import CLIENT
from domain.catalogs import EXPORT
from domain.catalogs import INTERNAL_SALE
from domain.catalogs import WITH_DETRACCION
from domain.clock import lima_now
from domain.clock import lima_today
from domain.documents import KINDS
from domain.documents import reported_by_summary
from domain.documents import parse_number
from domain.clock import utc_now
from domain.identity import RUC
from domain.identity import VARIOS
from domain.sunat_states import ACCEPTED_BY_SUNAT
from domain.sunat_states import FINAL
from domain.sunat_states import HELD_BY_SUNAT
from domain.sunat_states import NOT_QUEUED
from domain.sunat_states import PENDING
from domain.sunat_states import VOIDED
from errors import InvalidInput
from errors import NotFound
from errors import StateConflict
from inventory import warehouses
from inventory.stock import checked_exit
from inventory.stock import locked_products
from inventory.stock import outstanding_exits
from inventory.stock import outstanding_products
from inventory.stock import record_exits
from inventory.stock import reverse_sale
from inventory.stock import sale_exit_fields
from inventory.stock import sale_warehouse
from inventory.stock import sell
from inventory.stock import take_out
from invoicing import installments
from invoicing import refusals
from invoicing.amount_in_words import amount_in_words
from invoicing.document import Installment
from invoicing.lines import draft_lines
from invoicing.lines import line_rows
from invoicing.lines import products_by_code
from invoicing.lines import require_codes
from invoicing.lines import stock_quantities
from invoicing.lines import stored_lines_as_input
from invoicing.lines import totals_of
from invoicing.lines import write_lines
from invoicing.numbering import insert_numbered
from invoicing.numbering import no_series
from models import document as documents_table
from models import events
from models import links
from models import note as notes_table
from models import party as parties_table
from models import sale as sales_table
from models.base import is_sqlite
from models.base import one_round_trip
from models.counts import adjust
from models.document import Document
from models.document import DocumentLine
from models.party import Party
from models.summaries import in_open_summary
from models.sunat import handed_to_sunat
from models.sunat import queue as queue_submission

# SUNAT requires the buyer's identity on a boleta from S/ 700 (its rule for sales to "varios").
ANONYMOUS_LIMIT = 700

# payload field → Document attribute, for the fields copied as they come
PLAIN_FIELDS = {
    "factura_estado": "payment_state",
    "factura_idmoneda": "currency",
    "factura_fecha": "issue_date",
    "factura_fechapago": "payment_date",
    "factura_hora_creacion": "issue_time",
    "factura_observaciones": "notes",
    "factura_tipooperacion": "operation_type",
    "factura_porcentaje_detraccion": "detraccion_percent",
    "factura_codigo_detraccion": "detraccion_code",
    "factura_idpago": "payment_method",
    "factura_formapago_cpe": "payment_form",
    "factura_descuento_global": "global_discount_percent",
    "factura_descuento_global_monto": "global_discount_amount",
    "factura_tipo_cambio": "exchange_rate",
    "factura_percepcion": "perception_code",
}
# Fields whose change reprices the lines: the ICBPER rate goes by the issue date.
REPRICING_FIELDS = ("detalle", "factura_descuento_global", "factura_descuento_global_monto", "factura_fecha")
PAYMENT_FIELDS = ("factura_formapago_cpe", "factura_cuotas", "factura_fechapago", "factura_detraccion",
                  "factura_porcentaje_detraccion", "factura_tipo_cambio", "factura_percepcion")
def find_client_and_contact(company_id, client_id, contact_id):
    """(Party, Contact) of a live client of the company and one of its contacts, or not found (12)."""
    found = parties_table.client_and_contact(company_id, client_id, contact_id)
    if found is not None:
        return found
    raise_missing_client_or_contact(company_id, client_id, contact_id)


def raise_missing_client_or_contact(company_id, client_id, contact_id):
    if parties_table.live_party(company_id, CLIENT, client_id) is None:
        raise NotFound("el cliente", f"id {client_id}")
    raise NotFound("el contacto", f"id {contact_id} del cliente {client_id}")


def find_sale_references(company_id, client_id, contact_id, codes):
    """(client, contact, code → live Product) in one query, for a new document. A missing client or
    contact is not found (12) here; missing codes are for `require_codes`, after the client is checked."""
    found = documents_table.sale_references(company_id, client_id, contact_id, codes)
    if found is None:
        raise_missing_client_or_contact(company_id, client_id, contact_id)
    return found


def check_customer(kind, party, operation_type):
    if kind.requires_ruc_buyer and operation_type != EXPORT and party.doc_type != RUC:
        raise InvalidInput("revise factura_cliente", campos={"factura_cliente": [
            f"Una factura requiere un cliente con RUC (el cliente {party.id} no lo tiene); "
            "emita una boleta o elija un cliente con RUC."]})


def check_line_count(kind, raw_lines):
    if len(raw_lines) > kind.max_lines:
        raise InvalidInput("revise detalle", campos={"detalle": [
            f"Una {kind.name} admite hasta {kind.max_lines} líneas (SUNAT numera los ítems con 3 dígitos, "
            f"regla 2023); se recibieron {len(raw_lines)}. Divida la venta en dos comprobantes."]})


def check_anonymous_limit(kind, party, document):
    if party.doc_type == VARIOS and document.total >= ANONYMOUS_LIMIT:
        raise InvalidInput("revise factura_cliente", campos={"factura_cliente": [
            f"Una {kind.name} de S/ {ANONYMOUS_LIMIT} o más necesita un cliente con documento de identidad "
            "(SUNAT, regla 2396)."]})


def find_document(kind, document_id, company_id):
    document = Document.get_or_none((Document.id == document_id) & (Document.company == company_id)
                                    & (Document.doc_type == kind.code))
    if document is None:
        raise NotFound(f"la {kind.name}", f"id {document_id}")
    return document


def refuse_if_frozen(kind, document, verb, frozen=FINAL):
    """13 when the document is anulada, or SUNAT has it (or may have it): our copy must stay what SUNAT
    holds. `frozen` are the SUNAT states that forbid `verb` (a rejected number is used up: no edits)."""
    if document.deleted:
        raise StateConflict(f"la {kind.name} {document.numero} está anulada; no se puede {verb}")
    if document.sunat_state in HELD_BY_SUNAT and verb == "eliminar":
        raise StateConflict(f"SUNAT aceptó la {kind.name} {document.numero} (estado {document.sunat_state}); "
                            "se anula con fesunat-anular o con una nota de crédito, no con -eliminar")
    if document.sunat_state in frozen or document.sunat_state in HELD_BY_SUNAT:
        raise StateConflict(f"la {kind.name} {document.numero} ya fue enviada a SUNAT "
                            f"(estado {document.sunat_state}); no se puede {verb}")
    if document.sunat_state == PENDING and (handed_to_sunat(document.id, withdraw=verb == "eliminar")
                                            or in_open_summary(document.id)):
        # Signed and handed to SUNAT, which may hold it already: our copy must stay what was sent.
        raise StateConflict(f"la {kind.name} {document.numero} ya se envió a SUNAT y espera su respuesta; "
                            f"no se puede {verb}")


def refuse_if_noted(kind, document, verb):
    """13 when live notas de crédito or débito modify the document: they were computed from it as it is.
    Its row is locked first, as a new note locks it (before any product): a note being written meanwhile
    is waited for and seen, and the two never lock in opposite orders."""
    if not kind.electronic:
        return
    notes_table.lock_document(document.id)
    if notes_table.has_live_notes(document.id):
        raise StateConflict(f"la {kind.name} {document.numero} tiene notas de crédito o débito; anúlelas antes de "
                            f"{verb}la, o corrija con una nota")


def apply_payment_terms(document, data, existing=()):
    """Detracción amount, amount in words and installments from the document's current totals."""
    refusals.check_exchange_rate(document)
    document.perception_code = document.perception_code or ""
    refusals.check_perception(document)
    document.perception_amount = installments.perception_amount(document.total, document.perception_code)
    document.detraccion_amount = installments.detraccion_amount(
        document.total, document.detraccion_percent if document.detraccion else 0)
    document.detraccion_amount_pen = installments.detraccion_in_soles(
        document.total, document.detraccion_percent if document.detraccion else 0, document.currency,
        document.exchange_rate)
    document.amount_in_words = amount_in_words(document.total, document.currency)
    return installments.plan(
        document.payment_form, data.get("factura_cuotas"), document.total - document.detraccion_amount,
        document.issue_date, document.payment_date, existing)


def set_totals(document, totals):
    document.gravadas = totals.gravadas
    document.exoneradas = totals.exoneradas
    document.inafectas = totals.inafectas
    document.exportacion = totals.exportacion
    document.discounts = totals.discounts
    document.igv = totals.igv
    document.total = totals.total
    document.gratuitas = totals.gratuitas
    document.igv_gratuitas = totals.igv_gratuitas
    document.icbper = totals.icbper
    document.isc = totals.isc
    document.global_discount_base = totals.global_discount_base
    document.global_discount_other = totals.global_discount_other


def priced(drafts, document):
    """The document's totals from its lines and its global discount (refused at 100 %: nothing to charge)."""
    percent = document.global_discount_percent or 0
    refusals.check_global_discount(percent)
    totals = totals_of(drafts, percent)
    if totals.isc and percent:
        refusals.refuse("factura_descuento_global", "Un descuento global en porcentaje con ISC aún no está soportado: "
                                                    "aplique el descuento en cada línea (descuento).")
    amount = document.global_discount_amount or 0
    if amount:
        refusals.check_discount_amount(amount, totals.total - totals.icbper)
        totals = totals_of(drafts, percent, amount)
    return totals


def write_installments(document_id, planned, replace=True):
    documents_table.replace_installments(document_id, [(i.amount, i.due_date) for i in planned], existing=replace)


@dataclass
class PreparedSale:
    """Everything a new document needs that can be read and computed before the write lock."""

    kind: object
    data: dict
    document: Document
    drafts: list
    planned: list
    quantities: dict


def prepare_creation(kind, data, ctx):
    """Validate the references and price the lines: reads and arithmetic only."""
    company = ctx.company
    codes = [line["cod_num"] for line in data["detalle"]]
    party, contact, products = find_sale_references(
        company.id, data["factura_cliente"], data["factura_idcontacto"], codes)
    operation = data.get("factura_tipooperacion", INTERNAL_SALE)
    check_customer(kind, party, operation)
    refusals.check_export_buyer(kind, party, operation)
    check_line_count(kind, data["detalle"])
    require_codes(products, codes)
    moment = lima_now()
    issue_date = data.get("factura_fecha", moment.date())
    refusals.check_issue_date(kind, issue_date, company.id, today=moment.date())
    drafts = draft_lines(data["detalle"], products, export=operation == EXPORT, issue_date=issue_date)
    refusals.check_lines(kind, drafts)
    document = Document(
        company=company.id, doc_type=kind.code, party=party.id, contact=contact.id,
        issue_date=issue_date, issue_time=data.get("factura_hora_creacion", moment.time()),
        detraccion=data.get("factura_detraccion") == WITH_DETRACCION, created_by_key=ctx.key.id,
        **{attr: data[field] for field, attr in PLAIN_FIELDS.items()
           if field in data and field not in ("factura_fecha", "factura_hora_creacion")},
    )
    document.notes = document.notes or ""
    # The main warehouse when none is named: the company row every request reads already carries it.
    document.warehouse = (warehouses.find(company.id, data["factura_almacen"]).id if data.get("factura_almacen")
                          else company.main_warehouse)
    set_totals(document, priced(drafts, document))
    check_anonymous_limit(kind, party, document)
    planned = apply_payment_terms(document, data)
    return PreparedSale(kind, data, document, drafts, planned, stock_quantities(drafts))


def record_creation(prepared, ctx):
    """Inside the write transaction: stock (locked, taken from fresh balances), the number, then the rows."""
    document = prepared.document
    products = {draft.product.id: draft.product for draft in prepared.drafts}
    by_send_bill = queue_for_sunat(document, prepared.kind, ctx.company.sunat_queue)
    if is_sqlite():
        taken = take_out(prepared.quantities, products, ctx.company.allow_negative_stock, document.warehouse)
        insert_numbered(document, prepared.kind, prepared.data.get("factura_serie"))
    else:
        insert_in_one_statement(prepared, products, ctx.company.allow_negative_stock)
    if by_send_bill:
        queue_submission(document.id)
    with one_round_trip():
        if is_sqlite():
            write_lines(document.id, prepared.drafts)
            record_exits(document, prepared.quantities, products, taken)
        write_installments(document.id, prepared.planned, replace=False)
        adjust(ctx.company.id, prepared.kind.slug, +1)
    return document


def insert_in_one_statement(prepared, products, allow_negative):
    """PostgreSQL: the stock, the number, the document, its lines and its kardex in one statement, which
    holds the hot row locks (series, products) for less time than the steps would (models/sale.py)."""
    document, quantities, series_code = prepared.document, prepared.quantities, prepared.data.get("factura_serie")
    warehouse_id = sale_warehouse(document.company_id, document.warehouse) if quantities else None
    found = sales_table.insert_sale(documents_table.unnumbered_row(document), series_code, line_rows(prepared.drafts),
                                    quantities, sale_exit_fields(document, warehouse_id))
    if found is None:
        raise no_series(prepared.kind, series_code)
    document.id, document.series, document.number, balances = found
    for product_id, (stock, average_cost, _) in balances.items():
        products[product_id].stock, products[product_id].average_cost = stock, average_cost
    checked_exit(quantities, products, allow_negative, warehouse_id,
                 {product_id: in_warehouse for product_id, (_, _, in_warehouse) in balances.items()})


def queue_for_sunat(document, kind, issuer, series=""):
    """A new electronic document's SUNAT state by its issuer's settings (`issuer`: the key's company's
    `sunat_queue`, read with the key; None when the company is no SUNAT issuer): queued (pendiente) when
    the company queues on creation, else no_enviado until fesunat-enviar. True when it goes by sendBill (a
    submission to queue once numbered); boletas and their notes (`series`, a note's, decides) of an issuer
    that reports them by resumen wait for it."""
    if not kind.electronic:
        return False
    if issuer is None or not issuer.send_on_creation:
        document.sunat_state = NOT_QUEUED
        return False
    document.sunat_state = PENDING
    return not (issuer.boletas_by_summary and reported_by_summary(kind, series))


def edit(kind, data, ctx):
    company = ctx.company
    document = find_document(kind, data["factura_id"], company.id)
    refuse_if_frozen(kind, document, "editar")
    refuse_if_noted(kind, document, "editar")
    if "factura_cliente" in data or "factura_idcontacto" in data:
        party, contact = find_client_and_contact(
            company.id, data.get("factura_cliente", document.party_id),
            data.get("factura_idcontacto", document.contact_id))
        document.party, document.contact = party.id, contact.id
    else:
        party = Party.get_by_id(document.party_id)
    old_operation = document.operation_type
    for field, attr in PLAIN_FIELDS.items():
        if field in data:
            setattr(document, attr, data[field])
    document.notes = document.notes or ""
    moved_warehouse = "factura_almacen" in data and data["factura_almacen"] != document.warehouse
    if moved_warehouse:
        document.warehouse = (warehouses.find(company.id, data["factura_almacen"]).id if data["factura_almacen"]
                              else company.main_warehouse)
    if "factura_detraccion" in data:
        document.detraccion = data["factura_detraccion"] == WITH_DETRACCION
    if document.payment_date and document.payment_date < document.issue_date:
        raise InvalidInput("revise factura_fechapago", campos={
            "factura_fechapago": ["No puede ser anterior a factura_fecha."]})
    check_customer(kind, party, document.operation_type)
    refusals.check_export_buyer(kind, party, document.operation_type)
    if "factura_fecha" in data:
        refusals.check_issue_date(kind, document.issue_date, company.id)

    repriced = (any(field in data for field in REPRICING_FIELDS) or document.operation_type != old_operation
                or moved_warehouse)
    if repriced:
        raw_lines = data.get("detalle") or stored_lines_as_input(document.id)
        check_line_count(kind, raw_lines)
        products = products_by_code(company.id, [line["cod_num"] for line in raw_lines],
                                    include_deleted="detalle" not in data)
        drafts = draft_lines(raw_lines, products, export=document.operation_type == EXPORT,
                             issue_date=document.issue_date)
        refusals.check_lines(kind, drafts)
        set_totals(document, priced(drafts, document))
    check_anonymous_limit(kind, party, document)
    if repriced or any(field in data for field in PAYMENT_FIELDS + ("factura_idmoneda",)):
        existing = [Installment(cuota.amount, cuota.due_date)
                    for cuota in documents_table.installments_of([document.id]).get(document.id, [])]
        write_installments(document.id, apply_payment_terms(document, data, existing))
    if repriced:
        outstanding = outstanding_exits(document.id)
        quantities = stock_quantities(drafts)
        locked = locked_products(outstanding_products(outstanding) | set(quantities))
        reverse_sale(document, outstanding, locked, "Edición")
        DocumentLine.delete().where(DocumentLine.document == document.id).execute()
        write_lines(document.id, drafts)
        sell(document, quantities, locked, company.allow_negative_stock, document.warehouse or company.main_warehouse)
    document.updated_at = utc_now()
    document.save()
    return document


def annul(kind, data, ctx):
    """Logical delete: the number stays taken, the document is marked anulada, its stock comes back."""
    document = find_document(kind, data["factura_id"], ctx.company.id)
    refuse_if_frozen(kind, document, "eliminar", frozen=ACCEPTED_BY_SUNAT)
    refuse_if_noted(kind, document, "eliminar")
    outstanding = outstanding_exits(document.id)
    locked = locked_products(outstanding_products(outstanding))
    reverse_sale(document, outstanding, locked, "Anulación")
    Document.update(deleted=True, payment_state=ANNULLED, updated_at=utc_now()).where(Document.id == document.id).execute()
    adjust(ctx.company.id, kind.slug, -1)
    record_annulment(document)
    return document


def finish_sunat_annulment(document):
    """SUNAT accepted the baja (RA) or the resumen's estado 3 line: the document is anulado, its stock
    comes back through the kardex, and subscribers hear of it. Inside the transaction recording it."""
    outstanding = outstanding_exits(document.id)
    reverse_sale(document, outstanding, locked_products(outstanding_products(outstanding)), "Anulación SUNAT")
    Document.update(deleted=True, payment_state=ANNULLED, sunat_state=VOIDED, updated_at=utc_now()).where(
        Document.id == document.id).execute()
    adjust(document.company_id, KINDS[document.doc_type].slug, -1)
    record_annulment(document)


def record_annulment(document):
    """What every annulment does besides marking the document: its public link stops working for good and
    the company's webhooks hear `comprobante.anulado`. `-eliminar` calls it; so must SUNAT's annulment
    (comunicación de baja, resumen) when SUNAT confirms it. Call it inside the annulling transaction, after
    the document's row is written."""
    links.revoke(document.id)
    events.emit_for_document(document, events.ANNULLED, estado="anulado")


def listing_conditions(kind, data, company_id, send_deadline_days=None):
    """The filters of a `-listar` payload as conditions on Document; `send_deadline_days` is
    SUNAT_SEND_DEADLINE_DAYS, which `por_vencer_dias` needs."""
    state = data.get("factura_estado")
    # Anuladas keep their number and stay readable: ask for them with factura_estado 3.
    conditions = [Document.company == company_id, Document.doc_type == kind.code, Document.deleted == (state == ANNULLED)]
    if state is not None and state != ANNULLED:
        conditions.append(Document.payment_state == state)
    if data.get("factura_id"):
        conditions.append(Document.id == data["factura_id"])
    client = data.get("factura_cliente") or data.get("cliente_id")
    if client:
        conditions.append(Document.party == client)
    if data.get("numero"):
        series, number = parse_number(data["numero"])
        conditions += [Document.series == series, Document.number == number]
    if data.get("estado_sunat"):
        conditions.append(Document.sunat_state == data["estado_sunat"])
    if data.get("fecha_desde"):
        conditions.append(Document.issue_date >= data["fecha_desde"])
    if data.get("fecha_hasta"):
        conditions.append(Document.issue_date <= data["fecha_hasta"])
    if data.get("por_vencer_dias") is not None:
        conditions += near_send_deadline_conditions(kind, data["por_vencer_dias"], send_deadline_days)
    return conditions


def near_send_deadline_conditions(kind, days, send_deadline_days):
    """`por_vencer_dias` N: the documents SUNAT has not decided on yet (estado_sunat `pendiente` or
    `no_enviado`) whose sending deadline (issue date + SUNAT_SEND_DEADLINE_DAYS, fesunat-consultar's
    `plazo_envio.fecha_limite`) is at most N days away, those already past it included. A deadline at most
    N days away is an issue date on or before today + N − the deadline days: a range on the (company,
    doc_type, issue_date) index. A kind never sent to SUNAT (nota de venta) has no deadline: nothing."""
    if not kind.electronic:
        return [Document.id.is_null()]  # no row: ids are never null
    last_issue = lima_today() + datetime.timedelta(days=days - send_deadline_days)
    return [Document.issue_date <= last_issue, Document.sunat_state.in_([PENDING, NOT_QUEUED])]


def listing(kind, data, company_id, send_deadline_days=None):
    """(query of the documents with their client, a cheaper query counting the same ones) for a listing."""
    conditions = listing_conditions(kind, data, company_id, send_deadline_days)
    return (Document.select(Document, Party).join(Party).where(*conditions),
            Document.select(Document.id).where(*conditions))


def lines_and_installments(document_ids):
    """(document id → lines, document id → cuotas) for a page of documents."""
    return documents_table.lines_of(document_ids), documents_table.installments_of(document_ids)
