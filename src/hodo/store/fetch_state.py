"""What fetching remembers between runs: each URL's validators and the feed entries already handled.

Kept in the store rather than a state file beside it: the entries marked
seen are those whose documents the store holds, so both are written by one
database and a copied or moved store keeps its watch state with it; two
watchers on one store see the same state, and SQLite's transactions keep it
whole when a run is killed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from hodo.ingest.fetch.limits import Validators
from hodo.ingest.fetch.sources import SeenEntry
from hodo.store.database import Store


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class StoredFetchState:
    """The fetch state of one store (tables fetch_validators and fetch_seen)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def validators(self, url: str) -> Validators | None:
        row = self.store.conn.execute(
            "SELECT etag, last_modified FROM fetch_validators WHERE url = ?", (url,)
        ).fetchone()
        return Validators(row[0], row[1]) if row else None

    def checked_at(self, url: str) -> datetime | None:
        """When ``url`` was last fetched with an answer (its validators recorded)."""
        row = self.store.conn.execute("SELECT checked_at FROM fetch_validators WHERE url = ?", (url,)).fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def seen(self, url: str) -> bool:
        return self.store.conn.execute("SELECT 1 FROM fetch_seen WHERE url = ?", (url,)).fetchone() is not None

    def record(self, remember: Mapping[str, Validators], seen: Iterable[SeenEntry], checked: Iterable[str] = ()) -> None:
        """Remember validators and seen entries, and mark ``checked`` URLs as fetched now; one transaction."""
        now = _now()
        with self.store.transaction() as conn:
            conn.executemany(
                "INSERT INTO fetch_validators (url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,"
                " checked_at = excluded.checked_at",
                [(url, v.etag, v.last_modified, now) for url, v in remember.items()],
            )
            conn.executemany(
                "INSERT INTO fetch_validators (url, checked_at) VALUES (?, ?)"
                " ON CONFLICT(url) DO UPDATE SET checked_at = excluded.checked_at",
                [(url, now) for url in checked if url not in remember],
            )
            conn.executemany(
                "INSERT INTO fetch_seen (url, via, outcome, seen_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(url) DO UPDATE SET outcome = excluded.outcome, seen_at = excluded.seen_at",
                [(e.url, e.via, e.outcome, now) for e in seen],
            )
