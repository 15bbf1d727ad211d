"""Where an event's claimants disagree.

Two kinds of disagreement make an event contested:

- polarity: one claimant affirms what another denies (captured / not captured);
- figures: two claimants give numbers for the same thing — same claim type,
  unit and item, about the same places and the same period — that cannot both be
  true once each number is read as the interval its wording allows (約20 and 20
  agree, 1470以上 and 1500 agree, 41 and about 20 do not).

Only named claimants take part: an outlet narrating without a source is not a
party to the dispute, and many outlets repeating one agency are one claimant.
One claimant's own figures never contest each other (a total and its sub-count,
an updated toll), and two claims agree as soon as any of their figures in the
thing's unit agree, so 子ども4人を含む18人 does not clash with another source's 18.
Figures about different sides (one side's losses, the other's) never clash.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from hodo.cluster.similarity import entity_key
from hodo.models import Claim, DateRange, Discrepancy, Quantity

# How far apart two periods' ends may be and still be one period.
PERIOD_SLACK_DAYS = 1
# How far an approximate figure (約, ほど, およそ) may stray and still agree.
APPROX_TOLERANCE = 0.25
_COMPARABLE_KINDS = ("count", "money", "duration")


@dataclass(frozen=True)
class _Figure:
    claimant: str
    name: str
    claim: Claim
    quantity: Quantity


def interval(q: Quantity) -> tuple[float, float]:
    """The values the wording allows: 以上 opens the top, 約 widens both sides."""
    low = q.min if q.min is not None else q.value
    high = q.max if q.max is not None else q.value
    if q.min is not None and q.max is None:
        high = math.inf
    if q.max is not None and q.min is None:
        low = 0.0
    if q.approx:
        low, high = low * (1 - APPROX_TOLERANCE), high * (1 + APPROX_TOLERANCE)
    return low, high


def _agree(a: Quantity, b: Quantity) -> bool:
    low_a, high_a = interval(a)
    low_b, high_b = interval(b)
    return low_a <= high_b and low_b <= high_a


def _about_same_place_and_time(a: Claim, b: Claim) -> bool:
    """Figures compare only for the same places: a region's toll is part of a national one, not a rival;
    and only for the same side suffering it: one side's losses (or returned prisoners) are not the other's."""
    a_places = {entity_key(p) for p in a.places}
    b_places = {entity_key(p) for p in b.places}
    # One report names the oblast and the town, another the town: the same place.
    if a_places != b_places and not (a_places and b_places and (a_places <= b_places or b_places <= a_places)):
        return False
    if a.target and b.target and a.target.side and b.target.side and a.target.side != b.target.side:
        return False
    # A tally of July and one since 2022 count different things: only the same period compares.
    return not (a.when and b.when and not _same_period(a.when, b.when))


def _same_period(a: DateRange, b: DateRange) -> bool:
    """Both ends within a day of each other ("8日" and "8日夜から9日" are one night)."""
    return abs((a.start - b.start).days) <= PERIOD_SLACK_DAYS and abs((a.end - b.end).days) <= PERIOD_SLACK_DAYS


def _claimant(claim: Claim) -> tuple[str, str] | None:
    if claim.claimant is None:
        return None
    return entity_key(claim.claimant), claim.claimant.name or claim.claimant.text


def _figures_by_thing(claims: Sequence[Claim]) -> dict[tuple[str, str, str], list[_Figure]]:
    things: dict[tuple[str, str, str], list[_Figure]] = {}
    for claim in claims:
        who = _claimant(claim)
        if who is None or claim.polarity != "affirmed":
            continue
        for q in claim.quantities:
            if q.kind in _COMPARABLE_KINDS:
                key = (claim.type, q.unit, q.item or "")
                things.setdefault(key, []).append(_Figure(who[0], who[1], claim, q))
    return things


def _clash(figures: list[_Figure]) -> list[_Figure]:
    """The figures of claims that some other claimant's claim cannot agree with."""
    by_claim: dict[str, list[_Figure]] = {}
    for f in figures:
        by_claim.setdefault(f.claim.claim_id, []).append(f)
    # Many outlets repeating one claimant's figures are one statement, compared once.
    statements: dict[tuple[object, ...], list[_Figure]] = {}
    for group in by_claim.values():
        claim = group[0].claim
        key = (
            group[0].claimant,
            frozenset(interval(f.quantity) for f in group),
            frozenset(entity_key(p) for p in claim.places),
            claim.when,
        )
        statements.setdefault(key, group)
    groups = list(statements.values())
    clashing: dict[str, list[_Figure]] = {}
    for i, left in enumerate(groups):
        for right in groups[i + 1 :]:
            if left[0].claimant == right[0].claimant:
                continue
            if not _about_same_place_and_time(left[0].claim, right[0].claim):
                continue
            if _any_agree(left[0].claim, right[0].claim, left[0].quantity.unit):
                continue
            clashing.setdefault(left[0].claim.claim_id, left)
            clashing.setdefault(right[0].claim.claim_id, right)
    return [f for group in clashing.values() for f in group]


def _any_agree(a: Claim, b: Claim, unit: str) -> bool:
    """Whether any two figures of the claims in ``unit`` agree, whatever they count: "230人の軍人・民間人"
    and "計230人" are one figure however each sentence names the people."""
    left = [q for q in a.quantities if q.unit == unit and q.kind in _COMPARABLE_KINDS]
    right = [q for q in b.quantities if q.unit == unit and q.kind in _COMPARABLE_KINDS]
    return any(_agree(x, y) for x in left for y in right)


def _polarity_disputes(claims: Sequence[Claim]) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    types = sorted({c.type for c in claims if c.polarity == "denied"})
    for claim_type in types:
        stances: dict[str, dict[str, object]] = {}
        for claim in claims:
            who = _claimant(claim)
            if who is None or claim.type != claim_type:
                continue
            stances.setdefault(f"{who[0]}\x00{claim.polarity}", {
                "claimant": who[1], "value": claim.polarity, "claim_id": claim.claim_id,
            })
        deniers = {k.split("\x00")[0] for k in stances if k.endswith("denied")}
        affirmers = {k.split("\x00")[0] for k in stances if k.endswith("affirmed")}
        if any(d != a for d in deniers for a in affirmers):
            found.append(Discrepancy(about=claim_type, unit="", values=list(stances.values())))
    return found


def discrepancies(claims: Sequence[Claim]) -> list[Discrepancy]:
    """Every disagreement between the claimants of one event's claims."""
    found = _polarity_disputes(claims)
    for (claim_type, unit, item), figures in sorted(_figures_by_thing(claims).items()):
        clashing = _clash(figures)
        if not clashing:
            continue
        values = []
        seen: set[tuple[str, float]] = set()
        for f in clashing:
            if (f.claimant, f.quantity.value) in seen:
                continue
            seen.add((f.claimant, f.quantity.value))
            values.append({"claimant": f.name, "value": _plain(f.quantity.value), "claim_id": f.claim.claim_id})
        found.append(Discrepancy(about=item or claim_type, unit=unit, values=values))
    return found


def _plain(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x
