"""Polarity, modality and opinion cues."""

from __future__ import annotations

import pytest

from hodo.extract.stance import is_opinion, modality, polarity, stance_cues
from hodo.packs import load_pack

CUES = stance_cues(load_pack())


@pytest.mark.parametrize(
    ("clause", "claim_type", "expected"),
    [
        ("国防省は村の占領を否定した。", "territorial_control", "denied"),
        ("報道官は「事実ではない」と述べた。", "territorial_control", "denied"),
        ("大統領は協議には参加しなかった。", "diplomacy", "denied"),
        ("領土に関する議論は無かったと明かした。", "diplomacy", "denied"),
        ("戦車は破壊されたのではなく、損傷しただけだ。", "equipment_losses", "denied"),
        ("軍は被害を確認していない。", "strike", "affirmed"),
        ("当局はコメントしていない。", "strike", "affirmed"),
        ("ロシアは停戦案を受け入れない考えを示した。", "agreement", "affirmed"),
        ("ロシア軍は村を解放した。", "territorial_control", "affirmed"),
    ],
)
def test_polarity(clause: str, claim_type: str, expected: str) -> None:
    states_stance = claim_type == "agreement"
    assert polarity(clause, states_stance, CUES) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("敵は2日間で1000人を失ったと噂されている。", "rumored"),
        ("爆撃機が破壊されたとみられる。", "estimated"),
        ("前線の村が制圧されたと報じられている。", "rumored"),
        ("橋が攻撃された可能性がある。", "estimated"),
        ("特使は来週モスクワを訪問する予定だ。", "planned"),
        ("ロシア軍は村を解放した。", "asserted"),
    ],
)
def test_modality(sentence: str, expected: str) -> None:
    assert modality(sentence, CUES) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("大統領はこの戦争から距離を置くべきだと私は考えています。", True),
        ("平和は間もなく訪れるだろう。", True),
        ("ロシア軍は村を解放した。", False),
    ],
)
def test_opinion(sentence: str, expected: bool) -> None:
    assert is_opinion(sentence, CUES) is expected
