"""Warehouses (almacenes): every company has a main one, created with it; others are added, edited and
deleted (logically, and only while they hold no stock)."""

from domain.clock import utc_now
from errors import InvalidInput
from errors import NotFound
from errors import StateConflict
from models import warehouse as warehouse_table
from models.company import Company
from models.warehouse import Warehouse

# payload field → Warehouse attribute
FIELDS = {
    "almacen_nombre": "name",
    "almacen_codigo": "code",
    "almacen_direccion": "address",
    "almacen_permite_negativo": "allow_negative_stock",
}


def find(company_id, warehouse_id, include_deleted=False):
    """The company's warehouse `warehouse_id`, or not found (12)."""
    if include_deleted:
        warehouse = Warehouse.get_or_none((Warehouse.id == warehouse_id) & (Warehouse.company == company_id))
    else:
        warehouse = warehouse_table.live(company_id, [warehouse_id]).get(warehouse_id)
    if warehouse is None:
        raise NotFound("el almacén", f"id {warehouse_id}")
    return warehouse


def find_many(company_id, warehouse_ids):
    """id → live Warehouse for every id, or the first missing one not found (12)."""
    found = warehouse_table.live(company_id, warehouse_ids)
    for warehouse_id in warehouse_ids:
        if warehouse_id not in found:
            raise NotFound("el almacén", f"id {warehouse_id}")
    return found


def negative_allowed(warehouse_id, company_allows=None):
    """The warehouse's negative-stock policy; where it has none, its company's (`company_allows` when the
    caller has it at hand)."""
    own, company_id = (Warehouse.select(Warehouse.allow_negative_stock, Warehouse.company)
                       .where(Warehouse.id == warehouse_id).tuples().get())
    if own is not None:
        return own
    if company_allows is not None:
        return company_allows
    return Company.select(Company.allow_negative_stock).where(Company.id == company_id).scalar()


def picked(data):
    values = {attr: data[field] for field, attr in FIELDS.items() if field in data}
    if values.get("name") is None and "name" in values:
        raise InvalidInput("revise almacen_nombre", campos={"almacen_nombre": ["El nombre no puede quedar vacío."]})
    if "address" in values and values["address"] is None:
        values["address"] = ""
    return values


def create(data, company_id):
    return Warehouse.create(company=company_id, **picked(data))


def edit(data, company_id):
    warehouse = find(company_id, data["almacen_id"])
    values = picked(data)
    Warehouse.update(updated_at=utc_now(), **values).where(Warehouse.id == warehouse.id).execute()
    return warehouse


def delete(data, company_id):
    warehouse = find(company_id, data["almacen_id"])
    if warehouse.is_main:
        raise StateConflict(f"el almacén {warehouse.id} es el principal de la empresa; no se puede eliminar")
    if warehouse_table.holds_stock(warehouse.id):
        raise StateConflict(f"el almacén {warehouse.id} tiene stock; transfiéralo o ajústelo a 0 antes de eliminarlo")
    Warehouse.update(deleted=True, updated_at=utc_now()).where(Warehouse.id == warehouse.id).execute()
    return warehouse


def listing(data, company_id):
    query = Warehouse.select().where((Warehouse.company == company_id) & (Warehouse.deleted == False))  # noqa: E712
    if data.get("almacen_id"):
        query = query.where(Warehouse.id == data["almacen_id"])
    return query


def names(company_id):
    """id → Warehouse of every warehouse of the company, deleted ones too (old movements name them)."""
    return {w.id: w for w in Warehouse.select().where(Warehouse.company == company_id)}
