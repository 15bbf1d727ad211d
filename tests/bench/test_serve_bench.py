"""bench/serve.py runs end to end on a small store; no figure is judged here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_the_serve_benchmark_measures_every_endpoint() -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH / "serve.py"), "--multiplier", "1", "--requests", "3", "--json"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    names = [row["endpoint"] for row in result["rows"]]
    assert names[0].startswith("baseline")
    for endpoint in ("/claims", "/events", "/events/{id}", "/documents", "/entities", "/facets", "/series", "/digest"):
        assert any(name.startswith(endpoint) for name in names), endpoint
    assert all(row["p95_ms"] >= row["p50_ms"] > 0 for row in result["rows"])
    assert result["claims"] > 0 and result["multiplier"] == 1
