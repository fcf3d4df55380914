"""`python -m bench`: every benchmark in turn, each printing its own table."""

import sys

from bench import gateway
from bench import lote
from bench import pdf
from bench import stock
from bench import sunat_documents
from bench import sunat_summary


def main(argv=None):
    """SUNAT documents, the resumen, printing, lote and stock movements, then the gateway under load
    (it writes BENCHMARKS.md). The SUNAT backlog drain runs on its own: `python -m bench.sunat_backlog`."""
    sunat_documents.main([])
    print()
    sunat_summary.main([])
    print()
    pdf.main([])
    print()
    lote.main([])
    print()
    stock.main([])
    print()
    gateway.main(argv or [])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
