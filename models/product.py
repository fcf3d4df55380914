"""Products and services that detail lines sell, with their stock and weighted-average cost."""

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField

from models.base import BaseModel
from models.base import now
from models.base import precise
from models.company import Company

GOODS = 1
SERVICE = 2


class Product(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)  # indexes below lead with it
    code = IntegerField()  # the `cod_num` detail lines reference
    name = CharField(max_length=250)
    unit = CharField(max_length=3, default="NIU")  # SUNAT catalogue 03
    price = precise()  # sale price including IGV
    kind = IntegerField(default=GOODS)
    igv_affectation = IntegerField(default=10)  # SUNAT catalogue 07
    controls_stock = BooleanField(default=True)
    stock = precise(default=0)
    average_cost = precise(default=0)
    deleted = BooleanField(default=False)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)

    class Meta:
        # A code stays taken after deletion: old documents still name it.
        indexes = (
            (("company", "code"), True),
            (("company", "deleted", "id"), False),
        )
