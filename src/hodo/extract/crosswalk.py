"""Claims coded as other event codebooks code them: ACLED event types and CAMEO root codes.

The mapping is the pack's (crosswalks.toml): per claim type an ACLED event and
sub-event type and a CAMEO root code, refined by the words of the claim's
evidence (a strike by drones is an ACLED "Air/drone strike", one by shelling
a "Shelling/artillery/missile attack"; a refused agreement is CAMEO 12, Reject).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from hodo.models import AcledCoding, Claim
from hodo.packs import Pack, any_of
from hodo.packs.views import each, pack_field


def _acled(table: dict[str, str] | None) -> AcledCoding | None:
    return AcledCoding(table["event_type"], table["sub_event_type"]) if table else None


@dataclass(frozen=True)
class Coding:
    acled: AcledCoding | None
    cameo: str | None


@dataclass(frozen=True, eq=False)
class TypeCrosswalk:
    """One [[type]] of crosswalks.toml."""

    name: str = pack_field("name")
    acled_table: dict[str, str] = pack_field("acled")
    cameo: str | None = pack_field("cameo")
    refine_rows: list[dict[str, Any]] = pack_field("refine")
    coding: Coding = field(init=False)
    # (evidence pattern, coding), the first that matches wins.
    refinements: tuple[tuple[re.Pattern[str], Coding], ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "coding", Coding(_acled(self.acled_table), self.cameo))
        rules = []
        for row in self.refine_rows:
            acled = None if row.get("no_acled") else _acled(row.get("acled")) or self.coding.acled
            rules.append((any_of(row["when"]), Coding(acled, row.get("cameo", self.cameo))))
        object.__setattr__(self, "refinements", tuple(rules))

    def code(self, claim: Claim) -> Coding:
        text = claim.evidence or claim.sentence
        return next((coding for pattern, coding in self.refinements if pattern.search(text)), self.coding)


def crosswalks(pack: Pack) -> dict[str, TypeCrosswalk]:
    return {walk.name: walk for walk in each(pack, TypeCrosswalk, "crosswalks:type")}


def with_codings(claims: list[Claim], pack: Pack) -> list[Claim]:
    """The claims with their ACLED and CAMEO codings, for types the pack maps."""
    walks = crosswalks(pack)
    coded = []
    for claim in claims:
        walk = walks.get(claim.type)
        if walk is None:
            coded.append(claim)
            continue
        coding = walk.code(claim)
        coded.append(replace(claim, acled=coding.acled, cameo=coding.cameo))
    return coded
