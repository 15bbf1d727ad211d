"""Ingest with worker processes (``--workers``): the same store as a single-process run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hodo.engines import ProcessEngine, ingest_with
from hodo.engines.choice import ingest_on
from hodo.packs import load_pack
from hodo.pipeline import ingest
from hodo.store import Store
from hodo.store.queries import select_claims, select_events

# Our own fixture reports (figures vary per file so that each is a new document).
BULLETIN = (
    "【国防省の発表】\n\n"
    "ロシア国防省は{day}日、防空部隊が無人機{drones}機を撃墜したと発表した。\n\n"
    "ウクライナ軍は過去24時間に兵士{troops}人を失ったという。\n"
)
TALKS = (
    "2025年6月{day}日\n\n"
    "ウクライナのゼレンスキー大統領は{day}日、ドイツの首相と電話で会談したと明らかにした。"
    "ロシア側はキーウへの攻撃で民間人{dead}人が死亡したとの報道を否定した。\n"
)


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    # The first file is long, so that a worker finishes the later ones before it.
    long_text = "".join(BULLETIN.format(day=d % 28 + 1, drones=30 + d, troops=500 + d) for d in range(400))
    (folder / "a_long.txt").write_text(long_text, encoding="utf-8")
    for i in range(6):
        (folder / f"b{i}.txt").write_text(BULLETIN.format(day=i + 1, drones=40 + i, troops=700 + i), encoding="utf-8")
        (folder / f"c{i}.txt").write_text(TALKS.format(day=i + 10, dead=3 + i), encoding="utf-8")
    records = [{"text": TALKS.format(day=20 + i, dead=10 + i), "date": f"2025-06-{20 + i}"} for i in range(3)]
    (folder / "d.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    (folder / "e_empty.txt").write_bytes(b"")
    return folder


def _contents(store: Store) -> tuple[list[dict], list[dict]]:
    return [c.to_record() for c in select_claims(store.conn)], [e.to_record() for e in select_events(store.conn)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return _corpus(tmp_path_factory.mktemp("engines") / "posts")


@pytest.fixture(scope="module")
def single(corpus, tmp_path_factory):
    with Store.open(tmp_path_factory.mktemp("single") / "hodo.db") as store:
        summary = ingest(store, [corpus], load_pack())
        return summary, _contents(store)


def test_two_workers_store_the_claims_and_events_of_one_process(corpus, single, tmp_path):
    pack = load_pack()
    with Store.open(tmp_path / "hodo.db") as store, ProcessEngine(pack, 2) as engine:
        summary = ingest_with(engine, store, [corpus], pack)
        contents = _contents(store)
    expected_summary, expected = single
    assert contents == expected
    assert contents[0] and contents[1]
    assert [(o.name, o.status, o.claim_ids) for o in summary.outcomes] == [
        (o.name, o.status, o.claim_ids) for o in expected_summary.outcomes
    ]
    assert summary.events == expected_summary.events
    assert any(o.status == "failed" for o in summary.outcomes)  # the empty file, as in one process


def test_inputs_in_another_order_match_one_process_given_that_order(corpus, tmp_path):
    pack = load_pack()
    files = sorted(str(p) for p in corpus.iterdir())[::-1]
    with Store.open(tmp_path / "one.db") as store:
        ingest(store, files, pack)
        expected = _contents(store)
    with Store.open(tmp_path / "two.db") as store, ProcessEngine(pack, 2) as engine:
        ingest_with(engine, store, files, pack)
        assert _contents(store) == expected


def test_a_second_run_with_workers_changes_nothing_and_a_missing_file_costs_itself_only(corpus, single, tmp_path):
    pack = load_pack()
    with Store.open(tmp_path / "hodo.db") as store:
        ingest_on(store, [corpus], pack, workers=2)
        summary = ingest_on(store, [corpus, tmp_path / "missing.txt"], pack, workers=2)
        assert _contents(store) == single[1]
    assert summary.count("new") == 0
    assert summary.count("unchanged") == len(list(corpus.iterdir())) - 1 + 3 - 1
    failed = [o.name for o in summary.outcomes if o.status == "failed"]
    assert str(tmp_path / "missing.txt") in failed
