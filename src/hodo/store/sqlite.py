"""The SQLite backend: one file (stdlib sqlite3) in WAL mode with foreign keys on.

The connection runs in autocommit mode and every write goes through
``transaction()`` (BEGIN IMMEDIATE … COMMIT, ROLLBACK on any error), or,
inside a batch, a savepoint of the batch's transaction. BEGIN IMMEDIATE takes
SQLite's one writer lock at once, which makes it the event lock too
(store/database.py).

Opening is safe for processes that open (and create, and migrate) one file at
once: the switch to WAL is retried while another holds the lock, and each
migration step re-reads the version under the writer lock. A store opened
``readonly`` is never written and may be a file the user cannot write.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hodo.store.database import BatchLost, Store, StoreError, WriteBatch, default_db_path
from hodo.store.dialect import SQLITE
from hodo.store.schema import SCHEMA_VERSION, migrate, schema_version

# How long a write waits for another process's transaction (a big document, a batch of events).
BUSY_TIMEOUT_S = 120.0
_WAL_TRIES = 200
# Pages of a store's indexes a connection keeps in memory (KiB): SQLite's 2 MB default has a large
# store read its index pages again for every document.
CACHE_KIB = 32 * 1024
# Pages the write-ahead log grows to before they are copied into the database: each copy of a
# large file's scattered pages costs the same whether it holds one transaction's pages or many.
CHECKPOINT_PAGES = 10_000


class SQLiteStore(Store):
    """A store in one SQLite file."""

    dialect = SQLITE

    @classmethod
    def connect(cls, db_path: Path, *, readonly: bool = False, create: bool = False) -> SQLiteStore:
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
    def _open_readonly(cls, db_path: Path) -> SQLiteStore:
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
            cls.connect(db_path).close()
            return cls._open_readonly(db_path)
        return cls(conn, db_path, readonly=True)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT; anything raised inside rolls the whole block back.

        Inside a batch (Store.batch) the block is a savepoint of the batch's
        transaction, begun by the first block: an error rolls back this block only.
        """
        if self._batch is not None:
            with self._part(self._batch) as conn:
                yield conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def _part(self, batch: WriteBatch) -> Iterator[sqlite3.Connection]:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            batch.begun()
        self.conn.execute("SAVEPOINT part")
        try:
            yield self.conn
        except BaseException as exc:
            if not self.conn.in_transaction:
                # SQLite gave up the whole transaction (a full disk, say), earlier blocks with it.
                lost = batch.done
                batch.committed()
                if lost:
                    raise BatchLost(f"{self.location}: {lost} writes since the last commit were rolled back: {exc}") from exc
                raise
            self.conn.execute("ROLLBACK TO part")
            self.conn.execute("RELEASE part")
            raise
        self.conn.execute("RELEASE part")
        batch.done += 1

    def flush(self) -> None:
        batch = self._batch
        if batch is None or not self.conn.in_transaction:
            return
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise BatchLost(f"{self.location}: {batch.done} writes could not be committed: {exc}") from exc
        finally:
            batch.committed()

    def _last_text_row(self, conn: sqlite3.Connection) -> int:
        last = conn.execute("SELECT rowid FROM claim_text ORDER BY rowid DESC LIMIT 1").fetchone()
        return last[0] if last else 0

    def _write_search_rows(self, conn: sqlite3.Connection, rows: list[tuple[int, str, str]]) -> None:
        conn.executemany("INSERT INTO claim_text (rowid, sentence, claim_id) VALUES (?, ?, ?)", rows)


def _connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(target, isolation_level=None, timeout=BUSY_TIMEOUT_S, uri=uri)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return conn


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, waiting for processes that hold the file (setting up a new one, say)."""
    for attempt in range(_WAL_TRIES):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == _WAL_TRIES - 1:
                raise
            time.sleep(0.01 + 0.002 * attempt)
