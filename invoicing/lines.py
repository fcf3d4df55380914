"""From a payload's `detalle` to priced lines: products looked up once, defaults applied, amounts exact."""

from dataclasses import dataclass
from decimal import Decimal

from domain.taxes import DEFAULT_FREE
from domain.taxes import EXPORTACION
from domain.taxes import icbper_rate
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


def line_affectation(raw, product, export):
    """An export sells every line as 40; a free line takes its own free affectation, or its product's one."""
    affectation = EXPORTACION if export else product.igv_affectation
    if raw.get("gratuito"):
        return raw.get("afectacion_igv") or DEFAULT_FREE[affectation]
    return affectation


def draft_lines(raw_lines, products, export, issue_date=None):
    """LineDrafts for the validated `detalle`; plastic bags pay the ICBPER of `issue_date`."""
    drafts = []
    bag_rate = icbper_rate(issue_date) if issue_date else None
    for raw in raw_lines:
        product = products[raw["cod_num"]]
        quantity = raw.get("cantidad", Decimal(1))
        unit_price = raw.get("precio_unit", product.price)
        discount = raw.get("descuento", Decimal(0))
        affectation = line_affectation(raw, product, export)
        drafts.append(LineDraft(
            product=product,
            description=raw.get("descripcion") or product.name,
            serial_number=raw.get("num_serie"),
            quantity=quantity,
            unit_price=unit_price,
            discount_percent=discount,
            affectation=affectation,
            amounts=line_amounts(unit_price, quantity, discount, affectation,
                                 bag_rate if getattr(product, "icbper", False) else None,
                                 product.isc_rate if getattr(product, "isc_system", "") else None),
        ))
    return drafts


def totals_of(drafts, global_discount_percent=Decimal(0), global_discount_amount=Decimal(0)):
    return document_totals([(draft.affectation, draft.amounts) for draft in drafts], global_discount_percent,
                           global_discount_amount)


def stock_quantities(drafts):
    """product id → total quantity, for the stock-controlled products among the lines."""
    quantities = {}
    for draft in drafts:
        if draft.product.controls_stock:
            quantities[draft.product.id] = quantities.get(draft.product.id, Decimal(0)) + draft.quantity
    return quantities


def write_lines(document_id, drafts):
    documents_table.insert_lines(document_id, line_rows(drafts))


def line_rows(drafts):
    """The document's lines as rows, in the order of models.document.LINE_FIELDS."""
    return [(
        position, draft.product.id, draft.product.code, draft.description, draft.serial_number,
        draft.product.unit, draft.quantity, draft.unit_price, draft.amounts.unit_value, draft.discount_percent,
        draft.amounts.discount_amount, draft.affectation, draft.amounts.value_amount, draft.amounts.igv_amount,
        draft.amounts.total_amount, draft.amounts.free, draft.amounts.icbper_amount, draft.amounts.isc_rate,
        draft.amounts.isc_amount,
    ) for position, draft in enumerate(drafts, start=1)]


def stored_lines_as_input(document_id):
    """A document's lines as a `detalle` payload, to reprice them (e.g. when the operation type changes)."""
    return [{
        "cod_num": line.code,
        "cantidad": line.quantity,
        "precio_unit": line.unit_price,
        "descuento": line.discount_percent,
        "descripcion": line.description,
        "num_serie": line.serial_number,
        **({"gratuito": True, "afectacion_igv": line.igv_affectation} if line.free else {}),
    } for line in documents_table.lines_of([document_id]).get(document_id, [])]
