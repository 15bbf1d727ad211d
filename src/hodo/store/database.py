"""Opening the store, transactions, and the writes: documents with their claims, events.

One SQLite file (stdlib sqlite3) in WAL mode with foreign keys on. The
connection runs in autocommit mode and every write goes through
``transaction()`` (BEGIN IMMEDIATE … COMMIT, ROLLBACK on any error), so that a
document is stored whole or not at all and readers never see half of one.
BEGIN IMMEDIATE takes SQLite's one writer lock at once, which makes it the
event lock too: clustering reads the events and writes them back under it, so
concurrent ingests never overwrite each other's events.

Opening is safe for processes that open (and create, and migrate) one file at
once: the switch to WAL is retried while another holds the lock, and each
migration step re-reads the version under the writer lock. A store opened
``readonly`` is never written and may be a file the user cannot write.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_data_dir

from hodo.models import Claim, CopyMatch, Document, Entity, Fingerprint
from hodo.store.clustering import ClusterSession, order_key, rewind_from
from hodo.store.copies import write_fingerprint
from hodo.store.schema import SCHEMA_VERSION, migrate, schema_version

DB_ENV = "HODO_DB"
# How long a write waits for another process's transaction (a big document, a batch of events).
BUSY_TIMEOUT_S = 120.0
_WAL_TRIES = 200


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
    """What the store holds under a doc_id: enough to tell whether an input is unchanged."""

    doc_id: str
    name: str
    content_hash: str
    analysed_with: str | None = None


class Store:
    """A connection to one hodo database, with the writes the pipeline makes."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool = False) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] | None = None, *, readonly: bool = False, create: bool = False
    ) -> Store:
        """Open the database at ``path``, creating and migrating it as needed.

        A missing folder is an error (a mistyped --db must not make an empty
        store somewhere) unless ``create`` is given or the path is the default
        one. ``readonly`` opens an existing store for reading only.
        """
        db_path = resolve_db_path(path)
        if readonly:
            return cls._open_readonly(db_path)
        folder = db_path.parent
        if not folder.is_dir():
            if not (create or db_path == default_db_path()):
                raise StoreError(f"{db_path}: the folder {folder} does not exist (--create makes it)")
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{db_path}: cannot create the folder: {exc}") from exc
        try:
            conn = _connect(str(db_path))
            _use_wal(conn)
            migrate(conn)
        except (OSError, sqlite3.Error, RuntimeError) as exc:
            raise StoreError(f"{db_path}: cannot open the database: {exc}") from exc
        return cls(conn, db_path)

    @classmethod
    def _open_readonly(cls, db_path: Path) -> Store:
        if not db_path.is_file():
            raise StoreError(f"{db_path}: no such database (hodo ingest creates it)")
        try:
            conn = _connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
            try:
                version = schema_version(conn)
            except sqlite3.OperationalError:
                # A WAL database in a folder we cannot write: read it as it stands on disk.
                conn.close()
                conn = _connect(db_path.resolve().as_uri() + "?immutable=1", uri=True)
                version = schema_version(conn)
        except sqlite3.Error as exc:
            raise StoreError(f"{db_path}: cannot open the database: {exc}") from exc
        if version != SCHEMA_VERSION:
            conn.close()
            if version > SCHEMA_VERSION or not os.access(db_path, os.W_OK):
                raise StoreError(
                    f"{db_path}: the database has schema version {version}, this hodo reads {SCHEMA_VERSION}"
                )
            # An older store is brought up to date once, by a writer, then read.
            cls.open(db_path).close()
            return cls._open_readonly(db_path)
        return cls(conn, db_path, readonly=True)

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

    @contextmanager
    def clustering(self) -> Iterator[ClusterSession]:
        """The event lock, held for one transaction, and clustering's view of the store under it."""
        with self.transaction() as conn:
            yield ClusterSession(conn)

    def find_document(self, doc_id: str) -> StoredDocument | None:
        """The stored document with this identity, if any."""
        row = self.conn.execute(
            "SELECT doc_id, name, content_hash, analysed_with FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return StoredDocument(*row) if row else None

    def save_document(
        self,
        doc: Document,
        claims: Iterable[Claim],
        *,
        analysed_with: str | None = None,
        fingerprint: Fingerprint | None = None,
        copy: CopyMatch | None = None,
    ) -> bool:
        """Store a document, its reports, sentences and claims in one transaction.

        ``claims`` is read once, in order, so it may stream from a file.

        A stored document with the same doc_id is replaced, claims and all
        (the clustering is rewound to it first); returns True when one was.
        The new claims wait to be placed by the next clustering. Any error
        leaves the database as it was. ``analysed_with`` names the pack
        version that made the claims; ``fingerprint`` files it in the copy
        index, ``copy`` links it to the original it reprints (store/copies.py).
        """
        with self.transaction() as conn:
            replaced = self._remove(conn, doc.doc_id)
            day = doc.date.isoformat() if doc.date else None
            conn.execute(
                "INSERT INTO documents (doc_id, name, content_hash, source, date, url, title, encoding, original,"
                " text, ingested_at, given_date, date_override, outlet_hint, analysed_with)"
                # The texts go as UTF-8 bytes cast back to TEXT: bound as str, Python would keep a
                # UTF-8 copy inside each string for as long as the document lives.
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?, ?, ?, ?, ?)",
                (
                    doc.doc_id,
                    doc.name,
                    doc.content_hash,
                    doc.source,
                    day,
                    doc.url,
                    doc.title,
                    doc.encoding,
                    doc.original.encode("utf-8"),
                    doc.text.encode("utf-8"),
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    doc.given_date.isoformat() if doc.given_date else None,
                    doc.date_override.isoformat() if doc.date_override else None,
                    doc.outlet_hint,
                    analysed_with,
                ),
            )
            conn.execute(
                "INSERT INTO document_order (doc_id, order_key) VALUES (?, ?)", (doc.doc_id, order_key(doc.doc_id))
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
                    (
                        (doc.doc_id, report.index, i, s.start, s.end, s.text, int(s.is_heading), int(s.is_bullet))
                        for i, s in enumerate(report.sentences)
                    ),
                )
            if not _insert_claims(conn, doc.doc_id, claims):
                # No claims to place: the document is as clustered as it will be.
                conn.execute("UPDATE document_order SET clustered = 1 WHERE doc_id = ?", (doc.doc_id,))
            if fingerprint is not None:
                write_fingerprint(conn, doc.doc_id, fingerprint, copy)
        return replaced

    def mark_analysed(self, doc_id: str, analysed_with: str) -> None:
        """Record that the stored claims are what ``analysed_with`` makes of the document."""
        with self.transaction() as conn:
            conn.execute("UPDATE documents SET analysed_with = ? WHERE doc_id = ?", (analysed_with, doc_id))

    def delete_document(self, doc_id: str) -> bool:
        """Delete a document with its claims, rewinding the clustering to it; False when there is none."""
        with self.transaction() as conn:
            return self._remove(conn, doc_id)

    @staticmethod
    def _remove(conn: sqlite3.Connection, doc_id: str) -> bool:
        row = conn.execute("SELECT order_key FROM document_order WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return False
        rewind_from(conn, row[0], inclusive=True)
        conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        return True


def _connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(target, isolation_level=None, timeout=BUSY_TIMEOUT_S, uri=uri)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, waiting for processes that hold the file (setting up a new one, say)."""
    for attempt in range(_WAL_TRIES):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == _WAL_TRIES - 1:
                raise
            time.sleep(0.01 + 0.002 * attempt)


def _insert_claims(conn: sqlite3.Connection, doc_id: str, claims: Iterable[Claim]) -> int:
    """Write the claims with their search rows and entity rows, a slice at a time; return how many."""
    last = conn.execute("SELECT rowid FROM claim_text ORDER BY rowid DESC LIMIT 1").fetchone()
    row = (last[0] if last else 0) + 1
    written = 0
    for part in _parts(claims, _ROWS_AT_ONCE):
        rows = range(row + written, row + written + len(part))
        conn.executemany(
            "INSERT INTO claims (claim_id, doc_id, type, claimant_id, claimant_name, outlet_id, when_start,"
            " when_end, stated, polarity, sentence, span_start, span_end, record, text_row)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*_claim_row(doc_id, claim), n) for n, claim in zip(rows, part, strict=True)],
        )
        conn.executemany(
            "INSERT INTO claim_text (rowid, sentence, claim_id) VALUES (?, ?, ?)",
            [(n, claim.sentence, claim.claim_id) for n, claim in zip(rows, part, strict=True)],
        )
        conn.executemany(
            "INSERT INTO claim_entities (claim_id, role, entity_id, name, text, kind) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (claim.claim_id, role, entity.id, entity.name or entity.text, entity.text or entity.name, entity.kind)
                for claim in part
                for role, entity in _roles(claim)
            ],
        )
        written += len(part)
    return written


# Claims written per statement: rows are made a slice at a time, never all at once.
_ROWS_AT_ONCE = 1000


def _parts(items: Iterable[Claim], size: int) -> Iterator[list[Claim]]:
    part: list[Claim] = []
    for item in items:
        part.append(item)
        if len(part) == size:
            yield part
            part = []
    if part:
        yield part


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
