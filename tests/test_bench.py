"""Smoke runs of the benchmarks: they must run and print their table, not meet any figure."""

import re

from bench import sunat_backlog
from bench import sunat_documents
from bench import sunat_summary


def test_sunat_documents_benchmark_runs(capsys):
    assert sunat_documents.main(["--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "| 999 |" in out and "marginal cost per line" in out


def test_gateway_benchmark_runs(tmp_path, capsys):
    from bench import gateway

    output = tmp_path / "BENCHMARKS.md"
    assert gateway.main(["--seconds", "0.2", "--databases", "sqlite", "--workers", "2", "--listing-sizes", "10,100",
                         "--memory-requests", "300", "--rounds", "2", "--output", str(output)]) == 0
    text = output.read_text()
    assert "| cliente-nuevo ≥ 0.8 × baseline |" in text and "## sqlite, 2 workers" in text
    assert "| baseline cliente-nuevo |" in text and "factura-listar 100 records" in text
    # the compared writes are judged by the median of their rounds, shown with the rounds' range
    assert re.search(r"\| factura-nuevo \(10 lines\) ≥ 0\.5 × cliente-nuevo \| \d\.\d\d [✓✗] \(\d\.\d\d–\d\.\d\d\) \|", text)
    for scenario in ("notacredito-nuevo 10 lines", "compra-nuevo 10 lines"):
        pooled = next(line for line in text.splitlines() if line.startswith(f"| {scenario}"))
        assert re.fullmatch(r"\| .* \| 201×\d+ \|", pooled), f"{scenario}: every round's requests succeed"
    # memory: judged on each worker's own memory, its resident figure (with the mapped database) beside it
    assert re.search(r"\| worker memory growth .* \| [+-]\d+\.\d MB over [\d,]+ [✓✗] \(resident [+-]\d+\.\d\) \|", text)
    assert re.search(r"\| worker memory MB, own / resident: start \[\d+\.\d / \d+\.\d, \d+\.\d / \d+\.\d\]", text)


def test_printing_benchmark_runs(tmp_path, capsys):
    from bench import pdf

    output = tmp_path / "pdf.md"
    assert pdf.main(["--seconds", "0.05", "--output", str(output)]) == 0
    text = output.read_text()
    assert "| 10-line ticket ≤ 1.5 × factura-nuevo |" in text and "| a4 | 999 |" in text


def test_stock_benchmark_runs(capsys):
    from bench import stock

    assert stock.main(["--seconds", "0.2", "--rounds", "1", "--databases", "sqlite", "--count-sizes", "5,20",
                       "--count-repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "salida-nuevo 10 lines / factura-nuevo 10 lines" in out and "20-product close" in out


def test_sunat_backlog_benchmark_runs(capsys):
    assert sunat_backlog.main(["--documents", "20", "--latency", "0.05", "--pool", "4"]) == 0
    row = capsys.readouterr().out.strip().splitlines()[-1]
    assert row.startswith("| sqlite | 1 | 4 |") and "documents received more than once 0" in row


def test_sunat_summary_benchmark_runs(capsys):
    assert sunat_summary.main(["--boletas", "5"]) == 0
    assert "| boletas one by one s |" in capsys.readouterr().out
