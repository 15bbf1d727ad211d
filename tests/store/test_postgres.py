"""What only the PostgreSQL backend has, on a real server: its statement translation, its schema
beside SQLite's, the advisory locks under concurrent processes, read-only sessions, connection errors.

Text search runs on both backends here too, for the short needles SQLite's trigram index cannot find.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sqlite3
from pathlib import Path

import pytest

from hodo.packs import load_pack
from hodo.pipeline import ingest
from hodo.store import BatchLost, Store, StoreError
from hodo.store.queries import ClaimFilter, clustering_status, list_documents, select_claims, select_events
from hodo.store.schema import SCHEMA_VERSION

psycopg = pytest.importorskip("psycopg")

from hodo.store.postgres import close_pools, schema_version, translate  # noqa: E402

FORK = multiprocessing.get_context("fork") if hasattr(os, "fork") else None


def test_statements_are_translated_once_with_their_parameters_in_order():
    assert translate("SELECT a FROM t WHERE b = ? AND c LIKE ? ESCAPE '\\'") == (
        "SELECT a FROM t WHERE b = %s AND c ILIKE %s ESCAPE '\\'",
        (0, 1),
    )
    # ?N reuses a parameter; a bare ? after it takes the next number, as in SQLite.
    assert translate("x LIKE ?1 OR y LIKE ?1 OR z = ?") == ("x ILIKE %s OR y ILIKE %s OR z = %s", (0, 0, 1))
    assert translate("SELECT '50%?' || ?, 5 % 2") == ("SELECT '50%%?' || %s, 5 %% 2", (0,))
    assert translate("entity_id = ? COLLATE NOCASE") == ("entity_id = %s", (0,))


def _sqlite_columns(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    tables = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if not r[0].startswith("claim_text")
    ]
    found = {t: sorted(r[1] for r in conn.execute(f"PRAGMA table_info({t})")) for t in tables}
    conn.close()
    return found


def _pg_columns(url: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    with psycopg.connect(url) as conn:
        for table, column in conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'public' AND table_name IN"
            " (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')"
        ):
            # rowid is SQLite's own column; hodo_schema holds what SQLite's PRAGMA user_version does.
            if column != "rowid" and table != "hodo_schema":
                found.setdefault(table, []).append(column)
    return {t: sorted(c) for t, c in found.items()}


def test_both_backends_hold_the_same_tables_and_columns(tmp_path, pg_url):
    Store.open(tmp_path / "hodo.db").close()
    with Store.open(pg_url) as store:
        assert schema_version(store.conn) == SCHEMA_VERSION
    assert _pg_columns(pg_url) == _sqlite_columns(tmp_path / "hodo.db")


def _open_in_child(url: str, barrier) -> None:
    code = 1
    try:
        barrier.wait()
        with Store.open(url) as store:
            code = 0 if schema_version(store.conn) == SCHEMA_VERSION else 1
    finally:
        os._exit(code)


@pytest.mark.skipif(FORK is None, reason="forks worker processes")
def test_processes_creating_one_new_store_at_once_all_open_it(pg_url):
    close_pools()
    barrier = FORK.Barrier(4)
    workers = [FORK.Process(target=_open_in_child, args=(pg_url, barrier)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [w.exitcode for w in workers] == [0] * 4
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT version FROM hodo_schema").fetchall() == [(SCHEMA_VERSION,)]


def test_a_database_from_a_newer_hodo_is_refused(pg_url):
    Store.open(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE hodo_schema SET version = %s", (SCHEMA_VERSION + 1,))
    for readonly in (False, True):
        with pytest.raises(StoreError, match=r"newer|reads"):
            Store.open(pg_url, readonly=readonly)


def test_a_read_only_store_reads_and_cannot_write(pg_url, sample_records):
    with pytest.raises(StoreError, match="no hodo store"):
        Store.open(pg_url, readonly=True)
    docs, claims = sample_records
    with Store.open(pg_url) as store:
        for doc in docs:
            store.save_document(doc, [c for c in claims if c.doc == doc.doc_id])
    with Store.open(pg_url, readonly=True) as store:
        assert len(select_claims(store.conn)) == len(claims)
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            store.conn.execute("DELETE FROM claims")


def test_a_server_that_is_not_there_is_a_one_line_error_without_the_password():
    with __import__("socket").socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql://hodo:secret@127.0.0.1:{port}/hodo"
    with pytest.raises(StoreError) as caught:
        Store.open(url)
    message = str(caught.value)
    assert "\n" not in message and "secret" not in message
    assert message.startswith(f"postgresql://hodo:***@127.0.0.1:{port}/hodo: cannot connect")


def test_two_and_one_character_needles_are_found_on_both_backends(db_location, make_document, make_claim):
    doc = make_document("short.txt", "防空部隊は無人機を撃墜した。\nHIMARS launched at dawn.\n戦車が前進した。")
    claims = [make_claim(doc, 0, "air_defense"), make_claim(doc, 1, "strike"), make_claim(doc, 2, "strike")]
    with Store.open(db_location) as store:
        store.save_document(doc, claims)

        def found(needle: str) -> list[str]:
            return [c.claim_id for c in select_claims(store.conn, ClaimFilter(contains=needle))]

        assert found("撃墜") == [claims[0].claim_id]
        assert found("撃") == [claims[0].claim_id]
        assert found("無人機を撃墜") == [claims[0].claim_id]
        assert found("戦車") == [claims[2].claim_id]
        assert found("himars") == found("HIMARS") == [claims[1].claim_id]
        assert found("ms") == found("%") == found("撃退") == []
        if store.dialect.name == "sqlite":
            # Why short needles do not go through FTS5: a trigram MATCH of two characters finds nothing.
            rows = store.conn.execute("SELECT claim_id FROM claim_text WHERE claim_text MATCH '\"撃墜\"'").fetchall()
            assert rows == []


# Our own fixture sentences, with figures, places and days that vary.
SENTENCES = (
    "ロシア国防省は{d}日、ウクライナ軍が過去24時間に{n}0人以上の兵士を失ったと発表した。",
    "ロシアの防空システムは過去24時間に無人機{n}機を撃墜した。",
    "ウクライナ当局によると、{p}への攻撃で市民{k}人が死亡した。",
    "ロシア軍は{p}州の集落を制圧したと発表した。",
)
PLACES = ("ハルキウ", "オデーサ", "ドニプロ", "スムイ")
POSTS = 40


def _write_posts(folder: Path) -> list[Path]:
    rng = random.Random(7)
    paths = []
    for i in range(POSTS):
        day = 1 + i // 2
        lines = [f"2025年4月{day}日", ""]
        for _ in range(rng.randint(2, 4)):
            lines.append(rng.choice(SENTENCES).format(d=day, n=rng.randint(2, 90), k=rng.randint(1, 9), p=rng.choice(PLACES)))
        path = folder / f"post{i:03d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _ingest_in_child(url: str, paths: list[Path], pack, start) -> None:
    code = 1
    try:
        import hodo.pipeline as pipeline

        # Small clustering batches: the two processes take the event lock in turns, many times.
        pipeline.CLUSTER_BATCH = 10
        start.wait()
        with Store.open(url) as store:
            summary = ingest(store, paths, pack)
        code = 0 if not summary.failed and summary.cluster_problem is None else 1
    finally:
        os._exit(code)


def _events(location) -> list[dict]:
    with Store.open(location, readonly=True) as store:
        return [e.to_record() for e in select_events(store.conn)]


@pytest.mark.skipif(FORK is None, reason="forks worker processes")
def test_two_processes_ingesting_into_one_database_make_the_events_of_one_sequential_run(tmp_path, pg_url):
    posts = _write_posts(tmp_path)
    pack = load_pack()
    with Store.open(tmp_path / "sequential.db") as store:
        assert not ingest(store, posts, pack).failed
    reference = _events(tmp_path / "sequential.db")
    assert len(reference) > 5
    Store.open(pg_url).close()
    close_pools()
    start = FORK.Event()
    # Interleaved shares: each process's documents sort between the other's, so clustering rewinds.
    workers = [FORK.Process(target=_ingest_in_child, args=(pg_url, posts[i::2], pack, start)) for i in range(2)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join()
    assert [w.exitcode for w in workers] == [0, 0]
    with Store.open(pg_url, readonly=True) as store:
        assert len(list_documents(store.conn)) == POSTS
        claims = sorted(c.claim_id for c in select_claims(store.conn))
        assert sorted(i for e in select_events(store.conn) for i in e.claims) == claims
        assert clustering_status(store.conn).current
    assert _events(pg_url) == reference


def test_hodo_db_may_name_a_postgresql_database(pg_url, tmp_path, monkeypatch, capsys):
    from hodo.cli import run
    from hodo.store import resolve_db_path

    monkeypatch.setenv("HODO_DB", pg_url)
    assert resolve_db_path(None) == pg_url
    assert resolve_db_path("postgres://h/db") == "postgres://h/db"
    assert resolve_db_path(tmp_path / "x.db") == tmp_path / "x.db"
    post = tmp_path / "post.txt"
    post.write_text("2025年4月2日\n\nロシアの防空システムは過去24時間に無人機31機を撃墜した。\n", encoding="utf-8")
    assert run(["-q", "ingest", str(post)]) == 0
    capsys.readouterr()
    assert run(["claims", "--contains", "撃墜", "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and "31" in lines[0]
    with Store.open(pg_url, readonly=True) as store:
        assert [c.claim_id for c in select_claims(store.conn)] == [__import__("json").loads(lines[0])["claim_id"]]


def test_an_ingest_of_many_documents_leaves_the_planner_statistics_of_what_it_stored(pg_url, tmp_path, monkeypatch):
    import hodo.pipeline

    folder = tmp_path / "posts"
    folder.mkdir()
    for i in range(3):
        (folder / f"p{i}.txt").write_text(f"ロシア国防省は{i + 1}日、無人機{20 + i}機を撃墜したと発表した。\n", "utf-8")
    monkeypatch.setattr(hodo.pipeline, "STATISTICS_AFTER", 3)

    def analysed() -> int:
        with psycopg.connect(pg_url) as conn:
            row = conn.execute("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'claims'").fetchone()
            return row[0] if row else 0

    before = analysed()
    with Store.open(pg_url) as store:
        summary = ingest(store, [folder], load_pack())
    assert summary.count("new") == 3
    assert analysed() > before


def test_a_batch_whose_connection_breaks_is_lost_loudly_and_the_committed_documents_stay(pg_url, make_document):
    with Store.open(pg_url) as store:
        store.save_document(make_document("before.txt", "文。"), [])
        with pytest.raises(BatchLost, match="1 writes"), store.batch():
            store.save_document(make_document("a.txt", "文。"), [])
            with psycopg.connect(pg_url, autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", (store.conn.raw.info.backend_pid,))
            store.save_document(make_document("b.txt", "文。"), [])
    with Store.open(pg_url, readonly=True) as again:
        assert [r[0] for r in again.conn.execute("SELECT doc_id FROM documents")] == ["before.txt"]
