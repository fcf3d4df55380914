"""Live record counts per company, so an unfiltered listing's X-Total-Count costs one row, not a scan.

A company gets its rows (at zero) when it is created; every create and delete adjusts them in its
own transaction. A company without rows (created before counts existed) is simply counted.
"""

from peewee import AutoField
from peewee import CharField
from peewee import ForeignKeyField
from peewee import IntegerField

from models import sql
from models.base import BaseModel
from models.base import defer
from models.company import Company

ENTITIES = ("cliente", "proveedor", "producto", "factura", "boleta", "nota", "notacredito", "notadebito")


class LiveCount(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, on_delete="CASCADE")
    entity = CharField(max_length=20)
    live = IntegerField(default=0)

    class Meta:
        indexes = ((("company", "entity"), True),)


def start_counts(company_id):
    LiveCount.insert_many([{"company": company_id, "entity": e, "live": 0} for e in ENTITIES]).execute()


@sql.statement
def adjust_query():
    live = sql.column(LiveCount, "live")
    return (f"UPDATE {sql.table(LiveCount)} SET {live} = {live} + {sql.placeholders(1)} "
            f"WHERE {sql.equal(LiveCount, ['company', 'entity'])}")


def adjust(company_id, entity, delta):
    defer(adjust_query(), [delta, company_id, entity])


def live_count(company_id, entity):
    """The kept count, or None when the company has no counts (then the caller counts)."""
    row = LiveCount.select(LiveCount.live).where(
        (LiveCount.company == company_id) & (LiveCount.entity == entity)).tuples().first()
    return row[0] if row else None
