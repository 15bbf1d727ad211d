"""What the store holds about one day, for its digest: the day's events, their claims, their documents."""

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
