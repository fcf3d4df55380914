"""100 facturas in one `lote` against the same 100 facturas as 100 single requests, in the same run.

A real gunicorn (2 sync workers) on SQLite and, when it answers, PostgreSQL; one client on a keep-alive
session, as a POS catching up after working offline. Each round sends the 100 singles and then one lote of
100 (rounds alternate which goes first, so both see the same machine); the figure is the median wall time
per round. Each factura has 3 lines.

    .venv/bin/python -m bench.lote --rounds 3 --output /tmp/lote.md
"""

import argparse
import statistics
import sys
import tempfile
import time

import requests

from bench.gateway import KEY
from bench.gateway import POSTGRES_SERVER_URL
from bench.gateway import Server
from bench.gateway import document
from bench.gateway import fresh_database
from bench.gateway import seed
from tests.scratch_database import reachable

BATCH = 100


def measure(kind, directory, rounds):
    database_url = fresh_database(kind, directory)
    _, client_id, contact_id = seed(database_url, listing_sizes=())["work"]
    single = document("factura", client_id, contact_id, 3)(0, 0)
    lote = b'{"action": "lote", "acciones": [' + b",".join([single] * BATCH) + b"]}"
    server = Server("app:create_app()", database_url, workers=2)
    session = requests.Session()
    headers = {"Key": KEY, "Content-Type": "application/json"}

    def singles():
        for _ in range(BATCH):
            answer = session.post(server.url, data=single, headers=headers, timeout=60)
            assert answer.status_code == 201, answer.text[:300]

    def batch():
        answer = session.post(server.url, data=lote, headers=headers, timeout=300)
        assert answer.status_code == 200 and all(item["status"] == 201 for item in answer.json()), answer.text[:300]

    timings = {"singles": [], "lote": []}
    try:
        batch()  # warm both paths once
        singles()
        for round_number in range(rounds):
            order = (("singles", singles), ("lote", batch)) if round_number % 2 == 0 else (
                ("lote", batch), ("singles", singles))
            for name, fn in order:
                started = time.perf_counter()
                fn()
                timings[name].append(time.perf_counter() - started)
    finally:
        server.stop()
    return {name: statistics.median(values) for name, values in timings.items()}


def report(results, rounds):
    lines = [f"# lote: 100 facturas (3 lines each), one lote against 100 single requests, median of {rounds} rounds",
             "", "| database | 100 single requests (s) | one lote of 100 (s) | lote per factura (ms) | speed-up |",
             "|---|---|---|---|---|"]
    for kind, figures in results.items():
        lines.append(f"| {kind} | {figures['singles']:.2f} | {figures['lote']:.2f} | "
                     f"{figures['lote'] * 1000 / BATCH:.1f} | {figures['singles'] / figures['lote']:.2f}× |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--output")
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory() as directory:
        for kind in args.databases.split(","):
            if kind == "postgresql" and reachable(POSTGRES_SERVER_URL) is not None:
                print("postgresql: not reachable, skipped")
                continue
            results[kind] = measure(kind, directory, args.rounds)
    text = report(results, args.rounds)
    print(text)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
