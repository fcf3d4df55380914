"""The gateway under load, against a bare Flask/marshmallow/peewee baseline measured in the same run.

For each database (SQLite, and PostgreSQL when reachable) and each worker count (2, 4), with the
gunicorn settings of gunicorn.conf.py:
  - cliente-nuevo against the baseline doing the same three inserts;
  - factura-nuevo with 10 lines of stock-controlled products, and compra-nuevo (a supplier bill) with 10;
  - notacredito-nuevo: the total return (NC 06) of a 10-line factura, each note on a factura of its own;
  - cliente-listar and factura-listar in companies of 100, 10,000 and 100,000 records;
  - documents of 1, 10, 100 and 1000 lines (notas de venta: a factura stops at 999);
  - error paths (a malformed key, a malformed body) against the cheapest success;
  - the resident memory of each worker before and after 50,000 requests.
Every figure that has a target is reported as a ratio, and the targets are checked at the end. The four
writes compared with one another run in interleaved rounds (`--rounds`, 3), judged by the median ratio.
"""

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

import simplejson

from bench import load
from tests.live_server import ROOT
from tests.live_server import free_port
from tests.scratch_database import ScratchDatabase
from tests.scratch_database import reachable

# The server to use; the benchmark works in a database of its own there, dropped when it ends.
POSTGRES_SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
_scratch = ScratchDatabase(POSTGRES_SERVER_URL)
KEY = "6507c11d131abcb728652224fccfde8e"
LISTING_SIZES = (100, 10_000, 100_000)
DOCUMENT_SIZES = (1, 10, 100, 1000)
CLIENT = {
    "action": "cliente-nuevo", "cliente_nombre": "EMPRESA SAC", "cliente_idtipo_documento": 2,
    "contacto_nombre": "Juan", "contacto_apellido": "Perez", "contacto_dni": "10000001",
    "contacto_correo": "juan.perez@empresasac.pe", "sucursal_nombre": "Oficina", "sucursal_direccion": "Av. 1",
    "sucursal_distrito": 1253, "sucursal_provincia": 127, "sucursal_departamento": 15, "sucursal_pais": 179,
}


# -- servers ---------------------------------------------------------------------------------------

class Server:
    def __init__(self, target, database_url, workers):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        env = {**os.environ, "GATEWAY_DATABASE_URL": database_url, "GATEWAY_BIND": f"127.0.0.1:{self.port}",
               "GATEWAY_WORKERS": str(workers), "GATEWAY_LOG_LEVEL": "WARNING", "BASELINE_KEY": KEY}
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen([str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), target], cwd=ROOT,
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait()

    def wait(self):
        for _ in range(300):
            try:
                stats = load.run(self.url, {"Key": KEY}, lambda w, n: b"{}", seconds=0.05, processes=1, threads=1)
                if stats.requests:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not start")

    def workers_memory_mb(self):
        """Worker pid → (its own memory, its resident memory) in MB: RssAnon and VmRSS of /proc/PID/status.

        Own memory (the heap and stacks) is what a leak grows. The rest of the resident figure is mapped
        files: shared libraries and, on SQLite, the pages of the database the worker has read through its
        mapping (models/base.py sets mmap_size). Those are the kernel's page cache, shared by every worker
        and reclaimable; they grow with the database the requests touch, not with the requests served.
        """
        found = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
                if parent != self.process.pid:
                    continue
                fields = {}
                with open(f"/proc/{entry}/status") as handle:
                    for line in handle:
                        name, _, value = line.partition(":")
                        if name in ("RssAnon", "VmRSS"):
                            fields[name] = int(value.split()[0]) / 1024
                found[int(entry)] = (fields["RssAnon"], fields["VmRSS"])
            except (FileNotFoundError, ProcessLookupError, KeyError):
                continue
        return found

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


# -- data ------------------------------------------------------------------------------------------

def fresh_database(kind, directory):
    if kind == "sqlite":
        return f"sqlite:///{directory}/bench-{uuid.uuid4().hex[:6]}.db"
    return _scratch.recreate()


def seed(database_url, listing_sizes=LISTING_SIZES):
    """Companies: 1 works (key KEY), and one per listing size with that many clients and facturas."""
    from admin.companies import create_company
    from app import create_app
    from domain.clock import lima_today
    from inventory.stock import bring_in
    from models.company import store_key
    from models import Address
    from models import Contact
    from models import Document
    from models import LiveCount
    from models import DocumentLine
    from models import Party
    from models import Product
    from models import Series
    from models import create_tables
    from models.base import db

    create_app({"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"})
    create_tables()
    keys = {}
    with db.connection_context():
        with db.atomic():
            company = create_company("20000000001", "EMPRESA BENCH S.A.C.")
            store_key(company.id, KEY, "bench")
            buyer = Party.create(company=company, kind=1, name="CLIENTE", doc_type=4, doc_number="20100070970", code="b")
            contact = Contact.create(party=buyer, first_name="A", last_name="B", dni="12345678", email="a@b.pe")
            for code in range(1, 11):
                product = Product.create(company=company, code=code, name=f"PRODUCTO {code}", price="11.80")
                bring_in(company.id, [(product.id, 10_000_000, Decimal("5.00"))], lima_today())
        keys["work"] = (KEY, buyer.id, contact.id)
        keys["supplier"] = Party.create(company=company, kind=2, name="PROVEEDOR", doc_type=4,
                                        doc_number="20557198882", code="s").id
        for size in listing_sizes:
            with db.atomic():
                listed = create_company("20100070970", f"EMPRESA {size}")
                value = uuid.uuid4().hex
                store_key(listed, value, f"listing {size}")
                product = Product.create(company=listed, code=1, name="P", price="11.80", controls_stock=False)
            for start in range(0, size, 5000):
                count = min(5000, size - start)
                with db.atomic():
                    first = Party.insert_many([{
                        "company": listed.id, "kind": 1, "name": f"CLIENTE {start + n}", "doc_type": 2,
                        "doc_number": f"{10_000_000 + start + n}", "code": "x"} for n in range(count)]).execute()
                    ids = [p.id for p in Party.select(Party.id).where(Party.company == listed.id)
                           .order_by(Party.id.desc()).limit(count)]
                    Contact.insert_many([{"party": i, "first_name": "A", "last_name": "B", "dni": "12345678",
                                          "email": "a@b.pe"} for i in ids]).execute()
                    Address.insert_many([{"party": i, "name": "O", "address": "Av", "district_id": 1,
                                          "province_id": 1, "department_id": 1, "country_id": 1} for i in ids]).execute()
                    documents = [{"company": listed.id, "doc_type": 1, "series": "F001", "number": start + n + 1,
                                  "party": ids[0], "contact": 1, "currency": 1, "payment_state": 1,
                                  "issue_date": datetime.date(2024, 1, 1), "issue_time": datetime.time(12),
                                  "total": Decimal("11.80"), "igv": Decimal("1.80"), "gravadas": Decimal("10.00"),
                                  "amount_in_words": "ONCE CON 80/100 SOLES"} for n in range(count)]
                    Document.insert_many(documents).execute()
                    doc_ids = [d.id for d in Document.select(Document.id).where(Document.company == listed.id)
                               .order_by(Document.id.desc()).limit(count)]
                    DocumentLine.insert_many([{
                        "document": d, "position": 1, "product": product.id, "code": 1, "description": "P",
                        "unit": "NIU", "quantity": 1, "unit_price": Decimal("11.80"), "unit_value": Decimal("10"),
                        "igv_affectation": 10, "value_amount": Decimal("10.00"), "igv_amount": Decimal("1.80"),
                        "total_amount": Decimal("11.80")} for d in doc_ids]).execute()
                    Series.update(last_number=start + count).where(
                        (Series.company == listed.id) & (Series.doc_type == 1)).execute()
            LiveCount.update(live=size).where((LiveCount.company == listed.id)
                                              & LiveCount.entity.in_(["cliente", "factura"])).execute()
            keys[size] = (value, None, None)
    db.close_all()
    return keys


# -- scenarios ----------------------------------------------------------------------------------------

def body(payload):
    return simplejson.dumps(payload, use_decimal=True).encode()


def new_clients():
    """A body factory whose DNIs no earlier run has used (each DNI is one client per company)."""
    base = int.from_bytes(os.urandom(3), "big") * 100

    def factory(worker, n):
        dni = f"{(base + worker * 1_000_003 + n) % 90_000_000 + 10_000_000:08d}"
        return body({**CLIENT, "cliente_num_doc": dni, "cliente_nombre": f"CLIENTE {worker}-{n}"})

    return factory


def document(kind, client, contact, lines):
    payload = body({"action": f"{kind}-nuevo", "factura_estado": 1, "factura_cliente": client,
                    "factura_idmoneda": 1, "factura_idcontacto": contact,
                    "detalle": [{"cod_num": 1 + n % 10, "cantidad": 1} for n in range(lines)]})
    return lambda worker, n: payload


def bills(supplier, lines):
    """compra-nuevo bodies with 10 lines; each connection numbers its own series (A000, A001…, B000…), from a
    base no earlier run or round has used (a supplier's number makes one bill: a repeat is refused)."""
    detail = [{"cod_num": 1 + n % 10, "cantidad": 1, "precio": "5.00"} for n in range(lines)]
    base = int.from_bytes(os.urandom(3), "big") * 4  # 8 digits at most, with room for a run's bills

    def factory(worker, n):
        return body({"action": "compra-nuevo", "compra_proveedor": supplier, "compra_fecha": "2024-05-01",
                     "compra_numero": f"{chr(65 + worker // 1000)}{worker % 1000:03d}-{base + n + 1}",
                     "detalle": detail})

    return factory


def work_facturas(database_url):
    """The ids of the working company's facturas (the first company: the one of KEY), in order."""
    from app import create_app
    from models import Document
    from models.base import db

    create_app({"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"})
    with db.connection_context():
        ids = [ident for (ident,) in Document.select(Document.id).where(
            (Document.company == 1) & (Document.doc_type == 1)).order_by(Document.id).tuples()]
    db.close_all()
    return ids


def total_returns(factura_ids, processes=2, threads=4):
    """A body factory of notacredito-nuevo crediting the whole of a different factura on every request:
    connection k of the driver takes facturas k, k + connections, k + 2 × connections…"""
    connections = processes * threads

    def factory(worker, n):
        slot = (worker // 1000) * threads + worker % 1000
        ident = factura_ids[min(slot + n * connections, len(factura_ids) - 1)]
        return body({"action": "notacredito-nuevo", "nota_documento_id": ident, "nota_motivo_codigo": "06",
                     "nota_motivo": "Devolución total"})

    return factory


# The writes whose targets compare them with one another, measured in interleaved rounds (below).
ROUND_SCENARIOS = ("cliente-nuevo", "factura-nuevo 10 lines", "compra-nuevo 10 lines",
                   "notacredito-nuevo 10 lines, total return")


class Results(dict):
    """Scenario → Stats, and `rounds`: scenario → the Stats of each round, for ROUND_SCENARIOS."""

    rounds = None


def writes_round(url, headers, keys, database_url, seconds):
    """One round of ROUND_SCENARIOS, one after the other on the same server.

    The machine's speed drifts by 20–30 % within minutes on these shared VMs, so one sample of each
    scenario compares moments as much as code; rounds interleave them, and a ratio's target judges the
    median of its rounds' ratios.
    """
    key, client, contact = keys["work"]
    found = {"cliente-nuevo": load.run(url, headers, new_clients(), seconds)}
    before = len(work_facturas(database_url))
    found["factura-nuevo 10 lines"] = load.run(url, headers, document("factura", client, contact, 10), seconds)
    found["compra-nuevo 10 lines"] = load.run(url, headers, bills(keys["supplier"], 10), seconds)
    # Facturas for the notes to return, one each: those this round just made, and half as many again.
    load.run(url, headers, document("factura", client, contact, 10), seconds / 2)
    found["notacredito-nuevo 10 lines, total return"] = load.run(
        url, headers, total_returns(work_facturas(database_url)[before:]), seconds)
    return found


def pooled(rounds):
    """One Stats for a scenario's rounds: requests over their total time; the median round's p50 and the
    worst p99."""
    statuses = {}
    for stats in rounds:
        for status, count in stats.statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    return load.Stats(sum(s.requests for s in rounds), sum(s.seconds for s in rounds),
                      statistics.median(s.p50_ms for s in rounds), max(s.p99_ms for s in rounds), statuses)


def round_ratio(results, numerator, denominator):
    """(median, lowest, highest) of the rounds' throughput ratios numerator / denominator."""
    ratios = [a.rps / b.rps for a, b in zip(results.rounds[numerator], results.rounds[denominator])]
    return statistics.median(ratios), min(ratios), max(ratios)


def measure_all(kind, workers, directory, seconds, listing_sizes=LISTING_SIZES, memory_requests=50_000,
                round_count=3):
    database_url = fresh_database(kind, directory)
    keys = seed(database_url, listing_sizes)
    key, client, contact = keys["work"]
    headers = {"Key": key, "Content-Type": "application/json"}
    results = Results()

    baseline = Server("bench.baseline_app:create_baseline_app()", database_url, workers)
    results["baseline cliente-nuevo"] = load.run(baseline.url, headers, new_clients(), seconds)
    baseline.stop()

    gateway = Server("app:create_app()", database_url, workers)
    memory_before = gateway.workers_memory_mb()
    rounds = {name: [] for name in ROUND_SCENARIOS}
    for _ in range(round_count):
        for name, stats in writes_round(gateway.url, headers, keys, database_url, seconds).items():
            rounds[name].append(stats)
    results.rounds = rounds
    results.update({name: pooled(found) for name, found in rounds.items()})
    for size in DOCUMENT_SIZES:
        results[f"nota-nuevo {size} lines"] = load.run(gateway.url, headers, document("nota", client, contact, size),
                                                       seconds, processes=1, threads=1)
    listing = body({"action": "cliente-listar", "limite": 1})
    results["cheapest success (cliente-listar limite 1)"] = load.run(gateway.url, headers, lambda w, n: listing, seconds)
    bad_key = {"Key": "not-a-key", "Content-Type": "application/json"}
    results["error: malformed Key"] = load.run(gateway.url, bad_key, lambda w, n: listing, seconds)
    results["error: malformed JSON"] = load.run(gateway.url, headers, lambda w, n: b'{"action": "cliente-listar",', seconds)
    for size in listing_sizes:
        listed_headers = {"Key": keys[size][0], "Content-Type": "application/json"}
        for action in ("cliente-listar", "factura-listar"):
            payload = body({"action": action})
            results[f"{action} {size:,} records"] = load.run(gateway.url, listed_headers, lambda w, n: payload,
                                                             seconds, processes=1, threads=2)
    mix = [new_clients(), lambda w, n: listing, document("factura", client, contact, 3)(0, 0),
           lambda w, n: b"{"]

    def mixed(worker, n):
        chosen = mix[n % len(mix)]
        return chosen if isinstance(chosen, bytes) else chosen(worker, n)

    memory = {"before": memory_before}
    warm = load.run(gateway.url, headers, mixed, 2)
    memory["warm"] = gateway.workers_memory_mb()
    sent = warm.requests
    while sent < memory_requests + warm.requests:
        sent += load.run(gateway.url, headers, mixed, 5).requests
    memory["after"] = gateway.workers_memory_mb()
    memory["requests"] = sent - warm.requests
    gateway.stop()
    return results, memory


# -- report ---------------------------------------------------------------------------------------

def listing_ratio(results, action):
    sizes = [key for key in results if key.startswith(f"{action} ")]
    return results[sizes[-1]].p50_ms / results[sizes[0]].p50_ms


TARGETS = (
    ("cliente-nuevo ≥ 0.8 × baseline", lambda r: r["cliente-nuevo"].rps / r["baseline cliente-nuevo"].rps, 0.8, "≥"),
    ("factura-nuevo (10 lines) ≥ 0.5 × cliente-nuevo",
     lambda r: round_ratio(r, "factura-nuevo 10 lines", "cliente-nuevo"), 0.5, "≥"),
    ("compra-nuevo (10 lines) ≥ 0.8 × factura-nuevo (10 lines)",
     lambda r: round_ratio(r, "compra-nuevo 10 lines", "factura-nuevo 10 lines"), 0.8, "≥"),
    ("notacredito-nuevo (10 lines, total return) ≥ 0.8 × factura-nuevo (10 lines)",
     lambda r: round_ratio(r, "notacredito-nuevo 10 lines, total return", "factura-nuevo 10 lines"), 0.8, "≥"),
    ("cliente-listar p50: largest ≤ 1.5 × smallest company (100,000 vs 100 records)",
     lambda r: listing_ratio(r, "cliente-listar"), 1.5, "≤"),
    ("factura-listar p50: largest ≤ 1.5 × smallest company (100,000 vs 100 records)",
     lambda r: listing_ratio(r, "factura-listar"), 1.5, "≤"),
    ("1000 lines ≤ 1.2 × (100 × the 10-line cost)",
     lambda r: r["nota-nuevo 1000 lines"].p50_ms / (100 * r["nota-nuevo 10 lines"].p50_ms), 1.2, "≤"),
    ("malformed Key at least as fast as the cheapest success",
     lambda r: r["error: malformed Key"].rps / r["cheapest success (cliente-listar limite 1)"].rps, 1.0, "≥"),
    ("malformed JSON at least as fast as the cheapest success",
     lambda r: r["error: malformed JSON"].rps / r["cheapest success (cliente-listar limite 1)"].rps, 1.0, "≥"),
)


def growth(memory, which):
    """The largest growth of one worker from warm-up to the end: `which` 0 for its own memory, 1 for its
    resident memory (workers_memory_mb)."""
    return max(memory["after"][pid][which] - memory["warm"][pid][which]
               for pid in memory["after"] if pid in memory["warm"])


def shown(found):
    return "[" + ", ".join(f"{own:.1f} / {resident:.1f}" for own, resident in
                           (found[pid] for pid in sorted(found))) + "]"


def report(runs, seconds, command, rounds=3):
    lines = ["# Benchmarks", "",
             f"Latest run: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this machine'}: "
             f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}.",
             f"Command: `{command}` ({seconds:g} s per measurement; two driver processes × 4 connections "
             "unless noted; gunicorn settings of gunicorn.conf.py: sync workers, reuse_port).",
             "Absolute figures drift between runs on these shared machines; the ratios are what the targets judge.",
             f"cliente-, factura-, compra- and notacredito-nuevo run in {rounds} interleaved rounds; their targets "
             "judge the median of the rounds' ratios (the range in brackets) and their rows pool the rounds "
             "(requests over total time, the median round's p50, the worst p99).", ""]
    lines += ["## Targets", "", "| target | " + " | ".join(name for name in runs) + " |",
              "|---|" + "---|" * len(runs)]
    for label, ratio, limit, sense in TARGETS:
        cells = []
        for results, _ in runs.values():
            value = ratio(results)
            spread = ""
            if isinstance(value, tuple):  # the median of interleaved rounds, and their range
                value, low, high = value
                spread = f" ({low:.2f}–{high:.2f})"
            ok = value >= limit if sense == "≥" else value <= limit
            cells.append(f"{value:.2f} {'✓' if ok else '✗'}{spread}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    cells = []
    for _, memory in runs.values():
        own, resident = growth(memory, 0), growth(memory, 1)
        cells.append(f"{own:+.1f} MB over {memory['requests']:,} {'✓' if own < 10 else '✗'} (resident {resident:+.1f})")
    lines.append("| worker memory growth over 50,000 requests < 10 MB (largest worker, after warm-up; its own "
                 "memory, RssAnon: resident memory adds the mapped database) | " + " | ".join(cells) + " |")
    for name, (results, memory) in runs.items():
        lines += ["", f"## {name}", "", "| scenario | req/s | p50 ms | p99 ms | statuses |", "|---|---|---|---|---|"]
        for scenario, stats in results.items():
            statuses = ", ".join(f"{k}×{v}" for k, v in sorted(stats.statuses.items()))
            lines.append(f"| {scenario} | {stats.rps:,.0f} | {stats.p50_ms:.2f} | {stats.p99_ms:.2f} | {statuses} |")
        for size in DOCUMENT_SIZES:
            per_line = results[f"nota-nuevo {size} lines"].p50_ms / size * 1000
            lines.append(f"| nota-nuevo {size} lines: time per line | | {per_line:.0f} µs | | |")
        lines.append(f"| worker memory MB, own / resident: start {shown(memory['before'])}, warm "
                     f"{shown(memory['warm'])}, after {memory['requests']:,} requests {shown(memory['after'])} | | | | |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--workers", default="2,4")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--listing-sizes", default=",".join(str(n) for n in LISTING_SIZES))
    parser.add_argument("--memory-requests", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the compared writes")
    args = parser.parse_args(argv)
    listing_sizes = tuple(int(n) for n in args.listing_sizes.split(","))
    runs = {}
    with tempfile.TemporaryDirectory() as directory:
        for kind in args.databases.split(","):
            if kind == "postgresql":
                if reachable(POSTGRES_SERVER_URL) is not None:
                    print("PostgreSQL not reachable: skipped")
                    continue
            for workers in (int(w) for w in args.workers.split(",")):
                print(f"measuring {kind}, {workers} workers…", flush=True)
                runs[f"{kind}, {workers} workers"] = measure_all(kind, workers, directory, args.seconds,
                                                                 listing_sizes, args.memory_requests, args.rounds)
    text = report(runs, args.seconds, "python -m bench.gateway " + " ".join(argv or sys.argv[1:]), args.rounds)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
