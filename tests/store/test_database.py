"""The store on real SQLite files (and, where marked, a real PostgreSQL database): idempotence,
replacement, transactions, migrations."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import date

import pytest

from hodo.pipeline import update_events
from hodo.store import BatchLost, Store, StoreError, resolve_db_path
from hodo.store.entity_search import EntityQuery, entity_page
from hodo.store.queries import (
    ClaimFilter,
    claims_by_id,
    list_documents,
    load_document,
    select_claims,
    select_events,
)
from hodo.store.schema import SCHEMA_VERSION, SchemaError, migrate, schema_version


def _counts(store: Store) -> dict[str, int]:
    tables = ("documents", "reports", "sentences", "claims", "claim_entities", "claim_text", "events", "event_claims")
    # PostgreSQL searches the claims themselves: it has no claim_text.
    tables = tuple(t for t in tables if t != "claim_text" or store.dialect.name == "sqlite")
    return {t: store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def _integrity_error(store: Store) -> type[Exception]:
    if store.dialect.name == "sqlite":
        return sqlite3.IntegrityError
    import psycopg

    return psycopg.IntegrityError


def _filled(location, sample_records) -> Store:
    store = Store.open(location)
    docs, claims = sample_records
    for doc in docs:
        store.save_document(doc, [c for c in claims if c.doc == doc.doc_id])
    return store


def test_open_sets_wal_foreign_keys_and_version(tmp_path):
    with Store.open(tmp_path / "sub" / "hodo.db", create=True) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert schema_version(store.conn) == SCHEMA_VERSION


def test_a_missing_folder_is_an_error_unless_created(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "typo" / "hodo.db")
    assert not (tmp_path / "typo").exists()
    with pytest.raises(StoreError, match="no such database"):
        Store.open(tmp_path / "absent.db", readonly=True)
    assert not (tmp_path / "absent.db").exists()


def test_a_store_the_user_cannot_write_opens_for_reading(tmp_path, sample_records):
    _filled(tmp_path / "hodo.db", sample_records).close()
    folder = tmp_path
    for path in folder.iterdir():
        path.chmod(0o444)
    folder.chmod(0o555)
    try:
        with Store.open(tmp_path / "hodo.db", readonly=True) as store:
            assert len(select_claims(store.conn)) == len(sample_records[1])
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                store.conn.execute("DELETE FROM claims")
    finally:
        folder.chmod(0o755)
        for path in folder.iterdir():
            path.chmod(0o644)


def test_db_path_option_beats_env_beats_default(tmp_path, monkeypatch):
    monkeypatch.setenv("HODO_DB", str(tmp_path / "env.db"))
    assert resolve_db_path(tmp_path / "opt.db") == tmp_path / "opt.db"
    assert resolve_db_path(None) == tmp_path / "env.db"
    monkeypatch.delenv("HODO_DB")
    assert resolve_db_path(None).name == "hodo.db"


def test_records_round_trip(db_location, sample_records):
    docs, claims = sample_records
    with _filled(db_location, sample_records) as store:
        stored = select_claims(store.conn)
        assert sorted(c.to_record()["claim_id"] for c in stored) == sorted(c.claim_id for c in claims)
        by_id = {c.claim_id: c.to_record() for c in claims}
        for claim in stored:
            assert claim.to_record() == by_id[claim.claim_id]
        doc = load_document(store.conn, "mod.txt")
        assert doc is not None
        assert doc.text == docs[0].text
        assert [s.text for s in doc.reports[0].sentences] == [s.text for s in docs[0].reports[0].sentences]
        summary = {d.doc_id: d for d in list_documents(store.conn)}
        assert (summary["mod.txt"].reports, summary["mod.txt"].sentences, summary["mod.txt"].claims) == (1, 3, 3)


def test_saving_the_same_document_again_changes_nothing(db_location, sample_records):
    docs, claims = sample_records
    with _filled(db_location, sample_records) as store:
        before = _counts(store)
        found = store.find_document(docs[0].doc_id)
        assert found is not None and found.content_hash == docs[0].content_hash
        store.save_document(docs[0], [c for c in claims if c.doc == "mod.txt"])
        assert _counts(store) == before


def test_new_content_under_the_same_id_replaces_the_old_version(db_location, sample_records, make_document, make_claim):
    with _filled(db_location, sample_records) as store:
        newer = make_document("mod.txt", "ウクライナ軍は過去24時間に1000人の兵士を失った。")
        replaced = store.save_document(newer, [make_claim(newer, 0, "personnel_losses")])
        assert replaced
        assert [c.sentence for c in select_claims(store.conn, ClaimFilter(doc="mod.txt"))] == [
            "ウクライナ軍は過去24時間に1000人の兵士を失った。"
        ]
        assert select_claims(store.conn, ClaimFilter(contains="撃墜")) == []
        assert _counts(store)["sentences"] == 2


def test_search_rows_follow_their_claims_through_vacuum_and_replacement(
    tmp_path, sample_records, make_document, make_claim
):
    with _filled(tmp_path / "hodo.db", sample_records) as store:
        # VACUUM may renumber rowids; the search rows are keyed by a number of our own.
        store.conn.execute("DELETE FROM documents WHERE doc_id = 'mod.txt'")
        store.conn.execute("VACUUM")
        again = make_document("mod.txt", "ウクライナ軍は無人機12機を撃墜した。")
        store.save_document(again, [make_claim(again, 0, "air_defense")])
        newer = make_document("mod.txt", "ロシア軍はハルキウを攻撃した。")
        store.save_document(newer, [make_claim(newer, 0, "strike")])
        counts = _counts(store)
        assert counts["claim_text"] == counts["claims"]
        assert select_claims(store.conn, ClaimFilter(contains="無人機12機")) == []
        assert [c.sentence for c in select_claims(store.conn, ClaimFilter(contains="ハルキウを"))] == [
            "ロシア軍はハルキウを攻撃した。"
        ]
        others = [c.claim_id for c in select_claims(store.conn) if c.doc != "mod.txt"]
        searchable = store.conn.execute("SELECT claim_id FROM claim_text").fetchall()
        assert sorted([*others, make_claim(newer, 0, "strike").claim_id]) == sorted(r[0] for r in searchable)


def test_a_failure_mid_document_stores_nothing_of_it(db_location, sample_records, make_document, make_claim):
    with _filled(db_location, sample_records) as store:
        before = _counts(store)
        bad = make_document("bad.txt", "一つ目の文。\n二つ目の文。")
        good = make_claim(bad, 0, "strike")
        # The second claim breaks the CHECK on claim types after rows were already written.
        broken = dataclasses.replace(make_claim(bad, 1, "strike"), type="opinion")
        with pytest.raises(_integrity_error(store)):
            store.save_document(bad, [good, broken])
        assert _counts(store) == before
        assert store.find_document("bad.txt") is None


def test_a_failed_replacement_keeps_the_old_version(db_location, sample_records, make_document, make_claim):
    with _filled(db_location, sample_records) as store:
        before = select_claims(store.conn, ClaimFilter(doc="mod.txt"))
        newer = make_document("mod.txt", "新しい文。")
        twice = make_claim(newer, 0, "strike")
        with pytest.raises(_integrity_error(store)):
            store.save_document(newer, [twice, twice])  # duplicate claim_id: PRIMARY KEY
        assert select_claims(store.conn, ClaimFilter(doc="mod.txt")) == before


def test_a_closed_connection_fails_loudly_and_the_file_keeps_its_data(tmp_path, sample_records, make_document):
    store = _filled(tmp_path / "hodo.db", sample_records)
    before = _counts(store)
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):
        store.save_document(make_document("late.txt", "遅い文。"), [])
    with Store.open(tmp_path / "hodo.db") as again:
        assert _counts(again) == before


def test_events_are_saved_and_lose_claims_of_replaced_documents(db_location, sample_records, make_document):
    _, claims = sample_records
    with _filled(db_location, sample_records) as store:
        assert update_events(store) == len(select_events(store.conn)) > 0
        placed = sorted(i for e in select_events(store.conn) for i in e.claims)
        assert placed == sorted(c.claim_id for c in claims)
        zelensky = claims[3].claim_id
        [his] = select_events(store.conn, ClaimFilter(claimant="ゼレンスキー大統領"))
        assert zelensky in his.claims
        assert select_events(store.conn, ClaimFilter(since=date(2025, 6, 5))) == []
        store.save_document(make_document("call.txt", "別の文。"), [])
        # The replaced document's claims left their events at once, with the store's rows.
        assert zelensky not in {i for e in select_events(store.conn) for i in e.claims}
        update_events(store)
        placed = sorted(i for e in select_events(store.conn) for i in e.claims)
        assert placed == sorted(c.claim_id for c in claims if c.doc == "mod.txt")
        assert set(claims_by_id(store.conn, placed)) == set(placed)


def test_opening_an_old_version_database_migrates_it(tmp_path, sample_records, make_document):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    assert migrate(conn, target=1) == 1
    _, claims = sample_records
    # A version-1 database has no full-text index: write rows the way that version did.
    conn.execute(
        "INSERT INTO documents VALUES ('mod.txt', 'h', 'src', NULL, NULL, NULL, 'utf-8', 'x', 'x', 'now')"
    )
    conn.execute(
        "INSERT INTO claims (claim_id, doc_id, type, polarity, sentence, span_start, span_end, record)"
        " VALUES (?, 'mod.txt', ?, 'affirmed', ?, 0, 1, ?)",
        (claims[1].claim_id, claims[1].type, claims[1].sentence, json.dumps(claims[1].to_record())),
    )
    conn.close()
    with Store.open(path) as store:
        assert schema_version(store.conn) == SCHEMA_VERSION
        assert [c.claim_id for c in select_claims(store.conn, ClaimFilter(contains="無人機"))] == [claims[1].claim_id]
        store.save_document(make_document("mod.txt", "新しい文。"), [])
        assert _counts(store)["claim_text"] == _counts(store)["claims"] == 0


# What migration 8 added, taken away again: the claim entity rows and indexes as version 7 had them.
_BACK_TO_V8 = [
    "DROP INDEX claim_entities_entity",
    "CREATE INDEX claim_entities_entity ON claim_entities(entity_id, name, role, kind, claim_id)",
]

_BACK_TO_V7 = [
    *_BACK_TO_V8,
    "DROP INDEX claim_entities_unlinked_name",
    "DROP INDEX claim_entities_role",
    "DROP INDEX claim_entities_unlinked",
    "DROP INDEX claim_entities_name",
    "DROP INDEX claim_entities_text",
    "ALTER TABLE claim_entities DROP COLUMN doc_id",
    "ALTER TABLE claim_entities DROP COLUMN span_start",
    "ALTER TABLE claim_entities DROP COLUMN text_row",
    "CREATE INDEX claim_entities_role ON claim_entities(role, entity_id, name, claim_id)",
    "CREATE INDEX claim_entities_unlinked ON claim_entities(role, text, claim_id) WHERE entity_id IS NULL",
    "CREATE INDEX claim_entities_name ON claim_entities(name)",
    "CREATE INDEX claim_entities_text ON claim_entities(text)",
]


def _filled_at_version(location, sample_records, version: int, undo: list[str]) -> None:
    """A store of the sample records, taken back to schema ``version`` by the statements ``undo``."""
    with _filled(location, sample_records) as store, store.transaction() as conn:
        for statement in undo:
            conn.execute(statement)
        if store.dialect.name == "sqlite":
            conn.execute(f"PRAGMA user_version = {version}")
        else:
            conn.execute(f"UPDATE hodo_schema SET version = {version}")


def test_migration_8_gives_stored_entity_rows_their_claims_place_in_document_order(db_location, sample_records):
    claims = sample_records[1]
    _filled_at_version(db_location, sample_records, 7, _BACK_TO_V7)
    with Store.open(db_location) as store:
        if store.dialect.name == "sqlite":
            assert schema_version(store.conn) == SCHEMA_VERSION
        else:
            assert store.conn.execute("SELECT version FROM hodo_schema").fetchone()[0] == SCHEMA_VERSION
        rows = store.conn.execute(
            "SELECT COUNT(*) FROM claim_entities ce JOIN claims c ON c.claim_id = ce.claim_id"
            " WHERE ce.doc_id = c.doc_id AND ce.span_start = c.span_start AND ce.text_row = c.text_row"
        ).fetchone()[0]
        assert rows == _counts(store)["claim_entities"] > 0
        mod_claims = [c.claim_id for c in claims if c.claimant and c.claimant.id == "ru.mod"]
        assert [c.claim_id for c in select_claims(store.conn, ClaimFilter(claimant="ru.mod", limit=2))] == mod_claims[:2]


def _index_columns(store: Store, index: str) -> list[str]:
    if store.dialect.name == "sqlite":
        return [row[2] for row in store.conn.execute(f"PRAGMA index_info({index})")]
    definition = store.conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = ?", (index,)).fetchone()[0]
    return [column.strip() for column in definition.rsplit("(", 1)[1].rstrip(")").split(",")]


def test_migration_9_ends_the_entity_index_in_the_claims_text_row(db_location, sample_records):
    _filled_at_version(db_location, sample_records, 8, _BACK_TO_V8)
    with Store.open(db_location) as store:
        assert _index_columns(store, "claim_entities_entity") == ["entity_id", "name", "role", "kind", "text_row"]
        page = entity_page(store.conn, EntityQuery(), limit=1000)
        counted = {
            (entity.id, entity.name if entity.id is None else None, role): n
            for entity in page.items
            for role, n in entity.roles.items()
        }
        by_claim = {
            (ident, None if ident else name, role): n
            for ident, name, role, n in store.conn.execute(
                "SELECT entity_id, MAX(name), role, COUNT(DISTINCT claim_id) FROM claim_entities"
                " GROUP BY entity_id, CASE WHEN entity_id IS NULL THEN name END, role"
            )
        }
        assert counted == by_claim
        claims = sample_records[1]
        assert counted["ru.mod", None, "claimant"] == sum(c.claimant is not None and c.claimant.id == "ru.mod" for c in claims) > 1


def test_a_database_from_a_newer_hodo_is_refused(tmp_path):
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)
    with pytest.raises(SchemaError):
        migrate(sqlite3.connect(path, isolation_level=None))


def test_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"junk\.db"):
        Store.open(path)


def _committed_documents(location) -> set[str]:
    """The documents another connection sees: what is committed."""
    with Store.open(location, readonly=True) as other:
        return {row[0] for row in other.conn.execute("SELECT doc_id FROM documents")}


def test_a_batch_commits_its_documents_together_and_rolls_back_a_failed_one_alone(
    db_location, make_document, make_claim
):
    with Store.open(db_location) as store:
        first = make_document("first.txt", "一つ目の文。")
        bad = make_document("bad.txt", "一つ目の文。\n二つ目の文。")
        broken = dataclasses.replace(make_claim(bad, 1, "strike"), type="opinion")
        last = make_document("last.txt", "最後の文。")
        with store.batch():
            store.save_document(first, [make_claim(first, 0, "strike")])
            with pytest.raises(_integrity_error(store)):
                store.save_document(bad, [make_claim(bad, 0, "strike"), broken])
            store.save_document(last, [make_claim(last, 0, "strike")])
            # Not committed yet: the batch commits its documents together.
            assert _committed_documents(db_location) == set()
        assert _committed_documents(db_location) == {"first.txt", "last.txt"}
        assert store.conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 2


def test_an_error_that_ends_a_batch_keeps_what_it_stored_before(db_location, make_document, make_claim):
    with Store.open(db_location) as store:
        doc = make_document("kept.txt", "残る文。")
        with pytest.raises(KeyboardInterrupt), store.batch():
            store.save_document(doc, [make_claim(doc, 0, "strike")])
            raise KeyboardInterrupt
        assert _committed_documents(db_location) == {"kept.txt"}


def test_clustering_inside_a_batch_commits_the_batch_first_and_holds_a_transaction_of_its_own(
    db_location, make_document, make_claim
):
    with Store.open(db_location) as store:
        doc = make_document("placed.txt", "ロシア軍はスムイ州の村を攻撃した。")
        with store.batch():
            store.save_document(doc, [make_claim(doc, 0, "strike")])
            update_events(store)
            assert _committed_documents(db_location) == {"placed.txt"}
            assert store.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 1


def test_a_batch_is_due_after_its_transactions_or_its_time(tmp_path, make_document):
    with Store.open(tmp_path / "hodo.db") as store:
        with store.batch(parts=2, seconds=3600) as batch:
            assert not batch.due()
            store.save_document(make_document("a.txt", "文。"), [])
            assert not batch.due()
            store.save_document(make_document("b.txt", "文。"), [])
            assert batch.due()
            store.flush()
            assert not batch.due() and _committed_documents(tmp_path / "hodo.db") == {"a.txt", "b.txt"}
        with store.batch(parts=100, seconds=0.0) as batch:
            store.save_document(make_document("c.txt", "文。"), [])
            assert batch.due()


def test_a_batch_that_cannot_commit_is_lost_loudly_naming_the_store(tmp_path, make_document):
    db = tmp_path / "hodo.db"
    with Store.open(db) as store:
        store.save_document(make_document("before.txt", "文。"), [])
        with pytest.raises(BatchLost, match=str(db)), store.batch():
            store.save_document(make_document("a.txt", "文。"), [])
            with store.transaction() as conn:
                # A row whose document does not exist, its check left to COMMIT.
                conn.execute("PRAGMA defer_foreign_keys = ON")
                conn.execute("INSERT INTO document_order (doc_id, order_key) VALUES ('ghost', 'ghost')")
        assert not store.conn.in_transaction
        assert _committed_documents(db) == {"before.txt"}
