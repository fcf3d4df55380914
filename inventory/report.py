"""The stock report of every warehouse ("reporte de stock de todas las sucursales"): quantity, average cost
and value per warehouse and product, per product in total, and the company's total value.

A value is quantity × the product's average cost (one per product, whatever the warehouse), in cents; each
total is the sum of the values it lists, so the report adds up as printed.
"""

from decimal import Decimal

from domain.money import cents
from inventory import warehouses
from models.product import Product
from models.warehouse import Warehouse
from models.warehouse import WarehouseStock


def stock_report(company_id, data):
    """(warehouses [(Warehouse, [(Product, quantity, value)], total)], products [(Product, quantity, value)],
    company total) for the payload's filters (`almacen_id`, `cod_num`)."""
    query = (WarehouseStock.select(WarehouseStock, Product, Warehouse).join(Product)
             .switch(WarehouseStock).join(Warehouse)
             .where((Product.company == company_id) & (Product.deleted == False)  # noqa: E712
                    & (Warehouse.deleted == False)))  # noqa: E712
    if data.get("almacen_id"):
        query = query.where(WarehouseStock.warehouse == warehouses.find(company_id, data["almacen_id"]).id)
    if data.get("cod_num"):
        query = query.where(Product.code == data["cod_num"])
    by_warehouse, by_product = {}, {}
    for row in query.order_by(WarehouseStock.warehouse, Product.code):
        if row.stock == 0:
            continue
        product, warehouse = row.product, row.warehouse
        value = cents(row.stock * product.average_cost)
        by_warehouse.setdefault(warehouse.id, (warehouse, []))[1].append((product, row.stock, value))
        _, quantity, total = by_product.get(product.id, (product, Decimal(0), Decimal(0)))
        by_product[product.id] = (product, quantity + row.stock, total + value)
    listed = [(warehouse, rows, sum((v for _, _, v in rows), Decimal("0.00")))
              for warehouse, rows in by_warehouse.values()]
    products = sorted(by_product.values(), key=lambda item: item[0].code)
    return listed, products, sum((total for _, _, total in listed), Decimal("0.00"))
