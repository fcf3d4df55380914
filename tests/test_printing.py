"""comprobante-pdf and the public links, read back with poppler and zbar as a person (or a scanner) would."""

import base64
import dataclasses
import datetime
from decimal import Decimal

import pytest
import requests

from domain.documents import KINDS
from domain.documents import DocumentKind
from invoicing.document import Buyer
from invoicing.document import Line
from invoicing.document import SalesDocument
from invoicing.totals import DocumentTotals
from models import Issuer
from models import RevokedLink
from models.base import db
from printing import a4
from printing import ticket
from printing.content import PrintedIssuer
from printing.content import printed
from sunat.certificates import self_signed
from tests import pdf_reading
from tests.live_server import LiveServer

RUC = "20000000001"
WIDTHS = {"a4": 595.276, "ticket": 80 * pdf_reading.MM, "ticket58": 58 * pdf_reading.MM}


@pytest.fixture
def issuer(tenant):
    key_pem, cert_pem = self_signed(RUC, "EMPRESA DEMO S.A.C.")
    with db.connection_context():
        return Issuer.create(company=tenant.company.id, ruc=RUC, razon_social="EMPRESA DEMO S.A.C.",
                             nombre_comercial="DEMO", address_line="AV. LIMA 1", ubigeo="150101", department="LIMA",
                             province="LIMA", district="LIMA", private_key_pem=key_pem, certificate_pem=cert_pem,
                             detraccion_account="00-000-123456")


def pdf_of(call, document_id, tipodoc, formato=None):
    reply = call("comprobante-pdf", id=document_id, tipodoc=tipodoc, **({"formato": formato} if formato else {}))
    assert reply.status == 200, reply.body
    return reply.body, base64.b64decode(reply.body["pdf"])


@pytest.mark.parametrize("formato", ["a4", "ticket", "ticket58"])
def test_each_kind_prints_its_qr_number_total_words_and_hash(call, shop, issuer, formato):
    kinds = (("factura", 1, "FACTURA ELECTRÓNICA", "ruc"), ("boleta", 2, "BOLETA DE VENTA ELECTRÓNICA", "dni"),
             ("nota", 3, "NOTA DE VENTA", "ruc"))
    for slug, tipodoc, title, buyer in kinds:
        created = call(f"{slug}-nuevo", **shop.sale(client=buyer, detalle=[{"cod_num": 1001, "cantidad": 3},
                                                                           {"cod_num": 1003, "descuento": 10}]))
        assert created.status == 201, created.body
        answer, pdf = pdf_of(call, int(created.body["id"]), tipodoc, formato)
        assert answer["nombre"] == f"{RUC}-{KINDS[tipodoc].sunat_code or 'NV'}-{created.body['numero']}.pdf"
        assert answer["enlace"] == created.body["enlace_pdf"]
        sizes = pdf_reading.page_sizes(pdf)
        assert sizes[0][0] == pytest.approx(WIDTHS[formato], abs=0.01), (slug, formato)
        if formato != "a4":
            assert len(sizes) == 1 and 300 < sizes[0][1] < 1200, "one page, as long as its content"
        words = pdf_reading.text(pdf)
        total = f"{created.body['total']:,.2f}"
        for expected in (title, created.body["numero"], total, created.body["total_letras"], "ARROZ 5KG", RUC):
            assert expected in words, (slug, formato, expected)
        if tipodoc == 3:
            assert "no tiene validez tributaria" in words
            assert pdf_reading.qr_codes(pdf) == [], "a nota de venta has no SUNAT QR"
            continue
        consulted = call("fesunat-consultar", id=int(created.body["id"]), tipodoc=tipodoc).body
        assert pdf_reading.qr_codes(pdf) == [consulted["cadena_para_codigo_qr"]]
        assert consulted["hash"] in words
        assert f"Representación impresa de la {title}" in words


def test_printing_signs_once_and_freezes_the_document(call, shop, issuer):
    created = call("factura-nuevo", **shop.sale())
    document_id = int(created.body["id"])
    _, first = pdf_of(call, document_id, 1)
    _, again = pdf_of(call, document_id, 1)
    assert first == again, "the same document prints to the same bytes"
    edited = call("factura-editar", factura_id=document_id, factura_observaciones="otra")
    assert (edited.status, edited.body["codigo"]) == (409, 13), "the printed hash is what SUNAT will receive"


def test_a_999_line_factura_paginates_with_the_totals_once_at_the_end(call, shop, issuer):
    created = call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "descripcion": f"ITEM {n:03d}"}
                                                         for n in range(1, 1000)]))
    assert created.status == 201, created.body
    _, pdf = pdf_of(call, int(created.body["id"]), 1, "a4")
    pages = len(pdf_reading.page_sizes(pdf))
    assert pages > 10
    for page in range(1, pages + 1):
        words = pdf_reading.text(pdf, page, page)
        assert f"Página {page} de {pages}" in words and created.body["numero"] in words
        assert ("Importe total" in words) == (page == pages), page
        if page < pages:
            assert "Descripción" in words, "the column header repeats"
    everything = pdf_reading.text(pdf)
    assert everything.count("Importe total") == 1 and "ITEM 001" in everything and "ITEM 999" in everything
    assert len(pdf_reading.qr_codes(pdf)) == 1


def test_unknown_format_and_other_kinds_documents_are_refused(call, shop, issuer):
    created = call("factura-nuevo", **shop.sale())
    bad = call("comprobante-pdf", id=int(created.body["id"]), tipodoc=1, formato="a5")
    assert (bad.status, bad.body["codigo"]) == (400, 11) and "formato" in bad.body["campos"]
    wrong_kind = call("comprobante-pdf", id=int(created.body["id"]), tipodoc=2)
    assert (wrong_kind.status, wrong_kind.body["codigo"]) == (400, 12)


def test_a_factura_without_issuer_says_what_to_configure(call, shop):
    created = call("factura-nuevo", **shop.sale())
    reply = call("comprobante-pdf", id=int(created.body["id"]), tipodoc=1)
    assert (reply.status, reply.body["codigo"]) == (409, 13) and "issuer" in reply.body["error"]
    nota = call("nota-nuevo", **shop.sale())
    assert call("comprobante-pdf", id=int(nota.body["id"]), tipodoc=3).status == 200, "a nota needs no issuer"


def test_logo_and_bank_accounts_from_the_cli_are_printed(app, call, shop, issuer, tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGBA", (1200, 400), (200, 30, 40, 255)).save(logo)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["pdf", "logo", "--company", "1", str(logo)])
    assert result.exit_code == 0 and "logo guardado" in result.output, result.output
    result = runner.invoke(args=["pdf", "bank-accounts", "--company", "1", "BCP S/ 191-1234567-0-12", "BBVA US$ 0011"])
    assert result.exit_code == 0, result.output
    (tmp_path / "not-an-image.png").write_text("hola")
    refused = runner.invoke(args=["pdf", "logo", "--company", "1", str(tmp_path / "not-an-image.png")])
    assert refused.exit_code != 0 and "no es una imagen" in refused.output
    created = call("factura-nuevo", **shop.sale(factura_detraccion=1, factura_porcentaje_detraccion=12,
                                                detalle=[{"cod_num": 1003, "cantidad": 10}]))
    _, pdf = pdf_of(call, int(created.body["id"]), 1)
    words = pdf_reading.text(pdf)
    assert "BCP S/ 191-1234567-0-12" in words and "BBVA US$ 0011" in words
    assert "Sistema de Pago de Obligaciones Tributarias" in words and "00-000-123456" in words
    with db.connection_context():
        from models import PrintProfile
        stored = bytes(PrintProfile.get().logo)
    assert Image.open(__import__("io").BytesIO(stored)).size == (600, 200), "scaled down once, at upload"
    assert b"/Subtype /Image /Width 600 /Height 200" in pdf


# -- kinds and amounts the plain document of other issues carries (notes, ICBPER, free transfers) ----

@dataclasses.dataclass(frozen=True)
class Reference:
    kind: DocumentKind
    numero: str
    issue_date: datetime.date


@dataclasses.dataclass(frozen=True)
class Reason:
    code: str
    description: str


@dataclasses.dataclass(frozen=True)
class NoteDocument(SalesDocument):
    reference: Reference | None = None
    reason: Reason | None = None


@dataclasses.dataclass(frozen=True)
class TotalsWithTaxes(DocumentTotals):
    icbper: Decimal = Decimal("0.00")
    gratuitas: Decimal = Decimal("0.00")


def plain_document(kind, series, lines=2, **extra):
    line = Line(position=1, code=1001, description="BOLSA PLÁSTICA", unit="NIU", quantity=Decimal("2"),
                unit_price=Decimal("11.80"), unit_value=Decimal("10"), discount_percent=Decimal(0),
                discount_amount=Decimal("0.00"), affectation=10, value_amount=Decimal("20.00"),
                igv_amount=Decimal("3.60"), total_amount=Decimal("23.60"))
    totals = TotalsWithTaxes(Decimal("20.00") * lines, Decimal(0), Decimal(0), Decimal(0), Decimal(0),
                             Decimal("3.60") * lines, Decimal("24.60") * lines, icbper=Decimal("1.00") * lines,
                             gratuitas=Decimal("5.00"))
    return NoteDocument(kind=kind, series=series, number=7, issue_date=datetime.date(2024, 9, 10),
                        issue_time=datetime.time(10, 15), currency=1, operation_type=1,
                        buyer=Buyer(4, "20100070970", "CLIENTE S.A.C.", "Av. Lima 123"),
                        lines=tuple(dataclasses.replace(line, position=n) for n in range(1, lines + 1)),
                        totals=totals, amount_in_words="CUARENTA Y NUEVE CON 20/100 SOLES", payment_form=1, **extra)


@pytest.mark.parametrize("code, slug, title", [("07", "notacredito", "NOTA DE CRÉDITO ELECTRÓNICA"),
                                               ("08", "notadebito", "NOTA DE DÉBITO ELECTRÓNICA")])
@pytest.mark.parametrize("render", [lambda p: a4.render(p), lambda p: ticket.render(p, 80),
                                    lambda p: ticket.render(p, 58)], ids=["a4", "ticket", "ticket58"])
def test_a_note_prints_the_document_it_modifies_and_why(code, slug, title, render):
    kind = DocumentKind(4 if code == "07" else 5, slug, title.title(), "FC01", None, code, 999)
    factura = KINDS[1]
    note = plain_document(kind, "FC01", reference=Reference(factura, "F001-00000001", datetime.date(2024, 9, 1)),
                          reason=Reason("01", "Anulación de la operación"))
    qr = f"{RUC}|{code}|FC01|00000007|7.20|49.20|2024-09-10|6|20100070970|abc=|"
    pdf = render(printed(note, PrintedIssuer(RUC, "EMPRESA DEMO S.A.C."), "abc=", qr, "http://x/cpe/t.pdf"))
    words = pdf_reading.text(pdf)
    assert title in words and "FC01-00000007" in words
    assert "Documento que modifica: FACTURA ELECTRÓNICA F001-00000001 del 01/09/2024" in words
    assert "Motivo: 01 Anulación de la operación" in words
    assert "ICBPER" in words and "Op. gratuitas" in words and "TRANSFERENCIA GRATUITA" in words
    assert pdf_reading.qr_codes(pdf) == [qr]


def test_a_long_ticket_goes_on_on_a_second_page_with_the_qr_at_the_end():
    document = plain_document(KINDS[1], "F001", lines=999)
    qr = f"{RUC}|01|F001|00000007|7.20|49.20|2024-09-10|6|20100070970|abc=|"
    pdf = ticket.render(printed(document, PrintedIssuer(RUC, "EMPRESA DEMO S.A.C."), "abc=", qr))
    sizes = pdf_reading.page_sizes(pdf)
    assert len(sizes) == 2 and sizes[0][1] == pytest.approx(14400)
    assert pdf_reading.qr_codes(pdf, page=2, bottom_pixels=1400) == [qr]


def test_characters_beyond_the_usual_ones_still_print():
    document = plain_document(KINDS[1], "F001", lines=1)
    document = dataclasses.replace(document, lines=(dataclasses.replace(document.lines[0], description="Ωmega ≥ 5 ß Ç"),))
    pdf = a4.render(printed(document, PrintedIssuer(RUC, "EMPRESA DEMO S.A.C."), "abc=", "x"))
    assert "Ωmega ≥ 5 ß Ç" in pdf_reading.text(pdf)


# -- public links ---------------------------------------------------------------------------------------

def test_public_links_serve_the_documents_files_and_nothing_else(call, client, shop, issuer):
    factura = call("factura-nuevo", **shop.sale())
    nota = call("nota-nuevo", **shop.sale())
    link = factura.body["enlace_pdf"]
    assert link.startswith("http://127.0.0.1:8000/cpe/") and link.endswith(".pdf")
    token = link.rsplit("/", 1)[1][:-4]
    served = client.get(f"/cpe/{token}.pdf")
    assert served.status_code == 200 and served.content_type == "application/pdf"
    assert served.data == pdf_of(call, int(factura.body["id"]), 1)[1], "the link serves the A4 comprobante-pdf gives"
    xml = client.get(f"/cpe/{token}.xml")
    assert xml.status_code == 200 and xml.content_type == "application/xml" and b"<ds:Signature" in xml.data
    assert client.get(f"/cpe/{token}.cdr.zip").status_code == 404, "no CDR before SUNAT answers"
    nota_token = nota.body["enlace_pdf"].rsplit("/", 1)[1][:-4]
    assert client.get(f"/cpe/{nota_token}.xml").status_code == 404, "a nota de venta has no XML"
    not_found = [client.get(path) for path in (f"/cpe/{'A' * 22}.pdf", f"/cpe/{token}.zip", f"/cpe/{token[:-1]}.pdf",
                                                f"/cpe/{token}.pdf/../x", f"/cpe/{nota_token}.cdr.zip")]
    assert {(r.status_code, r.data) for r in not_found} == {
        (404, '{"error":"No se encontró el comprobante","codigo":12}'.encode())}, "every miss looks the same"
    assert call("nota-eliminar", factura_id=int(nota.body["id"])).status == 200
    assert client.get(f"/cpe/{nota_token}.pdf").status_code == 404, "annulling revokes the link"
    with db.connection_context():
        assert RevokedLink.get(RevokedLink.document == int(nota.body["id"])).revoked_at is not None
    assert call("comprobante-pdf", id=int(nota.body["id"]), tipodoc=3).body["enlace"] is None


def test_a_token_reveals_nothing_and_a_changed_one_opens_nothing(app):
    from models import links as links_table

    with db.connection_context():
        tokens = [links_table.token_of(n) for n in range(1, 301)]
        assert len(set(tokens)) == 300 and all(len(token) == 22 for token in tokens)
        assert [links_table.document_of(token) for token in tokens[:5]] == [1, 2, 3, 4, 5]
        token = tokens[4]
        for position in range(22):
            for other in "AQgw":  # different bits in every position
                changed = token[:position] + other + token[position + 1:]
                if changed != token:
                    assert links_table.document_of(changed) is None, (position, other)


def test_another_companys_document_is_not_found(call, shop, issuer, other_tenant):
    created = call("factura-nuevo", **shop.sale())
    reply = call("comprobante-pdf", id=int(created.body["id"]), tipodoc=1, _key=other_tenant.key)
    assert (reply.status, reply.body["codigo"]) == (400, 12)


@pytest.mark.e2e
def test_public_links_through_gunicorn_hide_the_token_from_the_log(app, database_url, tenant, shop, issuer, call):
    created = call("factura-nuevo", **shop.sale())
    db.close_all()
    server = LiveServer(database_url, workers=1, extra_env={"GATEWAY_PUBLIC_URL": "https://cpe.example.pe/",
                                                            "GATEWAY_LOG_LEVEL": "INFO"})
    try:
        answer = server.post(tenant.key, {"action": "comprobante-pdf", "id": int(created.body["id"]), "tipodoc": 1,
                                          "formato": "ticket"}).json()
        token = answer["enlace"].rsplit("/", 1)[1][:-4]
        assert answer["enlace"] == f"https://cpe.example.pe/cpe/{token}.pdf"
        fetched = requests.get(f"{server.url}/cpe/{token}.pdf", timeout=10)
        assert fetched.status_code == 200 and fetched.headers["Content-Type"] == "application/pdf"
        assert fetched.headers["Content-Disposition"] == f'inline; filename="{RUC}-01-F001-00000001.pdf"'
        server.process.terminate()
        server.process.wait(timeout=15)
        log = server.process.stderr.read().decode()
    finally:
        server.stop()
    assert '"path": "/cpe/…"' in log and token not in log
