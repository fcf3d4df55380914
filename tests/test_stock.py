"""Stock and kardex: seed 001's income rules and average cost; stock always equals the kardex balance."""

import datetime
from decimal import Decimal as D

import pytest

from domain.clock import lima_today
from models import Company
from models.base import db


def assert_consistent(call, code):
    """The product's stock equals the kardex's last balance."""
    [product] = call("producto-listar", cod_num=code).body
    movements = call("kardex-listar", cod_num=code, limite=1000).body
    balance = movements[-1]["saldo"] if movements else 0
    assert product["stock"] == balance
    running = 0
    for movement in movements:
        running += movement["cantidad"]
        assert movement["saldo"] == running, "each balance is the sum of the movements so far"
    return product["stock"]


def test_seed_001_worked_example(call):
    call("producto-nuevo", cod_num=1, producto_nombre="PROD-001", producto_precio=30)
    first = call("inventario-ingreso", cod_num=1, cantidad=50, costo="20.00", descripcion="Ingreso de inventario por compra")
    assert (first.body["stock_anterior"], first.body["stock_nuevo"], first.body["costo_promedio"]) == (0, 50, 20)
    second = call("inventario-ingreso", cod_num=1, cantidad=30, costo="25.00", referencia="COMP-2024-001",
                  descripcion="Compra a proveedor ABC", fecha="2024-01-15")
    assert second.status == 200
    assert second.body == {
        "respuesta": "Se registró el ingreso de inventario con éxito", "id": second.body["id"],
        "cod_num": 1, "cantidad": 30, "costo_unitario": 25, "costo_total": D("750.00"),
        "stock_anterior": 50, "stock_nuevo": 80, "costo_promedio": D("21.875"), "fecha": "2024-01-15",
        "descripcion": "Compra a proveedor ABC", "referencia": "COMP-2024-001",
        "almacen": 1, "stock_almacen": 80,
    }
    assert call("producto-listar", cod_num=1).body[0]["costo_promedio"] == D("21.875")


def test_a_donation_at_cost_zero_lowers_the_average(call):
    call("producto-nuevo", cod_num=1, producto_nombre="P", producto_precio=30)
    call("inventario-ingreso", cod_num=1, cantidad=75, costo=20)
    reply = call("inventario-ingreso", cod_num=1, cantidad=25, costo=0)
    assert reply.body["costo_promedio"] == 15


def test_income_without_cost_keeps_the_average(call):
    call("producto-nuevo", cod_num=1, producto_nombre="P", producto_precio=30)
    call("inventario-ingreso", cod_num=1, cantidad=10, costo="12.50")
    assert call("inventario-ingreso", cod_num=1, cantidad=10).body["costo_promedio"] == D("12.5")


@pytest.mark.parametrize("fields, field, message", [
    ({"cantidad": 0}, "cantidad", "Debe estar entre 1 y 2147483647."),
    ({"cantidad": "1.5"}, "cantidad", 'Debe ser un número entero (por ejemplo 4 o "4").'),
    ({"costo": -1}, "costo", "Debe ser mayor o igual que 0."),
    ({"fecha": (datetime.date.today() + datetime.timedelta(days=2)).isoformat()}, "fecha", "La fecha no puede ser futura."),
])
def test_income_validation(call, shop, fields, field, message):
    reply = call("inventario-ingreso", **{"cod_num": 1001, "cantidad": 1, **fields})
    assert (reply.status, reply.body["campos"]) == (400, {field: [message]})


def test_income_needs_an_existing_stock_controlled_product(call, shop):
    missing = call("inventario-ingreso", cod_num=4242, cantidad=1)
    assert (missing.body["codigo"], missing.body["error"]) == (12, "No se encontró el producto con el código 4242")
    service = call("inventario-ingreso", cod_num=1003, cantidad=1)
    assert (service.status, service.body["codigo"]) == (409, 13)
    assert "no controla stock" in service.body["error"]


def test_sales_edits_and_deletes_keep_stock_and_kardex_consistent(call, shop):
    assert assert_consistent(call, 1001) == 100
    sale = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 7}, {"cod_num": 1001, "cantidad": 3}]))
    assert assert_consistent(call, 1001) == 90
    call("factura-editar", factura_id=int(sale.body["id"]), detalle=[{"cod_num": 1001, "cantidad": "2.5"}])
    assert assert_consistent(call, 1001) == D("97.5")
    call("inventario-ingreso", cod_num=1001, cantidad=10, costo="18.00")
    assert assert_consistent(call, 1001) == D("107.5")
    call("factura-eliminar", factura_id=int(sale.body["id"]))
    assert assert_consistent(call, 1001) == 110
    kinds = [m["tipo"] for m in call("kardex-listar", cod_num=1001).body]
    assert kinds == ["ingreso", "venta", "reversion_venta", "venta", "ingreso", "reversion_venta"]
    assert assert_consistent(call, 1003) == 0, "services never move stock"


def test_exits_leave_at_the_average_cost_and_come_back_at_it(call, shop):
    sale = call("boleta-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 10}])).body
    call("inventario-ingreso", cod_num=1001, cantidad=90, costo="25.00")  # 90 at 15 + 90 at 25 → 20
    call("boleta-eliminar", factura_id=int(sale["id"]))  # 10 come back at 15: (180 × 20 + 10 × 15) / 190
    movements = call("kardex-listar", cod_num=1001).body
    assert movements[1]["costo_unitario"] == 15 and movements[3]["costo_unitario"] == 15
    assert movements[3]["costo_promedio"] == D("19.7368421053")


def test_selling_below_zero_is_allowed_by_default(call, shop):
    call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1002, "cantidad": 12}]))
    assert assert_consistent(call, 1002) == -2


def test_a_company_may_refuse_selling_below_zero(call, shop, tenant):
    with db.connection_context():
        Company.update(allow_negative_stock=False).where(Company.id == tenant.company.id).execute()
    reply = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1002, "cantidad": 11}]))
    assert (reply.status, reply.body["codigo"]) == (409, 13)
    assert reply.body["error"].endswith("stock insuficiente del producto 1002: disponible 10, se necesitan 11")
    assert assert_consistent(call, 1002) == 10
    assert call("factura-listar").body == [], "nothing half-written"


def test_kardex_lists_by_date_with_paging(call, shop):
    call("inventario-ingreso", cod_num=1001, cantidad=5, fecha="2024-03-01")
    today = lima_today().isoformat()
    dated = call("kardex-listar", cod_num=1001, fecha_desde="2024-03-01", fecha_hasta="2024-03-31").body
    assert [m["fecha"] for m in dated] == ["2024-03-01"]
    page = call("kardex-listar", cod_num=1001, limite=1)
    assert page.headers["X-Total-Count"] == "2" and page.body[0]["fecha"] == today
