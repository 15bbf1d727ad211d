"""The store's one interface: opening a store by its location, transactions, and the writes.

A store is a SQLite file (store/sqlite.py, the default: a path) or a
PostgreSQL database (store/postgres.py: a ``postgresql://`` URL); ``Store.open``
picks the backend from the location. Both hold the same tables, answer the
same queries (store/dialect.py has the few constructs they spell apart) and
make the same writes, written here once: a document is stored whole or not at
all, in one transaction, and readers never see half of one. An ingest of
files commits its documents in batches (``Store.batch``: each document a
savepoint of one transaction), which a large store writes much faster.

Every write transaction holds the store's one writer lock, which is also the
event lock: SQLite's BEGIN IMMEDIATE, PostgreSQL's advisory transaction lock.
Clustering reads the events and writes them back under it, and saving or
deleting a document (which winds the clustering back, store/clustering.py)
takes it too, so concurrent ingests, from several processes or machines,
never overwrite each other's events.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from platformdirs import user_data_dir

from hodo.models import Claim, CopyMatch, Document, Entity, Fingerprint
from hodo.store.clustering import ClusterSession, order_key, rewind_from
from hodo.store.connection import Connection
from hodo.store.copies import write_fingerprint
from hodo.store.dialect import Dialect

DB_ENV = "HODO_DB"
POSTGRES_SCHEMES = ("postgresql", "postgres")

# A store's location: a SQLite file's path, or a PostgreSQL URL.
Location = Path | str


class StoreError(RuntimeError):
    """The store cannot be opened or used (bad path, not a database, newer schema, no server)."""


def default_db_path() -> Path:
    return Path(user_data_dir("hodo")) / "hodo.db"


def is_postgres(location: str | os.PathLike[str] | None) -> bool:
    """Whether ``location`` names a PostgreSQL database (a postgresql:// URL) rather than a file."""
    return isinstance(location, str) and urlsplit(location).scheme in POSTGRES_SCHEMES


def resolve_db_path(option: str | os.PathLike[str] | None = None) -> Location:
    """The store to use: the --db option, else $HODO_DB, else the user data directory.

    A PostgreSQL URL comes back as the string it is; anything else is a file's path.
    """
    given = option or os.environ.get(DB_ENV)
    if not given:
        return default_db_path()
    text = os.fspath(given)
    return text if is_postgres(text) else Path(text)


def describe(location: Location) -> str:
    """The location as messages show it: a URL without its password."""
    if not is_postgres(location):
        return str(location)
    parts = urlsplit(str(location))
    if parts.password is None:
        return str(location)
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


@dataclass(frozen=True)
class StoredDocument:
    """What the store holds under a doc_id: enough to tell whether an input is unchanged."""

    doc_id: str
    name: str
    content_hash: str
    analysed_with: str | None = None


# A batch commits once it holds this many transactions, or has been open this long.
BATCH_PARTS = 32
BATCH_SECONDS = 1.0


class BatchLost(StoreError):
    """The database rolled a whole batch back (a full disk, an I/O error): its documents are not stored."""


@dataclass
class WriteBatch:
    """Transactions that will commit together (Store.batch)."""

    parts: int
    seconds: float
    # Transactions done since the last commit, and when the first of them began.
    done: int = 0
    opened: float | None = None

    def begun(self) -> None:
        self.opened = time.monotonic()

    def committed(self) -> None:
        self.done, self.opened = 0, None

    def due(self) -> bool:
        """Whether it is time to commit."""
        return self.opened is not None and (
            self.done >= self.parts or time.monotonic() - self.opened >= self.seconds
        )


class Store:
    """A connection to one hodo store, with the writes the pipeline makes.

    ``conn`` runs the store's queries (store/connection.py); ``dialect`` says
    how the backend spells what differs.
    """

    dialect: Dialect

    def __init__(self, conn: Any, location: Location, *, readonly: bool = False) -> None:
        self.conn = conn
        self.location = location
        self.readonly = readonly
        # While a batch() is open on a backend that batches: the writes not committed yet.
        self._batch: WriteBatch | None = None

    @property
    def path(self) -> Location:
        """The store's location (the name it had when every store was a file)."""
        return self.location

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] | None = None, *, readonly: bool = False, create: bool = False
    ) -> Store:
        """Open the store at ``path`` (a file or a PostgreSQL URL), creating and migrating it as needed.

        A missing folder is an error (a mistyped --db must not make an empty
        store somewhere) unless ``create`` is given or the path is the default
        one. ``readonly`` opens an existing store for reading only.
        """
        location = resolve_db_path(path)
        if isinstance(location, str):
            from hodo.store.postgres import PostgresStore

            return PostgresStore.connect(location, readonly=readonly)
        from hodo.store.sqlite import SQLiteStore

        return SQLiteStore.connect(location, readonly=readonly, create=create)

    def close(self) -> None:
        raise NotImplementedError

    @contextmanager
    def batch(self, *, parts: int = BATCH_PARTS, seconds: float = BATCH_SECONDS) -> Iterator[WriteBatch]:
        """Let the transactions inside commit together, each one a savepoint of a shared one.

        A large store's indexes take each document's rows on pages of their
        own, and a commit writes every page it changed: documents committed
        together write the pages they share once. The caller commits with
        ``flush()`` (before it waits, say) or when the batch is ``due()``; what
        is open at the end is committed, even when an error ends it, since each
        transaction inside is whole or rolled back to its savepoint.
        """
        if self._batch is not None:
            yield self._batch
            return
        self._batch = WriteBatch(parts, seconds)
        try:
            yield self._batch
        finally:
            try:
                self.flush()
            finally:
                self._batch = None

    def flush(self) -> None:
        """Commit what the open batch holds (nothing to do without one)."""

    def flush_when_due(self) -> None:
        """Commit the open batch if it is due (nothing to do without one)."""
        if self._batch is not None and self._batch.due():
            self.flush()

    def refresh_statistics(self) -> None:
        """After many rows were written: let the engine's planner know the tables as they now are."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[Connection]:
        """One write transaction under the writer lock; anything raised inside rolls the whole block back."""
        raise NotImplementedError

    @contextmanager
    def clustering(self) -> Iterator[ClusterSession]:
        """The event lock, held for one transaction of its own (a batch is committed first), and
        clustering's view of the store under it."""
        self.flush()
        batch, self._batch = self._batch, None
        try:
            with self.transaction() as conn:
                yield ClusterSession(conn)
        finally:
            self._batch = batch

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
        original_sql, original = self.dialect.long_text(doc.original)
        text_sql, text = self.dialect.long_text(doc.text)
        with self.transaction() as conn:
            replaced = self._remove(conn, doc.doc_id)
            day = doc.date.isoformat() if doc.date else None
            conn.execute(
                "INSERT INTO documents (doc_id, name, content_hash, source, date, url, title, encoding, original,"
                " text, ingested_at, given_date, date_override, outlet_hint, analysed_with)"
                f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, {original_sql}, {text_sql}, ?, ?, ?, ?, ?)",
                (
                    doc.doc_id,
                    doc.name,
                    doc.content_hash,
                    doc.source,
                    day,
                    doc.url,
                    doc.title,
                    doc.encoding,
                    original,
                    text,
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
                # "end" is quoted: PostgreSQL reserves the word.
                conn.execute(
                    'INSERT INTO reports (doc_id, idx, start, "end", style, outlet_id, outlet_name, heading,'
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
                    'INSERT INTO sentences (doc_id, report, idx, start, "end", text, is_heading, is_bullet)'
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (doc.doc_id, report.index, i, s.start, s.end, s.text, int(s.is_heading), int(s.is_bullet))
                        for i, s in enumerate(report.sentences)
                    ],
                )
            if not self._insert_claims(conn, doc.doc_id, claims):
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
    def _remove(conn: Connection, doc_id: str) -> bool:
        row = conn.execute("SELECT order_key FROM document_order WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return False
        rewind_from(conn, row[0], inclusive=True)
        conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        return True

    # -- what the backends do their own way ------------------------------------

    def _last_text_row(self, conn: Connection) -> int:
        """The highest claims.text_row in use (0 for none): new claims number on from it."""
        raise NotImplementedError

    def _write_search_rows(self, conn: Connection, rows: list[tuple[int, str, str]]) -> None:
        """Index (text_row, sentence, claim_id) rows for text search, where the backend keeps its own index."""

    def _insert_claims(self, conn: Connection, doc_id: str, claims: Iterable[Claim]) -> int:
        """Write the claims with their search rows and entity rows, a slice at a time; return how many."""
        row = self._last_text_row(conn) + 1
        written = 0
        for part in _parts(claims, _ROWS_AT_ONCE):
            rows = range(row + written, row + written + len(part))
            conn.executemany(
                "INSERT INTO claims (claim_id, doc_id, type, claimant_id, claimant_name, outlet_id, when_start,"
                " when_end, stated, polarity, sentence, span_start, span_end, record, text_row)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(*_claim_row(doc_id, claim), n) for n, claim in zip(rows, part, strict=True)],
            )
            self._write_search_rows(conn, [(n, c.sentence, c.claim_id) for n, c in zip(rows, part, strict=True)])
            conn.executemany(
                "INSERT INTO claim_entities (claim_id, role, entity_id, name, text, kind, doc_id, span_start, text_row)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        claim.claim_id,
                        role,
                        entity.id,
                        entity.name or entity.text,
                        entity.text or entity.name,
                        entity.kind,
                        doc_id,
                        claim.span[0],
                        n,
                    )
                    for n, claim in zip(rows, part, strict=True)
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
