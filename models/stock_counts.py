"""Inventory counts (inventarios, seed 004): opened for some warehouses, counted item by item, closed once.

An item is one product in one warehouse. While the count is open it holds what was counted; closing it
records the book stock at that moment ("before"), the count ("after") and the average cost it was valued at.
"""

from peewee import AutoField
from peewee import BooleanField
from peewee import CharField
from peewee import DateField
from peewee import DateTimeField
from peewee import ForeignKeyField
from peewee import IntegerField
from peewee import TextField

from domain.clock import utc_now
from domain.stock_operations import COUNT_CLOSED
from domain.stock_operations import COUNT_OPEN
from models.base import BaseModel
from models.base import precise
from models.company import Company
from models.product import Product

OPEN = COUNT_OPEN
CLOSED = COUNT_CLOSED


class StockCount(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE", index=False)  # (company, deleted, id) below
    count_date = DateField()
    description = TextField(default="")
    warehouses = CharField(max_length=1000)  # the warehouse ids counted, "1,2"
    state = CharField(max_length=10, default=OPEN)
    deleted = BooleanField(default=False)
    created_at = DateTimeField(default=utc_now)
    closed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("company", "deleted", "id"), False),)

    @property
    def warehouse_ids(self):
        return [int(i) for i in self.warehouses.split(",") if i]


class StockCountItem(BaseModel):
    id = AutoField()
    count = ForeignKeyField(StockCount, on_delete="CASCADE", index=False)  # (count, product, warehouse) below
    product = ForeignKeyField(Product, index=False)
    warehouse = IntegerField()
    counted = precise(null=True)  # None: not counted (yet)
    comment = CharField(max_length=1000, default="")
    # Set when the count closes:
    quantity_before = precise(null=True)
    quantity_after = precise(null=True)
    unit_price = precise(null=True)

    class Meta:
        indexes = ((("count", "product", "warehouse"), True),)
