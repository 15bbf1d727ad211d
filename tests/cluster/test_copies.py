"""Syndicated copies: one story on three sites is one original and two copies, and one outlet's word.

The corpus is our own: a drone-attack story as a wire's site, a portal and a
regional paper carry it (other headlines, ads, small edits), and an unrelated
story of the same day.
"""

from __future__ import annotations

import json
import random
from datetime import date

import pytest

from hodo.cluster import copies
from hodo.models import Document, Report, Sentence
from hodo.packs import load_pack
from hodo.pipeline import ingest
from hodo.store import Store
from hodo.store import copies as index
from hodo.store.queries import claims_by_id, select_events

WIRE = """ウクライナ空軍は6月5日、ロシア軍が前夜から無人機48機と巡航ミサイル3発で各地を攻撃したと発表した。
空軍によると、このうち無人機41機と巡航ミサイル2発を撃墜した。
東部ハルキウ州では集合住宅に無人機が落下し、住民3人がけがをした。
州知事は、消防隊が夜通し消火活動にあたったと説明した。
ロシア国防省は同じ日、ウクライナ軍の無人機23機をロシア西部の上空で迎撃したと主張している。"""

PORTAL = """【PR】今だけ送料無料 人気の防災グッズ特集
ウクライナ空軍は5日、ロシア軍が前夜から無人機48機と巡航ミサイル3発で各地を攻撃したと発表した。
空軍によると、このうち無人機41機と巡航ミサイル2発を撃墜したという。
東部ハルキウ州では集合住宅に無人機が落下し、住民3人が負傷した。
州知事は、消防隊が夜通し消火活動にあたったと説明した。
ロシア国防省は同日、ウクライナ軍の無人機23機をロシア西部の上空で迎撃したと主張している。
関連記事:キーウで停電続く 市民生活に影響
この記事を読んだ人はこんな記事も読んでいます"""

REGIONAL = """ウクライナ空軍は5日、ロシア軍が4日夜から無人機48機と巡航ミサイル3発で各地を攻撃したと発表した。
このうち無人機41機と巡航ミサイル2発を撃墜したという。
東部ハルキウ州では集合住宅に無人機が落下し、住民3人がけがをした。
州知事は、消防隊が夜通し消火活動にあたったと説明した。
一方、ロシア国防省は同じ日、ウクライナ軍の無人機23機をロシア西部上空で迎撃したと主張している。
広告 地元の新鮮な野菜を産地直送でお届けします"""

UNRELATED = """ロシアとウクライナは6月5日、それぞれ拘束していた兵士300人ずつを交換したと発表した。
捕虜交換は仲介国の協力で実現し、解放された兵士は家族と再会した。
ウクライナの大統領は、すべての捕虜が帰還するまで交渉を続けると述べた。"""

STORY = [
    ("https://kitaguni.example.jp/a/1", "北国通信", "ロシア軍が無人機で夜間攻撃", WIRE),
    ("https://portal.example.com/n/9", "ポータルニュース", "【速報】ウクライナ、無人機41機撃墜と発表", PORTAL),
    ("https://minato-shimpo.example.jp/x/3", "みなと新報", "無人機48機で攻撃 ハルキウで3人負傷", REGIONAL),
    ("https://kitaguni.example.jp/a/2", "北国通信", "捕虜300人ずつ交換", UNRELATED),
]


@pytest.fixture(scope="module")
def pack():
    return load_pack("russia_ukraine")


def _jsonl(tmp_path, rows) -> str:
    path = tmp_path / "story.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for url, source, title, text in rows:
            record = {"url": url, "source": source, "title": title, "date": "2025-06-05", "text": text}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return str(path)


def test_one_story_on_three_sites_is_one_original_two_copies_and_one_outlets_word(tmp_path, pack) -> None:
    original, portal, regional, unrelated = (row[0] for row in STORY)
    with Store.open(tmp_path / "c.db") as store:
        summary = ingest(store, [_jsonl(tmp_path, STORY)], pack)
        links = {doc: index.copy_link(store.conn, doc) for doc in (original, portal, regional, unrelated)}
        claims = claims_by_id(store.conn)
        events = select_events(store.conn)
    assert summary.line().startswith("4 new (2 copies)")
    assert links[original] is None and links[unrelated] is None
    assert links[portal].original == original and links[regional].original == original
    assert all(link.similarity >= copies.COPY_CONTAINMENT for link in (links[portal], links[regional]))
    # Every claim of a copy is marked, with the site that carried it.
    copied = [c for c in claims.values() if c.doc in (portal, regional)]
    assert copied and all(c.copy_of is not None and c.copy_of.doc == original for c in copied)
    assert {c.copy_of.site.name for c in copied} == {"ポータルニュース", "みなと新報"}
    assert all(c.copy_of is None for c in claims.values() if c.doc in (original, unrelated))
    story_events = [e for e in events if any(claims[i].doc == original for i in e.claims)]
    assert story_events
    for event in story_events:
        assert {o.name for o in event.outlets} == {"北国通信", "ポータルニュース", "みなと新報"}
        assert {o.name for o in event.copy_outlets} == {"ポータルニュース", "みなと新報"}
        assert event.corroboration.outlets == 1
        record = event.to_record()
        assert record["corroboration"]["outlets"] == 1 and len(record["copy_outlets"]) == 2
    # The copies' claims joined the original's events rather than founding their own.
    assert all(any(claims[i].doc == original for i in e.claims) for e in events if any(claims[i].doc == portal for i in e.claims))


def _copy_state(db) -> tuple[dict, list[dict], list[dict]]:
    with Store.open(db, readonly=True) as store:
        links = {d: index.copy_link(store.conn, d) for (d,) in store.conn.execute("SELECT doc_id FROM documents")}
        claims = sorted((c.to_record() for c in claims_by_id(store.conn).values()), key=lambda r: r["claim_id"])
        events = [e.to_record() for e in select_events(store.conn)]
    return links, claims, events


def test_which_document_is_the_original_does_not_depend_on_the_order_they_arrived_in(tmp_path, pack) -> None:
    # The copies come first, one call each: the original is still the one first in document order,
    # so links, marks and corroboration are those of one ingest of all three at once.
    (tmp_path / "all").mkdir()
    with Store.open(tmp_path / "all.db") as store:
        ingest(store, [_jsonl(tmp_path / "all", STORY)], pack)
    with Store.open(tmp_path / "reversed.db") as store:
        for n, row in enumerate(reversed(STORY)):
            (tmp_path / f"r{n}").mkdir()
            ingest(store, [_jsonl(tmp_path / f"r{n}", [row])], pack)
    forward, backward = _copy_state(tmp_path / "all.db"), _copy_state(tmp_path / "reversed.db")
    # The JSON Lines files differ, so do the documents' identities: compare by URL.
    strip = [{k: v for k, v in c.items() if k not in ("claim_id", "doc")} for c in forward[1]]
    assert sorted(strip, key=str) == sorted(
        ({k: v for k, v in c.items() if k not in ("claim_id", "doc")} for c in backward[1]), key=str
    )
    assert [e["corroboration"] for e in forward[2]] == [e["corroboration"] for e in backward[2]]
    assert sorted(str(v.original if v else None) for v in forward[0].values()) == sorted(
        str(v.original if v else None) for v in backward[0].values()
    )


def test_an_outlet_that_wrote_its_own_report_of_the_story_counts_as_a_second_outlet(tmp_path, pack) -> None:
    """The control: the same happening in words of its own is independent corroboration."""
    own_words = (
        "ロシアによる夜間の空襲について、ウクライナ空軍が5日に戦果をまとめた。"
        "撃ち落とされたのは無人機41機で、ほかに巡航ミサイル2発も迎え撃ったと空軍は説明している。"
        "ハルキウ州の知事は、被害を受けた建物の住人の避難を進めていると話した。"
    )
    rewritten = [
        ("https://a.example.jp/1", "甲新聞", "t", WIRE),
        ("https://b.example.jp/1", "乙新聞", "t", own_words),
    ]
    with Store.open(tmp_path / "c.db") as store:
        ingest(store, [_jsonl(tmp_path, rewritten)], pack)
        assert index.copy_link(store.conn, "https://b.example.jp/1") is None
        events = select_events(store.conn)
    assert any(e.corroboration.outlets == 2 for e in events)


def _daily(day: int, lost: int, drones: int, villages: int) -> str:
    return (
        f"【特別軍事作戦の概要 6月{day}日】\n"
        f"ロシア国防省は{day}日、ウクライナ軍が過去24時間に{lost}人以上の兵士を失ったと発表した。\n"
        f"防空部隊は過去24時間に無人機{drones}機を撃墜したという。\n"
        f"国防省によると、ロシア軍はドネツク州で{villages}つの集落を解放した。\n"
        "国防省は、作戦は計画通りに進んでいると強調した。"
    )


def test_the_next_days_report_in_the_same_template_is_not_a_copy(tmp_path, pack) -> None:
    rows = [
        ("https://daily.example.jp/0604", "国防省まとめ", "t", _daily(4, 1470, 109, 2)),
        ("https://daily.example.jp/0605", "国防省まとめ", "t", _daily(5, 1320, 87, 3)),
    ]
    with Store.open(tmp_path / "c.db") as store:
        summary = ingest(store, [_jsonl(tmp_path, rows)], pack)
        assert index.copy_link(store.conn, rows[1][0]) is None
        assert all(c.copy_of is None for c in claims_by_id(store.conn).values())
    assert summary.line().startswith("2 new, ")


def test_a_copy_with_a_sentence_of_other_figures_keeps_that_claim_independent(tmp_path, pack) -> None:
    edited = WIRE.replace("住民3人がけがをした", "住民5人がけがをした")
    rows = [STORY[0], ("https://portal.example.com/n/10", "ポータルニュース", "t", edited)]
    with Store.open(tmp_path / "c.db") as store:
        ingest(store, [_jsonl(tmp_path, rows)], pack)
        assert index.copy_link(store.conn, rows[1][0]).original == STORY[0][0]
        copied = [c for c in claims_by_id(store.conn).values() if c.doc == rows[1][0]]
    harm = [c for c in copied if "けが" in c.sentence]
    assert harm and all(c.copy_of is None for c in harm)
    assert any(c.copy_of is not None for c in copied if "けが" not in c.sentence)


def _document(doc_id: str, text: str, day: date | None = date(2025, 6, 5), wire: str | None = None) -> Document:
    from hodo.models import Outlet

    report = Report(index=0, start=0, end=len(text), style="article", outlet=Outlet(wire, wire) if wire else None)
    report.sentences = [Sentence(text, 0, len(text), 0)]
    return Document(doc_id=doc_id, content_hash=doc_id, source=doc_id, text=text, original=text, date=day,
                    reports=[report])


def test_the_signature_estimates_jaccard_similarity() -> None:
    a, b = copies.shingles(WIRE), copies.shingles(PORTAL)
    exact = len(a & b) / len(a | b)
    estimate = copies.similarity(copies.signature(a), copies.signature(b))
    assert abs(estimate - exact) < 0.12
    assert copies.similarity(copies.signature(a), copies.signature(copies.shingles(UNRELATED))) < 0.1
    assert copies.similarity(copies.signature(a), copies.signature(a)) == 1.0


def test_containment_reads_how_much_of_the_copy_the_original_holds() -> None:
    # A story of 100 shingles inside a page of 300: Jaccard 1/3, the story wholly contained.
    assert copies.containment(1 / 3, 100, 300) == pytest.approx(1.0)
    assert copies.containment(1 / 3, 300, 100) == pytest.approx(1 / 3)


def test_a_short_text_is_not_fingerprinted() -> None:
    assert copies.fingerprint(_document("d", "ロシア軍が攻撃した。")) is None


def test_a_copy_of_a_copy_is_traced_to_the_original(tmp_path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        first, second = _document("a", WIRE), _document("b", PORTAL)
        fp_first = copies.fingerprint(first)
        store.save_document(first, [], fingerprint=fp_first)
        fp_second = copies.fingerprint(second)
        match = copies.best_original(fp_second, index.candidates(store.conn, fp_second, "b"))
        store.save_document(second, [], fingerprint=fp_second, copy=match)
        third = _document("c", REGIONAL)
        fp_third = copies.fingerprint(third)
        found = index.candidates(store.conn, fp_third, "c")
        assert {c.doc_id for c in found} == {"a", "b"}
        assert copies.best_original(fp_third, found).original == "a"
        # A replaced document takes its index rows with it.
        store.save_document(_document("a", UNRELATED), [], fingerprint=copies.fingerprint(_document("a", UNRELATED)))
        assert {c.doc_id for c in index.candidates(store.conn, fp_third, "c")} == {"b"}


def test_a_rewrite_under_the_same_wire_byline_is_a_copy_and_without_it_is_not(tmp_path) -> None:
    # The regional paper keeps the wire's first paragraph and adds its own local angle.
    lead = WIRE.split("\n")[0] + "\n" + WIRE.split("\n")[1]
    rewrite = lead + "\n市内の避難所には朝までに約200人が身を寄せ、市は臨時の給水所を3カ所に設けた。\n" \
        "地元の学校は休校となり、市長は被害の調査を急ぐよう指示したと地元テレビが伝えた。"
    with Store.open(tmp_path / "c.db") as store:
        store.save_document(_document("wire", WIRE, wire="kyodo"), [], fingerprint=copies.fingerprint(
            _document("wire", WIRE, wire="kyodo")))
        with_byline = copies.fingerprint(_document("local", rewrite, day=date(2025, 6, 6), wire="kyodo"))
        without = copies.fingerprint(_document("local", rewrite, day=date(2025, 6, 6)))
        by_wire = copies.best_original(with_byline, index.candidates(store.conn, with_byline, "local"))
        by_text = copies.best_original(without, index.candidates(store.conn, without, "local"))
    assert by_wire is not None and by_wire.original == "wire" and by_wire.wire == "kyodo"
    assert copies.WIRE_CONTAINMENT <= by_wire.similarity < copies.COPY_CONTAINMENT
    assert by_text is None


def test_originals_are_found_by_index_not_by_comparing_every_stored_document(tmp_path) -> None:
    rng = random.Random(7)
    letters = [chr(c) for c in range(0x4E00, 0x4E00 + 2000)]
    with Store.open(tmp_path / "c.db") as store, store.transaction() as conn:
        for n in range(400):
            text = "".join(rng.choice(letters) for _ in range(300))
            found = copies.fingerprint(_document(f"d{n}", text))
            conn.execute(
                "INSERT INTO documents (doc_id, name, content_hash, source, encoding, original, text, ingested_at)"
                " VALUES (?, ?, ?, ?, 'utf-8', ?, ?, '')",
                (f"d{n}", f"d{n}", f"h{n}", "t", text, text),
            )
            index.write_fingerprint(conn, f"d{n}", found, None)
        conn.execute(
            "INSERT INTO documents (doc_id, name, content_hash, source, encoding, original, text, ingested_at)"
            " VALUES ('story', 'story', 'hs', 't', 'utf-8', ?, ?, '')",
            (WIRE, WIRE),
        )
        index.write_fingerprint(conn, "story", copies.fingerprint(_document("story", WIRE)), None)
        portal = copies.fingerprint(_document("portal", PORTAL))
        unrelated = copies.fingerprint(_document("other", UNRELATED))
        assert [c.doc_id for c in index.candidates(conn, portal, "portal")] == ["story"]
        assert index.candidates(conn, unrelated, "other") == []
        plan = " ".join(str(row[-1]) for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT fingerprint FROM fingerprint_keys WHERE key IN (1, 2)"))
        assert "USING INDEX fingerprint_keys_key" in plan or "USING COVERING INDEX fingerprint_keys_key" in plan
