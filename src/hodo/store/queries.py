"""Reading the store: claims, events, documents and entities, with the CLI's filters.

Filters become SQL over the indexed columns and the claim entity rows; the
records themselves come back from their stored JSON, so what is read is
exactly what the pipeline produced.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hodo.models import (
    Claim,
    Corroboration,
    DateRange,
    Discrepancy,
    Document,
    Entity,
    Event,
    Outlet,
    Report,
    Sentence,
)
from hodo.store.dialect import SQLITE, Dialect, dialect_of, like_escape
from hodo.store.paging import keyset_condition

ROLES: tuple[str, ...] = ("claimant", "actor", "target", "place")


@dataclass
class ClaimFilter:
    """What ``hodo claims`` (and, where they apply, ``hodo events``) filter on. None: no filter."""

    type: str | None = None
    claimant: str | None = None
    place: str | None = None
    since: date | None = None
    until: date | None = None
    doc: str | None = None
    contains: str | None = None
    limit: int | None = None

    def entity_needles(self) -> list[tuple[str, str]]:
        """The (role, needle) of each entity this filter names."""
        return [(role, needle) for role, needle in (("claimant", self.claimant), ("place", self.place)) if needle]

    def lone_entity(self) -> tuple[str, str] | None:
        """The (role, needle) of the entity this filter names when that is its only condition."""
        needles = self.entity_needles()
        others = (self.type, self.since, self.until, self.doc, self.contains)
        return needles[0] if len(needles) == 1 and not any(others) else None


@dataclass
class DocumentSummary:
    doc_id: str
    name: str
    date: date | None
    source: str
    title: str | None
    reports: int
    sentences: int
    claims: int
    ingested_at: str


@dataclass
class EntitySummary:
    """An entity as the claims saw it, with how many claims name it in each role."""

    id: str | None
    name: str
    kind: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class EntityDetail:
    entity: EntitySummary
    surface_forms: list[str]
    claims: dict[str, list[Claim]]


def _claim_conditions(
    flt: ClaimFilter, *, with_dates: bool = True, dialect: Dialect = SQLITE
) -> tuple[list[str], list[Any]]:
    """WHERE conditions over ``claims`` for a filter, with their parameters in order."""
    where: list[str] = []
    params: list[Any] = []
    for role, needle in (("claimant", flt.claimant), ("place", flt.place)):
        if needle:
            where.append(entity_clause(dialect))
            params += entity_params(role, needle)
    if flt.type:
        where.append("claims.type = ?")
        params.append(flt.type)
    if flt.doc:
        # A document's identity, else every document of that name (the spec's ``doc``).
        where.append(
            "(claims.doc_id = ? OR (NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = ?)"
            " AND claims.doc_id IN (SELECT d.doc_id FROM documents d WHERE d.name = ?)))"
        )
        params += [flt.doc] * 3
    if flt.contains:
        condition, values = dialect.contains(flt.contains)
        where.append(condition)
        params += values
    if with_dates and flt.since:
        where.append("COALESCE(claims.when_end, claims.stated) >= ?")
        params.append(flt.since.isoformat())
    if with_dates and flt.until:
        where.append("COALESCE(claims.when_start, claims.stated) <= ?")
        params.append(flt.until.isoformat())
    return where, params


def entity_clause(dialect: Dialect) -> str:
    """SQL: the claim names, in a role, an entity matching the needle by id, name or surface form.

    Its parameters are ``entity_params``. A needle that matches any row of a
    linked entity selects every claim that names that entity, whatever surface
    form it is written in there. One branch per index: an OR across them would
    have the engine read every row of the role.
    """
    linked = dialect.among_few(
        "entity_id",
        "SELECT entity_id FROM claim_entities WHERE entity_id IS NOT NULL"
        " AND (entity_id = ? COLLATE NOCASE OR name = ? OR text = ?)",
    )
    return (
        f"claims.claim_id IN (SELECT claim_id FROM claim_entities WHERE role = ? AND {linked}"
        " UNION ALL SELECT claim_id FROM claim_entities WHERE role = ? AND entity_id IS NULL AND name = ?"
        " UNION ALL SELECT claim_id FROM claim_entities WHERE role = ? AND entity_id IS NULL AND text = ?)"
    )


def entity_params(role: str, needle: str) -> list[Any]:
    """The parameters of ``entity_clause`` for one role and needle."""
    return [role, needle, needle, needle, role, needle, role, needle]


# Claims in document order: by document, place in it, and row of extraction (indexed, schema.py v7).
DOC_ORDER = ("claims.doc_id", "claims.span_start", "claims.text_row")
CLAIM_ORDER = "ORDER BY " + ", ".join(DOC_ORDER)
# The same order as the claim entity rows keep it, after role and entity in their indexes (v8).
ENTITY_DOC_ORDER = ("doc_id", "span_start", "text_row")


def linked_entity_ids(conn: sqlite3.Connection, needle: str) -> list[str]:
    """The ids of the linked entities that ``needle`` names by id (ignoring case), name or surface form.

    Each is found by a skip through an index (name or form, then id): a lookup per distinct id,
    where a DISTINCT would read every row of a common name (thousands in a large store).
    """
    found: set[str] = set()
    row = conn.execute(
        "SELECT entity_id FROM claim_entities WHERE entity_id = ? COLLATE NOCASE LIMIT 1", (needle,)
    ).fetchone()
    if row:
        found.add(row[0])
    for column in ("name", "text"):
        last = ""
        while row := conn.execute(
            f"SELECT entity_id FROM claim_entities WHERE {column} = ? AND entity_id > ? ORDER BY entity_id LIMIT 1",
            (needle, last),
        ).fetchone():
            last = row[0]
            found.add(last)
    return sorted(found)


def _entity_branches(
    conn: sqlite3.Connection, role: str, needle: str, after: tuple[Any, ...] | None
) -> tuple[list[str], list[Any]]:
    """One SELECT of (claim id, document-order key) per index range that ``entity_clause`` reads:
    each linked entity's, then the unlinked rows by name and by surface form, each after ``after``."""
    columns = ", ".join(("claim_id", *ENTITY_DOC_ORDER))
    resume = " AND " + keyset_condition(ENTITY_DOC_ORDER, False) if after else ""
    branches: list[str] = []
    params: list[Any] = []
    for ident in linked_entity_ids(conn, needle):
        branches.append(f"SELECT {columns} FROM claim_entities WHERE role = ? AND entity_id = ?{resume}")
        params += [role, ident, *(after or ())]
    for column in ("name", "text"):
        branches.append(f"SELECT {columns} FROM claim_entities WHERE role = ? AND entity_id IS NULL AND {column} = ?{resume}")
        params += [role, needle, *(after or ())]
    return branches, params


def entity_page_ids(
    conn: sqlite3.Connection, role: str, needle: str, *, limit: int, after: tuple[Any, ...] | None = None
) -> tuple[str, list[Any]]:
    """SQL for the ids of the first ``limit`` claims naming the entity in ``role`` (as ``entity_clause``
    matches it) in document order, after the document-order key ``after``; and its parameters.

    Each branch walks its range of an index already in that order, and the union merges them, so
    the page costs what it returns, not what matches.
    """
    branches, params = _entity_branches(conn, role, needle, after)
    order = ", ".join(ENTITY_DOC_ORDER)
    return f"SELECT claim_id FROM ({' UNION '.join(branches)} ORDER BY {order} LIMIT ?) AS page", [*params, limit]


def count_entity_claims(conn: sqlite3.Connection, role: str, needle: str) -> int:
    """How many claims name the entity in ``role``, counted in the entity rows' indexes alone."""
    branches, params = _entity_branches(conn, role, needle, None)
    return int(conn.execute(f"SELECT COUNT(*) FROM ({' UNION '.join(branches)}) AS matches", params).fetchone()[0])


def select_claims(conn: sqlite3.Connection, flt: ClaimFilter | None = None) -> list[Claim]:
    """Stored claims matching ``flt``, in document order."""
    flt = flt or ClaimFilter()
    dialect = dialect_of(conn)
    where, params = _claim_conditions(flt, dialect=dialect)
    matching = " WHERE " + " AND ".join(where) if where else ""
    lone = flt.lone_entity()
    if flt.limit is None:
        sql = f"SELECT record FROM claims{matching} {CLAIM_ORDER}"
    elif lone:
        page, params = entity_page_ids(conn, *lone, limit=flt.limit)
        sql = f"SELECT record FROM claims WHERE claims.claim_id IN ({page}) {CLAIM_ORDER}"
    else:
        # The page is chosen over the keys alone; only its own records are read.
        entities_only = bool(flt.claimant or flt.place) and not (flt.type or flt.doc or flt.contains)
        source = dialect.by_index("claims", "claims_keys") if entities_only else "claims"
        sql = (
            f"SELECT record FROM claims WHERE claims.claim_id IN"
            f" (SELECT claims.claim_id FROM {source}{matching} {CLAIM_ORDER} LIMIT ?) {CLAIM_ORDER}"
        )
        params.append(flt.limit)
    return [Claim.from_record(json.loads(row[0])) for row in conn.execute(sql, params)]


def count_claims(conn: sqlite3.Connection, flt: ClaimFilter | None = None) -> int:
    """How many stored claims match ``flt`` (its limit aside)."""
    flt = flt or ClaimFilter()
    lone = flt.lone_entity()
    if lone:
        return count_entity_claims(conn, *lone)
    where, params = _claim_conditions(flt, dialect=dialect_of(conn))
    sql = "SELECT COUNT(*) FROM claims" + (" WHERE " + " AND ".join(where) if where else "")
    return int(conn.execute(sql, params).fetchone()[0])


def claims_by_id(conn: sqlite3.Connection, claim_ids: list[str] | None = None) -> dict[str, Claim]:
    """Stored claims by id: all of them, or those listed."""
    if claim_ids is None:
        rows = conn.execute("SELECT claim_id, record FROM claims")
    else:
        condition, values = dialect_of(conn).in_values("claim_id", claim_ids)
        rows = conn.execute(f"SELECT claim_id, record FROM claims WHERE {condition}", values)
    return {row[0]: Claim.from_record(json.loads(row[1])) for row in rows}


def event_from_record(record: dict[str, Any]) -> Event:
    """Rebuild an Event from its stored record (the spec's event JSON)."""
    return Event(
        event_id=record["event_id"],
        type=record["type"],
        title=record.get("title") or "",
        when=DateRange.from_record(record.get("when")),
        places=[Entity.from_record(p) for p in record.get("places") or []],
        participants=[Entity.from_record(p) for p in record.get("participants") or []],
        claims=list(record.get("claims") or []),
        claimants=[Entity.from_record(c) for c in record.get("claimants") or []],
        outlets=[Outlet(o["id"], o["name"]) for o in record.get("outlets") or []],
        contested=bool(record.get("contested")),
        discrepancies=[
            Discrepancy(d.get("about", ""), d.get("unit", ""), list(d.get("values") or []))
            for d in record.get("discrepancies") or []
        ],
        copy_outlets=[Outlet(o["id"], o["name"]) for o in record.get("copy_outlets") or []],
        corroboration=Corroboration.from_record(record.get("corroboration")),
    )


def event_own_conditions(
    event_type: str | None, since: date | None, until: date | None, contested: bool | None
) -> tuple[list[str], list[Any]]:
    """WHERE conditions over ``events`` for the filters on the event itself (an event left with no
    claim never matches), with their parameters."""
    where: list[str] = ["EXISTS (SELECT 1 FROM event_claims ec WHERE ec.event_id = events.event_id)"]
    params: list[Any] = []
    if event_type:
        where.append("events.type = ?")
        params.append(event_type)
    if since:
        where.append("events.when_end >= ?")
        params.append(since.isoformat())
    if until:
        where.append("events.when_start <= ?")
        params.append(until.isoformat())
    if contested is not None:
        where.append("events.contested = ?")
        params.append(int(contested))
    return where, params


def _event_conditions(flt: ClaimFilter, contested: bool | None, dialect: Dialect) -> tuple[list[str], list[Any]]:
    where, params = event_own_conditions(flt.type, flt.since, flt.until, contested)
    claim_where, claim_params = _claim_conditions(
        ClaimFilter(claimant=flt.claimant, place=flt.place, doc=flt.doc, contains=flt.contains),
        with_dates=False,
        dialect=dialect,
    )
    if claim_where:
        where.append(
            "EXISTS (SELECT 1 FROM event_claims ec JOIN claims ON claims.claim_id = ec.claim_id"
            " WHERE ec.event_id = events.event_id AND " + " AND ".join(claim_where) + ")"
        )
        params += claim_params
    return where, params


def select_events(
    conn: sqlite3.Connection, flt: ClaimFilter | None = None, *, contested: bool | None = None
) -> list[Event]:
    """Stored events matching ``flt``: type and dates on the event, the rest on any of its claims.

    Events come in clustering order (by their founding claim). An event's claim
    list is what the store holds: one left with no claims is not returned.
    """
    flt = flt or ClaimFilter()
    where, params = _event_conditions(flt, contested, dialect_of(conn))
    sql = "SELECT event_id, record FROM events WHERE " + " AND ".join(where) + " ORDER BY events.ordinal"
    if flt.limit is not None:
        sql += " LIMIT ?"
        params.append(flt.limit)
    events = []
    for row in conn.execute(sql, params).fetchall():
        event = event_from_record(json.loads(row["record"]))
        event.claims = _event_claim_ids(conn, row["event_id"])
        events.append(event)
    return events


def count_events(conn: sqlite3.Connection, flt: ClaimFilter | None = None, *, contested: bool | None = None) -> int:
    """How many stored events match (the filter's limit aside)."""
    where, params = _event_conditions(flt or ClaimFilter(), contested, dialect_of(conn))
    return int(conn.execute("SELECT COUNT(*) FROM events WHERE " + " AND ".join(where), params).fetchone()[0])


@dataclass
class ClusteringStatus:
    """How far the events are from the stored claims: zero and zero when they are up to date."""

    waiting_documents: int
    dirty_events: int

    @property
    def current(self) -> bool:
        return not self.waiting_documents and not self.dirty_events


def clustering_status(conn: sqlite3.Connection) -> ClusteringStatus:
    waiting = conn.execute("SELECT COUNT(*) FROM document_order WHERE clustered = 0").fetchone()[0]
    dirty = conn.execute("SELECT COUNT(*) FROM events WHERE dirty = 1").fetchone()[0]
    return ClusteringStatus(int(waiting), int(dirty))


def get_event(conn: sqlite3.Connection, event_id: str) -> Event | None:
    row = conn.execute("SELECT record FROM events WHERE event_id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    event = event_from_record(json.loads(row["record"]))
    event.claims = _event_claim_ids(conn, event_id)
    return event


def _event_claim_ids(conn: sqlite3.Connection, event_id: str) -> list[str]:
    return [
        r[0] for r in conn.execute("SELECT claim_id FROM event_claims WHERE event_id = ? ORDER BY position", (event_id,))
    ]


def find_documents(conn: sqlite3.Connection, given: str) -> list[str]:
    """The identities ``given`` can mean: itself when a document has it, else those it names (sorted)."""
    if conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (given,)).fetchone():
        return [given]
    return [r[0] for r in conn.execute("SELECT doc_id FROM documents WHERE name = ? ORDER BY doc_id", (given,))]


def list_documents(
    conn: sqlite3.Connection, doc: str | None = None, *, limit: int | None = None
) -> list[DocumentSummary]:
    sql = (
        "SELECT d.doc_id, d.name, d.date, d.source, d.title, d.ingested_at,"
        " (SELECT COUNT(*) FROM reports r WHERE r.doc_id = d.doc_id) AS n_reports,"
        " (SELECT COUNT(*) FROM sentences s WHERE s.doc_id = d.doc_id) AS n_sentences,"
        " (SELECT COUNT(*) FROM claims c WHERE c.doc_id = d.doc_id) AS n_claims"
        " FROM documents d"
    )
    params: list[Any] = []
    if doc:
        sql += " WHERE d.doc_id = ?"
        params.append(doc)
    sql += " ORDER BY d.doc_id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [
        DocumentSummary(
            doc_id=row["doc_id"],
            name=row["name"],
            date=date.fromisoformat(row["date"]) if row["date"] else None,
            source=row["source"],
            title=row["title"],
            reports=row["n_reports"],
            sentences=row["n_sentences"],
            claims=row["n_claims"],
            ingested_at=row["ingested_at"],
        )
        for row in conn.execute(sql, params)
    ]


def count_documents(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])


def stored_documents(conn: sqlite3.Connection) -> list[str]:
    """Every stored document's identity, in clustering order."""
    return [r[0] for r in conn.execute("SELECT doc_id FROM document_order ORDER BY order_key")]


def load_document(conn: sqlite3.Connection, doc_id: str) -> Document | None:
    """A stored document with its reports and sentences (claims: ``select_claims(doc=...)``)."""
    row = conn.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    doc = Document(
        doc_id=row["doc_id"],
        name=row["name"],
        content_hash=row["content_hash"],
        source=row["source"],
        text=row["text"],
        original=row["original"],
        date=date.fromisoformat(row["date"]) if row["date"] else None,
        url=row["url"],
        title=row["title"],
        encoding=row["encoding"],
        given_date=date.fromisoformat(row["given_date"]) if row["given_date"] else None,
        date_override=date.fromisoformat(row["date_override"]) if row["date_override"] else None,
        outlet_hint=row["outlet_hint"],
    )
    reports: dict[int, Report] = {}
    for r in conn.execute("SELECT * FROM reports WHERE doc_id = ? ORDER BY idx", (doc_id,)):
        reports[r["idx"]] = Report(
            index=r["idx"],
            start=r["start"],
            end=r["end"],
            style=r["style"],
            outlet=Outlet(r["outlet_id"], r["outlet_name"] or r["outlet_id"]) if r["outlet_id"] else None,
            heading=r["heading"],
            claimant=Entity.from_record(json.loads(r["claimant"])) if r["claimant"] else None,
            date=date.fromisoformat(r["date"]) if r["date"] else None,
            boilerplate=bool(r["boilerplate"]),
        )
    for s in conn.execute("SELECT * FROM sentences WHERE doc_id = ? ORDER BY report, idx", (doc_id,)):
        reports[s["report"]].sentences.append(
            Sentence(
                text=s["text"],
                start=s["start"],
                end=s["end"],
                report=s["report"],
                is_heading=bool(s["is_heading"]),
                is_bullet=bool(s["is_bullet"]),
            )
        )
    doc.reports = list(reports.values())
    return doc


def search_entities(conn: sqlite3.Connection, query: str | None = None) -> list[EntitySummary]:
    """Entities named in claims (linked ones by id, unlinked ones by name), most-cited first.

    ``query`` matches ids, names and surface forms, case-insensitively, as substrings.
    """
    # Claims counted by text row, which the entity index holds (migration 9), not by id.
    sql = (
        "SELECT COALESCE(entity_id, '') AS key, MAX(entity_id) AS entity_id, MAX(name) AS name, MAX(kind) AS kind, role,"
        " COUNT(DISTINCT text_row) AS n FROM claim_entities"
    )
    params: list[Any] = []
    if query:
        like = "%" + like_escape(query) + "%"
        sql += (
            " WHERE (entity_id IS NOT NULL AND entity_id IN (SELECT entity_id FROM claim_entities"
            "   WHERE entity_id LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\' OR text LIKE ?1 ESCAPE '\\'))"
            " OR (entity_id IS NULL AND (name LIKE ?1 ESCAPE '\\' OR text LIKE ?1 ESCAPE '\\'))"
        )
        params.append(like)
    sql += " GROUP BY key, CASE WHEN entity_id IS NULL THEN name END, role"
    found: dict[tuple[str, str], EntitySummary] = {}
    for row in conn.execute(sql, params):
        ident = row["entity_id"]
        key = (ident or "", "" if ident else row["name"])
        summary = found.setdefault(key, EntitySummary(ident, row["name"], row["kind"]))
        summary.counts[row["role"]] = row["n"]
    return sorted(found.values(), key=lambda e: (-e.total, e.name))


def entity_detail(conn: sqlite3.Connection, ident: str) -> EntityDetail | None:
    """An entity by id (or, for unlinked ones, by name or surface form): its forms and claims by role."""
    rows = conn.execute(
        "SELECT DISTINCT entity_id, name, kind FROM claim_entities WHERE entity_id = ? COLLATE NOCASE",
        (ident,),
    ).fetchall()
    if rows:
        condition, value = "entity_id = ? COLLATE NOCASE", rows[0]["entity_id"]
    else:
        rows = conn.execute(
            "SELECT DISTINCT entity_id, name, kind FROM claim_entities WHERE name = ? OR text = ?",
            (ident, ident),
        ).fetchall()
        if not rows:
            return None
        if rows[0]["entity_id"]:
            condition, value = "entity_id = ?", rows[0]["entity_id"]
        else:
            condition, value = "entity_id IS NULL AND name = ?", rows[0]["name"]
    forms = [
        r[0]
        for r in conn.execute(
            f"SELECT text, COUNT(*) AS n FROM claim_entities WHERE {condition} GROUP BY text ORDER BY n DESC, text",
            (value,),
        )
    ]
    by_role: dict[str, list[Claim]] = {}
    for role in ROLES:
        records = conn.execute(
            "SELECT claims.claim_id, claims.record FROM claims WHERE claims.claim_id IN"
            f" (SELECT ce.claim_id FROM claim_entities ce WHERE ce.role = ? AND ce.{condition})"
            " ORDER BY claims.doc_id, claims.span_start, claims.claim_id",
            (role, value),
        ).fetchall()
        if records:
            by_role[role] = [Claim.from_record(json.loads(r["record"])) for r in records]
    summary = EntitySummary(rows[0]["entity_id"], rows[0]["name"], rows[0]["kind"])
    summary.counts = {role: len(claims) for role, claims in by_role.items()}
    return EntityDetail(summary, forms, by_role)
