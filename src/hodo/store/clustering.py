"""The store's side of clustering: the state that clustering reads and writes, and rewinding it.

Events are a function of the stored documents: clustering places every claim in
one order (documents by ``order_key``, their identity; claims in the order
extraction found them) and each claim's ``seq`` is its position in it.
The placed claims are always a prefix of that order. When a document is added
before some already placed, or one that was placed is replaced or deleted, the
clustering is rewound to it: every claim from there on is taken out of its
event (events founded there are deleted, older ones lose those members and are
marked ``dirty`` until written again), the keyword counts and blocking-key
postings they added are taken back, and their documents wait to be placed
again. Placing them again gives exactly what clustering everything at once in
that order would, whatever order the documents arrived in, in one process or
several.

Everything here runs inside a transaction the caller holds (``Store.clustering``),
which on SQLite is BEGIN IMMEDIATE: the one writer lock is the event lock.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from functools import lru_cache

from hodo.models import Claim, ClusterUpdate, StoredEvent
from hodo.store.dialect import PerKey, dialect_of

# SQLite allows 32,766 host parameters a statement; lists are sent in slices well under it.
_SLICE = 500
# The newest events filed under a blocking key.
_POSTINGS = PerKey("event_keys", "key", "ordinal", "text", descending=True)
# Claim records decoded lately, remembered by their text: clustering reads a claim when it
# places it and again when its event is built, a few batches later, and decoding is the dear part.
DECODED_CLAIMS = 8192


@lru_cache(maxsize=DECODED_CLAIMS)
def decoded_claim(record: str) -> Claim:
    """The claim a stored record holds (the same text gives the same claim; callers must not change it)."""
    return Claim.from_record(json.loads(record))


def order_key(doc_id: str) -> str:
    """Where a document sorts in the clustering order: by its identity.

    Not by date, though news mostly arrives in date order and would then only
    ever append: clustering is sensitive enough to the keyword counts that
    precede a document that the order changes results on the shared gold
    (one post of four loses 0.06 of event F1 when the posts come by date), so
    the order stays the one every earlier hodo used. The column lets a later
    order be one migration away.
    """
    return doc_id


def _slices(items: Sequence[object]) -> Iterator[Sequence[object]]:
    for i in range(0, len(items), _SLICE):
        yield items[i : i + _SLICE]


def rewind_from(conn: sqlite3.Connection, key: str, *, inclusive: bool) -> int:
    """Take out of the clustering every placed claim of the documents from ``key`` on.

    ``inclusive``: the document at ``key`` itself too. Returns how many claims were taken out.
    """
    op = ">=" if inclusive else ">"
    row = conn.execute(
        f"SELECT MIN(first_seq) FROM document_order WHERE order_key {op} ? AND first_seq IS NOT NULL", (key,)
    ).fetchone()
    if row is None or row[0] is None:
        return 0
    return rewind_to(conn, row[0])


def rewind_to(conn: sqlite3.Connection, seq: int) -> int:
    """Take every claim placed at ``seq`` or later out of the clustering; return how many."""
    if seq <= 0:
        taken = conn.execute("SELECT COUNT(*) FROM claims WHERE seq IS NOT NULL").fetchone()[0]
        conn.execute("DELETE FROM term_counts")
    else:
        counts: Counter[str] = Counter()
        taken = 0
        for (terms,) in conn.execute("SELECT terms FROM claims WHERE seq >= ?", (seq,)):
            counts.update(json.loads(terms or "[]"))
            taken += 1
        conn.executemany(
            "UPDATE term_counts SET claims = claims - ? WHERE term = ?", [(n, t) for t, n in counts.items()]
        )
        conn.execute("DELETE FROM term_counts WHERE claims <= 0")
    # Events that lose members keep their record until rebuilt, but not their state: it counted them.
    conn.execute(
        "UPDATE events SET dirty = 1, state = NULL WHERE ordinal < ? AND event_id IN"
        " (SELECT event_id FROM event_claims WHERE position >= ?)",
        (seq, seq),
    )
    conn.execute("DELETE FROM event_claims WHERE position >= ?", (seq,))
    conn.execute("DELETE FROM event_keys WHERE since_seq >= ?", (seq,))
    conn.execute("DELETE FROM events WHERE ordinal >= ?", (seq,))
    conn.execute("UPDATE claims SET seq = NULL, terms = NULL WHERE seq >= ?", (seq,))
    conn.execute("UPDATE document_order SET clustered = 0, first_seq = NULL WHERE first_seq >= ?", (seq,))
    _changed(conn)
    return taken


def _changed(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE cluster_state SET generation = generation + 1")


class ClusterSession:
    """Clustering's view of the store inside one locked transaction (an EventSource, and the writes)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # The documents whose remaining claims pending_claims handed out whole, with their ids.
        self._taken: dict[str, set[str]] = {}

    def catch_up(self) -> int:
        """Rewind past the first waiting document if placed ones sort after it; return claims taken out."""
        row = self.conn.execute(
            "SELECT order_key FROM document_order WHERE clustered = 0 ORDER BY order_key LIMIT 1"
        ).fetchone()
        return rewind_from(self.conn, row[0], inclusive=False) if row else 0

    def rewind_all(self) -> int:
        """Take every claim out of the clustering, to be placed again from the start."""
        return rewind_to(self.conn, 0)

    def generation(self) -> int:
        """A number that changes whenever the clustering state does (a batch written, a rewind)."""
        return int(self.conn.execute("SELECT generation FROM cluster_state").fetchone()[0])

    def next_seq(self) -> int:
        """How many claims are placed: the placed ones are always seq 0 … n-1."""
        return int(self.conn.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM claims").fetchone()[0])

    def waiting(self) -> int:
        """How many claims wait to be placed."""
        return int(self.conn.execute("SELECT COUNT(*) FROM claims WHERE seq IS NULL").fetchone()[0])

    def pending_claims(self, limit: int, on_start: Callable[[str], object] | None = None) -> list[Claim]:
        """The next claims to place, in clustering order: about ``limit``, never part of a sentence.

        ``on_start(doc_id)`` is called before the claims of a document none of whose claims is placed
        are read (to settle what they are before they are placed: cluster/copy_links.py).
        """
        found: list[Claim] = []
        # Every waiting document has a claim to place, so no more than ``limit`` of them are needed.
        docs = self.conn.execute(
            "SELECT doc_id, first_seq IS NULL FROM document_order WHERE clustered = 0 ORDER BY order_key LIMIT ?",
            (limit + 1,),
        ).fetchall()
        for doc_id, fresh in docs:
            room = limit - len(found)
            if room <= 0:
                break
            if fresh and on_start is not None:
                on_start(doc_id)
            # ``+seq``: a unique index's equality looks like one row to SQLite's planner, which would
            # then read every waiting claim of the store for each document; the document's index it is.
            rows = self.conn.execute(
                "SELECT record FROM claims WHERE doc_id = ? AND +seq IS NULL ORDER BY text_row LIMIT ?",
                (doc_id, room + 1),
            ).fetchall()
            claims = [decoded_claim(r[0]) for r in rows]
            if len(claims) <= room:
                found += claims
                self._taken[doc_id] = {c.claim_id for c in claims}
                continue
            cut = claims[room].span
            kept = [c for c in claims[:room] if c.span != cut]
            if not kept and not found:
                # One sentence holds more claims than the limit: it goes whole.
                kept = self._sentence(doc_id, cut)
            found += kept
            break
        return found

    def _sentence(self, doc_id: str, span: tuple[int, int]) -> list[Claim]:
        rows = self.conn.execute(
            "SELECT record FROM claims WHERE doc_id = ? AND +seq IS NULL AND span_start = ? AND span_end = ?"
            " ORDER BY text_row",
            (doc_id, *span),
        )
        return [decoded_claim(r[0]) for r in rows]

    def dirty_events(self, limit: int, members: int) -> list[int]:
        """Events whose records wait to be built again (they lost members to a rewind, or gained some).

        At most ``limit`` events and, past the first, about ``members`` members in all.
        """
        rows = self.conn.execute(
            "SELECT e.ordinal, (SELECT COUNT(*) FROM event_claims ec WHERE ec.event_id = e.event_id)"
            " FROM events e WHERE e.dirty = 1 ORDER BY e.ordinal LIMIT ?",
            (limit,),
        ).fetchall()
        chosen, total = [], 0
        for ordinal, count in rows:
            if chosen and total + count > members:
                break
            chosen.append(ordinal)
            total += count
        return chosen

    # -- EventSource ------------------------------------------------------

    def postings(self, keys: Sequence[str], cap: int) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        batched = dialect_of(self.conn).first_per_key(_POSTINGS, keys, cap)
        if batched is not None:
            for key, ordinal in self.conn.execute(*batched):
                found.setdefault(key, []).append(ordinal)
            return found
        for key in keys:
            rows = self.conn.execute(_POSTINGS.sql, (key, cap)).fetchall()
            if rows:
                found[key] = [r[0] for r in rows]
        return found

    def term_counts(self, terms: Collection[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for part in _slices(list(terms)):
            marks = ",".join("?" * len(part))
            found.update(self.conn.execute(f"SELECT term, claims FROM term_counts WHERE term IN ({marks})", part))
        return found

    def load_states(self, ordinals: Collection[int]) -> dict[int, tuple[str, str | None]]:
        found: dict[int, tuple[str, str | None]] = {}
        for part in _slices(sorted(ordinals)):
            marks = ",".join("?" * len(part))
            for ordinal, event_id, state in self.conn.execute(
                f"SELECT ordinal, event_id, state FROM events WHERE ordinal IN ({marks})", part
            ):
                found[ordinal] = (event_id, state)
        return found

    def stale_states(self, ordinals: Collection[int]) -> list[int]:
        stale: list[int] = []
        for part in _slices(sorted(ordinals)):
            marks = ",".join("?" * len(part))
            stale += [
                row[0]
                for row in self.conn.execute(
                    f"SELECT ordinal FROM events WHERE ordinal IN ({marks}) AND state IS NULL", part
                )
            ]
        return stale

    def load_events(self, ordinals: Collection[int]) -> list[StoredEvent]:
        events: dict[str, StoredEvent] = {}
        for part in _slices(sorted(ordinals)):
            marks = ",".join("?" * len(part))
            for event_id, ordinal in self.conn.execute(
                f"SELECT event_id, ordinal FROM events WHERE ordinal IN ({marks})", part
            ):
                events[event_id] = StoredEvent(ordinal, event_id, [])
        ids = list(events)
        for part in _slices(ids):
            marks = ",".join("?" * len(part))
            for event_id, record in self.conn.execute(
                "SELECT ec.event_id, c.record FROM event_claims ec JOIN claims c ON c.claim_id = ec.claim_id"
                f" WHERE ec.event_id IN ({marks}) ORDER BY ec.position",
                part,
            ):
                events[event_id].members.append(decoded_claim(record))
        return [e for e in events.values() if e.members]

    # -- writing ----------------------------------------------------------

    def write(self, update: ClusterUpdate) -> None:
        """Store what a batch changed: events first, then memberships, positions, postings, counts."""
        conn = self.conn
        conn.executemany(
            "INSERT INTO events (event_id, ordinal, type, title, when_start, when_end, contested, record, dirty)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (event_id) DO UPDATE SET type = excluded.type,"
            " title = excluded.title, when_start = excluded.when_start, when_end = excluded.when_end,"
            " contested = excluded.contested, record = excluded.record, dirty = 0",
            [
                (
                    event.event_id,
                    ordinal,
                    event.type,
                    event.title,
                    event.when.start.isoformat() if event.when else None,
                    event.when.end.isoformat() if event.when else None,
                    int(event.contested),
                    json.dumps(event.to_record(), ensure_ascii=False, separators=(",", ":")),
                )
                for ordinal, event in update.events
            ],
        )
        conn.executemany("UPDATE events SET dirty = 1 WHERE ordinal = ?", [(o,) for o in update.touched])
        conn.executemany("UPDATE events SET state = ? WHERE ordinal = ?", [(t, o) for o, t in update.states])
        conn.executemany(
            "INSERT INTO event_claims (event_id, claim_id, position) VALUES (?, ?, ?)",
            [(p.event_id, p.claim_id, p.seq) for p in update.placed],
        )
        conn.executemany(
            "UPDATE claims SET seq = ?, terms = ? WHERE claim_id = ?",
            [(p.seq, json.dumps(p.terms, ensure_ascii=False), p.claim_id) for p in update.placed],
        )
        # A key the event holds already keeps the seq of the claim that brought it first.
        conn.executemany(
            "INSERT INTO event_keys (key, ordinal, since_seq) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            update.postings,
        )
        conn.executemany(
            "INSERT INTO term_counts (term, claims) VALUES (?, ?)"
            " ON CONFLICT (term) DO UPDATE SET claims = term_counts.claims + excluded.claims",
            list(update.term_counts.items()),
        )
        first: dict[str, int] = {}
        for p in update.placed:
            first[p.doc] = min(p.seq, first.get(p.doc, p.seq))
        conn.executemany(
            "UPDATE document_order SET first_seq = COALESCE(first_seq, ?) WHERE doc_id = ?",
            [(seq, doc) for doc, seq in sorted(first.items())],
        )
        # A document whose last claims were in the batch is placed whole.
        placed = {p.claim_id for p in update.placed}
        complete = [doc for doc, claim_ids in self._taken.items() if claim_ids <= placed]
        conn.executemany("UPDATE document_order SET clustered = 1 WHERE doc_id = ?", [(d,) for d in sorted(complete)])
        self._taken.clear()
        _changed(conn)
