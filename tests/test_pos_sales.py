"""What a POS sells every day (CONTRACT §7): plastic bags (ICBPER), free lines, a global discount, a
document in dollars or euros with its detracción in soles. Each document goes through the endpoint and
its signed XML passes SUNAT's XSD and rules with no error and no observation."""

import datetime
from decimal import Decimal as D

import pytest

from domain.taxes import FREE_AFFECTATIONS
from models import Issuer
from models.base import db
from tests.sunat_reference import problems
from tests.test_sunat_ubl import buyers  # noqa: F401 (fixtures)
from tests.test_sunat_ubl import issuer  # noqa: F401
from tests.test_sunat_ubl import more_products  # noqa: F401
from tests.test_sunat_ubl import signed_xml
from tests.test_sunat_ubl import ISSUER_RUC
from tests.test_sunat_ubl import test_certificate  # noqa: F401
from tests.xmldsig_check import verify

BAG = 1010
BEER = 1011  # ISC, system 01 (al valor)


@pytest.fixture
def bags(call, more_products):  # noqa: F811
    assert call("producto-nuevo", cod_num=BAG, producto_nombre="BOLSA PLASTICA", producto_precio="0.10",
                producto_icbper=True).status == 201
    assert call("producto-nuevo", cod_num=BEER, producto_nombre="CERVEZA 620ML", producto_precio="7.50",
                producto_isc_sistema="01", producto_isc_tasa="25.5").status == 201


def free(affectation, cod_num=1001, **fields):
    return {"cod_num": cod_num, "gratuito": True, "afectacion_igv": affectation, **fields}


MATRIX = {
    "bolsas_solas": ("boleta", "dni", {"detalle": [{"cod_num": BAG, "cantidad": 3}]}),
    "bolsas_con_bienes": ("factura", "ruc", {"detalle": [{"cod_num": 1001, "cantidad": 2}, {"cod_num": BAG, "cantidad": 2}]}),
    "bolsa_gratuita": ("boleta", "dni", {"detalle": [{"cod_num": 1001}, free(15, BAG, cantidad=2)]}),
    "descuento_global_gravado": ("factura", "ruc", {"factura_descuento_global": 10,
                                                    "detalle": [{"cod_num": 1001, "cantidad": 3}]}),
    "descuento_global_mixto": ("factura", "ruc", {"factura_descuento_global": "12.5",
                                                  "detalle": [{"cod_num": 1001, "cantidad": 3}, {"cod_num": 1002},
                                                              {"cod_num": 1004, "cantidad": 2},
                                                              {"cod_num": 1003, "descuento": 5}]}),
    "descuento_global_exonerado": ("boleta", "dni", {"factura_descuento_global": 20, "detalle": [{"cod_num": 1002}]}),
    "descuento_global_bolsas_gratuitas": ("factura", "ruc", {
        "factura_descuento_global": 5, "detalle": [{"cod_num": 1001, "cantidad": 4}, {"cod_num": BAG, "cantidad": 1},
                                                   free(13, 1003)]}),
    "descuento_global_monto": ("factura", "ruc", {"factura_descuento_global_monto": "5.00",
                                                  "detalle": [{"cod_num": 1001, "cantidad": 3}, {"cod_num": 1002}]}),
    "descuento_global_porcentaje_y_monto": ("boleta", "dni", {"factura_descuento_global": 10,
                                                              "factura_descuento_global_monto": "2.50",
                                                              "detalle": [{"cod_num": 1001}, {"cod_num": BAG}]}),
    "isc_al_valor": ("factura", "ruc", {"detalle": [{"cod_num": BEER, "cantidad": 12}, {"cod_num": 1001}]}),
    "isc_con_bolsas_y_gratuita": ("boleta", "dni", {"detalle": [{"cod_num": BEER, "cantidad": 6, "descuento": 10},
                                                                {"cod_num": BAG}, free(21, 1002)]}),
    "percepcion_51": ("factura", "ruc", {"factura_percepcion": "51", "detalle": [{"cod_num": 1001, "cantidad": 40}]}),
    "percepcion_53_con_bolsas": ("factura", "ruc", {"factura_percepcion": "53",
                                                    "detalle": [{"cod_num": 1001, "cantidad": 5}, {"cod_num": BAG}]}),
    "detraccion_usd": ("factura", "ruc", {"factura_idmoneda": 2, "factura_tipo_cambio": "3.752",
                                          "factura_detraccion": 1, "factura_porcentaje_detraccion": 12,
                                          "detalle": [{"cod_num": 1005, "precio_unit": 1180}]}),
    "detraccion_eur": ("factura", "ruc", {"factura_idmoneda": 3, "factura_tipo_cambio": "4.105",
                                          "factura_detraccion": 1, "factura_porcentaje_detraccion": 10,
                                          "detalle": [{"cod_num": 1005, "precio_unit": "850.50"}]}),
}
for code in sorted(FREE_AFFECTATIONS):
    product = 1001 if code < 20 else 1002 if code < 30 else 1004
    MATRIX[f"gratuita_{code}_sola"] = ("factura", "ruc", {"detalle": [free(code, product, cantidad=2)]})
    MATRIX[f"gratuita_{code}_con_pagadas"] = ("boleta", "dni", {"detalle": [{"cod_num": 1001}, free(code, product)]})


@pytest.mark.parametrize("case", sorted(MATRIX))
def test_every_pos_document_is_clean(call, shop, buyers, bags, issuer, case):  # noqa: F811
    kind, buyer, fields = MATRIX[case]
    client, contact = buyers[buyer]
    created = call(f"{kind}-nuevo", **{**shop.sale(), "factura_cliente": client, "factura_idcontacto": contact, **fields})
    assert created.status == 201, created.body
    signed = signed_xml(created.body["id"], issuer)
    assert problems(signed.xml) == []
    assert verify(signed.xml, issuer.certificate_pem)


def test_an_old_date_uses_its_years_icbper_rate(call, shop, bags, tenant, test_certificate):  # noqa: F811
    """ICBPER at a 2022 date is S/ 0.40 a bag; the company becomes an issuer afterwards (SUNAT would
    not take a 2022 document today, so a company that sends would be refused that date: rule 2108)."""
    created = call("boleta-nuevo", **shop.sale(client="dni", factura_fecha="2022-06-15",
                                               detalle=[{"cod_num": BAG, "cantidad": 3}, {"cod_num": 1001}]))
    assert created.status == 201, created.body
    assert (created.body["icbper"], created.body["total"]) == (D("1.20"), D("23.60") + D("0.30") + D("1.20"))
    key_pem, cert_pem = test_certificate
    with db.connection_context():
        made = Issuer.create(company=tenant.company.id, ruc=ISSUER_RUC, razon_social="EMPRESA DEMO S.A.C.",
                             address_line="AV. LOS OLIVOS 123", ubigeo="150101", department="LIMA", province="LIMA",
                             district="LIMA", private_key_pem=key_pem, certificate_pem=cert_pem)
    signed = signed_xml(created.body["id"], made)
    assert b'<cbc:PerUnitAmount currencyID="PEN">0.40</cbc:PerUnitAmount>' in signed.xml
    assert problems(signed.xml) == []


def test_answers_and_listings_carry_the_new_figures(call, shop, bags):
    created = call("factura-nuevo", **shop.sale(factura_descuento_global=10, detalle=[
        {"cod_num": 1001, "cantidad": 2}, {"cod_num": BAG, "cantidad": 2}, free(15, 1001)]))
    body = created.body
    assert created.status == 201, body
    # 2 × 23.60 = 47.20 → base 40.00, 10 % off = 36.00, IGV 6.48; bags 0.20 → 0.17 + 0.03, 10 % off the
    # base: 40.17 − 4.02 = 36.15, IGV 6.51; ICBPER 2 × 0.50; the free line is op_gratuitas only.
    assert (body["op_gravadas"], body["descuento_global"], body["igv"], body["icbper"], body["op_gratuitas"],
            body["igv_gratuitas"], body["total"]) == (
        D("36.15"), D("4.02"), D("6.51"), D("1.00"), D("20.00"), D("3.60"), D("43.66"))
    [listed] = call("factura-listar", factura_id=int(body["id"])).body
    assert (listed["factura_descuento_global"], listed["op_gratuitas"], listed["icbper"]) == (10, D("20.00"), D("1.00"))
    assert [(line["gratuito"], line["icbper"], line["afectacion_igv"]) for line in listed["detalle"]] == [
        (False, D("0.00"), 10), (False, D("1.00"), 10), (True, D("0.00"), 15)]


def test_detraccion_in_dollars_is_declared_in_soles(call, shop, more_products, issuer):  # noqa: F811
    created = call("factura-nuevo", **shop.sale(factura_idmoneda=2, factura_tipo_cambio="3.752", factura_detraccion=1,
                                                factura_porcentaje_detraccion=12,
                                                detalle=[{"cod_num": 1005, "precio_unit": 1180}]))
    body = created.body
    # USD 1,180 × 12 % = USD 141.60 = S/ 531.28 (141.60 × 3.752 = 531.2832)
    assert (body["monto_detraccion"], body["monto_detraccion_soles"]) == (D("141.60"), D("531.28"))
    signed = signed_xml(body["id"], issuer)
    assert b'<cbc:Amount currencyID="PEN">531.28</cbc:Amount>' in signed.xml
    [listed] = call("factura-listar", factura_id=int(body["id"])).body
    assert listed["factura_tipo_cambio"] == D("3.752")


def test_a_detraccion_in_dollars_needs_the_exchange_rate(call, shop, more_products):  # noqa: F811
    reply = call("factura-nuevo", **shop.sale(factura_idmoneda=2, factura_detraccion=1, factura_porcentaje_detraccion=12,
                                              detalle=[{"cod_num": 1005}]))
    assert reply.body["codigo"] == 11 and "factura_tipo_cambio" in reply.body["campos"]


def test_a_free_line_takes_no_discount_and_only_a_free_affectation(call, shop):
    reply = call("factura-nuevo", **shop.sale(detalle=[free(15, descuento=10)]))
    assert list(reply.body["campos"]) == ["detalle[0].descuento"]
    reply = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "afectacion_igv": 15}]))
    assert list(reply.body["campos"]) == ["detalle[0].afectacion_igv"]
    reply = call("factura-nuevo", **shop.sale(detalle=[free(17)]))
    assert list(reply.body["campos"]) == ["detalle[0].afectacion_igv"], "17 is IVAP, not supported"


def test_the_printout_shows_bags_free_lines_and_the_global_discount(call, shop, bags):
    from invoicing.document import load
    from printing.content import PrintedIssuer
    from printing.content import printed

    created = call("boleta-nuevo", **shop.sale(client="dni", factura_descuento_global=10, detalle=[
        {"cod_num": 1001}, {"cod_num": BAG, "cantidad": 2}, free(15, 1001)])).body
    with db.connection_context():
        document = load(int(created["id"]))
    page = printed(document, PrintedIssuer("20000000001", "EMPRESA DEMO S.A.C."))
    rows = dict(page.totals)
    assert (rows["ICBPER"], rows["Op. gratuitas"], rows["Descuento global"], rows["Importe total"]) == (
        "1.00", "20.00", f"{created['descuento_global']}", f"{created['total']}")
    assert page.lines[2].amount == "0.00" and "TRANSFERENCIA GRATUITA" in page.lines[2].description
    assert any("GRATUITA" in legend.upper() for legend in page.legends)


def test_a_discount_amount_of_everything_is_refused(call, shop):
    reply = call("factura-nuevo", **shop.sale(factura_descuento_global_monto="23.60"))
    assert list(reply.body["campos"]) == ["factura_descuento_global_monto"] and "3105" in str(reply.body)


def test_isc_is_charged_before_igv(call, shop, bags):
    # 129.80 with ISC 10 % and IGV: value 100.00, ISC 10.00, IGV 18 % of 110.00 = 19.80
    call("producto-nuevo", cod_num=1012, producto_nombre="PERFUME", producto_precio="129.80", producto_isc_sistema="01",
         producto_isc_tasa=10)
    body = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1012, "cantidad": 2}])).body
    assert (body["op_gravadas"], body["isc"], body["igv"], body["total"]) == (
        D("200.00"), D("20.00"), D("39.60"), D("259.60"))
    reply = call("producto-nuevo", cod_num=1013, producto_nombre="X", producto_precio=1, producto_isc_sistema="03")
    assert list(reply.body["campos"]) == ["producto_isc_sistema"]
    reply = call("factura-nuevo", **shop.sale(factura_descuento_global=5, detalle=[{"cod_num": 1012}]))
    assert list(reply.body["campos"]) == ["factura_descuento_global"]


def test_a_perception_is_charged_beside_the_total(call, shop):
    body = call("factura-nuevo", **shop.sale(factura_percepcion="51", detalle=[{"cod_num": 1001, "cantidad": 40}])).body
    # 40 × 23.60 = 944.00; 2 % = 18.88; the buyer pays 962.88
    assert (body["total"], body["percepcion"], body["total_con_percepcion"]) == (D("944.00"), D("18.88"), D("962.88"))
    [listed] = call("factura-listar", factura_id=int(body["id"])).body
    assert listed["factura_percepcion"] == "51"
    for fields, reason in (({"factura_idmoneda": 2}, "soles"), ({"factura_formapago_cpe": 2, "factura_fechapago": "2099-01-01"},
                                                                "3330")):
        reply = call("factura-nuevo", **shop.sale(factura_percepcion="51", **fields))
        assert list(reply.body["campos"]) == ["factura_percepcion"] and reason in str(reply.body), reply.body
    reply = call("boleta-nuevo", **shop.sale(client="dni", factura_percepcion="52"))
    assert list(reply.body["campos"]) == ["factura_percepcion"]
