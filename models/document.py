"""Sales documents (factura, boleta, nota de venta), their lines, instalments and series counters."""

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

from models.base import BaseModel
from models.base import money
from models.base import now
from models.base import precise
from models.company import Company
from models.party import Contact
from models.party import Party
from models.product import Product


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
    doc_type = IntegerField()  # 1 factura, 2 boleta, 3 nota de venta (fesunat-enviar's tipodoc)
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
    detraccion_code = CharField(max_length=3, default="037")  # SUNAT catalogue 54
    payment_method = IntegerField(null=True)  # factura_idpago
    payment_form = IntegerField(default=1)  # 1 contado, 2 crédito
    gravadas = money()
    exoneradas = money()
    inafectas = money()
    exportacion = money()
    discounts = money()
    igv = money()
    total = money()
    amount_in_words = CharField(max_length=500)
    sunat_state = CharField(max_length=20, default="pendiente")
    deleted = BooleanField(default=False)
    created_by_key = IntegerField(default=0)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)

    class Meta:
        indexes = (
            (("company", "doc_type", "series", "number"), True),
            (("company", "doc_type", "deleted", "id"), False),
            (("company", "doc_type", "issue_date"), False),
            (("party",), False),
        )

    @property
    def numero(self):
        return f"{self.series}-{self.number:08d}"


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

    class Meta:
        indexes = ((("document", "position"), True),)


class Installment(BaseModel):
    """A credit instalment (cuota) of a document paid on credit."""

    id = AutoField()
    document = ForeignKeyField(Document, backref="installments", on_delete="CASCADE")
    position = IntegerField()
    amount = money()
    due_date = DateField()
