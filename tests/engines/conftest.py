"""A corpus of our own fixture reports, and what one process stores from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


def stored_contents(store: Store) -> tuple[list[dict], list[dict]]:
    return [c.to_record() for c in select_claims(store.conn)], [e.to_record() for e in select_events(store.conn)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return _corpus(tmp_path_factory.mktemp("engines") / "posts")


@pytest.fixture(scope="module")
def single(corpus, tmp_path_factory):
    with Store.open(tmp_path_factory.mktemp("single") / "hodo.db") as store:
        summary = ingest(store, [corpus], load_pack())
        return summary, stored_contents(store)


@pytest.fixture
def contents():
    """The store's claim and event records, to compare two runs."""
    return stored_contents
