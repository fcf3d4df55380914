"""Supplier bills over real HTTP with several gunicorn workers: bills and sales racing on one product keep
stock equal to the kardex, and one supplier number sent many times at once makes exactly one bill."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
import requests

from models import Product
from models import Purchase
from models import StockMovement
from models.base import db
from models.warehouse import totals
from tests import examples
from tests.live_server import LiveServer

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(app, database_url):
    db.close_all()  # the test process's pooled connections must not be shared by the forks
    live = LiveServer(database_url, workers=4)
    yield live
    live.stop()


@pytest.fixture
def sender(server):
    local = threading.local()

    def send(key, payload):
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        return server.post(key, payload, session=session, timeout=60)

    return send


def test_bills_and_sales_racing_on_one_product_keep_stock_equal_to_the_kardex(call, tenant, sender):
    supplier = call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC}).body["id"]
    client = call(**examples.CLIENTE_NUEVO).body
    call("producto-nuevo", cod_num=1001, producto_nombre="ARROZ", producto_precio="23.60")
    assert call("inventario-ingreso", cod_num=1001, cantidad=50, costo="20.00").status == 200

    def work(n):
        if n % 3 == 0:  # 20 bills, 10 units each at 20 + n
            return "compra", sender(tenant.key, {
                "action": "compra-nuevo", "compra_proveedor": supplier, "compra_numero": f"F001-{n}",
                "compra_fecha": "2024-05-01", "detalle": [{"cod_num": 1001, "cantidad": 10, "precio": 20 + n}]})
        if n % 3 == 1:  # 20 sales of 3 units
            return "venta", sender(tenant.key, {
                "action": "nota-nuevo", "factura_estado": 1, "factura_cliente": client["id"], "factura_idmoneda": 1,
                "factura_idcontacto": client["idpersonal"], "detalle": [{"cod_num": 1001, "cantidad": 3}]})
        # 20 edits of the bill registered just before, if it is there yet: its lines become 5 units
        return "edicion", sender(tenant.key, {"action": "compra-editar", "compra_id": 1 + n // 3,
                                              "detalle": [{"cod_num": 1001, "cantidad": 5, "precio": 30}]})

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(work, range(60)))

    assert all(r.status_code == 201 for kind, r in results if kind != "edicion"), [
        r.text for kind, r in results if kind != "edicion" and r.status_code != 201]
    edited = [r for kind, r in results if kind == "edicion"]
    assert all(r.status_code in (200, 400) for r in edited), [r.text for r in edited if r.status_code not in (200, 400)]
    assert all(r.json()["codigo"] == 12 for r in edited if r.status_code == 400), "not registered yet: not found"
    with db.connection_context():
        product = Product.get(Product.code == 1001)
        moves = list(StockMovement.select().where(StockMovement.product == product.id).order_by(StockMovement.id))
        bills = {bill.id: bill for bill in Purchase.select()}
        brought = sum(m.quantity for m in moves if m.purchase is not None)
        assert brought == 10 * 20 - 5 * sum(1 for r in edited if r.status_code == 200)
        stock = totals([product.id])[product.id]
        assert stock == 50 + brought - 3 * 20
        assert stock == sum((m.quantity for m in moves), Decimal(0)) == moves[-1].balance_quantity
        assert product.average_cost == moves[-1].balance_average_cost
        for earlier, later in zip(moves, moves[1:]):  # every row starts from the balance the previous one left
            assert later.balance_quantity == earlier.balance_quantity + later.quantity
        assert len(bills) == 20


def test_the_same_supplier_number_sent_at_once_makes_exactly_one_bill(call, tenant, sender):
    supplier = call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC}).body["id"]
    call("producto-nuevo", cod_num=1001, producto_nombre="ARROZ", producto_precio="23.60")
    payload = {"action": "compra-nuevo", "compra_proveedor": supplier, "compra_numero": "F001-777",
               "compra_fecha": "2024-05-01", "detalle": [{"cod_num": 1001, "cantidad": 10, "precio": "25.00"}]}
    barrier = threading.Barrier(12)

    def send(_):
        barrier.wait()
        return sender(tenant.key, payload)

    with ThreadPoolExecutor(max_workers=12) as pool:
        replies = list(pool.map(send, range(12)))

    created = [r.json() for r in replies if r.status_code == 201]
    refused = [r.json() for r in replies if r.status_code != 201]
    assert len(created) == 1, [r.text for r in replies]
    assert all(body["codigo"] == 11 and body["id_existente"] == created[0]["id"] for body in refused), refused
    with db.connection_context():
        assert Purchase.select().count() == 1
        product_id = Product.get(Product.code == 1001).id
        assert totals([product_id])[product_id] == 10, "one bill's goods, once"
