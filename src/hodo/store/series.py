"""The claims behind a figure series: one claimant's (or several) claims of one type.

What a series point is (which claims count for a day, how repeated figures
fold) is ``hodo.views.series``'s; this module only finds the claims, and
which claimants and types have figures to draw at all (``series_choices``).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date

from hodo.models import Claim
from hodo.store.claim_search import CLAIM_DAY, claim_conditions
from hodo.store.dialect import dialect_of
from hodo.store.queries import ClaimFilter


def series_claims(
    conn: sqlite3.Connection,
    claimant: str,
    claim_type: str,
    since: date | None = None,
    until: date | None = None,
) -> list[Claim]:
    """The claims of ``claim_type`` whose claimant is ``claimant`` (id, name or surface form), by day."""
    where, params = claim_conditions(
        ClaimFilter(type=claim_type, claimant=claimant, since=since, until=until), dialect_of(conn)
    )
    sql = "SELECT record FROM claims WHERE " + " AND ".join(where)
    sql += " ORDER BY COALESCE(claims.when_end, claims.stated, ''), claims.claim_id"
    return [Claim.from_record(json.loads(row[0])) for row in conn.execute(sql, params)]


@dataclass(frozen=True)
class SeriesChoice:
    """A claimant (its id, else its name) with affirmed figures of one claim type on ``days`` days."""

    claimant: str
    name: str
    type: str
    days: int
    claims: int


def series_choices(conn: sqlite3.Connection, limit: int = 100) -> list[SeriesChoice]:
    """The claimant and type pairs with figures, those with figures on the most days first."""
    rows = conn.execute(
        f"SELECT claims.claimant_id, claims.claimant_name, claims.type, COUNT(DISTINCT {CLAIM_DAY}) AS days,"
        " COUNT(*) AS n FROM claims WHERE claims.claimant_name IS NOT NULL AND claims.polarity = 'affirmed'"
        f" AND {dialect_of(conn).json_array_size('claims.record', 'quantities')} > 0"
        " GROUP BY claims.claimant_id, claims.claimant_name, claims.type"
        " ORDER BY days DESC, n DESC, claims.claimant_name, claims.type LIMIT ?",
        (limit,),
    )
    return [SeriesChoice(ident or name, name, claim_type, days, n) for ident, name, claim_type, days, n in rows]
