"""Sales documents: validation, numbering, totals through the API, credit terms, edits and deletes."""

import datetime
from decimal import Decimal as D

import pytest

from admin.companies import add_series
from domain.clock import lima_today
from domain.documents import KINDS
from models import Company
from models import Document
from models.base import db


def stock_of(call, code):
    return call("producto-listar", cod_num=code).body[0]["stock"]


class TestValidation:
    def test_a_factura_needs_a_client_with_ruc(self, call, shop):
        reply = call("factura-nuevo", **shop.sale(client="dni"))
        assert (reply.status, reply.body["codigo"]) == (400, 11)
        assert "requiere un cliente con RUC" in reply.body["campos"]["factura_cliente"][0]
        assert call("boleta-nuevo", **shop.sale(client="dni")).status == 201

    def test_an_export_factura_may_go_to_a_client_without_ruc(self, call, shop):
        reply = call("factura-nuevo", **shop.sale(client="dni", factura_tipooperacion=2,
                                                  detalle=[{"cod_num": 1001, "cantidad": 2}]))
        assert reply.status == 201
        assert (reply.body["op_exportacion"], reply.body["igv"], reply.body["total"]) == (D("47.20"), D("0.00"), D("47.20"))

    def test_the_contact_must_belong_to_the_client(self, call, shop):
        reply = call("factura-nuevo", **shop.sale(factura_idcontacto=shop.dni_contact))
        assert (reply.status, reply.body["codigo"]) == (400, 12)
        assert reply.body["error"] == (f"No se encontró el contacto con el id {shop.dni_contact} "
                                       f"del cliente {shop.ruc_client}")

    @pytest.mark.parametrize("fields, error", [
        ({"factura_cliente": 999}, "No se encontró el cliente con el id 999"),
        ({"detalle": [{"cod_num": 1001}, {"cod_num": 4242}]}, "No se encontró el producto con el código 4242"),
        ({"factura_serie": "F999"}, "No se encontró la serie F999 de Factura de venta"),
    ])
    def test_missing_records_are_12_and_named(self, call, shop, fields, error):
        reply = call("factura-nuevo", **shop.sale(**fields))
        assert (reply.status, reply.body["codigo"]) == (400, 12)
        assert reply.body["error"].startswith(error)

    @pytest.mark.parametrize("fields, field, message", [
        ({"detalle": []}, "detalle", "Debe tener entre 1 y 1000 elementos; se recibieron 0."),
        ({"detalle": [{"cod_num": 1001}] * 1001}, "detalle", "Debe tener entre 1 y 1000 elementos; se recibieron 1001."),
        ({"detalle": [{"cod_num": 1001, "cantidad": 0}]}, "detalle[0].cantidad", "Debe ser mayor que 0."),
        ({"detalle": [{"cod_num": 1001, "descuento": "100.01"}]}, "detalle[0].descuento", "Debe ser menor o igual que 100."),
        ({"detalle": [{"cod_num": 1001, "precio_unit": "1,50"}]}, "detalle[0].precio_unit",
         'Debe ser un número con punto decimal (por ejemplo 2034.56 o "2034.56").'),
        ({"detalle": [{"cod_num": 123456789}]}, "detalle[0].cod_num", "Debe estar entre 1 y 99999999."),
        ({"detalle": ["x"]}, "detalle[0]", "Debe ser un objeto JSON ({...})."),
        ({"detalle": "1001"}, "detalle", "Debe ser una lista de objetos ([{...}, ...])."),
        ({"factura_estado": 3}, "factura_estado", "Valor 3 no permitido; use uno de: 1 (pagado), 2 (no pagado)."),
        ({"factura_idmoneda": 4}, "factura_idmoneda", "Valor 4 no permitido; use uno de: 1 (PEN), 2 (USD), 3 (EUR)."),
        ({"factura_fecha": "31-02-2024"}, "factura_fecha", "La fecha 31-02-2024 no existe en el calendario."),
        ({"factura_fecha": "2024/01/05"}, "factura_fecha", "Debe ser una fecha DD-MM-YYYY o YYYY-MM-DD (por ejemplo 21-05-2017)."),
        ({"factura_hora_creacion": "25:00:00"}, "factura_hora_creacion", "Debe ser una hora HH:mm:ss (por ejemplo 14:25:32)."),
        ({"factura_fecha": "10-09-2021", "factura_fechapago": "2021-09-09"}, "factura_fechapago",
         "No puede ser anterior a factura_fecha."),
        ({"factura_detraccion": 1}, "factura_porcentaje_detraccion",
         "Con detracción (factura_detraccion 1) indique el porcentaje."),
    ])
    def test_bad_fields_are_11_and_named(self, call, shop, fields, field, message):
        reply = call("factura-nuevo", **shop.sale(**fields))
        assert (reply.status, reply.body["codigo"]) == (400, 11)
        assert reply.body["campos"] == {field: [message]}

    def test_both_date_formats_are_accepted_and_stored_iso(self, call, shop):
        reply = call("boleta-nuevo", **shop.sale(factura_fecha="05-01-2024", factura_fechapago="2024-01-20"))
        [document] = call("boleta-listar", factura_id=int(reply.body["id"])).body
        assert (document["factura_fecha"], document["factura_fechapago"]) == ("2024-01-05", "2024-01-20")

    def test_the_seeds_other_spelling_of_forma_de_pago_is_accepted(self, call, shop):
        reply = call("factura-nuevo", **shop.sale(factura_formato_cpe="2", factura_fechapago="2099-01-01"))
        assert reply.status == 201
        assert call("factura-listar").body[0]["factura_formapago_cpe"] == 2


class TestNumbering:
    def test_each_kind_and_series_counts_on_its_own(self, call, shop, tenant):
        with db.connection_context():
            add_series(tenant.company, KINDS[1], "F002")
        numbers = [call(f"{kind}-nuevo", **shop.sale(client=client)).body["numero"]
                   for kind, client in (("factura", "ruc"), ("factura", "ruc"), ("boleta", "dni"), ("nota", "dni"))]
        numbers.append(call("factura-nuevo", **shop.sale(factura_serie="f002")).body["numero"])
        assert numbers == ["F001-00000001", "F001-00000002", "B001-00000001", "NV01-00000001", "F002-00000001"]

    def test_a_failed_request_burns_no_number(self, call, shop, tenant):
        assert call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 9}])).status == 400
        with db.connection_context():
            Company.update(allow_negative_stock=False).where(Company.id == tenant.company.id).execute()
        # refused after its number was taken: stock runs short
        refused = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 1000}]))
        assert (refused.status, refused.body["codigo"]) == (409, 13)
        assert call("factura-nuevo", **shop.sale()).body["numero"] == "F001-00000001"

    def test_a_number_is_never_reused_after_deletion(self, call, shop):
        first = call("factura-nuevo", **shop.sale()).body
        call("factura-eliminar", factura_id=int(first["id"]))
        assert call("factura-nuevo", **shop.sale()).body["numero"] == "F001-00000002"


class TestTotalsThroughTheApi:
    def test_mixed_affectations_and_a_service(self, call, shop):
        reply = call("factura-nuevo", **shop.sale(detalle=[
            {"cod_num": 1001, "cantidad": 2}, {"cod_num": 1002}, {"cod_num": 1003, "descuento": 50}]))
        # 47.20 → 40.00 + 7.20; 50.00 exonerated; 59.00 → 50.00 + 9.00 (service, 50 % off 118)
        assert {k: reply.body[k] for k in ("op_gravadas", "op_exoneradas", "igv", "total")} == {
            "op_gravadas": D("90.00"), "op_exoneradas": D("50.00"), "igv": D("16.20"), "total": D("156.20")}
        assert reply.body["total_letras"] == "CIENTO CINCUENTA Y SEIS CON 20/100 SOLES"

    def test_dollars_are_written_as_dollars(self, call, shop):
        reply = call("factura-nuevo", **shop.sale(factura_idmoneda=2, detalle=[{"cod_num": 1001, "precio_unit": 118}]))
        assert (reply.body["moneda"], reply.body["total_letras"]) == ("USD", "CIENTO DIECIOCHO CON 00/100 DÓLARES AMERICANOS")

    def test_a_thousand_lines(self, call, shop):
        detalle = [{"cod_num": 1003, "precio_unit": "0.10"}] * 1000
        reply = call("nota-nuevo", **shop.sale(client="dni", detalle=detalle))
        assert reply.status == 201
        assert (reply.body["op_gravadas"], reply.body["igv"], reply.body["total"]) == (D("80.00"), D("20.00"), D("100.00"))
        [document] = call("nota-listar").body
        assert len(document["detalle"]) == 1000 and document["detalle"][-1]["item"] == 1000


class TestCreditAndDetraccion:
    def test_credit_with_installments(self, call, shop):
        reply = call("factura-nuevo", **shop.sale(
            factura_fecha="2024-01-10", factura_formapago_cpe=2, detalle=[{"cod_num": 1001, "cantidad": 5}],
            factura_cuotas=[{"monto": "60.00", "fecha": "2024-02-10"}, {"monto": 58, "fecha": "10-03-2024"}]))
        assert reply.status == 201, reply.body
        assert call("factura-listar").body[0]["cuotas"] == [
            {"monto": D("60.00"), "fecha": "2024-02-10"}, {"monto": D("58.00"), "fecha": "2024-03-10"}]

    @pytest.mark.parametrize("fields, message", [
        ({"factura_formapago_cpe": 2, "factura_cuotas": [{"monto": 1, "fecha": "2099-01-01"}]},
         "Las cuotas suman 1 y deben sumar 23.60 (total menos detracción)."),
        ({"factura_formapago_cpe": 2}, "Una venta al crédito necesita factura_cuotas o factura_fechapago."),
        ({"factura_cuotas": [{"monto": "23.60", "fecha": "2099-01-01"}]},
         "Solo se envían cuotas con factura_formapago_cpe 2 (crédito)."),
        ({"factura_formapago_cpe": 2, "factura_fecha": "2024-01-10",
          "factura_cuotas": [{"monto": "23.60", "fecha": "2024-01-10"}]}, "Cada cuota debe vencer después de factura_fecha."),
    ])
    def test_inconsistent_credit_terms_are_11(self, call, shop, fields, message):
        reply = call("factura-nuevo", **shop.sale(**fields))
        assert reply.body["campos"] == {"factura_cuotas": [message]}

    def test_credit_without_cuotas_is_one_cuota_on_the_payment_date(self, call, shop):
        call("factura-nuevo", **shop.sale(factura_formapago_cpe=2, factura_fechapago="2099-12-31"))
        assert call("factura-listar").body[0]["cuotas"] == [{"monto": D("23.60"), "fecha": "2099-12-31"}]

    def test_detraccion_is_deducted_from_what_is_owed(self, call, shop):
        reply = call("factura-nuevo", **shop.sale(
            factura_detraccion=1, factura_porcentaje_detraccion=12, factura_formapago_cpe=2,
            factura_fechapago="2099-01-01", detalle=[{"cod_num": 1003, "precio_unit": 1000}]))
        assert reply.body["monto_detraccion"] == D("120.00")
        assert call("factura-listar").body[0]["cuotas"] == [{"monto": D("880.00"), "fecha": "2099-01-01"}]


class TestEditAndDelete:
    def test_a_partial_edit_changes_only_what_is_sent(self, call, shop):
        created = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 3}])).body
        before = call("factura-listar").body[0]
        reply = call("factura-editar", factura_id=created["id"], factura_observaciones="Entregar en tienda")
        assert reply.status == 200 and reply.body["total"] == created["total"]
        after = call("factura-listar").body[0]
        changed = {k for k in before if before[k] != after[k]}
        assert changed == {"factura_observaciones", "fecha_modificacion"} or changed == {"factura_observaciones"}
        assert stock_of(call, 1001) == 97

    def test_editing_the_lines_moves_stock_back_and_forth(self, call, shop):
        created = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 3}, {"cod_num": 1002}])).body
        assert (stock_of(call, 1001), stock_of(call, 1002)) == (97, 9)
        reply = call("factura-editar", factura_id=int(created["id"]), detalle=[{"cod_num": 1001, "cantidad": 10}])
        assert reply.body["total"] == D("236.00")
        assert (stock_of(call, 1001), stock_of(call, 1002)) == (90, 10)

    def test_switching_to_export_reprices_the_stored_lines(self, call, shop):
        # An export is never sold to a RUC (SUNAT's rule 2800): a boleta to a DNI switches.
        created = call("boleta-nuevo", **shop.sale(client="dni")).body
        reply = call("boleta-editar", factura_id=int(created["id"]), factura_tipooperacion=2)
        assert (reply.body["op_exportacion"], reply.body["igv"]) == (D("23.60"), D("0.00"))
        assert stock_of(call, 1001) == 99, "same lines, stock untouched overall"

    def test_deleting_restores_stock_and_keeps_the_document_readable(self, call, shop):
        created = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 4}])).body
        call("factura-eliminar", factura_id=int(created["id"]))
        assert stock_of(call, 1001) == 100
        [annulled] = call("factura-listar", factura_estado=3).body
        assert annulled["total"] == D("94.40") and annulled["detalle"][0]["cantidad"] == 4

    def test_an_annulled_document_cannot_be_edited_or_deleted_again(self, call, shop):
        created = call("factura-nuevo", **shop.sale()).body
        call("factura-eliminar", factura_id=int(created["id"]))
        for action in ("factura-editar", "factura-eliminar"):
            reply = call(action, factura_id=int(created["id"]))
            assert (reply.status, reply.body["codigo"]) == (409, 13)
            assert "F001-00000001 está anulada" in reply.body["error"]

    @pytest.mark.parametrize("state", ["aceptado", "observado"])
    def test_a_document_sunat_accepted_refuses_edit_and_delete(self, call, shop, state):
        created = call("factura-nuevo", **shop.sale()).body
        with db.connection_context():
            Document.update(sunat_state=state).where(Document.id == int(created["id"])).execute()
        for action in ("factura-editar", "factura-eliminar"):
            reply = call(action, factura_id=int(created["id"]), factura_observaciones="x")
            assert (reply.status, reply.body["codigo"]) == (409, 13), action
            assert f"estado {state}" in reply.body["error"]

    def test_documents_of_another_kind_are_not_found(self, call, shop):
        created = call("boleta-nuevo", **shop.sale()).body
        reply = call("factura-eliminar", factura_id=int(created["id"]))
        assert reply.body["error"] == f"No se encontró la Factura de venta con el id {created['id']}"

    def test_documents_of_a_deleted_client_stay_readable(self, call, shop):
        call("factura-nuevo", **shop.sale())
        call("cliente-eliminar", cliente_id=shop.ruc_client)
        [document] = call("factura-listar").body
        assert document["cliente_nombre"] == "empresa SAC"


class TestListing:
    def test_filters_and_paging(self, call, shop):
        for day in ("2024-01-01", "2024-01-15", "2024-02-01"):
            call("factura-nuevo", **shop.sale(factura_fecha=day))
        call("factura-nuevo", **shop.sale(factura_fecha="2024-01-20", factura_estado=2))
        january = call("factura-listar", fecha_desde="01-01-2024", fecha_hasta="2024-01-31")
        assert [d["factura_fecha"] for d in january.body] == ["2024-01-01", "2024-01-15", "2024-01-20"]
        assert [d["numero"] for d in call("factura-listar", factura_estado=2).body] == ["F001-00000004"]
        assert [d["id"] for d in call("factura-listar", numero="F001-2").body] == [2]
        first = call("factura-listar", limite=2)
        assert first.headers["X-Total-Count"] == "4" and len(first.body) == 2
        rest = call("factura-listar", limite=2, desde_id=int(first.headers["X-Siguiente-Desde-Id"]))
        assert [d["correlativo"] for d in first.body + rest.body] == [1, 2, 3, 4]
        assert call("factura-listar", factura_cliente=shop.dni_client).body == []
        assert call("factura-listar", numero="F1").body["campos"] == {
            "numero": ["Debe ser serie-número, por ejemplo F001-00000001."]}

    def test_documents_near_their_sunat_sending_deadline(self, call, shop):
        """por_vencer_dias N: not decided by SUNAT, and issue date + SUNAT_SEND_DEADLINE_DAYS (3) at most N
        days away, overdue ones included; accepted, rejected or far from it are not listed."""
        today = lima_today()
        states = {}
        for ago, state in ((0, "pendiente"), (2, "pendiente"), (3, "no_enviado"), (6, "pendiente"),
                           (4, "aceptado"), (5, "rechazado"), (5, "observado")):
            created = call("factura-nuevo", **shop.sale(factura_fecha=(today - datetime.timedelta(days=ago))
                                                        .isoformat())).body
            states[int(created["id"])] = (ago, state)
            with db.connection_context():
                Document.update(sunat_state=state).where(Document.id == int(created["id"])).execute()

        def listed(days, action="factura-listar", **fields):
            reply = call(action, por_vencer_dias=days, **fields)
            assert reply.status == 200, reply.body
            assert reply.headers["X-Total-Count"] == str(len(reply.body))
            return [states[d["id"]] for d in reply.body]

        # deadline today (3 days ago, never queued) and past it (6 days ago, still pending)
        assert listed(0) == [(3, "no_enviado"), (6, "pendiente")]
        assert listed(1) == [(2, "pendiente"), (3, "no_enviado"), (6, "pendiente")]
        assert listed(3) == [(0, "pendiente"), (2, "pendiente"), (3, "no_enviado"), (6, "pendiente")]
        assert listed(30) == listed(3), "SUNAT decided on the others: no deadline left"
        assert listed(3, estado_sunat="no_enviado") == [(3, "no_enviado")], "combines with the other filters"
        assert listed(30, "boleta-listar") == [] and listed(30, "nota-listar") == []
        boleta = int(call("boleta-nuevo", **shop.sale(client="dni", factura_fecha=(today - datetime.timedelta(days=5))
                                                      .isoformat())).body["id"])
        with db.connection_context():
            Document.update(sunat_state="pendiente").where(Document.id == boleta).execute()
        assert [d["id"] for d in call("boleta-listar", por_vencer_dias=0).body] == [boleta]
        note = call("notacredito-nuevo", nota_documento_id=boleta, nota_motivo_codigo="06", nota_motivo="Devolución total")
        assert note.status == 201, note.body
        with db.connection_context():
            Document.update(sunat_state="pendiente").where(Document.id == int(note.body["id"])).execute()
        # the note is due 3 days from its own issue date (today), not its boleta's
        assert call("notacredito-listar", por_vencer_dias=2).body == []
        assert [d["id"] for d in call("notacredito-listar", por_vencer_dias=3).body] == [int(note.body["id"])]

    @pytest.mark.parametrize("value", [-1, 31, "tres", True, 1.5])
    def test_por_vencer_dias_refuses_bad_values(self, call, shop, value):
        for action in ("factura-listar", "boleta-listar", "notacredito-listar"):
            reply = call(action, por_vencer_dias=value)
            assert (reply.status, reply.body["codigo"]) == (400, 11), (action, reply.body)
            assert list(reply.body["campos"]) == ["por_vencer_dias"]
        assert call("factura-listar", por_vencer_dias=-1).body["campos"] == {
            "por_vencer_dias": ["Debe estar entre 0 y 30."]}
