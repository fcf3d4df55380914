"""Notes and supplier bills move stock in warehouses: a nota de crédito's goods go back into the warehouse
the sale took them from, at the cost they left with; a bill's goods enter its `compra_almacen` and move
with it. Every warehouse's kardex stays its stock (`warehouse_balances`)."""

from tests import examples
from tests.test_warehouses import new_warehouse
from tests.test_warehouses import warehouse_balances


def kardex_in(call, code, warehouse_id):
    return call("kardex-listar", cod_num=code, almacen_id=warehouse_id, limite=1000).body


def test_a_credit_note_returns_goods_to_the_sales_warehouse_at_their_cost(call, shop, tenant):
    main = tenant.company.main_warehouse
    store = new_warehouse(call)
    assert call("inventario-ingreso", cod_num=1001, cantidad=10, costo="12.00", almacen=store).status == 200
    sale = call("factura-nuevo", **shop.sale(factura_almacen=store, detalle=[{"cod_num": 1001, "cantidad": 4}]))
    assert sale.status == 201, sale.body
    sold_at = kardex_in(call, 1001, store)[-1]
    assert (sold_at["tipo"], sold_at["cantidad"]) == ("venta", -4)
    # Later stock at another cost moves the average: the return still comes back at the sale's cost.
    assert call("inventario-ingreso", cod_num=1001, cantidad=10, costo="30.00", almacen=store).status == 200
    before = warehouse_balances(call, 1001)

    note = call("notacredito-nuevo", nota_documento_id=int(sale.body["id"]), nota_motivo_codigo="07",
                nota_motivo="devolución", detalle=[{"cod_num": 1001, "cantidad": 3}])
    assert note.status == 201, note.body
    back = kardex_in(call, 1001, store)[-1]
    assert (back["tipo"], back["cantidad"], back["costo_unitario"]) == ("devolucion", 3, sold_at["costo_unitario"])
    assert warehouse_balances(call, 1001) == {**before, store: before[store] + 3}
    assert not [m for m in kardex_in(call, 1001, main) if m["tipo"] == "devolucion"]

    edited = call("notacredito-editar", factura_id=int(note.body["id"]), detalle=[{"cod_num": 1001, "cantidad": 1}])
    assert edited.status == 200, edited.body
    assert warehouse_balances(call, 1001) == {**before, store: before[store] + 1}

    assert call("notacredito-eliminar", factura_id=int(note.body["id"])).status == 200
    out = kardex_in(call, 1001, store)[-1]
    assert (out["tipo"], out["cantidad"], out["costo_unitario"]) == ("reversion_devolucion", -1, sold_at["costo_unitario"])
    assert warehouse_balances(call, 1001) == before


def test_a_sale_from_the_main_warehouse_gets_its_goods_back_there(call, shop, tenant):
    main = tenant.company.main_warehouse
    new_warehouse(call)
    sale = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 2}]))
    before = warehouse_balances(call, 1001)
    note = call("notacredito-nuevo", nota_documento_id=int(sale.body["id"]), nota_motivo_codigo="06",
                nota_motivo="devolución total")
    assert note.status == 201, note.body
    assert warehouse_balances(call, 1001) == {**before, main: before[main] + 2}


def bill(call, supplier, **fields):
    reply = call("compra-nuevo", compra_proveedor=supplier, compra_numero="F001-7", compra_fecha="2024-05-01",
                 detalle=[{"cod_num": 1001, "cantidad": 30, "precio": "25.00"}], **fields)
    assert reply.status == 201, reply.body
    return reply.body["id"]


def test_a_bill_brings_its_goods_into_its_warehouse_and_moves_them_with_it(call, shop, tenant, other_tenant):
    main = tenant.company.main_warehouse
    store = new_warehouse(call)
    supplier = call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC}).body["id"]
    before = warehouse_balances(call, 1001)

    ident = bill(call, supplier, compra_almacen=store)
    assert call("compra-listar", compra_id=ident).body[0]["compra_almacen"] == store
    entry = kardex_in(call, 1001, store)[-1]
    assert (entry["tipo"], entry["cantidad"], entry["compra_id"]) == ("compra", 30, ident)
    assert warehouse_balances(call, 1001) == {**before, store: 30}

    moved = call("compra-editar", compra_id=ident, compra_almacen=None)  # null: the main warehouse
    assert moved.status == 200 and moved.body["compra_almacen"] == main, moved.body
    out = kardex_in(call, 1001, store)[-1]
    assert (out["tipo"], out["cantidad"], out["costo_unitario"]) == ("reversion_compra", -30, entry["costo_unitario"])
    assert warehouse_balances(call, 1001) == {**before, main: before[main] + 30}

    assert call("compra-eliminar", compra_id=ident).status == 200
    assert warehouse_balances(call, 1001) == before

    theirs = call("almacen-nuevo", _key=other_tenant.key, almacen_nombre="Otra").body["id"]
    refused = call("compra-nuevo", compra_proveedor=supplier, compra_numero="F001-8", compra_fecha="2024-05-01",
                   compra_almacen=theirs, detalle=[{"cod_num": 1001, "cantidad": 1, "precio": 1}])
    assert (refused.status, refused.body["codigo"]) == (400, 12), refused.body


def test_a_bill_cannot_leave_a_warehouse_that_refuses_negative_stock_below_zero(call, shop):
    strict = new_warehouse(call, "Estricto", almacen_permite_negativo=False)
    other = new_warehouse(call, "Otro")
    supplier = call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC}).body["id"]
    ident = bill(call, supplier, compra_almacen=strict)
    assert call("transferencia-nuevo", transferencia_origen=strict, transferencia_destino=other,
                detalle=[{"cod_num": 1001, "cantidad": 20}]).status == 201
    before = warehouse_balances(call, 1001)
    for refused in (call("compra-editar", compra_id=ident, compra_almacen=other),
                    call("compra-eliminar", compra_id=ident)):
        assert (refused.status, refused.body["codigo"]) == (409, 13), refused.body
        assert "almacén" in refused.body["error"]
    assert warehouse_balances(call, 1001) == before
    # Fewer units on the bill still fit in what is left there.
    fewer = call("compra-editar", compra_id=ident, detalle=[{"cod_num": 1001, "cantidad": 20, "precio": "25.00"}])
    assert fewer.status == 200, fewer.body
    assert warehouse_balances(call, 1001) == {w: s for w, s in before.items() if w != strict}  # strict: 0
