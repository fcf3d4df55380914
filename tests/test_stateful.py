"""A stateful property test: any sequence of clients, products, warehouses, income, sales, exits, transfers,
counts, edits and deletes keeps each warehouse's stock equal to its kardex balance, the total equal to the
sum of the warehouses, values equal to quantity × average cost, numbers gapless, and totals equal to the
sum of their lines."""

from decimal import Decimal

from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle
from hypothesis.stateful import RuleBasedStateMachine
from hypothesis.stateful import initialize
from hypothesis.stateful import invariant
from hypothesis.stateful import rule
from hypothesis.stateful import run_state_machine_as_test

from models import Address
from models import AuditEntry
from models import Contact
from models import Document
from models import DocumentLine
from models import IdempotentAnswer
from models import DocumentInstallment
from models import LiveCount
from models import Party
from models import Product
from models import Series
from models import StockCount
from models import StockCountItem
from models import StockExit
from models import StockExitLine
from models import StockMovement
from models import StockTransfer
from models import StockTransferLine
from models import Warehouse
from models import WarehouseStock
from models.base import db
from tests import examples
from tests.conftest import post

quantities = st.decimals(min_value=Decimal("0.5"), max_value=20, places=1)
prices = st.decimals(min_value=Decimal("0.01"), max_value=500, places=2)
discounts = st.sampled_from([0, 5, 10, Decimal("12.5"), 100])
kinds = st.sampled_from(["factura", "boleta", "nota"])


def empty_the_shop():
    """Each run of the machine starts from a company with no records and fresh series."""
    with db.connection_context(), db.atomic():
        for model in (AuditEntry, IdempotentAnswer, StockMovement, StockCountItem, StockCount, StockTransferLine,
                      StockTransfer, StockExitLine, StockExit, WarehouseStock, DocumentLine, DocumentInstallment,
                      Document, Product, Contact, Address, Party):
            model.delete().execute()
        Warehouse.delete().where(Warehouse.is_main == False).execute()  # noqa: E712
        Series.update(last_number=0).execute()
        LiveCount.update(live=0).execute()


def test_stock_numbers_and_totals_stay_consistent(app, client, tenant):
    def call(action, **fields):
        return post(client, {"action": action, **fields}, tenant.key)

    class Shop(RuleBasedStateMachine):
        clients = Bundle("clients")
        products = Bundle("products")
        documents = Bundle("documents")
        warehouses = Bundle("warehouses")
        exits = Bundle("exits")

        def __init__(self):
            super().__init__()
            empty_the_shop()
            self.created = {"factura": 0, "boleta": 0, "nota": 0}

        @initialize(target=warehouses)
        def main_warehouse(self):
            return tenant.company.main_warehouse

        @rule(target=warehouses, negative=st.sampled_from([None, True, False]))
        def add_warehouse(self, negative):
            reply = call("almacen-nuevo", almacen_nombre="W", almacen_permite_negativo=negative)
            assert reply.status == 201, reply.body
            return reply.body["id"]

        @rule(target=exits, product=products, warehouse=warehouses, quantity=quantities,
              reason=st.sampled_from([1, 2, 3, 4, 5, 6, 9]), cost=st.none() | prices)
        def take_out(self, product, warehouse, quantity, reason, cost):
            line = {"cod_num": product, "cantidad": quantity, **({"costo": cost} if cost is not None else {})}
            reply = call("salida-nuevo", salida_almacen=warehouse, salida_motivo=reason, detalle=[line])
            assert reply.status in (201, 409), reply.body  # 409: that warehouse refuses negative stock
            return reply.body.get("id")

        @rule(exit_id=exits, product=products, quantity=quantities, delete=st.booleans())
        def change_exit(self, exit_id, product, quantity, delete):
            if exit_id is None:
                return
            if delete:
                assert call("salida-eliminar", salida_id=exit_id).status in (200, 400)  # 400: deleted already
            else:
                reply = call("salida-editar", salida_id=exit_id, detalle=[{"cod_num": product, "cantidad": quantity}])
                assert reply.status in (200, 400, 409), reply.body

        @rule(product=products, origin=warehouses, destination=warehouses, quantity=quantities, undo=st.booleans())
        def transfer(self, product, origin, destination, quantity, undo):
            reply = call("transferencia-nuevo", transferencia_origen=origin, transferencia_destino=destination,
                         detalle=[{"cod_num": product, "cantidad": quantity}])
            assert reply.status in ((400,) if origin == destination else (201, 409)), reply.body
            if reply.status == 201 and undo:
                assert call("transferencia-eliminar", transferencia_id=reply.body["id"]).status in (200, 409)

        @rule(warehouse=warehouses, counted=st.lists(st.tuples(products, st.integers(0, 30)), min_size=1, max_size=3),
              sale_between=st.booleans(), buyer=clients)
        def count(self, warehouse, counted, sale_between, buyer):
            opened = call("inventario-conteo-nuevo", conteo_almacenes=[warehouse])
            assert opened.status == 201, opened.body
            reply = call("inventario-conteo-editar", conteo_id=opened.body["id"],
                         items=[{"cod_num": c, "cantidad_contada": q} for c, q in counted])
            assert reply.status == 200, reply.body
            if sale_between:
                self.sell("nota", buyer, [(counted[0][0], Decimal(1), 0)], warehouse)
            closed = call("inventario-conteo-cerrar", conteo_id=opened.body["id"])
            assert closed.status == 200, closed.body
            final = {c: q for c, q in counted}  # the last count of a product wins
            for item in closed.body["items"]:
                assert item["cantidad_despues"] == final[item["producto"]["cod_num"]]
                assert item["cantidad_diferencia"] == item["cantidad_despues"] - item["cantidad_antes"]
            shares = self.shares()
            for code, quantity in final.items():
                assert shares[code].get(warehouse, 0) == quantity

        def shares(self):
            return {p["cod_num"]: {s["almacen_id"]: s["stock"] for s in p["stock_por_almacen"]}
                    for p in call("producto-listar", limite=1000).body}

        @rule(target=clients, n=st.integers(0, 10 ** 6))
        def add_client(self, n):
            reply = call(**{**examples.CLIENTE_NUEVO, "action": "cliente-nuevo",
                            "cliente_num_doc": "20550117968" if n % 2 else f"{10_000_000 + n:08d}",
                            "cliente_idtipo_documento": 4 if n % 2 else 2})
            if reply.status == 400:  # that RUC exists already: use the one registered
                return (reply.body["id_existente"], None)
            return (reply.body["id"], reply.body["idpersonal"])

        @rule(target=products, price=prices, affectation=st.sampled_from([10, 20, 30]))
        def add_product(self, price, affectation):
            reply = call("producto-nuevo", producto_nombre="P", producto_precio=price,
                         producto_afectacion_igv=affectation)
            return reply.body["cod_num"]

        @rule(product=products, quantity=st.integers(1, 50), cost=prices, warehouse=warehouses)
        def income(self, product, quantity, cost, warehouse):
            assert call("inventario-ingreso", cod_num=product, cantidad=quantity, costo=cost,
                        almacen=warehouse).status == 200

        @rule(target=documents, kind=kinds, buyer=clients, lines=st.lists(
            st.tuples(products, quantities, discounts), min_size=1, max_size=5), warehouse=warehouses)
        def sell(self, kind, buyer, lines, warehouse):
            client_id, contact_id = buyer
            if contact_id is None:
                contact_id = call("cliente-listar", cliente_id=client_id).body[0]["idpersonal"]
            reply = call(f"{kind}-nuevo", factura_estado=1, factura_cliente=client_id, factura_idmoneda=1,
                         factura_idcontacto=contact_id, factura_almacen=warehouse,
                         detalle=[{"cod_num": c, "cantidad": q, "descuento": d} for c, q, d in lines])
            if reply.status == 400:  # a factura to a DNI client is refused, as it should be
                assert kind == "factura" and "requiere un cliente con RUC" in str(reply.body)
                return None
            if reply.status == 409 and "stock insuficiente" in reply.body["error"]:
                return None  # that warehouse refuses negative stock
            assert reply.status == 201, reply.body
            self.created[kind] += 1
            return (kind, int(reply.body["id"]))

        @rule(document=documents, product=products, quantity=quantities)
        def edit(self, document, product, quantity):
            if document is not None:
                kind, ident = document
                reply = call(f"{kind}-editar", factura_id=ident, detalle=[{"cod_num": product, "cantidad": quantity}])
                assert reply.status in (200, 409), reply.body

        @rule(document=documents)
        def annul(self, document):
            if document is not None:
                kind, ident = document
                assert call(f"{kind}-eliminar", factura_id=ident).status in (200, 409)

        @invariant()
        def stock_equals_the_kardex_balance(self):
            for product in call("producto-listar", limite=1000).body:
                movements = call("kardex-listar", cod_num=product["cod_num"], limite=1000).body
                assert product["stock"] == sum((m["cantidad"] for m in movements), Decimal(0))
                assert product["stock"] == (movements[-1]["saldo"] if movements else 0)
                shares = {s["almacen_id"]: s["stock"] for s in product["stock_por_almacen"]}
                assert product["stock"] == sum(shares.values(), Decimal(0)), "the total is the sum of the warehouses"
                per_warehouse = {}
                for m in movements:
                    per_warehouse[m["almacen_id"]] = per_warehouse.get(m["almacen_id"], Decimal(0)) + m["cantidad"]
                    assert m["saldo_almacen"] == per_warehouse[m["almacen_id"]]
                assert {w: q for w, q in per_warehouse.items() if q} == {w: q for w, q in shares.items() if q}

        @invariant()
        def values_are_quantity_times_average(self):
            report = call("stock-reporte").body
            for warehouse in report["almacenes"]:
                for line in warehouse["productos"]:
                    exact = Decimal(line["cantidad"]) * Decimal(line["costo_promedio"])
                    assert line["valor"] == exact.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
                assert warehouse["valor_total"] == sum((line["valor"] for line in warehouse["productos"]), Decimal(0))
            assert report["valor_total"] == sum((w["valor_total"] for w in report["almacenes"]), Decimal(0))

        @invariant()
        def listed_totals_are_the_records_listed(self):
            for action in ("cliente-listar", "producto-listar", "factura-listar", "boleta-listar", "nota-listar"):
                reply = call(action, limite=1000)
                assert int(reply.headers["X-Total-Count"]) == len(reply.body), action

        @invariant()
        def numbers_are_gapless_and_totals_add_up(self):
            for kind, made in self.created.items():
                listed = (call(f"{kind}-listar", limite=1000).body
                          + call(f"{kind}-listar", limite=1000, factura_estado=3).body)
                assert sorted(d["correlativo"] for d in listed) == list(range(1, made + 1))
                for document in listed:
                    lines = document["detalle"]
                    assert document["total"] == sum(line["total"] for line in lines)
                    assert document["igv"] == sum(line["igv"] for line in lines)
                    assert all(line["valor_venta"] + line["igv"] == line["total"] for line in lines)

    run_state_machine_as_test(Shop, settings=settings(
        max_examples=15, stateful_step_count=25, deadline=None, database=None,
        suppress_health_check=list(HealthCheck)))
