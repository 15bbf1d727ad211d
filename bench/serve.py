"""The HTTP API's latency on a big store: p50 and p95 of each list endpoint and of one event.

    python bench/serve.py [--multiplier 100] [--db PATH] [--requests 200] [--json]

Builds a store from ``--multiplier`` × the corpus (the varied copies of
bench/corpus.py; 100× by default, about a minute of ingest) or reuses
``--db``, starts ``hodo serve`` on it in its own process, and times requests
from this process over loopback with httpx, one at a time. Each endpoint is
asked ``--requests`` times over varied pages and filters (cursor pages deep
into the list, claimants, types, event ids). The baseline is ``GET /api/v1``
(three COUNTs: the cost of a request, a connection and a query), measured the
same way in the same run; each row gives its ratio to that baseline. This is
a measurement, not a test: nothing here fails on a slow figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

from corpus import PROJECT_ROOT, default_corpus_dir, load_sources, write_corpus

TARGET_P95_MS = 100.0
V1 = "/api/v1"


def build_store(multiplier: int, folder: Path) -> tuple[Path, float]:
    """A store of ``multiplier`` × the corpus, ingested by the pipeline; its path and the ingest time."""
    from hodo.packs import load_pack
    from hodo.pipeline import ingest
    from hodo.store import Store

    corpus = folder / "corpus"
    write_corpus(load_sources(default_corpus_dir()), multiplier, corpus)
    db = folder / "hodo.db"
    started = time.perf_counter()
    with Store.open(db) as store:
        summary = ingest(store, [corpus], load_pack("russia_ukraine"))
    if summary.failed:
        raise SystemExit(f"ingest failed: {summary.line()}")
    return db, time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "hodo", "--db", str(db), "-q", "serve", "--port", str(port)],
        cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            httpx.get(base + V1, timeout=5)
            return process, base
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit("hodo serve did not start: " + (process.stderr.read() or b"").decode()) from None
            time.sleep(0.2)


def _cycle(values: list[Any]) -> Iterator[Any]:
    while True:
        yield from values


def request_plans(client: httpx.Client, rng: random.Random) -> dict[str, Callable[[], tuple[str, dict[str, Any]]]]:
    """For each measured endpoint, a function giving the next (path, params) to ask."""
    claimants = [e["key"] for e in client.get(f"{V1}/entities", params={"role": "claimant", "limit": 20}).json()["items"]]
    types = [f["value"] for f in client.get(f"{V1}/facets", params={"facet": "type"}).json()["facets"]["type"]]
    event_ids = [e["event_id"] for e in client.get(f"{V1}/events", params={"limit": 1000}).json()["items"]]
    days = [d["value"] for d in client.get(f"{V1}/facets", params={"facet": "day"}).json()["facets"]["day"] if d["value"]]

    def cursors(path: str, params: dict[str, Any], pages: int) -> list[str | None]:
        """Cursors of pages spread through a list, the first page's None included."""
        found: list[str | None] = [None]
        cursor = None
        for _ in range(pages):
            body = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})}).json()
            cursor = body["next_cursor"]
            if cursor is None:
                break
            found.append(cursor)
        return found

    claim_cursors = cursors(f"{V1}/claims", {"limit": 50}, 400)
    deep = _cycle(rng.sample(claim_cursors, len(claim_cursors)))
    event_cursors = _cycle(cursors(f"{V1}/events", {"limit": 50}, 20))
    entity_cursors = _cycle(cursors(f"{V1}/entities", {"limit": 50}, 10))
    doc_cursors = _cycle(cursors(f"{V1}/documents", {"limit": 50}, 10))

    def with_cursor(cursor: str | None, **params: Any) -> dict[str, Any]:
        return {**params, **({"cursor": cursor} if cursor else {})}

    return {
        "baseline GET /api/v1": lambda: (V1, {}),
        "/claims (pages through the list)": lambda: (f"{V1}/claims", with_cursor(next(deep))),
        "/claims?claimant=…": lambda: (f"{V1}/claims", {"claimant": rng.choice(claimants)}),
        "/claims?type=…&sort=-date": lambda: (f"{V1}/claims", {"type": rng.choice(types), "sort": "-date"}),
        "/claims?contains=…": lambda: (f"{V1}/claims", {"contains": rng.choice(["無人機", "撃墜した", "ウクライナ軍"])}),
        "/claims?format=csv": lambda: (f"{V1}/claims", with_cursor(next(deep), format="csv")),
        "/events (pages)": lambda: (f"{V1}/events", with_cursor(next(event_cursors))),
        "/events?contested=true": lambda: (f"{V1}/events", {"contested": "true"}),
        "/events?claimant=…": lambda: (f"{V1}/events", {"claimant": rng.choice(claimants)}),
        "/events/{id}": lambda: (f"{V1}/events/{rng.choice(event_ids)}", {}),
        "/documents (pages)": lambda: (f"{V1}/documents", with_cursor(next(doc_cursors))),
        "/entities (pages)": lambda: (f"{V1}/entities", with_cursor(next(entity_cursors))),
        "/facets": lambda: (f"{V1}/facets", {}),
        "/facets?claimant=…": lambda: (f"{V1}/facets", {"claimant": rng.choice(claimants)}),
        "/series?claimant=…&type=air_defense": lambda: (
            f"{V1}/series", {"claimant": rng.choice(claimants), "type": "air_defense"}
        ),
        "/digest/{day}": lambda: (f"{V1}/digest/{rng.choice(days)}", {}),
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(base: str, requests: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    with httpx.Client(base_url=base, timeout=60) as client:
        plans = request_plans(client, rng)
        for name, plan in plans.items():
            for _ in range(5):  # warm the server's caches and this connection
                path, params = plan()
                client.get(path, params=params)
            times = []
            for _ in range(requests):
                path, params = plan()
                started = time.perf_counter()
                response = client.get(path, params=params)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{path} {params}: {response.status_code} {response.text[:300]}")
                times.append(elapsed)
            rows.append({"endpoint": name, "requests": requests, "p50_ms": statistics.median(times),
                         "p95_ms": _percentile(times, 0.95), "max_ms": max(times)})  # fmt: skip
    baseline = rows[0]["p50_ms"]
    for row in rows:
        row["p50_ratio"] = row["p50_ms"] / baseline if baseline else None
    return rows


def render(result: dict[str, Any]) -> str:
    lines = [
        f"store: {result['claims']:,} claims, {result['events']:,} events, {result['documents']:,} documents"
        + (f" ({result['multiplier']}× corpus, ingested in {result['ingest_s']:.0f} s)" if result.get("ingest_s") else ""),
        f"{result['machine']}; {result['requests']} requests an endpoint, one at a time",
        "",
        "| endpoint | p50 ms | p95 ms | max ms | p50 / baseline | p95 < 100 ms |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in result["rows"]:
        met = "yes" if row["p95_ms"] < TARGET_P95_MS else "no"
        lines.append(f"| {row['endpoint']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['max_ms']:.1f}"
                     f" | {row['p50_ratio']:.1f} | {met} |")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--multiplier", type=int, default=100, help="Corpus copies in the store (default 100).")
    parser.add_argument("--db", type=Path, help="Measure this store instead of building one.")
    parser.add_argument("--requests", type=int, default=200, help="Requests an endpoint (default 200).")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="One JSON line instead of the table.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hodo-bench-serve-") as tmp:
        ingest_s = None
        db = args.db
        if db is None:
            db, ingest_s = build_store(args.multiplier, Path(tmp))
        process, base = start_server(db)
        try:
            counts = httpx.get(base + V1).json()
            rows = measure(base, args.requests, args.seed)
        finally:
            process.terminate()
            process.wait(timeout=30)
    result = {
        "multiplier": None if args.db else args.multiplier,
        "ingest_s": ingest_s,
        "claims": counts["claims"],
        "events": counts["events"],
        "documents": counts["documents"],
        "requests": args.requests,
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "rows": rows,
    }
    print(json.dumps(result) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
