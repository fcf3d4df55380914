"""Smoke runs of the benchmarks: they must run and print their table, not meet any figure."""

from bench import sunat_documents


def test_sunat_documents_benchmark_runs(capsys):
    assert sunat_documents.main(["--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "| 999 |" in out and "marginal cost per line" in out
