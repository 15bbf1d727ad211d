"""normalize: the folding rules, and offsets that map every span back to the original."""

from __future__ import annotations

import random
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from hodo import normalize as normalize_module
from hodo.models import NormalizedText
from hodo.normalize import normalize


def test_clean_text_is_unchanged() -> None:
    text = "ロシア国防省は4日、ウクライナ軍が過去24時間に1470人以上の兵士を失ったと発表した。\n「ハイマース」【概要】"
    result = normalize(text)
    assert result.text == text
    assert list(result.offsets) == list(range(len(text)))


def test_full_width_letters_and_digits_become_ascii() -> None:
    assert normalize("ＮＡＴＯは１２０機（推定）").text == "NATOは120機(推定)"


def test_half_width_katakana_become_full_width_and_join_their_marks() -> None:
    result = normalize("ｳｸﾗｲﾅのﾄﾞﾛｰﾝとﾍﾟﾝ")
    assert result.text == "ウクライナのドローンとペン"
    # ﾄﾞ (two characters) became ド (one); the span of ド covers both.
    start = result.text.index("ド")
    assert result.original[slice(*result.to_original(start, start + 1))] == "ﾄﾞ"


def test_combining_sound_mark_joins_the_kana_before_it() -> None:
    assert normalize("か\u3099ら").text == "がら"


def test_stray_half_width_sound_mark_stays_a_visible_mark() -> None:
    assert normalize("A ﾞ").text == "A ゛"


def test_line_endings_become_lf() -> None:
    result = normalize("一行目\r\n二行目\r三行目\n")
    assert result.text == "一行目\n二行目\n三行目\n"
    first_break = result.text.index("\n")
    assert result.original[slice(*result.to_original(first_break, first_break + 1))] == "\r\n"


def test_odd_spaces_become_ascii_space() -> None:
    assert normalize("a\u00a0b\u3000c\u2009d\u202fe\tf").text == "a b c d e f"


def test_zero_width_and_soft_hyphen_are_removed() -> None:
    result = normalize("ゼレン\u200bスキー\u00ad大統領\ufeff\u200d")
    assert result.text == "ゼレンスキー大統領"
    # A removed character maps to the span before it (it ends where the next kept one starts).
    assert result.original[slice(*result.to_original(0, 6))] == "ゼレン\u200bスキー\u00ad"


def test_tildes_fold_to_one_form() -> None:
    assert normalize("3月8日〜14日、5～10機").text == "3月8日~14日、5~10機"


def test_minus_sign_folds_to_hyphen_minus() -> None:
    assert normalize("気温は\u22125度").text == "気温は-5度"


def test_japanese_punctuation_is_kept() -> None:
    text = "、。「」『』【】・ー々〇※…"
    assert normalize(text).text == text


def test_characters_nfkc_would_damage_are_kept() -> None:
    for text in ("①ロシア軍", "100km²", "続く…", "ℹ️ 情報", "½"):
        assert normalize(text).text == text


def test_expansions_point_at_their_source_character() -> None:
    result = normalize("㍻の㈱")
    assert result.text == "平成の(株)"
    assert list(result.offsets) == [0, 0, 1, 2, 2, 2]


def test_every_safe_character_normalizes_to_itself() -> None:
    # The fast path copies these untouched, so they must need no work at all.
    safe = re.compile(f"[{normalize_module._SAFE_CLASS}]")
    for code in range(0x10000):
        ch = chr(code)
        if safe.fullmatch(ch):
            assert normalize_module._fold_char(ch) == ch, hex(code)
            assert unicodedata.combining(ch) == 0, hex(code)


def test_random_spans_of_unfolded_text_round_trip() -> None:
    original = "ＡＢＣ通信によると、ｳｸﾗｲﾅ軍は\u3000１２０機の\u200bﾄﾞﾛｰﾝを撃墜。\r\n㍻①〜②\t終わり。" * 5
    result = normalize(original)
    rng = random.Random(7)
    for _ in range(500):
        start = rng.randrange(len(result.text))
        end = rng.randrange(start, len(result.text) + 1)
        span = result.text[start:end]
        orig_start, orig_end = result.to_original(start, end)
        source = result.original[orig_start:orig_end]
        if not _has_folded(result, start, end):
            assert normalize(source).text == span


def _has_folded(result: NormalizedText, start: int, end: int) -> bool:
    """Whether the span holds a character made from several (ﾄﾞ → ド) or one of several made from one (㍻ → 平成).

    Such a span may cut through the characters it came from, so it cannot map back exactly.
    """
    offsets = result.offsets
    return any(
        (k > 0 and offsets[k - 1] == offsets[k]) or (k + 1 < len(offsets) and offsets[k + 1] == offsets[k])
        for k in range(start, end)
    )


# Text built from pieces that exercise every rule, so hypothesis finds their edges.
_PIECES = st.sampled_from(
    [
        "ロシア",
        "軍",
        "は",
        "、",
        "。",
        "「",
        "」",
        "１",
        "２",
        "Ａ",
        "a",
        "1",
        " ",
        "\u3000",
        "\u00a0",
        "\t",
        "\r",
        "\n",
        "\r\n",
        "\u200b",
        "\u00ad",
        "〜",
        "～",
        "ｶ",
        "ﾞ",
        "ﾟ",
        "\u3099",
        "①",
        "㍻",
        "…",
        "e\u0301",
        "ℹ\ufe0f",
        "\x07",
        "－",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.characters()), max_size=40).map("".join))
def test_offsets_are_monotonic_in_range_and_normalizing_twice_changes_nothing(original: str) -> None:
    result = normalize(original)
    assert len(result.offsets) == len(result.text)
    assert list(result.offsets) == sorted(result.offsets)
    assert all(0 <= offset < len(original) for offset in result.offsets)
    assert normalize(result.text).text == result.text


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.data())
def test_spans_map_back_to_text_that_normalizes_the_same(original: str, data: st.DataObject) -> None:
    result = normalize(original)
    if not result.text:
        return
    start = data.draw(st.integers(0, len(result.text) - 1))
    end = data.draw(st.integers(start, len(result.text)))
    span = result.text[start:end]
    orig_start, orig_end = result.to_original(start, end)
    assert 0 <= orig_start <= orig_end <= len(original)
    if not _has_folded(result, start, end):
        assert normalize(original[orig_start:orig_end]).text == span
