"""Read-only connections, cursors, and the browsing views of schema version 4.

``filled_db`` runs a test on both backends; ``sqlite_db`` is for what only SQLite files have.
"""

from __future__ import annotations

import sqlite3

import pytest

from hodo.store import Store, StoreError
from hodo.store.claim_search import ClaimQuery, claim_page
from hodo.store.paging import Cursor, CursorError
from hodo.store.reader import open_reader, reading


@pytest.fixture
def sqlite_db(tmp_path, sample_records):
    docs, claims = sample_records
    with Store.open(tmp_path / "hodo.db") as store:
        for doc in docs:
            store.save_document(doc, [c for c in claims if c.doc == doc.doc_id])
    return tmp_path / "hodo.db"


def test_a_reader_cannot_write(sqlite_db) -> None:
    conn = open_reader(sqlite_db)
    try:
        assert conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 4
        with pytest.raises(sqlite3.OperationalError):
            conn.execute("DELETE FROM claims")
    finally:
        conn.close()
    with pytest.raises(StoreError, match="no such database"):
        open_reader(sqlite_db.parent / "missing.db")


def test_a_read_keeps_its_snapshot_while_a_writer_commits(filled_db, sample_records) -> None:
    docs, _ = sample_records
    with reading(filled_db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 4
        with Store.open(filled_db) as store:  # the writer is not blocked by the open read
            store.save_document(docs[0], [])
        assert conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 4
    with reading(filled_db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 1


def test_cursors_round_trip_and_refuse_strangers() -> None:
    cursor = Cursor("date", ("2025-06-04", "c#1"))
    assert Cursor.decode(cursor.encode(), "date", 2) == cursor
    with pytest.raises(CursorError, match="sort=date"):
        Cursor.decode(cursor.encode(), "doc", 2)
    for garbage in ("!!!", "e30", Cursor("date", ("x",)).encode()):
        with pytest.raises(CursorError):
            Cursor.decode(garbage, "date", 2)


def test_pages_split_the_claims_without_gaps(filled_db) -> None:
    with reading(filled_db) as conn:
        first = claim_page(conn, ClaimQuery(), limit=3)
        second = claim_page(conn, ClaimQuery(), cursor=first.next, limit=3)
        everything = claim_page(conn, ClaimQuery(), limit=10)
    assert first.total == second.total == 4
    assert [c["claim_id"] for c in first.items + second.items] == [c["claim_id"] for c in everything.items]
    assert second.next is None and everything.next is None


def test_the_browsing_views_flatten_places_and_figures(sqlite_db) -> None:
    with reading(sqlite_db) as conn:
        places = conn.execute("SELECT place_name, latitude, longitude FROM claim_places").fetchall()
        figures = conn.execute("SELECT item, value, approx FROM claim_figures ORDER BY value").fetchall()
        listed = conn.execute("SELECT claim_id, place_name, item, figures FROM claim_list ORDER BY claim_id").fetchall()
    assert [tuple(r) for r in places] == [("Sumy Oblast", 50.9, 34.8)]
    assert [tuple(r) for r in figures] == [("rockets", 3, 1), ("aircraft", 12, 0), ("drones", 55, 0), ("soldiers", 900, 0)]
    assert len(listed) == 4 and {r["figures"] for r in listed} == {0, 1, 2}
