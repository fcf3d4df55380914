"""transferencia-*: stock moved from one warehouse to another, at the average cost."""

from decimal import Decimal

from actions import action
from actions.paging import page
from actions.paging import paged_answer
from actions.render import iso
from actions.render import money
from actions.render import price
from actions.render import quantity
from inventory import transfers
from schemas.transfers import TransferenciaEliminarSchema
from schemas.transfers import TransferenciaListarSchema
from schemas.transfers import TransferenciaNuevoSchema


@action("transferencia-nuevo", schema=TransferenciaNuevoSchema())
def create(data, ctx):
    transfer, moves = transfers.create(data, ctx.company.id)
    outs = moves[::2]
    return {
        "respuesta": "Se registró la transferencia con éxito",
        "id": transfer.id,
        "costo_total": money(sum((-m.quantity * m.unit_cost for m in outs), Decimal(0))),
        "detalle": [{"cod_num": out.product.code, "cantidad": quantity(-out.quantity), "costo": price(out.unit_cost),
                     "stock_origen": quantity(out.warehouse_stock), "stock_destino": quantity(into.warehouse_stock)}
                    for out, into in zip(outs, moves[1::2])],
    }


@action("transferencia-eliminar", schema=TransferenciaEliminarSchema())
def delete(data, ctx):
    transfer = transfers.delete(data, ctx.company.id)
    return {"respuesta": "Se eliminó la transferencia con éxito", "id": transfer.id}


@action("transferencia-listar", schema=TransferenciaListarSchema())
def listing(data, ctx):
    found, headers = page(transfers.listing(data, ctx.company.id), data, ctx)
    lines = transfers.lines_of([t.id for t in found])
    return paged_answer([transfer_record(t, lines.get(t.id, [])) for t in found], headers)


def transfer_record(transfer, lines):
    return {
        "id": transfer.id,
        "transferencia_origen": transfer.origin,
        "transferencia_destino": transfer.destination,
        "transferencia_fecha": iso(transfer.transfer_date),
        "transferencia_observaciones": transfer.notes,
        "transferencia_referencia": transfer.reference,
        "costo_total": money(sum((line.quantity * line.cost for line in lines), Decimal(0))),
        "sis_empresa": transfer.company_id,
        "fecha_creacion": iso(transfer.created_at),
        "detalle": [{"item": line.position, "cod_num": line.code, "descripcion": line.description,
                     "cantidad": quantity(line.quantity), "costo": price(line.cost)} for line in lines],
    }
