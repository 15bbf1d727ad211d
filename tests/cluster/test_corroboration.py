"""A syndicated copy joins its event's outlets but never corroborates, nor contests, on its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hodo.cluster import cluster_claims
from hodo.cluster.corroboration import corroboration, event_outlets
from hodo.models import Claim, CopyOf, DateRange, Entity, Outlet, Quantity

AIR_FORCE = Entity("ua.air_force", "Ukrainian Air Force", "armed_force", text="ウクライナ空軍")
GOVERNOR = Entity("ua.kharkiv_governor", "Governor of Kharkiv Oblast", "person", text="州知事")
WIRE, PORTAL, PAPER = Outlet("kyodo", "Kyodo News"), Outlet("portal.example", "ポータル"), Outlet("paper", "新報")
JUNE5 = DateRange(date(2025, 6, 5), date(2025, 6, 5))


def drones(cid: str, doc: str, outlet: Outlet, claimant: Entity, shot: int, copy: CopyOf | None = None) -> Claim:
    sentence = f"空軍によると、無人機{shot}機を撃墜した。"
    return Claim(claim_id=cid, doc=doc, sentence=sentence, span=(0, len(sentence)), type="air_defense",
                 claimant=claimant, outlet=outlet, when=JUNE5,
                 quantities=[Quantity(shot, shot, shot, False, "機", "drones")], copy_of=copy)


def test_copies_add_their_site_to_the_outlets_and_count_for_nothing() -> None:
    original = drones("c1", "wire", WIRE, AIR_FORCE, 41)
    # A byline credits the wire in both copies; the sites that carried them are the copies' own.
    on_portal = drones("c2", "portal", WIRE, AIR_FORCE, 41, CopyOf("wire", PORTAL))
    in_paper = drones("c3", "paper", WIRE, AIR_FORCE, 41, CopyOf("wire", PAPER))
    [event] = cluster_claims([original, on_portal, in_paper])
    assert [o.id for o in event.outlets] == ["kyodo", "portal.example", "paper"]
    assert [o.id for o in event.copy_outlets] == ["portal.example", "paper"]
    assert (event.corroboration.outlets, event.corroboration.claimants) == (1, 1)
    assert event.to_record()["corroboration"] == {"outlets": 1, "claimants": 1}


def test_a_copy_read_as_another_claimant_denying_does_not_make_the_event_contested() -> None:
    original = drones("c1", "wire", WIRE, AIR_FORCE, 41)
    # A reprint read otherwise: another claimant, denying it.
    garbled = replace(drones("c2", "portal", PORTAL, GOVERNOR, 41, CopyOf("wire", PORTAL)), polarity="denied")
    [event] = cluster_claims([original, garbled])
    assert not event.contested and event.discrepancies == []
    assert event.corroboration.claimants == 1
    # The same two claims as independent reports do contest each other.
    [independent] = cluster_claims([original, replace(garbled, copy_of=None)])
    assert independent.contested
    assert independent.corroboration.outlets == 2


def test_an_outlet_with_a_report_of_its_own_is_not_a_copy_outlet() -> None:
    claims = [
        drones("c1", "wire", WIRE, AIR_FORCE, 41),
        drones("c2", "paper", PAPER, AIR_FORCE, 41, CopyOf("wire", PAPER)),
        drones("c3", "paper-own", PAPER, AIR_FORCE, 41),
    ]
    outlets, copy_outlets = event_outlets(claims)
    assert [o.id for o in outlets] == ["kyodo", "paper"] and copy_outlets == []
    assert corroboration(claims).outlets == 2
