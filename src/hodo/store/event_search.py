"""Events by the API's filters, a page at a time; one event with its stored claims.

An event matches on its own type, dates and contested flag, and on the claim
filters through any of its claims (an event "mentions Sumy Oblast" when one
of its claims does). Like ``queries.select_events``, an event's claim list is
what the store still holds, and an event left with no claim is not listed.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from hodo.store.claim_search import claim_conditions
from hodo.store.dialect import SQLITE, Dialect, dialect_of
from hodo.store.paging import DEFAULT_LIMIT, Cursor, Page, fetch_keyset, keyset_condition, order_by
from hodo.store.queries import ClaimFilter, event_own_conditions

EVENT_DAY = "COALESCE(events.when_start, '')"

EVENT_SORTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "date": ((EVENT_DAY, "events.event_id"), False),
    "-date": ((EVENT_DAY, "events.event_id"), True),
}


@dataclass
class EventQuery:
    """Filters on the event itself; ``claims`` filters on any of its claims."""

    type: str | None = None
    since: date | None = None
    until: date | None = None
    contested: bool | None = None
    claims: ClaimFilter | None = None


def event_conditions(q: EventQuery, dialect: Dialect = SQLITE) -> tuple[list[str], list[Any]]:
    where, params = event_own_conditions(q.type, q.since, q.until, q.contested)
    if q.claims is not None:
        claim_where, claim_params = claim_conditions(q.claims, dialect)
        if claim_where:
            # IN, not a correlated EXISTS: the matching claims are found once, not once per event.
            matching = (
                "SELECT ec.event_id FROM event_claims ec JOIN claims ON claims.claim_id = ec.claim_id"
                " WHERE " + " AND ".join(claim_where)
            )
            where.append(f"events.event_id IN ({dialect.evaluated_once(matching)})")
            params += claim_params
    return where, params


def event_page(
    conn: sqlite3.Connection,
    q: EventQuery,
    *,
    sort: str = "-date",
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Page[dict[str, Any]]:
    """One page of event records matching ``q``; each record's ``claims`` is what the store holds."""
    columns, descending = EVENT_SORTS[sort]
    where, params = event_conditions(q, dialect_of(conn))
    total = conn.execute("SELECT COUNT(*) FROM events WHERE " + " AND ".join(where), params).fetchone()[0]
    if cursor:
        after = Cursor.decode(cursor, sort, len(columns))
        where = [*where, keyset_condition(columns, descending)]
        params = [*params, *after.key]
    sql = (
        f"SELECT events.event_id, events.record, {', '.join(columns)} FROM events"
        f" WHERE {' AND '.join(where)} ORDER BY {order_by(columns, descending)}"
    )
    rows, next_cursor = fetch_keyset(conn, sql, params, limit=limit, sort=sort, width=len(columns))
    members = event_members(conn, [row[0] for row in rows])
    records = []
    for row in rows:
        record = json.loads(row[1])
        record["claims"] = members.get(row[0], [])
        records.append(record)
    return Page(records, total, next_cursor)


def event_record(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    """One stored event record with the claims the store still holds, or None."""
    row = conn.execute("SELECT record FROM events WHERE event_id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    record = json.loads(row[0])
    record["claims"] = event_members(conn, [event_id]).get(event_id, [])
    return record


def event_members(conn: sqlite3.Connection, event_ids: list[str]) -> dict[str, list[str]]:
    """Each listed event's claim ids, in the order clustering gave them."""
    members: dict[str, list[str]] = {}
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start : start + 500]
        sql = (
            "SELECT event_id, claim_id FROM event_claims"
            f" WHERE event_id IN ({', '.join('?' * len(chunk))}) ORDER BY event_id, position"
        )
        for row in conn.execute(sql, chunk):
            members.setdefault(row[0], []).append(row[1])
    return members


def events_of_day(conn: sqlite3.Connection, day: date) -> list[dict[str, Any]]:
    """The events of one day: those whose dates end on it, and undated ones with a claim stated on it.

    Each event counts on one day only (the last of its dates), so a digest a
    day never repeats yesterday's multi-day events.
    """
    iso = day.isoformat()
    rows = conn.execute(
        "SELECT events.event_id, events.record FROM events WHERE events.when_end = ?"
        " OR (events.when_end IS NULL AND EXISTS (SELECT 1 FROM event_claims ec"
        "  JOIN claims ON claims.claim_id = ec.claim_id"
        "  WHERE ec.event_id = events.event_id AND claims.stated = ?))"
        " ORDER BY events.event_id",
        (iso, iso),
    ).fetchall()
    members = event_members(conn, [row[0] for row in rows])
    records = []
    for row in rows:
        if members.get(row[0]):
            record = json.loads(row[1])
            record["claims"] = members[row[0]]
            records.append(record)
    return records
