"""Supplier bills (facturas de proveedor, `compra-*`) and their lines.

A bill is the supplier's own document: its number (`SERIE-NUMERO`) is the supplier's, unique per supplier
among the company's live bills. That is a partial unique index, so two requests registering the same
number at once leave exactly one bill, and a deleted bill frees its number for a corrected one.
"""

import json
from decimal import Decimal

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import IntegrityError
from peewee import TextField

from domain.catalogs import SUPPLIER
from domain.clock import utc_now
from models import sql
from models.base import BaseModel
from models.base import db
from models.base import money
from models.base import precise
from models.bulk import insert_row
from models.bulk import insert_values
from models.company import Company
from models.party import PARTY_SALE_FIELDS
from models.party import Party
from models.product import Product


class Purchase(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)  # indexes below lead with it
    supplier = ForeignKeyField(Party, on_delete="CASCADE", index=False)
    number = CharField(max_length=13)  # the supplier's SERIE-NUMERO, as purchasing.service.canonical_number writes it
    issue_date = DateField()
    due_date = DateField(null=True)
    notes = CharField(max_length=500, null=True)  # compra_observaciones
    terms = CharField(max_length=500, null=True)  # compra_terminos
    currency = IntegerField(default=1)  # domain.catalogs.CURRENCIES
    exchange_rate = precise(default=1)  # soles per unit of `currency`
    warehouse = IntegerField(null=True)  # compra_almacen
    prices_include_igv = BooleanField(default=False)
    comments = TextField(default="[]")  # JSON list of texts
    gravadas = money()
    exoneradas = money()
    inafectas = money()
    discounts = money()
    igv = money()  # the crédito fiscal
    total = money()
    base_pen = money()
    igv_pen = money()
    total_pen = money()
    created_by_key = IntegerField(default=0)
    deleted = BooleanField(default=False)
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("company", "deleted", "id"), False),)

    @property
    def comment_list(self):
        return json.loads(self.comments or "[]")


# One live bill per supplier number, even under concurrent requests (the listing by supplier uses it too).
Purchase.add_index(Purchase.index(Purchase.company, Purchase.supplier, Purchase.number, unique=True,
                                  where=(Purchase.deleted == False)))  # noqa: E712


class PurchaseLine(BaseModel):
    id = AutoField()
    purchase = ForeignKeyField(Purchase, on_delete="CASCADE", index=False)  # (purchase, position) below
    position = IntegerField()
    product = ForeignKeyField(Product, on_delete="CASCADE", index=False)
    code = IntegerField()
    description = CharField(max_length=250)
    unit = CharField(max_length=3)
    quantity = precise()
    unit_price = precise()  # as the bill prints it (before IGV unless the bill's prices include it)
    unit_value = precise()  # before IGV and discount
    discount_percent = precise(default=0)
    discount_amount = money()
    affectation = IntegerField(default=10)
    value_amount = money()
    igv_amount = money()
    total_amount = money()
    unit_cost = precise()  # in soles, what one unit enters stock at
    observations = CharField(max_length=500, null=True)

    class Meta:
        indexes = ((("purchase", "position"), True),)


# What compra-nuevo writes of a bill besides its company and supplier.
HEADER_FIELDS = ("number", "issue_date", "due_date", "notes", "terms", "currency", "exchange_rate", "warehouse",
                 "prices_include_igv", "comments", "gravadas", "exoneradas", "inafectas", "discounts", "igv", "total",
                 "base_pen", "igv_pen", "total_pen", "created_by_key")
LINE_FIELDS = ("purchase", "position", "product", "code", "description", "unit", "quantity", "unit_price",
               "unit_value", "discount_percent", "discount_amount", "affectation", "value_amount", "igv_amount",
               "total_amount", "unit_cost", "observations")


@sql.statement
def _supplier_text():
    return (f"SELECT {sql.columns(Party, PARTY_SALE_FIELDS)} FROM {sql.table(Party)} "
            f"WHERE {sql.equal(Party, ['id', 'company', 'kind', 'deleted'])}")


def live_supplier(company_id, supplier_id):
    """The company's live supplier with that id (its id, name and document), or None: fixed SQL, as every
    new bill reads it."""
    rows = sql.fetch(_supplier_text(), [supplier_id, company_id, SUPPLIER, False])
    return sql.instance(Party, PARTY_SALE_FIELDS, rows[0]) if rows else None


def insert_unless_duplicate(row):
    """The new bill's id, or None when the company has a live bill of that supplier with that number
    (the unique index decides, so concurrent requests cannot both get in)."""
    return insert_row(Purchase, row, unless_duplicate=True)


def save_unless_duplicate(purchase):
    """Save an edited bill; False when its (supplier, number) is taken by another live bill."""
    try:
        with db.atomic():  # a savepoint: PostgreSQL's transaction stays usable after the refusal
            purchase.save()
    except IntegrityError:
        return False
    return True


def holder_of_number(company_id, supplier_id, number, other_than=None):
    """The id of the company's live bill of that supplier with that number, or None."""
    query = Purchase.select(Purchase.id).where(
        (Purchase.company == company_id) & (Purchase.supplier == supplier_id) & (Purchase.number == number)
        & (Purchase.deleted == False))  # noqa: E712
    if other_than is not None:
        query = query.where(Purchase.id != other_than)
    row = query.tuples().first()
    return row[0] if row else None


def live_purchase(company_id, purchase_id):
    return Purchase.get_or_none((Purchase.id == purchase_id) & (Purchase.company == company_id)
                                & (Purchase.deleted == False))  # noqa: E712


def insert_lines(rows):
    """A bill's lines, tuples in LINE_FIELDS order (deferred inside one round trip)."""
    insert_values(PurchaseLine, LINE_FIELDS, rows)


def delete_lines(purchase_id):
    PurchaseLine.delete().where(PurchaseLine.purchase == purchase_id).execute()


def lines_of(purchase_ids):
    """bill id → its PurchaseLines in order."""
    found = {}
    if purchase_ids:
        for line in (PurchaseLine.select().where(PurchaseLine.purchase.in_(list(purchase_ids)))
                     .order_by(PurchaseLine.purchase, PurchaseLine.position)):
            found.setdefault(line.purchase_id, []).append(line)
    return found


def supplier_summaries(company_id, supplier_ids):
    """supplier id → [live bills, their total in soles], for a page of suppliers.

    Summed here, exactly: SQLite keeps decimals as TEXT and its SUM would return a binary float."""
    found = {}
    if supplier_ids:
        for supplier, total in (Purchase.select(Purchase.supplier, Purchase.total_pen)
                                .where((Purchase.company == company_id)
                                       & (Purchase.supplier.in_(list(supplier_ids)))
                                       & (Purchase.deleted == False))  # noqa: E712
                                .tuples()):
            summary = found.setdefault(supplier, [0, Decimal("0.00")])
            summary[0] += 1
            summary[1] += total
    return found
