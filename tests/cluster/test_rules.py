"""How claims join events is the pack's (events.toml): weights, affinities, labels."""

from __future__ import annotations

from datetime import date

from hodo.cluster import cluster_claims
from hodo.cluster.similarity import cluster_rules
from hodo.models import Claim, DateRange, Entity, Outlet
from hodo.packs import load_pack

KHARKIV = Entity("ua.kharkiv", "Kharkiv", "place", text="ハルキウ")
JUNE_5 = DateRange(date(2025, 6, 5), date(2025, 6, 5))


def _claim(cid: str, type_: str, sentence: str, doc: str) -> Claim:
    return Claim(claim_id=cid, doc=doc, sentence=sentence, span=(0, len(sentence)), type=type_,
                 outlet=Outlet(doc, doc), when=JUNE_5, places=[KHARKIV])


CLAIMS = [
    _claim("s", "strike", "ロシア軍は5日、ハルキウを無人機で攻撃した", "a.txt"),
    _claim("h", "civilian_harm", "5日のハルキウへの無人機攻撃で住民3人が負傷した", "b.txt"),
]


def test_the_bundled_rules_join_an_attack_and_its_harm() -> None:
    [event] = cluster_claims(CLAIMS)
    assert set(event.claims) == {"s", "h"} and event.title.startswith("攻撃:")
    rules = cluster_rules(load_pack())
    assert rules.affinity("civilian_harm", "strike") == rules.affinity("strike", "civilian_harm") == 0.9
    assert rules.kind(CLAIMS[0]) == "strike" and rules.families("aid_and_finance") == ("talks", "forces")


def test_a_pack_that_redefines_a_type_changes_labels_and_affinities(make_pack) -> None:
    # A type given again by an extending pack replaces the one it extends.
    events = '[[type]]\nname = "strike"\nlabel = "爆撃"\nfamilies = ["combat"]\n'
    pack = load_pack(str(make_pack("other_rules", {"events.toml": events})))
    events = cluster_claims(CLAIMS, pack=pack)
    assert sorted(len(e.claims) for e in events) == [1, 1]
    assert next(e for e in events if e.claims == ["s"]).title.startswith("爆撃:")


def test_with_the_evidence_weighing_nothing_nothing_joins(make_pack) -> None:
    weights = "[weights]\nlexical = 0.0\ndate = 0.0\nplace = 0.0\nnear = 0.0\n"
    pack = load_pack(str(make_pack("no_weights", {"events.toml": weights})))
    assert len(cluster_claims([CLAIMS[0], _claim("s2", "strike", CLAIMS[0].sentence, "c.txt")], pack=pack)) == 2
    assert len(cluster_claims([CLAIMS[0], _claim("s2", "strike", CLAIMS[0].sentence, "c.txt")])) == 1
