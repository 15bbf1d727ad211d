"""Where a claim comes from: its record, its document, its event, and the text around its sentence."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from hodo.store.claim_search import claim_record
from hodo.store.documents import TextAround, text_around


@dataclass
class ClaimSource:
    record: dict[str, Any]
    document: dict[str, Any] | None
    event_id: str | None
    around: TextAround | None


def claim_source(conn: sqlite3.Connection, claim_id: str, margin: int) -> ClaimSource | None:
    """The claim with ``margin`` characters of its document's text either side of its sentence."""
    record = claim_record(conn, claim_id)
    if record is None:
        return None
    start, end = record["span"]
    document = conn.execute(
        "SELECT doc_id, title, url, date, source FROM documents WHERE doc_id = ?", (record["doc"],)
    ).fetchone()
    event = conn.execute("SELECT event_id FROM event_claims WHERE claim_id = ?", (claim_id,)).fetchone()
    return ClaimSource(
        record=record,
        document=dict(document) if document else None,
        event_id=event[0] if event else None,
        around=text_around(conn, record["doc"], start, end, margin),
    )
