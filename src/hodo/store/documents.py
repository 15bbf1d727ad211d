"""Documents a page at a time, their links, and the text around a claim.

The text around a claim is cut in SQL (``substr``), so showing a sentence of a
5 MB document reads a few hundred characters of it, not the document.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from hodo.store.paging import DEFAULT_LIMIT, Cursor, Page, fetch_keyset, keyset_condition, order_by

DOCUMENT_SORTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "id": (("d.doc_id",), False),
    "date": (("COALESCE(d.date, '')", "d.doc_id"), False),
    "-date": (("COALESCE(d.date, '')", "d.doc_id"), True),
}

_SUMMARY = (
    "SELECT d.doc_id, d.date, d.source, d.url, d.title, d.ingested_at,"
    " (SELECT COUNT(*) FROM reports r WHERE r.doc_id = d.doc_id) AS reports,"
    " (SELECT COUNT(*) FROM sentences s WHERE s.doc_id = d.doc_id) AS sentences,"
    " (SELECT COUNT(*) FROM claims c WHERE c.doc_id = d.doc_id) AS claims"
)


@dataclass
class DocumentQuery:
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class DocumentLink:
    doc_id: str
    title: str | None
    url: str | None
    date: str | None


def document_page(
    conn: sqlite3.Connection,
    q: DocumentQuery,
    *,
    sort: str = "id",
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Page[dict[str, Any]]:
    """One page of document summaries (date, source, counts of reports, sentences and claims)."""
    columns, descending = DOCUMENT_SORTS[sort]
    where: list[str] = []
    params: list[Any] = []
    if q.since:
        where.append("d.date >= ?")
        params.append(q.since.isoformat())
    if q.until:
        where.append("d.date <= ?")
        params.append(q.until.isoformat())
    total = conn.execute(
        "SELECT COUNT(*) FROM documents d" + (" WHERE " + " AND ".join(where) if where else ""), params
    ).fetchone()[0]
    if cursor:
        after = Cursor.decode(cursor, sort, len(columns))
        where.append(keyset_condition(columns, descending))
        params += list(after.key)
    sql = f"{_SUMMARY}, {', '.join(columns)} FROM documents d"
    sql += (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {order_by(columns, descending)}"
    rows, next_cursor = fetch_keyset(conn, sql, params, limit=limit, sort=sort, width=len(columns))
    items = [{k: row[k] for k in row.keys()[: len(row) - len(columns)]} for row in rows]
    return Page(items, total, next_cursor)


def document_links(conn: sqlite3.Connection, doc_ids: list[str]) -> dict[str, DocumentLink]:
    """Title, URL and date of each listed document the store holds."""
    found: dict[str, DocumentLink] = {}
    for start in range(0, len(doc_ids), 500):
        chunk = doc_ids[start : start + 500]
        sql = (
            f"SELECT doc_id, title, url, date FROM documents WHERE doc_id IN ({', '.join('?' * len(chunk))})"
        )
        found.update(
            (row[0], DocumentLink(row[0], row[1], row[2], row[3])) for row in conn.execute(sql, chunk)
        )
    return found


@dataclass(frozen=True)
class TextAround:
    """``text`` is the document's (normalized) text from ``start`` to ``end``."""

    doc_id: str
    start: int
    end: int
    text: str
    length: int


def text_around(
    conn: sqlite3.Connection, doc_id: str, start: int, end: int, margin: int
) -> TextAround | None:
    """The document's text from ``margin`` characters before ``start`` to ``margin`` after ``end``."""
    from_ = max(0, start - margin)
    row = conn.execute(
        "SELECT substr(text, ?, ?), length(text) FROM documents WHERE doc_id = ?",
        (from_ + 1, end + margin - from_, doc_id),
    ).fetchone()
    if row is None:
        return None
    return TextAround(doc_id, from_, from_ + len(row[0]), row[0], row[1])
