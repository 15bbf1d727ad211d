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
from datetime import date

from hodo.models import Claim, CopyMatch, Fingerprint
from hodo.store.dialect import dialect_of

# Candidates compared per lookup at most: those sharing the most keys, then the first in document order.
MAX_CANDIDATES = 64
# Documents read per key at most, the earliest filed first: a key that many share (a
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
    # The document's date (only where one document's fingerprint is read: stored_fingerprint).
    day: date | None = None


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
    write_copy_link(conn, doc_id, copy)


def candidates(
    conn: sqlite3.Connection,
    fingerprint: Fingerprint,
    exclude: str,
    limit: int = MAX_CANDIDATES,
    *,
    before: str | None = None,
) -> list[StoredFingerprint]:
    """Stored documents filed under the fingerprint's lookup keys, most keys shared first; ``exclude`` left out.

    ``before``: only documents whose order key sorts before it. Ties go to the
    document that comes first in that order, so what is found does not depend on
    the order documents arrived in (as long as no key holds over ``BUCKET_CAP``).
    """
    votes: Counter[int] = Counter()
    order: dict[int, str] = {}
    condition = " AND COALESCE(o.order_key, f.doc_id) < ?" if before is not None else ""
    for key in dict.fromkeys(fingerprint.lookup):
        rows = conn.execute(
            "SELECT fk.fingerprint, COALESCE(o.order_key, f.doc_id) FROM fingerprint_keys fk"
            " JOIN fingerprints f ON f.id = fk.fingerprint"
            f" LEFT JOIN document_order o ON o.doc_id = f.doc_id WHERE fk.key = ?{condition}"
            " ORDER BY fk.fingerprint LIMIT ?",
            (key, before, BUCKET_CAP) if before is not None else (key, BUCKET_CAP),
        )
        for number, key_order in rows:
            votes[number] += 1
            order[number] = key_order
    if not votes:
        return []
    ranked = sorted(votes, key=lambda number: (-votes[number], order[number]))[: limit + 1]
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


def stored_fingerprint(conn: sqlite3.Connection, doc_id: str) -> StoredFingerprint | None:
    """What the index keeps of one document, with the document's date, if it is filed there."""
    row = conn.execute(
        "SELECT f.signature, f.shingles, f.wires, f.figures, d.date FROM fingerprints f"
        " JOIN documents d ON d.doc_id = f.doc_id WHERE f.doc_id = ?",
        (doc_id,),
    ).fetchone()
    if row is None:
        return None
    return StoredFingerprint(
        doc_id=doc_id,
        signature=unpack_signature(row[0]),
        size=row[1],
        wires=tuple(json.loads(row[2]) if row[2] else ()),
        original=None,
        figures=frozenset(json.loads(row[3]) if row[3] else ()),
        day=date.fromisoformat(row[4]) if row[4] else None,
    )


def site_of(conn: sqlite3.Connection, doc_id: str) -> tuple[str | None, str | None]:
    """The stored document's outlet hint and URL: what names the site that carried it."""
    row = conn.execute("SELECT outlet_hint, url FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    return (row[0], row[1]) if row else (None, None)


def rewrite_claims(conn: sqlite3.Connection, claims: Sequence[Claim]) -> None:
    """Store these claims' records again (their copy marks changed; nothing they are filed under did)."""
    conn.executemany(
        "UPDATE claims SET record = ? WHERE claim_id = ?",
        [(json.dumps(c.to_record(), ensure_ascii=False, separators=(",", ":")), c.claim_id) for c in claims],
    )


def write_copy_link(conn: sqlite3.Connection, doc_id: str, copy: CopyMatch | None) -> None:
    """Say which original the stored document ``doc_id`` reprints (None: that it reprints none)."""
    conn.execute("DELETE FROM document_copies WHERE doc_id = ?", (doc_id,))
    if copy is not None:
        conn.execute(
            "INSERT INTO document_copies (doc_id, original, similarity, wire) VALUES (?, ?, ?, ?)",
            (doc_id, copy.original, copy.similarity, copy.wire),
        )


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
