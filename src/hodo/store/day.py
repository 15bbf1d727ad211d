"""What the store holds about one day, for its digest: the day's events, their claims, their documents.

``event_days`` lists the days that have a digest, for moving from one to the next.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from hodo.models import Claim
from hodo.store.claim_search import claim_records
from hodo.store.documents import document_links
from hodo.store.event_search import events_of_day


@dataclass
class DayRecords:
    day: date
    events: list[dict[str, Any]]
    claims: dict[str, Claim]
    # The URL of each document of those claims that has one.
    urls: dict[str, str]


def day_records(conn: sqlite3.Connection, day: date) -> DayRecords:
    """The events of ``day`` (see ``events_of_day``) with every claim of theirs and those claims' documents."""
    events = events_of_day(conn, day)
    ids = [claim_id for event in events for claim_id in event["claims"]]
    claims = {claim_id: Claim.from_record(record) for claim_id, record in claim_records(conn, ids).items()}
    links = document_links(conn, sorted({claim.doc for claim in claims.values()}))
    return DayRecords(day, events, claims, {doc_id: link.url for doc_id, link in links.items() if link.url})


def event_days(conn: sqlite3.Connection) -> list[date]:
    """Every day that has a digest: the days ``events_of_day`` finds events on, in order."""
    rows = conn.execute(
        "SELECT events.when_end FROM events WHERE events.when_end IS NOT NULL"
        " AND EXISTS (SELECT 1 FROM event_claims ec WHERE ec.event_id = events.event_id)"
        " UNION SELECT claims.stated FROM events JOIN event_claims ec ON ec.event_id = events.event_id"
        " JOIN claims ON claims.claim_id = ec.claim_id"
        " WHERE events.when_end IS NULL AND claims.stated IS NOT NULL"
    ).fetchall()
    return sorted(date.fromisoformat(row[0]) for row in rows)
