"""Which stored document each one reprints, settled in the clustering order.

A document is a copy of one that comes before it in the store's document
order (``store.clustering.order_key``), never of one that merely arrived
earlier: clustering places documents in that order, and settling the copy
link just before a document's claims are placed makes the links, the claims'
``copy_of`` marks and so the events' corroboration a function of the stored
documents alone, whatever order concurrent ingests or worker processes
delivered them in. A document placed again after a rewind (an earlier one
arrived, its original was replaced) is settled again.

Runs inside the clustering transaction (``Store.clustering``), on its connection.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from hodo.cluster import copies
from hodo.models import Claim, CopyMatch
from hodo.packs import Pack
from hodo.segment.sites import site_outlet
from hodo.store import copies as copy_index
from hodo.store.clustering import order_key
from hodo.store.queries import ClaimFilter, select_claims


def settle_copies(conn: sqlite3.Connection, doc_ids: Iterable[str], pack: Pack) -> int:
    """Settle the copy link of each document (in document order) and mark its claims; return how many are copies."""
    found = 0
    for doc_id in doc_ids:
        link = _original(conn, doc_id)
        if link is not None:
            found += 1
        had = copy_index.copy_link(conn, doc_id)
        if link is None and had is None:
            continue
        copy_index.write_copy_link(conn, doc_id, link)
        _mark(conn, doc_id, link, pack)
    return found


def _original(conn: sqlite3.Connection, doc_id: str) -> CopyMatch | None:
    stored = copy_index.stored_fingerprint(conn, doc_id)
    if stored is None:
        return None
    row = conn.execute("SELECT date FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    day = date.fromisoformat(row[0]) if row and row[0] else None
    found = copies.filed_fingerprint(stored.signature, stored.size, stored.wires, stored.figures, day)
    earlier = copy_index.candidates(conn, found, doc_id, before=order_key(doc_id))
    return copies.best_original(found, earlier)


def _mark(conn: sqlite3.Connection, doc_id: str, link: CopyMatch | None, pack: Pack) -> None:
    """Write the document's claims again, marked as copies of ``link``'s original (or unmarked)."""
    claims = [replace(c, copy_of=None) for c in select_claims(conn, ClaimFilter(doc=doc_id))]
    if link is not None:
        hint, url = conn.execute("SELECT outlet_hint, url FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        original_text = copy_index.document_text(conn, link.original) or ""
        original_claims = select_claims(conn, ClaimFilter(doc=link.original))
        site = site_outlet(hint, url, pack)
        claims = copies.copied_claims(claims, original_text, original_claims, site, link.original)
    conn.executemany(
        "UPDATE claims SET record = ? WHERE claim_id = ?",
        [(_record(c), c.claim_id) for c in claims],
    )


def _record(claim: Claim) -> str:
    return json.dumps(claim.to_record(), ensure_ascii=False, separators=(",", ":"))
