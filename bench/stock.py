"""Stock movements: `salida-nuevo` and `transferencia-nuevo` with 10 lines against `factura-nuevo` with 10
lines under the same gunicorn, in rounds interleaved so drift hits all three alike; and closing an inventory
count of 10,000 products against one of 100 (in process: what is measured is the close itself).

Targets: each movement ≥ 0.8 × factura-nuevo's requests per second; the 10,000-product close within
1.2 × 100 × the 100-product close (linear in products).

    .venv/bin/python -m bench.stock --seconds 5 --databases sqlite,postgresql
"""

import argparse
import statistics
import sys
import tempfile
import time
from decimal import Decimal

from bench import gateway
from bench import load
from tests.scratch_database import reachable

LINES = 10


def movement_bodies(client, contact):
    """Bodies of the three 10-line requests; the exit and the transfer move stock out of the main warehouse
    (and into the second one) of the products the factura sells."""
    lines = [{"cod_num": 1 + n % 10, "cantidad": 1} for n in range(LINES)]
    factura = gateway.document("factura", client, contact, LINES)
    salida = gateway.body({"action": "salida-nuevo", "salida_almacen": 1, "salida_motivo": 2, "detalle": lines})
    transfer = gateway.body({"action": "transferencia-nuevo", "transferencia_origen": 1, "transferencia_destino": 2,
                             "detalle": lines})
    return {"factura-nuevo 10 lines": factura, "salida-nuevo 10 lines": lambda w, n: salida,
            "transferencia-nuevo 10 lines": lambda w, n: transfer}


def second_warehouse(database_url):
    from app import create_app
    from models.base import db
    from models.warehouse import Warehouse

    create_app({"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"})
    with db.connection_context():
        assert Warehouse.create(company=1, name="Segundo").id == 2
    db.close_all()


def measure_movements(kind, workers, seconds, rounds, directory):
    database_url = gateway.fresh_database(kind, directory)
    keys = gateway.seed(database_url, ())
    second_warehouse(database_url)
    key, client, contact = keys["work"]
    headers = {"Key": key, "Content-Type": "application/json"}
    bodies = movement_bodies(client, contact)
    server = gateway.Server("app:create_app()", database_url, workers)
    found = {name: [] for name in bodies}
    try:
        for name, factory in bodies.items():  # warm up every path
            load.run(server.url, headers, factory, 0.5)
        for _ in range(rounds):
            for name, factory in bodies.items():
                found[name].append(load.run(server.url, headers, factory, seconds))
    finally:
        server.stop()
    return found


def count_close_ms(kind, size, repeat, directory):
    """Median milliseconds of inventario-conteo-cerrar for a count of `size` products, each counted one less."""
    from app import create_app
    from admin.companies import create_company
    from domain.clock import lima_today
    from inventory.stock import bring_in
    from models import Product
    from models import create_tables
    from models.base import db
    from models.company import store_key

    database_url = gateway.fresh_database(kind, directory)
    app = create_app({"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"})
    create_tables()
    with db.connection_context(), db.atomic():
        company = create_company("20000000001", "EMPRESA CONTEO S.A.C.")
        store_key(company.id, gateway.KEY, "bench")
        Product.insert_many([{"company": company.id, "code": code, "name": f"P{code}", "price": Decimal("10")}
                             for code in range(1, size + 1)]).execute()
        ids = [p.id for p in Product.select(Product.id).where(Product.company == company.id)]
        bring_in(company.id, [(i, 50, Decimal("3.5")) for i in ids], lima_today())
    db.close_all()
    client = app.test_client()
    headers = {"Key": gateway.KEY, "Content-Type": "application/json"}

    def post(payload):
        reply = client.post("/api", data=gateway.body(payload), headers=headers)
        assert reply.status_code in (200, 201), reply.get_data(as_text=True)[:300]
        return reply.get_json()

    timings = []
    for _ in range(repeat):
        count = post({"action": "inventario-conteo-nuevo", "conteo_almacenes": [1]})["id"]
        post({"action": "inventario-conteo-editar", "conteo_id": count,
              "items": [{"cod_num": code, "cantidad_contada": 49} for code in range(1, size + 1)]})
        started = time.perf_counter()
        post({"action": "inventario-conteo-cerrar", "conteo_id": count})
        timings.append((time.perf_counter() - started) * 1000)
        post({"action": "inventario-ingreso", "cod_num": 1, "cantidad": 1})  # something moves between counts
    db.close_all()
    return statistics.median(timings)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--count-sizes", default="100,10000")
    parser.add_argument("--count-repeat", type=int, default=3)
    args = parser.parse_args(argv)
    small, large = (int(n) for n in args.count_sizes.split(","))
    lines = ["| database | measure | value | target |", "|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as directory:
        for kind in args.databases.split(","):
            if kind == "postgresql" and reachable(gateway.POSTGRES_SERVER_URL) is not None:
                print("PostgreSQL not reachable: skipped")
                continue
            found = measure_movements(kind, args.workers, args.seconds, args.rounds, directory)
            rps = {name: statistics.mean(s.rps for s in runs) for name, runs in found.items()}
            for name, runs in found.items():
                lines.append(f"| {kind} | {name}: req/s (p50 ms) | {rps[name]:,.0f} "
                             f"({statistics.mean(s.p50_ms for s in runs):.1f}) | |")
            for name in ("salida-nuevo 10 lines", "transferencia-nuevo 10 lines"):
                ratio = rps[name] / rps["factura-nuevo 10 lines"]
                lines.append(f"| {kind} | {name} / factura-nuevo 10 lines | {ratio:.2f} | ≥ 0.8 {'✓' if ratio >= 0.8 else '✗'} |")
            small_ms = count_close_ms(kind, small, args.count_repeat, directory)
            large_ms = count_close_ms(kind, large, args.count_repeat, directory)
            ratio = large_ms / (large / small * small_ms)
            lines.append(f"| {kind} | inventario-conteo-cerrar {small:,} / {large:,} products, ms | "
                         f"{small_ms:.1f} / {large_ms:.1f} | |")
            lines.append(f"| {kind} | {large:,}-product close / ({large // small} × {small}-product close) | {ratio:.2f} | "
                         f"≤ 1.2 {'✓' if ratio <= 1.2 else '✗'} |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
