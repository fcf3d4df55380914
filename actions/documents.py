"""factura-*, boleta-*, nota-*: sales documents with exact totals, gapless numbers and stock.

The three kinds share one implementation; `DocumentKind` says what differs (name, series, tipodoc).
Answers keep the seed's quirk: `-nuevo` returns the id as a string, `-editar`/`-eliminar` as an integer.
"""

from functools import partial

from actions import Answer
from actions import action
from actions.paging import page
from actions.paging import paged_answer
from actions.paging import unfiltered
from actions.render import iso
from actions.render import plain
from actions.sunat import send_after_creation
from errors import InvalidInput
from invoicing import sales
from invoicing.kinds import KINDS
from models import Document
from models import DocumentLine
from models import Installment
from models import Party
from schemas.base import editing
from schemas.documents import CURRENCIES
from schemas.documents import DocumentoEditarSchema
from schemas.documents import DocumentoEliminarSchema
from schemas.documents import DocumentoListarSchema
from schemas.documents import DocumentoNuevoSchema


def totals_record(document):
    return {
        "numero": document.numero,
        "serie": document.series,
        "correlativo": document.number,
        "moneda": CURRENCIES[document.currency],
        "op_gravadas": document.gravadas,
        "op_exoneradas": document.exoneradas,
        "op_inafectas": document.inafectas,
        "op_exportacion": document.exportacion,
        "descuentos": document.discounts,
        "igv": document.igv,
        "total": document.total,
        "monto_detraccion": document.detraccion_amount,
        "total_letras": document.amount_in_words,
        "estado_sunat": document.sunat_state,
    }


def prepare(kind, data, ctx):
    if data.get("enviar_sunat") and kind.sunat_code is None:
        raise InvalidInput("revise enviar_sunat", campos={"enviar_sunat": ["Una nota de venta no se envía a SUNAT."]})
    return sales.prepare_creation(kind, data, ctx)


def create(kind, prepared, ctx):
    document = sales.record_creation(prepared, ctx)
    created = Answer({"respuesta": f"Se registró la {kind.name} con éxito", "id": str(document.id),
                      **totals_record(document)}, 201)
    if prepared.data.get("enviar_sunat"):
        created.after_commit = partial(send_after_creation, kind, document.id, ctx)
    return created


def edit(kind, data, ctx):
    document = sales.edit(kind, data, ctx)
    return {"respuesta": f"Se editó la {kind.name} con éxito", "id": document.id, **totals_record(document)}


def delete(kind, data, ctx):
    document = sales.annul(kind, data, ctx)
    return {"respuesta": f"Se eliminó la {kind.name} con éxito", "id": document.id}


def listing_conditions(kind, data, ctx):
    state = data.get("factura_estado")
    # Anuladas keep their number and stay readable: ask for them with factura_estado 3.
    conditions = [Document.company == ctx.company.id, Document.doc_type == kind.code, Document.deleted == (state == 3)]
    if state in (1, 2):
        conditions.append(Document.payment_state == state)
    if data.get("factura_id"):
        conditions.append(Document.id == data["factura_id"])
    client = data.get("factura_cliente") or data.get("cliente_id")
    if client:
        conditions.append(Document.party == client)
    if data.get("numero"):
        series, number = data["numero"].upper().split("-")
        conditions += [Document.series == series, Document.number == int(number)]
    if data.get("estado_sunat"):
        conditions.append(Document.sunat_state == data["estado_sunat"])
    if data.get("fecha_desde"):
        conditions.append(Document.issue_date >= data["fecha_desde"])
    if data.get("fecha_hasta"):
        conditions.append(Document.issue_date <= data["fecha_hasta"])
    return conditions


def listing(kind, data, ctx):
    conditions = listing_conditions(kind, data, ctx)
    query = Document.select(Document, Party).join(Party).where(*conditions)
    documents, headers = page(query, Document.id, data, ctx, counted=Document.select(Document.id).where(*conditions),
                              kept=unfiltered(data, kind.slug, ctx.company.id))
    ids = [document.id for document in documents]
    lines, cuotas = {}, {}
    if ids:
        for line in (DocumentLine.select().where(DocumentLine.document.in_(ids))
                     .order_by(DocumentLine.document, DocumentLine.position)):
            lines.setdefault(line.document_id, []).append(line_record(line))
        for cuota in Installment.select().where(Installment.document.in_(ids)).order_by(Installment.position):
            cuotas.setdefault(cuota.document_id, []).append(
                {"monto": cuota.amount, "fecha": iso(cuota.due_date)})
    records = [document_record(d, lines.get(d.id, []), cuotas.get(d.id, [])) for d in documents]
    return paged_answer(records, headers)


def document_record(document, lines, cuotas):
    party = document.party
    return {
        "id": document.id,
        "tipodoc": document.doc_type,
        "factura_estado": 3 if document.deleted else document.payment_state,
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
        "cantidad": plain(line.quantity),
        "precio_unit": plain(line.unit_price),
        "valor_unitario": line.unit_value,
        "descuento": plain(line.discount_percent),
        "monto_descuento": line.discount_amount,
        "afectacion_igv": line.igv_affectation,
        "valor_venta": line.value_amount,
        "igv": line.igv_amount,
        "total": line.total_amount,
    }


for _kind in KINDS.values():
    action(f"{_kind.slug}-nuevo", schema=DocumentoNuevoSchema(), prepare=partial(prepare, _kind))(partial(create, _kind))
    action(f"{_kind.slug}-editar", schema=editing(DocumentoEditarSchema, "factura_id"))(partial(edit, _kind))
    action(f"{_kind.slug}-eliminar", schema=DocumentoEliminarSchema())(partial(delete, _kind))
    action(f"{_kind.slug}-listar", schema=DocumentoListarSchema())(partial(listing, _kind))
