"""A new sale's rows in one PostgreSQL statement after its products' lock, both in one round trip: stock out,
the number, the document, its lines, its kardex.

Every sale of a company queues on two hot row locks until its COMMIT: its series counter (gapless numbers)
and, when they sell the same goods, the products' locks. Step by step they were held across three round
trips and the Python between them; here the products are locked by one short statement
(models/product.lock_in_front) and everything else is the next statement, sent with it in one round trip, whose
rows are all written from parameters built before it, so each sale holds the locks for those two
statements and the COMMIT.

The products are locked first and the series after (as every other writer of both does, so sales never
deadlock). The lock has a statement of its own so that the sale's statement starts after it: its snapshot
then holds the warehouse rows as the sale it queued behind left them, and the product's stock (the sum of
those rows) is read there rather than kept on the product, which saves every sale a second row per product.
A refusal found in what it returns (stock that may not go negative) rolls the whole statement back, number
included. SQLite, which has no UPDATE inside WITH and no round trips to save, keeps the steps
(invoicing/sales.py).
"""

from domain.documents import NUMBER_DIGITS
from models import sql
from models.bulk import inserting_text
from models.bulk import row_as_json
from models.bulk import rows_as_json
from models.document import Document
from models.document import DocumentLine
from models.document import LINE_FIELDS
from models.document import series_filter
from models.document import take_number_text
from models.stock import StockMovement
from models.base import one_round_trip
from models.product import lock_in_front
from models.warehouse import moving_params
from models.warehouse import take_out_ctes

# The document's fields the series' UPDATE … RETURNING gives it: field → column.
NUMBER_FROM_SERIES = (("series", "code"), ("number", "last_number"))

# The kardex columns an exit takes from `taken` (its product's balances after it), in this order.
EXIT_FROM_TAKEN = ("product", "quantity", "unit_cost", "balance_quantity", "balance_average_cost",
                   "warehouse_balance")


def insert_sale(row, series_code, lines, quantities, exits):
    """Take `quantities` (product id → quantity) out of `exits["warehouse"]`, the series' next number, and
    insert the document (`row`: field name → value), its `lines` (tuples in LINE_FIELDS order) and one
    kardex exit per product (the other fields in `exits`; its description `exits["description"]` followed
    by the document's number).

    Returns (id, series, number, {product id: (stock, average cost, warehouse stock)}), or None when the
    company has no such series (nothing was written).
    """
    which, value = series_filter(series_code)
    line_common, line_shared, line_rows = rows_as_json(DocumentLine, LINE_FIELDS, lines, {})
    params = []
    if quantities:
        params += moving_params(quantities, row["company"], exits["warehouse"])
    params += [row["company"], row["doc_type"], value, row_as_json(Document, row), line_shared, line_rows]
    exit_common = ()
    if quantities:
        exit_common, exit_shared, _ = rows_as_json(
            StockMovement, EXIT_FROM_TAKEN + ("document", "description"), [], {
                field: given for field, given in exits.items() if field != "description"})
        params += [f"{exits['description']} ", exit_shared]
    text = _sale_text(len(quantities), which, tuple(row), line_common, exit_common)
    with one_round_trip():
        lock_in_front(quantities)
        found = sql.fetch(text, params)
    if not found:
        return None
    document_id, series, number = found[0][:3]
    taken = {}
    if quantities:
        for product_id, stock, average_cost, in_warehouse in sql.values(
                StockMovement, ("product", "balance_quantity", "balance_average_cost", "warehouse_balance"),
                [balances[3:] for balances in found]):
            taken[product_id] = (stock, average_cost, in_warehouse)
    return document_id, series, number, taken


@sql.statement
def _sale_text(count, which, document_fields, line_common, exit_common):
    document_id = sql.column(Document, "id")
    selected = f"doc.{document_id}, doc.{sql.column(Document, 'series')}, doc.{sql.column(Document, 'number')}"
    ctes = []
    if count:
        ctes.append(take_out_ctes(count))
    ctes.append(f"source_row AS ({take_number_text(which)})")
    ctes.append(f"doc AS ({inserting_text(Document, document_fields, NUMBER_FROM_SERIES)})")
    ctes.append(lines_cte(line_common))
    if count:
        ctes.append(_exits_cte(exit_common))
        taken_columns = ", ".join(f"taken.{name}" for name in ("id", "stock", "average_cost", "warehouse_stock"))
        return f"WITH {', '.join(ctes)} SELECT {selected}, {taken_columns} FROM doc LEFT JOIN taken ON true"
    return f"WITH {', '.join(ctes)} SELECT {selected} FROM doc"


def lines_cte(common):
    """The WITH item `lines` that inserts a document's lines (one JSON object of what they share, one JSON
    array of the rows: `rows_as_json(DocumentLine, LINE_FIELDS, …)`) under the `doc` the statement inserts."""
    table = sql.table(DocumentLine)
    names = [sql.column(DocumentLine, n) for n in LINE_FIELDS]
    shared = [sql.column(DocumentLine, n) for n in common]
    selected = ", ".join([f"item.{n}" for n in names] + [f"shared.{n}" for n in shared]
                         + [f"doc.{sql.column(Document, 'id')}"])
    return (f"lines AS (INSERT INTO {table} ({', '.join(names + shared + [sql.column(DocumentLine, 'document')])}) "
            f"SELECT {selected} FROM doc, json_populate_record(NULL::{table}, {sql.placeholders(1)}) AS shared, "
            f"json_populate_recordset(NULL::{table}, {sql.placeholders(1)}) AS item)")


def _exits_cte(common):
    table = sql.table(StockMovement)
    doc_series, doc_number = f"doc.{sql.column(Document, 'series')}", f"doc.{sql.column(Document, 'number')}"
    from_taken = "taken.id, -moving.quantity, taken.average_cost, taken.stock, taken.average_cost, taken.warehouse_stock"
    columns = sql.columns(StockMovement, EXIT_FROM_TAKEN + common + ("document", "description"))
    shared = ", ".join(f"shared.{sql.column(StockMovement, n)}" for n in common)
    description = (f"{sql.placeholders(1)} || {doc_series} || '-' || "
                   f"lpad({doc_number}::text, {NUMBER_DIGITS}, '0')")
    return (f"exits AS (INSERT INTO {table} ({columns}) "
            f"SELECT {from_taken}, {shared}, doc.{sql.column(Document, 'id')}, {description} "
            f"FROM doc, taken JOIN moving ON moving.id = taken.id, "
            f"json_populate_record(NULL::{table}, {sql.placeholders(1)}) AS shared)")
