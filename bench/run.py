"""hodo's benchmark: the whole pipeline against the SudachiPy floor, at 1×, 10× and 100× the corpus.

    python bench/run.py [--sizes 1,10,100] [--documents-mb 1,5,50] [--rounds 3] [--corpus DIR] [--json] [--quick]

It also ingests single documents of 1, 5 and 50 MB (variants of the corpus
posts one after another) and gives their speed per character against the
corpus's own in the same run: one long document must not cost more per
character than many short ones.

Every measurement runs in a fresh interpreter (bench/measure.py) so that its
peak RSS is its own. See bench/README.md for what each figure means. This is
a measurement, not a test: nothing here fails on a slow figure, it reports
whether each target is met.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from corpus import (
    PROJECT_ROOT,
    SourceDoc,
    default_corpus_dir,
    load_sources,
    write_corpus,
    write_long_document,
)

MEASURE = Path(__file__).resolve().parent / "measure.py"

# The issue's targets; "pipeline_floor" is the project's own ≥ 75,000 chars/s on one core.
TARGET_RATIO = 0.20
TARGET_GROWTH = 110.0
TARGET_RSS_MB = 500.0
TARGET_STARTUP_S = 2.0
TARGET_CHARS_PER_S = 75_000.0
# Larger corpora run once: a round at 100× takes minutes.
MAX_REPEATED_SIZE = 10
# One long document: at least half the corpus's speed per character, under 1 GB at 50 MB.
TARGET_DOCUMENT_SPEED = 0.5
TARGET_DOCUMENT_RSS_MB = 1024.0


def child(task: str, *args: Path) -> dict[str, Any]:
    """Run one measure.py task in a fresh interpreter; a crash comes back as ``{"error": ...}``."""
    proc = subprocess.run(
        [sys.executable, str(MEASURE), task, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    if proc.returncode != 0:
        return {"error": f"{task} exited {proc.returncode}: {proc.stderr.strip()[-600:]}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def startup(small: Path, workdir: Path, repeats: int) -> dict[str, Any]:
    """Wall time of a fresh ``python -m hodo --db … ingest small.txt``, as a user feels it."""
    times = []
    claims = 0
    error = None
    for i in range(repeats):
        db = workdir / f"startup{i}.db"
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "hodo", "--db", str(db), "ingest", str(small)],
            capture_output=True,
            text=True,
            cwd=workdir,
        )
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            error = f"exit {proc.returncode}: {proc.stderr.strip()[-400:]}"
        if db.exists():
            with sqlite3.connect(db) as conn:
                claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    return {
        "startup_s": statistics.median(times),
        "runs": times,
        "chars": len(small.read_text(encoding="utf-8")),
        "claims": claims,
        "error": error,
    }


def measure_size(
    sources: list[SourceDoc], multiplier: int, workdir: Path, warm: Path, rounds: int
) -> dict[str, Any]:
    """Tokenizer and pipeline over one corpus size, alternating for ``rounds`` rounds.

    A shared machine's speed drifts from second to second, so each round times
    the floor and the pipeline back to back and the ratio is the median of the
    rounds' ratios; the rates and times shown are the median round's.
    """
    folder = workdir / f"corpus_{multiplier}x"
    chars = write_corpus(sources, multiplier, folder)
    row: dict[str, Any] = {"size": multiplier, "files": multiplier * len(sources), "chars": chars, "rounds": []}
    for _ in range(rounds):
        tok = child("tokenize", folder)
        pipe = child("pipeline", folder, warm)
        row["rounds"].append({"tokenizer": tok, "pipeline": pipe})
        if "error" in tok or "error" in pipe:
            break
    timed = [r for r in row["rounds"] if "error" not in r["tokenizer"] and "error" not in r["pipeline"]]
    if not timed:
        last = row["rounds"][-1]
        row["tokenizer"], row["pipeline"] = last["tokenizer"], last["pipeline"]
        return row
    timed.sort(key=lambda r: r["tokenizer"]["seconds"] / r["pipeline"]["seconds"])
    median = timed[(len(timed) - 1) // 2]
    row["tokenizer"], row["pipeline"] = median["tokenizer"], median["pipeline"]
    row["tokenizer_chars_per_s"] = chars / median["tokenizer"]["seconds"]
    row["pipeline_chars_per_s"] = chars / median["pipeline"]["seconds"]
    row["ratio"] = row["pipeline_chars_per_s"] / row["tokenizer_chars_per_s"]
    row["ratios"] = [r["tokenizer"]["seconds"] / r["pipeline"]["seconds"] for r in timed]
    row["peak_rss_mb"] = max(r["pipeline"]["peak_rss_mb"] for r in timed)
    return row


def measure_documents(
    sources: list[SourceDoc], sizes_mb: list[float], workdir: Path, warm: Path
) -> list[dict[str, Any]]:
    """Ingest one document of each size in a fresh interpreter: time, characters a second, peak RSS."""
    rows = []
    for mb in sizes_mb:
        folder = workdir / f"document_{mb:g}mb"
        chars = write_long_document(sources, mb, folder / f"long_{mb:g}mb.txt")
        result = child("pipeline", folder, warm)
        row: dict[str, Any] = {"mb": mb, "chars": chars, "pipeline": result}
        if "error" not in result and not result.get("failed"):
            row["chars_per_s"] = chars / result["seconds"]
            row["peak_rss_mb"] = result["peak_rss_mb"]
        rows.append(row)
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")), cpu)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sudachipy": metadata.version("sudachipy"),
        "sudachidict_core": metadata.version("sudachidict-core"),
    }


def summarise(
    rows: list[dict[str, Any]], boot: dict[str, Any], documents: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The headline figures and whether each target is met (None: not measured in this run)."""
    by_size = {r["size"]: r for r in rows}
    documents = documents or []
    # The corpus's own speed per character: its smallest size, which has no long documents.
    corpus_speed = rows[0].get("pipeline_chars_per_s") if rows else None
    for d in documents:
        if corpus_speed and d.get("chars_per_s"):
            d["speed_vs_corpus"] = d["chars_per_s"] / corpus_speed
    largest_doc = max(documents, key=lambda d: d["mb"]) if documents else {}
    ref = by_size.get(10) or rows[-1]
    largest = rows[-1]
    failed = sum(r["pipeline"].get("failed", 0) for r in rows if "error" not in r["pipeline"])
    growth = None
    cluster_exponent = None
    if 1 in by_size and 100 in by_size:
        p1, p100 = by_size[1]["pipeline"], by_size[100]["pipeline"]
        if "error" not in p1 and "error" not in p100:
            growth = p100["seconds"] / p1["seconds"]
    timed = [r for r in rows if "error" not in r["pipeline"] and r["pipeline"]["claims"] > 0]
    if len(timed) >= 2 and timed[0]["pipeline"]["recluster_s"] > 0:
        a, b = timed[0]["pipeline"], timed[-1]["pipeline"]
        if b["claims"] > a["claims"]:
            cluster_exponent = math.log(b["recluster_s"] / a["recluster_s"]) / math.log(
                b["claims"] / a["claims"]
            )
    rss_100 = by_size[100].get("peak_rss_mb") if 100 in by_size else None
    ratio_10 = by_size[10].get("ratio") if 10 in by_size else None

    def met(value: float | None, ok: bool) -> bool | None:
        return None if value is None or failed else ok

    return {
        "reference_size": ref["size"],
        "tokenizer_chars_per_s": ref.get("tokenizer_chars_per_s"),
        "pipeline_chars_per_s": ref.get("pipeline_chars_per_s"),
        "ratio": ref.get("ratio"),
        "peak_rss_mb": largest.get("peak_rss_mb"),
        "peak_rss_size": largest["size"],
        "growth_100x": growth,
        "cluster_exponent": cluster_exponent,
        "startup_s": boot["startup_s"],
        "failed_documents": failed,
        "document_mb": largest_doc.get("mb"),
        "document_speed_vs_corpus": largest_doc.get("speed_vs_corpus"),
        "document_peak_rss_mb": largest_doc.get("peak_rss_mb"),
        "targets": {
            "ratio_10x_ge_0.20": met(ratio_10, (ratio_10 or 0) >= TARGET_RATIO),
            "growth_100x_le_110": met(growth, (growth or 0) <= TARGET_GROWTH),
            "peak_rss_100x_le_500mb": met(rss_100, (rss_100 or 0) <= TARGET_RSS_MB),
            "startup_le_2s": met(
                boot["startup_s"], boot["startup_s"] <= TARGET_STARTUP_S and not boot["error"]
            ),
            "pipeline_ge_75k_chars_per_s": met(
                ref.get("pipeline_chars_per_s"), (ref.get("pipeline_chars_per_s") or 0) >= TARGET_CHARS_PER_S
            ),
            "long_document_ge_half_corpus_speed": met(
                largest_doc.get("speed_vs_corpus"),
                (largest_doc.get("speed_vs_corpus") or 0) >= TARGET_DOCUMENT_SPEED,
            ),
            "long_document_rss_lt_1gb": met(
                largest_doc.get("peak_rss_mb"), (largest_doc.get("peak_rss_mb") or 0) < TARGET_DOCUMENT_RSS_MB
            ),
        },
    }


def _num(value: float | None, fmt: str = ",.0f") -> str:
    return "—" if value is None else format(value, fmt)


def render(result: dict[str, Any]) -> str:
    out = []
    m = result["machine"]
    out.append(
        f"hodo benchmark — corpus {result['corpus']} ({result['sources']} documents, {result['source_chars']:,} chars)"
    )
    out.append(f"machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, SudachiPy {m['sudachipy']}")
    out.append("")
    head = f"{'size':>5} {'files':>6} {'chars':>11} {'sudachi c/s':>12} {'hodo c/s':>10} {'ratio':>6} {'time s':>8} {'cpu s':>8} {'RSS MB':>7} {'claims':>7} {'events':>7} {'cluster s':>9} {'failed':>6}"
    out.append(head)
    out.append("-" * len(head))
    for r in result["sizes"]:
        p = r["pipeline"]
        ok = "error" not in p
        out.append(
            f"{r['size']:>4}× {r['files']:>6} {r['chars']:>11,} {_num(r.get('tokenizer_chars_per_s')):>12} "
            f"{_num(r.get('pipeline_chars_per_s')):>10} {_num(r.get('ratio'), '.3f'):>6} "
            f"{_num(p.get('seconds'), '.2f'):>8} {_num(p.get('cpu_s'), '.2f'):>8} {_num(r.get('peak_rss_mb'), '.0f'):>7} "
            f"{p.get('claims', '—'):>7} {p.get('events', '—'):>7} {_num(p.get('recluster_s'), '.3f'):>9} "
            f"{p.get('failed', '—') if ok else 'ERROR':>6}"
        )
    for r in result["sizes"]:
        if len(r.get("ratios", [])) > 1:
            out.append(f"  {r['size']}× ratio by round: " + ", ".join(f"{x:.3f}" for x in r["ratios"]))
    for r in result["sizes"]:
        for which in ("tokenizer", "pipeline"):
            if "error" in r[which]:
                out.append(f"  {r['size']}× {which} crashed: {r[which]['error']}")
        for problem in r["pipeline"].get("problems", []):
            out.append(f"  {r['size']}× failed document: {problem}")
    if result.get("documents"):
        out.append("")
        out.append("one long document (variants of the corpus posts in one file), against the corpus per character:")
        out.append(f"{'MB':>5} {'chars':>11} {'time s':>8} {'chars/s':>9} {'vs corpus':>9} {'RSS MB':>7} {'claims':>7} {'cluster s':>9}")
        for d in result["documents"]:
            p = d["pipeline"]
            if "error" in p:
                out.append(f"{d['mb']:>5g} {d['chars']:>11,} crashed: {p['error']}")
                continue
            out.append(
                f"{d['mb']:>5g} {d['chars']:>11,} {p['seconds']:>8.1f} {_num(d.get('chars_per_s')):>9} "
                f"{_num(d.get('speed_vs_corpus'), '.2f'):>9} {p['peak_rss_mb']:>7.0f} {p['claims']:>7} "
                f"{p['recluster_s']:>9.1f}"
            )
            for problem in p.get("problems", []):
                out.append(f"  failed: {problem}")
    split = result.get("stages")
    if split:
        out.append("")
        out.append(
            f"time by stage at {split['size']}× (instrumented pass calling each stage directly; "
            "extract includes its own linking):"
        )
        total = sum(v for k, v in split["seconds"].items() if k != "link")
        for stage, sec in split["seconds"].items():
            share = "" if stage == "link" else f"{100 * sec / total:5.1f}%" if total else ""
            out.append(f"  {stage:<13} {sec:9.3f} s  {share}")
        for stage, err in split.get("errors", {}).items():
            out.append(f"  {stage} FAILED: {err}")
    s = result["summary"]
    b = result["startup"]
    out.append("")
    out.append(
        f"start-up (fresh `python -m hodo ingest` of {b['chars']} chars, median of {len(b['runs'])}): "
        f"{b['startup_s']:.2f} s, {b['claims']} claims" + (f" — ERROR {b['error']}" if b["error"] else "")
    )
    out.append(
        f"ratio b/a at {s['reference_size']}×: {_num(s['ratio'], '.3f')}   growth 100×/1×: {_num(s['growth_100x'], '.1f')}"
        f"   clustering time ~ claims^{_num(s['cluster_exponent'], '.2f')}"
    )
    out.append(
        "targets: "
        + ", ".join(
            f"{name} {'met' if ok else 'NOT MET' if ok is False else 'not measured'}"
            for name, ok in s["targets"].items()
        )
    )
    if s["failed_documents"]:
        out.append(
            f"PIPELINE FAILURES: {s['failed_documents']} documents failed; the targets are not judged."
        )
    return "\n".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1,10,100", help="corpus multipliers to run, e.g. 1,10 (default 1,10,100)"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="folder of source documents (default ../shared/corpus, else the bundled sample)",
    )
    parser.add_argument(
        "--documents-mb",
        default="1,5,50",
        help="sizes in MB of the single long documents to ingest (default 1,5,50; empty: none)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON line with every figure instead of the table"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=None,
        help=f"rounds of floor and pipeline at sizes up to {MAX_REPEATED_SIZE}× (median kept; default 3, 1 with --quick)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="one round and one start-up run (for a smoke run)"
    )
    args = parser.parse_args(argv)
    args.sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    try:
        args.documents_mb = sorted({float(s) for s in args.documents_mb.split(",") if s.strip()})
    except ValueError:
        parser.error("--documents-mb takes sizes in MB, e.g. 1,5,50")
    if not args.sizes or min(args.sizes) < 1:
        parser.error("--sizes takes positive whole multipliers, e.g. 1,10,100")
    if args.rounds is None:
        args.rounds = 1 if args.quick else 3
    if args.rounds < 1:
        parser.error("--rounds takes a positive whole number")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpus_dir = (args.corpus or default_corpus_dir()).resolve()
    sources = load_sources(corpus_dir)
    smallest = min(sources, key=lambda d: len(d.text))
    with tempfile.TemporaryDirectory(prefix="hodo-bench-") as tmp:
        workdir = Path(tmp)
        warm_dir = workdir / "warm"
        warm_dir.mkdir()
        small = warm_dir / f"small{smallest.suffix}"
        small.write_text(smallest.text, encoding="utf-8")
        boot = startup(small, workdir, 1 if args.quick else 3)
        rows = [
            measure_size(sources, n, workdir, small, args.rounds if n <= MAX_REPEATED_SIZE else 1)
            for n in args.sizes
        ]
        documents = measure_documents(sources, args.documents_mb, workdir, small)
        ref = 10 if 10 in args.sizes else args.sizes[-1]
        split = child("stages", workdir / f"corpus_{ref}x", small) | {"size": ref}
        if "error" in split:
            split = {"size": ref, "seconds": {}, "errors": {"stages": split["error"]}}
    result = {
        "corpus": str(corpus_dir),
        "sources": len(sources),
        "source_chars": sum(len(d.text) for d in sources),
        "machine": machine(),
        "startup": boot,
        "sizes": rows,
        "documents": documents,
        "stages": split,
    }
    result["summary"] = summarise(rows, boot, documents)
    if args.json:
        print(json.dumps(result["summary"] | result, ensure_ascii=False))
    else:
        print(render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
