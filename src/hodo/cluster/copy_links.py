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

import sqlite3
from collections.abc import Iterable
from dataclasses import replace

from hodo.cluster import copies
from hodo.models import CopyMatch
from hodo.packs import Pack
from hodo.segment.sites import site_outlet
from hodo.store import copies as copy_index
from hodo.store.clustering import order_key
from hodo.store.queries import ClaimFilter, select_claims


def settle_copies(conn: sqlite3.Connection, doc_ids: Iterable[str], pack: Pack) -> None:
    """Settle the copy link of each document (in document order) and mark its claims to match."""
    for doc_id in doc_ids:
        link = _original(conn, doc_id)
        if link is None and copy_index.copy_link(conn, doc_id) is None:
            continue
        copy_index.write_copy_link(conn, doc_id, link)
        _mark(conn, doc_id, link, pack)


def _original(conn: sqlite3.Connection, doc_id: str) -> CopyMatch | None:
    stored = copy_index.stored_fingerprint(conn, doc_id)
    if stored is None:
        return None
    found = copies.filed_fingerprint(stored.signature, stored.size, stored.wires, stored.figures, stored.day)
    earlier = copy_index.candidates(conn, found, doc_id, before=order_key(doc_id))
    return copies.best_original(found, earlier)


def _mark(conn: sqlite3.Connection, doc_id: str, link: CopyMatch | None, pack: Pack) -> None:
    """Write the document's claims again, marked as copies of ``link``'s original (or unmarked)."""
    claims = [replace(c, copy_of=None) for c in select_claims(conn, ClaimFilter(doc=doc_id))]
    if link is not None:
        original_text = copy_index.document_text(conn, link.original) or ""
        original_claims = select_claims(conn, ClaimFilter(doc=link.original))
        site = site_outlet(*copy_index.site_of(conn, doc_id), pack)
        claims = copies.copied_claims(claims, original_text, original_claims, site, link.original)
    copy_index.rewrite_claims(conn, claims)
