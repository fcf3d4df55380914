"""notacredito-* and notadebito-*: corrections of a factura or boleta (SUNAT 07 and 08).

One implementation (invoicing/notes.py) serves both; the `kind` bound at registration says which. Answers
keep the house shapes of sales documents (`"id"` a string on -nuevo), plus what the note modifies.
"""

from actions import Answer
from actions import action
from actions.documents import document_record
from actions.documents import line_record
from actions.documents import totals_record
from actions.paging import page
from actions.paging import paged_answer
from actions.paging import unfiltered
from actions.render import iso
from domain.documents import CREDIT_NOTE
from domain.documents import DEBIT_NOTE
from domain.documents import KINDS
from invoicing import notes
from invoicing import sales
from models.note import NoteReference
from models.document import Document
from printing import links
from schemas.base import editing
from schemas.documents import DocumentoEliminarSchema
from schemas.notes import NotaCreditoEditarSchema
from schemas.notes import NotaCreditoNuevoSchema
from schemas.notes import NotaDebitoEditarSchema
from schemas.notes import NotaDebitoNuevoSchema
from schemas.notes import NotaListarSchema

CREDIT_KIND, DEBIT_KIND = KINDS[CREDIT_NOTE], KINDS[DEBIT_NOTE]


def modifies_record(reference, modified):
    """What a note modifies and why, as its answers and listings show it."""
    return {
        "nota_documento_id": modified.id,
        "nota_documento_tipodoc": modified.doc_type,
        "nota_documento_numero": modified.numero,
        "nota_documento_fecha": iso(modified.issue_date),
        "nota_motivo_codigo": reference.reason_code,
        "nota_motivo": reference.reason,
    }


def prepare(data, ctx, kind):
    return notes.prepare_creation(kind, data, ctx)


@action("notacredito-nuevo", schema=NotaCreditoNuevoSchema(), prepare=prepare, kind=CREDIT_KIND)
@action("notadebito-nuevo", schema=NotaDebitoNuevoSchema(), prepare=prepare, kind=DEBIT_KIND)
def create(prepared, ctx, kind):
    note, modified = notes.record_creation(prepared, ctx)
    reference = NoteReference(reason_code=prepared.data["nota_motivo_codigo"], reason=prepared.data["nota_motivo"])
    return Answer({"respuesta": f"Se registró la {kind.name} con éxito", "id": str(note.id), **totals_record(note),
                   **modifies_record(reference, modified), "enlace_pdf": links.issue(ctx.config, note.id)}, 201)


@action("notacredito-editar", schema=editing(NotaCreditoEditarSchema, "factura_id"), kind=CREDIT_KIND)
@action("notadebito-editar", schema=editing(NotaDebitoEditarSchema, "factura_id"), kind=DEBIT_KIND)
def edit(data, ctx, kind):
    note, modified = notes.edit(kind, data, ctx)
    reference = NoteReference.get(NoteReference.note == note.id)
    return {"respuesta": f"Se editó la {kind.name} con éxito", "id": note.id, **totals_record(note),
            **modifies_record(reference, modified)}


@action("notacredito-eliminar", schema=DocumentoEliminarSchema(), kind=CREDIT_KIND)
@action("notadebito-eliminar", schema=DocumentoEliminarSchema(), kind=DEBIT_KIND)
def delete(data, ctx, kind):
    note = notes.annul(kind, data, ctx)
    return {"respuesta": f"Se eliminó la {kind.name} con éxito", "id": note.id}


@action("notacredito-listar", schema=NotaListarSchema(), kind=CREDIT_KIND)
@action("notadebito-listar", schema=NotaListarSchema(), kind=DEBIT_KIND)
def listing(data, ctx, kind):
    query, counted = sales.listing(kind, data, ctx.company.id, ctx.config["SUNAT_SEND_DEADLINE_DAYS"])
    if data.get("nota_documento_id"):
        of_document = NoteReference.select(NoteReference.note).where(
            NoteReference.modified == data["nota_documento_id"])
        query, counted = query.where(Document.id.in_(of_document)), counted.where(Document.id.in_(of_document))
    found, headers = page(query, data, ctx, counted=counted, kept=unfiltered(data, kind.slug, ctx.company.id))
    ids = [note.id for note in found]
    lines, cuotas = sales.lines_and_installments(ids)
    targets = notes.modified_documents(ids)
    records = [{**document_record(n, [line_record(line) for line in lines.get(n.id, [])],
                                  [{"monto": c.amount, "fecha": iso(c.due_date)} for c in cuotas.get(n.id, [])]),
                **modifies_record(*targets[n.id])} for n in found]
    return paged_answer(records, headers)
