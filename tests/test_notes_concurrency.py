"""Notes under load through gunicorn with 4 workers: gapless numbers, and the credit cap holds under races."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
import requests

from models import Product
from models import StockMovement
from models.base import db
from models.warehouse import totals
from tests.live_server import LiveServer

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(app, database_url):
    started = []

    def start():
        db.close_all()  # the test process's pooled connections must not be shared by forks
        started.append(LiveServer(database_url, workers=4))
        return started[0]

    yield start
    for one in started:
        one.stop()


def at_once(count, post):
    local = threading.local()

    def one(n):
        local.session = getattr(local, "session", None) or requests.Session()
        return post(n, local.session)

    with ThreadPoolExecutor(max_workers=24) as pool:
        return list(pool.map(one, range(count)))


def test_100_notes_at_once_on_one_series_are_gapless(server, tenant, call, shop):
    facturas = [int(call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 2}])).body["id"])
                for _ in range(10)]
    live = server()

    def note(n, session):
        payload = {"action": "notacredito-nuevo", "nota_documento_id": facturas[n % 10], "nota_motivo_codigo": "09",
                   "nota_motivo": "rebaja", "detalle": [{"cod_num": 1001, "precio_unit": "1.00"}]}
        return live.post(tenant.key, payload, session=session, timeout=60)

    results = at_once(100, note)
    assert [r.status_code for r in results] == [201] * 100, {r.text for r in results if r.status_code != 201}
    numbers = sorted(r.json()["correlativo"] for r in results)
    assert numbers == list(range(1, 101)) and {r.json()["serie"] for r in results} == {"FC01"}


def test_50_partial_credits_at_once_never_exceed_the_total(server, tenant, call, shop):
    """A factura of 47.20 and 50 credits of 1.18 at once: exactly 40 fit, every other one is refused (11)."""
    factura = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 2}])).body
    assert Decimal(factura["total"]) == Decimal("47.20")
    stock_before = Decimal(call("producto-listar", cod_num=1001).body[0]["stock"])
    live = server()

    def credit(n, session):
        payload = {"action": "notacredito-nuevo", "nota_documento_id": int(factura["id"]), "nota_motivo_codigo": "07",
                   "nota_motivo": "devolución parcial",
                   "detalle": [{"cod_num": 1001, "cantidad": "0.05"}]}  # 0.05 × 23.60 = 1.18
        return live.post(tenant.key, payload, session=session, timeout=60)

    results = at_once(50, credit)
    codes = sorted(r.status_code for r in results)
    accepted = [r.json(parse_float=Decimal) for r in results if r.status_code == 201]
    assert codes == [201] * 40 + [400] * 10, codes
    assert all(r.json()["codigo"] == 11 for r in results if r.status_code == 400)
    assert sum(Decimal(body["total"]) for body in accepted) == Decimal("47.20")
    assert sorted(body["correlativo"] for body in accepted) == list(range(1, 41))
    listed = call("factura-listar", factura_id=int(factura["id"])).body[0]
    assert listed["saldo"] == 0 and len(listed["notas"]) == 40
    with db.connection_context():
        product = Product.get(Product.code == 1001)
        stock = totals([product.id])[product.id]
        assert stock == stock_before + 2, "exactly what was sold came back"
        last = StockMovement.select().where(StockMovement.product == product.id).order_by(StockMovement.id.desc()).first()
        assert last.balance_quantity == stock, "kardex balance equals stock"


def test_returns_and_sales_at_once_keep_each_warehouse_equal_to_its_kardex(server, tenant, call, shop):
    """20 total returns of 20 facturas and 20 new sales of the same product, at once: each write reads the
    warehouse's stock after the one it queued behind on the product's lock, so nothing is lost."""
    from models.warehouse import WarehouseStock

    facturas = [int(call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 2}])).body["id"])
                for _ in range(20)]
    with db.connection_context():
        product_id = Product.get(Product.code == 1001).id
        before = totals([product_id])[product_id]
    live = server()

    def write(n, session):
        if n % 2:
            payload = shop.sale(detalle=[{"cod_num": 1001, "cantidad": 1}])
            payload["action"] = "factura-nuevo"
        else:
            payload = {"action": "notacredito-nuevo", "nota_documento_id": facturas[n // 2],
                       "nota_motivo_codigo": "06", "nota_motivo": "devolución total"}
        return live.post(tenant.key, payload, session=session, timeout=60)

    results = at_once(40, write)
    assert [r.status_code for r in results] == [201] * 40, {r.text for r in results if r.status_code != 201}
    with db.connection_context():
        shares = [s.stock for s in WarehouseStock.select().where(WarehouseStock.product == product_id)]
        assert sum(shares) == before + 20 * 2 - 20 * 1
        last = StockMovement.select().where(StockMovement.product == product_id).order_by(StockMovement.id.desc()).first()
        assert last.balance_quantity == sum(shares) and last.warehouse_balance == sum(shares)
