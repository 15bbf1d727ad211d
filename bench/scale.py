"""hodo beyond one core and one small store: --workers throughput, and one store grown chunk by chunk.

    python bench/scale.py [--workers-size 10] [--workers 2] [--rounds 2]
                          [--pg-multiplier 100] [--requests 100] [--pg URL]
                          [--chunk 100] [--chunks 10] [--chunk-workers 2] [--end-rounds 3]
                          [--engine processes|ray]
                          [--corpus DIR] [--skip-workers] [--skip-postgres] [--skip-growth] [--keep DIR] [--json]

Three measurements, side by side in one run:

* **Workers.** ``ingest`` of ``--workers-size`` × the corpus (bench/corpus.py's
  varied copies) into a new SQLite store, by one process and then by
  ``--workers`` worker processes (``hodo ingest --workers N``), alternating
  for ``--rounds`` rounds; the ratio is the median round's throughput ratio.
  Both include clustering; one-time loading is done first in both (the pack
  and its automata; for the workers, their start-up, reported on its own
  with the ratio a fresh run gets when it counts).
* **PostgreSQL.** SQLite against PostgreSQL on a store of ``--pg-multiplier``
  × the corpus each: ingest throughput and the API's query latency
  (bench/pg.py, which runs it alone; a throwaway cluster of Debian's
  ``postgresql`` programs unless ``--pg`` names a server).
* **Growth.** One store grown by ``--chunks`` chunks of ``--chunk`` × the
  corpus each (every chunk its own varied copies, variants
  n·chunk … (n+1)·chunk-1, so no document repeats), each chunk a fresh ``ingest`` in a fresh
  interpreter with ``--chunk-workers`` workers: its wall time, the peak RSS
  of the writer and of its largest worker, the claims and events stored after
  it, and the p95 latency of a fixed set of store queries (claims by type, by
  claimant, by words; events; counts) on the store as it then is. Then
  ``--end-rounds`` pairs, back to back and alternating: the first chunk into
  an empty store and the last into a copy of the store it went into; the
  median of their ratios is the chunk growth with the machine's drift over
  the series taken out (``--keep`` leaves that copy, before_last.db).

Targets (issue 17): workers ≥ 1.6× one process at 10×; the last chunk within
1.3× the first's time (in the series and paired); peak RSS under 500 MB;
query p95 within 2× of the first chunk's (the 100× store). This is a measurement, not a test: nothing
here fails on a slow figure, it reports whether each target is met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import PROJECT_ROOT, default_corpus_dir, load_sources, write_corpus
from pg import measure_postgres
from pg import render as render_postgres
from pgcluster import ClusterUnavailable

TARGET_WORKERS_RATIO = 1.6
TARGET_CHUNK_GROWTH = 1.3
TARGET_RSS_MB = 500.0
TARGET_QUERY_GROWTH = 2.0
# Each query of the set runs this many times per measurement.
QUERY_REPEATS = 20
# The grown store as the last chunk found it (measure_ends).
_BEFORE_LAST = "before_last.db"


def _peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _child_ingest(db: Path, folder: Path, workers: int, engine: str, warm: Path | None) -> dict[str, Any]:
    """In a fresh interpreter: ingest ``folder`` into ``db`` as ``hodo ingest --workers N`` does."""
    from hodo.engines import ProcessEngine, ingest_with
    from hodo.engines.choice import ingest_on
    from hodo.packs import load_pack
    from hodo.pipeline import ingest
    from hodo.store import Store

    pack = load_pack()
    if warm is not None:
        with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "warm.db") as store:
            ingest(store, [warm], pack)
    with Store.open(db) as store:
        start = time.perf_counter()
        worker_rss = 0.0
        start_up = 0.0
        if engine == "processes" and workers > 1:
            with ProcessEngine(pack, workers) as pool:
                if warm is not None:
                    # Throughput, as the one process's is measured: its start-up (the pack) is done before.
                    pool.wait_ready()
                    start_up = time.perf_counter() - start
                    start = time.perf_counter()
                summary = ingest_with(pool, store, [folder], pack)
                seconds = time.perf_counter() - start
                worker_rss = max((_vm_hwm_mb(pid) for pid in pool.worker_pids()), default=0.0)
        else:
            summary = ingest_on(store, [folder], pack, engine=engine, workers=workers)  # type: ignore[arg-type]
            seconds = time.perf_counter() - start
        ingest_rss = _peak_rss_mb(resource.RUSAGE_SELF)
        queries = _query_p95(store) if warm is None else None
        stored = store.conn.execute("SELECT (SELECT COUNT(*) FROM claims), (SELECT COUNT(*) FROM events)").fetchone()
    return {
        "seconds": seconds,
        "start_up_seconds": start_up,
        "documents": summary.count("new"),
        "failed": summary.count("failed"),
        "claims_added": summary.claims,
        "claims": stored[0],
        "events": stored[1],
        "query_p95_ms": queries,
        # The writer's peak during the ingest, and after the queries (which run in the same process).
        "writer_rss_mb": ingest_rss,
        "rss_after_queries_mb": _peak_rss_mb(resource.RUSAGE_SELF),
        "worker_rss_mb": worker_rss,
    }


def _vm_hwm_mb(pid: int) -> float:
    """A live process's peak resident set (Linux), 0 where it cannot be read."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _query_p95(store: Any) -> float:
    """The p95 (ms) of a fixed set of the store's list queries, each run QUERY_REPEATS times."""
    from hodo.store import ClaimFilter
    from hodo.store.queries import count_claims, select_claims, select_events

    conn = store.conn
    plans = [
        lambda: select_claims(conn, ClaimFilter(type="air_defense", limit=50)),
        lambda: select_claims(conn, ClaimFilter(claimant="ru.mod", limit=50)),
        lambda: select_claims(conn, ClaimFilter(contains="撃墜", limit=50)),
        lambda: select_claims(conn, ClaimFilter(place="Kyiv", limit=50)),
        lambda: select_events(conn, ClaimFilter(limit=50)),
        lambda: select_events(conn, ClaimFilter(type="strike", limit=50)),
        lambda: count_claims(conn, ClaimFilter(type="casualties")),
    ]
    times = []
    for _ in range(QUERY_REPEATS):
        for plan in plans:
            start = time.perf_counter()
            plan()
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[min(len(times) - 1, int(0.95 * len(times)))]


def _run_child(db: Path, folder: Path, workers: int, engine: str, warm: Path | None) -> dict[str, Any]:
    args = [sys.executable, __file__, "_child", str(db), str(folder), str(workers), engine, str(warm or "")]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=PROJECT_ROOT)
    if proc.returncode != 0:
        return {"error": f"exit {proc.returncode}: {proc.stderr.strip()[-600:]}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure_workers(sources: list[Any], size: int, workers: int, rounds: int, workdir: Path) -> dict[str, Any]:
    folder = workdir / f"workers_{size}x"
    chars = write_corpus(sources, size, folder)
    warm = workdir / "warm.txt"
    warm.write_text(sources[0].text, encoding="utf-8")
    rows: list[dict[str, Any]] = []
    for r in range(rounds):
        row: dict[str, Any] = {}
        for count in (1, workers):
            result = _run_child(workdir / f"w{count}_r{r}.db", folder, count, "processes", warm)
            if "error" in result:
                return {"error": result["error"]}
            result["chars_per_s"] = chars / result["seconds"]
            row[str(count)] = result
        many = row[str(workers)]
        row["ratio"] = many["chars_per_s"] / row["1"]["chars_per_s"]
        # What a fresh `hodo ingest --workers N` gains, its workers' start-up included.
        row["ratio_with_start_up"] = row["1"]["seconds"] / (many["seconds"] + many["start_up_seconds"])
        rows.append(row)
    median = sorted(rows, key=lambda row: row["ratio"])[len(rows) // 2]
    return {
        "size": size,
        "chars": chars,
        "workers": workers,
        "one": median["1"],
        "many": median[str(workers)],
        "ratio": median["ratio"],
        "ratios": [row["ratio"] for row in rows],
        "ratio_with_start_up": sorted(row["ratio_with_start_up"] for row in rows)[len(rows) // 2],
        "start_up_seconds": sorted(row[str(workers)]["start_up_seconds"] for row in rows)[len(rows) // 2],
        "same_claims_and_events": all(
            (row["1"]["claims"], row["1"]["events"]) == (row[str(workers)]["claims"], row[str(workers)]["events"])
            for row in rows
        ),
    }


def measure_growth(
    sources: list[Any], chunk: int, chunks: int, workers: int, engine: str, workdir: Path, *, keep_before_last: bool
) -> list[dict[str, Any]]:
    db = workdir / "grown.db"
    rows = []
    for n in range(chunks):
        if keep_before_last and n == chunks - 1 and n > 0:
            # What the last chunk went into, for measure_ends to pour it into again.
            shutil.copyfile(db, workdir / _BEFORE_LAST)
        folder = workdir / f"chunk{n}"
        chars = _chunk_corpus(sources, chunk, folder, n)
        result = _run_child(db, folder, workers, engine, None)
        shutil.rmtree(folder)
        if "error" in result:
            rows.append({"chunk": n + 1, "error": result["error"]})
            break
        result.update(chunk=n + 1, size=(n + 1) * chunk, chars=chars, chars_per_s=chars / result["seconds"])
        rows.append(result)
        print(_growth_line(result), file=sys.stderr, flush=True)
    return rows


def measure_ends(
    sources: list[Any], chunk: int, chunks: int, workers: int, engine: str, workdir: Path, rounds: int
) -> dict[str, Any]:
    """The first chunk into an empty store and the last into the store it went into, ``rounds`` times, alternating.

    The growth series runs each chunk once, minutes apart, on a machine whose
    speed drifts by more than the 1.3x the target allows; pairs run back to
    back share the drift, so their median ratio is the steadier figure.
    """
    first, last = workdir / "ends_first", workdir / "ends_last"
    _chunk_corpus(sources, chunk, first, 0)
    _chunk_corpus(sources, chunk, last, chunks - 1)
    pairs = []
    try:
        for r in range(rounds):
            times: dict[str, float] = {}
            # Alternate which end goes first, so that neither always runs on a warmer machine.
            for end in ("first", "last") if r % 2 == 0 else ("last", "first"):
                # A folder of its own, so that the store goes with its write-ahead log.
                store_dir = workdir / f"ends_{end}_store"
                store_dir.mkdir()
                db = store_dir / "hodo.db"
                if end == "last":
                    shutil.copyfile(workdir / _BEFORE_LAST, db)
                result = _run_child(db, first if end == "first" else last, workers, engine, None)
                shutil.rmtree(store_dir)
                if "error" in result:
                    return {"error": f"{end} chunk: {result['error']}"}
                times[end] = result["seconds"]
            pairs.append({**times, "ratio": times["last"] / times["first"]})
            print(
                f"ends, round {r + 1}: first {times['first']:.1f} s, last {times['last']:.1f} s,"
                f" {pairs[-1]['ratio']:.2f}x",
                file=sys.stderr,
                flush=True,
            )
    finally:
        shutil.rmtree(first)
        shutil.rmtree(last)
    ratios = sorted(pair["ratio"] for pair in pairs)
    return {"rounds": pairs, "ratio": ratios[len(ratios) // 2]}


def _chunk_corpus(sources: list[Any], chunk: int, folder: Path, n: int) -> int:
    """Chunk ``n``'s documents: variants n·chunk … (n+1)·chunk-1, so none is a copy of an earlier chunk's."""
    from corpus import vary

    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for k in range(n * chunk, (n + 1) * chunk):
        for doc in sources:
            text = vary(doc.text, k)
            (folder / f"{Path(doc.name).stem}__v{k:05d}{doc.suffix}").write_text(text, encoding="utf-8")
            chars += len(text)
    return chars


def _growth_line(row: dict[str, Any]) -> str:
    return (
        f"{row['size']:>6}×  {row['seconds']:7.1f} s  {row['chars_per_s']:>9,.0f} c/s"
        f"  writer {row['writer_rss_mb']:6.0f} MB ({row.get('rss_after_queries_mb', 0):.0f} after queries)"
        f"  worker {row['worker_rss_mb']:6.0f} MB"
        f"  p95 {row['query_p95_ms']:7.2f} ms  claims {row['claims']:>8,}  events {row['events']:>7,}"
    )


def _postgres(args: argparse.Namespace, sources: list[Any]) -> dict[str, Any]:
    """The PostgreSQL part, or why there is none (no server programs on this machine, say)."""
    try:
        return measure_postgres(args.pg_multiplier, args.requests, args.pg, sources=sources)
    except ClusterUnavailable as exc:
        return {"error": str(exc)}


def verdicts(
    workers: dict[str, Any] | None, growth: list[dict[str, Any]], ends: dict[str, Any] | None = None
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if workers and "ratio" in workers:
        found["workers_ratio"] = round(workers["ratio"], 2)
        found["workers_target_met"] = workers["ratio"] >= TARGET_WORKERS_RATIO
    good = [row for row in growth if "error" not in row]
    if len(good) >= 2:
        first, last = good[0], good[-1]
        found["chunk_growth"] = round(last["seconds"] / first["seconds"], 2)
        found["chunk_growth_target_met"] = found["chunk_growth"] <= TARGET_CHUNK_GROWTH
        rss = max(max(row["writer_rss_mb"], row["worker_rss_mb"]) for row in good)
        found["peak_rss_mb"] = round(rss)
        found["rss_target_met"] = rss < TARGET_RSS_MB
        found["query_growth"] = round(last["query_p95_ms"] / first["query_p95_ms"], 2)
        found["query_target_met"] = found["query_growth"] <= TARGET_QUERY_GROWTH
    if ends and "ratio" in ends:
        found["chunk_growth_paired"] = round(ends["ratio"], 2)
        found["chunk_growth_paired_target_met"] = ends["ratio"] <= TARGET_CHUNK_GROWTH
    return found


def render(result: dict[str, Any]) -> str:
    lines = [f"hodo scale bench — {result['machine']}", ""]
    workers = result.get("workers")
    if workers and "error" in workers:
        lines.append(f"workers: {workers['error']}")
    elif workers:
        one, many = workers["one"], workers["many"]
        lines += [
            f"workers at {workers['size']}× ({workers['chars']:,} chars), median of {len(workers['ratios'])} rounds:",
            f"  1 process   {one['seconds']:7.2f} s  {one['chars_per_s']:>9,.0f} c/s",
            f"  {workers['workers']} workers   {many['seconds']:7.2f} s  {many['chars_per_s']:>9,.0f} c/s",
            f"  ratio {workers['ratio']:.2f}× (rounds: {', '.join(f'{r:.2f}' for r in workers['ratios'])});"
            f" same claims and events: {workers['same_claims_and_events']}",
            f"  the workers' start-up, before that: {workers['start_up_seconds']:.2f} s;"
            f" with it, {workers['ratio_with_start_up']:.2f}× (median)",
            "",
        ]
    postgres = result.get("postgres")
    if postgres:
        lines += ["postgresql: " + postgres["error"] if "error" in postgres else render_postgres(postgres), ""]
    if result.get("growth"):
        lines.append(f"growth, {result['chunk']}× a chunk, {result['chunk_workers']} workers ({result['engine']}):")
        for row in result["growth"]:
            lines.append("  " + (f"chunk {row['chunk']}: {row['error']}" if "error" in row else _growth_line(row)))
        lines.append("")
    ends = result.get("ends")
    if ends and "error" in ends:
        lines += [f"first and last chunk, paired: {ends['error']}", ""]
    elif ends:
        lines.append(f"first and last chunk, paired ({len(ends['rounds'])} rounds, alternating):")
        for pair in ends["rounds"]:
            lines.append(f"  first {pair['first']:7.1f} s  last {pair['last']:7.1f} s  {pair['ratio']:.2f}×")
        lines += [f"  median {ends['ratio']:.2f}×", ""]
    for key, value in result["verdicts"].items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_child":
        db, folder, workers, engine, warm = argv[1:6]
        print(json.dumps(_child_ingest(Path(db), Path(folder), int(workers), engine, Path(warm) if warm else None)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers-size", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pg-multiplier", type=int, default=100)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--pg", default=None, help="a PostgreSQL server's maintenance database URL")
    parser.add_argument("--chunk", type=int, default=100)
    parser.add_argument("--chunks", type=int, default=10)
    parser.add_argument("--chunk-workers", type=int, default=2)
    parser.add_argument("--end-rounds", type=int, default=3, help="paired runs of the first and last chunk")
    parser.add_argument("--engine", choices=("processes", "ray"), default="processes")
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--skip-workers", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="work in DIR and keep its stores (grown.db)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sources = load_sources(args.corpus or default_corpus_dir())
    with tempfile.TemporaryDirectory(prefix="hodo-scale-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        workers = (
            None
            if args.skip_workers
            else measure_workers(sources, args.workers_size, args.workers, args.rounds, workdir)
        )
        postgres = None if args.skip_postgres else _postgres(args, sources)
        growth = (
            []
            if args.skip_growth
            else measure_growth(
                sources,
                args.chunk,
                args.chunks,
                args.chunk_workers,
                args.engine,
                workdir,
                keep_before_last=args.end_rounds > 0,
            )
        )
        ends = (
            measure_ends(sources, args.chunk, args.chunks, args.chunk_workers, args.engine, workdir, args.end_rounds)
            if len(growth) == args.chunks >= 2 and "error" not in growth[-1] and args.end_rounds > 0
            else None
        )
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "workers": workers,
        "postgres": postgres,
        "growth": growth,
        "ends": ends,
        "chunk": args.chunk,
        "chunk_workers": args.chunk_workers,
        "engine": args.engine,
        "verdicts": verdicts(workers, growth, ends),
    }
    print(json.dumps(result) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
