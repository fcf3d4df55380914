"""Warehouses under concurrency, through a real gunicorn: sales and exits racing on one product in a warehouse
that refuses negative stock never take it below zero; a count closed while sales run loses none of them."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
import requests

from models import StockMovement
from models import WarehouseStock
from models.base import db
from tests import examples
from tests.live_server import LiveServer

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(app, database_url):
    db.close_all()  # the test process's own pooled connections must not be shared by forks
    live = LiveServer(database_url, workers=4)
    yield live
    live.stop()


def run_at_once(count, send):
    local = threading.local()

    def one(n):
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        return send(n, session)

    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(one, range(count)))


def warehouse_kardex(product_id, warehouse_id):
    with db.connection_context():
        return list(StockMovement.select().where((StockMovement.product == product_id)
                                                 & (StockMovement.warehouse == warehouse_id))
                    .order_by(StockMovement.id))


def stock_in(product_id, warehouse_id):
    with db.connection_context():
        row = WarehouseStock.get_or_none((WarehouseStock.product == product_id) & (WarehouseStock.warehouse == warehouse_id))
        return row.stock if row else Decimal(0)


def test_sales_and_exits_racing_in_a_strict_warehouse_never_go_below_zero(call, tenant, server):
    client = call(**examples.CLIENTE_NUEVO).body
    strict = call("almacen-nuevo", almacen_nombre="Sin negativos", almacen_permite_negativo=False).body["id"]
    product = call("producto-nuevo", cod_num=1001, producto_nombre="ESCASO", producto_precio="5.90").body["id"]
    call("inventario-ingreso", cod_num=1001, cantidad=40, costo="2.00", almacen=strict)

    def send(n, session):
        if n % 2:
            payload = {"action": "salida-nuevo", "salida_almacen": strict, "salida_motivo": 2,
                       "detalle": [{"cod_num": 1001, "cantidad": 1}]}
        else:
            payload = {"action": "boleta-nuevo", "factura_estado": 1, "factura_cliente": client["id"],
                       "factura_idmoneda": 1, "factura_idcontacto": client["idpersonal"], "factura_almacen": strict,
                       "detalle": [{"cod_num": 1001, "cantidad": 1}]}
        return server.post(tenant.key, payload, session=session, timeout=60)

    results = run_at_once(60, send)
    codes = [r.status_code for r in results]
    assert sorted(set(codes)) == [201, 409] and codes.count(201) == 40, codes
    assert all(r.json()["codigo"] == 13 for r in results if r.status_code == 409)
    movements = warehouse_kardex(product, strict)
    assert all(m.warehouse_balance >= 0 for m in movements), "never below zero"
    assert [m.warehouse_balance for m in movements] == list(range(40, -1, -1))
    assert stock_in(product, strict) == 0


def test_a_count_closed_while_50_sales_run_loses_none_of_them(call, tenant, server):
    client = call(**examples.CLIENTE_NUEVO).body
    product = call("producto-nuevo", cod_num=1001, producto_nombre="CONTADO", producto_precio="5.90").body["id"]
    call("inventario-ingreso", cod_num=1001, cantidad=1000, costo="2.00")
    main = tenant.company.main_warehouse
    count = call("inventario-conteo-nuevo", conteo_almacenes=[main]).body["id"]
    call("inventario-conteo-editar", conteo_id=count, items=[{"cod_num": 1001, "cantidad_contada": 500}])
    closed = {}

    def send(n, session):
        if n == 25:  # the close arrives while the sales are running
            closed["reply"] = server.post(tenant.key, {"action": "inventario-conteo-cerrar", "conteo_id": count},
                                          session=session, timeout=60)
        return server.post(tenant.key, {
            "action": "nota-nuevo", "factura_estado": 1, "factura_cliente": client["id"], "factura_idmoneda": 1,
            "factura_idcontacto": client["idpersonal"], "detalle": [{"cod_num": 1001, "cantidad": 1}]},
            session=session, timeout=60)

    results = run_at_once(50, send)
    assert [r.status_code for r in results] == [201] * 50
    assert closed["reply"].status_code == 200, closed["reply"].text
    movements = warehouse_kardex(product, main)
    [adjustment] = [m for m in movements if m.kind == "ajuste_conteo"]
    sold_before = sum(1 for m in movements if m.kind == "venta" and m.id < adjustment.id)
    sold_after = sum(1 for m in movements if m.kind == "venta" and m.id > adjustment.id)
    assert sold_before + sold_after == 50
    [item] = closed["reply"].json()["items"]
    assert item["cantidad_antes"] == 1000 - sold_before, "before is the book stock at the close"
    assert adjustment.warehouse_balance == 500
    assert stock_in(product, main) == 500 - sold_after
    running = Decimal(0)
    for m in movements:
        running += m.quantity
        assert m.warehouse_balance == running, "the kardex balance is the stock, movement by movement"
