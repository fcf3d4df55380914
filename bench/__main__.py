"""`python -m bench`: every benchmark in turn, each printing its own table."""

import sys

from bench import gateway
from bench import lote
from bench import pdf
from bench import sunat_documents


def main(argv=None):
    """The SUNAT document and printing benchmarks, then the gateway under load (which writes BENCHMARKS.md)."""
    sunat_documents.main([])
    print()
    pdf.main([])
    print()
    lote.main([])
    print()
    gateway.main(argv or [])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
