"""Read-only connections to the store, for servers and other readers that must never write.

A reader opens the file with SQLite's ``mode=ro`` URI, so nothing it runs can
change the store, and reads in WAL mode: a running ingest never blocks a
reader, and a reader never blocks an ingest. ``reading`` wraps one request in
a read transaction, so every query of the request sees the same snapshot. A
PostgreSQL store (a URL) is read the same way through a pool of read-only
sessions (store/postgres.py).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from hodo.store.database import StoreError, is_postgres


def open_reader(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """A read-only connection to the existing store at ``path``."""
    db_path = Path(path)
    if not db_path.is_file():
        raise StoreError(f"{db_path}: no such database")
    uri = "file:" + quote(str(db_path.resolve())) + "?mode=ro"
    try:
        # Any thread may use it: a web framework may open it in one worker thread and read in another,
        # but never two at once.
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30.0, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        raise StoreError(f"{db_path}: cannot open the database for reading: {exc}") from exc
    return conn


@contextmanager
def reading(path: str | os.PathLike[str]) -> Iterator[sqlite3.Connection]:
    """A read-only connection inside one read transaction (one snapshot), closed afterwards."""
    if is_postgres(path):
        from hodo.store.postgres import reading as reading_postgres

        with reading_postgres(str(path)) as pg:
            yield pg  # type: ignore[misc]
        return
    conn = open_reader(path)
    try:
        conn.execute("BEGIN")
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
