"""Counts of the claims that match a filter, by type, claimant, outlet, place, day and polarity.

Each facet is one GROUP BY over the matching claims, most frequent values
first, at most ``limit`` values a facet; an entity facet counts each claim
once, and names a linked entity by its id with one of its names.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from hodo.store.claim_search import CLAIM_DAY, claim_conditions
from hodo.store.queries import ClaimFilter

FACETS: tuple[str, ...] = ("type", "claimant", "outlet", "place", "day", "polarity")


@dataclass(frozen=True)
class FacetValue:
    value: str | None
    label: str
    count: int


def _where(where: list[str]) -> str:
    return " WHERE " + " AND ".join(where) if where else ""


def claim_facets(
    conn: sqlite3.Connection, q: ClaimFilter, *, facets: tuple[str, ...] = FACETS, limit: int = 50
) -> dict[str, list[FacetValue]]:
    """For each facet named, its values among the claims matching ``q``, with counts."""
    where, params = claim_conditions(q)
    found: dict[str, list[FacetValue]] = {}
    for facet in facets:
        if facet in ("claimant", "place"):
            sql = (
                "SELECT ce.entity_id, MAX(ce.name), COUNT(DISTINCT ce.claim_id) AS n FROM claim_entities ce"
                " JOIN claims ON claims.claim_id = ce.claim_id"
                + _where(["ce.role = ?", *where])
                + " GROUP BY ce.entity_id, CASE WHEN ce.entity_id IS NULL THEN ce.name END"
            )
            args: list[Any] = [facet, *params]
            rows = conn.execute(sql + " ORDER BY n DESC, 2 LIMIT ?", [*args, limit]).fetchall()
            found[facet] = [FacetValue(r[0] or r[1], r[1], r[2]) for r in rows]
            continue
        if facet == "outlet":
            sql = (
                "SELECT claims.outlet_id, COUNT(*) AS n, (SELECT MAX(r.outlet_name) FROM reports r"
                " WHERE r.outlet_id = claims.outlet_id) FROM claims"
                + _where(where)
                + " GROUP BY claims.outlet_id"
            )
        else:
            column = {"type": "claims.type", "day": CLAIM_DAY, "polarity": "claims.polarity"}[facet]
            sql = f"SELECT {column}, COUNT(*) AS n, {column} FROM claims{_where(where)} GROUP BY {column}"
        rows = conn.execute(sql + " ORDER BY n DESC, 1 LIMIT ?", [*params, limit]).fetchall()
        found[facet] = [FacetValue(r[0] or None, r[2] or r[0] or "", r[1]) for r in rows]
    return found
