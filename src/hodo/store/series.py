"""The claims behind a figure series: one claimant's (or several) claims of one type.

What a series point is (which claims count for a day, how repeated figures
fold) is ``hodo.views.series``'s; this module only finds the claims.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from hodo.models import Claim
from hodo.store.claim_search import claim_conditions
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
