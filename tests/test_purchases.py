"""Supplier bills (compra-*): seed 001's weighted average through bills, totals as for sales, seed 003's
partial edits, the locked period, logical deletes at each entry's own cost, listings."""

import datetime
from decimal import Decimal

import pytest

from models import Company
from models.base import db
from tests import examples

BILL_DAY = "2024-05-01"


@pytest.fixture
def supplier(call):
    body = call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC}).body
    return body["id"]


@pytest.fixture
def goods(call):
    """1001: 50 units at 20.00 (seed 001's "stock anterior"); 1002 exonerado; 1003 a service."""
    for fields in (
        {"cod_num": 1001, "producto_nombre": "ARROZ 5KG", "producto_precio": "23.60"},
        {"cod_num": 1002, "producto_nombre": "LIBRO", "producto_precio": "50.00", "producto_afectacion_igv": 20},
        {"cod_num": 1003, "producto_nombre": "FLETE", "producto_precio": "118.00", "producto_tipo": 2},
    ):
        assert call("producto-nuevo", **fields).status == 201
    assert call("inventario-ingreso", cod_num=1001, cantidad=50, costo="20.00", fecha="2024-04-01").status == 200


@pytest.fixture
def stores(call, tenant):
    """{"main": the company's main warehouse, "second": another, "third": a third}."""
    made = {name: call("almacen-nuevo", almacen_nombre=name.upper()).body["id"] for name in ("second", "third")}
    return {"main": tenant.company.main_warehouse, **made}


@pytest.fixture
def bill(call, supplier, goods):
    """bill(**fields) → the compra-nuevo reply; by default 30 units of 1001 at 25.00 before IGV."""
    counter = iter(range(1, 10_000))

    def bill(**fields):
        payload = {"compra_proveedor": supplier, "compra_numero": f"F001-{next(counter)}", "compra_fecha": BILL_DAY,
                   "detalle": [{"cod_num": 1001, "cantidad": 30, "precio": "25.00"}], **fields}
        return call("compra-nuevo", **payload)

    return bill


def product(call, code=1001):
    return call("producto-listar", cod_num=code).body[0]


def kardex(call, code=1001):
    return call("kardex-listar", cod_num=code).body


def listed(call, ident):
    return call("compra-listar", compra_id=ident).body[0]


def assert_stock_is_the_kardex(call, code=1001):
    movements = kardex(call, code)
    assert product(call, code)["stock"] == sum((m["cantidad"] for m in movements), Decimal(0)) == movements[-1]["saldo"]
    assert product(call, code)["costo_promedio"] == movements[-1]["costo_promedio"]


# -- seed 001's average through bills ------------------------------------------------------------------

def test_the_worked_example_50_at_20_plus_30_at_25_gives_80_at_21_875(call, bill):
    reply = bill()
    assert reply.status == 201
    assert reply.body["respuesta"] == "Se registró la factura de proveedor con éxito"
    assert isinstance(reply.body["id"], int)
    assert (reply.body["op_gravadas"], reply.body["igv"], reply.body["total"]) == (
        Decimal("750.00"), Decimal("135.00"), Decimal("885.00"))
    assert (product(call)["stock"], product(call)["costo_promedio"]) == (80, Decimal("21.875"))
    last = kardex(call)[-1]
    assert (last["tipo"], last["compra_id"], last["cantidad"], last["costo_unitario"], last["fecha"]) == (
        "compra", reply.body["id"], 30, 25, BILL_DAY)
    assert last["referencia"] == "F001-00000001" and "Factura de proveedor F001-00000001" in last["descripcion"]
    assert_stock_is_the_kardex(call)


def test_a_bill_in_dollars_enters_at_its_cost_in_soles(call, bill):
    reply = bill(compra_moneda=2, compra_tipo_cambio="3.75",
                 detalle=[{"cod_num": 1001, "cantidad": 30, "precio": "6.00"}])
    assert reply.status == 201, reply.body
    body = reply.body
    assert (body["moneda"], body["compra_tipo_cambio"], body["total"]) == ("USD", Decimal("3.75"), Decimal("212.40"))
    assert (body["base_soles"], body["igv_soles"], body["total_soles"]) == (
        Decimal("675.00"), Decimal("121.50"), Decimal("796.50"))
    assert kardex(call)[-1]["costo_unitario"] == Decimal("22.5")  # 6.00 × 3.75
    assert product(call)["costo_promedio"] == Decimal("20.9375")  # (1000 + 675) / 80


def test_a_discount_lowers_the_cost_and_prices_with_igv_are_taken_without_it(call, bill):
    # 29.50 with IGV is 25.00 without it; 20 % off makes 20.00: 50 at 20 + 30 at 20 stay at 20.
    reply = bill(compra_precios_incluyen_igv=True,
                 detalle=[{"cod_num": 1001, "cantidad": 30, "precio": "29.50", "descuento": 20}])
    assert reply.status == 201, reply.body
    assert (reply.body["op_gravadas"], reply.body["descuentos"], reply.body["igv"], reply.body["total"]) == (
        Decimal("600.00"), Decimal("150.00"), Decimal("108.00"), Decimal("708.00"))
    assert kardex(call)[-1]["costo_unitario"] == 20
    assert (product(call)["stock"], product(call)["costo_promedio"]) == (80, 20)


def test_totals_are_the_sales_own_for_the_same_lines(call, bill):
    """A bill's lines priced before IGV total exactly what a sale of the same lines with IGV totals."""
    lines = [("1001", "10.17", "3", "5"), ("1002", "7.333", "2.5", "0"), ("1003", "99.99", "1", "12.5")]
    reply = bill(detalle=[{"cod_num": c, "precio": p, "cantidad": q, "descuento": d} for c, p, q, d in lines])
    client = call(**examples.CLIENTE_NUEVO).body
    sale = call("nota-nuevo", factura_estado=1, factura_cliente=client["id"], factura_idmoneda=1,
                factura_idcontacto=client["idpersonal"],
                detalle=[{"cod_num": c, "precio_unit": Decimal(p) * (Decimal("1.18") if c != "1002" else 1),
                          "cantidad": q, "descuento": d} for c, p, q, d in lines]).body
    for key in ("op_gravadas", "op_exoneradas", "op_inafectas", "descuentos", "igv", "total"):
        assert reply.body[key] == sale[key], key
    assert reply.body["op_exoneradas"] == Decimal("18.33")


def test_a_service_on_a_bill_brings_no_stock(call, bill):
    reply = bill(detalle=[{"cod_num": 1003, "cantidad": 1, "precio": "100"}])
    assert reply.status == 201 and reply.body["total"] == Decimal("118.00")
    assert kardex(call, 1003) == []


def test_editing_the_lines_reverses_and_applies_them_again(call, bill):
    ident = bill().body["id"]
    reply = call("compra-editar", compra_id=ident, detalle=[{"cod_num": 1001, "cantidad": 30, "precio": "24.00"}])
    assert reply.status == 200, reply.body
    assert reply.body["total"] == Decimal("849.60") and reply.body["detalle"][0]["precio"] == 24
    # Back to 50 at 20.00, then 30 at 24.00: 80 at 21.50.
    moves = kardex(call)[-2:]
    assert [(m["tipo"], m["cantidad"], m["costo_unitario"], m["saldo"], m["costo_promedio"]) for m in moves] == [
        ("reversion_compra", -30, 25, 50, 20), ("compra", 30, 24, 80, Decimal("21.5"))]
    assert_stock_is_the_kardex(call)


def test_changing_the_exchange_rate_alone_re_costs_the_goods(call, bill):
    ident = bill(compra_moneda=2, compra_tipo_cambio="3.75",
                 detalle=[{"cod_num": 1001, "cantidad": 30, "precio": "6.00"}]).body["id"]
    reply = call("compra-editar", compra_id=ident, compra_tipo_cambio="4.00")
    assert reply.status == 200 and reply.body["total_soles"] == Decimal("849.60")
    assert kardex(call)[-1]["costo_unitario"] == 24 and product(call)["costo_promedio"] == Decimal("21.5")


def test_deleting_reverses_at_the_entrys_own_cost_even_after_sales(call, bill):
    ident = bill().body["id"]  # 80 at 21.875, worth 1750
    client = call(**examples.CLIENTE_NUEVO).body
    assert call("nota-nuevo", factura_estado=1, factura_cliente=client["id"], factura_idmoneda=1,
                factura_idcontacto=client["idpersonal"], detalle=[{"cod_num": 1001, "cantidad": 40}]).status == 201
    # 40 left at 21.875 (875.00); the bill's 30 at 25.00 (750.00) go back out: 10 worth 125.00, 12.50 each.
    reply = call("compra-eliminar", compra_id=ident)
    assert reply.body == {"respuesta": "Se eliminó la factura de proveedor con éxito", "id": ident}
    last = kardex(call)[-1]
    assert (last["tipo"], last["cantidad"], last["costo_unitario"], last["saldo"], last["costo_promedio"]) == (
        "reversion_compra", -30, 25, 10, Decimal("12.5"))
    assert_stock_is_the_kardex(call)
    assert call("compra-listar", compra_id=ident).body == []
    assert call("compra-eliminar", compra_id=ident).body["codigo"] == 12
    assert call("compra-editar", compra_id=ident, compra_terminos="x").body["codigo"] == 12


def test_when_what_is_left_would_be_worth_nothing_the_average_stays(call, bill):
    ident = bill(detalle=[{"cod_num": 1001, "cantidad": 10, "precio": "500"}]).body["id"]  # 60 at 100.00
    client = call(**examples.CLIENTE_NUEVO).body
    call("nota-nuevo", factura_estado=1, factura_cliente=client["id"], factura_idmoneda=1,
         factura_idcontacto=client["idpersonal"], detalle=[{"cod_num": 1001, "cantidad": 55}])
    assert call("compra-eliminar", compra_id=ident).status == 200  # 5 left worth 500, less 5000: below nothing
    assert (product(call)["stock"], product(call)["costo_promedio"]) == (-5, 100)
    assert_stock_is_the_kardex(call)


def test_a_company_refusing_negative_stock_cannot_delete_a_bill_whose_goods_were_sold(call, bill, tenant):
    ident = bill().body["id"]
    with db.connection_context():
        Company.update(allow_negative_stock=False).where(Company.id == tenant.company.id).execute()
    client = call(**examples.CLIENTE_NUEVO).body
    assert call("nota-nuevo", factura_estado=1, factura_cliente=client["id"], factura_idmoneda=1,
                factura_idcontacto=client["idpersonal"], detalle=[{"cod_num": 1001, "cantidad": 60}]).status == 201
    reply = call("compra-eliminar", compra_id=ident)
    assert (reply.status, reply.body["codigo"]) == (409, 13) and "1001" in reply.body["error"]
    # Bringing back fewer units than were sold is allowed while stock stays at zero or above.
    assert call("compra-editar", compra_id=ident, detalle=[{"cod_num": 1001, "cantidad": 10, "precio": 25}]).status == 200
    assert product(call)["stock"] == 0
    assert_stock_is_the_kardex(call)


# -- what a bill must say -------------------------------------------------------------------------------

@pytest.mark.parametrize("fields, field", [
    ({"compra_fecha": "2999-01-01"}, "compra_fecha"),
    ({"compra_vencimiento": "2024-04-30"}, "compra_vencimiento"),
    ({"compra_observaciones": "x" * 501}, "compra_observaciones"),
    ({"compra_terminos": "x" * 501}, "compra_terminos"),
    ({"compra_moneda": 2}, "compra_tipo_cambio"),
    ({"compra_tipo_cambio": "3.7"}, "compra_tipo_cambio"),
    ({"compra_numero": "F001"}, "compra_numero"),
    ({"compra_numero": "F0011-1"}, "compra_numero"),
    ({"compra_moneda": 4}, "compra_moneda"),
    ({"compra_almacen": 0}, "compra_almacen"),
    ({"compra_comentarios": ["x" * 501]}, "compra_comentarios[0]"),
    ({"detalle": []}, "detalle"),
    ({"detalle": [{"cod_num": 1001, "cantidad": 0, "precio": 1}]}, "detalle[0].cantidad"),
    ({"detalle": [{"cod_num": 1001, "cantidad": 1}]}, "detalle[0].precio"),
    ({"detalle": [{"cod_num": 1001, "cantidad": 1, "precio": 1, "descuento": 101}]}, "detalle[0].descuento"),
    ({"detalle": [{"cod_num": 1001, "cantidad": 1, "precio": 1, "afectacion_igv": 40}]}, "detalle[0].afectacion_igv"),
])
def test_what_a_bill_must_say_is_code_11_naming_the_field(call, bill, fields, field):
    reply = bill(**fields)
    assert (reply.status, reply.body["codigo"]) == (400, 11), reply.body
    assert field in reply.body["campos"], reply.body


def test_the_supplier_must_exist_be_a_supplier_and_the_products_exist(call, bill):
    client = call(**examples.CLIENTE_NUEVO).body
    for supplier in (999, client["id"]):
        reply = bill(compra_proveedor=supplier)
        assert reply.body["codigo"] == 12 and reply.body["error"] == f"No se encontró el proveedor con el id {supplier}"
    assert bill(detalle=[{"cod_num": 4242, "cantidad": 1, "precio": 1}]).body["codigo"] == 12
    assert kardex(call)[-1]["tipo"] == "ingreso", "nothing entered"


def test_a_suppliers_number_is_unique_and_names_the_first_bill(call, bill, supplier):
    first = bill(compra_numero="f001-123").body
    assert first["compra_numero"] == "F001-00000123"
    again = bill(compra_numero="F001-00000123")
    assert (again.status, again.body["codigo"], again.body["id_existente"]) == (400, 11, first["id"])
    assert f"factura de proveedor {first['id']}" in again.body["campos"]["compra_numero"][0]
    other = call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": "20100070970"}).body["id"]
    assert bill(compra_numero="F001-123", compra_proveedor=other).status == 201, "another supplier's number"
    second = bill(compra_numero="F001-124").body["id"]
    renumbered = call("compra-editar", compra_id=second, compra_numero="F001-123")
    assert (renumbered.body["codigo"], renumbered.body["id_existente"]) == (11, first["id"])
    assert call("compra-eliminar", compra_id=first["id"]).status == 200
    assert bill(compra_numero="F001-123").status == 201, "a deleted bill frees its number"
    assert (product(call)["stock"], len(kardex(call))) == (50 + 30 * 3, 6)


# -- seed 003: partial edits ----------------------------------------------------------------------------

EDITS = [  # (field, value sent alone, what the listing then shows for it)
    ("compra_fecha", "2024-05-02", "2024-05-02"),
    ("compra_vencimiento", "2024-06-30", "2024-06-30"),
    ("compra_observaciones", "Entregado en almacén", "Entregado en almacén"),
    ("compra_terminos", "Crédito 30 días", "Crédito 30 días"),
    ("compra_numero", "E001-77", "E001-00000077"),
    ("compra_almacen", "third", "third"),  # warehouses by name: see `stores`
    ("compra_comentarios", ["revisado", "pagar el 30"], ["revisado", "pagar el 30"]),
]
DERIVED = {"fecha_modificacion"}
TOTALS = {"moneda", "op_gravadas", "op_exoneradas", "op_inafectas", "descuentos", "igv", "total", "base_soles",
          "igv_soles", "total_soles", "detalle", "compra_tipo_cambio"}


@pytest.fixture
def full_bill(bill, stores):
    reply = bill(compra_vencimiento="2024-05-31", compra_observaciones="obs", compra_terminos="términos",
                 compra_almacen=stores["second"], compra_comentarios=["uno"])
    assert reply.status == 201, reply.body
    return reply.body["id"]


@pytest.mark.parametrize("field, value, shown", EDITS)
def test_each_field_sent_alone_changes_only_itself(call, full_bill, stores, field, value, shown):
    if field == "compra_almacen":
        value = shown = stores[value]
    before = listed(call, full_bill)
    reply = call("compra-editar", compra_id=full_bill, **{field: value})
    assert reply.status == 200, reply.body
    assert reply.body["respuesta"] == "Se editó la factura de proveedor con éxito"
    after = listed(call, full_bill)
    assert after[field] == shown
    changed = {key for key in after if after[key] != before[key]} - DERIVED
    assert changed == {field}
    assert {k: v for k, v in reply.body.items() if k != "respuesta"} == after, "the answer is the edited bill"


def test_a_currency_and_its_rate_change_together_and_only_the_amounts_in_soles_follow(call, full_bill):
    before = listed(call, full_bill)
    after = call("compra-editar", compra_id=full_bill, compra_moneda=2, compra_tipo_cambio="3.5").body
    changed = {key for key in after if after.get(key) != before.get(key)} - DERIVED - {"respuesta"}
    assert changed == {"compra_moneda", "compra_tipo_cambio", "moneda", "base_soles", "igv_soles", "total_soles",
                       "detalle"}
    assert after["total"] == before["total"] and after["total_soles"] == Decimal("3097.50")
    assert [line["costo_unitario_soles"] for line in after["detalle"]] == [Decimal("87.5")]


@pytest.mark.parametrize("field, cleared", [
    ("compra_vencimiento", None), ("compra_observaciones", None), ("compra_terminos", None),
    ("compra_almacen", "main"), ("compra_comentarios", []),
])
def test_an_optional_field_sent_as_null_is_cleared(call, full_bill, stores, field, cleared):
    """…and a warehouse sent as null is the main one again."""
    if field == "compra_almacen":
        cleared = stores[cleared]
    before = listed(call, full_bill)
    assert call("compra-editar", compra_id=full_bill, **{field: None}).status == 200
    after = listed(call, full_bill)
    assert after[field] == cleared and before[field] != cleared
    assert {key for key in after if after[key] != before[key]} - DERIVED == {field}


@pytest.mark.parametrize("field", ["compra_proveedor", "compra_numero", "compra_fecha", "detalle", "compra_moneda",
                                   "compra_precios_incluyen_igv"])
def test_a_required_field_sent_as_null_is_11_and_changes_nothing(call, full_bill, field):
    before = listed(call, full_bill)
    reply = call("compra-editar", compra_id=full_bill, **{field: None})
    assert (reply.status, reply.body["codigo"]) == (400, 11) and field in reply.body["campos"]
    assert listed(call, full_bill) == before


def test_the_rate_of_a_bill_in_dollars_cannot_be_cleared_one_in_soles_stays_at_1(call, bill):
    dollars = bill(compra_moneda=2, compra_tipo_cambio="3.75").body["id"]
    assert call("compra-editar", compra_id=dollars, compra_tipo_cambio=None).body["codigo"] == 11
    assert call("compra-editar", compra_id=dollars, compra_moneda=3).body["campos"] == {
        "compra_tipo_cambio": ["Obligatorio cuando compra_moneda no es 1 (PEN): soles por unidad de la moneda."]}
    soles = bill().body["id"]
    assert call("compra-editar", compra_id=soles, compra_tipo_cambio=None).status == 200
    assert listed(call, soles)["compra_tipo_cambio"] == 1
    back = call("compra-editar", compra_id=dollars, compra_moneda=1).body
    assert (back["compra_tipo_cambio"], back["total_soles"]) == (1, back["total"])


def test_dates_are_checked_on_the_edited_bill(call, full_bill):
    assert call("compra-editar", compra_id=full_bill, compra_fecha="2024-06-15").body["campos"] == {
        "compra_vencimiento": ["No puede ser anterior a compra_fecha."]}
    assert "compra_fecha" in call("compra-editar", compra_id=full_bill, compra_fecha="2999-01-01").body["campos"]


def test_changing_the_supplier_needs_a_supplier(call, full_bill):
    client = call(**examples.CLIENTE_NUEVO).body["id"]
    assert call("compra-editar", compra_id=full_bill, compra_proveedor=client).body["codigo"] == 12
    other = call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": "20100070970"}).body["id"]
    assert call("compra-editar", compra_id=full_bill, compra_proveedor=other).body["compra_proveedor"] == other


# -- the locked period ----------------------------------------------------------------------------------

@pytest.fixture
def closed_may(app):
    app.config["PURCHASES_CLOSED_UNTIL"] = datetime.date(2024, 5, 31)
    yield
    app.config["PURCHASES_CLOSED_UNTIL"] = None


def test_on_a_locked_bill_only_the_comments_change(call, full_bill, stores, closed_may):
    before = listed(call, full_bill)
    assert before["bloqueada"] is True
    reply = call("compra-editar", compra_id=full_bill, compra_comentarios=["pagado"])
    assert reply.status == 200 and reply.body["compra_comentarios"] == ["pagado"]
    assert call("compra-editar", compra_id=full_bill, compra_comentarios=None).body["compra_comentarios"] == []
    for field, value, _ in EDITS + [("detalle", [{"cod_num": 1001, "cantidad": 1, "precio": 1}], None)]:
        if field == "compra_comentarios":
            continue
        if field == "compra_almacen":
            value = stores[value]
        refused = call("compra-editar", compra_id=full_bill, **{field: value})
        assert (refused.status, refused.body["codigo"]) == (409, 13), field
        assert "periodo cerrado" in refused.body["error"]
    refused = call("compra-editar", compra_id=full_bill, compra_comentarios=["x"], compra_terminos="y")
    assert refused.body["codigo"] == 13, "comments with anything else: the rest is refused, nothing changes"
    assert call("compra-eliminar", compra_id=full_bill).body["codigo"] == 13
    assert {k: v for k, v in listed(call, full_bill).items() if k not in DERIVED | {"compra_comentarios"}} == {
        k: v for k, v in before.items() if k not in DERIVED | {"compra_comentarios"}}


def test_no_bill_is_registered_or_moved_into_a_closed_period(call, bill, closed_may):
    assert bill().body["codigo"] == 13
    june = bill(compra_fecha="2024-06-03")
    assert june.status == 201
    assert call("compra-editar", compra_id=june.body["id"], compra_fecha="2024-05-20").body["codigo"] == 13
    assert call("compra-editar", compra_id=june.body["id"], compra_fecha="2024-06-20").status == 200


# -- listings -------------------------------------------------------------------------------------------

def test_listing_filters_and_pages(call, bill, supplier, stores):
    other = call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": "20100070970"}).body["id"]
    ids = [bill(compra_fecha=f"2024-05-0{n}", compra_almacen=stores["main" if n % 2 else "second"]).body["id"]
           for n in range(1, 5)]
    theirs = bill(compra_proveedor=other, compra_numero="B002-9").body["id"]
    everything = call("compra-listar")
    assert [r["id"] for r in everything.body] == ids + [theirs] and everything.headers["X-Total-Count"] == "5"
    assert [r["id"] for r in call("compra-listar", compra_proveedor=other).body] == [theirs]
    assert [r["id"] for r in call("compra-listar", compra_numero="b002-00000009").body] == [theirs]
    assert [r["id"] for r in call("compra-listar", compra_almacen=stores["second"]).body] == [ids[1], ids[3]]
    assert [r["id"] for r in call("compra-listar", compra_almacen=stores["main"]).body] == [ids[0], ids[2], theirs]
    assert [r["id"] for r in call("compra-listar", fecha_desde="02-05-2024", fecha_hasta="2024-05-03").body] == ids[1:3]
    first = call("compra-listar", limite=2)
    assert [r["id"] for r in first.body] == ids[:2] and first.headers["X-Siguiente-Desde-Id"] == str(ids[1])
    assert [r["id"] for r in call("compra-listar", limite=2, desde_id=ids[1]).body] == ids[2:4]
    record = everything.body[0]
    assert record["compra_proveedor"] == supplier and record["proveedor_num_doc"] == examples.VALID_SUPPLIER_RUC
    assert record["detalle"][0] == {
        "item": 1, "cod_num": 1001, "descripcion": "ARROZ 5KG", "unidad": "NIU", "cantidad": 30, "precio": 25,
        "valor_unitario": 25, "descuento": 0, "monto_descuento": Decimal("0.00"), "afectacion_igv": 10,
        "valor_compra": Decimal("750.00"), "igv": Decimal("135.00"), "total": Decimal("885.00"),
        "costo_unitario_soles": 25, "observaciones": None}


def test_the_supplier_listing_shows_its_bills_and_what_is_owed(call, bill, supplier):
    bill()
    dollars = bill(compra_moneda=2, compra_tipo_cambio="3.75",
                   detalle=[{"cod_num": 1001, "cantidad": 30, "precio": "6.00"}]).body["id"]
    deleted = bill().body["id"]
    call("compra-eliminar", compra_id=deleted)
    record = call("proveedor-listar", proveedor_id=supplier).body[0]
    assert (record["compras_cantidad"], record["compras_por_pagar"]) == (2, Decimal("885.00") + Decimal("796.50"))
    assert dollars
    other = call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": "20100070970"}).body["id"]
    assert (call("proveedor-listar", proveedor_id=other).body[0]["compras_cantidad"]) == 0


def test_an_older_database_gets_the_bills_tables_and_the_kardex_column_on_start(app, call, bill):
    """As init-db on a database from before supplier bills: kardex rows kept, bills work afterwards."""
    from models import Purchase
    from models import PurchaseLine
    from models import StockMovement
    from models import create_tables

    with db.connection_context():
        db.drop_tables([PurchaseLine, Purchase])
        db.execute_sql('DROP INDEX IF EXISTS "stock_movement_purchase_id"')
        db.execute_sql('ALTER TABLE "stock_movement" DROP COLUMN "purchase_id"')
        assert "purchase_id" not in {c.name for c in db.get_columns("stock_movement")}
        create_tables()
        assert "purchase_id" in {c.name for c in db.get_columns("stock_movement")}
        assert "stock_movement_purchase_id" not in {i.name for i in db.get_indexes("stock_movement")}, \
            "bills find their movements by origin; sales' movements write no entry for a null bill"
        assert StockMovement.select().count() == 1, "the old income is kept"
    assert bill().status == 201
    assert (product(call)["stock"], product(call)["costo_promedio"]) == (80, Decimal("21.875"))
