"""compra-*: supplier bills (facturas de proveedor) that bring their goods into stock (purchasing/service.py).

Listing records carry `id` and the field names compra-nuevo takes, plus the totals and `detalle`;
compra-editar answers the edited bill, as seed 003 does.
"""

from actions import action
from actions.paging import page
from actions.paging import paged_answer
from actions.render import iso
from actions.render import money
from actions.render import price
from actions.render import quantity
from domain.catalogs import CURRENCIES
from purchasing import service
from schemas.base import editing
from schemas.purchases import CompraEditarSchema
from schemas.purchases import CompraEliminarSchema
from schemas.purchases import CompraListarSchema
from schemas.purchases import CompraSchema


def totals_record(purchase):
    return {
        "moneda": CURRENCIES[purchase.currency],
        "op_gravadas": money(purchase.gravadas),
        "op_exoneradas": money(purchase.exoneradas),
        "op_inafectas": money(purchase.inafectas),
        "descuentos": money(purchase.discounts),
        "igv": money(purchase.igv),
        "total": money(purchase.total),
        "base_soles": money(purchase.base_pen),
        "igv_soles": money(purchase.igv_pen),
        "total_soles": money(purchase.total_pen),
    }


@action("compra-nuevo", schema=CompraSchema(), prepare=service.prepare_creation)
def create(prepared, ctx):
    purchase = service.record_creation(prepared, ctx)
    return {"respuesta": "Se registró la factura de proveedor con éxito", "id": purchase.id,
            "compra_numero": purchase.number, "compra_tipo_cambio": quantity(purchase.exchange_rate),
            **totals_record(purchase)}


@action("compra-editar", schema=editing(CompraEditarSchema, "compra_id"))
def edit(data, ctx):
    purchase = service.edit(data, ctx)
    supplier = service.supplier_of(purchase)
    lines = service.lines_of([purchase.id]).get(purchase.id, [])
    return {"respuesta": "Se editó la factura de proveedor con éxito",
            **purchase_record(purchase, supplier, lines, ctx.config)}


@action("compra-eliminar", schema=CompraEliminarSchema())
def delete(data, ctx):
    purchase = service.delete(data, ctx)
    return {"respuesta": "Se eliminó la factura de proveedor con éxito", "id": purchase.id}


@action("compra-listar", schema=CompraListarSchema())
def listing(data, ctx):
    query, counted = service.listing(data, ctx.company.id)
    purchases, headers = page(query, data, ctx, counted=counted)
    lines = service.lines_of([p.id for p in purchases])
    return paged_answer([purchase_record(p, p.supplier, lines.get(p.id, []), ctx.config) for p in purchases],
                        headers)


def purchase_record(purchase, supplier, lines, config):
    return {
        "id": purchase.id,
        "compra_proveedor": supplier.id,
        "proveedor_nombre": supplier.name,
        "proveedor_num_doc": supplier.doc_number,
        "compra_numero": purchase.number,
        "compra_fecha": iso(purchase.issue_date),
        "compra_vencimiento": iso(purchase.due_date),
        "compra_observaciones": purchase.notes,
        "compra_terminos": purchase.terms,
        "compra_moneda": purchase.currency,
        "compra_tipo_cambio": quantity(purchase.exchange_rate),
        "compra_almacen": purchase.warehouse,
        "compra_precios_incluyen_igv": purchase.prices_include_igv,
        "compra_comentarios": purchase.comment_list,
        "bloqueada": service.is_locked(purchase, config),
        **totals_record(purchase),
        "fecha_creacion": iso(purchase.created_at),
        "fecha_modificacion": iso(purchase.updated_at),
        "detalle": [line_record(line) for line in lines],
    }


def line_record(line):
    return {
        "item": line.position,
        "cod_num": line.code,
        "descripcion": line.description,
        "unidad": line.unit,
        "cantidad": quantity(line.quantity),
        "precio": price(line.unit_price),
        "valor_unitario": price(line.unit_value),
        "descuento": quantity(line.discount_percent),
        "monto_descuento": money(line.discount_amount),
        "afectacion_igv": line.affectation,
        "valor_compra": money(line.value_amount),
        "igv": money(line.igv_amount),
        "total": money(line.total_amount),
        "costo_unitario_soles": quantity(line.unit_cost),
        "observaciones": line.observations,
    }
