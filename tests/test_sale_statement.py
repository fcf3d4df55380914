"""A new sale's rows (models/sale.py): on PostgreSQL one statement takes the stock, the number and writes the
document, its lines and its kardex; on SQLite the steps. Either way the same rows, and a refusal leaves none."""

import re
from decimal import Decimal as D

from models import Company
from models import prepared
from models.base import db
from models.base import is_sqlite


def statements(sent):
    """The texts `sent` recorded, with each `EXECUTE gateway_n(…)` of a prepared statement as its text."""
    names = {name: text for text, name in prepared._names.items()}
    found = []
    for text in map(str, sent):
        for part in text.split("; "):  # deferred writes travel joined (models/base.py)
            executed = re.match(r"EXECUTE (gateway_\d+)", part)
            found.append(names[executed.group(1)] if executed else part)
    return found


def test_a_sale_writes_the_same_rows_either_way(call, shop):
    sold = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 3},
                                                       {"cod_num": 1003, "cantidad": 1},
                                                       {"cod_num": 1001, "cantidad": 2}]))
    assert sold.status == 201, sold.body
    number = sold.body["numero"]
    [exit_] = [m for m in call("kardex-listar", cod_num=1001, limite=1000).body if m["tipo"] != "ingreso"]
    # One exit per product (its lines' quantities added up), at the average, with what it left behind.
    assert (exit_["cantidad"], exit_["costo_unitario"], exit_["saldo"], exit_["costo_promedio"],
            exit_["saldo_almacen"], exit_["descripcion"]) == (-5, 15, 95, 15, 95, f"Venta {number}")
    [product] = call("producto-listar", cod_num=1001).body
    assert product["stock"] == 95
    assert call("kardex-listar", cod_num=1003).body == [], "a service moves no stock"


def test_on_postgresql_stock_number_and_rows_go_in_one_statement_after_the_products_lock(call, shop, sent):
    sent.clear()
    assert call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 1}])).status == 201
    texts = statements(sent)
    numbering = [text for text in texts if 'UPDATE "series"' in text]
    assert len(numbering) == 1
    assert not any('UPDATE "product"' in text for text in texts), "a product's stock is its warehouses' rows"
    if is_sqlite():
        assert 'INSERT INTO "stock_movement"' not in numbering[0]
        return
    for written in ('UPDATE "warehouse_stock"', 'INSERT INTO "document"', 'INSERT INTO "document_line"',
                    'INSERT INTO "stock_movement"'):
        assert written in numbering[0], written
    # The products are locked before the series, as every other writer of both takes them, by a statement
    # of their own: the sale's statement then reads the warehouse rows as the writer ahead left them.
    assert "FOR NO KEY UPDATE" not in numbering[0]
    [lock] = [text for text in texts[:texts.index(numbering[0])] if "FOR NO KEY UPDATE" in text]
    assert lock.startswith('SELECT') and 'FROM "product"' in lock


def test_a_service_only_sale_takes_no_stock(call, shop, sent):
    sent.clear()
    sold = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1003, "cantidad": 2}]))
    assert sold.status == 201 and sold.body["total"] == D("236.00")
    assert not any('UPDATE "product"' in text for text in statements(sent))


def test_a_refused_exit_spends_no_number_and_writes_nothing(call, shop, tenant):
    with db.connection_context():
        Company.update(allow_negative_stock=False).where(Company.id == tenant.company.id).execute()
    refused = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1003, "cantidad": 1},
                                                          {"cod_num": 1002, "cantidad": 11}]))
    assert (refused.status, refused.body["codigo"]) == (409, 13)
    assert refused.body["error"].endswith("stock insuficiente del producto 1002: disponible 10, se necesitan 11")
    assert call("factura-listar").body == []
    assert [m["tipo"] for m in call("kardex-listar", cod_num=1002).body] == ["ingreso"]
    accepted = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1002, "cantidad": 10}]))
    assert accepted.body["correlativo"] == 1, "the refused sale's number was not spent"


def test_a_missing_series_is_refused_with_nothing_written(call, shop):
    refused = call("factura-nuevo", **shop.sale(factura_serie="F777", detalle=[{"cod_num": 1001, "cantidad": 1}]))
    assert (refused.status, refused.body["codigo"]) == (400, 12), refused.body
    assert "F777" in refused.body["error"]
    [product] = call("producto-listar", cod_num=1001).body
    assert product["stock"] == 100, "the stock it took is back"
