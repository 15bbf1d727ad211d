"""bench/scale.py runs end to end on a tiny corpus and reports every figure; no figure is judged here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"

# Our own fixture report.
REPORT = (
    "【戦況 2025年6月4日 国防省発表】\n\n"
    "ロシア国防省は6月3日、防空部隊が過去24時間に無人機87機を撃墜したと発表した。\n\n"
    "ウクライナ軍は兵士1,250人を失ったという。\n"
)


def test_scale_bench_reports_workers_and_growth(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "report.txt").write_text(REPORT, encoding="utf-8")
    (corpus / "other.txt").write_text(REPORT.replace("87", "55").replace("1,250", "980"), encoding="utf-8")
    args = ["--corpus", str(corpus), "--workers-size", "2", "--rounds", "1", "--chunk", "2", "--chunks", "2",
            "--end-rounds", "2", "--pg-multiplier", "2", "--requests", "2"]  # fmt: skip
    proc = subprocess.run(
        [sys.executable, str(BENCH / "scale.py"), *args, "--json"], capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    workers = result["workers"]
    assert workers["same_claims_and_events"] is True
    assert workers["one"]["claims"] == workers["many"]["claims"] > 0
    growth = result["growth"]
    assert [row["size"] for row in growth] == [2, 4]
    # Each chunk adds new documents: none is a repeat of the chunk before.
    assert growth[0]["documents"] == growth[1]["documents"] == 4
    assert growth[1]["claims"] == growth[0]["claims"] + growth[1]["claims_added"]
    assert all(row["query_p95_ms"] > 0 and row["writer_rss_mb"] > 0 and row["worker_rss_mb"] > 0 for row in growth)
    # The first chunk into an empty store and the last into the store it went into, again, in pairs.
    assert len(result["ends"]["rounds"]) == 2
    assert all(pair["first"] > 0 and pair["last"] > 0 for pair in result["ends"]["rounds"])
    assert set(result["verdicts"]) >= {
        "workers_ratio", "chunk_growth", "chunk_growth_paired", "peak_rss_mb", "query_growth"
    }  # fmt: skip
    postgres = result["postgres"]
    # Where Debian's PostgreSQL programs are installed (CI installs them), both stores hold the same.
    if "error" not in postgres:
        assert postgres["claims"] > 0 and postgres["multiplier"] == 2
        assert {row["endpoint"] for row in postgres["latency"]["sqlite"]} == {
            row["endpoint"] for row in postgres["latency"]["postgres"]
        }
    else:
        assert "absent" in postgres["error"]
