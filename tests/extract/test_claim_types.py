"""Claim types from the pack's triggers, clause by clause."""

from __future__ import annotations

import itertools

import pytest

from hodo.extract.claim_types import Context, clauses, type_clauses, type_rules
from hodo.extract.numbers import find_quantities
from hodo.extract.reading import read_sentence
from hodo.packs import load_pack

PACK = load_pack()
RULES = type_rules(PACK)


def _types(sentence: str) -> list[str]:
    figures = [(q.start, q.end) for q in find_quantities(sentence, pack=PACK)]
    accept = read_sentence(sentence, PACK, figures=figures).accept
    return list(dict.fromkeys(c.type for c in type_clauses(sentence, RULES, Context(accept=accept))))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("防空部隊は夜間に無人機52機を撃墜した。", ["air_defense"]),
        ("敵の巡航ミサイル4発を迎撃した。", ["air_defense"]),
        ("ロシア軍はハルキウ州の2つの集落を制圧した。", ["territorial_control"]),
        ("ウクライナ軍は町を奪還したと発表した。", ["territorial_control"]),
        ("新興企業が市場の支配下に置かれた。", []),
        ("敵は過去24時間で最大900人の兵士を失った。", ["personnel_losses"]),
        ("攻撃で市民4人が死亡し、9人がけがをした。", ["strike", "civilian_harm"]),
        ("市民4人が死亡し、9人がけがをした。", ["civilian_harm"]),
        ("無人機による攻撃で住宅12棟が損傷した。", ["strike", "civilian_harm"]),
        ("ロシア軍は夜間、弾道ミサイル2発を発射した。", ["strike"]),
        ("両首脳は1時間にわたり電話会談を行った。", ["diplomacy"]),
        ("両国は捕虜交換で合意した。", ["agreement"]),
        ("政府は新たな軍事支援として5億ドルを拠出すると発表した。", ["aid_and_finance"]),
        ("国防省は兵力を20万人拡大すると発表した。", ["force_strength"]),
        ("損傷した戦闘機は8機で、このうち3機が破壊された。", ["equipment_losses"]),
    ],
)
def test_each_type_fires_on_its_triggers(sentence: str, expected: list[str]) -> None:
    assert sorted(_types(sentence)) == sorted(expected)


def test_a_named_place_satisfies_a_context_requirement() -> None:
    sentence = "ロシア軍はクピャンスクを制圧したと主張した。"
    assert _types(sentence) == []
    typed = type_clauses(sentence, RULES, Context(frozenset({"place"})))
    assert [c.type for c in typed] == ["territorial_control"]


def test_two_clauses_carry_two_types() -> None:
    sentence = "両国は5日にジュネーブで協議を行い、新たな捕虜交換で合意したものの、停戦では進展がなかった。"
    assert set(_types(sentence)) >= {"diplomacy", "agreement"}


def test_shoot_down_suppresses_the_attack_it_stopped() -> None:
    assert _types("敵の無人機による攻撃があり、全機を撃墜した。") == ["strike", "air_defense"] or set(
        _types("無人機の攻撃を撃墜した。")
    ) == {"air_defense"}


def test_no_trigger_no_type() -> None:
    assert _types("今日は晴れて暖かい一日だった。") == []


def test_excluded_context_blocks_a_type() -> None:
    assert "civilian_harm" not in _types("前線で兵士3人が死亡した。")


def test_clauses_cover_the_sentence() -> None:
    sentence = "会談を行い、合意に達し、声明を出した。"
    spans = clauses(sentence, RULES[0])
    assert spans[0][0] == 0 and spans[-1][1] == len(sentence)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))


def test_an_exclusion_covering_one_trigger_leaves_the_others() -> None:
    # 会談では is a setting, but 協議した in the same clause is still a meeting.
    assert _types("会談では、安全の保証についても協議した。") == ["diplomacy"]


def test_the_sentence_before_meets_a_requirement() -> None:
    sentence = "参謀本部は、制圧を否定した。"
    assert type_clauses(sentence, RULES) == []
    typed = type_clauses(sentence, RULES, Context(told_before=frozenset({"territorial_control"})))
    assert [c.type for c in typed] == ["territorial_control"]
