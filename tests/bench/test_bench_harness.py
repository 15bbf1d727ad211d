"""The benchmark harness runs and its corpus variants differ; no figure is judged here."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"

REPORT = (
    "【戦況 2025年6月4日 国防省発表】\n\n"
    "東部戦線で兵士1,250人が死傷したと国防省が6月3日に発表した。\n\n"
    "防空部隊は過去24時間に無人機87機を撃墜した。\n\n"
    "戦車12両が破壊されたという。\n\n"
    "#戦況(250604)\n"
)


def _load_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hodo_bench_corpus", BENCH / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus() -> ModuleType:
    return _load_corpus()


def test_variant_zero_is_the_source(corpus: ModuleType) -> None:
    assert corpus.vary(REPORT, 0) == REPORT


def test_variant_shifts_dates_and_tags(corpus: ModuleType) -> None:
    varied = corpus.vary(REPORT, 3)
    assert "2025年6月7日" in varied
    assert "6月6日" in varied
    assert "(250607)" in varied
    assert varied.startswith("【戦況 2025年6月7日")  # the headline block stays first


def test_variant_keeps_times_and_small_numbers(corpus: ModuleType) -> None:
    varied = corpus.vary(REPORT, 5)
    assert "24時間" in varied
    assert varied.count("\n\n") == REPORT.count("\n\n")


def test_variant_is_deterministic_and_distinct(corpus: ModuleType) -> None:
    assert corpus.vary(REPORT, 4) == corpus.vary(REPORT, 4)
    variants = {corpus.vary(REPORT, k) for k in range(20)}
    assert len(variants) == 20


def test_variant_crosses_month_ends(corpus: ModuleType) -> None:
    assert "7月2日" in corpus.vary("発表は6月30日だった。", 2)


def test_variant_shifts_bare_days_in_the_month_last_named(corpus: ModuleType) -> None:
    varied = corpus.vary("2025年6月30日の記事。大統領は29日、3日間の協議の2日目に合意した。", 3)
    assert varied == "2025年7月3日の記事。大統領は2日、3日間の協議の2日目に合意した。"


def test_write_corpus_names_every_variant(corpus: ModuleType, tmp_path: Path) -> None:
    sources = [corpus.SourceDoc("a.txt", REPORT), corpus.SourceDoc("b.md", "# 見出し\n\n本文100件。\n")]
    chars = corpus.write_corpus(sources, 3, tmp_path)
    files = sorted(tmp_path.iterdir())
    assert len(files) == 6
    assert {f.suffix for f in files} == {".txt", ".md"}
    assert chars == sum(len(f.read_text(encoding="utf-8")) for f in files)
    assert len({f.read_text(encoding="utf-8") for f in files}) == 6


def test_run_quick_reports_every_figure(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "report.txt").write_text(REPORT, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--sizes",
            "1,2",
            "--documents-mb",
            "0.01,0.03",
            "--quick",
            "--json",
            "--corpus",
            str(source),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    for key in (
        "tokenizer_chars_per_s",
        "pipeline_chars_per_s",
        "ratio",
        "peak_rss_mb",
        "growth_100x",
        "startup_s",
        "document_speed_vs_corpus",
        "document_peak_rss_mb",
    ):
        assert key in result
    assert [row["size"] for row in result["sizes"]] == [1, 2]
    assert result["sizes"][1]["chars"] > result["sizes"][0]["chars"] > 0
    assert "error" not in result["sizes"][0]["tokenizer"]
    assert "error" not in result["sizes"][0]["pipeline"]
    assert result["stages"]["size"] == 2
    # One long document per size, ingested whole: its speed per character against the corpus's.
    assert [d["mb"] for d in result["documents"]] == [0.01, 0.03]
    small, large = result["documents"]
    assert large["chars"] > small["chars"] > 0
    assert large["pipeline"]["files"] == 1 and large["pipeline"]["claims"] > 0
    assert large["speed_vs_corpus"] > 0


def test_rounds_alternate_floor_and_pipeline_and_keep_the_median(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "report.txt").write_text(REPORT, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--sizes", "1", "--documents-mb", "", "--quick", "--rounds", "3", "--json",
         "--corpus", str(source)],
        capture_output=True,
        text=True,
        check=True,
    )
    [row] = json.loads(proc.stdout.strip().splitlines()[-1])["sizes"]
    assert len(row["rounds"]) == 3
    assert row["ratios"] == sorted(row["ratios"])
    assert row["ratio"] == pytest.approx(row["ratios"][1])
