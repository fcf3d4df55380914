"""Sales documents (factura, boleta, nota de venta), their lines, installments and series counters, with the
fixed SQL a sale runs: what it reads first, how it takes its number, how its rows are written (on
PostgreSQL a new sale writes all of it in one statement: models/sale.py).

Gapless numbers: one counter row per company, document kind and series, taken with
`UPDATE … SET last_number = last_number + 1 … RETURNING` inside the creating transaction. The row stays
locked until commit (PostgreSQL row lock; SQLite's IMMEDIATE transaction), so concurrent requests queue
instead of colliding, and a failed request rolls its number back.
"""

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import DecimalField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField
from peewee import TimeField

from domain.catalogs import CLIENT
from domain.catalogs import DEFAULT_DETRACCION_CODE
from domain.clock import utc_now
from domain.documents import KINDS
from domain.documents import number_text
from domain.sunat_states import PENDING
from models import sql
from models.base import BaseModel
from models.base import is_sqlite
from models.base import money
from models.base import precise
from models.bulk import insert_row
from models.bulk import insert_row_with
from models.bulk import insert_values
from models.company import Company
from models.party import CONTACT_SALE_FIELDS
from models.party import PARTY_SALE_FIELDS
from models.party import client_and_contact
from models.party import Contact
from models.party import Party
from models.product import SALE_FIELDS
from models.product import Product
from models.product import by_code


class Series(BaseModel):
    """One numbering sequence per company, document type and series code."""

    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE")
    doc_type = IntegerField()
    code = CharField(max_length=4)
    last_number = IntegerField(default=0)
    is_default = BooleanField(default=False)

    class Meta:
        indexes = ((("company", "doc_type", "code"), True),)


class Document(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)  # indexes below lead with it
    doc_type = IntegerField()  # tipodoc: 1 factura, 2 boleta, 3 nota de venta
    series = CharField(max_length=4)
    number = IntegerField()
    party = ForeignKeyField(Party)
    contact = ForeignKeyField(Contact, index=False)  # contacts are never deleted; nothing looks documents up by one
    currency = IntegerField()  # 1 PEN, 2 USD, 3 EUR
    payment_state = IntegerField()  # factura_estado: 1 pagado, 2 no pagado, 3 anulada
    issue_date = DateField()
    payment_date = DateField(null=True)
    issue_time = TimeField()
    notes = TextField(default="")
    operation_type = IntegerField(default=1)  # 1 venta interna, 2 exportación
    detraccion = BooleanField(default=False)
    detraccion_percent = DecimalField(max_digits=5, decimal_places=2, default=0)
    detraccion_amount = money()
    detraccion_code = CharField(max_length=3, default=DEFAULT_DETRACCION_CODE)  # SUNAT catalogue 54
    payment_method = IntegerField(null=True)  # factura_idpago
    payment_form = IntegerField(default=1)  # 1 contado, 2 crédito
    gravadas = money()
    exoneradas = money()
    inafectas = money()
    exportacion = money()
    discounts = money()
    igv = money()
    total = money()
    gratuitas = money()  # free lines' bases (op_gratuitas): declared, never charged
    igv_gratuitas = money()
    icbper = money()
    isc = money()  # impuesto selectivo al consumo (tax 2000), charged before IGV
    global_discount_percent = DecimalField(max_digits=5, decimal_places=2, default=0)  # factura_descuento_global
    global_discount_base = money()  # its SUNAT 02 share, off the gravado base
    global_discount_other = money()  # its SUNAT 03 share, off the other bases
    global_discount_amount = money()  # factura_descuento_global_monto: SUNAT 03, off what is paid
    exchange_rate = precise(null=True)  # factura_tipo_cambio: soles per unit of the document's currency
    detraccion_amount_pen = money()  # the detracción in soles, as SUNAT receives it
    perception_code = CharField(max_length=2, default="")  # factura_percepcion: SUNAT catalogue 53, "" none
    perception_amount = money()  # charged to the buyer on top of the total, in soles
    amount_in_words = CharField(max_length=500)
    sunat_state = CharField(max_length=20, default=PENDING)
    deleted = BooleanField(default=False)
    created_by_key = IntegerField(default=0)
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)
    # The warehouse it sells from (models/warehouse.py; None: sold before warehouses, from the main one).
    warehouse = IntegerField(null=True)

    class Meta:
        indexes = (
            (("company", "doc_type", "series", "number"), True),
            (("company", "doc_type", "deleted", "id"), False),
            (("company", "doc_type", "issue_date"), False),
            (("party",), False),
        )

    @property
    def numero(self):
        return number_text(self.series, self.number)


class DocumentLine(BaseModel):
    id = AutoField()
    document = ForeignKeyField(Document, backref="lines", on_delete="CASCADE", index=False)  # (document, position)
    position = IntegerField()
    # No index: nothing reads lines by product, and one would cost every sale a page per line.
    product = ForeignKeyField(Product, index=False)
    code = IntegerField()
    description = CharField(max_length=1000)
    serial_number = CharField(max_length=250, null=True)
    unit = CharField(max_length=3)
    quantity = precise()
    unit_price = precise()  # including IGV, as sold
    unit_value = precise()  # without IGV, before discount
    discount_percent = DecimalField(max_digits=5, decimal_places=2, default=0)
    discount_amount = money()  # on the base (value without IGV)
    igv_affectation = IntegerField()
    value_amount = money()  # base after discount
    igv_amount = money()
    total_amount = money()
    free = BooleanField(default=False)  # gratuito: a free transfer, never charged
    icbper_amount = money()
    isc_rate = DecimalField(max_digits=9, decimal_places=4, default=0)  # percent of the value (system 01)
    isc_amount = money()

    class Meta:
        indexes = ((("document", "position"), True),)


class DocumentInstallment(BaseModel):
    """A credit installment (cuota) of a document paid on credit."""

    id = AutoField()
    document = ForeignKeyField(Document, backref="installments", on_delete="CASCADE")
    position = IntegerField()
    amount = money()
    due_date = DateField()

    class Meta:
        table_name = "installment"


def add_missing_series():
    """Give every company the default series of kinds added after it was created (the notes' FC01, BC01…),
    so `init-db` after an upgrade is all an older database needs."""
    present = set(Series.select(Series.company, Series.doc_type, Series.code).tuples())
    wanted = [{"company": company_id, "doc_type": kind.code, "code": code, "is_default": code == kind.default_series}
              for (company_id,) in Company.select(Company.id).tuples()
              for kind in KINDS.values() for code in kind.default_series_codes
              if (company_id, kind.code, code) not in present]
    if wanted:
        Series.insert_many(wanted).execute()


# -- what a new sale reads first ---------------------------------------------------------------------

@sql.statement
def _sale_references_text(count):
    """The client, its contact and the products of `count` codes, each with its `deleted` flag: one row
    per product found (one with no product when none is), none when the client or contact is not found.
    The flag is read, not filtered on, so that the unique (company, code) index finds the products: with
    `deleted = ?` in the join SQLite walks every live product of the company instead."""
    company, code, deleted = (sql.column(Product, name, "pr") for name in ("company", "code", "deleted"))
    return (f"SELECT {sql.columns(Party, PARTY_SALE_FIELDS, 'p')}, {sql.columns(Contact, CONTACT_SALE_FIELDS, 'c')}, "
            f"{sql.columns(Product, SALE_FIELDS, 'pr')}, {deleted} "
            f"FROM {sql.table(Contact)} AS c JOIN {sql.table(Party)} AS p "
            f"ON {sql.column(Party, 'id', 'p')} = {sql.column(Contact, 'party', 'c')} "
            f"LEFT JOIN {sql.table(Product)} AS pr ON {company} = {sql.column(Party, 'company', 'p')} "
            f"AND {code} IN ({sql.placeholders(count)}) "
            f"WHERE {sql.equal(Contact, ['id'], 'c')} AND {sql.equal(Party, ['id', 'company', 'kind', 'deleted'], 'p')}")


def sale_references(company_id, client_id, contact_id, codes):
    """(client, contact, code → live Product), or None when the live client or its contact is not there.
    Codes that are missing are simply absent from the dict.

    One query on PostgreSQL (a round trip less); on SQLite, which has no round trips to save, the two
    lookups apart cost less than their join (about 0.45 against 0.73 million instructions for 10 codes)."""
    if is_sqlite():
        found = client_and_contact(company_id, client_id, contact_id)
        return None if found is None else (*found, by_code(company_id, codes))
    wanted = sorted(set(codes))
    rows = sql.fetch(_sale_references_text(len(wanted)), [*wanted, contact_id, client_id, company_id, CLIENT, False])
    if not rows:
        return None
    first, products_at = rows[0], len(PARTY_SALE_FIELDS) + len(CONTACT_SALE_FIELDS)
    party = sql.instance(Party, PARTY_SALE_FIELDS, first[:len(PARTY_SALE_FIELDS)])
    contact = sql.instance(Contact, CONTACT_SALE_FIELDS, first[len(PARTY_SALE_FIELDS):products_at])
    products = (sql.instance(Product, SALE_FIELDS, row[products_at:-1]) for row in rows
                if row[products_at] is not None and not row[-1])  # row[-1]: deleted (0/1 on SQLite)
    return party, contact, {product.code: product for product in products}


# -- numbers ----------------------------------------------------------------------------------------

@sql.statement
def take_number_text(which, condition=""):
    """The series' UPDATE … RETURNING code, last_number; `condition`: SQL added to its WHERE."""
    last = sql.column(Series, "last_number")
    return (f"UPDATE {sql.table(Series)} SET {last} = {last} + 1 "
            f"WHERE {sql.equal(Series, ['company', 'doc_type', which])}{condition} "
            f"RETURNING {sql.column(Series, 'code')}, {last}")


def series_filter(series_code):
    """Which series: the one named, or the kind's default."""
    return ("code", series_code.upper()) if series_code else ("is_default", True)


def take_number(company_id, doc_type, series_code=None):
    """(series code, number) taken from the series (the default one when `series_code` is None), or None
    when the company has no such series."""
    which, value = series_filter(series_code)
    taken = sql.fetch(take_number_text(which), [company_id, doc_type, value])
    return tuple(taken[0]) if taken else None


def unnumbered_row(document):
    """A Document not yet saved as the row to insert: every field but its id and the series and number the
    numbering fills in."""
    # __data__ holds foreign keys as ids, where getattr would load each related row.
    return {name: value for name, value in document.__data__.items() if name not in ("id", "series", "number")}


def insert_numbered(document, series_code=None):
    """Take the series' next number and insert `document` (a Document not yet saved) carrying it; sets its
    id, series and number and returns True, or False when the company has no such series.

    On PostgreSQL, one statement: the series row is locked for one round trip less. (SQLite has no
    UPDATE inside WITH, and no round trips to save.)
    """
    row = unnumbered_row(document)
    which, value = series_filter(series_code)
    params = [document.company_id, document.doc_type, value]
    if is_sqlite():
        taken = sql.fetch(take_number_text(which), params)
        if not taken:
            return False
        document.series, document.number = taken[0]
        document.id = insert_row(Document, {**row, "series": document.series, "number": document.number})
        return True
    taken = insert_row_with(Document, row, f"WITH source_row AS ({take_number_text(which)})", params,
                            {"series": "code", "number": "last_number"})
    if taken is None:
        return False
    document.id, document.series, document.number = taken
    return True


# -- lines and installments ----------------------------------------------------------------------------

LINE_FIELDS = ("position", "product", "code", "description", "serial_number", "unit", "quantity", "unit_price",
               "unit_value", "discount_percent", "discount_amount", "igv_affectation", "value_amount", "igv_amount",
               "total_amount", "free", "icbper_amount", "isc_rate", "isc_amount")


def insert_lines(document_id, rows):
    """A document's lines, tuples in LINE_FIELDS order, in one statement (deferred inside one round trip)."""
    insert_values(DocumentLine, LINE_FIELDS, rows, shared={"document": document_id})


def lines_of(document_ids):
    """document id → its DocumentLines in order."""
    found = {}
    if document_ids:
        for line in (DocumentLine.select().where(DocumentLine.document.in_(list(document_ids)))
                     .order_by(DocumentLine.document, DocumentLine.position)):
            found.setdefault(line.document_id, []).append(line)
    return found


def installments_of(document_ids):
    """document id → its DocumentInstallments in order."""
    found = {}
    if document_ids:
        for cuota in (DocumentInstallment.select().where(DocumentInstallment.document.in_(list(document_ids)))
                      .order_by(DocumentInstallment.document, DocumentInstallment.position)):
            found.setdefault(cuota.document_id, []).append(cuota)
    return found


def replace_installments(document_id, rows, existing=True):
    """The document's cuotas become `rows` ((amount, due date) pairs); `existing=False` skips the delete."""
    if existing:
        DocumentInstallment.delete().where(DocumentInstallment.document == document_id).execute()
    if rows:
        DocumentInstallment.insert_many([{"document": document_id, "position": n, "amount": amount, "due_date": due}
                                         for n, (amount, due) in enumerate(rows, start=1)]).execute()
