"""Every kind of nota de crédito and débito gives UBL 2.1 (CreditNote, DebitNote) that passes the XSD and
SUNAT's NC/ND rules with no error and no observation, signed so that xmlsec verifies it."""

import datetime

import pytest
import xmlsec
from lxml import etree

from domain.clock import lima_today
from tests.conftest import post  # noqa: F401  (fixtures below come from conftest and test_sunat_ubl)
from tests.sunat_reference import SUNAT_DIR
from tests.sunat_reference import problems
from tests.test_sunat_ubl import buyers  # noqa: F401
from tests.test_sunat_ubl import issuer  # noqa: F401
from tests.test_sunat_ubl import more_products  # noqa: F401
from tests.test_sunat_ubl import signed_xml
from tests.test_sunat_ubl import test_certificate  # noqa: F401
from tests.xmldsig_check import verify

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
SALE = {"detalle": [{"cod_num": 1001, "cantidad": 3}, {"cod_num": 1002}, {"cod_num": 1004, "cantidad": 2}]}
# Dated today: SUNAT takes a factura dated at most 3 days back (rule 2108, refused before numbering).
TODAY = lima_today()
CREDIT_SALE = {"factura_formapago_cpe": 2, "factura_fecha": TODAY.isoformat(),
               "factura_cuotas": [{"monto": "144.80", "fecha": (TODAY + datetime.timedelta(days=31)).isoformat()}], **SALE}

# case → (the document: kind, buyer, fields), (the note: action, fields)
MATRIX = {
    "nc01_anulacion_factura": (("factura", "ruc", SALE), ("notacredito", {"nota_motivo_codigo": "01"})),
    "nc02_error_ruc": (("factura", "ruc", SALE), ("notacredito", {"nota_motivo_codigo": "02"})),
    "nc03_descripcion": (("factura", "ruc", SALE), ("notacredito", {
        "nota_motivo_codigo": "03", "detalle": [{"cod_num": 1001, "descripcion": "ARROZ EXTRA 5KG", "precio_unit": "1.18"}]})),
    "nc04_descuento_global": (("factura", "ruc", SALE), ("notacredito", {
        "nota_motivo_codigo": "04", "detalle": [{"cod_num": 1001, "precio_unit": "5.90"}]})),
    "nc06_devolucion_total": (("factura", "ruc", SALE), ("notacredito", {"nota_motivo_codigo": "06"})),
    "nc07_devolucion_item": (("factura", "ruc", SALE), ("notacredito", {
        "nota_motivo_codigo": "07", "detalle": [{"cod_num": 1001, "cantidad": 1}]})),
    "nc09_disminucion": (("factura", "ruc", SALE), ("notacredito", {
        "nota_motivo_codigo": "09", "detalle": [{"cod_num": 1001, "cantidad": 3, "precio_unit": "2.36"}]})),
    "nc13_cuotas": (("factura", "ruc", CREDIT_SALE), ("notacredito", {
        "nota_motivo_codigo": "13", "nota_fecha": TODAY.isoformat(),
        "nota_cuotas": [{"monto": "72.40", "fecha": (TODAY + datetime.timedelta(days=61)).isoformat()},
                        {"monto": "72.40", "fecha": (TODAY + datetime.timedelta(days=92)).isoformat()}]})),
    "nc_boleta_dni": (("boleta", "dni", SALE), ("notacredito", {"nota_motivo_codigo": "01"})),
    "nc_boleta_varios": (("boleta", "varios", SALE), ("notacredito", {
        "nota_motivo_codigo": "07", "detalle": [{"cod_num": 1002}]})),
    "nc_usd": (("factura", "ruc", {"factura_idmoneda": 2, "detalle": [{"cod_num": 1001, "precio_unit": "7.35"}]}),
               ("notacredito", {"nota_motivo_codigo": "06"})),
    "nd01_intereses": (("factura", "ruc", SALE), ("notadebito", {
        "nota_motivo_codigo": "01", "detalle": [{"cod_num": 1003, "precio_unit": "11.80"}]})),
    "nd02_aumento": (("factura", "ruc", SALE), ("notadebito", {
        "nota_motivo_codigo": "02", "detalle": [{"cod_num": 1001, "cantidad": 3, "precio_unit": "1.18"}]})),
    "nd03_penalidad": (("factura", "ruc", SALE), ("notadebito", {
        "nota_motivo_codigo": "03", "detalle": [{"cod_num": 1003, "precio_unit": "59.00"}]})),
    "nd_boleta": (("boleta", "dni", SALE), ("notadebito", {
        "nota_motivo_codigo": "01", "detalle": [{"cod_num": 1003, "precio_unit": "3.54"}]})),
}


def make_note(call, shop, buyers, case):
    (kind, buyer, sale), (note_kind, note) = MATRIX[case]
    client, contact = buyers[buyer]
    document = call(f"{kind}-nuevo", **{**shop.sale(), "factura_cliente": client, "factura_idcontacto": contact,
                                        **sale})
    assert document.status == 201, document.body
    created = call(f"{note_kind}-nuevo", nota_documento_id=int(document.body["id"]), nota_motivo="Corrección " + case,
                   **note)
    assert created.status == 201, created.body
    return document.body, created.body


@pytest.mark.parametrize("case", sorted(MATRIX))
def test_every_kind_of_note_is_clean_and_signed(call, shop, buyers, more_products, issuer, case):
    document, note = make_note(call, shop, buyers, case)
    signed = signed_xml(note["id"], issuer)
    assert problems(signed.xml) == []
    assert verify(signed.xml, issuer.certificate_pem)
    root = etree.fromstring(signed.xml)
    assert etree.QName(root).localname == ("CreditNote" if case.startswith("nc") else "DebitNote")
    assert root.findtext(f"{{{CBC}}}ID") == note["numero"]
    assert root.findtext(f"{{{CAC}}}DiscrepancyResponse/{{{CBC}}}ResponseCode") == MATRIX[case][1][1]["nota_motivo_codigo"]
    reference = root.find(f"{{{CAC}}}BillingReference/{{{CAC}}}InvoiceDocumentReference")
    assert reference.findtext(f"{{{CBC}}}ID") == document["numero"]
    assert reference.findtext(f"{{{CBC}}}DocumentTypeCode") == ("01" if document["serie"].startswith("F") else "03")
    assert signed.stem.endswith(("-07-", "-08-")[case.startswith("nd")] + note["numero"])


def test_a_changed_byte_breaks_a_notes_signature(call, shop, buyers, more_products, issuer):
    _, note = make_note(call, shop, buyers, "nc07_devolucion_item")
    signed = signed_xml(note["id"], issuer)
    target = f'<cbc:PayableAmount currencyID="PEN">{note["total"]}<'.encode()
    assert target in signed.xml
    tampered = signed.xml.replace(target, target.replace(b"23.60", b"23.61"))
    assert len(tampered) == len(signed.xml) and tampered != signed.xml
    with pytest.raises(xmlsec.Error):
        verify(tampered, issuer.certificate_pem)


def test_our_notes_have_the_shape_of_sunats_homologation_cases():
    """The homologation notes in ../shared/sunat carry the same reference and reason elements we write."""
    sample = SUNAT_DIR / "samples/openubl-xbuilder/homologacion/Group1Test/notaDeCreditoDeFactura2.xml"
    root = etree.parse(str(sample)).getroot()
    names = [etree.QName(child).localname for child in root]
    assert names.index("DiscrepancyResponse") < names.index("BillingReference") < names.index("Signature")
    assert root.find(f"{{{CAC}}}BillingReference/{{{CAC}}}InvoiceDocumentReference/{{{CBC}}}DocumentTypeCode") is not None
