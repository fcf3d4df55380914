"""Printing rate: a 10-line A4, 80 mm and 58 mm ticket, and A4s of 1, 100 and 999 lines, against a 10-line
`factura-nuevo` measured in the same process and run.

Everything runs in process on SQLite (the gateway's own app through Flask's test client), with a logo, on
warm caches (what a worker process keeps between requests: fonts, their subsets, the logo). Two figures per
format: rendering alone (the plain document and issuer already loaded, to PDF bytes) and the whole
`comprobante-pdf` request (key, lookup, load, render, base64, JSON). Each figure is the median CPU time of
rounds interleaved with the baseline's, so both see the same machine. Target: a 10-line ticket costs at most
1.5 × the 10-line factura-nuevo; the marginal cost per line from 100 to 999 lines equals the one from 1 to 100
(linear).

    .venv/bin/python -m bench.pdf --seconds 10 --output /tmp/pdf.md
"""

import argparse
import io
import statistics
import sys
import tempfile
import time

import simplejson

TARGET = 1.5
FORMATS = (("ticket", 10), ("ticket58", 10), ("a4", 10), ("a4", 1), ("a4", 100), ("a4", 999))


def logo_png():
    from PIL import Image

    image = Image.new("RGBA", (600, 240), (255, 255, 255, 0))
    for x in range(0, 600, 40):
        for y in range(0, 240, 40):
            if (x + y) // 40 % 2:
                image.paste((200, 30, 40, 255), (x, y, x + 40, y + 40))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def setup(directory):
    from app import create_app
    from bench.gateway import KEY
    from bench.gateway import document
    from bench.gateway import seed
    from models import Issuer
    from models.base import db
    from models.printing import update_profile
    from sunat.certificates import self_signed

    url = f"sqlite:///{directory}/bench.db"
    keys = seed(url, listing_sizes=())
    _, client_id, contact_id = keys["work"]
    app = create_app({"DATABASE_URL": url, "LOG_LEVEL": "WARNING"})
    key_pem, cert_pem = self_signed("20000000001", "EMPRESA BENCH S.A.C.")
    with db.connection_context():
        Issuer.create(company=1, ruc="20000000001", razon_social="EMPRESA BENCH S.A.C.", nombre_comercial="BENCH",
                      address_line="AV. JOSÉ GÁLVEZ 1234", ubigeo="150101", department="LIMA", province="LIMA",
                      district="SAN ISIDRO", private_key_pem=key_pem, certificate_pem=cert_pem)
        update_profile(1, logo=logo_png(), bank_accounts="BCP S/ 191-1234567-0-12")
    client = app.test_client()
    headers = {"Content-Type": "application/json", "Key": KEY}
    bodies = {lines: document("factura", client_id, contact_id, lines)(0, 0) for lines in (1, 10, 100, 999)}

    def factura(lines=10):
        answer = client.post("/api", data=bodies[lines], headers=headers)
        assert answer.status_code == 201, answer.get_data(as_text=True)[:300]
        return int(answer.get_json()["id"])

    return app, client, headers, factura


def cpu(fn):
    started = time.process_time()
    fn()
    return time.process_time() - started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10, help="measuring time per format (about)")
    parser.add_argument("--output", help="also write the table to this file")
    args = parser.parse_args(argv)
    from models.base import db
    from models.document import Document
    from printing import service

    with tempfile.TemporaryDirectory() as directory:
        app, client, headers, factura = setup(directory)
        documents = {lines: factura(lines) for lines in (1, 10, 100, 999)}
        loaded = {}
        with app.app_context(), db.connection_context():
            for lines, document_id in documents.items():
                printout, _, _ = service.printout(Document.get_by_id(document_id), app.config)
                loaded[lines] = printout
        font = app.config["PDF_FONT"]
        rows, baseline = [], []
        for formato, lines in FORMATS:
            body = simplejson.dumps({"action": "comprobante-pdf", "id": documents[lines], "tipodoc": 1,
                                     "formato": formato})

            def request():
                answer = client.post("/api", data=body, headers=headers)
                assert answer.status_code == 200, answer.get_data(as_text=True)[:300]

            def render():
                service.render(loaded[lines], formato, font)

            for _ in range(3):
                request(), render(), factura()
            renders, requests, bases = [], [], []
            deadline = time.monotonic() + args.seconds * (0.3 if lines != 10 else 1)
            while time.monotonic() < deadline or len(renders) < 7:
                renders.append(cpu(render))
                requests.append(cpu(request))
                bases.append(cpu(factura))
            baseline += bases
            size = len(service.render(loaded[lines], formato, font))
            rows.append((formato, lines, statistics.median(renders), statistics.median(requests),
                         statistics.median(bases), size, len(renders)))
        db.close_all()
    text = report(rows, statistics.median(baseline), font, args)
    print(text)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    return 0


def report(rows, factura, font, args):
    lines = [f"## Printing (font {font}, with a logo; median CPU ms, in process, SQLite)", "",
             f"factura-nuevo, 10 lines, in the same rounds: {factura * 1e3:.2f} ms", "",
             "| format | lines | render ms | comprobante-pdf request ms | render / factura-nuevo | request / factura-nuevo "
             "| PDF KiB | rounds |", "|---|---|---|---|---|---|---|---|"]
    for formato, count, render, request, base, size, rounds in rows:
        lines.append(f"| {formato} | {count} | {render * 1e3:.2f} | {request * 1e3:.2f} | {render / base:.2f} | "
                     f"{request / base:.2f} | {size / 1024:.0f} | {rounds} |")
    ticket = next(row for row in rows if row[0] == "ticket" and row[1] == 10)
    by_lines = {row[1]: row[2] for row in rows if row[0] == "a4"}
    first = (by_lines[100] - by_lines[1]) / 99
    second = (by_lines[999] - by_lines[100]) / 899
    verdict = "holds" if ticket[2] / ticket[4] <= TARGET else "FAILS"
    lines += ["", "| target | measured | verdict |", "|---|---|---|",
              f"| 10-line ticket ≤ {TARGET} × factura-nuevo | {ticket[2] / ticket[4]:.2f} (render), "
              f"{ticket[3] / ticket[4]:.2f} (request) | {verdict} |",
              f"| A4 marginal cost per line | {first * 1e6:.0f} µs (1→100), {second * 1e6:.0f} µs (100→999) | "
              f"ratio {second / first:.2f} (1.00 = linear) |"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
