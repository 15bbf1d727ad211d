"""Merge rules of the event clustering, on hand-written claims."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hodo.cluster import cluster_claims, event_id_for
from hodo.models import Claim, DateRange, Entity, Outlet, Quantity

PUTIN = Entity("ru.putin", "Vladimir Putin", "person", text="プーチン")
TRUMP = Entity("us.trump", "Donald Trump", "person", text="トランプ")
POPE = Entity("va.leo14", "Pope Leo XIV", "person", text="教皇")
KHARKIV = Entity("ua.kharkiv", "Kharkiv", "place", text="ハルキウ", lat=49.99, lon=36.23)
POKROVSK = Entity("ua.pokrovsk", "Pokrovsk", "place", text="ポクロウシク", lat=48.28, lon=37.18)
KUPIANSK = Entity("ua.kupiansk", "Kupiansk", "place", text="クピャンスク", lat=49.71, lon=37.61)


def day(d: int, month: int = 6) -> DateRange:
    return DateRange(date(2025, month, d), date(2025, month, d))


def make(cid: str, type_: str, sentence: str, *, doc: str = "a.txt", at: int = 0, when: DateRange | None = None,
         places: list[Entity] | None = None, actor: Entity | None = None, target: Entity | None = None,
         quantities: list[Quantity] | None = None, claimant: Entity | None = None,
         subjects: list[str] | None = None) -> Claim:
    return Claim(claim_id=cid, doc=doc, sentence=sentence, span=(at, at + len(sentence)), type=type_,
                 claimant=claimant, outlet=Outlet(doc, doc), actor=actor, target=target,
                 quantities=quantities or [], when=when, places=places or [], subjects=subjects or [])


def groups(events: list) -> list[set[str]]:
    return sorted((set(e.claims) for e in events), key=lambda g: sorted(g))


def test_one_phone_call_from_many_outlets_is_one_event_and_another_call_is_not() -> None:
    # What the two leaders agreed during the call is a happening of its own (c4).
    claims = [
        make("c1", "diplomacy", "トランプ米大統領はプーチン大統領と電話で会談した", doc="reuters", when=day(4),
             actor=TRUMP, target=PUTIN),
        make("c2", "diplomacy", "プーチン大統領は4日、トランプ大統領と電話会談を行った", doc="nhk", when=day(4),
             actor=PUTIN, target=TRUMP),
        make("c3", "diplomacy", "ローマ教皇がプーチン大統領と初めて電話で会談した", doc="nhk", at=400, when=day(4),
             actor=POPE, target=PUTIN),
        make("c4", "agreement", "電話会談でトランプ大統領とプーチン大統領は捕虜交換の継続で一致した", doc="sputnik",
             when=day(4), actor=TRUMP, target=PUTIN, subjects=["捕虜"]),
    ]
    assert groups(cluster_claims(claims)) == [{"c1", "c2"}, {"c3"}, {"c4"}]


LUKASHENKO = Entity("by.lukashenko", "Alexander Lukashenko", "person", text="ルカシェンコ")
REBEL = Entity(None, "Rebel commander", "person", text="司令官")


def test_what_is_agreed_without_a_subject_of_its_own_joins_the_talks_it_is_told_with() -> None:
    # The call, then what came of it: a demand turned down and conditions accepted.
    claims = [
        make("call", "diplomacy", "大統領は24日朝、司令官に電話をかけ、長時間説得した", when=day(24),
             claimant=LUKASHENKO, target=REBEL),
        make("no", "agreement", "司令官が求めていた将軍たちの更迭については退けた", at=60, claimant=LUKASHENKO,
             actor=LUKASHENKO),
        make("yes", "agreement", "その後司令官が24日夕方に電話してきて、条件を受け入れた", at=100, when=day(24),
             claimant=LUKASHENKO, actor=REBEL),
    ]
    assert groups(cluster_claims(claims)) == [{"call", "no", "yes"}]


def test_talks_that_took_in_their_outcome_do_not_draw_a_named_deal() -> None:
    # The outcome takes the talks' kind: the ceasefire accepted there stays a happening of its own.
    claims = [
        make("talks", "diplomacy", "米国とウクライナは11日、ジッダで高官協議を行った", when=day(11, 3)),
        make("contact", "agreement", "両国は協議で定期的に連絡を取り合うことで一致した", at=50, when=day(11, 3)),
        make("ceasefire", "agreement", "ウクライナは協議で30日間の停戦を受け入れた", at=90, when=day(11, 3),
             subjects=["停戦"]),
        make("ceasefire2", "agreement", "ウクライナは米国が提案した停戦を受け入れると表明した", doc="b.txt",
             when=day(11, 3), subjects=["停戦"]),
    ]
    assert groups(cluster_claims(claims)) == [{"ceasefire", "ceasefire2"}, {"contact", "talks"}]


def test_an_outcome_with_no_subject_may_join_the_deal_it_answers() -> None:
    claims = [
        make("offer", "agreement", "米国はロシアとの30日間の停戦を提案した", when=day(11, 3), subjects=["停戦"]),
        make("accept", "agreement", "ウクライナ大統領は米国の提案を受け入れる用意があると述べた", at=40),
    ]
    assert groups(cluster_claims(claims)) == [{"accept", "offer"}]


def test_deals_on_different_subjects_are_different_events_and_one_subject_is_one_deal() -> None:
    # Both reached at one set of talks on one day between the same two parties.
    us = Entity("us", "United States", "country", text="米国")
    claims = [
        make("cf1", "agreement", "ウクライナは米国が提案した30日間の停戦を受け入れた", when=day(11, 3), actor=UKRAINE,
             subjects=["停戦"]),
        make("mn1", "agreement", "米国とウクライナは鉱物資源の合意を早期に締結することでも合意した", at=60,
             when=day(11, 3), actor=us, subjects=["鉱物資源"]),
        make("cf2", "agreement", "ウクライナ側は即時の一時停戦を受け入れる用意があると表明した", doc="b.txt",
             actor=UKRAINE, subjects=["停戦"]),
        make("mn2", "agreement", "両国はレアアースを巡る合意の締結でも合意したという", doc="b.txt", at=80,
             subjects=["鉱物資源"]),
    ]
    assert groups(cluster_claims(claims)) == [{"cf1", "cf2"}, {"mn1", "mn2"}]


def test_an_attack_told_as_strike_harm_and_interceptions_is_one_event() -> None:
    drones = Quantity(103, 103, 103, False, "機", "drones")
    claims = [
        make("s1", "strike", "ロシア軍が無人機103機でハルキウを攻撃した", when=day(5), places=[KHARKIV],
             quantities=[drones]),
        make("s2", "civilian_harm", "ハルキウでは住民12人がけがをした", at=60, when=day(5), places=[KHARKIV]),
        make("s3", "air_defense", "ウクライナ空軍はハルキウ方面で無人機80機を撃墜したと発表した", doc="b.txt", when=day(5)),
        make("s4", "strike", "ハルキウへの無人機攻撃で住宅が炎上した", doc="c.txt", when=day(5), places=[KHARKIV]),
    ]
    events = cluster_claims(claims)
    assert groups(events) == [{"s1", "s2", "s3", "s4"}]
    assert events[0].type == "strike"
    assert events[0].when == day(5)


def test_the_same_kind_of_happening_weeks_apart_is_two_events() -> None:
    claims = [
        make("a", "strike", "ロシア軍がハルキウを無人機で攻撃した", when=day(5), places=[KHARKIV]),
        make("b", "strike", "ロシア軍がハルキウを無人機で攻撃した", doc="b.txt", when=day(28), places=[KHARKIV]),
    ]
    assert len(cluster_claims(claims)) == 2


def test_captures_of_different_towns_on_one_day_are_two_events() -> None:
    claims = [
        make("a", "territorial_control", "ロシア軍はポクロウシクを制圧したと発表した", when=day(5),
             places=[POKROVSK]),
        make("b", "territorial_control", "ロシア軍はクピャンスクを制圧したと発表した", doc="b.txt", when=day(5),
             places=[KUPIANSK]),
    ]
    assert len(cluster_claims(claims)) == 2


def test_unrelated_claim_types_never_share_an_event() -> None:
    claims = [
        make("a", "strike", "ロシア軍はハルキウを攻撃した", when=day(5), places=[KHARKIV]),
        make("b", "force_strength", "ハルキウ方面に兵力を増強した", at=30, when=day(5), places=[KHARKIV]),
    ]
    assert len(cluster_claims(claims)) == 2


def test_neighbouring_paraphrases_and_a_shared_figure_join_undated_claims() -> None:
    hours = Quantity(8, 8, 8, False, "時間", "hours")
    claims = [
        make("a", "diplomacy", "米国とウクライナはジッダで高官協議を実施した", when=day(11, 3)),
        make("b", "diplomacy", "協議は8時間に及んだ", at=40, quantities=[hours]),
        make("c", "diplomacy", "ジッダでの高官協議は8時間以上続いた", doc="b.txt", quantities=[hours]),
    ]
    assert groups(cluster_claims(claims)) == [{"a", "b", "c"}]


def test_ids_are_stable_and_named_after_the_founding_claim() -> None:
    first = make("a", "strike", "ロシア軍がハルキウを攻撃した", when=day(5), places=[KHARKIV])
    later = make("b", "civilian_harm", "ハルキウで3人がけがをした", at=30, when=day(5), places=[KHARKIV])
    alone = cluster_claims([first])
    both = cluster_claims([first, later])
    assert alone[0].event_id == both[0].event_id == event_id_for("a")
    assert [e.to_record() for e in cluster_claims([first, later])] == [e.to_record() for e in both]


def test_batches_in_order_equal_everything_at_once() -> None:
    batches = [
        [make("a1", "strike", "ロシア軍がハルキウを無人機で攻撃した", doc="a", when=day(5), places=[KHARKIV]),
         make("a2", "diplomacy", "トランプ大統領はプーチン大統領と電話会談した", doc="a", at=90, when=day(4),
              actor=TRUMP, target=PUTIN)],
        [make("b1", "civilian_harm", "ハルキウで5人が死亡した", doc="b", when=day(5), places=[KHARKIV]),
         make("b2", "diplomacy", "プーチン大統領とトランプ大統領が電話で協議した", doc="b", at=50, when=day(4),
              actor=PUTIN, target=TRUMP)],
        [make("c1", "air_defense", "無人機40機を撃墜した", doc="c", when=day(5))],
    ]
    at_once = cluster_claims([c for batch in batches for c in batch])
    events: list = []
    known: dict[str, Claim] = {}
    for batch in batches:
        events = cluster_claims(batch, events, existing_claims=known)
        known.update((c.claim_id, c) for c in batch)
    assert [e.to_record() for e in events] == [e.to_record() for e in at_once]
    members = [cid for e in events for cid in e.claims]
    assert sorted(members) == sorted(known)


def test_a_joining_claim_recomputes_the_contest() -> None:
    zelensky = Entity("ua.zelenskyy", "Volodymyr Zelenskyy", "person")
    us = Entity(None, "US officials", "organization")
    first = make("a", "equipment_losses", "作戦でロシア軍機41機に打撃を与えた", when=day(1), claimant=zelensky,
                 quantities=[Quantity(41, 41, 41, False, "機", "aircraft")])
    events = cluster_claims([first])
    assert not events[0].contested
    later = make("b", "equipment_losses", "作戦で打撃を与えたロシア軍機は20機ほどだった", doc="b", when=day(1),
                 claimant=us, quantities=[Quantity(20, 20, 20, True, "機", "aircraft")])
    events = cluster_claims([later], events, existing_claims={"a": first})
    assert len(events) == 1
    assert events[0].contested
    assert events[0].claimants == [zelensky, us]


MOSCOW = Entity("ru.moscow", "Moscow", "place", text="モスクワ")
ODESA = Entity("ua.odesa", "Odesa", "place", text="オデーサ")
RU_MOD = Entity("ru.mod", "Ministry of Defence (Russia)", "organization", text="ロシア国防省")
UA_AF = Entity("ua.air_force", "Ukrainian Air Force", "armed_force", text="ウクライナ空軍")


def test_attacks_on_two_countries_the_same_night_are_two_events() -> None:
    claims = [
        make("r1", "strike", "無人機による大規模な攻撃がモスクワに対して行われた", when=day(11, 3), places=[MOSCOW]),
        make("r2", "air_defense", "国防省は無人機200機を撃墜したと発表した", at=50, when=day(11, 3), claimant=RU_MOD),
        make("u1", "strike", "無人機による大規模な攻撃でオデーサの倉庫が炎上した", at=100, when=day(11, 3), places=[ODESA]),
        make("u2", "air_defense", "空軍は無人機80機を撃墜したと発表した", at=150, when=day(11, 3), claimant=UA_AF),
    ]
    assert groups(cluster_claims(claims)) == [{"r1", "r2"}, {"u1", "u2"}]


def test_an_attack_on_one_country_is_not_an_attack_placed_in_the_other() -> None:
    # The first names no place, only the side it hit; the second lands in Russia.
    claims = [
        make("a1", "strike", "ロシア軍は夜間に無人機60機でウクライナを攻撃した", when=day(11, 3),
             target=Entity("ua", "Ukraine", "country", text="ウクライナ"),
             actor=Entity("ru.armed_forces", "Russian Armed Forces", "armed_force", side="ru")),
        make("a2", "strike", "州知事によると無人機による攻撃で変電所が損傷した", at=80, when=day(11, 3),
             places=[Entity("ru.kursk_oblast", "Kursk Oblast", "place", text="クルスク州")]),
    ]
    assert groups(cluster_claims(claims)) == [{"a1"}, {"a2"}]


def test_daily_reports_do_not_chain_into_one_endless_event() -> None:
    claims = [
        make(f"d{i}", "strike", "ロシア軍がハルキウを無人機で攻撃した", doc=f"day{i}", when=day(1 + i), places=[KHARKIV])
        for i in range(20)
    ]
    events = cluster_claims(claims)
    assert len(events) > 1
    for event in events:
        assert event.when is not None
        assert (event.when.end - event.when.start).days <= 14


def test_undated_statements_reported_day_after_day_do_not_chain_into_one_endless_event() -> None:
    # The same undated remark restated in a report a day: report dates are all that
    # place it in time, and a month of them is more than one happening.
    claims = [
        replace(
            make(f"r{i}", "aid_and_finance", "プーチン大統領は民間軍事会社の費用を国が全額負担していたと述べた",
                 doc=f"report{i}", claimant=PUTIN),
            stated=date(2025, 6, 1) + timedelta(days=i),
        )
        for i in range(40)
    ]
    events = cluster_claims(claims)
    assert len(events) > 1
    stated = {c.claim_id: c.stated for c in claims}
    for event in events:
        days = [stated[cid] for cid in event.claims]
        assert (max(days) - min(days)).days <= 14
    # Within one news cycle the restatements are one event.
    assert len(cluster_claims(claims[:5])) == 1


def test_a_claim_finds_its_event_among_many() -> None:
    # More events share the day than are ever scored for one claim: the votes of
    # the shared place, figure and words must still bring the right one forward.
    claims = [
        make(f"e{i}", "strike", f"第{i}地区の施設が攻撃を受けた", doc=f"other{i}", when=day(5),
             places=[Entity(f"ru.town{i}", f"Town {i}", "place", text=f"第{i}地区")])
        for i in range(80)
    ]
    drones = Quantity(57, 57, 57, False, "機", "drones")
    claims.insert(3, make("s1", "strike", "ロシア軍がポクロウシク近郊の製油所を無人機で攻撃した", doc="a", when=day(5),
                          places=[POKROVSK], quantities=[drones]))
    claims.append(make("s2", "strike", "ポクロウシク近郊の製油所への攻撃には無人機57機が使われた", doc="b", when=day(5),
                       places=[POKROVSK], quantities=[drones]))
    assert {"s1", "s2"} in groups(cluster_claims(claims))


KURSK = Entity("ru.kursk_oblast", "Kursk Oblast", "place", text="クルスク州")
UKRAINE = Entity("ua", "Ukraine", "country", text="ウクライナ")
SHOIGU = Entity("ru.shoigu", "Sergei Shoigu", "person", text="ショイグ")


def test_an_undated_report_of_fighting_is_not_last_years_fighting() -> None:
    # Undated fighting in a report is recent; the incursion months before is its own happening.
    now = date(2025, 3, 11)
    claims = [
        make("a", "strike", "ウクライナ軍はクルスク州で攻撃を続けている", places=[KURSK]),
        make("b", "territorial_control", "ウクライナ軍は昨年8月クルスク州に越境攻撃し、領土を制圧した", at=40,
             when=DateRange(date(2024, 8, 1), date(2025, 2, 20)), places=[KURSK]),
    ]
    for c in claims:
        c.stated = now
    assert len(cluster_claims(claims)) == 2


def test_neighbours_are_measured_between_sentences_not_their_starts() -> None:
    # The first sentence is long: the next one starts far from its start but right after its end.
    long = "国防相は会合で、北部の国境に新たな部隊群を創設し、" + "各軍管区の師団と旅団を再編して" * 12 + "兵力を増強すると述べた"
    claims = [
        make("a", "force_strength", long, claimant=SHOIGU, when=day(21, 12)),
        make("b", "force_strength", "その中には砲兵師団と航空連隊が含まれる", at=len(long) + 1, claimant=SHOIGU),
    ]
    assert groups(cluster_claims(claims)) == [{"a", "b"}]


def test_a_country_named_in_a_report_is_not_a_shared_place() -> None:
    # Every report names Ukraine; a deal signed elsewhere in the post is not the talks in Istanbul.
    istanbul = Entity("tr.istanbul", "Istanbul", "place", text="イスタンブール")
    claims = [
        make("t", "agreement", "ウクライナとロシアはイスタンブールで協議し、捕虜交換で合意した", when=day(2),
             places=[istanbul], subjects=["捕虜"]),
        make("g", "agreement", "ドイツとウクライナは協議し、長距離兵器の生産で合意した", at=3000,
             when=day(30, 5), places=[UKRAINE]),
    ]
    assert len(cluster_claims(claims)) == 2


def test_claims_of_one_sentence_cluster_alike_in_any_order() -> None:
    drones = Quantity(343, 343, 343, False, "機", "drones")
    first = make("m1", "air_defense", "国防省は無人機343機を撃墜したと発表した", when=day(10, 3), claimant=RU_MOD,
                 quantities=[drones])
    sentence = "国防省はモスクワ州などで無人機の攻撃があり343機を撃墜したと発表した"
    strike = make("m2", "strike", sentence, at=700, places=[MOSCOW])
    shot = make("m3", "air_defense", sentence, at=700, claimant=RU_MOD, quantities=[drones])
    other = make("k1", "strike", "ロシア軍はモスクワ州に向かう無人機の攻撃を続けるウクライナ軍への攻勢を強めた", at=500,
                 places=[MOSCOW])
    one = groups(cluster_claims([first, other, strike, shot]))
    assert one == groups(cluster_claims([first, other, shot, strike]))


def test_one_report_tells_the_day_before_as_another_happening() -> None:
    claims = [
        make("a", "strike", "ロシア軍がハルキウの駅をミサイルで攻撃した", when=day(5), places=[KHARKIV]),
        make("b", "civilian_harm", "駅では住民30人が死亡した", at=40, when=day(5), places=[KHARKIV]),
        make("c", "strike", "ハルキウでは前日も列車が空爆で止められた", at=80, when=day(4), places=[KHARKIV]),
        # another outlet a day off for the same night still joins
        make("d", "strike", "ロシア軍がハルキウの駅をミサイルで攻撃した", doc="b.txt", when=day(4), places=[KHARKIV]),
    ]
    assert groups(cluster_claims(claims)) == [{"a", "b", "d"}, {"c"}]
