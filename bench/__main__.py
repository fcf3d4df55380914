"""`python -m bench`: every benchmark in turn, each printing its own table."""

import sys

from bench import gateway
from bench import lote
from bench import pdf
from bench import sunat_documents
from bench import sunat_summary


def main(argv=None):
    """SUNAT documents, the resumen, printing and lote, then the gateway under load (it writes BENCHMARKS.md)."""
    sunat_documents.main([])
    print()
    sunat_summary.main([])
    print()
    pdf.main([])
    print()
    lote.main([])
    print()
    gateway.main(argv or [])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
