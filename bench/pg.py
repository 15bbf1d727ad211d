"""SQLite vs PostgreSQL in one run: ingest throughput, and the API's query latency, on one store of each.

    python bench/pg.py [--multiplier 100] [--requests 100] [--pg URL] [--json]

Writes ``--multiplier`` × the corpus (the varied copies of bench/corpus.py),
ingests it with the pipeline (``hodo.pipeline.ingest``, what ``hodo ingest``
runs) into a new SQLite file and then into a new PostgreSQL database, and
times each ingest (the pack is loaded once beforehand, for both). Then it
serves each store with ``hodo serve`` in its own process and times the same
requests against each (bench/serve.py's plans: list endpoints with deep
cursor pages, filters, one event). SQLite is the baseline: every PostgreSQL
figure comes with its ratio to SQLite's, measured in the same command.

PostgreSQL is ``--pg`` (the URL of a server's maintenance database, where
this may create and drop a database), else a throwaway cluster of the
Debian ``postgresql`` package's programs (bench/pgcluster.py). Both servers
run on this machine, so the figures compare the engines, not a network.
This is a measurement, not a test: nothing here fails on a slow figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

from corpus import default_corpus_dir, load_sources, write_corpus
from pgcluster import create_database, drop_database, temporary_cluster
from serve import V1, measure, start_server

DATABASE = "hodo_bench"


def ingest_into(location: Path | str, corpus: Path, pack: Any) -> dict[str, Any]:
    from hodo.pipeline import ingest
    from hodo.store import Store

    characters = sum(len(p.read_text(encoding="utf-8")) for p in corpus.iterdir())
    started = time.perf_counter()
    with Store.open(location) as store:
        summary = ingest(store, [corpus], pack)
    seconds = time.perf_counter() - started
    if summary.failed:
        raise SystemExit(f"ingest failed: {summary.line()}")
    documents = summary.count("new")
    return {"seconds": seconds, "documents": documents, "docs_per_s": documents / seconds,
            "chars_per_s": characters / seconds, "events": summary.events}  # fmt: skip


def latency(location: Path | str, requests: int, seed: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    process, base = start_server(location)  # type: ignore[arg-type]
    try:
        counts = httpx.get(base + V1).json()
        return counts, measure(base, requests, seed)
    finally:
        process.terminate()
        process.wait(timeout=30)


def render(result: dict[str, Any]) -> str:
    sq, pg = result["ingest"]["sqlite"], result["ingest"]["postgres"]
    lines = [
        f"{result['multiplier']}× corpus: {sq['documents']:,} documents, {result['claims']:,} claims,"
        f" {result['events']:,} events; {result['machine']}",
        "",
        "| ingest | seconds | documents/s | characters/s | PostgreSQL / SQLite (throughput) |",
        "|---|---:|---:|---:|---:|",
        f"| SQLite | {sq['seconds']:.1f} | {sq['docs_per_s']:.1f} | {sq['chars_per_s']:,.0f} | 1.00 |",
        f"| PostgreSQL | {pg['seconds']:.1f} | {pg['docs_per_s']:.1f} | {pg['chars_per_s']:,.0f}"
        f" | {pg['chars_per_s'] / sq['chars_per_s']:.2f} |",
        "",
        f"{result['requests']} requests an endpoint, one at a time, over loopback",
        "",
        "| endpoint | SQLite p50 ms | SQLite p95 ms | PostgreSQL p50 ms | PostgreSQL p95 ms | p50 PG / SQLite | p95 PG / SQLite |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s, p in zip(result["latency"]["sqlite"], result["latency"]["postgres"], strict=True):
        lines.append(
            f"| {s['endpoint']} | {s['p50_ms']:.1f} | {s['p95_ms']:.1f} | {p['p50_ms']:.1f} | {p['p95_ms']:.1f}"
            f" | {p['p50_ms'] / s['p50_ms']:.2f} | {p['p95_ms'] / s['p95_ms']:.2f} |"
        )
    return "\n".join(lines)


def measure_postgres(
    multiplier: int, requests: int, pg: str | None = None, seed: int = 0, sources: list[Any] | None = None
) -> dict[str, Any]:
    """Both stores built and timed (see the module docstring) from ``sources`` (default: the corpus);
    ``pg`` a server's URL, else a throwaway cluster."""
    from hodo.packs import load_pack

    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hodo-bench-pg-")))
        admin = pg or stack.enter_context(temporary_cluster())
        url = create_database(admin, DATABASE)
        stack.callback(drop_database, admin, DATABASE)
        corpus = tmp / "corpus"
        write_corpus(sources or load_sources(default_corpus_dir()), multiplier, corpus)
        pack = load_pack("russia_ukraine")
        sqlite_db = tmp / "hodo.db"
        ingested = {"sqlite": ingest_into(sqlite_db, corpus, pack), "postgres": ingest_into(url, corpus, pack)}
        from hodo.store.postgres import close_pools

        close_pools(url)
        counts, sqlite_rows = latency(sqlite_db, requests, seed)
        pg_counts, pg_rows = latency(url, requests, seed)
        if {k: pg_counts[k] for k in ("claims", "events", "documents")} != {
            k: counts[k] for k in ("claims", "events", "documents")
        }:
            raise SystemExit(f"the stores differ: SQLite {counts}, PostgreSQL {pg_counts}")
    return {
        "multiplier": multiplier,
        "claims": counts["claims"],
        "events": counts["events"],
        "requests": requests,
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "ingest": ingested,
        "latency": {"sqlite": sqlite_rows, "postgres": pg_rows},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--multiplier", type=int, default=100, help="Corpus copies in each store (default 100).")
    parser.add_argument("--requests", type=int, default=100, help="Requests an endpoint (default 100).")
    parser.add_argument("--pg", help="A PostgreSQL server's maintenance database URL (default: a throwaway cluster).")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="One JSON line instead of the tables.")
    args = parser.parse_args(argv)
    # A terminated run still stops its cluster and removes its folders.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result = measure_postgres(args.multiplier, args.requests, args.pg, args.seed)
    print(json.dumps(result) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
