"""Resumen diario cost: building and signing one RC of 500 boletas against building and signing the same
500 boletas one by one (what sendBill needs), in the same run. Target: the RC at most 0.1 × the boletas.

    .venv/bin/python -m bench.sunat_summary --boletas 500
"""

import argparse
import datetime
import sys
import tempfile
import time

from admin.companies import create_company
from app import create_app
from domain.catalogs import CLIENT
from domain.documents import BOLETA
from domain.documents import KINDS
from invoicing import document as plain_documents
from invoicing import sales
from invoicing.summary import ADD
from invoicing.summary import PlainSummary
from invoicing.summary import summary_item
from models import Contact
from models import Issuer
from models import Party
from models import Product
from models import create_tables
from models.base import db
from models.base import write_transaction
from sunat import signing
from sunat.certificates import self_signed
from sunat.xml.builders import build
from sunat.xml.builders import build_summary

RUC = "20000000001"


class Context:
    def __init__(self, company):
        self.company = company
        self.key = type("Key", (), {"id": 0})()
        self.config = {}


def prepare(directory, count):
    create_app({"DATABASE_URL": f"sqlite:///{directory}/summary.db", "LOG_LEVEL": "WARNING"})
    create_tables()
    db.connect(reuse_if_open=True)
    with write_transaction():
        company = create_company(RUC, "EMPRESA BENCH S.A.C.")
        client = Party.create(company=company, kind=CLIENT, name="CLIENTE", doc_type=2, doc_number="06807263", code="b")
        contact = Contact.create(party=client, first_name="A", last_name="B", dni="06807263", email="a@b.pe")
        Product.create(company=company, code=1, name="PRODUCTO", price="11.80", controls_stock=False)
        key_pem, cert_pem = self_signed(RUC, "EMPRESA BENCH S.A.C.")
        issuer = Issuer.create(company=company, ruc=RUC, razon_social="EMPRESA BENCH S.A.C.", address_line="AV. 1",
                               ubigeo="150101", department="LIMA", province="LIMA", district="LIMA",
                               private_key_pem=key_pem, certificate_pem=cert_pem, send_on_creation=False)
        data = {"factura_estado": 1, "factura_cliente": client.id, "factura_idmoneda": 1,
                "factura_idcontacto": contact.id, "detalle": [{"cod_num": 1, "cantidad": 2}]}
        context = Context(company)
        ids = [sales.record_creation(sales.prepare_creation(KINDS[BOLETA], data, context), context).id
               for _ in range(count)]
    return issuer, [plain_documents.load(i) for i in ids]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--boletas", type=int, default=500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        issuer, documents = prepare(directory, args.boletas)
        started = time.perf_counter()
        for document in documents:
            signing.sign(build(issuer, document), issuer.private_key_pem, issuer.certificate_pem)
        one_by_one = time.perf_counter() - started
        started = time.perf_counter()
        today = datetime.date.today()
        summary = PlainSummary("RC", today, today, 1, tuple(summary_item(d, ADD) for d in documents))
        xml, _ = signing.sign(build_summary(issuer, summary), issuer.private_key_pem, issuer.certificate_pem)
        resumen = time.perf_counter() - started
        db.close_all()
    print(f"Resumen diario: {args.boletas} boletas")
    print("| boletas one by one s | one RC s | RC / one by one | RC KiB |")
    print("|---|---|---|---|")
    print(f"| {one_by_one:.3f} | {resumen:.3f} | {resumen / one_by_one:.3f} | {len(xml) / 1024:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
