"""Input metadata reaches the claims: the site name, a JSON Lines or front-matter source is the outlet."""

from __future__ import annotations

import json

import pytest

from hodo.packs import load_pack
from hodo.pipeline import ingest
from hodo.store import Store
from hodo.store.queries import select_claims

TEXT = "ウクライナ空軍は5日、ロシア軍の無人機41機を撃墜したと発表した。"
WIRE = "【キーウ共同】ウクライナ空軍は5日、ロシア軍の無人機41機を撃墜したと発表した。"


@pytest.fixture(scope="module")
def pack():
    return load_pack("russia_ukraine")


def outlets(tmp_path, pack, name: str, content: str) -> set[tuple[str, str] | None]:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with Store.open(tmp_path / "o.db") as store:
        ingest(store, [str(path)], pack)
        claims = [c for c in select_claims(store.conn)]
    assert claims
    return {(c.outlet.id, c.outlet.name) if c.outlet else None for c in claims}


def test_a_json_lines_source_links_to_the_pack(tmp_path, pack) -> None:
    line = json.dumps({"text": TEXT, "source": "NHK", "url": "https://example.org/n/1"}, ensure_ascii=False)
    assert outlets(tmp_path, pack, "a.jsonl", line + "\n") == {("nhk", "NHK")}


def test_a_json_lines_source_the_pack_does_not_know_is_an_outlet_of_its_own(tmp_path, pack) -> None:
    line = json.dumps({"text": TEXT, "source": "みなと新報"}, ensure_ascii=False)
    assert outlets(tmp_path, pack, "a.jsonl", line + "\n") == {("みなと新報", "みなと新報")}


@pytest.mark.parametrize("key", ["source", "outlet"])
def test_markdown_front_matter_names_the_outlet(tmp_path, pack, key) -> None:
    post = f"---\ntitle: 戦況\n{key}: 時事通信\n---\n\n{TEXT}\n"
    assert outlets(tmp_path, pack, "a.md", post) == {("jiji", "Jiji Press")}


def test_an_html_page_credits_its_site_name(tmp_path, pack) -> None:
    page = (
        "<!DOCTYPE html><html><head><meta property='og:site_name' content='北国通信'>"
        "<link rel='canonical' href='https://kitaguni.example.jp/a/1'></head>"
        f"<body><article><p>{TEXT}</p></article></body></html>"
    )
    assert outlets(tmp_path, pack, "a.html", page) == {("kitaguni.example.jp", "北国通信")}


def test_an_outlet_the_text_names_wins_over_the_metadata(tmp_path, pack) -> None:
    line = json.dumps({"text": WIRE, "source": "みなと新報"}, ensure_ascii=False)
    assert outlets(tmp_path, pack, "a.jsonl", line + "\n") == {("kyodo", "Kyodo News")}


def test_a_plain_text_file_has_no_outlet_but_what_its_text_names(tmp_path, pack) -> None:
    assert outlets(tmp_path, pack, "a.txt", TEXT + "\n") == {None}
