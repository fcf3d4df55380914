"""A new nota de crédito that brings goods back into one warehouse, numbered in one PostgreSQL statement after
its products' lock: their warehouse rows, the series' next number, the note's row and its lines.

Like a sale (models/sale.py), every such note queues on hot row locks until its COMMIT: its products' and
its series'. Step by step they were held across three round trips; here the products are locked by one
short statement and the rest is the next one, in the same round trip, and what is left (its kardex and the
products' averages) travels with the COMMIT.

Unlike a sale's, the products' averages are not settled here: goods come back at the cost they left with,
which moves the average, and that arithmetic stays in Python (inventory/stock.py) so both databases
compute it alike. The statement returns the balances the products had before the return, as the writer
they queued behind left them (the statement starts after the lock), and the warehouse's stock after it.

The products are locked first and the series after: the order every other writer keeps.
"""

from models import sql
from models.bulk import inserting_text
from models.bulk import row_as_json
from models.bulk import rows_as_json
from models.document import Document
from models.document import DocumentLine
from models.document import LINE_FIELDS
from models.document import series_filter
from models.document import take_number_text
from models.product import Product
from models.base import one_round_trip
from models.product import lock_in_front
from models.sale import NUMBER_FROM_SERIES
from models.sale import lines_cte
from models.warehouse import WarehouseStock
from models.warehouse import moving_ctes
from models.warehouse import moving_params


def insert_note_with_return(row, series_code, quantities, warehouse_id, lines):
    """Lock the products of `quantities` (product id → quantity back), add those quantities to their stock in
    `warehouse_id`, take the series' next number and insert the note (`row`: field name → value) and its
    `lines` (tuples in LINE_FIELDS order: built before the locks, so they are not held while they are).

    Returns (id, series, number, {product id: (stock, average cost, the warehouse's stock after)}), the
    stock and average being the product's before the return; or None when the company has no such series
    (the caller refuses, and the rollback takes back the stock this moved).
    """
    which, value = series_filter(series_code)
    line_common, line_shared, line_rows = rows_as_json(DocumentLine, LINE_FIELDS, lines, {})
    params = [*moving_params(quantities, row["company"], warehouse_id),
              row["company"], row["doc_type"], value, row_as_json(Document, row), line_shared, line_rows]
    with one_round_trip():
        lock_in_front(quantities)  # in the same round trip, a statement of its own (models/product.py)
        found = sql.fetch(_note_text(len(quantities), which, tuple(row), line_common), params)
    if not found:
        return None
    note_id, series, number = found[0][:3]
    balances = sql.values(Product, ("id", "average_cost"), [(r[3], r[5]) for r in found])
    stocks = sql.values(WarehouseStock, ("stock", "stock"), [(r[4], r[6]) for r in found])
    return note_id, series, number, {
        product_id: (stock, average_cost, in_warehouse)
        for (product_id, average_cost), (stock, in_warehouse) in zip(balances, stocks)}


@sql.statement
def _note_text(count, which, document_fields, line_common):
    doc = {name: f"doc.{sql.column(Document, name)}" for name in ("id", "series", "number")}
    moved_product, moved_stock = sql.column(WarehouseStock, "product"), sql.column(WarehouseStock, "stock")
    return (f"WITH {moving_ctes(count, '+')}, source_row AS ({take_number_text(which)}), "
            f"doc AS ({inserting_text(Document, document_fields, NUMBER_FROM_SERIES)}), {lines_cte(line_common)} "
            f"SELECT {doc['id']}, {doc['series']}, {doc['number']}, before.id, before.stock, "
            f"before.average_cost, moved.{moved_stock} "
            f"FROM doc, before JOIN moved ON moved.{moved_product} = before.id ORDER BY before.id")
