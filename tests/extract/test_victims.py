"""Harm words are personnel losses for soldiers and civilian harm for civilians."""

from __future__ import annotations

from datetime import date

import pytest

from hodo.models import RawDocument
from hodo.packs import load_pack
from hodo.pipeline import analyse

PACK = load_pack()


def _types(text: str) -> list[str]:
    _doc, claims = analyse(RawDocument(doc_id="v.txt", text=text, source="v.txt", date=date(2024, 5, 2)), PACK)
    return [c.type for c in claims]


@pytest.mark.parametrize(
    ("text", "harm_type"),
    [
        ("司令部は、前線の陣地で敵兵120人が死亡したと発表した。", "personnel_losses"),
        ("国防省は、砲撃で軍人15人が負傷したと明らかにした。", "personnel_losses"),
        ("知事は、砲撃で住民4人が死亡したと述べた。", "civilian_harm"),
        # the attacking army named before the harm is not its victim
        ("北部の町で敵軍の砲撃により6人が死亡した。", "civilian_harm"),
    ],
)
def test_the_victims_before_a_harm_word_decide_its_type(text: str, harm_type: str) -> None:
    other = {"personnel_losses": "civilian_harm", "civilian_harm": "personnel_losses"}[harm_type]
    found = _types(text)
    assert harm_type in found and other not in found


def test_victims_named_later_in_the_sentence_type_an_unnamed_count() -> None:
    found = _types("村への砲撃で3人が死亡し、子ども2人を含む7人がけがをした。")
    assert "personnel_losses" not in found and "civilian_harm" in found


def test_an_unnamed_count_takes_the_victims_the_report_named_before() -> None:
    text = "参謀本部は、基地への攻撃で兵士40人が死亡したと発表した。別の情報筋は、死傷者は100人を超えたとしている。"
    assert _types(text).count("personnel_losses") == 2
    assert "civilian_harm" not in _types(text)
