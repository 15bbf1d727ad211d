"""Opening the store, transactions, and the writes: documents with their claims, events.

One SQLite file (stdlib sqlite3) in WAL mode with foreign keys on. The
connection runs in autocommit mode and every write goes through
``transaction()`` (BEGIN IMMEDIATE … COMMIT, ROLLBACK on any error), so that a
document is stored whole or not at all and readers never see half of one.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_data_dir

from hodo.models import Claim, CopyMatch, Document, Entity, Event, Fingerprint
from hodo.store.copies import write_fingerprint
from hodo.store.schema import migrate

DB_ENV = "HODO_DB"


class StoreError(RuntimeError):
    """The store cannot be opened or used (bad path, not a database, newer schema)."""


def default_db_path() -> Path:
    return Path(user_data_dir("hodo")) / "hodo.db"


def resolve_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    """The database to use: the --db option, else $HODO_DB, else the user data directory."""
    if option:
        return Path(option)
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    return default_db_path()


@dataclass(frozen=True)
class StoredDocument:
    """What the store already holds under a doc_id or a content hash."""

    doc_id: str
    content_hash: str


class Store:
    """A connection to one hodo database, with the writes the pipeline makes."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> Store:
        """Open (creating and migrating as needed) the database at ``path``."""
        db_path = resolve_db_path(path)
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(db_path, isolation_level=None, timeout=30.0)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        except (OSError, sqlite3.Error, RuntimeError) as exc:
            raise StoreError(f"{db_path}: cannot open the database: {exc}") from exc
        return cls(conn, db_path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT; anything raised inside rolls the whole block back."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def find_document(self, doc_id: str | None = None, content_hash: str | None = None) -> StoredDocument | None:
        """The stored document with this id or this content hash, if any."""
        row = self.conn.execute(
            "SELECT doc_id, content_hash FROM documents WHERE doc_id = ? OR content_hash = ? "
            "ORDER BY doc_id = ? DESC LIMIT 1",
            (doc_id, content_hash, doc_id),
        ).fetchone()
        return StoredDocument(row["doc_id"], row["content_hash"]) if row else None

    def save_document(
        self,
        doc: Document,
        claims: Iterable[Claim],
        *,
        fingerprint: Fingerprint | None = None,
        copy: CopyMatch | None = None,
    ) -> bool:
        """Store a document, its reports, sentences and claims in one transaction.

        A stored document with the same doc_id is replaced, claims and all;
        returns True when one was. Any error leaves the database as it was.
        ``fingerprint`` files it in the copy index, ``copy`` links it to the
        original it reprints (store/copies.py).
        """
        with self.transaction() as conn:
            replaced = conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc.doc_id,)).rowcount > 0
            conn.execute(
                "INSERT INTO documents (doc_id, content_hash, source, date, url, title, encoding, original,"
                " text, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc.doc_id,
                    doc.content_hash,
                    doc.source,
                    doc.date.isoformat() if doc.date else None,
                    doc.url,
                    doc.title,
                    doc.encoding,
                    doc.original,
                    doc.text,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
            for report in doc.reports:
                conn.execute(
                    "INSERT INTO reports (doc_id, idx, start, end, style, outlet_id, outlet_name, heading,"
                    " claimant, date, boilerplate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc.doc_id,
                        report.index,
                        report.start,
                        report.end,
                        report.style,
                        report.outlet.id if report.outlet else None,
                        report.outlet.name if report.outlet else None,
                        report.heading,
                        _json(report.claimant.to_record()) if report.claimant else None,
                        report.date.isoformat() if report.date else None,
                        int(report.boilerplate),
                    ),
                )
                conn.executemany(
                    "INSERT INTO sentences (doc_id, report, idx, start, end, text, is_heading, is_bullet)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (doc.doc_id, report.index, i, s.start, s.end, s.text, int(s.is_heading), int(s.is_bullet))
                        for i, s in enumerate(report.sentences)
                    ],
                )
            _insert_claims(conn, doc.doc_id, list(claims))
            if fingerprint is not None:
                write_fingerprint(conn, doc.doc_id, fingerprint, copy)
        return replaced

    def save_events(self, events: Iterable[Event]) -> int:
        """Replace the stored events with ``events`` in one transaction; return how many."""
        count = 0
        with self.transaction() as conn:
            conn.execute("DELETE FROM events")
            for event in events:
                conn.execute(
                    "INSERT INTO events (event_id, type, title, when_start, when_end, contested, record)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        event.event_id,
                        event.type,
                        event.title,
                        event.when.start.isoformat() if event.when else None,
                        event.when.end.isoformat() if event.when else None,
                        int(event.contested),
                        _json(event.to_record()),
                    ),
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO event_claims (event_id, claim_id, position) VALUES (?, ?, ?)",
                    [(event.event_id, claim_id, i) for i, claim_id in enumerate(event.claims)],
                )
                count += 1
        return count


def _insert_claims(conn: sqlite3.Connection, doc_id: str, claims: list[Claim]) -> None:
    last = conn.execute("SELECT rowid FROM claim_text ORDER BY rowid DESC LIMIT 1").fetchone()
    first_row = (last[0] if last else 0) + 1
    conn.executemany(
        "INSERT INTO claims (claim_id, doc_id, type, claimant_id, claimant_name, outlet_id, when_start,"
        " when_end, stated, polarity, sentence, span_start, span_end, record, text_row)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*_claim_row(doc_id, claim), first_row + i) for i, claim in enumerate(claims)],
    )
    conn.executemany(
        "INSERT INTO claim_text (rowid, sentence, claim_id) VALUES (?, ?, ?)",
        [(first_row + i, claim.sentence, claim.claim_id) for i, claim in enumerate(claims)],
    )
    conn.executemany(
        "INSERT INTO claim_entities (claim_id, role, entity_id, name, text, kind) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (claim.claim_id, role, entity.id, entity.name or entity.text, entity.text or entity.name, entity.kind)
            for claim in claims
            for role, entity in _roles(claim)
        ],
    )


def _claim_row(doc_id: str, claim: Claim) -> tuple[object, ...]:
    when = claim.when
    return (
        claim.claim_id,
        doc_id,
        claim.type,
        claim.claimant.id if claim.claimant else None,
        claim.claimant.name if claim.claimant else None,
        claim.outlet.id if claim.outlet else None,
        when.start.isoformat() if when else None,
        when.end.isoformat() if when else None,
        claim.stated.isoformat() if claim.stated else None,
        claim.polarity,
        claim.sentence,
        claim.span[0],
        claim.span[1],
        _json(claim.to_record()),
    )


def _roles(claim: Claim) -> Iterator[tuple[str, Entity]]:
    for role, entity in (("claimant", claim.claimant), ("actor", claim.actor), ("target", claim.target)):
        if entity is not None:
            yield role, entity
    for place in claim.places:
        yield "place", place


def _json(record: object) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
