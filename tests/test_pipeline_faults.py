"""Faults on real processes and real SQLite files: kill -9 mid-ingest, concurrent ingests, concurrent creation.

Worker processes are forked from the test process once the pack is loaded, so
each costs milliseconds rather than an interpreter start-up; they are real
processes all the same, killed with SIGKILL and racing on one database file.
After every scenario the store must hold every claim of every stored document
in exactly one event, and those events must equal the ones an uninterrupted
single run makes of the same documents.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

import hodo.pipeline as pipeline
from hodo.packs import load_pack
from hodo.pipeline import ingest
from hodo.store import Store
from hodo.store.queries import clustering_status, list_documents, select_claims, select_events
from hodo.store.schema import SCHEMA_VERSION, schema_version

if not hasattr(os, "fork"):
    pytest.skip("the fault scenarios fork worker processes", allow_module_level=True)

FORK = multiprocessing.get_context("fork")

# Our own fixture sentences (not corpus text), with figures, places and days that vary.
SENTENCES = (
    "ロシア国防省は{d}日、ウクライナ軍が過去24時間に{n}0人以上の兵士を失ったと発表した。",
    "ロシアの防空システムは過去24時間に無人機{n}機を撃墜した。",
    "ウクライナ当局によると、{p}への攻撃で市民{k}人が死亡し、{n}人がけがをした。",
    "ゼレンスキー大統領は{d}日、{l}と電話で会談した。",
    "ウクライナ空軍は{d}日、ロシア軍の無人機{n}機のうち{k}機を撃墜したと発表した。",
    "ロシア軍は{p}州の集落を制圧したと発表した。",
)
PLACES = ("ハルキウ", "オデーサ", "ドニプロ", "スムイ", "ザポリージャ")
LEADERS = ("マクロン大統領", "トランプ大統領", "スターマー首相")
DOCUMENTS = 200
KILLS = 20


def _write_posts(folder: Path, count: int, seed: int = 0) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        month, day = 3 + i // 56, 1 + (i // 2) % 28
        lines = [f"2025年{month}月{day}日", ""]
        for _ in range(rng.randint(3, 5)):
            template = rng.choice(SENTENCES)
            lines.append(
                template.format(
                    d=day, n=rng.randint(2, 90), k=rng.randint(1, 9), p=rng.choice(PLACES), l=rng.choice(LEADERS)
                )
            )
        path = folder / f"post{i:03d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _events(db: Path) -> list[dict]:
    with Store.open(db, readonly=True) as store:
        return [e.to_record() for e in select_events(store.conn)]


def _check_complete(db: Path, reference: list[dict], documents: int) -> None:
    """Every claim of every stored document in exactly one event; the events of an uninterrupted run."""
    with Store.open(db, readonly=True) as store:
        assert len(list_documents(store.conn)) == documents
        claims = sorted(c.claim_id for c in select_claims(store.conn))
        members = sorted(i for e in select_events(store.conn) for i in e.claims)
        assert members == claims
        assert clustering_status(store.conn).current
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.conn.execute("PRAGMA foreign_key_check").fetchone() is None
    assert _events(db) == reference


@pytest.fixture(scope="module")
def pack():
    return load_pack()


@pytest.fixture(scope="module")
def posts(tmp_path_factory) -> list[Path]:
    return _write_posts(tmp_path_factory.mktemp("posts"), DOCUMENTS)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, posts, pack) -> list[dict]:
    """The events of one uninterrupted ingest of every post."""
    db = tmp_path_factory.mktemp("reference") / "hodo.db"
    with Store.open(db) as store:
        summary = ingest(store, posts, pack)
    assert summary.count("new") == DOCUMENTS and not summary.failed
    events = _events(db)
    assert len(events) > 20
    return events


def _ingest_in_child(db: Path, paths: list[Path], pack, batch: int, start=None) -> None:
    """The body of a worker process: wait for the start signal, ingest, exit 0 (1 on any failure)."""
    code = 1
    try:
        # Small clustering batches, so that a kill can land between two of them.
        pipeline.CLUSTER_BATCH = batch
        if start is not None:
            start.wait()
        with Store.open(db) as store:
            summary = ingest(store, paths, pack)
        code = 0 if not summary.failed and summary.cluster_problem is None else 1
    finally:
        os._exit(code)


def _state(db: Path) -> tuple[int, int, int]:
    """Documents stored, claims stored, claims placed in events: where a kill left the store."""
    if not db.exists():
        return 0, 0, 0
    with Store.open(db, readonly=True) as store:
        docs = store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        claims, placed = store.conn.execute("SELECT COUNT(*), COUNT(seq) FROM claims").fetchone()
    return docs, claims, placed


def _wait_for(done, worker, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while worker.is_alive() and time.perf_counter() < deadline:
        try:
            if done():
                return
        except Exception:  # the store may be half made at the first polls
            pass
        time.sleep(0.005)


def _run(db: Path, posts: list[Path], pack, batch: int = 40) -> int:
    worker = FORK.Process(target=_ingest_in_child, args=(db, posts, pack, batch))
    worker.start()
    worker.join()
    return worker.exitcode


def test_kill_9_at_random_points_then_one_more_run(tmp_path, posts, pack, reference):
    rng = random.Random(13)
    started = time.perf_counter()
    assert _run(tmp_path / "probe.db", posts, pack) == 0
    full = time.perf_counter() - started
    left: list[tuple[int, int, int]] = []
    for trial in range(KILLS):
        db = tmp_path / f"killed{trial}.db"
        worker = FORK.Process(target=_ingest_in_child, args=(db, posts, pack, 40))
        worker.start()
        if trial % 4 == 3:
            # Every fourth kill waits for the last document, to land while claims are being placed.
            _wait_for(lambda db=db: _state(db)[0] == DOCUMENTS, worker, timeout=full * 3)
            time.sleep(rng.uniform(0.0, full * 0.3))
        else:
            time.sleep(rng.uniform(0.0, full))
        os.kill(worker.pid, signal.SIGKILL)
        worker.join()
        left.append(_state(db))
        assert _run(db, posts, pack) == 0
        _check_complete(db, reference, DOCUMENTS)
    # The kills landed everywhere: before any document, between documents, and in clustering.
    assert any(docs < DOCUMENTS for docs, _, _ in left)
    assert any(docs == DOCUMENTS and placed < claims for docs, claims, placed in left)
    print("kill -9 left (documents, claims, placed):", left)


@pytest.mark.parametrize("processes", [2, 3])
def test_concurrent_ingests_end_with_every_claim_in_one_event(tmp_path, posts, pack, reference, processes):
    db = tmp_path / "shared.db"
    # Interleaved shares: each process's documents sort between the others', so clustering
    # has to rewind past what another process placed, again and again.
    shares = [posts[i::processes] for i in range(processes)]
    start = FORK.Event()
    workers = [FORK.Process(target=_ingest_in_child, args=(db, share, pack, 30, start)) for share in shares]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join()
    assert [w.exitcode for w in workers] == [0] * processes
    _check_complete(db, reference, DOCUMENTS)


def _open_in_child(db: Path, barrier) -> None:
    code = 1
    try:
        barrier.wait()
        with Store.open(db) as store:
            code = 0 if schema_version(store.conn) == SCHEMA_VERSION else 1
    finally:
        os._exit(code)


def test_concurrent_creation_of_a_new_store_never_fails(tmp_path):
    failures = []
    for trial in range(50):
        db = tmp_path / f"new{trial}.db"
        processes = 2 + trial % 2
        barrier = FORK.Barrier(processes)
        workers = [FORK.Process(target=_open_in_child, args=(db, barrier)) for _ in range(processes)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        failures += [trial for w in workers if w.exitcode != 0]
    assert failures == []
