"""Warehouses, stock exits (seed 000), transfers and inventory counts (seed 004): stock per warehouse always
equals that warehouse's kardex balance, the total is the sum of the warehouses, differences are after − before."""

import datetime
from decimal import Decimal as D

import pytest

from models import Company
from models import Warehouse
from models.base import db


def warehouse_balances(call, code):
    """warehouse id → stock, from producto-listar; checked against each warehouse's kardex and the total."""
    [product] = call("producto-listar", cod_num=code).body
    shares = {s["almacen_id"]: s["stock"] for s in product["stock_por_almacen"]}
    assert product["stock"] == sum(shares.values(), D(0))
    movements = call("kardex-listar", cod_num=code, limite=1000).body
    for warehouse_id, stock in shares.items():
        own = call("kardex-listar", cod_num=code, almacen_id=warehouse_id, limite=1000).body
        assert [m["almacen_id"] for m in own] == [warehouse_id] * len(own)
        running = D(0)
        for movement in own:
            running += movement["cantidad"]
            assert movement["saldo_almacen"] == running
        assert running == stock
    assert (movements[-1]["saldo"] if movements else 0) == product["stock"]
    return {w: s for w, s in shares.items() if s != 0}


def new_warehouse(call, name="Tienda 2", **fields):
    reply = call("almacen-nuevo", almacen_nombre=name, **fields)
    assert reply.status == 201, reply.body
    return reply.body["id"]


def test_every_company_has_a_main_warehouse_and_more_can_be_added(call, tenant):
    [main] = call("almacen-listar").body
    assert (main["almacen_principal"], main["almacen_nombre"], main["almacen_codigo"]) == (True, "Principal", None)
    second = new_warehouse(call, almacen_codigo="0001", almacen_direccion="Av. Grau 100")
    assert call("almacen-editar", almacen_id=second, almacen_nombre="Tienda Grau").body == {
        "respuesta": "Se editó el almacén con éxito", "id": second}
    listed = call("almacen-listar", almacen_id=second).body[0]
    assert (listed["almacen_nombre"], listed["almacen_codigo"], listed["almacen_principal"]) == ("Tienda Grau", "0001", False)
    bad = call("almacen-nuevo", almacen_nombre="X", almacen_codigo="12")
    assert (bad.status, list(bad.body["campos"])) == (400, ["almacen_codigo"])
    main_delete = call("almacen-eliminar", almacen_id=main["almacen_id"])
    assert (main_delete.status, main_delete.body["codigo"]) == (409, 13)
    assert call("almacen-eliminar", almacen_id=second).status == 200
    assert [w["almacen_id"] for w in call("almacen-listar").body] == [main["almacen_id"]]


def test_a_warehouse_with_stock_cannot_be_deleted(call, shop):
    second = new_warehouse(call)
    assert call("transferencia-nuevo", transferencia_origen=1, transferencia_destino=second,
                detalle=[{"cod_num": 1001, "cantidad": 5}]).status == 201
    refused = call("almacen-eliminar", almacen_id=second)
    assert (refused.status, refused.body["codigo"]) == (409, 13)
    assert "tiene stock" in refused.body["error"]
    call("transferencia-nuevo", transferencia_origen=second, transferencia_destino=1, detalle=[{"cod_num": 1001, "cantidad": 5}])
    assert call("almacen-eliminar", almacen_id=second).status == 200


def test_seed_000_exit_with_our_field_names(call, shop):
    """Seed 000: almacén "alm", motivo venta, cliente, moneda us, one camisa at costo 200, precio 200."""
    call("producto-nuevo", cod_num=2000, producto_nombre="camisa", producto_precio=236)
    call("inventario-ingreso", cod_num=2000, cantidad=3, costo=180)
    reply = call("salida-nuevo", salida_almacen=1, salida_motivo=1, salida_cliente=shop.ruc_client, salida_moneda=2,
                 salida_fecha="2020-11-20", salida_referencia="documento",
                 detalle=[{"cod_num": 2000, "cantidad": 1, "costo": 200, "precio": 200, "descuento": 0,
                           "descripcion": "camisa"}])
    assert reply.status == 201
    assert reply.body == {"respuesta": "Se registró la salida de inventario con éxito", "id": reply.body["id"],
                          "costo_total": D("200.00"),
                          "detalle": [{"cod_num": 2000, "cantidad": 1, "costo": 200, "stock_almacen": 2}]}
    [listed] = call("salida-listar", salida_id=reply.body["id"]).body
    assert {k: listed[k] for k in ("salida_almacen", "salida_motivo", "motivo", "tipo_operacion_sunat",
                                   "salida_cliente", "salida_moneda", "salida_fecha", "salida_referencia",
                                   "costo_total")} == {
        "salida_almacen": 1, "salida_motivo": 1, "motivo": "venta", "tipo_operacion_sunat": "01",
        "salida_cliente": shop.ruc_client, "salida_moneda": 2, "salida_fecha": "2020-11-20",
        "salida_referencia": "documento", "costo_total": D("200.00")}
    assert listed["detalle"] == [{"item": 1, "cod_num": 2000, "descripcion": "camisa", "num_serie": None,
                                  "cantidad": 1, "costo": 200, "precio": 200, "descuento": 0}]
    last = call("kardex-listar", cod_num=2000).body[-1]
    assert (last["tipo"], last["cantidad"], last["costo_unitario"], last["saldo"], last["costo_promedio"],
            last["motivo"], last["origen_tipo"], last["origen_id"]) == (
        "salida", -1, 200, 2, 170, "venta", "salida", reply.body["id"])  # 540 − 200 = 340 left for 2
    assert warehouse_balances(call, 2000) == {1: 2}


def test_an_exit_at_the_average_edited_and_deleted(call, shop):
    exit_id = call("salida-nuevo", salida_almacen=1, salida_motivo=3, detalle=[{"cod_num": 1001, "cantidad": 4}]).body["id"]
    assert warehouse_balances(call, 1001) == {1: 96}
    edited = call("salida-editar", salida_id=exit_id, detalle=[{"cod_num": 1001, "cantidad": 1}, {"cod_num": 1002, "cantidad": 2}])
    assert edited.body == {"respuesta": "Se editó la salida de inventario con éxito", "id": exit_id}
    assert (warehouse_balances(call, 1001), warehouse_balances(call, 1002)) == ({1: 99}, {1: 8})
    call("salida-editar", salida_id=exit_id, salida_motivo=5)  # the same lines again, now as a donation
    assert call("kardex-listar", cod_num=1002).body[-1]["tipo_operacion_sunat"] == "09"
    assert call("salida-eliminar", salida_id=exit_id).body == {
        "respuesta": "Se eliminó la salida de inventario con éxito", "id": exit_id}
    assert (warehouse_balances(call, 1001), warehouse_balances(call, 1002)) == ({1: 100}, {1: 10})
    assert call("producto-listar", cod_num=1001).body[0]["costo_promedio"] == 15
    assert call("salida-listar").body == []
    assert call("salida-eliminar", salida_id=exit_id).body["codigo"] == 12


@pytest.mark.parametrize("fields, field", [
    ({"salida_motivo": 7}, "salida_motivo"),
    ({"salida_fecha": (datetime.date.today() + datetime.timedelta(days=2)).isoformat()}, "salida_fecha"),
    ({"detalle": [{"cod_num": 1001, "cantidad": 0}]}, "detalle[0].cantidad"),
    ({"detalle": [{"cod_num": 1001}]}, "detalle[0].cantidad"),
])
def test_exit_validation(call, shop, fields, field):
    reply = call("salida-nuevo", **{"salida_almacen": 1, "salida_motivo": 3,
                                    "detalle": [{"cod_num": 1001, "cantidad": 1}], **fields})
    assert (reply.status, list(reply.body["campos"])) == (400, [field])


def test_exit_references_must_exist(call, shop):
    base = {"salida_almacen": 1, "salida_motivo": 3, "detalle": [{"cod_num": 1001, "cantidad": 1}]}
    assert call("salida-nuevo", **{**base, "salida_almacen": 99}).body["error"] == "No se encontró el almacén con el id 99"
    assert call("salida-nuevo", **{**base, "salida_proveedor": shop.ruc_client}).body["codigo"] == 12  # a client
    service = call("salida-nuevo", **{**base, "detalle": [{"cod_num": 1003, "cantidad": 1}]})
    assert (service.status, service.body["codigo"]) == (409, 13)


def test_negative_stock_policy_is_per_warehouse(call, shop, tenant):
    strict = new_warehouse(call, "Estricto", almacen_permite_negativo=False)
    call("transferencia-nuevo", transferencia_origen=1, transferencia_destino=strict, detalle=[{"cod_num": 1002, "cantidad": 3}])
    refused = call("factura-nuevo", **shop.sale(factura_almacen=strict, detalle=[{"cod_num": 1002, "cantidad": 4}]))
    assert (refused.status, refused.body["codigo"]) == (409, 13)
    assert refused.body["error"].endswith("stock insuficiente del producto 1002: disponible 3, se necesitan 4")
    exit_refused = call("salida-nuevo", salida_almacen=strict, salida_motivo=2, detalle=[{"cod_num": 1002, "cantidad": 4}])
    assert exit_refused.body["codigo"] == 13
    assert call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1002, "cantidad": 9}])).status == 201  # main allows
    assert warehouse_balances(call, 1002) == {1: -2, strict: 3}
    sold = call("factura-nuevo", **shop.sale(factura_almacen=strict, detalle=[{"cod_num": 1002, "cantidad": 3}]))
    assert sold.status == 201
    assert call("factura-listar", factura_id=int(sold.body["id"])).body[0]["factura_almacen"] == strict
    assert warehouse_balances(call, 1002) == {1: -2}
    call("factura-eliminar", factura_id=int(sold.body["id"]))  # back to the warehouse it left
    assert warehouse_balances(call, 1002) == {1: -2, strict: 3}
    with db.connection_context():
        Company.update(allow_negative_stock=False).where(Company.id == tenant.company.id).execute()
    assert call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1002, "cantidad": 1}])).body["codigo"] == 13


def test_a_sale_edited_into_another_warehouse_moves_its_stock(call, shop):
    second = new_warehouse(call)
    call("inventario-ingreso", cod_num=1001, cantidad=10, costo=15, almacen=second)
    sale = int(call("boleta-nuevo", **shop.sale(client="dni", detalle=[{"cod_num": 1001, "cantidad": 4}])).body["id"])
    assert warehouse_balances(call, 1001) == {1: 96, second: 10}
    assert call("boleta-editar", factura_id=sale, factura_almacen=second).status == 200
    assert warehouse_balances(call, 1001) == {1: 100, second: 6}


def test_a_transfer_moves_stock_at_the_average_and_deleting_reverses_both_sides(call, shop):
    second = new_warehouse(call)
    reply = call("transferencia-nuevo", transferencia_origen=1, transferencia_destino=second,
                 transferencia_referencia="GUIA-001", detalle=[{"cod_num": 1001, "cantidad": 30}, {"cod_num": 1002, "cantidad": 2}])
    assert reply.status == 201
    assert reply.body["respuesta"] == "Se registró la transferencia con éxito"
    assert reply.body["costo_total"] == D("510.00")  # 30 × 15 + 2 × 30
    assert reply.body["detalle"][0] == {"cod_num": 1001, "cantidad": 30, "costo": 15, "stock_origen": 70, "stock_destino": 30}
    assert warehouse_balances(call, 1001) == {1: 70, second: 30}
    assert call("producto-listar", cod_num=1001).body[0]["costo_promedio"] == 15, "a transfer keeps the average"
    kinds = [(m["tipo"], m["almacen_id"], m["tipo_operacion_sunat"]) for m in call("kardex-listar", cod_num=1001).body[-2:]]
    assert kinds == [("traslado_salida", 1, "11"), ("traslado_entrada", second, "21")]
    [listed] = call("transferencia-listar").body
    assert (listed["transferencia_origen"], listed["transferencia_destino"], len(listed["detalle"])) == (1, second, 2)
    same = call("transferencia-nuevo", transferencia_origen=1, transferencia_destino=1, detalle=[{"cod_num": 1001, "cantidad": 1}])
    assert (same.status, list(same.body["campos"])) == (400, ["transferencia_destino"])
    assert call("transferencia-eliminar", transferencia_id=reply.body["id"]).status == 200
    assert warehouse_balances(call, 1001) == {1: 100}
    assert call("transferencia-listar").body == []


def seed_004_shop(call):
    """Seed 004's four products with its quantities and unit prices, in the main warehouse."""
    for code, name, unit in ((102, "ALYVUOGĖS", "KGM"), (1628, "Balandeliai", "NIU"), (1625, "Baltijos kepsnys", "NIU"),
                             (101, "BALZAMIKAS", "KGM")):
        assert call("producto-nuevo", cod_num=code, producto_nombre=name, producto_unidad=unit, producto_precio=20).status == 201
    call("inventario-ingreso", cod_num=102, cantidad=9, costo=3)
    call("salida-nuevo", salida_almacen=1, salida_motivo=3, detalle=[{"cod_num": 102, "cantidad": "0.375"}])  # 8.625
    call("inventario-ingreso", cod_num=1628, cantidad=10, costo="5.4")
    call("inventario-ingreso", cod_num=1625, cantidad=10, costo="2.6")
    call("inventario-ingreso", cod_num=101, cantidad=7, costo="8.7625")


SEED_004_ITEMS = {  # cod_num: before, after, difference, unit price, amounts before, after, difference
    102: (D("8.625"), 8, D("-0.625"), 3, D("25.875"), 24, D("-1.875")),
    1628: (10, 12, 2, D("5.4"), 54, D("64.8"), D("10.8")),
    1625: (10, 10, 0, D("2.6"), 26, 26, 0),
    101: (7, 0, -7, D("8.7625"), D("61.3375"), 0, D("-61.3375")),
}


def test_seed_004_count_numbers_with_the_signs_corrected(call, tenant):
    seed_004_shop(call)
    call("almacen-editar", almacen_id=1, almacen_nombre="Pagrindinis")
    production = new_warehouse(call, "Gamyba")
    opened = call("inventario-conteo-nuevo", conteo_almacenes=[1, production], conteo_fecha="2024-06-06",
                  conteo_descripcion="Inventorizacija datai 2024-06-06")
    assert opened.status == 201 and opened.body["estado"] == "abierto"
    count = opened.body["id"]
    assert opened.body["almacenes"] == [{"id": 1, "nombre": "Pagrindinis"}, {"id": production, "nombre": "Gamyba"}]
    first = call("inventario-conteo-editar", conteo_id=count, items=[
        {"cod_num": 102, "cantidad_contada": 8, "almacen": 1}, {"cod_num": 1628, "cantidad_contada": 12, "almacen": 1}])
    assert first.status == 200, first.body
    call("inventario-conteo-editar", conteo_id=count, items=[  # a second person's items merge with the first's
        {"cod_num": 1625, "cantidad_contada": 10, "almacen": 1}, {"cod_num": 101, "cantidad_contada": 0, "almacen": 1,
                                                                  "comentario": "vacío"}])
    unnamed = call("inventario-conteo-editar", conteo_id=count, items=[{"cod_num": 101, "cantidad_contada": 1}])
    assert (unnamed.status, list(unnamed.body["campos"])) == (400, ["items[0].almacen"])
    closed = call("inventario-conteo-cerrar", conteo_id=count)
    assert closed.status == 200 and closed.body["estado"] == "cerrado"
    [listed] = call("inventario-conteo-listar", conteo_id=count).body
    assert (listed["fecha"], listed["descripcion"]) == ("2024-06-06", "Inventorizacija datai 2024-06-06")
    assert (listed["monto_antes"], listed["monto_despues"], listed["monto_diferencia"]) == (
        D("167.21"), D("114.80"), D("-52.41"))
    items = {i["producto"]["cod_num"]: i for i in listed["items"]}
    assert set(items) == set(SEED_004_ITEMS)
    for code, expected in SEED_004_ITEMS.items():
        item = items[code]
        got = tuple(item[k] for k in ("cantidad_antes", "cantidad_despues", "cantidad_diferencia", "precio_unitario",
                                      "monto_antes", "monto_despues", "monto_diferencia"))
        assert got == expected, code
        assert item["cantidad_diferencia"] == item["cantidad_despues"] - item["cantidad_antes"]
        assert item["monto_diferencia"] == item["monto_despues"] - item["monto_antes"]
    assert items[101]["comentario"] == "vacío"
    assert items[102]["producto"] == {"id": items[102]["producto"]["id"], "cod_num": 102, "nombre": "ALYVUOGĖS", "unidad": "KGM"}
    for code in SEED_004_ITEMS:
        assert call("producto-listar", cod_num=code).body[0]["stock"] == SEED_004_ITEMS[code][1]
        warehouse_balances(call, code)
    adjustment = call("kardex-listar", cod_num=101).body[-1]
    assert (adjustment["tipo"], adjustment["cantidad"], adjustment["costo_unitario"], adjustment["tipo_operacion_sunat"],
            adjustment["origen_tipo"], adjustment["origen_id"]) == ("ajuste_conteo", -7, D("8.7625"), "28", "conteo", count)
    final = call("inventario-conteo-editar", conteo_id=count, items=[{"cod_num": 101, "cantidad_contada": 1, "almacen": 1}])
    assert (final.status, final.body["codigo"]) == (409, 13)
    assert call("inventario-conteo-eliminar", conteo_id=count).body["codigo"] == 13
    assert call("inventario-conteo-cerrar", conteo_id=count).body["codigo"] == 13


def test_before_is_the_book_stock_at_the_close(call, shop):
    """Sales made while people count are neither lost nor counted twice."""
    count = call("inventario-conteo-nuevo", conteo_almacenes=1, conteo_productos=[1001, 1002]).body
    assert [(i["producto"]["cod_num"], i["contado"], i["cantidad_antes"]) for i in count["items"]] == [
        (1001, False, 100), (1002, False, 10)]
    call("inventario-conteo-editar", conteo_id=count["id"], items=[{"cod_num": 1001, "cantidad_contada": 90}])
    call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 5}]))  # sold while counting
    [open_count] = call("inventario-conteo-listar", conteo_id=count["id"]).body
    assert open_count["items"][0]["cantidad_antes"] == 95
    closed = call("inventario-conteo-cerrar", conteo_id=count["id"]).body
    item = closed["items"][0]
    assert (item["cantidad_antes"], item["cantidad_despues"], item["cantidad_diferencia"]) == (95, 90, -5)
    assert closed["items"][1]["cantidad_diferencia"] == 0, "an item not counted keeps its book stock"
    assert warehouse_balances(call, 1001) == {1: 90}
    assert warehouse_balances(call, 1002) == {1: 10}


def test_an_open_count_can_be_deleted_and_changes_nothing(call, shop):
    count = call("inventario-conteo-nuevo", conteo_almacenes=[1]).body["id"]
    call("inventario-conteo-editar", conteo_id=count, items=[{"cod_num": 1001, "cantidad_contada": 1}])
    assert call("inventario-conteo-eliminar", conteo_id=count).body == {
        "respuesta": "Se eliminó el conteo de inventario con éxito", "id": count}
    assert call("inventario-conteo-listar").body == []
    assert warehouse_balances(call, 1001) == {1: 100}
    assert call("inventario-conteo-nuevo", conteo_almacenes=[1, 42]).body["error"] == "No se encontró el almacén con el id 42"


def test_stock_report_of_every_warehouse(call, shop):
    second = new_warehouse(call, "Tienda 2")
    call("transferencia-nuevo", transferencia_origen=1, transferencia_destino=second, detalle=[{"cod_num": 1001, "cantidad": 40}])
    report = call("stock-reporte").body
    assert [(w["almacen_id"], w["valor_total"]) for w in report["almacenes"]] == [(1, D("1200.00")), (second, D("600.00"))]
    assert report["almacenes"][1]["productos"] == [{"cod_num": 1001, "producto_nombre": "ARROZ 5KG", "producto_unidad": "NIU",
                                                   "cantidad": 40, "costo_promedio": 15, "valor": D("600.00")}]
    assert [(p["cod_num"], p["cantidad"], p["valor"]) for p in report["productos"]] == [
        (1001, 100, D("1500.00")), (1002, 10, D("300.00"))]
    assert report["valor_total"] == D("1800.00")
    only = call("stock-reporte", almacen_id=second).body
    assert only["valor_total"] == D("600.00") and len(only["almacenes"]) == 1


def test_the_selling_warehouse_code_is_the_issuers_establishment(app, call, shop, tenant):
    from types import SimpleNamespace

    from invoicing.document import load
    from sunat.xml.builders import build
    from tests.sunat_issuer import issuer_for

    annex = new_warehouse(call, "Anexo", almacen_codigo="0003")
    call("inventario-ingreso", cod_num=1001, cantidad=5, almacen=annex)
    sold = int(call("factura-nuevo", **shop.sale(factura_almacen=annex)).body["id"])
    main = int(call("factura-nuevo", **shop.sale()).body["id"])
    issuer = issuer_for(tenant.company.id, SimpleNamespace(url="http://127.0.0.1:9"))
    with db.connection_context():
        codes = [build(issuer, load(i)).findtext(".//{*}AddressTypeCode") for i in (sold, main)]
        assert Warehouse.get_by_id(annex).code == "0003"
    assert codes == ["0003", issuer.establishment_code]


def test_the_stock_service_other_packages_call(app, call, shop, tenant):
    """bring_in / take_away / reverse_origin, as supplier bills and notes use them: stock enters warehouse W at
    cost C moving the average, leaves it, and what one origin moved is undone exactly."""
    from domain.clock import lima_today
    from inventory import stock
    from models import Product
    from models.base import write_transaction

    second = new_warehouse(call)
    with db.connection_context():
        product_id = Product.get(Product.code == 1001).id
        with write_transaction():
            [entered] = stock.bring_in(tenant.company.id, [(product_id, 100, D("25.00"))], lima_today(),
                                       warehouse_id=second, origin="compra", origin_id=7, reference="F001-123")
            assert (entered.product.stock, entered.product.average_cost, entered.warehouse_stock) == (200, 20, 100)
        with write_transaction():
            [left] = stock.take_away(tenant.company.id, [(product_id, 10, None)], lima_today(), warehouse_id=second)
            assert (left.unit_cost, left.product.average_cost, left.warehouse_stock) == (20, 20, 90)
        with write_transaction():
            stock.reverse_origin(tenant.company.id, "compra", 7, "reversion_compra", "Anulación de la compra 7")
    assert warehouse_balances(call, 1001) == {1: 100, second: -10}
    # what the bill brought leaves at its cost: (190 × 20 − 100 × 25) / 90
    assert call("producto-listar", cod_num=1001).body[0]["costo_promedio"] == D("14.4444444444")
    assert [m["origen_tipo"] for m in call("kardex-listar", cod_num=1001, almacen_id=second).body] == ["compra", None, "compra"]
