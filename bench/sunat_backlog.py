"""Backlog drain: N pending facturas, the local SUNAT peer answering every sendBill in `--latency` seconds
without validating (its cheap mode, in a process of its own), drained by one or more `flask sunat-worker`
processes with a send pool of `--pool`.

The backlog an outage leaves is signed (each document's first, failed attempt signed it); `--unsigned`
measures documents the worker signs first (about 20 ms of CPU each, most of it signxml and the load).

Reported per run: the drain time against the ideal for that concurrency (N × latency ÷ (pool × workers)),
documents a second, and the workers' own CPU per document (user + system, from the kernel's rusage), and
what the peer counted (sendBill calls, documents received more than once: must be 0).

    .venv/bin/python -m bench.sunat_backlog --documents 1000 --pool 32 --pool 64 --workers 1
    .venv/bin/python -m bench.sunat_backlog --database postgresql://postgres@127.0.0.1:5432/bench
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2

from admin.companies import create_company
from app import create_app
from domain.catalogs import CLIENT
from domain.documents import FACTURA
from domain.documents import KINDS
from invoicing import sales
from models import Contact
from models import Issuer
from models import Party
from models import Product
from models import Submission
from models import create_tables
from models.base import db
from models.base import write_transaction
from sunat import delivery
from sunat.certificates import self_signed

ROOT = Path(__file__).resolve().parent.parent
RUC = "20000000001"


class Context:
    def __init__(self, company):
        self.company = company
        self.key = type("Key", (), {"id": 0})()
        self.config = {}


def fresh_postgres(url):
    """Empty the bench database: every table of ours dropped, so each run starts alike."""
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connection.close()


def prepare(url, peer_url, documents, signed=True):
    create_app({"DATABASE_URL": url, "LOG_LEVEL": "WARNING"})
    create_tables()
    with db.connection_context():
        with write_transaction():
            company = create_company(RUC, "EMPRESA BENCH S.A.C.")
            client = Party.create(company=company, kind=CLIENT, name="CLIENTE", doc_type=4, doc_number="20100070970",
                                  code="b")
            contact = Contact.create(party=client, first_name="A", last_name="B", dni="12345678", email="a@b.pe")
            Product.create(company=company, code=1, name="PRODUCTO", price="11.80", controls_stock=False)
            key_pem, cert_pem = self_signed(RUC, "EMPRESA BENCH S.A.C.")
            Issuer.create(company=company, ruc=RUC, razon_social="EMPRESA BENCH S.A.C.", address_line="AV. 1",
                          ubigeo="150101", department="LIMA", province="LIMA", district="LIMA", sol_user="MODDATOS",
                          sol_password="moddatos", private_key_pem=key_pem, certificate_pem=cert_pem,
                          environment="personalizado", service_url=peer_url, consult_url=peer_url,
                          read_timeout=30)
        data = {"factura_estado": 1, "factura_cliente": client.id, "factura_idmoneda": 1,
                "factura_idcontacto": contact.id, "detalle": [{"cod_num": 1, "cantidad": 2}]}
        context = Context(company)
        issuer = Issuer.get()
        for start in range(0, documents, 200):
            with write_transaction():  # queued on creation, as a shop's sales during an outage
                for _ in range(min(200, documents - start)):
                    document = sales.record_creation(sales.prepare_creation(KINDS[FACTURA], data, context), context)
                    if signed:  # its first attempt, during the outage, signed it
                        delivery.prepare(document, issuer)
    db.close_all()


def pending():
    with db.connection_context():
        return Submission.select().where(Submission.state == "pendiente").count()


def start_peer(latency):
    peer = subprocess.Popen([sys.executable, "-m", "tests.sunat_peer", "--latency", str(latency), "--no-validate"],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    return peer, peer.stdout.readline().strip()


def stop_peer(peer):
    peer.send_signal(signal.SIGINT)
    return peer.communicate(timeout=30)[0].strip()


def drain(url, documents, pool, workers, latency, signed):
    peer, peer_url = start_peer(latency)
    try:
        prepare(url, peer_url, documents, signed)
        env = {**os.environ, "GATEWAY_DATABASE_URL": url, "GATEWAY_SUNAT_WORKER_POOL": str(pool),
               "GATEWAY_LOG_LEVEL": "WARNING", "GATEWAY_DB_POOL_SIZE": "4"}
        started = time.monotonic()
        processes = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "sunat-worker"], cwd=ROOT,
                                      env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                     for _ in range(workers)]
        create_app({"DATABASE_URL": url, "LOG_LEVEL": "WARNING"})
        left = documents
        while left and time.monotonic() - started < 600:
            time.sleep(0.25)
            left = pending()
        elapsed = time.monotonic() - started
        cpu = 0.0
        for process in processes:
            process.send_signal(signal.SIGKILL)
            _, status, usage = os.wait4(process.pid, 0)  # reaped here, for its rusage
            process.returncode = os.waitstatus_to_exitcode(status)
            cpu += usage.ru_utime + usage.ru_stime
        db.close_all()
    finally:
        counted = stop_peer(peer)
    ideal = documents * latency / (pool * workers)
    return {"elapsed": elapsed, "ideal": ideal, "left": left, "cpu_ms": cpu / documents * 1e3, "peer": counted}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--pool", type=int, action="append", help="send pool per worker (repeatable)")
    parser.add_argument("--workers", type=int, action="append", help="worker processes (repeatable)")
    parser.add_argument("--database", help="a PostgreSQL URL to use (emptied first); default a fresh SQLite file")
    parser.add_argument("--unsigned", action="store_true",
                        help="documents never tried yet: the worker signs each first (an outage's backlog is signed)")
    args = parser.parse_args(argv)
    print(f"Backlog drain: {args.documents} pending facturas ({'unsigned' if args.unsigned else 'signed'}), "
          f"peer latency {args.latency * 1e3:.0f} ms, cheap mode")
    print("| database | workers | pool | drain s | ideal s | drain / ideal | docs/s | worker CPU ms/doc | peer |")
    print("|---|---|---|---|---|---|---|---|---|")
    for workers in args.workers or [1]:
        for pool in args.pool or [64]:
            with tempfile.TemporaryDirectory() as directory:
                if args.database:
                    fresh_postgres(args.database)
                url = args.database or f"sqlite:///{directory}/backlog.db"
                result = drain(url, args.documents, pool, workers, args.latency, not args.unsigned)
            done = args.documents - result["left"]
            print(f"| {'postgresql' if args.database else 'sqlite'} | {workers} | {pool} | {result['elapsed']:.2f} | "
                  f"{result['ideal']:.2f} | {result['elapsed'] / result['ideal']:.2f} | {done / result['elapsed']:.0f} | "
                  f"{result['cpu_ms']:.1f} | {result['peer']} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
