"""The copy index: documents' fingerprints, the keys they are filed under, and copy links.

Written inside the transaction that stores the document (``Store.save_document``),
so a document and its place in the index come and go together; a replaced
document's rows go with it by cascade. Lookups go through the key index, read
at most ``BUCKET_CAP`` rows a key and never scan the fingerprints, so their
cost does not grow with the store.
"""

from __future__ import annotations

import json
import sqlite3
import struct
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from hodo.models import CopyMatch, Fingerprint
from hodo.store.dialect import PerKey, dialect_of

# Candidates compared per lookup at most: those sharing the most keys, then the earliest stored.
MAX_CANDIDATES = 64
# Documents read per key at most, the earliest stored first: a key that many share (a
# stock paragraph, a busy wire's day) costs no more than this.
BUCKET_CAP = 64


@dataclass(frozen=True)
class StoredFingerprint:
    doc_id: str
    signature: tuple[int, ...]
    size: int
    wires: tuple[str, ...]
    original: str | None
    figures: frozenset[str] = frozenset()


# The documents filed under one lookup key.
_BUCKET = PerKey("fingerprint_keys", "key", "fingerprint", "bigint")


def pack_signature(signature: Sequence[int]) -> bytes:
    return struct.pack(f"<{len(signature)}Q", *signature)


def unpack_signature(blob: bytes) -> tuple[int, ...]:
    return struct.unpack(f"<{len(blob) // 8}Q", blob)


def write_fingerprint(
    conn: sqlite3.Connection, doc_id: str, fingerprint: Fingerprint, copy: CopyMatch | None
) -> None:
    """File one document in the index (and its copy link); call inside a transaction."""
    conn.execute("DELETE FROM fingerprints WHERE doc_id = ?", (doc_id,))
    (number,) = conn.execute(
        "INSERT INTO fingerprints (doc_id, signature, shingles, wires, figures) VALUES (?, ?, ?, ?, ?) RETURNING id",
        (
            doc_id,
            pack_signature(fingerprint.signature),
            fingerprint.size,
            json.dumps(list(fingerprint.wires)),
            json.dumps(sorted(fingerprint.figures)),
        ),
    ).fetchone()
    conn.executemany(
        "INSERT INTO fingerprint_keys (key, fingerprint) VALUES (?, ?)",
        [(key, number) for key in dict.fromkeys(fingerprint.keys)],
    )
    conn.execute("DELETE FROM document_copies WHERE doc_id = ?", (doc_id,))
    if copy is not None:
        conn.execute(
            "INSERT INTO document_copies (doc_id, original, similarity, wire) VALUES (?, ?, ?, ?)",
            (doc_id, copy.original, copy.similarity, copy.wire),
        )


def candidates(
    conn: sqlite3.Connection, fingerprint: Fingerprint, exclude: str, limit: int = MAX_CANDIDATES
) -> list[StoredFingerprint]:
    """Stored documents filed under the fingerprint's lookup keys, most keys shared first; ``exclude`` left out."""
    votes: Counter[int] = Counter()
    keys = list(dict.fromkeys(fingerprint.lookup))
    batched = dialect_of(conn).first_per_key(_BUCKET, keys, BUCKET_CAP)
    if batched is not None:
        votes.update(row[1] for row in conn.execute(*batched))
    else:
        for key in keys:
            votes.update(row[0] for row in conn.execute(_BUCKET.sql, (key, BUCKET_CAP)))
    if not votes:
        return []
    ranked = sorted(votes, key=lambda number: (-votes[number], number))[: limit + 1]
    chosen, values = dialect_of(conn).in_values("f.id", ranked)
    rows = conn.execute(
        "SELECT f.id, f.doc_id, f.signature, f.shingles, f.wires, c.original, f.figures FROM fingerprints f"
        " LEFT JOIN document_copies c ON c.doc_id = f.doc_id"
        f" WHERE {chosen} AND f.doc_id != ?",
        (*values, exclude),
    )
    found = {
        row[0]: StoredFingerprint(
            doc_id=row[1],
            signature=unpack_signature(row[2]),
            size=row[3],
            wires=tuple(json.loads(row[4]) if row[4] else ()),
            original=row[5],
            figures=frozenset(json.loads(row[6]) if row[6] else ()),
        )
        for row in rows
    }
    return [found[number] for number in ranked if number in found][:limit]


def document_text(conn: sqlite3.Connection, doc_id: str) -> str | None:
    row = conn.execute("SELECT text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    return row[0] if row else None


def copy_link(conn: sqlite3.Connection, doc_id: str) -> CopyMatch | None:
    """What the stored document ``doc_id`` is a copy of, if it is one."""
    row = conn.execute(
        "SELECT original, similarity, wire FROM document_copies WHERE doc_id = ?", (doc_id,)
    ).fetchone()
    return CopyMatch(row[0], row[1], row[2]) if row else None


def copies_of(conn: sqlite3.Connection, original: str) -> list[str]:
    """The stored copies of one original, earliest first."""
    rows = conn.execute(
        "SELECT doc_id FROM document_copies WHERE original = ? ORDER BY rowid", (original,)
    )
    return [row[0] for row in rows]
