"""`python -m bench`: every benchmark in turn, each printing its own table."""

import sys

from bench import sunat_documents

BENCHMARKS = (sunat_documents,)


def main(argv=None):
    for benchmark in BENCHMARKS:
        benchmark.main(argv)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
