"""Spelling keys for katakana names."""

from __future__ import annotations

import pytest

from hodo.link.kana import skeleton, variant_key


@pytest.mark.parametrize(
    ("one", "other"),
    [("ゼレンスキー", "ゼレンスキイ"), ("ラブロフ", "ラヴロフ"), ("ショイグ", "ショイグー"), ("オデッサ", "オデーサ"),
     ("イェルマク", "イェルマーク"), ("ウォルツ", "ウオルツ"), ("ドミトリー・ペスコフ", "ドミトリーペスコフ"),
     ("ポクロウシク", "ポクロウスク"), ("クラマトルシク", "クラマトルスク")],
)
def test_variant_key_folds_spellings(one: str, other: str) -> None:
    assert variant_key(one) == variant_key(other)


def test_variant_key_keeps_different_names_apart() -> None:
    assert variant_key("キエフ") != variant_key("キーウ")


@pytest.mark.parametrize(
    ("katakana", "native"),
    [("コンドラトフカ", "Кондратівка"), ("レドコドゥブ", "Рідкодуб"), ("ハルキウ", "Харків"), ("オレクシーイウカ", "Олексіївка")],
)
def test_skeleton_matches_katakana_with_cyrillic(katakana: str, native: str) -> None:
    assert skeleton(katakana) == skeleton(native)
