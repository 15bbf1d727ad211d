"""``hodo recluster``, ``hodo rm`` and ``hodo reprocess``, and documents named by path or by file name."""

from __future__ import annotations

import json
from pathlib import Path

POST = (
    "2025年6月12日\n\n"
    "【特別軍事作戦の概要 露国防省】\n\n"
    "🔸 ウクライナ軍は過去24時間に980人以上の兵士を失った。\n\n"
    "🔸 ロシアの防空システムは過去24時間に無人機64機を撃墜した。\n"
)
CALL = "2025年6月11日\n\nマクロン大統領とゼレンスキー大統領が11日、電話で会談した。\n"


def _events(hodo) -> list[dict]:
    return [json.loads(line) for line in hodo("events", "-f", "jsonl").out.splitlines()]


def _claims(hodo, *args: str) -> list[dict]:
    return [json.loads(line) for line in hodo("claims", "-f", "jsonl", *args).out.splitlines()]


def _two_news(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a" / "news.txt", tmp_path / "b" / "news.txt"
    for path, text in ((a, POST), (b, CALL)):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    return a, b


def test_recluster_rebuilds_the_same_events(hodo, tmp_path):
    a, b = _two_news(tmp_path)
    assert hodo("-q", "ingest", str(a), str(b)).code == 0
    before = _events(hodo)
    result = hodo("recluster")
    assert result.code == 0, result.err
    assert result.err.strip() == f"{len(before)} events"
    assert _events(hodo) == before


def test_one_file_name_twice_is_two_documents_and_a_name_must_be_unambiguous(hodo, tmp_path):
    a, b = _two_news(tmp_path)
    assert hodo("-q", "ingest", str(a), str(b)).code == 0
    docs = json.loads(hodo("docs", "-f", "json").out)
    assert sorted((d["name"], d["doc_id"]) for d in docs) == [("news.txt", str(a)), ("news.txt", str(b))]
    ambiguous = hodo("show", "news.txt")
    assert ambiguous.code == 1 and "2 documents have that name" in ambiguous.err
    assert "ambiguous" not in hodo("show", str(a)).err and hodo("show", str(a)).code == 0
    only_a = _claims(hodo, "--doc", str(a))
    assert only_a and {c["doc"] for c in only_a} == {"news.txt"} and {c["doc_id"] for c in only_a} == {str(a)}
    assert hodo("claims", "--doc", "news.txt").code == 1


def test_rm_deletes_a_document_and_updates_the_events(hodo, tmp_path):
    a, b = _two_news(tmp_path)
    assert hodo("-q", "ingest", str(a), str(b)).code == 0
    result = hodo("rm", str(b))
    assert result.code == 0, result.err
    assert "1 document deleted" in result.err
    left = _claims(hodo)
    assert {c["doc_id"] for c in left} == {str(a)}
    assert sorted(i for e in _events(hodo) for i in e["claims"]) == sorted(c["claim_id"] for c in left)
    assert hodo("rm", str(b)).code == 1


def test_rm_by_an_unambiguous_file_name(hodo, tmp_path):
    post = tmp_path / "only.txt"
    post.write_text(POST, encoding="utf-8")
    assert hodo("-q", "ingest", str(post)).code == 0
    assert hodo("-q", "rm", "only.txt").code == 0
    assert json.loads(hodo("docs", "-f", "json").out) == []
    assert _events(hodo) == []


def test_reprocess_with_the_same_pack_changes_nothing(hodo, tmp_path):
    a, b = _two_news(tmp_path)
    assert hodo("-q", "ingest", str(a), str(b)).code == 0
    claims, events = _claims(hodo), _events(hodo)
    result = hodo("reprocess")
    assert result.code == 0, result.err
    assert "0 re-extracted, 2 unchanged, 0 failed" in result.err
    assert hodo("reprocess", str(a)).code == 0
    assert (_claims(hodo), _events(hodo)) == (claims, events)
    assert hodo("reprocess", "nothing.txt").code == 1


def test_stdin_with_an_id_and_without(hodo):
    assert hodo("-q", "ingest", "-", "--id", "notes/1", stdin=POST.encode()).code == 0
    assert hodo("-q", "ingest", "-", stdin=CALL.encode()).code == 0
    ids = sorted(d["doc_id"] for d in json.loads(hodo("docs", "-f", "json").out))
    assert ids[0] == "notes/1" and ids[1].startswith("stdin:")
    assert hodo("ingest", "--id", "x", "file.txt").code == 2
