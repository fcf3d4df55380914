"""Build + sign + zip time per SUNAT document of 1, 10, 100 and 999 lines (a factura's most).

The baseline, measured in the same run, is building the UBL XML alone: signing and zipping are
reported as multiples of it, and the per-line cost shows whether the work is linear in lines. A
10-line CreditNote (the total return of the 10-line factura) is measured beside its Invoice.
"""

import argparse
import statistics
import sys
import tempfile
import time

from admin.companies import create_company
from app import create_app
from invoicing import document as plain_documents
from invoicing import notes
from invoicing import sales
from models import Contact
from models import Issuer
from models import Party
from models import Product
from models import create_tables
from models.base import db
from sunat import signing
from sunat.certificates import self_signed
from sunat.documents import file_stem
from sunat.xml.builders import build as build_xml
from sunat.packaging import zip_document
from domain.catalogs import CLIENT
from domain.documents import CREDIT_NOTE
from domain.documents import FACTURA
from domain.documents import KINDS

RUC = "20000000001"
SIZES = (1, 10, 100, 999)


class Context:
    def __init__(self, company):
        self.company = company
        self.key = type("Key", (), {"id": 0})()
        self.config = {}


def prepare(directory):
    create_app({"DATABASE_URL": f"sqlite:///{directory}/bench.db", "LOG_LEVEL": "WARNING"})
    create_tables()
    db.connect(reuse_if_open=True)
    with db.atomic():
        company = create_company(RUC, "EMPRESA BENCH S.A.C.")
        client = Party.create(company=company, kind=CLIENT, name="CLIENTE", doc_type=4, doc_number="20100070970", code="b")
        contact = Contact.create(party=client, first_name="A", last_name="B", dni="12345678", email="a@b.pe")
        for code in range(1, 4):
            Product.create(company=company, code=code, name=f"PRODUCTO {code}", price="11.80", controls_stock=False)
        key_pem, cert_pem = self_signed(RUC, "EMPRESA BENCH S.A.C.")
        issuer = Issuer.create(company=company, ruc=RUC, razon_social="EMPRESA BENCH S.A.C.", address_line="AV. 1",
                               ubigeo="150101", department="LIMA", province="LIMA", district="LIMA",
                               private_key_pem=key_pem, certificate_pem=cert_pem)
        documents = {}
        for size in SIZES:
            data = {"factura_estado": 1, "factura_cliente": client.id, "factura_idmoneda": 1,
                    "factura_idcontacto": contact.id,
                    "detalle": [{"cod_num": 1 + n % 3, "cantidad": 1 + n % 5, "descuento": n % 4} for n in range(size)]}
            context = Context(company)
            documents[size] = sales.record_creation(sales.prepare_creation(KINDS[FACTURA], data, context), context).id
        total_return = {"nota_documento_id": documents[10], "nota_motivo_codigo": "06", "nota_motivo": "Devolución total"}
        context = Context(company)
        note, _ = notes.record_creation(notes.prepare_creation(KINDS[CREDIT_NOTE], total_return, context), context)
        documents["credit note 10"] = note.id
    return issuer, documents


def measure(issuer, document_id, repeat):
    build, sign, pack = [], [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        document = plain_documents.load(document_id)
        stem, root = file_stem(issuer.ruc, document), build_xml(issuer, document)
        t1 = time.perf_counter()
        xml, _ = signing.sign(root, issuer.private_key_pem, issuer.certificate_pem, issuer.signature_algorithm)
        t2 = time.perf_counter()
        zip_document(stem, xml)
        t3 = time.perf_counter()
        build.append(t1 - t0)
        sign.append(t2 - t1)
        pack.append(t3 - t2)
    return statistics.median(build), statistics.median(sign), statistics.median(pack), len(xml)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        issuer, documents = prepare(directory)
        rows = [(size, *measure(issuer, documents[size], args.repeat)) for size in SIZES]
        # Measured again side by side, interleaved, so drift on a shared machine affects both alike.
        invoice, credit = [], []
        for _ in range(args.repeat):
            invoice.append(sum(measure(issuer, documents[10], 1)[:3]))
            credit.append(sum(measure(issuer, documents["credit note 10"], 1)[:3]))
        db.close_all()
    print(f"SUNAT document: build + sign + zip (median of {args.repeat}, RSA-SHA1, 2048-bit key)")
    print("| lines | build ms | sign ms | zip ms | total ms | per line µs | sign+zip / build | XML KiB |")
    print("|---|---|---|---|---|---|---|---|")
    for size, build, sign, pack, length in rows:
        total = build + sign + pack
        print(f"| {size} | {build * 1e3:.2f} | {sign * 1e3:.2f} | {pack * 1e3:.2f} | {total * 1e3:.2f} | "
              f"{total / size * 1e6:.0f} | {(sign + pack) / build:.2f} | {length / 1024:.0f} |")
    # Marginal cost of a line: from 1 to 100 lines, and from 100 to 999; equal when the work is linear.
    def total(row):
        return sum(row[1:4])
    first = (total(rows[2]) - total(rows[0])) / (rows[2][0] - rows[0][0])
    second = (total(rows[3]) - total(rows[2])) / (rows[3][0] - rows[2][0])
    print(f"\nmarginal cost per line: {first * 1e6:.0f} µs (1→100), {second * 1e6:.0f} µs (100→999); "
          f"ratio {second / first:.2f} (1.00 = linear)")
    ratio = statistics.median(credit) / statistics.median(invoice)
    print(f"10-line CreditNote build + sign + zip: {statistics.median(credit) * 1e3:.2f} ms, "
          f"{ratio:.2f} × the 10-line Invoice's {statistics.median(invoice) * 1e3:.2f} ms "
          f"(target ≤ 1.2) {'✓' if ratio <= 1.2 else '✗'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
