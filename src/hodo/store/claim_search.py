"""Claims by every filter the API offers, a page at a time, in a chosen order.

``ClaimQuery`` adds to the CLI's ``ClaimFilter`` the filters of the HTTP API
(outlet, actor, target, polarity, modality, event) and a sort order; pages
are cut by keyset (see ``paging``), so paging to the end visits every claim
once even while documents are added.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from typing import Any

from hodo.store.dialect import SQLITE, Dialect, dialect_of
from hodo.store.paging import DEFAULT_LIMIT, Cursor, Page, fetch_keyset, keyset_condition, order_by
from hodo.store.queries import (
    DOC_ORDER,
    ClaimFilter,
    _claim_conditions,
    count_entity_claims,
    entity_clause,
    entity_page_ids,
    entity_params,
)

POLARITIES: tuple[str, ...] = ("affirmed", "denied")
MODALITIES: tuple[str, ...] = ("asserted", "estimated", "rumored", "planned")

# The day a claim is about: the last day of its ``when``, else the day it was stated.
CLAIM_DAY = "COALESCE(claims.when_end, claims.stated, '')"

# sort name -> (key columns, descending)
CLAIM_SORTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "doc": (DOC_ORDER, False),
    "date": ((CLAIM_DAY, "claims.claim_id"), False),
    "-date": ((CLAIM_DAY, "claims.claim_id"), True),
}


@dataclass
class ClaimQuery(ClaimFilter):
    """A ClaimFilter with the API's further filters; None (or False) means no filter."""

    outlet: str | None = None
    actor: str | None = None
    target: str | None = None
    polarity: str | None = None
    modality: str | None = None
    event: str | None = None

    def entity_needles(self) -> list[tuple[str, str]]:
        found = super().entity_needles()
        return found + [(role, needle) for role, needle in (("actor", self.actor), ("target", self.target)) if needle]

    def lone_entity(self) -> tuple[str, str] | None:
        if self.outlet or self.polarity or self.modality or self.event:
            return None
        return super().lone_entity()


def claim_conditions(q: ClaimFilter, dialect: Dialect = SQLITE) -> tuple[list[str], list[Any]]:
    """WHERE conditions over ``claims`` for every filter of ``q``, with their parameters."""
    where, params = _claim_conditions(replace(q, claimant=None, place=None), dialect=dialect)
    for role, needle in q.entity_needles():
        where.append(entity_clause(dialect))
        params += entity_params(role, needle)
    if not isinstance(q, ClaimQuery):
        return where, params
    if q.outlet:
        # By id or by the name the outlet's reports carry.
        where.append(
            "(LOWER(claims.outlet_id) = LOWER(?) OR claims.outlet_id IN"
            " (SELECT outlet_id FROM reports WHERE LOWER(outlet_name) = LOWER(?)))"
        )
        params += [q.outlet, q.outlet]
    if q.polarity:
        where.append("claims.polarity = ?")
        params.append(q.polarity)
    if q.modality:
        where.append(f"{dialect.json_text('claims.record', 'modality')} = ?")
        params.append(q.modality)
    if q.event:
        where.append("claims.claim_id IN (SELECT claim_id FROM event_claims WHERE event_id = ?)")
        params.append(q.event)
    return where, params


def claim_page(
    conn: sqlite3.Connection,
    q: ClaimFilter,
    *,
    sort: str = "doc",
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Page[dict[str, Any]]:
    """One page of claim records (the spec's JSON, as stored, plus ``event_id``) matching ``q``, in ``sort`` order."""
    columns, descending = CLAIM_SORTS[sort]
    dialect = dialect_of(conn)
    where, params = claim_conditions(q, dialect)
    after = Cursor.decode(cursor, sort, len(columns)) if cursor else None
    # In document order, the claims naming one entity are walked in its index rows' own order.
    lone = q.lone_entity() if sort == "doc" else None
    if lone:
        total = count_entity_claims(conn, *lone)
    else:
        total = conn.execute(_select("COUNT(*)", where), params).fetchone()[0]
    page_where, page_params = list(where), list(params)
    if after:
        page_where.append(keyset_condition(columns, descending))
        page_params += list(after.key)
    event = "(SELECT ec.event_id FROM event_claims ec WHERE ec.claim_id = claims.claim_id)"
    if lone:
        page, page_params = entity_page_ids(conn, *lone, limit=limit + 1, after=after.key if after else None)
        page_where = [f"claims.claim_id IN ({page})"]
    elif dialect.sorts_matches_first and q.entity_needles():
        # The matches' keys are found first, then sorted; only the page's records are read.
        keys = ", ".join(f"{c} AS k{i}" for i, c in enumerate(columns))
        matches = dialect.evaluated_once(_select(f"claims.claim_id, {keys}", page_where))
        ordered = order_by([f"m.k{i}" for i in range(len(columns))], descending)
        page_where = [f"claims.claim_id IN (SELECT m.claim_id FROM ({matches}) AS m ORDER BY {ordered} LIMIT ?)"]
        page_params.append(limit + 1)
    sql = _select(", ".join(("claims.record", event, *columns)), page_where)
    sql += f" ORDER BY {order_by(columns, descending)}"
    rows, next_cursor = fetch_keyset(conn, sql, page_params, limit=limit, sort=sort, width=len(columns))
    return Page([{**json.loads(row[0]), "event_id": row[1]} for row in rows], total, next_cursor)


def _select(what: str, where: list[str]) -> str:
    sql = f"SELECT {what} FROM claims"
    return sql + (" WHERE " + " AND ".join(where) if where else "")


def claim_record(conn: sqlite3.Connection, claim_id: str) -> dict[str, Any] | None:
    """One stored claim record, or None."""
    row = conn.execute("SELECT record FROM claims WHERE claim_id = ?", (claim_id,)).fetchone()
    return json.loads(row[0]) if row else None


def claim_records(conn: sqlite3.Connection, claim_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Stored claim records by id, for the ids listed that the store holds."""
    found: dict[str, dict[str, Any]] = {}
    # In chunks: an engine caps how many parameters one statement may bind.
    for start in range(0, len(claim_ids), 500):
        chunk = claim_ids[start : start + 500]
        sql = f"SELECT claim_id, record FROM claims WHERE claim_id IN ({', '.join('?' * len(chunk))})"
        found.update((row[0], json.loads(row[1])) for row in conn.execute(sql, chunk))
    return found



def claim_document(conn: sqlite3.Connection, claim_id: str) -> str | None:
    """The id of the stored document that holds the claim, or None when there is no such claim."""
    row = conn.execute("SELECT doc_id FROM claims WHERE claim_id = ?", (claim_id,)).fetchone()
    return row[0] if row else None
