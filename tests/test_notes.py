"""notacredito-* and notadebito-*: the rules of a correction, its numbers, its stock and its listings."""

from decimal import Decimal as D

import pytest

from tests.conftest import post


@pytest.fixture
def factura(call, shop):
    """A factura of 3 × ARROZ (23.60) and 1 LIBRO (50.00): 120.80."""
    created = call("factura-nuevo", **shop.sale(factura_fecha="2024-09-10", detalle=[
        {"cod_num": 1001, "cantidad": 3}, {"cod_num": 1002}]))
    assert created.status == 201, created.body
    return created.body


@pytest.fixture
def boleta(call, shop):
    created = call("boleta-nuevo", **shop.sale(client="dni", detalle=[{"cod_num": 1001, "cantidad": 2}]))
    assert created.status == 201, created.body
    return created.body


def stock(call, code):
    return D(call("producto-listar", cod_num=code).body[0]["stock"])


def test_a_total_return_credits_the_whole_factura_and_brings_the_goods_back(call, factura):
    before = stock(call, 1001), stock(call, 1002)
    note = call("notacredito-nuevo", nota_documento_id=int(factura["id"]), nota_motivo_codigo="06",
                nota_motivo="Devolución total")
    assert note.status == 201, note.body
    body = note.body
    assert body["respuesta"] == "Se registró la Nota de crédito con éxito" and isinstance(body["id"], str)
    assert body["numero"] == "FC01-00000001" and body["total"] == D(factura["total"]) == D("120.80")
    assert body["nota_documento_numero"] == factura["numero"] and body["estado_sunat"] == "no_enviado"  # no issuer: nothing queues it
    assert body["total_letras"] == "CIENTO VEINTE CON 80/100 SOLES"
    assert (stock(call, 1001), stock(call, 1002)) == (before[0] + 3, before[1] + 1)
    kardex = call("kardex-listar", cod_num=1001).body
    assert (kardex[-1]["tipo"], D(kardex[-1]["cantidad"])) == ("devolucion", 3)
    listed = call("factura-listar", factura_id=int(factura["id"])).body[0]
    assert listed["saldo"] == 0 and listed["total_notas_credito"] == D("120.80")
    assert [n["numero"] for n in listed["notas"]] == ["FC01-00000001"]

    again = call("notacredito-nuevo", nota_documento_id=int(factura["id"]), nota_motivo_codigo="07",
                 nota_motivo="otra", detalle=[{"cod_num": 1001}])
    assert (again.status, again.body["codigo"]) == (400, 11) and "detalle" in again.body["campos"]

    removed = call("notacredito-eliminar", factura_id=int(body["id"]))
    assert removed.body == {"respuesta": "Se eliminó la Nota de crédito con éxito", "id": int(body["id"])}
    assert (stock(call, 1001), stock(call, 1002)) == before
    assert call("kardex-listar", cod_num=1001).body[-1]["tipo"] == "reversion_devolucion"
    assert call("factura-listar", factura_id=int(factura["id"])).body[0]["saldo"] == D("120.80")


def test_partial_credits_never_exceed_the_total(call, factura):
    ident = int(factura["id"])
    first = call("notacredito-nuevo", nota_documento_id=ident, nota_motivo_codigo="09", nota_motivo="rebaja",
                 detalle=[{"cod_num": 1001, "cantidad": 1, "precio_unit": "100.00"}])
    assert first.status == 201 and first.body["total"] == D("100.00")
    too_much = call("notacredito-nuevo", nota_documento_id=ident, nota_motivo_codigo="09", nota_motivo="rebaja",
                    detalle=[{"cod_num": 1001, "cantidad": 1, "precio_unit": "20.81"}])
    assert (too_much.status, too_much.body["codigo"]) == (400, 11)
    assert "20.80" in too_much.body["campos"]["detalle"][0]
    exact = call("notacredito-nuevo", nota_documento_numero=factura["numero"], nota_motivo_codigo="09",
                 nota_motivo="rebaja", detalle=[{"cod_num": 1001, "cantidad": 1, "precio_unit": "20.80"}])
    assert exact.status == 201 and exact.body["numero"] == "FC01-00000002"
    listed = call("factura-listar", factura_id=ident).body[0]
    assert listed["saldo"] == 0 and len(listed["notas"]) == 2


def test_a_partial_return_brings_back_exactly_its_quantity_and_no_more_than_sold(call, factura):
    before = stock(call, 1001)
    ok = call("notacredito-nuevo", nota_documento_id=int(factura["id"]), nota_motivo_codigo="07",
              nota_motivo="devuelve 2", detalle=[{"cod_num": 1001, "cantidad": 2}])
    assert ok.status == 201 and ok.body["total"] == D("47.20"), ok.body
    assert stock(call, 1001) == before + 2
    more = call("notacredito-nuevo", nota_documento_id=int(factura["id"]), nota_motivo_codigo="07",
                nota_motivo="devuelve 2", detalle=[{"cod_num": 1001, "cantidad": 2}])
    assert (more.status, more.body["codigo"]) == (400, 11) and "por devolver" in more.body["campos"]["detalle"][0]
    not_sold = call("notacredito-nuevo", nota_documento_id=int(factura["id"]), nota_motivo_codigo="07",
                    nota_motivo="x", detalle=[{"cod_num": 1003}])
    assert (not_sold.status, not_sold.body["codigo"]) == (400, 11)
    edited = call("notacredito-editar", factura_id=int(ok.body["id"]), detalle=[{"cod_num": 1001, "cantidad": 1}])
    assert edited.status == 200 and edited.body["total"] == D("23.60"), edited.body
    assert stock(call, 1001) == before + 1
    assert call("notacredito-eliminar", factura_id=int(ok.body["id"])).status == 200
    assert stock(call, 1001) == before


def test_a_debit_note_adds_interest_in_its_own_series(call, factura, boleta):
    note = call("notadebito-nuevo", nota_documento_id=int(factura["id"]), nota_motivo_codigo="01",
                nota_motivo="Intereses por mora", detalle=[{"cod_num": 1003, "precio_unit": "11.80"}])
    assert note.status == 201, note.body
    assert note.body["respuesta"] == "Se registró la Nota de débito con éxito"
    assert note.body["numero"] == "FD01-00000001" and note.body["total"] == D("11.80")
    on_boleta = call("notadebito-nuevo", nota_documento_id=int(boleta["id"]), nota_motivo_codigo="03",
                     nota_motivo="Penalidad", detalle=[{"cod_num": 1003, "precio_unit": "5.00"}])
    assert on_boleta.body["numero"] == "BD01-00000001"
    credit_on_boleta = call("notacredito-nuevo", nota_documento_id=int(boleta["id"]), nota_motivo_codigo="01",
                            nota_motivo="Anulación")
    assert credit_on_boleta.body["numero"] == "BC01-00000001"
    no_lines = call("notadebito-nuevo", nota_documento_id=int(factura["id"]), nota_motivo_codigo="02",
                    nota_motivo="Aumento")
    assert (no_lines.status, no_lines.body["codigo"]) == (400, 11) and "detalle" in no_lines.body["campos"]
    listed = call("factura-listar", factura_id=int(factura["id"])).body[0]
    assert listed["total_notas_debito"] == D("11.80") and listed["saldo"] == D(factura["total"])
    notes = call("notadebito-listar", nota_documento_id=int(factura["id"])).body
    assert [(n["numero"], n["nota_documento_numero"], n["nota_motivo_codigo"]) for n in notes] == [
        ("FD01-00000001", factura["numero"], "01")]
    assert notes[0]["tipodoc"] == 5 and notes[0]["detalle"][0]["cod_num"] == 1003


@pytest.mark.parametrize("fields, codigo, field", [
    ({"nota_documento_id": 999}, 12, None),
    ({"nota_documento_id": None, "nota_documento_numero": "F001-00000099"}, 12, None),
    ({"nota_motivo_codigo": "14"}, 11, "nota_motivo_codigo"),
    ({"nota_documento_id": None}, 11, "nota_documento_id"),
    ({"factura_idmoneda": 2}, 11, "factura_idmoneda"),
    ({"nota_serie": "BC01"}, 11, "nota_serie"),
    ({"nota_fecha": "2024-09-09"}, 11, "nota_fecha"),
    ({"detalle": [{"cod_num": 1001}]}, 11, "detalle"),
    ({"nota_cuotas": [{"monto": 1, "fecha": "2024-12-01"}]}, 11, "nota_cuotas"),
])
def test_each_rule_has_its_code_and_says_what_to_fix(call, factura, fields, codigo, field):
    payload = {"nota_documento_id": int(factura["id"]), "nota_motivo_codigo": "01", "nota_motivo": "Anulación",
               **fields}
    payload = {k: v for k, v in payload.items() if v is not None}
    reply = call("notacredito-nuevo", **payload)
    assert reply.body["codigo"] == codigo, reply.body
    if field:
        assert field in reply.body["campos"] and reply.body["campos"][field][0]


def test_a_nota_de_venta_or_an_annulled_document_takes_no_note(call, shop, factura):
    nota = call("nota-nuevo", **shop.sale()).body
    refused = call("notacredito-nuevo", nota_documento_id=int(nota["id"]), nota_motivo_codigo="01", nota_motivo="x")
    assert (refused.status, refused.body["codigo"]) == (400, 11)
    assert "Nota de venta" in refused.body["campos"]["nota_documento_id"][0]
    assert call("factura-eliminar", factura_id=int(factura["id"])).status == 200
    annulled = call("notacredito-nuevo", nota_documento_id=int(factura["id"]), nota_motivo_codigo="01",
                    nota_motivo="x")
    assert (annulled.status, annulled.body["codigo"]) == (409, 13) and "anulada" in annulled.body["error"]


def test_a_document_with_notes_cannot_be_edited_or_deleted_until_they_are_annulled(call, factura):
    note = call("notacredito-nuevo", nota_documento_id=int(factura["id"]), nota_motivo_codigo="01", nota_motivo="x")
    for action in ("factura-editar", "factura-eliminar"):
        refused = call(action, factura_id=int(factura["id"]), factura_observaciones="x")
        assert (refused.status, refused.body["codigo"]) == (409, 13) and "notas" in refused.body["error"]
    assert call("notacredito-eliminar", factura_id=int(note.body["id"])).status == 200
    assert call("factura-eliminar", factura_id=int(factura["id"])).status == 200


def test_nc_13_carries_the_corrected_cuotas_of_a_credit_factura(call, shop):
    factura = call("factura-nuevo", **shop.sale(factura_formapago_cpe=2, factura_fecha="2024-05-01",
                                                factura_cuotas=[{"monto": "23.60", "fecha": "2024-06-01"}])).body
    note = call("notacredito-nuevo", nota_documento_id=int(factura["id"]), nota_motivo_codigo="13",
                nota_motivo="Nuevo cronograma", nota_fecha="2024-05-02",
                nota_cuotas=[{"monto": "11.80", "fecha": "2024-07-01"}, {"monto": "11.80", "fecha": "2024-08-01"}])
    assert note.status == 201 and note.body["total"] == 0, note.body
    listed = call("notacredito-listar", factura_id=int(note.body["id"])).body[0]
    assert [c["monto"] for c in listed["cuotas"]] == [D("11.80"), D("11.80")]
    wrong = call("notacredito-nuevo", nota_documento_id=int(factura["id"]), nota_motivo_codigo="13",
                 nota_motivo="x", nota_fecha="2024-05-02", nota_cuotas=[{"monto": "1.00", "fecha": "2024-07-01"}])
    assert (wrong.status, wrong.body["codigo"]) == (400, 11) and "nota_cuotas" in wrong.body["campos"]


def test_another_companys_document_is_not_found_by_id_or_by_number(call, factura, other_tenant):
    for reference in ({"nota_documento_id": int(factura["id"])}, {"nota_documento_numero": factura["numero"]}):
        reply = call("notacredito-nuevo", _key=other_tenant.key, nota_motivo_codigo="01", nota_motivo="x",
                     **reference)
        assert (reply.status, reply.body["codigo"]) == (400, 12), reply.body
        assert reply.body["error"].startswith("No se encontró la factura o boleta")


def test_a_usd_factura_takes_a_usd_note(call, shop):
    factura = call("factura-nuevo", **shop.sale(factura_idmoneda=2, detalle=[{"cod_num": 1001, "precio_unit": "7.35"}]))
    note = call("notacredito-nuevo", nota_documento_id=int(factura.body["id"]), nota_motivo_codigo="01",
                nota_motivo="Anulación")
    assert note.body["moneda"] == "USD" and note.body["total_letras"].endswith("DÓLARES AMERICANOS")


def test_another_series_and_an_older_database_get_their_note_series(app, call, tenant, factura):
    from admin.companies import add_series
    from domain.documents import CREDIT_NOTE
    from domain.documents import KINDS
    from models import Series
    from models import create_tables
    from models.base import db

    with db.connection_context(), db.atomic():
        add_series(tenant.company, KINDS[CREDIT_NOTE], "FC02")
    note = call("notacredito-nuevo", nota_documento_id=int(factura["id"]), nota_motivo_codigo="01", nota_motivo="x",
                nota_serie="fc02")
    assert note.body["numero"] == "FC02-00000001", note.body
    with db.connection_context():  # a database from before notes: its companies lack the notes' series
        Series.delete().where(Series.doc_type == 5).execute()
    create_tables()
    with db.connection_context():
        assert sorted(s.code for s in Series.select().where(Series.doc_type == 5)) == ["BD01", "FD01"]
