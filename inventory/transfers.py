"""Transfers (transferencia-*): stock leaves one warehouse and enters another in one transaction, at the
average cost, which a transfer leaves as it was (it is one per product). Deleting reverses both sides."""

from domain.clock import lima_today
from domain.stock_operations import FROM_TRANSFER
from domain.stock_operations import TRANSFER_IN
from domain.stock_operations import TRANSFER_OUT
from domain.stock_operations import TRANSFER_REVERSAL
from errors import InvalidInput
from errors import NotFound
from inventory import exits
from inventory import stock
from inventory import warehouses
from models import transfers as transfers_table
from models.bulk import insert_row
from models.transfers import StockTransfer


def create(data, company_id):
    origin, destination = data["transferencia_origen"], data["transferencia_destino"]
    warehouses.find_many(company_id, [origin, destination])
    if origin == destination:
        raise InvalidInput("revise transferencia_destino", campos={"transferencia_destino": [
            "El almacén de destino debe ser distinto del de origen."]})
    day = data.get("transferencia_fecha") or lima_today()
    if day > lima_today():
        raise InvalidInput("revise transferencia_fecha", campos={"transferencia_fecha": ["La fecha no puede ser futura."]})
    products = exits.stock_products(company_id, data["detalle"])
    values = {"company": company_id, "origin": origin, "destination": destination, "transfer_date": day,
              "notes": data.get("transferencia_observaciones") or "",
              "reference": data.get("transferencia_referencia") or ""}
    transfer = StockTransfer(**values)
    transfer.id = insert_row(StockTransfer, values)
    loaded = {p.id: p for p in products.values()}
    locked = stock.locked_products(list(loaded), loaded=loaded)
    description = f"Transferencia {transfer.id}"
    moves = []
    for line in data["detalle"]:
        product = locked[products[line["cod_num"]].id]
        common = dict(description=description, reference=values["reference"], origin=FROM_TRANSFER,
                      origin_id=transfer.id)
        moves += [stock.Movement(product, TRANSFER_OUT, -line["cantidad"], None, day, warehouse=origin, **common),
                  stock.Movement(product, TRANSFER_IN, line["cantidad"], None, day, warehouse=destination, **common)]
    stock.apply(moves)
    transfers_table.insert_lines(transfer.id, [
        (position, out.product.id, out.product.code, out.product.name, line["cantidad"], out.unit_cost)
        for position, (line, out) in enumerate(zip(data["detalle"], moves[::2]), start=1)])
    return transfer, moves


def find(company_id, transfer_id):
    found = StockTransfer.get_or_none((StockTransfer.id == transfer_id) & (StockTransfer.company == company_id)
                                      & (StockTransfer.deleted == False))  # noqa: E712
    if found is None:
        raise NotFound("la transferencia", f"id {transfer_id}")
    return found


def delete(data, company_id):
    """Both sides come back: what entered the destination leaves it (refused, 13, where that would take it
    below zero and its policy forbids it), what left the origin returns."""
    transfer = find(company_id, data["transferencia_id"])
    stock.reverse_origin(company_id, FROM_TRANSFER, transfer.id, TRANSFER_REVERSAL,
                         f"Eliminación de la transferencia {transfer.id}")
    StockTransfer.update(deleted=True).where(StockTransfer.id == transfer.id).execute()
    return transfer


def listing(data, company_id):
    query = StockTransfer.select().where((StockTransfer.company == company_id)
                                         & (StockTransfer.deleted == False))  # noqa: E712
    if data.get("transferencia_id"):
        query = query.where(StockTransfer.id == data["transferencia_id"])
    if data.get("almacen_id"):
        query = query.where((StockTransfer.origin == data["almacen_id"]) | (StockTransfer.destination == data["almacen_id"]))
    return query


def lines_of(transfer_ids):
    return transfers_table.lines_of(transfer_ids)
