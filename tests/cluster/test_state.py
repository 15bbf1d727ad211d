"""An event's scoring state through JSON: the same scores from the loaded state as from the live one."""

from __future__ import annotations

import json
from datetime import date

from hodo.cluster.similarity import ClaimProfile, EventState, TermStats, cluster_rules, ruled_out, score
from hodo.cluster.state import KEPT_MEMBERS, decode_state, decode_summary, encode_state, trim_members
from hodo.models import Claim, DateRange, Entity, Quantity
from hodo.packs import load_pack

RULES = cluster_rules(load_pack())

KHARKIV = Entity("ua.kharkiv", "Kharkiv", "place", text="ハルキウ")


def _claim(i: int, sentence: str, **fields) -> Claim:
    day = DateRange(date(2025, 6, 1 + i % 3), date(2025, 6, 1 + i % 3))
    return Claim(f"c{i}", f"d{i % 4}.txt", sentence, (i * 40, i * 40 + len(sentence)), "strike", when=day,
                 stated=date(2025, 6, 5), **fields)


def test_a_state_survives_json_and_scores_the_same():
    stats = TermStats()
    state = EventState(index=3, event_id="ev-x")
    for i in range(KEPT_MEMBERS + 7):
        claim = _claim(i, f"ロシア軍がハルキウを無人機{i}機で攻撃した", places=[KHARKIV],
                       quantities=[Quantity(10 + i, 10 + i, 10 + i, False, "機", "drones")])
        profile = ClaimProfile.of(claim, RULES)
        stats.add(profile.terms)
        state.add(profile)
    text = encode_state(state)
    loaded = decode_state(text, RULES)
    assert len(loaded.members) == KEPT_MEMBERS
    assert encode_state(loaded) == text
    newcomer = ClaimProfile.of(_claim(99, "ハルキウへの無人機攻撃で建物が損傷した", places=[KHARKIV]), RULES)
    stats.add(newcomer.terms)
    query = stats.query(newcomer.terms)
    assert score(newcomer, loaded, stats, query) == score(newcomer, state, stats, query) > 0
    trim_members(state)
    assert [m.claim for m in state.members] == [m.claim for m in loaded.members]


def _kharkiv_event() -> EventState:
    state = EventState(index=5, event_id="ev-y")
    for i in range(4):
        claim = _claim(i, f"ロシア軍がハルキウを無人機{i + 20}機で攻撃した", places=[KHARKIV])
        state.add(ClaimProfile.of(claim, RULES))
    return state


def test_the_summary_alone_rules_out_claims_of_other_days_as_the_score_does():
    state = _kharkiv_event()
    summary = decode_summary(encode_state(state), RULES)
    assert summary.members == [] and summary.dates == state.dates and summary.kinds == state.kinds
    stats = TermStats()
    far = Claim("far", "e.txt", "ロシア軍がハルキウを無人機で攻撃した", (0, 20), "strike", places=[KHARKIV],
                when=DateRange(date(2025, 9, 1), date(2025, 9, 1)), stated=date(2025, 9, 1))
    near = Claim("near", "e.txt", "ロシア軍がハルキウを無人機で攻撃した", (0, 20), "strike", places=[KHARKIV],
                 when=DateRange(date(2025, 6, 2), date(2025, 6, 2)), stated=date(2025, 6, 2))
    for claim in (far, near):
        profile = ClaimProfile.of(claim, RULES)
        stats.add(profile.terms)
        scored = score(profile, state, stats, stats.query(profile.terms))
        assert ruled_out(profile, summary) == (scored == 0) == (claim is far)


def test_a_state_stored_as_one_object_before_summaries_still_loads():
    state = _kharkiv_event()
    summary_part, _, rest = encode_state(state).partition("}{")
    whole = json.loads(summary_part + "}") | json.loads("{" + rest)
    old_text = json.dumps(whole, ensure_ascii=False)
    assert encode_state(decode_state(old_text, RULES)) == encode_state(state)
    assert decode_summary(old_text, RULES).dates == state.dates
