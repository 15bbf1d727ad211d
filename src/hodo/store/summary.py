"""How much the store holds."""

from __future__ import annotations

import sqlite3

_TABLES = ("documents", "claims", "events")


def store_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """The number of documents, claims and events."""
    return {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in _TABLES}
