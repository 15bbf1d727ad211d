"""The pipeline driver on real files and a real store."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import hodo.pipeline as pipeline
from hodo.models import CLAIM_TYPES
from hodo.packs import load_pack
from hodo.pipeline import DocumentOutcome, IngestSummary, content_hash, ingest, remove_documents, reprocess
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


def test_two_files_with_one_name_are_two_documents_and_one_text_under_two_names_is_stored_twice(
    store, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
    Path("a/news.txt").write_text(POST, encoding="utf-8")
    Path("b/news.txt").write_text(CALL, encoding="utf-8")
    Path("c/copy.txt").write_text(POST, encoding="utf-8")
    summary = ingest(store, ["a/news.txt", "b/news.txt", str(tmp_path / "c" / "copy.txt")], load_pack())
    assert [(o.name, o.status) for o in summary.outcomes] == [
        ("a/news.txt", "new"), ("b/news.txt", "new"), ("c/copy.txt", "new"),
    ]  # fmt: skip
    claims = select_claims(store.conn)
    by_doc = {c.doc for c in claims}
    assert by_doc == {"a/news.txt", "b/news.txt", "c/copy.txt"}
    # The spec's record names the file; the identity rides along; ids never collide.
    records = [c.to_record() for c in claims]
    assert {(r["doc"], r["doc_id"]) for r in records} == {
        ("news.txt", "a/news.txt"), ("news.txt", "b/news.txt"), ("copy.txt", "c/copy.txt"),
    }  # fmt: skip
    assert len({c.claim_id for c in claims}) == len(claims)
    # The same text under its own two names: the copy's claims are its own.
    copies = [c for c in claims if c.doc == "c/copy.txt"]
    assert len(copies) == len([c for c in claims if c.doc == "a/news.txt"]) > 0
    assert sorted(i for e in select_events(store.conn) for i in e.claims) == sorted(c.claim_id for c in claims)
    again = ingest(store, ["./a/news.txt", str(tmp_path / "b" / "news.txt")], load_pack())
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]


def test_stdin_documents_are_keyed_by_their_text_unless_named(store):
    pack = load_pack()
    first = ingest(store, ["-"], pack, stdin=io.BytesIO(POST.encode()))
    second = ingest(store, ["-"], pack, stdin=io.BytesIO(CALL.encode()))
    same = ingest(store, ["-"], pack, stdin=io.BytesIO(POST.encode()))
    named = ingest(store, ["-"], pack, stdin=io.BytesIO(CALL.encode()), stdin_id="call-notes")
    assert [s.outcomes[0].status for s in (first, second, same, named)] == ["new", "new", "unchanged", "new"]
    ids = {d.doc_id for d in list_documents(store.conn)}
    assert len(ids) == 3 and "call-notes" in ids


def test_a_reader_that_raises_costs_its_input_only(store, tmp_path, monkeypatch):
    import hodo.ingest.html as html

    def broken(text: str):
        raise RuntimeError("extraction failed " + "x" * 5000)

    monkeypatch.setattr(html, "extract_html", broken)
    (tmp_path / "page.html").write_text("<html><body><p>本文。</p></body></html>", encoding="utf-8")
    (tmp_path / "post.txt").write_text(POST, encoding="utf-8")
    summary = ingest(store, [tmp_path / "page.html", tmp_path / "post.txt"], load_pack())
    assert [o.status for o in summary.outcomes] == ["failed", "new"]
    message = summary.outcomes[0].message
    assert message.startswith(f"{tmp_path / 'page.html'}: cannot be read: RuntimeError: extraction failed")
    assert len(message) <= 200
    assert len(list_documents(store.conn)) == 1


def test_a_sentence_whose_analysis_raises_loses_its_claims_only(store, tmp_path, monkeypatch):
    import hodo.extract.claims as extraction

    real = extraction.find_quantities

    def fragile(text: str, **kwargs):
        if "38機" in text:
            raise OverflowError("date value out of range")
        return real(text, **kwargs)

    monkeypatch.setattr(extraction, "find_quantities", fragile)
    (tmp_path / "mod.txt").write_text(POST, encoding="utf-8")
    summary = ingest(store, [tmp_path / "mod.txt"], load_pack())
    [outcome] = summary.outcomes
    assert outcome.status == "new"
    # The third line of the file holds the sentence that failed.
    assert outcome.warnings == [f"{tmp_path / 'mod.txt'}:5: sentence skipped: OverflowError: date value out of range"]
    sentences = {c.sentence for c in select_claims(store.conn)}
    assert any("760人" in s for s in sentences)
    assert not any("38機" in s for s in sentences)


def test_rm_deletes_a_document_and_its_place_in_events(store, posts):
    ingest(store, [posts], load_pack())
    mod = str(posts / "mod.txt")
    assert remove_documents(store, [mod]) == 1
    assert {d.doc_id for d in list_documents(store.conn)} == {str(posts / "call.txt")}
    members = sorted(i for e in select_events(store.conn) for i in e.claims)
    assert members == sorted(c.claim_id for c in select_claims(store.conn)) != []


def test_reprocess_re_extracts_and_resumes_where_it_stopped(store, posts, tmp_path, monkeypatch):
    pack = load_pack()
    ingest(store, [posts], pack)
    before = [c.to_record() for c in select_claims(store.conn)]
    # The same pack: nothing to do.
    summary = reprocess(store, pack)
    assert [o.status for o in summary.outcomes] == ["unchanged", "unchanged"]
    # A pack that differs (one more file): every document is analysed again, claims the same.
    extra = tmp_path / "pack"
    shutil.copytree(pack.folders[-1], extra)
    (extra / "notes.txt").write_text("a change\n", encoding="utf-8")
    changed = load_pack(str(extra))
    calls = []
    real = pipeline.analyse

    def interrupted(*args, **kwargs):
        calls.append(args[0].doc_id)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "analyse", interrupted)
    with pytest.raises(KeyboardInterrupt):
        reprocess(store, changed)
    monkeypatch.setattr(pipeline, "analyse", real)
    resumed = reprocess(store, changed)
    # The first document was done before the interruption: the resumed run skips it.
    assert [o.status for o in resumed.outcomes] == ["unchanged", "unchanged"]
    assert [c.to_record() for c in select_claims(store.conn)] == before
    assert {d.doc_id: store.find_document(d.doc_id).analysed_with for d in list_documents(store.conn)} == {
        d.doc_id: pipeline.pack_version(changed) for d in list_documents(store.conn)
    }


def test_events_do_not_depend_on_the_hash_seed_or_the_order_of_arrival(tmp_path, posts):
    more = tmp_path / "more"
    shutil.copytree(posts, more)
    (more / "empty.txt").unlink()
    for i in range(6):
        (more / f"extra{i}.txt").write_text(POST.replace("760", str(700 + i)) + CALL, encoding="utf-8")
    files = sorted(str(p) for p in more.iterdir())
    runs = []
    for seed, order in (("1", files), ("2", files[::-1]), ("3", files[2:] + files[:2])):
        db = tmp_path / f"seed{seed}.db"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "hodo", "-q", "--db", str(db), "ingest", *order], env=env, check=True)
        out = subprocess.run(
            [sys.executable, "-m", "hodo", "--db", str(db), "events", "-f", "jsonl"], env=env, check=True,
            capture_output=True, text=True,
        ).stdout
        runs.append(out)
    assert runs[0] == runs[1] == runs[2] != ""


def test_a_long_document_spilled_to_disk_is_stored_as_one_held_in_memory(tmp_path, posts, monkeypatch):
    results = []
    for spill in (10**9, 0):
        monkeypatch.setattr(pipeline, "SPILL_CHARS", spill)
        with Store.open(tmp_path / f"spill{spill}.db") as store:
            ingest(store, [posts], load_pack())
            results.append(([c.to_record() for c in select_claims(store.conn)], [e.to_record() for e in select_events(store.conn)]))
    assert results[0] == results[1]
    assert results[0][0]
