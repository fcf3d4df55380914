"""The documented factura / boleta / nota examples (the ERP's API manual), verbatim, with whole answers.

The seed's examples name client 2 with contact 1, client 5 with contact 2, products 43677910 and
35363770, and answer ids 21, 22 and 23. `seed_world` builds exactly that, so the bodies match as sent.
"""

import re
from decimal import Decimal

import pytest

from models import Contact
from models import Party
from models.base import db
from domain.catalogs import CLIENT
from domain.catalogs import SUPPLIER

FACTURA_NUEVO = {
    "factura_estado": 1, "factura_cliente": 2, "factura_idmoneda": 1, "factura_fecha": "2021-09-10",
    "factura_fechapago": "2021-09-11", "factura_observaciones": "Este es un contenido de prueba",
    "factura_idcontacto": 1, "factura_tipooperacion": 1, "factura_detraccion": 0,
    "factura_porcentaje_detraccion": 0, "factura_idpago": 1, "factura_hora_creacion": "14:25:32",
    "factura_formapago_cpe": "1",
    "detalle": [{"cod_num": 43677910, "cantidad": 1, "precio_unit": Decimal("20.5"), "num_serie": "ABC132",
                 "descuento": 10, "descripcion": "Este es un producto de prueba añadido a la factura"}],
}
FACTURA_EDITAR = {
    "factura_estado": 1, "factura_cliente": 5, "factura_idmoneda": 1, "factura_fecha": "2021-09-10",
    "factura_fechapago": "2021-09-11", "factura_observaciones": "Este contenido fue editado333",
    "factura_idcontacto": 2, "factura_tipooperacion": 1, "factura_detraccion": 0,
    "factura_porcentaje_detraccion": 0, "factura_idpago": 1, "factura_hora_creacion": "14:25:32",
    "factura_formapago_cpe": "1",
    "detalle": [{"cod_num": 35363770, "cantidad": 1, "precio_unit": 200, "num_serie": "ABC132",
                 "descuento": 50, "descripcion": "Este es un producto de prueba añadido a la factura"}],
}

# Hand-computed: 20.50 × 1 × 0.90 = 18.45 with IGV; base 18.45 / 1.18 = 15.6356 → 15.64; IGV 2.81;
# base before discount 20.50 / 1.18 = 17.37, so the discount on the base is 1.73.
NEW_TOTALS = {
    "moneda": "PEN", "op_gravadas": Decimal("15.64"), "op_exoneradas": Decimal("0.00"),
    "op_inafectas": Decimal("0.00"), "op_exportacion": Decimal("0.00"), "descuentos": Decimal("1.73"),
    "igv": Decimal("2.81"), "total": Decimal("18.45"), "monto_detraccion": Decimal("0.00"),
    "total_letras": "DIECIOCHO CON 45/100 SOLES", "estado_sunat": "pendiente",
    # what a POS sells (issue 16): none of it here
    "op_gratuitas": Decimal("0.00"), "igv_gratuitas": Decimal("0.00"), "descuento_global": Decimal("0.00"),
    "icbper": Decimal("0.00"), "isc": Decimal("0.00"), "monto_detraccion_soles": Decimal("0.00"),
    "percepcion": Decimal("0.00"),
    "total_con_percepcion": Decimal("18.45"),
}
# 200 × 0.50 = 100.00; base 100 / 1.18 = 84.7458 → 84.75; IGV 15.25; 200 / 1.18 = 169.49 → discount 84.74.
EDITED_TOTALS = {
    "moneda": "PEN", "op_gravadas": Decimal("84.75"), "op_exoneradas": Decimal("0.00"),
    "op_inafectas": Decimal("0.00"), "op_exportacion": Decimal("0.00"), "descuentos": Decimal("84.74"),
    "igv": Decimal("15.25"), "total": Decimal("100.00"), "monto_detraccion": Decimal("0.00"),
    "total_letras": "CIEN CON 00/100 SOLES", "estado_sunat": "pendiente",
    # what a POS sells (issue 16): none of it here
    "op_gratuitas": Decimal("0.00"), "igv_gratuitas": Decimal("0.00"), "descuento_global": Decimal("0.00"),
    "icbper": Decimal("0.00"), "isc": Decimal("0.00"), "monto_detraccion_soles": Decimal("0.00"),
    "percepcion": Decimal("0.00"),
    "total_con_percepcion": Decimal("100.00"),
}
KINDS = [("factura", "Factura de venta", "F001"), ("boleta", "Boleta de venta", "B001"),
         ("nota", "Nota de venta", "NV01")]


def add_party(tenant, kind, ruc, with_contact):
    party = Party.create(company=tenant.company.id, kind=kind, name=f"TERCERO {ruc}", doc_type=4,
                         doc_number=ruc, code="seed")
    if with_contact:
        Contact.create(party=party, first_name="Juan", last_name="Perez", dni="10000001",
                       email="juan.perez@empresasac.pe")


@pytest.fixture
def seed_world(tenant, call):
    with db.connection_context(), db.atomic():
        add_party(tenant, SUPPLIER, "20557198882", with_contact=False)  # party 1
        add_party(tenant, CLIENT, "20550117968", with_contact=True)  # party 2, contact 1
        add_party(tenant, SUPPLIER, "20513364963", with_contact=False)  # party 3
        add_party(tenant, SUPPLIER, "20600995805", with_contact=False)  # party 4
        add_party(tenant, CLIENT, "20100070970", with_contact=True)  # party 5, contact 2
    for code, price in ((43677910, "20.50"), (35363770, "200.00")):
        reply = call("producto-nuevo", cod_num=code, producto_nombre=f"PRODUCTO {code}", producto_precio=price)
        assert reply.status == 201, reply.body
    for _ in range(20):  # documents 1..20, so the examples get the seed's ids 21, 22, 23
        assert call("nota-nuevo", **FACTURA_NUEVO).status == 201


@pytest.fixture
def created(seed_world, call):
    return {slug: call(f"{slug}-nuevo", **FACTURA_NUEVO) for slug, _, _ in KINDS}


@pytest.mark.parametrize("slug, name, series", KINDS)
def test_nuevo_answers_as_documented(created, slug, name, series):
    reply = created[slug]
    ids = {"factura": "21", "boleta": "22", "nota": "23"}
    number = 21 if slug == "nota" else 1
    assert reply.status == 201
    link = reply.body.pop("enlace_pdf")
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/cpe/[A-Za-z0-9_-]{22}\.pdf", link), link
    assert reply.body == {
        "respuesta": f"Se registró la {name} con éxito", "id": ids[slug],
        "numero": f"{series}-{number:08d}", "serie": series, "correlativo": number, **NEW_TOTALS,
    }


@pytest.mark.parametrize("slug, name, series", KINDS)
def test_editar_answers_as_documented(created, call, slug, name, series):
    ident = {"factura": 21, "boleta": 22, "nota": 23}[slug]
    reply = call(f"{slug}-editar", factura_id=ident, **FACTURA_EDITAR)
    number = 21 if slug == "nota" else 1
    assert reply.status == 200
    assert reply.body == {
        "respuesta": f"Se editó la {name} con éxito", "id": ident,
        "numero": f"{series}-{number:08d}", "serie": series, "correlativo": number, **EDITED_TOTALS,
    }
    [document] = call(f"{slug}-listar", factura_id=ident).body
    assert (document["factura_cliente"], document["factura_idcontacto"]) == (5, 2)
    assert document["factura_observaciones"] == "Este contenido fue editado333"
    assert [line["cod_num"] for line in document["detalle"]] == [35363770]


@pytest.mark.parametrize("slug, name, series", KINDS)
def test_eliminar_answers_as_documented(created, call, slug, name, series):
    ident = {"factura": 21, "boleta": 22, "nota": 23}[slug]
    reply = call(f"{slug}-eliminar", factura_id=ident)
    assert (reply.status, reply.body) == (200, {"respuesta": f"Se eliminó la {name} con éxito", "id": ident})
    assert call(f"{slug}-listar", factura_id=ident).body == []
    [annulled] = call(f"{slug}-listar", factura_id=ident, factura_estado=3).body
    assert annulled["anulada"] is True and annulled["factura_estado"] == 3
    assert annulled["numero"] == created[slug].body["numero"], "the number is kept"


def test_listar_shows_lines_and_totals(created, call):
    [document] = call("factura-listar").body
    assert document["numero"] == "F001-00000001" and document["total"] == Decimal("18.45")
    assert document["factura_fecha"] == "2021-09-10" and document["factura_hora_creacion"] == "14:25:32"
    assert document["detalle"] == [{
        "item": 1, "cod_num": 43677910, "descripcion": "Este es un producto de prueba añadido a la factura",
        "num_serie": "ABC132", "unidad": "NIU", "cantidad": 1, "precio_unit": Decimal("20.5"),
        "valor_unitario": Decimal("17.3728813559"), "descuento": 10, "monto_descuento": Decimal("1.73"),
        "afectacion_igv": 10, "valor_venta": Decimal("15.64"), "igv": Decimal("2.81"),
        "total": Decimal("18.45"), "gratuito": False, "icbper": Decimal("0.00"), "isc": Decimal("0.00"),
    }]
