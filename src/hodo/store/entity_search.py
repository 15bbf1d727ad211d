"""Entities named in claims, a page at a time, most-cited first; one entity with a page of its claims, and its claims a day.

A linked entity is keyed by its id; an unlinked one by its name. The counts
per role say how many claims name it as claimant, actor, target or place;
``claims`` is their sum (a claim that names it in two roles counts twice),
as in ``hodo entities``.
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from hodo.store.claim_search import CLAIM_DAY, CLAIM_SORTS
from hodo.store.paging import DEFAULT_LIMIT, Cursor, Page, fetch_keyset, keyset_condition, order_by
from hodo.store.queries import ROLES

_SORT = "claims"


@dataclass
class EntityQuery:
    """``text`` matches ids, names and surface forms as substrings, case-insensitively."""

    text: str | None = None
    kind: str | None = None
    role: str | None = None


@dataclass
class EntityCounts:
    key: str
    id: str | None
    name: str
    kind: str
    claims: int
    roles: dict[str, int] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        return {"key": self.key, "id": self.id, "name": self.name, "kind": self.kind, "claims": self.claims,
                **{role: self.roles.get(role, 0) for role in ROLES}}  # fmt: skip


def entity_page(
    conn: sqlite3.Connection, q: EntityQuery, *, cursor: str | None = None, limit: int = DEFAULT_LIMIT
) -> Page[EntityCounts]:
    """One page of entities matching ``q``, by number of claims (most first), then key.

    One grouped scan of the entity rows (an index holds them in group order)
    counts every entity; they are ranked and cut into a page here.
    """
    where: list[str] = []
    params: list[Any] = []
    if q.kind:
        where.append("kind = ?")
        params.append(q.kind)
    if q.role and q.role not in ROLES:
        raise ValueError(f"{q.role!r} is not a role")
    wanted: set[tuple[str | None, str]] | None = None
    if q.text:
        # The distinct (id, name, surface form) triples are few and an index holds them in order:
        # matching them here is cheaper than LIKE over every entity row.
        needle = q.text.casefold()
        wanted = {
            (ident, name)
            for ident, name, text in conn.execute("SELECT DISTINCT entity_id, name, text FROM claim_entities")
            if any(needle in (value or "").casefold() for value in (ident, name, text))
        }
        wanted_ids = {ident for ident, _ in wanted if ident}
    # A claim's text row is as unique to it as its id, and the entity index holds it (migration 9).
    rows = conn.execute(
        "SELECT entity_id, name, role, MAX(kind), COUNT(DISTINCT text_row) FROM claim_entities"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " GROUP BY entity_id, name, role",
        params,
    )
    found: dict[str, EntityCounts] = {}
    for ident, name, role, kind, n in rows:
        if wanted is not None and (ident not in wanted_ids if ident else (None, name) not in wanted):
            continue
        key = ident or name
        entity = found.setdefault(f"{'id' if ident else 'name'}:{key}", EntityCounts(key, ident, name, kind, 0))
        entity.roles[role] = entity.roles.get(role, 0) + n
        entity.claims += n
    ranked = sorted(
        (e for e in found.values() if not q.role or e.roles.get(q.role)), key=lambda e: (-e.claims, e.key)
    )
    start = 0
    if cursor:
        after = Cursor.decode(cursor, _SORT, 2)
        start = bisect_right([(-e.claims, e.key) for e in ranked], tuple(after.key))
    items = ranked[start : start + limit]
    more = start + limit < len(ranked)
    next_cursor = Cursor(_SORT, (-items[-1].claims, items[-1].key)).encode() if more and items else None
    return Page(items, len(ranked), next_cursor)


@dataclass
class EntityClaims:
    entity: EntityCounts
    surface_forms: list[str]
    claims: Page[dict[str, Any]]


def _entity_condition(conn: sqlite3.Connection, ident: str) -> tuple[str, str] | None:
    """SQL over ``claim_entities ce`` selecting the rows of the entity ``ident`` names, and its parameter."""
    row = conn.execute(
        "SELECT entity_id FROM claim_entities WHERE LOWER(entity_id) = LOWER(?) LIMIT 1", (ident,)
    ).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT entity_id, name FROM claim_entities WHERE name = ? OR text = ?"
            " ORDER BY entity_id IS NULL LIMIT 1",
            (ident, ident),
        ).fetchone()
    if row is None:
        return None
    if row["entity_id"]:
        return "ce.entity_id = ?", row["entity_id"]
    return "ce.entity_id IS NULL AND ce.name = ?", row["name"]


def entity_claims(
    conn: sqlite3.Connection,
    ident: str,
    *,
    role: str | None = None,
    sort: str = "doc",
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> EntityClaims | None:
    """The entity with id ``ident`` (or, unlinked, that name or surface form), and a page of its claims.

    Claims come in ``sort`` order (one of ``CLAIM_SORTS``: document order, or by day), each with
    the roles the entity has in it.
    """
    found = _entity_condition(conn, ident)
    if found is None:
        return None
    condition, value = found
    counts = conn.execute(
        "SELECT MAX(ce.entity_id), MAX(ce.name), MAX(ce.kind), "
        + ", ".join(f"COUNT(DISTINCT CASE WHEN ce.role = '{r}' THEN ce.text_row END)" for r in ROLES)
        + f" FROM claim_entities ce WHERE {condition}",
        (value,),
    ).fetchone()
    roles = {r: counts[3 + i] for i, r in enumerate(ROLES) if counts[3 + i]}
    entity = EntityCounts(counts[0] or counts[1], counts[0], counts[1], counts[2], sum(roles.values()), roles)
    forms = [
        r[0]
        for r in conn.execute(
            f"SELECT ce.text, COUNT(*) AS n FROM claim_entities ce WHERE {condition} GROUP BY ce.text"
            " ORDER BY n DESC, ce.text",
            (value,),
        )
    ]
    where = [condition]
    params: list[Any] = [value]
    if role:
        where.append("ce.role = ?")
        params.append(role)
    members = f"SELECT DISTINCT ce.claim_id FROM claim_entities ce WHERE {' AND '.join(where)}"
    total = conn.execute(f"SELECT COUNT(*) FROM ({members}) t", params).fetchone()[0]
    key, descending = CLAIM_SORTS[sort]
    page_where = ""
    page_params: list[Any] = []
    if cursor:
        after = Cursor.decode(cursor, sort, len(key))
        page_where = f" AND {keyset_condition(key, descending)}"
        page_params = list(after.key)
    rows, next_cursor = fetch_keyset(
        conn,
        f"SELECT claims.record, {', '.join(key)} FROM claims WHERE claims.claim_id IN ({members}){page_where}"
        f" ORDER BY {order_by(key, descending)}",
        [*params, *page_params],
        limit=limit,
        sort=sort,
        width=len(key),
    )
    records = [json.loads(r[0]) for r in rows]
    roles = _roles_in(conn, condition, value, [r["claim_id"] for r in records])
    for record in records:
        record["roles"] = roles.get(record["claim_id"], [])
    return EntityClaims(entity, forms, Page(records, total, next_cursor))


@dataclass(frozen=True)
class RoleDay:
    day: str
    role: str
    claims: int


def entity_days(conn: sqlite3.Connection, ident: str) -> list[RoleDay] | None:
    """How many claims name the entity ``ident`` on each day, in each role; None for no such entity.

    A claim's day is the one the claim search sorts by (the last day of its ``when``, else
    when it was stated); claims with neither are left out.
    """
    found = _entity_condition(conn, ident)
    if found is None:
        return None
    condition, value = found
    rows = conn.execute(
        f"SELECT {CLAIM_DAY} AS day, ce.role, COUNT(DISTINCT claims.claim_id) FROM claim_entities ce"
        f" JOIN claims ON claims.claim_id = ce.claim_id WHERE {condition} AND {CLAIM_DAY} != ''"
        " GROUP BY day, ce.role ORDER BY day",
        (value,),
    )
    return [RoleDay(day, role, n) for day, role, n in rows]


def _roles_in(
    conn: sqlite3.Connection, condition: str, value: str, claim_ids: list[str]
) -> dict[str, list[str]]:
    if not claim_ids:
        return {}
    rows = conn.execute(
        f"SELECT DISTINCT ce.claim_id, ce.role FROM claim_entities ce WHERE {condition}"
        f" AND ce.claim_id IN ({', '.join('?' * len(claim_ids))})",
        [value, *claim_ids],
    )
    found: dict[str, list[str]] = {}
    for claim_id, role in rows:
        found.setdefault(claim_id, []).append(role)
    return {k: sorted(v, key=ROLES.index) for k, v in found.items()}
