"""From a payload's `detalle` to priced lines: products looked up once, defaults applied, amounts exact."""

from dataclasses import dataclass
from decimal import Decimal

from domain.taxes import EXPORTACION
from errors import NotFound
from invoicing.totals import LineAmounts
from invoicing.totals import document_totals
from invoicing.totals import line_amounts
from models import document as documents_table
from models import product as products_table
from models.product import Product


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


def products_by_code(company_id, codes, include_deleted=False):
    """code → Product for every code, in one query; the first missing code is not found (12)."""
    return require_codes(products_table.by_code(company_id, codes, include_deleted), codes)


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


def write_lines(document_id, drafts):
    """The document's lines, in the order of models.document.LINE_FIELDS."""
    documents_table.insert_lines(document_id, [(
        position, draft.product.id, draft.product.code, draft.description, draft.serial_number,
        draft.product.unit, draft.quantity, draft.unit_price, draft.amounts.unit_value, draft.discount_percent,
        draft.amounts.discount_amount, draft.affectation, draft.amounts.value_amount, draft.amounts.igv_amount,
        draft.amounts.total_amount,
    ) for position, draft in enumerate(drafts, start=1)])


def stored_lines_as_input(document_id):
    """A document's lines as a `detalle` payload, to reprice them (e.g. when the operation type changes)."""
    return [{
        "cod_num": line.code,
        "cantidad": line.quantity,
        "precio_unit": line.unit_price,
        "descuento": line.discount_percent,
        "descripcion": line.description,
        "num_serie": line.serial_number,
    } for line in documents_table.lines_of([document_id]).get(document_id, [])]
