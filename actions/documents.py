"""factura-*, boleta-*, nota-*: sales documents with exact totals, gapless numbers and stock.

The three kinds share one implementation (invoicing/sales.py); the `kind` bound at registration says
what differs. Answers keep the ERP's quirk: `-nuevo` returns the id as a string, `-editar`/`-eliminar`
as an integer.
"""

from functools import partial

from actions import Answer
from actions import action
from actions.paging import page
from actions.paging import paged_answer
from actions.paging import unfiltered
from actions.render import iso
from actions.render import money
from actions.render import price
from actions.render import quantity
from actions.sunat import send_after_creation
from domain.catalogs import ANNULLED
from domain.catalogs import CURRENCIES
from domain.documents import BOLETA
from domain.documents import FACTURA
from domain.documents import KINDS
from domain.documents import NOTA_DE_VENTA
from errors import InvalidInput
from invoicing import notes
from invoicing import sales
from printing import links
from schemas.base import editing
from schemas.documents import DocumentoEditarSchema
from schemas.documents import DocumentoEliminarSchema
from schemas.documents import DocumentoListarSchema
from schemas.documents import DocumentoNuevoSchema

FACTURA_KIND, BOLETA_KIND, NOTA_KIND = KINDS[FACTURA], KINDS[BOLETA], KINDS[NOTA_DE_VENTA]


def totals_record(document):
    return {
        "numero": document.numero,
        "serie": document.series,
        "correlativo": document.number,
        "moneda": CURRENCIES[document.currency],
        "op_gravadas": money(document.gravadas),
        "op_exoneradas": money(document.exoneradas),
        "op_inafectas": money(document.inafectas),
        "op_exportacion": money(document.exportacion),
        "descuentos": money(document.discounts),
        "op_gratuitas": money(document.gratuitas),
        "igv_gratuitas": money(document.igv_gratuitas),
        "descuento_global": money(document.global_discount_base + document.global_discount_other
                                  + document.global_discount_amount),
        "igv": money(document.igv),
        "icbper": money(document.icbper),
        "isc": money(document.isc),
        "total": money(document.total),
        "monto_detraccion": money(document.detraccion_amount),
        "monto_detraccion_soles": money(document.detraccion_amount_pen),
        "percepcion": money(document.perception_amount),
        "total_con_percepcion": money(document.total + document.perception_amount),
        "total_letras": document.amount_in_words,
        "estado_sunat": document.sunat_state,
    }


def prepare(data, ctx, kind):
    if data.get("enviar_sunat") and not kind.electronic:
        raise InvalidInput("revise enviar_sunat", campos={"enviar_sunat": ["Una nota de venta no se envía a SUNAT."]})
    return sales.prepare_creation(kind, data, ctx)


@action("factura-nuevo", schema=DocumentoNuevoSchema(), prepare=prepare, kind=FACTURA_KIND)
@action("boleta-nuevo", schema=DocumentoNuevoSchema(), prepare=prepare, kind=BOLETA_KIND)
@action("nota-nuevo", schema=DocumentoNuevoSchema(), prepare=prepare, kind=NOTA_KIND)
def create(prepared, ctx, kind):
    document = sales.record_creation(prepared, ctx)
    created = Answer({"respuesta": f"Se registró la {kind.name} con éxito", "id": str(document.id),
                      **totals_record(document), "enlace_pdf": links.issue(ctx.config, document.id)}, 201)
    if prepared.data.get("enviar_sunat"):
        created.after_commit = partial(send_after_creation, kind, document.id, ctx)
    return created


@action("factura-editar", schema=editing(DocumentoEditarSchema, "factura_id"), kind=FACTURA_KIND)
@action("boleta-editar", schema=editing(DocumentoEditarSchema, "factura_id"), kind=BOLETA_KIND)
@action("nota-editar", schema=editing(DocumentoEditarSchema, "factura_id"), kind=NOTA_KIND)
def edit(data, ctx, kind):
    document = sales.edit(kind, data, ctx)
    return {"respuesta": f"Se editó la {kind.name} con éxito", "id": document.id, **totals_record(document)}


@action("factura-eliminar", schema=DocumentoEliminarSchema(), kind=FACTURA_KIND)
@action("boleta-eliminar", schema=DocumentoEliminarSchema(), kind=BOLETA_KIND)
@action("nota-eliminar", schema=DocumentoEliminarSchema(), kind=NOTA_KIND)
def delete(data, ctx, kind):
    document = sales.annul(kind, data, ctx)
    return {"respuesta": f"Se eliminó la {kind.name} con éxito", "id": document.id}


@action("factura-listar", schema=DocumentoListarSchema(), kind=FACTURA_KIND)
@action("boleta-listar", schema=DocumentoListarSchema(), kind=BOLETA_KIND)
@action("nota-listar", schema=DocumentoListarSchema(), kind=NOTA_KIND)
def listing(data, ctx, kind):
    query, counted = sales.listing(kind, data, ctx.company.id, ctx.config["SUNAT_SEND_DEADLINE_DAYS"])
    documents, headers = page(query, data, ctx, counted=counted, kept=unfiltered(data, kind.slug, ctx.company.id))
    lines, cuotas = sales.lines_and_installments([document.id for document in documents])
    records = [document_record(d, [line_record(line) for line in lines.get(d.id, [])],
                               [{"monto": money(c.amount), "fecha": iso(c.due_date)} for c in cuotas.get(d.id, [])])
               for d in documents]
    if kind.electronic:  # a factura's or boleta's notes, and what it still owes
        balances = notes.balances([d.id for d in documents])
        for record in records:
            record.update(notes_record(*balances[record["id"]], record["total"]))
    return paged_answer(records, headers)


def notes_record(found, credits, debits, total):
    """A factura's or boleta's live notes and what it still owes: its total less its notas de crédito (what
    a further credit may take), and with its notas de débito added."""
    return {
        "notas": [{"id": note.id, "tipodoc": note.doc_type, "numero": note.numero, "fecha": iso(note.issue_date),
                   "nota_motivo_codigo": reference.reason_code, "total": note.total,
                   "estado_sunat": note.sunat_state} for note, reference in found],
        "total_notas_credito": credits,
        "total_notas_debito": debits,
        "saldo": total - credits,
        "saldo_con_debitos": total - credits + debits,
    }


def document_record(document, lines, cuotas):
    party = document.party
    return {
        "id": document.id,
        "tipodoc": document.doc_type,
        "factura_estado": ANNULLED if document.deleted else document.payment_state,
        "anulada": document.deleted,
        "factura_cliente": party.id,
        "cliente_nombre": party.name,
        "cliente_num_doc": party.doc_number,
        "cliente_idtipo_documento": party.doc_type,
        "factura_idcontacto": document.contact_id,
        "factura_idmoneda": document.currency,
        "factura_fecha": iso(document.issue_date),
        "factura_fechapago": iso(document.payment_date),
        "factura_hora_creacion": iso(document.issue_time),
        "factura_observaciones": document.notes,
        "factura_tipooperacion": document.operation_type,
        "factura_detraccion": 1 if document.detraccion else 0,
        "factura_porcentaje_detraccion": document.detraccion_percent,
        "factura_codigo_detraccion": document.detraccion_code,
        "factura_idpago": document.payment_method,
        "factura_formapago_cpe": document.payment_form,
        "factura_almacen": document.warehouse,
        "factura_descuento_global": quantity(document.global_discount_percent),
        "factura_descuento_global_monto": document.global_discount_amount,
        "factura_tipo_cambio": quantity(document.exchange_rate),
        "factura_percepcion": document.perception_code or None,
        **totals_record(document),
        "fecha_creacion": iso(document.created_at),
        "fecha_modificacion": iso(document.updated_at),
        "cuotas": cuotas,
        "detalle": lines,
    }


def line_record(line):
    return {
        "item": line.position,
        "cod_num": line.code,
        "descripcion": line.description,
        "num_serie": line.serial_number,
        "unidad": line.unit,
        "cantidad": quantity(line.quantity),
        "precio_unit": price(line.unit_price),
        "valor_unitario": price(line.unit_value),
        "descuento": quantity(line.discount_percent),
        "monto_descuento": money(line.discount_amount),
        "afectacion_igv": line.igv_affectation,
        "valor_venta": money(line.value_amount),
        "igv": money(line.igv_amount),
        "total": money(line.total_amount),
        "gratuito": line.free,
        "icbper": money(line.icbper_amount),
        "isc": money(line.isc_amount),
    }
