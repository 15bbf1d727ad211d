"""A claimant's figures over time: one point a day for a claim type and an item, with the claims behind it.

A point's day is the last day of the claim's ``when``; a claim with no
``when`` counts on the day it was stated. Only figures about at most
``MAX_SPAN_DAYS`` days are daily figures ("in the past 24 hours" covers the
day before and the day itself); weekly or running totals are left out, as are
denials. Many outlets repeating one figure make one point; when a claimant
gives different figures for one day (an update, a sub-count), the point is
the largest and ``figures`` lists them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from hodo.models import Claim, Quantity
from hodo.views.figures import plain_number

MAX_SPAN_DAYS = 2


@dataclass
class SeriesPoint:
    day: str
    value: float | int
    figures: list[dict[str, Any]]
    claims: list[str]


@dataclass
class Series:
    claimant: dict[str, Any]
    type: str
    item: str | None
    unit: str
    points: list[SeriesPoint] = field(default_factory=list)

    @property
    def label(self) -> str:
        name = self.claimant.get("name") or self.claimant.get("query") or ""
        return f"{name}: {self.item}" if self.item else name


def point_day(claim: Claim) -> str | None:
    """The day a claim's figures are for, or None when they cover more than a daily figure does."""
    if claim.when is not None:
        if (claim.when.end - claim.when.start).days + 1 > MAX_SPAN_DAYS:
            return None
        return claim.when.end.isoformat()
    return claim.stated.isoformat() if claim.stated else None


def claimant_series(
    query: str, claims: Sequence[Claim], claim_type: str, item: str | None = None
) -> list[Series]:
    """The series of the claimant found by ``query``: one for each item and unit (or for ``item`` only)."""
    by_thing: dict[tuple[str | None, str], dict[str, list[tuple[Claim, Quantity]]]] = {}
    claimant: dict[str, Any] = {"query": query, "id": None, "name": query}
    for claim in claims:
        if claim.type != claim_type or claim.polarity != "affirmed":
            continue
        day = point_day(claim)
        if day is None:
            continue
        if claim.claimant is not None and claimant["id"] is None:
            claimant = {
                "query": query,
                "id": claim.claimant.id,
                "name": claim.claimant.name or claim.claimant.text,
            }
        for q in claim.quantities:
            if item is not None and (q.item or "").lower() != item.lower():
                continue
            by_thing.setdefault((q.item, q.unit), {}).setdefault(day, []).append((claim, q))
    found = []
    for (thing, unit), days in sorted(by_thing.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
        series = Series(claimant, claim_type, thing, unit)
        for day in sorted(days):
            figures: dict[tuple[Any, ...], dict[str, Any]] = {}
            claim_ids: list[str] = []
            for claim, q in days[day]:
                figures.setdefault((q.value, q.min, q.max, q.approx), q.to_record())
                if claim.claim_id not in claim_ids:
                    claim_ids.append(claim.claim_id)
            value = max(plain_number(q.value) for _, q in days[day])
            series.points.append(SeriesPoint(day, value, list(figures.values()), claim_ids))
        found.append(series)
    return found


def series_rows(series: Sequence[Series]) -> list[dict[str, Any]]:
    """One row a point (long format): day, claimant, item, unit, value, claims."""
    return [
        {
            "day": p.day,
            "claimant_id": s.claimant.get("id"),
            "claimant": s.claimant.get("name"),
            "type": s.type,
            "item": s.item,
            "unit": s.unit,
            "value": p.value,
            "claims": " ".join(p.claims),
        }
        for s in series
        for p in s.points
    ]


def series_grid(series: Sequence[Series]) -> tuple[list[str], list[list[Any]]]:
    """Days down, one column a series (wide format): the header and the rows, None where a series has no point."""
    days = sorted({p.day for s in series for p in s.points})
    lookup = [{p.day: p.value for p in s.points} for s in series]
    return ["day", *(s.label for s in series)], [
        [day, *(values.get(day) for values in lookup)] for day in days
    ]


def series_record(claim_type: str, item: str | None, series: Sequence[Series]) -> dict[str, Any]:
    """The series as JSON: the type and item asked for, and each series with its label and points."""
    return {"type": claim_type, "item": item, "series": [{**asdict(s), "label": s.label} for s in series]}
