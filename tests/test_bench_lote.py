"""Smoke run of bench/lote.py: it runs and prints its table (no figure is asserted)."""


def test_lote_benchmark_runs(tmp_path):
    from bench import lote

    output = tmp_path / "lote.md"
    assert lote.main(["--rounds", "1", "--databases", "sqlite", "--output", str(output)]) == 0
    assert "| sqlite |" in output.read_text()
