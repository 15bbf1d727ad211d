"""The reads the JSON API and the web pages share: a store query and the view computed over it.

Each is one function so that the two surfaces cannot drift apart: the event a
page shows side by side is the one ``GET /events/{id}`` returns.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

from hodo.models import Claim
from hodo.store.claim_search import claim_records
from hodo.store.event_search import event_record
from hodo.store.series import series_claims
from hodo.views.event import EventSideBySide, event_side_by_side
from hodo.views.series import Series, claimant_series


def event_view(conn: sqlite3.Connection, event_id: str) -> EventSideBySide | None:
    """The stored event side by side over the claims the store holds; None when it has none."""
    record = event_record(conn, event_id)
    if record is None or not record["claims"]:
        return None
    claims = claim_records(conn, record["claims"])
    return event_side_by_side(record, [Claim.from_record(claims[i]) for i in record["claims"] if i in claims])


def figure_series(
    conn: sqlite3.Connection,
    claimants: Sequence[str],
    claim_type: str,
    item: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[Series]:
    """Each claimant's series of figures of ``claim_type`` (and ``item``), side by side."""
    found: list[Series] = []
    for who in claimants:
        found += claimant_series(who, series_claims(conn, who, claim_type, since, until), claim_type, item)
    return found
