"""Counts of the claims that match a filter, by type, claimant, outlet, place, day and polarity.

The filter is evaluated at most twice: one scan reads the facet columns of
every matching claim and is counted here, one more groups the places of those
claims, so a costly filter (a claimant named by a surface form) is not paid
once a facet. Values come most frequent first, at most
``limit`` a facet; a linked entity is named by its id, with the name seen most.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass

from hodo.store.claim_search import CLAIM_DAY, claim_conditions
from hodo.store.dialect import dialect_of
from hodo.store.queries import ClaimFilter

FACETS: tuple[str, ...] = ("type", "claimant", "outlet", "place", "day", "polarity")

# The columns each facet counts: a value and its label (an id and its name, for claimants).
_COLUMNS: dict[str, tuple[str, str]] = {
    "type": ("claims.type", "claims.type"),
    "claimant": ("claims.claimant_id", "claims.claimant_name"),
    "outlet": ("claims.outlet_id", "claims.outlet_id"),
    "day": (CLAIM_DAY, CLAIM_DAY),
    "polarity": ("claims.polarity", "claims.polarity"),
}


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
    where, params = claim_conditions(q, dialect_of(conn))
    found: dict[str, list[FacetValue]] = {}
    columns = [f for f in facets if f != "place"]
    tallies: dict[str, Counter[tuple[str | None, str | None]]] = {f: Counter() for f in columns}
    if columns and where:
        # One scan of the matching claims, counted here: the filter is paid once, not once a facet.
        selected = ", ".join(c for f in columns for c in _COLUMNS[f])
        for row in conn.execute(f"SELECT {selected} FROM claims{_where(where)}", params):
            for i, facet in enumerate(columns):
                tallies[facet][(row[2 * i] or None, row[2 * i + 1] or None)] += 1
    else:
        # No filter: each facet is one GROUP BY that an index serves.
        for facet in columns:
            value, label = _COLUMNS[facet]
            grouped = value if value == label else f"{value}, {label}"
            for row in conn.execute(f"SELECT {value}, {label}, COUNT(*) FROM claims GROUP BY {grouped}"):
                tallies[facet][(row[0] or None, row[1] or None)] += row[2]
    if "claimant" in tallies:
        del tallies["claimant"][(None, None)]  # claims without a claimant
    for facet, tally in tallies.items():
        if facet == "outlet":
            names = _outlet_names(conn, [o for o, _ in tally if o])
            tally = Counter({(o, names.get(o or "", o)): n for (o, _), n in tally.items()})
        found[facet] = _ranked(tally, limit)
    if "place" in facets:
        claims_in = f" AND ce.claim_id IN (SELECT claims.claim_id FROM claims{_where(where)})" if where else ""
        rows = conn.execute(
            "SELECT ce.entity_id, ce.name, COUNT(DISTINCT ce.claim_id) FROM claim_entities ce"
            f" WHERE ce.role = 'place'{claims_in} GROUP BY ce.entity_id, ce.name",
            params,
        )
        found["place"] = _ranked(Counter({(ident, name): n for ident, name, n in rows}), limit)
    return {f: found[f] for f in facets}


def _outlet_names(conn: sqlite3.Connection, outlet_ids: list[str]) -> dict[str, str]:
    if not outlet_ids:
        return {}
    sql = (
        "SELECT outlet_id, MAX(outlet_name) FROM reports"
        f" WHERE outlet_id IN ({', '.join('?' * len(outlet_ids))}) GROUP BY outlet_id"
    )
    return {outlet_id: name for outlet_id, name in conn.execute(sql, outlet_ids) if name}


def _ranked(counts: Counter[tuple[str | None, str | None]], limit: int) -> list[FacetValue]:
    """(value, label) counts as facet values, one per value, most frequent first.

    A value seen with several labels (an id with two names) counts once, under the label seen most.
    """
    totals: Counter[str | None] = Counter()
    best: dict[str | None, tuple[int, str]] = {}
    for (value, label), n in counts.items():
        key = value if value else (f"~{label}" if label else None)
        totals[key] += n
        if key not in best or n > best[key][0]:
            best[key] = (n, label or value or "")
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], best[kv[0]][1]))[:limit]
    return [FacetValue(key.removeprefix("~") if key else None, best[key][1], n) for key, n in ranked]
