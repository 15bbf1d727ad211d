"""extract_markdown: markup off, text and line layout kept, front matter read."""

from __future__ import annotations

from hodo.ingest.markdown import extract_markdown


def test_inline_markup_is_removed_and_its_text_kept() -> None:
    source = "**ロシア**は*無人機*を[撃墜](https://example.jp)し、![写真](a.png)`HIMARS`を~~破壊~~した。"
    assert extract_markdown(source).text == "ロシアは無人機を撃墜し、写真HIMARSを破壊した。"


def test_headings_quotes_bullets_and_rules() -> None:
    source = "## 前線の概要 ##\n\n> 引用された発表。\n\n* 一つ目\n+ 二つ目\n- 三つ目\n\n***\n1. 番号付き"
    result = extract_markdown(source)
    assert result.text == "前線の概要\n\n引用された発表。\n\n- 一つ目\n- 二つ目\n- 三つ目\n\n1. 番号付き"
    assert result.title == "前線の概要"


def test_setext_heading_gives_the_title() -> None:
    result = extract_markdown("停戦交渉\n========\n\n本文。")
    assert (result.text, result.title) == ("停戦交渉\n\n本文。", "停戦交渉")


def test_hashtags_are_not_headings() -> None:
    assert extract_markdown("#ロシア(250605)\n本文。").text == "#ロシア(250605)\n本文。"


def test_code_fences_keep_their_content_untouched() -> None:
    assert extract_markdown("前\n```\n**そのまま**\n```\n後").text == "前\n**そのまま**\n後"


def test_tables_become_cell_lines() -> None:
    source = "| 州 | 人数 |\n|---|---:|\n| ハルキウ | 5 |"
    assert extract_markdown(source).text == "州 | 人数\nハルキウ | 5"


def test_front_matter_fields_and_comments() -> None:
    source = '---\ntitle: "見出し"\ndate: 2025-06-04\n---\n<!-- 下書きメモ -->\n本文。\r\n'
    result = extract_markdown(source)
    assert result.text == "本文。"
    assert result.title == "見出し"
    assert result.meta["date"] == "2025-06-04"
