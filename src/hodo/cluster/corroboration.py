"""Who independently tells of an event: syndicated copies listed, never counted.

A claim marked ``copy_of`` (cluster/copies.py) is a reprint of another
outlet's report: its site joins the event's outlets and its ``copy_outlets``,
but corroboration and disagreement are counted on the independent claims only,
so one wire story on three sites is one outlet's word, not three.
"""

from __future__ import annotations

from collections.abc import Sequence

from hodo.cluster.similarity import entity_key
from hodo.models import Claim, Corroboration, Outlet


def independent(claims: Sequence[Claim]) -> list[Claim]:
    """The claims that are not syndicated copies."""
    return [c for c in claims if c.copy_of is None]


def _carrier(claim: Claim) -> Outlet | None:
    """The outlet a copy shows up under: the site that reprinted it, else the claim's outlet."""
    if claim.copy_of is not None and claim.copy_of.site is not None:
        return claim.copy_of.site
    return claim.outlet


def event_outlets(claims: Sequence[Claim]) -> tuple[list[Outlet], list[Outlet]]:
    """Every outlet of the claims, and those among them that carried copies only."""
    outlets: dict[str, Outlet] = {}
    own: set[str] = set()
    for claim in claims:
        outlet = _carrier(claim)
        if outlet is None:
            continue
        outlets.setdefault(outlet.id, outlet)
        if claim.copy_of is None:
            own.add(outlet.id)
    return list(outlets.values()), [o for o in outlets.values() if o.id not in own]


def corroboration(claims: Sequence[Claim]) -> Corroboration:
    """Distinct outlets and claimants among the independent claims."""
    mine = independent(claims)
    outlets = {c.outlet.id for c in mine if c.outlet is not None}
    claimants = {entity_key(c.claimant) for c in mine if c.claimant is not None}
    return Corroboration(outlets=len(outlets), claimants=len(claimants))
