"""Spelling keys for katakana names."""

from __future__ import annotations

import pytest

from hodo.link.kana import NO_FOLDS, folds_for, skeleton, variant_key
from hodo.packs import load_pack

FOLDS = folds_for(load_pack("russia_ukraine"))


@pytest.mark.parametrize(
    ("one", "other"),
    [("ゼレンスキー", "ゼレンスキイ"), ("ラブロフ", "ラヴロフ"), ("ショイグ", "ショイグー"), ("オデッサ", "オデーサ"),
     ("イェルマク", "イェルマーク"), ("ウォルツ", "ウオルツ"), ("ドミトリー・ペスコフ", "ドミトリーペスコフ"),
     ("ポクロウシク", "ポクロウスク"), ("クラマトルシク", "クラマトルスク")],
)
def test_variant_key_folds_spellings(one: str, other: str) -> None:
    assert variant_key(one, FOLDS) == variant_key(other, FOLDS)


def test_variant_key_keeps_different_names_apart() -> None:
    assert variant_key("キエフ", FOLDS) != variant_key("キーウ", FOLDS)


@pytest.mark.parametrize(
    ("katakana", "native"),
    [("コンドラトフカ", "Кондратівка"), ("レドコドゥブ", "Рідкодуб"), ("ハルキウ", "Харків"), ("オレクシーイウカ", "Олексіївка")],
)
def test_skeleton_matches_katakana_with_cyrillic(katakana: str, native: str) -> None:
    assert skeleton(katakana, FOLDS) == skeleton(native, FOLDS)


def test_the_slavic_folds_are_the_packs() -> None:
    """Without the Russia–Ukraine pack's folds, only the kana variants of Japanese fold."""
    assert variant_key("ゼレンスキー", NO_FOLDS) == variant_key("ゼレンスキイ", NO_FOLDS)
    assert variant_key("ポクロウシク", NO_FOLDS) != variant_key("ポクロウスク", NO_FOLDS)
    assert skeleton("ハルキウ", NO_FOLDS) != skeleton("Харків", NO_FOLDS)
