"""A trigger word asserts a happening only as its clause's predicate, not inside a modifier."""

from __future__ import annotations

import pytest

from hodo.extract.claim_types import Context, type_clauses, type_rules
from hodo.extract.numbers import find_quantities
from hodo.extract.predicates import Role, predicate_cues, skeleton, trigger_role
from hodo.extract.reading import read_sentence
from hodo.packs import load_pack

PACK = load_pack()
RULES = type_rules(PACK)
CUES = predicate_cues(PACK)


def _role(sentence: str, trigger: str, masked: list[str] = ()) -> Role:
    spans = [(sentence.index(name), sentence.index(name) + len(name)) for name in masked]
    figures = [(q.start, q.end) for q in find_quantities(sentence, pack=PACK)]
    end = sentence.index(trigger) + len(trigger)
    return trigger_role(skeleton(sentence, spans, figures, CUES.folds), end, len(sentence), CUES)


def _types(sentence: str) -> set[str]:
    figures = [(q.start, q.end) for q in find_quantities(sentence, pack=PACK)]
    reading = read_sentence(sentence, PACK, figures=figures)
    return {c.type for c in type_clauses(sentence, RULES, Context(accept=reading.accept, apart=reading.apart))}


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("砲兵部隊は夜明け前に集落を砲撃した。", "砲撃"),
        ("港湾施設に対して大規模な攻撃が行われた。", "攻撃"),
        ("前線の拠点がドローンの攻撃を受け、", "攻撃"),
        ("爆撃があったのは昨日の未明で、", "爆撃"),
        ("防空部隊が撃墜した無人機は40機に上った。", "撃墜"),
        ("会議が首都の官邸で始まった。", "会議"),
        ("大使館は攻撃への関与を否定した。", "攻撃"),
    ],
)
def test_a_trigger_that_the_clause_asserts_is_its_predicate(sentence: str, trigger: str) -> None:
    assert _role(sentence, trigger) is Role.PREDICATE


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        # a relative clause: the attack only tells which site
        ("首相は攻撃を受けた病院を訪れた。", "攻撃"),
        # a noun modifying another
        ("同盟国供与の装甲車が前線に着いた。", "供与"),
        # the meeting is a time reference
        ("外相は会談を前に記者団の質問に答えた。", "会談"),
        # a plan, not a happening
        ("両首脳は来月に会談を行う予定だ。", "会談"),
        ("敵は港への攻撃を計画している。", "攻撃"),
        # what the sentence is about
        ("報道官は攻撃について説明を避けた。", "攻撃"),
        # a count still being checked asserts none
        ("当局は死者数は依然確認中としている。", "死者"),
    ],
)
def test_a_trigger_inside_a_modifier_asserts_nothing(sentence: str, trigger: str) -> None:
    assert _role(sentence, trigger) is Role.MODIFIER


def test_masked_names_do_not_govern_a_predicate() -> None:
    sentence = "政府はこの爆撃を敵軍によるものと非難した。"
    assert _role(sentence, "爆撃", masked=["敵軍"]) is Role.PREDICATE
    assert _role("記者は爆撃を受けた港町を訪れた。", "爆撃", masked=["港町"]) is Role.MODIFIER


def test_readiness_is_an_intent() -> None:
    assert _role("政府は和平案を受け入れる用意があると述べた。", "受け入れ") is Role.INTENT
    assert _role("首相は支援を続ける考えを示した。", "続け") is Role.INTENT


def test_intent_is_a_claim_only_for_stance_types() -> None:
    assert "agreement" in _types("政府は和平案を受け入れる用意があると述べた。")
    assert "strike" not in _types("司令部は攻撃を続ける方針を示した。")


def test_a_figure_closing_the_phrase_is_a_count() -> None:
    assert _role("昨夜の爆撃による死者は12人だった。", "死者") is Role.PREDICATE


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("爆撃を受けた村を知事が視察した。", set()),
        ("首相は会談後に声明を読み上げた。", set()),
        ("友好国が供与した戦車で敵陣を攻撃した。", {"strike"}),
        ("敵の砲撃で住民2人が死亡し、5人がけがをした。", {"strike", "civilian_harm"}),
    ],
)
def test_only_predicates_type_a_sentence(sentence: str, expected: set[str]) -> None:
    assert _types(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "trigger", "role"),
    [
        # a condition asserts nothing
        ("首都への進軍を続ければ、部隊は壊滅すると警告した。", "進軍", Role.MODIFIER),
        # a plain non-past verb quoted tells what will happen
        ("司令官は、敵が港を攻撃すると警告した。", "攻撃", Role.INTENT),
        # the temporal と of a past narrative and "such as" are no future
        ("大統領に電話をすると、大統領はすぐに応じた。", "電話を", Role.PREDICATE),
        ("北部で住民が死亡するなど被害が広がった。", "死亡", Role.PREDICATE),
        # a figure counts a topic, not a noun's part
        ("ここは住民が避難するための拠点の一つだ。", "避難", Role.MODIFIER),
    ],
)
def test_conditions_futures_and_counts(sentence: str, trigger: str, role: Role) -> None:
    assert _role(sentence, trigger) is role


@pytest.mark.parametrize(
    ("sentence", "trigger", "masked", "role"),
    [
        # a phrase closing on のは before a figure states that count
        ("招集されるのは予備役およそ20万人だという。", "招集", [], Role.PREDICATE),
        # a figure quoted before an estimate ends the phrase there
        ("政府は敵の戦死者を4万人以上と推計した。", "戦死", [], Role.PREDICATE),
        # a topic trigger identified by a copula naming someone
        ("爆破は保安庁の特殊作戦だった。", "爆破", ["保安庁"], Role.PREDICATE),
        ("攻撃は許されない犯罪だ。", "攻撃", [], Role.MODIFIER),
        # a te-form run into the next clause ends the phrase
        ("兵士らは解放されて第三国に移送された。", "解放", [], Role.PREDICATE),
        # a light verb written with kana inside is one word
        ("敵は砲撃を繰り返した。", "砲撃", [], Role.PREDICATE),
        # a noun compounded onto the trigger is what the phrase is about
        ("両国は合意内容の見直しを求めた。", "合意", [], Role.MODIFIER),
        ("敵は夜明けに砲撃開始を命じた。", "砲撃", [], Role.MODIFIER),
    ],
)
def test_clefts_identifications_and_verb_forms(sentence: str, trigger: str, masked: list[str], role: Role) -> None:
    assert _role(sentence, trigger, masked=masked) is role


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        # a verb modifying a figure whose part is counted next tells both counts
        ("敵が発射した無人機50機のうち41機を撃ち落とした。", Role.PREDICATE),
        # one count, of what the part did: the verb only qualifies the whole
        ("敵が発射した無人機50機のうち、大半が山中に落ちた。", Role.MODIFIER),
    ],
)
def test_a_whole_counted_before_its_part(sentence: str, role: Role) -> None:
    assert _role(sentence, "発射") is role


def test_a_whole_counted_before_its_part_is_not_swallowed_by_the_part() -> None:
    # A shoot-down suppresses the attack it stopped, unless the attack is told with a count of its own.
    assert _types("敵が発射した無人機50機のうち41機を撃ち落とした。") == {"strike", "air_defense"}
    assert _types("敵の無人機41機を撃ち落とした。") == {"air_defense"}
