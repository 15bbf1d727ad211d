"""Segmentation of each report style into reports and sentences, and dating."""

from __future__ import annotations

from datetime import date

import pytest

from hodo.models import Document
from hodo.packs import load_pack
from hodo.segment import document_date, segment_document
from hodo.segment.layout import layout_for
from hodo.segment.sentences import split_sentences

PACK = load_pack()

POST = """https://example-blog.hatenablog.com

【特別軍事作戦 7月2日の概要 露国防省

❗️ ロシア軍はドネツク人民共和国のノボセリウカ村を解放した。

🔸 ウクライナ軍は過去24時間に1200人以上の兵士を失った。

プーチン大統領、トルコ大統領と電話会談】

🔸 両首脳は黒海の航行の安全について協議した。

ロシアのラブロフ外相は1日、モスクワで記者団に対し、新たな協議の日程は決まっていないと述べた。

ラブロフ外相は「対話の用意はある。だが条件は変わらない」と語った。

ウクライナのゼレンスキー大統領は1日、夜間の攻撃で市民3人が死亡したと明らかにしました。

  プーチン氏は交渉で領土の要求を取り下げるつもりはないと、欧州の当局者が述べた。

  当局者は匿名を条件に語った。

関連記事:ロシア、新たな攻勢を準備か

原題:Putin Is Not Backing Down, Officials Say(抜粋)

ロシアとの取引は順調だ。戦争は間もなく終わるだろう。

トランプ大統領のトゥルース・ソーシャルより

#ロシア(250702)

example-blog.hatenablog.jp
"""


def _segment(text: str, doc_date: date | None = None) -> Document:
    doc = Document(doc_id="post.txt", content_hash="x", source="post.txt", text=text, original=text, date=doc_date)
    return segment_document(doc, PACK)


def _sentences(doc: Document) -> list[str]:
    return [s.text for r in doc.reports for s in r.sentences if not s.is_heading]


def test_boilerplate_lines_are_not_sentences() -> None:
    texts = _sentences(_segment(POST))
    assert not any("http" in t or t.startswith("#") or "hatenablog" in t or "関連記事" in t for t in texts)


def test_headline_block_keeps_its_bullets_and_heading() -> None:
    doc = _segment(POST)
    first = doc.reports[0]
    assert first.heading is not None and "露国防省" in first.heading
    bullets = [s.text for s in first.sentences if s.is_bullet]
    assert bullets[0].startswith("❗️ ロシア軍は")
    assert any("1200人以上" in b for b in bullets)


def test_closing_bracket_heading_opens_a_new_report() -> None:
    doc = _segment(POST)
    second = doc.reports[1]
    assert second.heading is not None and "電話会談" in second.heading
    assert any("黒海" in s.text for s in second.sentences)


def test_bloomberg_block_ends_at_original_title() -> None:
    doc = _segment(POST)
    bloomberg = [r for r in doc.reports if r.style == "closed"]
    assert len(bloomberg) == 1
    texts = [s.text for s in bloomberg[0].sentences]
    assert any("欧州の当局者が述べた" in t for t in texts)
    assert any(t.startswith("原題") for t in [bloomberg[0].heading or ""])


def test_quoted_post_takes_its_attribution_line() -> None:
    doc = _segment(POST)
    quoted = [r for r in doc.reports if r.style == "quoted_post"]
    assert len(quoted) == 1
    assert quoted[0].attribution is not None and "トランプ" in quoted[0].attribution
    assert [s.text for s in quoted[0].sentences] == ["ロシアとの取引は順調だ。", "戦争は間もなく終わるだろう。"]


def test_register_switch_separates_two_outlets() -> None:
    doc = _segment(POST)
    plain = next(r for r in doc.reports if any("ラブロフ外相は1日" in s.text for s in r.sentences))
    polite = next(r for r in doc.reports if any("ゼレンスキー大統領は1日" in s.text for s in r.sentences))
    assert plain is not polite


def test_a_paragraph_cut_off_mid_sentence_switches_no_register() -> None:
    text = (
        "国防省は、敵の拠点を攻撃したと発表しました。\n\n"
        "そのうえで「作戦は計画どおりに進んでおり、民間施設は標的にしていない」として、"
        "各地で相次いだ火災は、敵の防空ミサイルが落下したことによるものだとして、今後も"
    )
    assert len(_segment(text).reports) == 1


def test_quotes_are_not_split() -> None:
    texts = _sentences(_segment(POST))
    assert "ラブロフ外相は「対話の用意はある。だが条件は変わらない」と語った。" in texts


def test_document_date_from_tag_and_report_date_from_heading() -> None:
    doc = _segment(POST)
    assert doc.date == date(2025, 7, 2)
    assert doc.reports[0].date == date(2025, 7, 2)


def test_report_heading_date_overrides_post_date() -> None:
    text = "【特別軍事作戦 6月4日の概要 露国防省\n\n🔸 ロシア軍は村を解放した。\n\n#ロシア(250605)\n"
    doc = _segment(text)
    assert doc.date == date(2025, 6, 5)
    assert doc.reports[0].date == date(2025, 6, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MOA 2022年12月21日 新たな一歩\n本文。", date(2022, 12, 21)),
        ("本文。\nPosted by b on December 21, 2022 at 17:25 UTC", date(2022, 12, 21)),
        ("日付のない本文。", None),
        # A title ending in a date tag, as Markdown leaves "# 戦況まとめ(250813)".
        ("戦況まとめ(250813)\n\n2025年8月1日に始まった攻勢。", date(2025, 8, 13)),
        # A number in brackets inside a line is no tag, nor is an impossible date.
        ("受付番号(250813)の件。\n本文。", None),
        ("整理番号(123456)\n本文。", None),
    ],
)
def test_document_date_forms(text: str, expected: date | None) -> None:
    assert document_date(text) == expected


def test_explicit_date_is_kept() -> None:
    doc = _segment("ロシア軍は村を解放した。", doc_date=date(2024, 1, 2))
    assert doc.date == date(2024, 1, 2)


def test_sentence_spans_index_the_text() -> None:
    doc = _segment(POST)
    for report in doc.reports:
        for sentence in report.sentences:
            assert doc.text[sentence.start : sentence.end] == sentence.text
            assert sentence.report == report.index


def test_split_sentences_closes_runaway_quotes() -> None:
    layout = layout_for(PACK)
    text = "彼は「終わらない引用。" + "あ" * 500 + "。次の文。"
    spans = list(split_sentences(text, 0, len(text), layout))
    assert text[spans[-1][0] : spans[-1][1]] == "次の文。"


def test_wire_dateline_opens_prose_and_names_the_outlet() -> None:
    text = "【モスクワ共同】ロシア国防省は２日、ウクライナ軍の無人機５０機を撃墜したと発表した。\n"
    doc = _segment(text)
    sentences = _sentences(doc)
    assert sentences == ["【モスクワ共同】ロシア国防省は２日、ウクライナ軍の無人機５０機を撃墜したと発表した。"]
    assert doc.reports[0].outlet is not None and doc.reports[0].outlet.id == "kyodo"


def test_outlets_from_layout_markers() -> None:
    doc = _segment(POST)
    by_style = {r.style: r.outlet.id if r.outlet else None for r in doc.reports}
    assert by_style["closed"] == "bloomberg"
    assert by_style["quoted_post"] == "truth_social"
    assert doc.reports[0].outlet is not None and doc.reports[0].outlet.id == "sputnik"


def test_bloggers_comment_line_is_a_report_of_its_own() -> None:
    text = "【概要 露国防省】\n\n🔸 ロシア軍は村を解放した。\n\n🐸また嘘ばかりだ。\n\n🔸 防空部隊は無人機10機を撃墜した。\n"
    doc = _segment(text)
    comment = [r for r in doc.reports if r.style == "comment"]
    assert [s.text for s in comment[0].sentences] == ["🐸また嘘ばかりだ。"]
    assert any("撃墜" in s.text for r in doc.reports if r.style != "comment" for s in r.sentences)


def test_a_first_line_without_a_full_stop_is_the_title_however_long() -> None:
    title = "港湾都市に夜間の無人機攻撃 住宅12棟が損壊し住民が避難 市当局は復旧作業を急ぐと表明(2024年5月1日)"
    doc = _segment(f"{title}\n\n市当局によると、無人機による攻撃で住宅12棟が損壊した。\n")
    assert doc.reports[0].sentences[0].is_heading
    assert doc.reports[0].sentences[0].text == title
    assert _sentences(doc) == ["市当局によると、無人機による攻撃で住宅12棟が損壊した。"]


def test_a_line_opening_like_prose_is_no_heading() -> None:
    doc = _segment("市当局によると、住宅12棟が損壊した。\n\n国連は、今月1日から昨日まで、民間人の死者は20人\n")
    assert "国連は、今月1日から昨日まで、民間人の死者は20人" in _sentences(doc)


@pytest.mark.parametrize("line", ["(参考記事:前線で何が起きているのか", "【関連】首都で停電続く", "この記事をニュースアプリで読む"])
def test_links_to_other_articles_are_not_sentences(line: str) -> None:
    doc = _segment(f"市当局によると、住宅12棟が損壊した。\n{line}\n知事は復旧を急ぐと述べた。\n")
    assert line not in _sentences(doc)
