"""Everything an export writes: every claim and event record, which event each claim is in, document URLs."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from hodo.store.claim_search import claim_conditions
from hodo.store.dialect import dialect_of
from hodo.store.queries import CLAIM_ORDER, ClaimFilter


def iter_claim_records(conn: sqlite3.Connection, q: ClaimFilter | None = None) -> Iterator[dict[str, Any]]:
    """The stored claim records matching ``q`` (all when None), in document order, one at a time."""
    where, params = claim_conditions(q or ClaimFilter(), dialect_of(conn))
    sql = "SELECT record FROM claims" + (" WHERE " + " AND ".join(where) if where else "")
    for row in conn.execute(f"{sql} {CLAIM_ORDER}", params):
        yield json.loads(row[0])


def claim_events(conn: sqlite3.Connection) -> dict[str, str]:
    """The event of every claim that is in one."""
    return {row[0]: row[1] for row in conn.execute("SELECT claim_id, event_id FROM event_claims")}


def document_urls(conn: sqlite3.Connection) -> dict[str, str]:
    """The URL of every document that has one."""
    return {row[0]: row[1] for row in conn.execute("SELECT doc_id, url FROM documents WHERE url IS NOT NULL")}


def iter_event_records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every stored event that still has claims, with the claim ids the store holds, in stored order."""
    members: dict[str, list[str]] = {}
    for event_id, claim_id in conn.execute(
        "SELECT event_id, claim_id FROM event_claims ORDER BY event_id, position"
    ):
        members.setdefault(event_id, []).append(claim_id)
    for event_id, raw in conn.execute("SELECT event_id, record FROM events ORDER BY rowid"):
        if members.get(event_id):
            record = json.loads(raw)
            record["claims"] = members[event_id]
            yield record
