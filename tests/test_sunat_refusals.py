"""Every refusal before numbering (invoicing/refusals.py) has SUNAT behind it: for each, the endpoint
answers code 11 naming the field and SUNAT's code, spends no number, and the document it would have
built, signed and run through SUNAT's own rules, fails with that very code. SUNAT's date window (2108,
2329) and its S/ 700 rule (2396) are not in its XSL files (the first are "checked in Java" comments,
the second only in its catalogue): their tests read those files to show the codes are SUNAT's."""

import dataclasses
import datetime
from decimal import Decimal as D

import pytest

from domain.clock import lima_today
from invoicing.document import Buyer
from invoicing.document import load
from models.base import db
from sunat.documents import signed
from tests.sunat_reference import SUNAT_DIR
from tests.sunat_reference import problems
from tests.test_sunat_ubl import buyers  # noqa: F401 (fixtures)
from tests.test_sunat_ubl import issuer  # noqa: F401
from tests.test_sunat_ubl import more_products  # noqa: F401
from tests.test_sunat_ubl import test_certificate  # noqa: F401

ERRORS = SUNAT_DIR / "xsl" / "commons" / "cpe" / "catalogo" / "CatalogoErrores.xml"


def would_be(document_id, issuer, **changes):
    """SUNAT's findings on the stored document `document_id` with `changes` (what the refused request
    would have made of it), signed as it would have been sent."""
    with db.connection_context():
        document = load(int(document_id))
    lines = changes.pop("lines", None)
    if lines is not None:
        document = dataclasses.replace(document, lines=tuple(lines(document.lines)))
    return problems(signed(dataclasses.replace(document, **changes), issuer).xml)


def codes(findings):
    return {finding.split()[1].rstrip(":") for finding in findings if finding.startswith("ERROR")}


def refused(reply, field, sunat_code):
    assert (reply.status, reply.body["codigo"]) == (400, 11), reply.body
    assert list(reply.body["campos"]) == [field]
    assert f"regla {sunat_code}" in reply.body["campos"][field][0]


def next_number_is_one(call, shop, kind="factura"):
    """No number was spent by the refusals: the next document is the series' first."""
    assert call(f"{kind}-nuevo", **shop.sale(client="ruc" if kind == "factura" else "dni")).body["correlativo"] == 1


def test_an_export_to_a_buyer_with_ruc_2800(call, shop, buyers, issuer):  # noqa: F811
    reply = call("factura-nuevo", **shop.sale(factura_tipooperacion=2, factura_idmoneda=2))
    refused(reply, "factura_cliente", "2800")
    next_number_is_one(call, shop)
    client, contact = buyers["foreign"]
    made = call("factura-nuevo", **shop.sale(factura_cliente=client, factura_idcontacto=contact, factura_tipooperacion=2,
                                             factura_idmoneda=2)).body
    assert would_be(made["id"], issuer) == []
    assert "2800" in codes(would_be(made["id"], issuer, buyer=Buyer(4, "20550117968", "CLIENTE CON RUC")))


@pytest.mark.parametrize("kind", ["factura", "boleta"])
def test_a_description_over_sunats_limit_2027(call, shop, issuer, kind):  # noqa: F811
    limit = 500
    client = "ruc" if kind == "factura" else "dni"
    reply = call(f"{kind}-nuevo", **shop.sale(client=client, detalle=[{"cod_num": 1001, "descripcion": "A" * (limit + 1)}]))
    refused(reply, "detalle[0].descripcion", "2027")
    made = call(f"{kind}-nuevo", **shop.sale(client=client, detalle=[{"cod_num": 1001, "descripcion": "A" * limit}])).body
    assert made["correlativo"] == 1
    assert would_be(made["id"], issuer) == []
    longer = lambda lines: [dataclasses.replace(line, description="A" * (limit + 1)) for line in lines]  # noqa: E731
    assert "2027" in codes(would_be(made["id"], issuer, lines=longer))


@pytest.mark.parametrize("line", [{"cod_num": 1001, "precio_unit": 0}, {"cod_num": 1001, "descuento": 100}])
def test_a_line_that_charges_nothing_without_gratuito_3105(call, shop, issuer, line):  # noqa: F811
    reply = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1002}, line]))
    refused(reply, "detalle[1].precio_unit", "3105")
    next_number_is_one(call, shop)
    made = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1002}, {"cod_num": 1001}])).body
    zero = D("0.00")

    def nothing_charged(lines):
        paid, gravada = lines
        return [paid, dataclasses.replace(gravada, unit_price=zero, unit_value=zero, value_amount=zero, igv_amount=zero,
                                          total_amount=zero)]
    totals = dataclasses.replace(load_totals(made["id"]), gravadas=zero, igv=zero, total=D("50.00"))
    assert "3105" in codes(would_be(made["id"], issuer, lines=nothing_charged, totals=totals))
    # The same line sent as a free transfer is what SUNAT takes.
    free = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1002}, {"cod_num": 1001, "gratuito": True}])).body
    assert would_be(free["id"], issuer) == []


def load_totals(document_id):
    with db.connection_context():
        return load(int(document_id)).totals


def test_a_global_discount_of_100_percent_3105(call, shop, issuer):  # noqa: F811
    reply = call("factura-nuevo", **shop.sale(factura_descuento_global=100))
    refused(reply, "factura_descuento_global", "3105")


@pytest.mark.parametrize("offset, sunat_code", [(-4, "2108"), (-400, "2108"), (1, "2329"), (365, "2329")])
def test_an_issue_date_outside_sunats_window(call, shop, issuer, offset, sunat_code):  # noqa: F811
    day = (lima_today() + datetime.timedelta(days=offset)).isoformat()
    for kind, client in (("factura", "ruc"), ("boleta", "dni")):
        refused(call(f"{kind}-nuevo", **shop.sale(client=client, factura_fecha=day)), "factura_fecha", sunat_code)
    # SUNAT checks the window in Java (its XSL only names the codes): the codes are SUNAT's.
    for rules in ("ValidaExprRegFactura-2.0.1.xsl", "ValidaExprRegBoleta-2.0.1.xsl"):
        text = (SUNAT_DIR / "xsl" / rules).read_text(encoding="utf-8")
        assert f"ERROR {sunat_code}" in text
    # Three days back and today are inside; a company that does not send to SUNAT keeps any date.
    for inside in (-3, 0):
        day = (lima_today() + datetime.timedelta(days=inside)).isoformat()
        assert call("factura-nuevo", **shop.sale(factura_fecha=day)).status == 201
    assert call("nota-nuevo", **shop.sale(factura_fecha="2021-01-05")).status == 201


def test_the_date_window_holds_only_a_company_that_sends(call, shop):
    assert call("factura-nuevo", **shop.sale(factura_fecha="2021-09-10")).status == 201


def test_a_boleta_of_700_to_an_unidentified_buyer_2396(call, shop, buyers):  # noqa: F811
    client, contact = buyers["varios"]
    reply = call("boleta-nuevo", **shop.sale(factura_cliente=client, factura_idcontacto=contact,
                                             detalle=[{"cod_num": 1001, "cantidad": 30}]))
    refused(reply, "factura_cliente", "2396")
    assert "S/. 700.00 debe consignar tipo y numero de documento del adquiriente" in ERRORS.read_text(encoding="utf-8")
