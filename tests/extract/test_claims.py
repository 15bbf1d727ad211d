"""Claims from whole documents: attribution, stance, dates, places and values together."""

from __future__ import annotations

from datetime import date

import pytest

from hodo.cluster import cluster_claims
from hodo.models import Claim, RawDocument
from hodo.packs import load_pack
from hodo.pipeline import analyse

PACK = load_pack()


def _claims(text: str, doc_date: date | None = date(2025, 7, 2)) -> list[Claim]:
    _doc, claims = analyse(RawDocument(doc_id="t.txt", text=text, source="t.txt", date=doc_date), PACK)
    return claims


def _one(text: str, claim_type: str, doc_date: date | None = date(2025, 7, 2)) -> Claim:
    found = [c for c in _claims(text, doc_date) if c.type == claim_type]
    assert found, f"no {claim_type} claim in {text!r}"
    return found[0]


def _speaker(claim: Claim) -> str | None:
    return claim.claimant.id if claim.claimant else None


@pytest.mark.parametrize(
    ("text", "claim_type", "speaker"),
    [
        ("ロシア国防省は1日、ウクライナ軍の無人機42機を撃墜したと発表した。", "air_defense", "ru.mod"),
        ("ゼレンスキー大統領は、ロシア軍が夜間にミサイル12発を発射したと述べた。", "strike", "ua.zelensky"),
        ("ペスコフ報道官は、両国が捕虜交換で合意したことを明らかにした。", "agreement", "ru.peskov"),
        ("ウクライナ空軍によると、無人機80機のうち60機を撃墜した。", "air_defense", "ua.air_force"),
        ("トランプ大統領は、プーチン大統領と2時間にわたり電話会談を行ったとSNSに投稿した。", "diplomacy", "us.trump"),
        ("ウクライナ保安庁(SBU)は2日、クリミア橋を攻撃したと発表した。", "strike", "ua.sbu"),
        ("ラブロフ外相は、ウクライナ軍が国境の村を砲撃したと指摘した。", "strike", "ru.lavrov"),
        ("ロイター通信は米当局者の話として、ロシア軍機20機が損傷したと伝えた。", "equipment_losses", "us.officials"),
        ("「敵の無人機35機を撃墜した」とロシア国防省が発表した。", "air_defense", "ru.mod"),
        ("「停戦に合意した」とウシャコフ補佐官が明らかにした。", "agreement", "ru.ushakov"),
    ],
)
def test_speaker_from_the_sentence(text: str, claim_type: str, speaker: str) -> None:
    assert _speaker(_one(text, claim_type)) == speaker


def test_the_reporter_is_not_the_subject_of_the_reported_act() -> None:
    claim = _one("ゼレンスキー大統領は、ロシア軍がハルキウ州の村を制圧したと認めた。", "territorial_control")
    assert _speaker(claim) == "ua.zelensky"
    assert claim.actor is not None and claim.actor.id == "ru.armed_forces"


def test_heading_speaker_heads_the_bullets() -> None:
    text = "【特別軍事作戦 7月1日の概要 露国防省\n\n🔸 ウクライナ軍は過去24時間に1100人以上の兵士を失った。\n"
    claim = _one(text, "personnel_losses")
    assert _speaker(claim) == "ru.mod"
    assert claim.when is not None and (claim.when.start, claim.when.end) == (date(2025, 6, 30), date(2025, 7, 1))
    assert [(q.value, q.min, q.max) for q in claim.quantities] == [(1100, 1100, None)]


def test_heading_attribution_after_equals_sign() -> None:
    text = "【黒海の停戦で合意=ウシャコフ補佐官】\n\n🔸 両国は黒海での攻撃停止で合意した。\n"
    assert _speaker(_one(text, "agreement")) == "ru.ushakov"


def test_attribution_sentence_speaks_for_its_paragraph() -> None:
    text = "🔸 プーチン大統領は会談で捕虜交換の継続で一致した。露大統領府が発表した。\n"
    assert _speaker(_one(text, "agreement")) == "ru.kremlin"


def test_attribution_line_after_a_quoted_post() -> None:
    text = "本日、ウクライナ側と長時間の協議を行った。非常に良い協議だった。\n\nトランプ大統領のトゥルース・ソーシャルより\n"
    assert _speaker(_one(text, "diplomacy")) == "us.trump"


def test_speaker_carries_across_one_paragraph() -> None:
    text = "ラブロフ外相によると、ロシアは停戦案を拒否した。その後、ロシア軍は州内の2つの村を制圧した。\n"
    claims = _claims(text)
    assert {_speaker(c) for c in claims} == {"ru.lavrov"}


def test_speaker_does_not_carry_into_another_paragraph_of_an_article() -> None:
    text = "ラブロフ外相は、協議は有益だったと述べた。\n\nロシア軍はドネツク州の集落を制圧した。\n"
    assert _speaker(_one(text, "territorial_control")) is None


def test_unnamed_speech_takes_the_last_speaker() -> None:
    text = "トランプ大統領は、プーチン大統領との電話会談は良いものだったと述べた。\n\n電話会談は1時間に及んだという。\n"
    claim = next(c for c in _claims(text) if "1時間" in c.sentence)
    assert _speaker(claim) == "us.trump"
    assert [(q.value, q.unit) for q in claim.quantities] == [(1, "時間")]


def test_introducer_hands_the_next_paragraph_to_its_speaker() -> None:
    text = "ルカシェンコ大統領はこう言った。\n\n今日、ロシアから新しい防空システムを受け取った。\n"
    assert _speaker(_one(text, "aid_and_finance")) == "by.lukashenko"


@pytest.mark.parametrize(
    ("before", "introducer", "day"),
    [
        # Words handed over after a summit told two days earlier were said at it.
        ("30日、ミンスクで両国の首脳会談が行われた。\n\n", "ルカシェンコ大統領はこう言った。", date(2025, 6, 30)),
        # An introducer's own date wins.
        ("30日、ミンスクで両国の首脳会談が行われた。\n\n", "ルカシェンコ大統領は1日、こう言った。", date(2025, 7, 1)),
        # With no occasion told, today is the report's day.
        ("", "ルカシェンコ大統領はこう言った。", date(2025, 7, 2)),
        # A meeting of last month is background, not the day of these words.
        ("5月10日、ミンスクで両国の首脳会談が行われた。\n\n", "ルカシェンコ大統領はこう言った。", date(2025, 7, 2)),
    ],
)
def test_today_in_handed_over_words_is_the_day_they_were_said(before: str, introducer: str, day: date) -> None:
    text = f"{before}{introducer}\n\n今日、ロシアから新しい防空システムを受け取った。\n"
    claim = _one(text, "aid_and_finance")
    assert _speaker(claim) == "by.lukashenko"
    assert claim.when is not None and claim.when.start == day
    assert claim.stated == date(2025, 7, 2)


@pytest.mark.parametrize(
    ("text", "claim_type", "polarity"),
    [
        ("ロシア国防省は、ウクライナ軍が村を奪還したとの報道を否定した。", "territorial_control", "denied"),
        ("外相は、協議に参加しなかったと述べた。", "diplomacy", "denied"),
        ("ロシアは停戦案を受け入れないと表明した。", "agreement", "affirmed"),
        ("軍は拠点が攻撃を受けたことを確認していないと述べた。", "strike", "affirmed"),
    ],
)
def test_polarity_in_context(text: str, claim_type: str, polarity: str) -> None:
    assert _one(text, claim_type).polarity == polarity


def test_hedged_figures_are_rumored() -> None:
    claim = _one("敵軍は2日間で兵士1千名を失ったと噂されている。", "personnel_losses")
    assert claim.modality == "rumored"
    assert 1000 in {q.value for q in claim.quantities}


@pytest.mark.parametrize(
    "text",
    [
        "大統領はこの戦争から距離を置くべきだと私は考えています。",
        "戦争は間もなく終わるだろう。",
        "速報:大統領の電話会談が終了しました",
        "ロシアのプーチン大統領が明らかにした。",
        "2014年に締結された停戦合意は翌年に崩壊した。",
    ],
)
def test_not_claims(text: str) -> None:
    assert _claims(text) == []


def test_speech_date_is_not_when_for_a_reported_fact() -> None:
    claim = _one("ゼレンスキー大統領は4日、ロシア軍機41機に打撃を与えたと述べた。", "equipment_losses")
    assert claim.when is None
    assert claim.stated == date(2025, 7, 2)


def test_speech_date_is_when_for_a_speech_act() -> None:
    claim = _one("ゼレンスキー大統領は1日、30日間の停戦を提案した。", "agreement")
    assert claim.when is not None and claim.when.start == date(2025, 7, 1)
    assert 30 in {q.value for q in claim.quantities}


def test_a_date_in_the_content_dates_the_claim() -> None:
    text = "大統領は先月28日から今月1日にかけて州内で橋が相次いで爆破され、5人が死亡したと主張した。"
    claims = {c.type: c for c in _claims(text)}
    assert {"strike", "civilian_harm"} <= set(claims)
    when = claims["civilian_harm"].when
    assert when is not None and (when.start, when.end) == (date(2025, 6, 28), date(2025, 7, 1))


def test_places_are_linked_with_coordinates() -> None:
    claim = _one("ロシア軍はスムイ州のアンドリイウカ村を制圧したと発表した。", "territorial_control")
    names = {p.name for p in claim.places}
    assert "Sumy Oblast" in names
    sumy = next(p for p in claim.places if p.name == "Sumy Oblast")
    assert sumy.lat is not None and sumy.lon is not None


def test_claim_ids_are_stable_and_spans_index_the_text() -> None:
    text = "ロシア軍は夜間、弾道ミサイル2発と無人機40機で攻撃した。\n\n防空部隊は無人機35機を撃墜した。\n"
    first, second = _claims(text), _claims(text)
    assert [c.claim_id for c in first] == [c.claim_id for c in second]
    for claim in first:
        assert text[claim.span[0] : claim.span[1]] == claim.sentence


def test_original_span_maps_back_through_normalization() -> None:
    text = "ロシア軍は夜間、無人機１２０機で攻撃した。"
    claim = _one(text, "strike")
    start, end = claim.original_span or (0, 0)
    assert text[start:end] == "ロシア軍は夜間、無人機１２０機で攻撃した。"
    assert 120 in {q.value for q in claim.quantities}


def test_an_outlet_quoted_as_source_is_the_claims_outlet() -> None:
    claim = _one("タス通信によると、ロシア軍はハルキウ州の集落を制圧した。", "territorial_control")
    assert claim.outlet is not None and claim.outlet.id == "tass"


def test_a_denial_of_the_previous_report_is_a_denied_claim_of_its_type() -> None:
    text = (
        "ロシア国防省は、東部ドネツク州の集落を制圧したと発表した。"
        "ウクライナ軍参謀本部はこれを否定し、村は依然として支配下にあると述べた。"
    )
    claims = [c for c in _claims(text) if c.type == "territorial_control"]
    assert [(_speaker(c), c.polarity) for c in claims] == [("ru.mod", "affirmed"), ("ua.general_staff", "denied")]


def test_a_wire_dateline_is_not_the_place_of_the_claim() -> None:
    claim = _one("【ワシントン時事】米国防総省は14日、ウクライナへの追加軍事支援を行うと発表した。", "aid_and_finance")
    assert "Washington, D.C." not in {p.name for p in claim.places}
    assert claim.outlet is not None and claim.outlet.id == "jiji"


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("トランプ大統領はプーチン大統領と電話で会談した。", {"us.trump", "ru.putin"}),
        ("プーチン大統領とローマ教皇レオ14世が電話で会談した。", {"ru.putin", "va.leo_xiv"}),
        ("ロシアのプーチン大統領は4日、米国のトランプ大統領と電話会談を行った。", {"ru.putin", "us.trump"}),
        ("アメリカのトランプ大統領とロシアのプーチン大統領は4日、電話会談を行った。", {"us.trump", "ru.putin"}),
    ],
)
def test_meeting_parties(text: str, parties: set[str]) -> None:
    claim = _one(text, "diplomacy")
    assert {e.id for e in (claim.actor, claim.target) if e is not None} == parties


def test_a_body_named_without_its_country_takes_the_country_named_before() -> None:
    text = "ウクライナ軍は夜間の攻撃について発表した。\n\n空軍によると、防空部隊は無人機38機を撃墜した。\n"
    assert _speaker(_one(text, "air_defense")) == "ua.air_force"


@pytest.mark.parametrize(
    ("text", "claim_type", "actor", "target"),
    [
        ("外相は、ロシア軍が夜間に港湾施設を攻撃し、倉庫が破壊されたと述べた。", "strike", "ru.armed_forces", None),
        ("国防省は、ウクライナ軍が最大900人の兵士を失ったと主張した。", "personnel_losses", None, "ua.armed_forces"),
        ("タス通信によると、ロシア軍は2つの集落を掌握した。", "territorial_control", "ru.armed_forces", None),
    ],
)
def test_sides_of_fighting(text: str, claim_type: str, actor: str | None, target: str | None) -> None:
    claim = _one(text, claim_type)
    assert (claim.actor.id if claim.actor else None, claim.target.id if claim.target else None) == (actor, target)


def test_a_start_date_with_a_length_dates_the_whole_meeting() -> None:
    claim = _one("各国の国防相が集まる会議が1日から3日間の日程でパリで始まった。", "diplomacy")
    assert claim.when is not None and (claim.when.start, claim.when.end) == (date(2025, 7, 1), date(2025, 7, 3))


def test_a_country_with_de_wa_is_a_place_not_a_speaker() -> None:
    claim = _one("フランスでは各国の軍のトップを集めた会議が開かれたと発表された。", "diplomacy")
    assert claim.claimant is None or claim.claimant.id != "fr"
    assert "France" in {p.name for p in claim.places}


def test_a_loss_list_splits_people_from_equipment() -> None:
    claims = {c.type: c for c in _claims("ロシア国防省によると、敵の損失は最大で兵士900人、戦車4両、火砲6門だった。")}
    assert [(q.value, q.min, q.max) for q in claims["personnel_losses"].quantities] == [(900, None, 900)]
    assert [(q.value, q.unit) for q in claims["equipment_losses"].quantities] == [(4, "両"), (6, "門")]


def test_a_digest_title_tag_dates_its_reports() -> None:
    text = "戦況まとめ(250813)\n\n【ロイター】\n\nトランプ大統領は12日、プーチン大統領と電話会談を行ったとSNSに投稿した。\n"
    claim = _one(text, "diplomacy", doc_date=None)
    assert claim.when is not None and claim.when.start == date(2025, 8, 12)
    assert claim.stated == date(2025, 8, 13)


def test_the_same_day_is_the_day_named_before() -> None:
    text = (
        "ウクライナ空軍は1日、東部の拠点が攻撃を受けたと発表した。"
        "ロシア国防省は同日夜から2日未明にかけて無人機40機を撃墜したと主張した。\n"
    )
    claim = _one(text, "air_defense")
    assert claim.when is not None and (claim.when.start, claim.when.end) == (date(2025, 7, 1), date(2025, 7, 2))


@pytest.mark.parametrize("source", ["州知事代行", "米当局者ら"])
def test_a_source_noun_with_a_tail_still_speaks(source: str) -> None:
    text = f"ロシア国防省は無人機30機を撃墜したと発表した。\n\n{source}は、住民2人が負傷したと説明した。\n"
    claim = _one(text, "civilian_harm")
    assert claim.claimant is not None and claim.claimant.text == source


def test_same_place_words_take_the_place_named_before() -> None:
    text = (
        "ロシア軍は1日、東部ドネツク州のポクロウシクを攻撃した。"
        "ウクライナ側によると、同州では住民3人が死亡した。同方面では攻撃が40回あった。\n"
    )
    claims = _claims(text)
    harm = next(c for c in claims if c.type == "civilian_harm")
    assert [p.id for p in harm.places] == ["ua.donetsk_oblast"]
    later = [c for c in claims if c.type == "strike" and "同方面" in c.sentence]
    assert later and [p.name for p in later[0].places] == ["Pokrovsk"]


def test_a_heading_naming_a_source_heads_its_bullets_over_a_quoted_post_below() -> None:
    text = (
        "【ロシア国防省 7月2日の発表】\n🔸 ロシア軍はドネツク州の村を解放した。\n\n"
        "「冬に向けて防空を強化する」\nゼレンスキー大統領のテレグラムより\n"
    )
    assert _speaker(_one(text, "territorial_control")) == "ru.mod"


def test_an_outlet_reporting_a_speaker_is_the_outlet_not_the_claimant() -> None:
    claim = _one("ロイター通信によると、米国防総省は1日、ウクライナへの防空ミサイルの供与を決めたと明らかにした。",
                 "aid_and_finance")
    assert _speaker(claim) == "us.dod"
    assert claim.outlet is not None and claim.outlet.id == "reuters"
    bare = _one("ロイター通信によると、ロシア軍は無人機50機で攻撃した。", "strike")
    assert _speaker(bare) == "reuters"


def test_the_day_before_counts_from_the_day_named_last() -> None:
    claim = _one("ゼレンスキー大統領は1日夜、ロシアが前日にミサイル10発で攻撃したと投稿した。", "strike")
    assert claim.when is not None and claim.when.start == date(2025, 6, 30)


def test_a_part_of_the_happening_before_takes_its_dates() -> None:
    text = "ウクライナ空軍は、ロシア軍が30日夜から1日朝にかけて無人機200機で攻撃したと発表した。このうち180機を撃墜した。\n"
    claim = _one(text, "air_defense")
    assert claim.when is not None and (claim.when.start, claim.when.end) == (date(2025, 6, 30), date(2025, 7, 1))


def test_an_alleged_intent_is_no_claim_but_an_attack_told_with_its_aim_is() -> None:
    assert not [c for c in _claims("大統領は「敵は我々の送電網を破壊しようとしている」と非難した。")
                if c.type == "equipment_losses"]
    assert _one("補佐官は、ウクライナが橋への攻撃によって協議を妨害しようとしたと述べた。", "strike")


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("ロシアとウクライナは、捕虜の交換で合意したと発表した。", "捕虜交換"),
        ("ウクライナは、米国が提案した30日間の停戦を受け入れる用意があると表明した。", "停戦"),
        ("ロシアは、欧州部隊の駐留を受け入れない考えを示した。", "平和維持部隊"),
        ("大統領によると、司令官は夕方に電話してきて条件を受け入れた。", None),
        ("両首脳は、さまざまなレベルで接触を続けることで一致した。", None),
        # The deal the trigger names wins over a subject merely mentioned before it.
        ("米国とウクライナは停戦期間中に捕虜の交換を行う必要性で一致した。", "捕虜交換"),
        ("米国とウクライナは鉱物資源協定を早期に締結することで合意した。", "鉱物資源"),
    ],
)
def test_an_agreement_names_its_subject_when_it_has_one(text: str, subject: str | None) -> None:
    assert _one(text, "agreement").subjects[:1] == ([subject] if subject else [])


def test_the_subjects_are_kept_in_the_record() -> None:
    claim = _one("ロシアは、ウクライナが提案する停戦や首脳会談の開催には応じられないと述べた。", "agreement")
    record = claim.to_record()
    # A run of joined subjects is led by its first; the others are kept after it.
    assert record["subjects"] == ["停戦", "首脳会談"]
    assert Claim.from_record(record).subjects == ["停戦", "首脳会談"]
    plain = _one("ロシア軍はハルキウ州の集落を制圧した。", "territorial_control").to_record()
    assert "subjects" not in plain


def test_this_proposal_is_the_deal_the_report_named_before() -> None:
    text = (
        "米国はウクライナに30日間の停戦を提案した。"
        "ルビオ国務長官は協議の成果を強調した。"
        "ゼレンスキー大統領は、この提案を受け入れる用意があると述べた。"
    )
    claims = [c for c in _claims(text) if c.type == "agreement"]
    assert [c.subjects for c in claims] == [["停戦"], ["停戦"]]
    # Without a deal told before, "this proposal" names nothing.
    assert _one("ゼレンスキー大統領は、この提案を受け入れる用意があると述べた。", "agreement").subjects == []
    # "これを拒否した" points back to the deal its own sentence named.
    refused = _one("ウクライナ側は無条件の停戦を提案したが、ロシア側はこれを拒否した。", "agreement")
    assert refused.subjects == ["停戦"]


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("ロシア国防省は1日、東部ドネツク州の集落を制圧したと発表したが、ウクライナ軍はこれを否定した。",
         "ru.mod", "ua.armed_forces"),
        ("ウクライナ空軍は無人機50機を撃墜したと発表したが、ロシア国防省はこの発表を否定した。",
         "ua.air_force", "ru.mod"),
        ("ロシア国防省は村を解放したと主張しているが、ウクライナ軍参謀本部はこれを事実無根だとしている。",
         "ru.mod", "ua.general_staff"),
    ],
)
def test_a_claim_and_its_rebuttal_in_one_sentence_are_two_claims(text: str, first: str, second: str) -> None:
    claims = _claims(text)
    assert [(_speaker(c), c.polarity) for c in claims] == [(first, "affirmed"), (second, "denied")]
    assert claims[0].type == claims[1].type
    assert claims[0].claim_id != claims[1].claim_id


def test_a_turn_without_a_denial_is_no_rebuttal() -> None:
    claims = _claims("米国は支援を再開すると発表したが、その規模は明らかにしていない。")
    assert [(c.type, c.polarity) for c in claims] == [("aid_and_finance", "affirmed")]


def test_a_rebutted_claim_makes_a_contested_event() -> None:
    events = cluster_claims(_claims("ロシア国防省は1日、東部ドネツク州の集落を制圧したと発表したが、ウクライナ軍はこれを否定した。"))
    assert len(events) == 1 and events[0].contested


def test_after_a_turn_a_clause_with_its_own_topic_speaks_for_it() -> None:
    refused = _one("ウクライナ側は無条件の停戦を提案したが、ロシア側はこれを拒否した。", "agreement")
    assert (_speaker(refused), refused.actor and refused.actor.id) == ("ru", "ru")
    claims = _claims("ロシア軍はハルキウをミサイルで攻撃したが、ウクライナ空軍はミサイル5発を撃墜した。")
    sides = {c.type: c.actor.id if c.actor else None for c in claims}
    assert sides == {"strike": "ru.armed_forces", "air_defense": "ua.air_force"}


def test_the_holder_of_a_reported_stance_is_its_clause_topic_unless_quoted() -> None:
    reported = _one("ゼレンスキー大統領は4日、記者会見を開き、ロシアは停戦を拒否していると述べた。", "agreement")
    assert (_speaker(reported), reported.actor and reported.actor.id) == ("ua.zelensky", "ru")
    demanded = _one("スターマー英首相は「ロシアは今こそ停戦に同意しなければならない」と述べた。", "agreement")
    assert demanded.actor is not None and demanded.actor.id == "gb.starmer"


@pytest.mark.parametrize(
    ("text", "claim_type", "claimant"),
    [
        # a topic names its speaker, linked or not
        ("ウクライナの地元メディアは、敵軍が駅に砲弾3発を撃ち込んだと伝えた。", "strike", "ウクライナの地元メディア"),
        ("国営電力会社の幹部は、変電所が無人機の攻撃を受けたと述べた。", "strike", "国営電力会社の幹部"),
        # a topic inside the reported words does not speak
        ("ウクライナ国防省は声明で「ロシア軍は2日間で兵士300人を失った」と主張した。", "personnel_losses", "ua.mod"),
        # a name followed by an aside is still the phrase's speaker
        ("ウクライナ保安局(SBU)は、敵の補給拠点を攻撃したと発表した。", "strike", "ua.sbu"),
    ],
)
def test_the_topic_outside_quotes_speaks(text: str, claim_type: str, claimant: str) -> None:
    claim = _one(text, claim_type)
    assert claim.claimant is not None
    assert claimant in (claim.claimant.id, claim.claimant.text)


def test_a_topic_pointing_back_is_the_last_speaker() -> None:
    text = "ルビオ国務長官は記者団の質問に答えた。同氏は、ロシアが停戦案を拒否したと述べた。"
    assert _speaker(_one(text, "agreement")) == "us.rubio"


def test_a_topic_that_names_no_speaker_leaves_the_words_to_the_last_one() -> None:
    text = "ロシア国防省は、敵の無人機30機を撃墜したと発表した。別の10機は目標に到達しなかったという。"
    claims = [c for c in _claims(text) if c.type == "air_defense"]
    assert len(claims) == 2 and all(_speaker(c) == "ru.mod" for c in claims)


def test_a_subject_inside_a_relative_clause_speaks_for_nothing() -> None:
    text = "プーチン大統領は国民向けの演説で戦況について語った。そのうえで、ウクライナ側が提案する停戦には応じられないと強調した。"
    assert _speaker(_one(text, "agreement")) == "ru.putin"


def test_people_coming_home_in_a_prisoner_exchange_are_that_exchange() -> None:
    text = (
        "両国は5日、捕虜交換を実施したと発表した。"
        "ロシア国防省は軍人150人がウクライナ側から引き渡されたと発表した。"
        "ウクライナ政府は兵士140人と民間人3人が帰国したと明らかにした。"
    )
    claims = [c for c in _claims(text) if c.type == "agreement"]
    assert [_speaker(c) for c in claims[1:]] == ["ru.mod", "ua.government"]
    assert all(c.subjects[:1] == ["捕虜交換"] for c in claims)
    assert {q.value for c in claims[1:] for q in c.quantities} >= {150, 140, 3}


def test_a_return_without_an_exchange_is_no_agreement() -> None:
    assert not [c for c in _claims("避難していた住民200人が町に帰還した。") if c.type == "agreement"]
    assert not [c for c in _claims("捕虜交換の後、ロシア軍は村を解放した。") if c.type == "agreement"]


def test_a_photo_caption_is_no_claim() -> None:
    text = "両国は捕虜交換を実施した。写真は捕虜交換で帰国した兵士たち。\n"
    assert [c.sentence for c in _claims(text)] == ["両国は捕虜交換を実施した。"]


@pytest.mark.parametrize(
    ("text", "claim_type"),
    [
        ("市当局によると、学校2校と住宅40軒が破壊された。", "civilian_harm"),
        ("州知事は、病院の建物が損壊したと述べた。", "civilian_harm"),
        ("ロシア国防省は、敵の補給拠点が破壊されたと発表した。", "strike"),
    ],
)
def test_what_was_destroyed_decides_the_type(text: str, claim_type: str) -> None:
    types = {c.type for c in _claims(text)}
    assert claim_type in types
    assert ("strike" in types) == (claim_type == "strike")


def test_a_denial_closing_on_its_noun_is_a_denial() -> None:
    claim = _one("タス通信によると、ロシア国防省は、駅への攻撃への関与を否定。", "strike")
    assert claim.polarity == "denied"
    assert _speaker(claim) == "ru.mod"


def test_a_wire_dateline_heading_names_no_claimant() -> None:
    text = "首都に夜間の無人機攻撃\n[2日 ロイター]\n- 首都で2日未明、無人機による攻撃があり、住民3人が死亡した。\n"
    claims = _claims(text)
    assert claims and all(c.claimant is None or c.claimant.id != "reuters" for c in claims)


def test_a_denial_of_the_sentence_before_needs_no_trigger_of_its_own() -> None:
    text = "ウクライナ政府はこの砲撃を敵軍によるものと発表した。ロシア国防省はこれを否定した。"
    strikes = [c for c in _claims(text) if c.type == "strike"]
    assert [(c.polarity, _speaker(c)) for c in strikes] == [("affirmed", "ua.government"), ("denied", "ru.mod")]


def test_a_shoot_down_and_the_hits_that_got_through_are_two_claims() -> None:
    types = {c.type for c in _claims("ロシア国防省によると、防空部隊は迎撃したが3発が着弾した。")}
    assert types == {"air_defense", "strike"}


def test_a_press_source_passes_the_claim_to_the_speaker_it_quotes() -> None:
    claim = _one("地元メディアによると、州知事は、住宅が砲撃を受けたと述べた。", "strike")
    assert claim.claimant is not None and claim.claimant.text == "州知事"


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # the first part of a coordination speaks
        ("州の当局や知事などによりますと、住民5人が死亡しました。", "州の当局"),
        # a document stands for its author
        ("タス通信の試算によると、敵の兵士の損失は2万人を超えた。", "tass"),
        # a document a clause describes is its subject's
        ("軍の司令部が記者会見で発表した情報によると、敵の兵士の損失は3000人に上った。", "軍の司令部"),
    ],
)
def test_a_source_phrase_names_its_speaker(text: str, claimant: str) -> None:
    claim = _claims(text)[0]
    assert claim.claimant is not None
    assert claimant in (claim.claimant.id, claim.claimant.text)


def test_a_sentence_naming_the_source_of_the_one_before_speaks_for_it() -> None:
    text = "敵軍は今年に入って兵士5万人を失った。\nこれは、国防省の報告を引用したタス通信の推計によるものだ。\n"
    assert _speaker(_one(text, "personnel_losses")) == "tass"


def test_an_army_that_suffered_the_casualties_makes_them_its_losses() -> None:
    types = {c.type for c in _claims("国防省によると、敵軍は昨年1年間で10万人以上の死傷者を出した。")}
    assert types == {"personnel_losses"}


def test_a_speech_verb_is_no_meeting() -> None:
    types = {c.type for c in _claims("国防省は、敵軍が戦車5両を失ったと報告した。")}
    assert "diplomacy" not in types and "equipment_losses" in types


@pytest.mark.parametrize(
    "text", ["空軍によると、ミサイル20発が首都に飛来した。", "首相は、無人機10機が領空を侵犯したと述べた。"]
)
def test_incoming_munitions_are_a_strike(text: str) -> None:
    assert "strike" in {c.type for c in _claims(text)}


def test_an_attribution_line_closes_what_the_report_told_before_it() -> None:
    text = (
        "【モスクワ共同】両国の首脳は5日、電話会談を行った。\n"
        "両首脳は黒海での攻撃を停止することで合意した。\n"
        "両国政府が発表した。\n"
        "ただ、停戦の時期は決まっていない。\n"
    )
    claims = [c for c in _claims(text) if c.type in ("diplomacy", "agreement")]
    assert claims and all(c.claimant is not None and c.claimant.text == "両国政府" for c in claims)


def test_a_toll_stated_after_a_topic_comma_asserts_the_attack() -> None:
    types = {c.type for c in _claims("市当局によると、敵軍による5日のミサイル攻撃による死者は、12人となった。")}
    assert "strike" in types


@pytest.mark.parametrize(
    ("text", "claim_type"),
    [
        ("市当局によると、けが人も複数いるということです。", "civilian_harm"),
        ("敵国の大使は外務省に召喚された。", "diplomacy"),
    ],
)
def test_more_news_wordings(text: str, claim_type: str) -> None:
    assert claim_type in {c.type for c in _claims(text)}


def test_a_condition_naming_aid_is_no_aid_claim() -> None:
    text = "首相は「軍事支援と情報提供を停止することが条件になる」と強調した。"
    assert "aid_and_finance" not in {c.type for c in _claims(text)}


def test_a_coordinated_topic_closed_by_nado_speaks() -> None:
    text = "地元メディアや独立系メディアなどは、攻撃で数十人が死傷したとしている。"
    claim = _one(text, "strike")
    assert claim.claimant is not None and claim.claimant.text == "地元メディア"


def test_a_wire_dateline_does_not_date_the_happening() -> None:
    claim = _one("【7月2日 AFP】ロシア国防省は1日、敵の無人機20機を撃墜したと発表した。", "air_defense")
    assert claim.when is None or claim.when.start != date(2025, 7, 2)


def test_the_subject_of_a_modifying_clause_is_no_side() -> None:
    claim = _one("国防省は、同盟国が供与した砲で敵の兵士50人が死亡したと発表した。", "personnel_losses")
    assert claim.target is None or claim.target.id != "us"


@pytest.mark.parametrize(
    ("text", "claim_type"),
    [
        ("州当局によると、今回の砲撃による死傷者は出ていない。", "civilian_harm"),
        ("防空部隊は、敵の巡航ミサイルを撃墜できなかったと認めた。", "air_defense"),
        ("国防省は、敵軍が南部の町を奪還したとの情報は虚偽だとした。", "territorial_control"),
    ],
)
def test_a_negated_phrase_denies_its_happening(text: str, claim_type: str) -> None:
    assert _one(text, claim_type).polarity == "denied"


def test_a_negation_that_only_looks_so_is_no_denial() -> None:
    claim = _one("市当局によると、砲撃で住民2人が死亡しただけでなく、10人が負傷した。", "civilian_harm")
    assert claim.polarity == "affirmed"


def test_calling_the_claim_before_false_denies_it() -> None:
    text = "敵軍は、港湾施設への砲撃は相手側の自作自演だと主張した。\n相手国の外務省は「全くの事実無根だ」と反論した。\n"
    strikes = [c for c in _claims(text) if c.type == "strike"]
    assert [c.polarity for c in strikes] == ["affirmed", "denied"]


def test_a_polite_attribution_sentence_speaks_for_the_one_before() -> None:
    text = "首都で未明に無人機の攻撃があり、住民3人が死亡しました。\n市長がSNSで明らかにしました。\n"
    claim = _one(text, "civilian_harm")
    assert claim.claimant is not None and claim.claimant.text == "市長"


def test_what_an_attack_caused_asserts_the_attack() -> None:
    assert "strike" in {c.type for c in _claims("州当局は、無人機の攻撃を受けて製油所で火災が発生したと発表した。")}


def test_a_trigger_inside_a_name_asserts_nothing() -> None:
    types = {c.type for c in _claims("ロシアのショイグ安全保障会議書記は、敵の兵士の損失は5万人を超えたと述べた。")}
    assert types == {"personnel_losses"}


def test_a_rebuttal_after_a_turn_denies_the_first_part() -> None:
    text = "ロシア軍は南部の町を奪還したと発表したが、ウクライナ軍は市内で戦闘が続いていると反論した。"
    claims = [c for c in _claims(text) if c.type == "territorial_control"]
    assert sorted((c.polarity, _speaker(c)) for c in claims) == [
        ("affirmed", "ru.armed_forces"),
        ("denied", "ua.armed_forces"),
    ]


@pytest.mark.parametrize(
    ("text", "claim_type", "claimant"),
    [
        ("ウクライナの公共放送は、敵軍が未明に港湾施設を無人機で攻撃したと伝えています。", "strike", "ウクライナの公共放送"),
        ("ロシアの独立系メディア「ゾナ」は、ロシア兵の戦死者が5万人を超えたと報じた。", "personnel_losses", "ロシアの独立系メディア「ゾナ」"),
    ],
)
def test_the_press_by_its_kind_or_its_bracketed_name_speaks(text: str, claim_type: str, claimant: str) -> None:
    claim = _one(text, claim_type)
    assert claim.claimant is not None and claim.claimant.text == claimant


def test_a_withdrawal_denied_with_orazu_is_denied() -> None:
    text = "敵軍は東部の町を制圧したと発表した。軍の報道官は、部隊は町から撤退しておらず、防衛を続けていると述べた。"
    claims = [c for c in _claims(text) if c.type == "territorial_control"]
    assert [c.polarity for c in claims] == ["affirmed", "denied"]


def test_hearsay_passes_on_the_source_named_before() -> None:
    text = (
        "ロシア大統領府の発表によりますと、両首脳は18日に電話で会談しました。"
        "一方、プーチン氏は、エネルギー施設への攻撃を控えるという提案に同意したということです。"
    )
    claim = _one(text, "agreement")
    assert _speaker(claim) == "ru.kremlin"


def test_a_name_opening_a_relative_clause_is_no_speaker() -> None:
    text = (
        "ロシア大統領府によると、プーチン氏は協力の用意があると述べた。"
        "アメリカが提案した30日間の停戦案については、複数の問題点を指摘。"
        "一方、プーチン氏は、相手の提案に同意したということです。"
    )
    assert _speaker(_one(text, "agreement")) == "ru.kremlin"


def test_a_window_counts_from_the_day_it_was_said() -> None:
    claim = _one("参謀本部は21日、敵軍が過去24時間に120回の攻撃を行ったと発表した。", "strike", doc_date=date(2025, 7, 2))
    assert claim.when is not None and (claim.when.start, claim.when.end) == (date(2025, 6, 20), date(2025, 6, 21))


@pytest.mark.parametrize(
    ("text", "claim_type"),
    [
        ("ウクライナ軍は、南部の集落を奪い返したと発表した。", "territorial_control"),
        ("敵軍は東部の2つの村を確保したとしている。", "territorial_control"),
        ("州知事によると、砲撃で住民3人が行方不明になっている。", "civilian_harm"),
        ("両国の代表団はイスタンブールで直接交渉を行った。", "diplomacy"),
    ],
)
def test_more_happening_words(text: str, claim_type: str) -> None:
    assert claim_type in {c.type for c in _claims(text)}


def test_aid_is_told_by_its_holder() -> None:
    claim = _one("欧州連合(EU)は、ウクライナに500億ユーロの資金支援を行うことを決めた。", "aid_and_finance")
    assert claim.claimant is not None and claim.claimant.id == "eu"


def test_a_future_told_as_what_will_come_is_no_claim() -> None:
    assert _claims("ただ、停戦への道筋は不透明で、厳しい交渉が続くことになります。") == []


def test_the_day_of_an_announcement_is_not_the_day_it_happened() -> None:
    claim = _one("国防省は、敵の攻撃で軍人20人が死亡したと2日、発表しました。", "personnel_losses")
    assert claim.when is None


def test_a_turn_that_opposes_polarity_tells_two_claims() -> None:
    text = "国防省によると、軍は10日夜、敵の軍需工場を攻撃したものの、隣国の標的を対象としたものではなかった。"
    strikes = [c for c in _claims(text) if c.type == "strike"]
    assert sorted(c.polarity for c in strikes) == ["affirmed", "denied"]
    assert len({c.claim_id for c in strikes}) == 2


def test_a_turn_of_one_polarity_keeps_one_claim() -> None:
    text = "国防省によると、軍は10日夜、敵の軍需工場を攻撃したものの、発電所も攻撃した。"
    assert len([c for c in _claims(text) if c.type == "strike"]) == 1


def test_a_heading_naming_a_release_with_a_colon_heads_the_report() -> None:
    text = "ロシア大統領府の発表:\n\nプーチン大統領は、トルコのエルドアン大統領と電話会談を行った。\n"
    assert _speaker(_one(text, "diplomacy")) == "ru.kremlin"


def test_an_outright_denial_and_a_claim_of_one_type_are_two_claims() -> None:
    text = "国防省は病院への攻撃を否定し、軍事目標のみを攻撃したと主張した。"
    assert sorted(c.polarity for c in _claims(text) if c.type == "strike") == ["affirmed", "denied"]


def test_an_exchange_with_its_count_between_is_an_agreement() -> None:
    claim = _one("両国は25日、捕虜をそれぞれ150人ずつ交換した。", "agreement")
    assert 150 in {q.value for q in claim.quantities}


@pytest.mark.parametrize(
    "denial",
    [
        # the report names the happening in words of its own type...
        "これに対しロシア黒海艦隊は、燃料庫が破壊されたとの報道を否定した。",
        # ...or only in words of none: the happening told before
        "ロシア黒海艦隊は、燃料庫で火災が起きたとの報道を否定した。",
    ],
)
def test_a_denial_of_a_report_is_a_denied_claim_of_the_reported_happening(denial: str) -> None:
    text = "ウクライナ海軍は、クリミアの燃料庫を無人機で攻撃したと発表した。" + denial
    claims = [c for c in _claims(text) if c.type == "strike"]
    assert [(c.polarity, _speaker(c)) for c in claims] == [("affirmed", "ua.navy"), ("denied", "ru.black_sea_fleet")]
    (event,) = {e.event_id: e for e in cluster_claims(claims, pack=PACK)}.values()
    assert event.contested


def test_a_country_named_with_its_whole_ground_is_where_it_happened() -> None:
    claim = _one("ウクライナ空軍によると、ロシア軍は夜間に無人機70機でウクライナ全土を攻撃した。", "strike")
    assert [p.id for p in claim.places] == ["ua"]


@pytest.mark.parametrize(
    "denial",
    [
        "ロシア大統領府は攻撃への関与を否定した。",
        "ロシア大統領府は「我々は一切無関係だ」と述べた。",
        "ロシア側は関与していないと主張した。",
        # Denying the aim or the order disowns the deed as well.
        "ロシア大統領府は「駅を標的とする計画はなかった」と述べた。",
        "ロシア大統領府は、民間人を狙ったものではないと説明した。",
        "ロシア側は、部隊が攻撃を命じられていないと主張した。",
    ],
)
def test_a_denial_of_involvement_denies_the_deed_told_before(denial: str) -> None:
    text = "ハルキウ州の鉄道駅が7日、ミサイル攻撃を受けた。" + denial
    claims = _claims(text)
    assert [(c.type, c.polarity) for c in claims] == [("strike", "affirmed"), ("strike", "denied")]
    assert claims[1].claimant is not None and claims[1].claimant.text.startswith("ロシア")


def test_an_intent_disowned_for_the_future_denies_no_deed() -> None:
    text = "ハルキウ州の鉄道駅が7日、ミサイル攻撃を受けた。ロシア大統領府は「欧州を攻撃する意図はない」と述べた。"
    assert [(c.type, c.polarity) for c in _claims(text)] == [("strike", "affirmed")]


def test_the_speaker_may_stand_between_the_quoted_words_and_the_verb() -> None:
    claim = _one("ウクライナ軍がクルスク州の変電所を攻撃したとロシア国防省は発表した。", "strike")
    assert _speaker(claim) == "ru.mod"
    assert claim.actor is not None and claim.actor.id == "ua.armed_forces"


def test_a_report_the_sentence_answers_is_its_reporters_claim_and_the_answer_denies_it() -> None:
    text = "ウクライナ東部軍の報道官は、ロシア国防省がドネツク州の集落を奪取したと発表したことについて「虚偽だ」と反論した。"
    claims = [c for c in _claims(text) if c.type == "territorial_control"]
    assert [(c.polarity, _speaker(c) or c.claimant.text) for c in claims] == [
        ("affirmed", "ru.mod"),
        ("denied", "ウクライナ東部軍の報道官"),
    ]


def test_the_reporter_inside_a_report_answered_without_denial_speaks_alone() -> None:
    text = "ロシア国防省は、ルーマニア軍がロシアの無人機を撃墜したと発表したことを受け、作戦の詳細を説明した。"
    claims = [c for c in _claims(text) if c.type == "air_defense"]
    assert [(c.polarity, c.claimant.text if c.claimant else None) for c in claims] == [("affirmed", "ルーマニア軍")]


@pytest.mark.parametrize(
    "text",
    [
        # when it last happened: background to the news
        "首都が無人機の攻撃を受けるのは2月に政府庁舎が狙われて以来となる。",
        # a decree signed is no deal, a demand no claim
        "大統領は予備役の招集に関する大統領令に署名した。",
        "外相は国際社会に監視団の派遣を求めた。",
    ],
)
def test_sentences_that_assert_no_happening_of_a_type(text: str) -> None:
    assert [c.type for c in _claims(text) if c.type in ("strike", "agreement")] == []


def test_people_who_lost_their_homes_are_civilians_harmed() -> None:
    claim = _one("国連によると、洪水で少なくとも8千人が住む場所を失った。", "civilian_harm")
    assert [q.value for q in claim.quantities] == [8000]
    assert not [c for c in _claims("国連によると、洪水で少なくとも8千人が住む場所を失った。") if c.type == "personnel_losses"]


def test_one_deed_told_and_another_disowned_are_two_claims() -> None:
    text = "変電所が爆発した。ロシア大統領府は、爆発はウクライナの「破壊工作だ」と主張し、ロシアの関与を否定した。"
    claims = [c for c in _claims(text) if c.type == "strike"]
    assert [(c.polarity, _speaker(c)) for c in claims] == [("affirmed", "ru.kremlin"), ("denied", "ru.kremlin")]


@pytest.mark.parametrize(
    ("text", "claim_type", "place"),
    [
        # A country's airspace or territory written onto its name.
        ("リトアニア国防省は、ロシアの無人機2機がリトアニア領空に侵入したと発表した。", "strike", "lt"),
        ("ロシア国防省によると、ウクライナ軍はロシア領内の変電所を無人機で攻撃した。", "strike", "ru"),
        # A ground-bound thing a country owns: ウクライナの軍… is read as a name (the army) by the linker.
        ("ロシア国防省は、ウクライナの軍需工場を精密誘導兵器で攻撃したと発表した。", "strike", "ua"),
        ("ウクライナ軍参謀本部は、ロシアの石油施設を無人機で攻撃したと発表した。", "strike", "ru"),
    ],
)
def test_a_country_with_its_ground_written_onto_it_is_the_place(text: str, claim_type: str, place: str) -> None:
    assert place in {p.id for p in _one(text, claim_type).places}


@pytest.mark.parametrize(
    ("text", "claim_type", "place"),
    [
        # 領空 with no country: the country named before it in the sentence.
        ("ルーマニアは5日、領空内に侵入した無人機1機を撃墜したと発表した。", "air_defense", "ro"),
        # 全国 with a place named: that place's country, not the attacker named last.
        ("当局によると、ハルキウなど各地でロシアのミサイル攻撃があり、全国で市民12人が死亡した。", "civilian_harm", "ua"),
    ],
)
def test_a_countrys_ground_left_unnamed_is_the_country_the_sentence_places_it_in(
    text: str, claim_type: str, place: str
) -> None:
    assert place in {p.id for p in _one(text, claim_type).places}


def test_unnamed_ground_with_no_country_in_the_sentence_is_the_claimants() -> None:
    claim = _one("トゥスク首相によると、領空に侵入したのは無人機3機だった。", "strike")
    assert _speaker(claim) == "pl.tusk"
    assert [p.id for p in claim.places] == ["pl"]


def test_one_place_written_two_ways_is_one_place() -> None:
    claim = _one("当局によると、キーウ(キエフ)でミサイル攻撃があり、市民3人が死亡した。", "civilian_harm")
    assert [p.id for p in claim.places].count("ua.kyiv") == 1


@pytest.mark.parametrize("minister", ["内務相", "エネルギー相"])
def test_a_minister_named_by_portfolio_alone_is_the_source(minister: str) -> None:
    text = f"ウクライナ空軍によると、無人機20機を撃墜した。{minister}によると、オデーサ州で変電所2カ所が被害を受けた。"
    claim = _one(text, "strike")
    assert claim.claimant is not None and claim.claimant.text == minister


def test_a_deed_denied_and_disowned_in_one_sentence_is_one_denial() -> None:
    text = "ウクライナ軍は、ロシア領内の飛行場を無人機で攻撃したと発表した。ロシア国防省は「我々は飛行場を攻撃していない」と述べ、関与を否定した。"
    claims = [c for c in _claims(text) if c.type == "strike"]
    assert [c.polarity for c in claims] == ["affirmed", "denied"]


def test_a_subject_inside_the_reported_words_is_no_speaker() -> None:
    text = "「敵軍が病院を攻撃したとされているが、全くの事実無根だ」と主張した。"
    claim = _one(text, "strike")
    assert claim.claimant is None or claim.claimant.text != "敵軍"
    text = "ロシア国防省は、軍需工場を攻撃したと発表した。そのうえで「ロシアが病院を攻撃したとされているが、事実無根だ」と主張した。"
    denied = [c for c in _claims(text) if c.type == "strike" and c.polarity == "denied"]
    assert [_speaker(c) for c in denied] == ["ru.mod"]


def test_a_date_right_after_an_unlinked_speakers_topic_dates_the_speech() -> None:
    claim = _one("ウクライナ東部軍の報道官は2日、「敵の戦車5両を先月30日に破壊した」と明らかにした。", "equipment_losses")
    assert claim.when is not None and (claim.when.start, claim.when.end) == (date(2025, 6, 30), date(2025, 6, 30))


def test_a_date_opening_the_quoted_words_is_theirs() -> None:
    text = "この日、ウクライナ東部軍の報道官は「先月24日の開戦以来、学校40校が破壊された」と発表した。"
    claim = _one(text, "civilian_harm", date(2022, 3, 8))
    assert claim.when is not None and (claim.when.start, claim.when.end) == (date(2022, 2, 24), date(2022, 3, 8))
