"""From a payload's `detalle` to priced lines: products looked up once, defaults applied, amounts exact."""

from dataclasses import dataclass
from decimal import Decimal

from errors import NotFound
from invoicing.totals import EXPORTACION
from invoicing.totals import LineAmounts
from invoicing.totals import document_totals
from invoicing.totals import line_amounts
from models import DocumentLine
from models import Product
from models import sql
from models.bulk import insert_values


@dataclass(frozen=True)
class LineDraft:
    product: Product
    description: str
    serial_number: str | None
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    affectation: int
    amounts: LineAmounts


# What pricing, stock and the lines read of a product (timestamps cost most to convert, and nobody reads them).
PRODUCT_FIELDS = ("id", "company", "code", "name", "unit", "price", "igv_affectation", "controls_stock", "stock",
                  "average_cost")


@sql.statement
def products_query(count, include_deleted):
    live = "" if include_deleted else f" AND {sql.equal(Product, ['deleted'])}"
    return (f"SELECT {sql.columns(Product, PRODUCT_FIELDS)} FROM {sql.table(Product)} "
            f"WHERE {sql.equal(Product, ['company'])} AND {sql.column(Product, 'code')} IN ({sql.placeholders(count)})"
            f"{live}")


def products_by_code(company_id, codes, include_deleted=False):
    """code → Product for every code, in one query; the first missing code is not found (12)."""
    wanted = sorted(set(codes))
    params = [company_id, *wanted] + ([] if include_deleted else [False])
    rows = sql.fetch(products_query(len(wanted), include_deleted), params)
    return require_codes({product.code: product for product in (sql.instance(Product, PRODUCT_FIELDS, row)
                                                                 for row in rows)}, codes)


def require_codes(found, codes):
    """`found` (code → Product) if it has every code; else the first missing one is not found (12)."""
    for code in sorted(set(codes)):
        if code not in found:
            raise NotFound("el producto", f"código {code}")
    return found


def draft_lines(raw_lines, products, export):
    """LineDrafts for the validated `detalle`; an export sells every line as affectation 40."""
    drafts = []
    for raw in raw_lines:
        product = products[raw["cod_num"]]
        quantity = raw.get("cantidad", Decimal(1))
        unit_price = raw.get("precio_unit", product.price)
        discount = raw.get("descuento", Decimal(0))
        affectation = EXPORTACION if export else product.igv_affectation
        drafts.append(LineDraft(
            product=product,
            description=raw.get("descripcion") or product.name,
            serial_number=raw.get("num_serie"),
            quantity=quantity,
            unit_price=unit_price,
            discount_percent=discount,
            affectation=affectation,
            amounts=line_amounts(unit_price, quantity, discount, affectation),
        ))
    return drafts


def totals_of(drafts):
    return document_totals([(draft.affectation, draft.amounts) for draft in drafts])


def stock_quantities(drafts):
    """product id → total quantity, for the stock-controlled products among the lines."""
    quantities = {}
    for draft in drafts:
        if draft.product.controls_stock:
            quantities[draft.product.id] = quantities.get(draft.product.id, Decimal(0)) + draft.quantity
    return quantities


LINE_FIELDS = ("position", "product", "code", "description", "serial_number", "unit", "quantity", "unit_price",
               "unit_value", "discount_percent", "discount_amount", "igv_affectation", "value_amount", "igv_amount",
               "total_amount")


def write_lines(document_id, drafts):
    insert_values(DocumentLine, LINE_FIELDS, [(
        position, draft.product.id, draft.product.code, draft.description, draft.serial_number,
        draft.product.unit, draft.quantity, draft.unit_price, draft.amounts.unit_value, draft.discount_percent,
        draft.amounts.discount_amount, draft.affectation, draft.amounts.value_amount, draft.amounts.igv_amount,
        draft.amounts.total_amount,
    ) for position, draft in enumerate(drafts, start=1)], shared={"document": document_id})


def stored_lines_as_input(document_id):
    """A document's lines as a `detalle` payload, to reprice them (e.g. when the operation type changes)."""
    return [{
        "cod_num": line.code,
        "cantidad": line.quantity,
        "precio_unit": line.unit_price,
        "descuento": line.discount_percent,
        "descripcion": line.description,
        "num_serie": line.serial_number,
    } for line in DocumentLine.select().where(DocumentLine.document == document_id).order_by(DocumentLine.position)]
