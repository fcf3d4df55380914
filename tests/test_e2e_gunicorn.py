"""End to end over real HTTP: gunicorn with several workers, a client's life, concurrent numbering."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
import requests

from models import Company
from models import Document
from models import Party
from models import Product
from models import StockMovement
from models.base import db
from models.warehouse import totals
from tests import examples
from tests.live_server import LiveServer

pytestmark = pytest.mark.e2e


@pytest.fixture
def server_factory(app, database_url):
    servers = []

    def start(workers):
        db.close_all()  # the test process's own pooled connections must not be shared by forks
        server = LiveServer(database_url, workers=workers)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def test_a_clients_whole_life_over_http(server_factory, tenant, other_tenant):
    server = server_factory(workers=2)
    key = tenant.key
    created = server.post(key, examples.CLIENTE_NUEVO)
    assert created.status_code == 201 and created.headers["Content-Type"] == "application/json; charset=utf-8"
    client_id = created.json()["id"]

    listed = server.post(key, {"action": "cliente-listar"})
    assert listed.status_code == 200 and listed.headers["X-Total-Count"] == "1"
    assert [c["idempresa"] for c in listed.json()] == [client_id]

    edited = server.post(key, {"action": "cliente-editar", "cliente_id": client_id, "cliente_nombre": "NUEVO SAC",
                               "contacto_telefono": None})
    assert edited.json() == {"respuesta": "Se editó el cliente con éxito", "id": client_id}

    other = server.post(other_tenant.key, {"action": "cliente-editar", "cliente_id": client_id, "cliente_nombre": "X"})
    assert (other.status_code, other.json()["codigo"]) == (400, 12)
    assert server.post(other_tenant.key, {"action": "cliente-listar"}).json() == []

    bad = server.post(key, {"action": "cliente-nuevo", "cliente_nombre": "sin datos"})
    assert (bad.status_code, bad.json()["codigo"]) == (400, 11)
    assert requests.post(f"{server.url}/api", data=b"{", headers={"Key": key}).json()["codigo"] == 11
    assert requests.post(f"{server.url}/api", data=b"{}", headers={"Key": "x" * 32}).json()["codigo"] == 10
    assert requests.post(f"{server.url}/api", data=b"{}").json()["codigo"] == 20
    assert server.post(key, {"action": "nada"}).json()["codigo"] == 30
    assert server.post(key, {"action": "cliente-eliminar", "cliente_id": 999}).json()["codigo"] == 12

    deleted = server.post(key, {"action": "cliente-eliminar", "cliente_id": client_id})
    assert deleted.json() == {"respuesta": "Se eliminó el cliente con éxito", "id": client_id}
    assert server.post(key, {"action": "cliente-listar"}).json() == []

    with db.connection_context():
        party = Party.get_by_id(client_id)
        assert (party.name, party.deleted, party.company_id) == ("NUEVO SAC", True, tenant.company.id)
        assert party.contacts[0].phone is None


def test_200_concurrent_documents_get_gapless_numbers_and_exact_stock(server_factory, tenant, call):
    """4 workers, 200 facturas at once; those selling the scarce product beyond its stock fail after
    their number was taken (the company refuses negative stock), and their numbers are not burnt."""
    with db.connection_context():
        Company.update(allow_negative_stock=False).where(Company.id == tenant.company.id).execute()
    client = call(**examples.CLIENTE_NUEVO).body
    call("producto-nuevo", cod_num=1001, producto_nombre="ABUNDANTE", producto_precio="11.80")
    call("producto-nuevo", cod_num=1002, producto_nombre="ESCASO", producto_precio="5.90")
    assert call("inventario-ingreso", cod_num=1001, cantidad=10000, costo="5.00").status == 200
    assert call("inventario-ingreso", cod_num=1002, cantidad=30, costo="2.00").status == 200
    server = server_factory(workers=4)

    def sale(n):
        lines = [{"cod_num": 1001, "cantidad": 1 + n % 3}]
        if n % 4 == 0:  # 50 requests also want the scarce product: only 30 can have it
            lines.append({"cod_num": 1002, "cantidad": 1})
        payload = {"action": "factura-nuevo", "factura_estado": 1, "factura_cliente": client["id"],
                   "factura_idmoneda": 1, "factura_idcontacto": client["idpersonal"], "detalle": lines}
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        return n, lines, server.post(tenant.key, payload, session=session, timeout=60)

    local = threading.local()
    with ThreadPoolExecutor(max_workers=24) as pool:
        results = list(pool.map(sale, range(200)))

    codes = [r.status_code for _, _, r in results]
    assert all(code in (201, 409) for code in codes), {c for c in codes}
    accepted = [(lines, r.json()) for _, lines, r in results if r.status_code == 201]
    refused = [r.json() for _, _, r in results if r.status_code == 409]
    assert len(accepted) == 180 and len(refused) == 20
    assert all(body["codigo"] == 13 and "stock insuficiente" in body["error"] for body in refused)
    numbers = sorted(body["correlativo"] for _, body in accepted)
    assert numbers == list(range(1, 181)), "gapless, no duplicates, failures burnt nothing"

    sold = sum(Decimal(line["cantidad"]) for lines, _ in accepted for line in lines if line["cod_num"] == 1001)
    with db.connection_context():
        abundant = Product.get(Product.code == 1001)
        scarce = Product.get(Product.code == 1002)
        stock = totals([abundant.id, scarce.id])
        assert stock[abundant.id] == 10000 - sold
        assert stock[scarce.id] == 0
        for product in (abundant, scarce):
            last = (StockMovement.select().where(StockMovement.product == product.id)
                    .order_by(StockMovement.id.desc()).first())
            assert last.balance_quantity == stock[product.id], "kardex balance equals stock"
        assert Document.select().count() == 180
