"""Every document the gateway can create gives UBL 2.1 that passes the XSD and SUNAT's rules, clean."""

import datetime
from decimal import Decimal as D

import pytest

from domain.clock import lima_today
from models import Issuer
from models.base import db
from sunat.certificates import self_signed
from sunat.documents import signed_stored
from tests.sunat_reference import problems
from tests.xmldsig_check import verify

ISSUER_RUC = "20000000001"


@pytest.fixture(scope="session")
def test_certificate():
    return self_signed(ISSUER_RUC, "EMPRESA DEMO S.A.C.")


@pytest.fixture
def issuer(tenant, test_certificate):
    key_pem, cert_pem = test_certificate
    with db.connection_context():
        return Issuer.create(
            company=tenant.company.id, ruc=ISSUER_RUC, razon_social="EMPRESA DEMO S.A.C.",
            nombre_comercial="DEMO", address_line="AV. LOS OLIVOS 123", ubigeo="150101",
            department="LIMA", province="LIMA", district="LIMA", sol_user="MODDATOS", sol_password="moddatos",
            private_key_pem=key_pem, certificate_pem=cert_pem, detraccion_account="00-000-123456",
        )


def signed_xml(document_id, issuer):
    with db.connection_context():
        return signed_stored(int(document_id), issuer)


def test_a_gravada_factura_is_clean(call, shop, issuer):
    created = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 2}]))
    signed = signed_xml(created.body["id"], issuer)
    assert problems(signed.xml) == []



@pytest.fixture
def buyers(call, shop):
    """Client ids by kind: RUC and DNI from the shop, plus a foreign buyer and an unidentified one."""
    from tests import examples

    foreign = call(**{**examples.CLIENTE_NUEVO, "cliente_nombre": "ACME INC", "cliente_idtipo_documento": 1,
                      "cliente_num_doc": "US12345678"}).body
    varios = call(**{**examples.CLIENTE_NUEVO, "cliente_nombre": "CLIENTES VARIOS", "cliente_idtipo_documento": 0,
                     "cliente_num_doc": "-"}).body
    assert varios.get("id"), varios
    return {"ruc": (shop.ruc_client, shop.ruc_contact), "dni": (shop.dni_client, shop.dni_contact),
            "foreign": (foreign["id"], foreign["idpersonal"]), "varios": (varios["id"], varios["idpersonal"])}


@pytest.fixture
def more_products(call, shop):
    call("producto-nuevo", cod_num=1004, producto_nombre="SEMILLAS", producto_precio="12.00", producto_afectacion_igv=30)
    call("producto-nuevo", cod_num=1005, producto_nombre="ASESORIA", producto_precio="1180.00", producto_tipo=2)


# SUNAT takes a document dated at most 3 days back (its rule 2108): dates are relative to today.
TODAY = lima_today()


def day(offset):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


MATRIX = {
    "gravada": ("factura", "ruc", {"detalle": [{"cod_num": 1001, "cantidad": 3}]}),
    "exonerada": ("factura", "ruc", {"detalle": [{"cod_num": 1002, "cantidad": 2}]}),
    "inafecta": ("factura", "ruc", {"detalle": [{"cod_num": 1004, "cantidad": 5}]}),
    "mixta": ("factura", "ruc", {"detalle": [{"cod_num": 1001}, {"cod_num": 1002}, {"cod_num": 1004},
                                             {"cod_num": 1003, "cantidad": "1.5"}]}),
    "descuentos": ("factura", "ruc", {"detalle": [{"cod_num": 1001, "cantidad": 3, "descuento": "12.5"},
                                                  {"cod_num": 1002, "descuento": 50},
                                                  {"cod_num": 1003, "precio_unit": "99.99", "descuento": 10}]}),
    "dolares": ("factura", "ruc", {"factura_idmoneda": 2, "detalle": [{"cod_num": 1001, "precio_unit": "7.35"}]}),
    "euros": ("boleta", "dni", {"factura_idmoneda": 3, "detalle": [{"cod_num": 1001, "precio_unit": "6.10"}]}),
    "exportacion": ("factura", "foreign", {"factura_tipooperacion": 2, "factura_idmoneda": 2,
                                           "detalle": [{"cod_num": 1001, "cantidad": 100, "precio_unit": 5}]}),
    "credito": ("factura", "ruc", {"factura_formapago_cpe": 2, "factura_fecha": day(0),
                                   "factura_cuotas": [{"monto": "100.00", "fecha": day(31)},
                                                      {"monto": "136.00", "fecha": day(61)}],
                                   "detalle": [{"cod_num": 1001, "cantidad": 10}]}),
    "detraccion": ("factura", "ruc", {"factura_detraccion": 1, "factura_porcentaje_detraccion": 12,
                                      "factura_codigo_detraccion": "037", "detalle": [{"cod_num": 1005}]}),
    "detraccion_credito": ("factura", "ruc", {"factura_detraccion": 1, "factura_porcentaje_detraccion": 12,
                                              "factura_formapago_cpe": 2, "factura_fecha": day(0),
                                              "factura_fechapago": day(30), "detalle": [{"cod_num": 1005}]}),
    "boleta_dni": ("boleta", "dni", {"detalle": [{"cod_num": 1001}, {"cod_num": 1002}]}),
    "boleta_varios": ("boleta", "varios", {"detalle": [{"cod_num": 1001, "cantidad": 5}]}),
    # SUNAT's most: item numbers have 3 digits (rule 2023)
    "999_lineas": ("factura", "ruc", {"detalle": [{"cod_num": 1001 + n % 3, "cantidad": 1 + n % 4,
                                                   "descuento": n % 7} for n in range(999)]}),
}


@pytest.mark.parametrize("case", sorted(MATRIX))
def test_every_kind_of_document_is_clean(call, shop, buyers, more_products, issuer, case):
    kind, buyer, fields = MATRIX[case]
    client, contact = buyers[buyer]
    created = call(f"{kind}-nuevo", **{**shop.sale(), "factura_cliente": client, "factura_idcontacto": contact, **fields})
    assert created.status == 201, created.body
    signed = signed_xml(created.body["id"], issuer)
    assert problems(signed.xml) == []
    assert verify(signed.xml, issuer.certificate_pem)


def test_a_boleta_to_an_unidentified_buyer_stops_at_700(call, shop, buyers):
    client, contact = buyers["varios"]
    reply = call("boleta-nuevo", **{**shop.sale(), "factura_cliente": client, "factura_idcontacto": contact,
                                    "detalle": [{"cod_num": 1001, "cantidad": 30}]})
    assert reply.body["campos"] == {"factura_cliente": [
        "Una Boleta de venta de S/ 700 o más necesita un cliente con documento de identidad (SUNAT, regla 2396)."]}


def test_a_sunat_document_stops_at_999_lines_and_a_nota_takes_1000(call, shop):
    detalle = [{"cod_num": 1003}] * 1000
    for kind in ("factura", "boleta"):
        reply = call(f"{kind}-nuevo", **shop.sale(detalle=detalle))
        assert reply.body["codigo"] == 11 and "hasta 999 líneas" in reply.body["campos"]["detalle"][0], kind
    assert call("nota-nuevo", **shop.sale(detalle=detalle)).status == 201


def signature_parts(xml):
    from lxml import etree
    root = etree.fromstring(xml)
    ns = {"ds": "http://www.w3.org/2000/09/xmldsig#",
          "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
          "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
          "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}
    [signature] = root.xpath("/*/ext:UBLExtensions/ext:UBLExtension[1]/ext:ExtensionContent/ds:Signature", namespaces=ns)
    uri = root.findtext("cac:Signature/cac:DigitalSignatureAttachment/cac:ExternalReference/cbc:URI", namespaces=ns)
    return signature, uri, ns


@pytest.mark.parametrize("algorithm, method", [("rsa-sha1", "rsa-sha1"), ("rsa-sha256", "rsa-sha256")])
def test_the_signature_is_placed_as_sunat_reads_it(call, shop, issuer, algorithm, method):
    issuer.signature_algorithm = algorithm
    created = call("factura-nuevo", **shop.sale())
    signed = signed_xml(created.body["id"], issuer)
    signature, uri, ns = signature_parts(signed.xml)
    assert uri == "#" + signature.get("Id")
    assert signature.find("ds:SignedInfo/ds:SignatureMethod", ns).get("Algorithm").endswith(method)
    assert signature.find("ds:SignedInfo/ds:Reference", ns).get("URI") == ""
    assert signature.findtext("ds:SignedInfo/ds:Reference/ds:DigestValue", namespaces=ns) == signed.digest
    assert signature.findtext("ds:KeyInfo/ds:X509Data/ds:X509Certificate", namespaces=ns)
    assert verify(signed.xml, issuer.certificate_pem)
    assert problems(signed.xml) == []


def test_altering_one_byte_after_signing_breaks_the_signature(call, shop, issuer):
    import xmlsec

    created = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 2}]))
    signed = signed_xml(created.body["id"], issuer)
    assert verify(signed.xml, issuer.certificate_pem)
    target = b'<cbc:PayableAmount currencyID="PEN">47.20<'
    assert target in signed.xml
    tampered = signed.xml.replace(target, target.replace(b"47.20", b"47.21"))
    assert len(tampered) == len(signed.xml)
    with pytest.raises(xmlsec.Error):
        verify(tampered, issuer.certificate_pem)
    _, other_certificate = self_signed(ISSUER_RUC, "OTRA")
    with pytest.raises(xmlsec.Error):
        verify(signed.xml, other_certificate)
