"""A new nota de crédito that brings goods back into one warehouse, locked and numbered in one PostgreSQL
statement: the products, their warehouse rows, the series' next number and the note's row.

Like a sale (models/sale.py), every such note queues on hot row locks until its COMMIT: its products' and
its series'. Step by step they were held across three round trips; here they are taken inside one
statement, and what is left (its lines, kardex and the products' balances) travels with the COMMIT.

Unlike a sale the products' totals are not written here: goods come back at the cost they left with,
which moves the average, and that arithmetic stays in Python (inventory/stock.py) so both databases
compute it alike. The statement returns the balances the products were locked with, as of the writer
they queued behind, and the warehouse's stock after the return, which it writes itself (a warehouse row
read beside the lock would be the one from before that writer committed).

The products are locked first and the series after (the order every other writer keeps): the series
UPDATE reads `moved`, which makes PostgreSQL finish the warehouse writes before it.
"""

from models import sql
from models.bulk import inserting_text
from models.bulk import row_as_json
from models.document import Document
from models.document import series_filter
from models.document import take_number_text
from models.product import Product
from models.sale import NUMBER_FROM_SERIES
from models.warehouse import WarehouseStock
from models.warehouse import moving_ctes
from models.warehouse import moving_params


def insert_note_with_return(row, series_code, quantities, warehouse_id):
    """Lock the products of `quantities` (product id → quantity back), add those quantities to their stock in
    `warehouse_id`, take the series' next number and insert the note (`row`: field name → value).

    Returns (id, series, number, {product id: (stock, average cost, the warehouse's stock after)}), the
    stock and average being the product's before the return; or None when the company has no such series
    (the caller refuses, and the rollback takes back the stock this moved).
    """
    which, value = series_filter(series_code)
    params = [*moving_params(quantities, row["company"], warehouse_id),
              row["company"], row["doc_type"], value, row_as_json(Document, row)]
    found = sql.fetch(_note_text(len(quantities), which, tuple(row)), params)
    if not found:
        return None
    note_id, series, number = found[0][:3]
    balances = sql.values(Product, ("id", "stock", "average_cost"), [r[3:6] for r in found])
    after = sql.values(WarehouseStock, ("stock",), [r[6:] for r in found])
    return note_id, series, number, {
        product_id: (stock, average_cost, in_warehouse)
        for (product_id, stock, average_cost), (in_warehouse,) in zip(balances, after)}


@sql.statement
def _note_text(count, which, document_fields):
    doc = {name: f"doc.{sql.column(Document, name)}" for name in ("id", "series", "number")}
    moved_product, moved_stock = sql.column(WarehouseStock, "product"), sql.column(WarehouseStock, "stock")
    # `(SELECT count(*) FROM moved) >= 0` is always true: it is there so the series waits for the stock.
    number = take_number_text(which, " AND (SELECT count(*) FROM moved) >= 0")
    return (f"WITH {moving_ctes(count, '+')}, source_row AS ({number}), "
            f"doc AS ({inserting_text(Document, document_fields, NUMBER_FROM_SERIES)}) "
            f"SELECT {doc['id']}, {doc['series']}, {doc['number']}, locked.id, locked.{sql.column(Product, 'stock')}, "
            f"locked.{sql.column(Product, 'average_cost')}, moved.{moved_stock} "
            f"FROM doc, locked JOIN moved ON moved.{moved_product} = locked.id ORDER BY locked.id")
