"""The driver: ingest → normalize → segment → extract → store → cluster.

Each document is read, analysed and stored on its own, in one transaction, so
a bad input or a failure inside one document never costs the others. Once the
documents of a call are stored, their new claims are clustered against the
stored events and the updated events are saved in one more transaction.
Progress goes to an optional callback; this module prints nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal

from hodo.cluster import cluster_claims, copies
from hodo.extract import extract_claims
from hodo.ingest import InputError, count_inputs, read_inputs
from hodo.models import Claim, Document, RawDocument
from hodo.normalize import normalize
from hodo.packs import Pack
from hodo.segment import segment_document
from hodo.segment.sites import site_outlet
from hodo.store import Store
from hodo.store import copies as copy_index
from hodo.store.queries import ClaimFilter, claims_by_id, select_claims, select_events

Status = Literal["new", "replaced", "unchanged", "failed"]


@dataclass
class DocumentOutcome:
    """What became of one input: ``name`` is the doc_id, or the path when it could not be read."""

    name: str
    status: Status
    claim_ids: list[str] = field(default_factory=list)
    problem: str | None = None
    # The original a new document was recognised as a syndicated copy of.
    copy_of: str | None = None

    @property
    def claims(self) -> int:
        return len(self.claim_ids)

    @property
    def message(self) -> str:
        """The one-line report of a failure: ``FILE: problem``."""
        return f"{self.name}: {self.problem}"


@dataclass
class IngestSummary:
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    events: int = 0
    cluster_problem: str | None = None

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def claims(self) -> int:
        return sum(o.claims for o in self.outcomes)

    @property
    def failed(self) -> bool:
        return any(o.status == "failed" for o in self.outcomes)

    def line(self) -> str:
        """``N new, N unchanged, N failed; N claims found`` (replacements named when there are any)."""
        replaced = self.count("replaced")
        copies = sum(1 for o in self.outcomes if o.copy_of is not None)
        parts = [f"{self.count('new')} new" + (f" ({copies} {'copy' if copies == 1 else 'copies'})" if copies else "")]
        if replaced:
            parts.append(f"{replaced} replaced")
        parts += [f"{self.count('unchanged')} unchanged", f"{self.count('failed')} failed"]
        return ", ".join(parts) + f"; {self.claims} claims found"


# Called after each input with its outcome, how many are done and how many there are
# (None when unknown, e.g. stdin).
ProgressCallback = Callable[[DocumentOutcome, int, int | None], None]


def content_hash(raw: RawDocument, date_override: date | None = None) -> str:
    """The key that tells an unchanged document: its text, and the date it is read under."""
    digest = hashlib.sha256(raw.text.encode("utf-8", "surrogatepass"))
    if date_override:
        digest.update(b"\0date=" + date_override.isoformat().encode())
    return digest.hexdigest()


def analyse(raw: RawDocument, pack: Pack, date_override: date | None = None) -> tuple[Document, list[Claim]]:
    """Normalize, segment and extract one document; stores nothing."""
    normalized = normalize(raw.text)
    doc = Document(
        doc_id=raw.doc_id,
        content_hash=content_hash(raw, date_override),
        source=raw.source,
        text=normalized.text,
        original=normalized.original,
        date=date_override or raw.date,
        url=raw.url,
        title=raw.title,
        encoding=raw.encoding,
        offsets=normalized.offsets,
        outlet=site_outlet(raw.outlet_hint, raw.url, pack),
    )
    doc = segment_document(doc, pack)
    return doc, extract_claims(doc, pack)


def ingest_one(store: Store, raw: RawDocument, pack: Pack, date_override: date | None = None) -> DocumentOutcome:
    """Analyse and store one document, unless the store holds its content already."""
    digest = content_hash(raw, date_override)
    if store.find_document(content_hash=digest) is not None:
        return DocumentOutcome(raw.doc_id, "unchanged")
    doc, claims = analyse(raw, pack, date_override)
    fingerprint = copies.fingerprint(doc)
    match = None
    if fingerprint is not None:
        match = copies.best_original(fingerprint, copy_index.candidates(store.conn, fingerprint, doc.doc_id))
    if match is not None:
        original_text = copy_index.document_text(store.conn, match.original) or ""
        original_claims = select_claims(store.conn, ClaimFilter(doc=match.original))
        claims = copies.copied_claims(claims, original_text, original_claims, doc.outlet, match.original)
    replaced = store.save_document(doc, claims, fingerprint=fingerprint, copy=match)
    return DocumentOutcome(
        raw.doc_id,
        "replaced" if replaced else "new",
        [c.claim_id for c in claims],
        copy_of=match.original if match else None,
    )


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    pack: Pack,
    *,
    date_override: date | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
    progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Ingest files, folders and ``-`` (stdin) into ``store``, then re-cluster events.

    A document that cannot be read or analysed is reported as failed and
    leaves the store as it was; the others are stored all the same.
    ``stdin`` defaults to the process's standard input and ``max_bytes`` to
    $HODO_MAX_BYTES or the ingest default.
    """
    paths = [str(p) for p in paths]
    total = None if "-" in paths else count_inputs(paths)
    items = read_inputs(paths, stdin=stdin, max_bytes=max_bytes)
    return ingest_documents(store, items, pack, date_override=date_override, progress=progress, total=total)


def ingest_documents(
    store: Store,
    items: Iterable[RawDocument | InputError],
    pack: Pack,
    *,
    date_override: date | None = None,
    progress: ProgressCallback | None = None,
    total: int | None = None,
) -> IngestSummary:
    """Ingest documents already read (files, fetched pages, archive posts, API uploads), then re-cluster events.

    An InputError among them is reported as a failed input; ``total`` is how
    many items there are, for progress, when known.
    """
    summary = IngestSummary()
    new_claim_ids: list[str] = []
    for item in items:
        if isinstance(item, InputError):
            outcome = DocumentOutcome(str(item.path), "failed", problem=item.problem)
        else:
            try:
                outcome = ingest_one(store, item, pack, date_override)
            except Exception as exc:  # one document's failure must not stop the others
                outcome = DocumentOutcome(item.doc_id, "failed", problem=f"cannot be processed: {exc!r}")
            new_claim_ids += outcome.claim_ids
        summary.outcomes.append(outcome)
        if progress:
            progress(outcome, len(summary.outcomes), total)
    try:
        summary.events = recluster(store, new_claim_ids, pack)
    except Exception as exc:  # the documents are stored; the events keep their last saved state
        summary.cluster_problem = repr(exc)
    return summary


def recluster(store: Store, new_claim_ids: list[str], pack: Pack | None = None) -> int:
    """Cluster new claims against the stored events and save the result; return the event count.

    With no new claims the stored events stand as they are (a re-ingest of
    unchanged files changes nothing). Stored events have already lost the
    claims of replaced documents (the store cascades their deletion).
    """
    existing = select_events(store.conn)
    if not new_claim_ids:
        return len(existing)
    stored = claims_by_id(store.conn)
    new_ids = set(new_claim_ids)
    new_claims = [stored[i] for i in new_claim_ids if i in stored]
    old_claims = {i: c for i, c in stored.items() if i not in new_ids}
    events = cluster_claims(new_claims, existing=existing, existing_claims=old_claims, pack=pack)
    return store.save_events(events)
