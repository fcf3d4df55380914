"""Benchmarks: programs, not tests. `python -m bench` runs them all; bench/README.md says more."""
