"""The pipeline driver on real files and a real store."""

from __future__ import annotations

from datetime import date

import pytest

from hodo.models import CLAIM_TYPES
from hodo.packs import load_pack
from hodo.pipeline import DocumentOutcome, IngestSummary, content_hash, ingest
from hodo.store import Store
from hodo.store.queries import ClaimFilter, list_documents, select_claims, select_events

POST = (
    "【特別軍事作戦の概要 露国防省】\n\n"
    "🔸 ウクライナ軍は過去24時間に760人以上の兵士を失った。\n\n"
    "🔸 ロシアの防空システムは過去24時間に無人機38機を撃墜した。\n\n"
    "#ロシア(250612)\n"
)
CALL = (
    "2025年6月12日\n\n"
    "フランスのマクロン大統領とウクライナのゼレンスキー大統領が11日、電話で会談しました。"
    "会談はおよそ30分間行われたということです。\n"
)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "hodo.db") as opened:
        yield opened


@pytest.fixture
def posts(tmp_path):
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "mod.txt").write_text(POST, encoding="utf-8")
    (folder / "call.txt").write_text(CALL, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_summary_line_names_every_count():
    summary = IngestSummary(
        [DocumentOutcome("a", "new", ["c1", "c2"]), DocumentOutcome("b", "unchanged"), DocumentOutcome("c", "failed")]
    )
    assert summary.line() == "1 new, 1 unchanged, 1 failed; 2 claims found"
    summary.outcomes.append(DocumentOutcome("d", "replaced", ["c3"]))
    assert summary.line() == "1 new, 1 replaced, 1 unchanged, 1 failed; 3 claims found"
    assert summary.failed


def test_content_hash_covers_the_date_the_text_is_read_under():
    from hodo.models import RawDocument

    raw = RawDocument("a.txt", POST, "a.txt")
    assert content_hash(raw) == content_hash(RawDocument("b.txt", POST, "b.txt"))
    assert content_hash(raw) != content_hash(raw, date(2025, 6, 1))


def test_ingest_a_folder_reports_each_input_and_stores_the_good_ones(store, posts):
    seen: list[tuple[str, str, int, int | None]] = []
    summary = ingest(store, [posts], load_pack(), progress=lambda o, done, total: seen.append((o.name, o.status, done, total)))
    # A document is known by its path (absolute here: tmp_path lies outside the working folder).
    assert [(name, status) for name, status, _, _ in seen] == [
        (str(posts / "call.txt"), "new"), (str(posts / "empty.txt"), "failed"), (str(posts / "mod.txt"), "new"),
    ]  # fmt: skip
    assert [(done, total) for _, _, done, total in seen] == [(1, 3), (2, 3), (3, 3)]
    assert summary.failed
    assert {(d.name, d.doc_id) for d in list_documents(store.conn)} == {
        ("call.txt", str(posts / "call.txt")), ("mod.txt", str(posts / "mod.txt")),
    }  # fmt: skip
    claims = select_claims(store.conn)
    assert summary.claims == len(claims) > 0
    assert all(c.type in CLAIM_TYPES for c in claims)
    events = select_events(store.conn)
    assert summary.events == len(events)
    assert {i for e in events for i in e.claims} <= {c.claim_id for c in claims}


def test_a_second_ingest_changes_nothing(store, posts):
    ingest(store, [posts], load_pack())
    before = ([c.to_record() for c in select_claims(store.conn)], [e.to_record() for e in select_events(store.conn)])
    summary = ingest(store, [posts], load_pack())
    assert (summary.count("new"), summary.count("unchanged"), summary.claims) == (0, 2, 0)
    after = ([c.to_record() for c in select_claims(store.conn)], [e.to_record() for e in select_events(store.conn)])
    assert after == before


def test_date_override_dates_the_document_and_re_extracts(store, posts):
    ingest(store, [posts / "call.txt"], load_pack())
    summary = ingest(store, [posts / "call.txt"], load_pack(), date_override=date(2024, 2, 3))
    assert summary.count("replaced") == 1
    [doc] = list_documents(store.conn)
    assert doc.date == date(2024, 2, 3)


def test_replacing_a_document_drops_its_old_claims_from_events(store, posts):
    ingest(store, [posts / "mod.txt"], load_pack())
    (posts / "mod.txt").write_text(CALL, encoding="utf-8")
    ingest(store, [posts / "mod.txt"], load_pack())
    ids = {c.claim_id for c in select_claims(store.conn, ClaimFilter(doc=str(posts / "mod.txt")))}
    assert ids
    assert sorted(i for event in select_events(store.conn) for i in event.claims) == sorted(ids)
