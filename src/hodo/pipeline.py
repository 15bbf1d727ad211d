"""The driver: ingest → normalize → segment → extract → store → cluster.

Each document is read, analysed and stored on its own, in one transaction, so
a bad input or a failure inside one document never costs the others, and an
interrupted run loses nothing that was stored. The claims a document brings
wait in the store until clustering places them: ``update_events`` places
every waiting claim, whoever stored it and whenever, in batches of whole
sentences, each batch one transaction under the store's event lock. So a run
killed at any point leaves claims that the next run places, processes that
ingest into one store at once end with every claim in an event, and the
events are those of clustering every stored claim in one order (see
store/clustering.py), whatever order the documents arrived in.

Progress goes to optional callbacks; this module prints nothing.
"""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import BinaryIO, Literal

from hodo import __version__
from hodo.cluster import copies
from hodo.cluster.copy_links import settle_copies
from hodo.cluster.events import Clusterer
from hodo.cluster.similarity import cluster_rules
from hodo.extract import claims_by_report, extract_claims
from hodo.ingest import InputError, count_inputs, read_inputs
from hodo.ingest.sources import describe_exception
from hodo.models import Claim, CopyMatch, Document, Fingerprint, RawDocument, Sentence
from hodo.normalize import normalize
from hodo.packs import Pack, load_pack
from hodo.segment import segment_document
from hodo.segment.sites import site_outlet
from hodo.store import BatchLost, Store
from hodo.store import copies as copy_index
from hodo.store.clustering import order_key
from hodo.store.queries import ClaimFilter, count_events, load_document, select_claims, stored_documents

Status = Literal["new", "replaced", "unchanged", "failed"]

# An error or warning line is at most this long, whatever a message echoes.
MAX_LINE = 200
# Claims placed per clustering transaction: short enough that other writers wait
# little for the lock, long enough that loading the candidate events pays off.
CLUSTER_BATCH = 2000
# Events written again per transaction after a rewind took members from them.
REBUILD_BATCH = 500
# A document this long (characters) has its claims kept in a temporary file until stored.
SPILL_CHARS = 500_000
# Documents stored by one ingest after which the store's planner statistics are refreshed.
STATISTICS_AFTER = 100
# Claims a clusterer may hold in memory (as members of the events it loaded or
# made); past it, the events used least recently are let go until the next
# batch asks for them again: memory stays bounded whatever the store holds.
CLUSTER_MEMORY = 15_000


def one_line(text: str, width: int = MAX_LINE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass
class DocumentOutcome:
    """What became of one input: ``name`` is the doc_id, or where it was when it could not be read."""

    name: str
    status: Status
    claim_ids: list[str] = field(default_factory=list)
    problem: str | None = None
    # Repairs and dropped sentences, one line each, naming file:line where known.
    warnings: list[str] = field(default_factory=list)
    # The original a stored document was recognised as a syndicated copy of (settled by clustering).
    copy_of: str | None = None

    @property
    def claims(self) -> int:
        return len(self.claim_ids)

    @property
    def message(self) -> str:
        """The one-line report of a failure: ``FILE: problem``."""
        return one_line(f"{self.name}: {self.problem}")


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
# Called while one document is analysed: its name, characters done, characters in all.
TextProgress = Callable[[str, int, int], None]
# Called while clustering: claims placed, claims to place in all.
ClusterProgress = Callable[[int, int], None]


def content_hash(raw: RawDocument, date_override: date | None = None) -> str:
    """The key that tells an unchanged document: its text, and the date it is read under."""
    digest = hashlib.sha256(raw.text.encode("utf-8", "surrogatepass"))
    if date_override:
        digest.update(b"\0date=" + date_override.isoformat().encode())
    return digest.hexdigest()


@cache
def pack_version(pack: Pack) -> str:
    """A fingerprint of what the pack's files hold and of this hodo: claims made with it are current."""
    digest = hashlib.sha256(__version__.encode())
    for folder in pack.folders:
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def prepare(raw: RawDocument, date_override: date | None, pack: Pack) -> Document:
    """Normalize and segment one document: what extraction reads."""
    normalized = normalize(raw.text)
    doc = Document(
        doc_id=raw.doc_id,
        name=raw.name,
        content_hash=content_hash(raw, date_override),
        source=raw.source,
        text=normalized.text,
        original=normalized.original,
        date=date_override or raw.date,
        url=raw.url,
        title=raw.title,
        encoding=raw.encoding,
        offsets=normalized.offsets,
        given_date=raw.date,
        date_override=date_override,
        outlet_hint=raw.outlet_hint,
        outlet=site_outlet(raw.outlet_hint, raw.url, pack),
    )
    return segment_document(doc, pack)


def _reporter(raw: RawDocument, doc: Document, warnings: list[str]) -> Callable[[Sentence, Exception], None]:
    """What extraction calls when a sentence fails: a warning line naming ``file:line``."""

    def dropped(sentence: Sentence, exc: Exception) -> None:
        start, _ = doc.original_span(sentence.start, sentence.end)
        line = doc.original.count("\n", 0, start) + 1
        warnings.append(one_line(f"{raw.source}:{line}: sentence skipped: {describe_exception(exc)}"))

    return dropped


def _named(claims: list[Claim], raw: RawDocument) -> list[Claim]:
    if raw.name != raw.doc_id:
        for claim in claims:
            claim.doc_name = raw.name
    return claims


def analyse(
    raw: RawDocument,
    pack: Pack,
    date_override: date | None = None,
    *,
    warnings: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[Document, list[Claim]]:
    """Normalize, segment and extract one document; stores nothing.

    A sentence whose analysis raises loses its claims, and a line naming
    ``file:line`` goes to ``warnings`` (without a list to collect them, the
    exception propagates). ``progress`` hears how many characters are done.
    """
    doc = prepare(raw, date_override, pack)
    on_problem = _reporter(raw, doc, warnings) if warnings is not None else None
    return doc, _named(extract_claims(doc, pack, on_problem=on_problem, progress=progress), raw)


@dataclass
class Analysed:
    """One document read and analysed but not yet stored: what a worker hands the writer.

    ``claims`` holds its claims, or is None when they wait in ``spill``, a
    file of pickled lists (a long document's, which need not sit in memory or
    cross a pipe whole); the writer deletes that file.
    """

    doc: Document
    claims: list[Claim] | None
    fingerprint: Fingerprint | None
    warnings: list[str] = field(default_factory=list)
    spill: str | None = None

    def all_claims(self) -> Iterator[Claim]:
        if self.claims is not None:
            yield from self.claims
        elif self.spill is not None:
            with open(self.spill, "rb") as handle:
                yield from _unspilled(handle)

    def discard(self) -> None:
        """Delete the spill file, if any (once stored, or when the document is not)."""
        if self.spill is not None:
            Path(self.spill).unlink(missing_ok=True)
            self.spill = None


def analyse_for_store(
    raw: RawDocument,
    pack: Pack,
    date_override: date | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    spill: bool = True,
    spill_dir: str | None = None,
) -> Analysed:
    """Normalize, segment and extract one document, with its copy-detection fingerprint.

    A sentence whose analysis raises loses its claims and leaves a warning. A
    document of SPILL_CHARS or more has its claims written to a temporary file
    (in ``spill_dir``) report by report, so they are never all in memory;
    unless not to ``spill``, for a worker whose files the writer cannot read.
    """
    warnings = list(raw.warnings)
    doc = prepare(raw, date_override, pack)
    found = claims_by_report(doc, pack, on_problem=_reporter(raw, doc, warnings), progress=progress)
    fingerprint = copies.fingerprint(doc)
    if len(doc.text) < SPILL_CHARS or not spill:
        return Analysed(doc, [c for claims in found for c in _named(claims, raw)], fingerprint, warnings)
    with tempfile.NamedTemporaryFile(prefix="hodo-claims-", suffix=".pickle", dir=spill_dir, delete=False) as spill_file:
        spill_name = spill_file.name
        try:
            for claims in found:
                pickle.dump(_named(claims, raw), spill_file, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            spill_file.close()
            Path(spill_name).unlink(missing_ok=True)
            raise
    return Analysed(doc, None, fingerprint, warnings, spill=spill_name)


def ingest_one(
    store: Store,
    raw: RawDocument,
    pack: Pack,
    date_override: date | None = None,
    *,
    progress: TextProgress | None = None,
) -> DocumentOutcome:
    """Analyse and store one document, unless the store holds this text under its identity already."""
    if is_unchanged(store, raw, date_override):
        return DocumentOutcome(raw.doc_id, "unchanged", warnings=list(raw.warnings))
    report = (lambda done: progress(raw.doc_id, done, len(raw.text))) if progress else None
    return store_analysed(store, analyse_for_store(raw, pack, date_override, progress=report), pack)


def is_unchanged(store: Store, raw: RawDocument, date_override: date | None = None) -> bool:
    """Whether the store holds this very text, read under this date, under the document's identity."""
    stored = store.find_document(raw.doc_id)
    return stored is not None and stored.content_hash == content_hash(raw, date_override)


def store_analysed(store: Store, analysed: Analysed, pack: Pack) -> DocumentOutcome:
    """Store a document analysed here or in a worker: the writer's half of ``ingest_one``.

    A document already stored with the same text (given twice in one run, say)
    is left as it is. Claims stream from where they wait, and the store is
    locked only while they are written. A document with claims is told a copy
    when clustering places them (cluster/copy_links.py); one without is linked
    now, to what comes before it in the document order.
    """
    doc = analysed.doc
    try:
        stored = store.find_document(doc.doc_id)
        if stored is not None and stored.content_hash == doc.content_hash:
            return DocumentOutcome(doc.doc_id, "unchanged", warnings=analysed.warnings)
        fingerprint = analysed.fingerprint
        match = _original_of(store, doc, fingerprint) if analysed.claims == [] else None
        claims: Iterable[Claim] = analysed.all_claims()
        claim_ids: list[str] = []
        replaced = store.save_document(
            doc,
            _noted(claims, claim_ids),
            analysed_with=pack_version(pack),
            fingerprint=fingerprint,
            copy=match,
        )
    finally:
        analysed.discard()
    return DocumentOutcome(
        doc.doc_id,
        "replaced" if replaced else "new",
        claim_ids,
        warnings=analysed.warnings,
        copy_of=match.original if match else None,
    )


def _noted(claims: Iterable[Claim], ids: list[str]) -> Iterator[Claim]:
    """The claims as they go by, their ids kept in ``ids``."""
    for claim in claims:
        ids.append(claim.claim_id)
        yield claim


def _original_of(store: Store, doc: Document, fingerprint: Fingerprint | None) -> CopyMatch | None:
    """The stored original, before the document in the document order, that it is a syndicated copy of."""
    if fingerprint is None:
        return None
    earlier = copy_index.candidates(store.conn, fingerprint, doc.doc_id, before=order_key(doc.doc_id))
    return copies.best_original(fingerprint, earlier)


def _unspilled(spill: BinaryIO) -> Iterator[Claim]:
    while True:
        try:
            yield from pickle.load(spill)
        except EOFError:
            return


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    pack: Pack,
    *,
    date_override: date | None = None,
    stdin: BinaryIO | None = None,
    stdin_id: str | None = None,
    max_bytes: int | None = None,
    progress: ProgressCallback | None = None,
    text_progress: TextProgress | None = None,
    cluster_progress: ClusterProgress | None = None,
) -> IngestSummary:
    """Ingest files, folders and ``-`` (stdin, known as ``stdin_id`` if given) into ``store``, then update events.

    A document that cannot be read or analysed is reported as failed and
    leaves the store as it was; the others are stored all the same.
    ``stdin`` defaults to the process's standard input and ``max_bytes`` to
    $HODO_MAX_BYTES or the ingest default.
    """
    paths = [str(p) for p in paths]
    total = None if "-" in paths else count_inputs(paths)
    items = read_inputs(paths, stdin=stdin, max_bytes=max_bytes, stdin_id=stdin_id)
    return ingest_documents(
        store,
        items,
        pack,
        date_override=date_override,
        progress=progress,
        total=total,
        text_progress=text_progress,
        cluster_progress=cluster_progress,
        # Standard input may keep the next document waiting: no batch holds the store meanwhile.
        batched="-" not in paths,
    )


def ingest_documents(
    store: Store,
    items: Iterable[RawDocument | InputError],
    pack: Pack,
    *,
    date_override: date | None = None,
    progress: ProgressCallback | None = None,
    total: int | None = None,
    text_progress: TextProgress | None = None,
    cluster_progress: ClusterProgress | None = None,
    batched: bool = False,
) -> IngestSummary:
    """Ingest documents already read (files, fetched pages, archive posts, API uploads), then update events.

    An InputError among them is reported as a failed input; ``total`` is how
    many items there are, for progress, when known. ``batched``: commit the
    documents in batches (Store.batch), for items that come without waiting
    (files, not pages still to fetch, which would hold the store meanwhile).
    """
    summary = IngestSummary()
    with store.batch() if batched else nullcontext():
        for item in items:
            if isinstance(item, InputError):
                outcome = DocumentOutcome(str(item.path), "failed", problem=item.problem)
            else:
                try:
                    outcome = ingest_one(store, item, pack, date_override, progress=text_progress)
                except BatchLost:
                    raise
                except Exception as exc:  # one document's failure must not stop the others
                    # Named where it was read (file, file:line for a JSON Lines record), not by its URL.
                    problem = f"cannot be processed: {describe_exception(exc)}"
                    outcome = DocumentOutcome(item.source, "failed", problem=problem, warnings=item.warnings)
            store.flush_when_due()
            summary.outcomes.append(outcome)
            if progress:
                progress(outcome, len(summary.outcomes), total)
    summary.events, summary.cluster_problem = events_or_problem(store, pack, cluster_progress)
    finish_ingest(store, summary)
    return summary


def finish_ingest(store: Store, summary: IngestSummary) -> None:
    """What every ingest ends with: copy links named on the outcomes, the store's statistics refreshed."""
    name_copies(store, summary.outcomes)
    if summary.count("new") + summary.count("replaced") >= STATISTICS_AFTER:
        store.refresh_statistics()


def name_copies(store: Store, outcomes: Sequence[DocumentOutcome]) -> None:
    """Tell each stored outcome the original its document was found to copy, once clustering settled it."""
    for outcome in outcomes:
        if outcome.status in ("new", "replaced") and outcome.copy_of is None:
            link = copy_index.copy_link(store.conn, outcome.name)
            outcome.copy_of = link.original if link else None




def events_or_problem(
    store: Store, pack: Pack, progress: ClusterProgress | None, placer: EventPlacer | None = None
) -> tuple[int, str | None]:
    """Update the events (with ``placer``, going on from its steps): how many there are, and the
    problem that stopped it if any. The documents are stored either way; their claims wait for the next run."""
    try:
        placer = placer or EventPlacer(store, pack, progress=progress)
        while placer.step():
            pass
        return count_events(store.conn), None
    except Exception as exc:  # the documents are stored; their claims wait for the next run
        return count_events(store.conn), describe_exception(exc)


def update_events(store: Store, pack: Pack | None = None, *, progress: ClusterProgress | None = None) -> int:
    """Place every claim that waits for its event, then build again the events that changed.

    Returns how many events the store holds. Safe to run from several
    processes at once, and to interrupt: each batch is one transaction. What
    one batch loaded serves the next as long as no other process changed the
    clustering in between (trimmed to CLUSTER_MEMORY claims).
    """
    placer = EventPlacer(store, pack, progress=progress)
    while placer.step():
        pass
    return count_events(store.conn)


class EventPlacer:
    """Clustering batch by batch, keeping what one batch loaded for the next (see update_events).

    A writer that stores documents while others are still being analysed can
    place their claims as they come, ``step(final=False)``, and leave the
    events they grew to be built once, by the final steps.
    """

    def __init__(self, store: Store, pack: Pack | None = None, *, progress: ClusterProgress | None = None) -> None:
        self.store = store
        self.pack = pack or load_pack()
        self.rules = cluster_rules(self.pack)
        self.progress = progress
        self.done = 0
        # Claims the last step took out of the clustering to put a document in its place.
        self.rewound = 0
        self._clusterer: Clusterer | None = None
        self._written = -1

    def step(self, *, final: bool = True) -> bool:
        """Place one batch of waiting claims (or, ``final``, build one batch of changed events).

        Returns False when there was nothing to do. A step that is not final
        places claims only.
        """
        with self.store.clustering() as session:
            self.rewound = session.catch_up()
            claims = session.pending_claims(
                CLUSTER_BATCH, on_start=lambda doc_id: settle_copies(session.conn, [doc_id], self.pack)
            )
            dirty = [] if claims or not final else session.dirty_events(REBUILD_BATCH, CLUSTER_MEMORY)
            if not claims and not dirty:
                return False
            first = session.next_seq()
            clusterer = self._clusterer
            if clusterer is None or session.generation() != self._written or clusterer.seq != first:
                clusterer = self._clusterer = Clusterer(self.rules, session, first_seq=first)
            clusterer.source = session
            clusterer.add(claims)
            clusterer.rebuild(dirty)
            # While claims wait, events that grow are only marked; the last batches build them once.
            session.write(clusterer.update(defer=bool(claims)))
            clusterer.trim(CLUSTER_MEMORY)
            self._written = session.generation()
            waiting = session.waiting()
        self.done += len(claims)
        if self.progress and claims:
            self.progress(self.done, self.done + waiting)
        return True


def recluster(store: Store, pack: Pack | None = None, *, progress: ClusterProgress | None = None) -> int:
    """Rebuild every event from the stored claims; returns how many events there are."""
    with store.clustering() as session:
        session.rewind_all()
    return update_events(store, pack, progress=progress)


def remove_documents(
    store: Store, doc_ids: Sequence[str], pack: Pack | None = None, *, progress: ClusterProgress | None = None
) -> int:
    """Delete documents with their claims and update the events; returns how many were deleted."""
    removed = sum(store.delete_document(doc_id) for doc_id in doc_ids)
    update_events(store, pack, progress=progress)
    return removed


def reprocess(
    store: Store,
    pack: Pack,
    doc_ids: Sequence[str] | None = None,
    *,
    progress: ProgressCallback | None = None,
    cluster_progress: ClusterProgress | None = None,
) -> IngestSummary:
    """Extract stored documents again with ``pack`` (all of them by default), then update events.

    Each document is replaced in its own transaction and marked with the
    pack's version, so an interrupted run resumes where it stopped: documents
    already analysed with this pack are "unchanged". A document whose claims
    come out the same keeps them (and its place in the events).
    """
    version = pack_version(pack)
    ids = list(doc_ids) if doc_ids is not None else stored_documents(store.conn)
    summary = IngestSummary()
    for doc_id in ids:
        summary.outcomes.append(_reprocess_one(store, pack, version, doc_id))
        if progress:
            progress(summary.outcomes[-1], len(summary.outcomes), len(ids))
    summary.events, summary.cluster_problem = events_or_problem(store, pack, cluster_progress)
    finish_ingest(store, summary)
    return summary


def _reprocess_one(store: Store, pack: Pack, version: str, doc_id: str) -> DocumentOutcome:
    stored = store.find_document(doc_id)
    if stored is None:
        return DocumentOutcome(doc_id, "failed", problem="no such document")
    if stored.analysed_with == version:
        return DocumentOutcome(doc_id, "unchanged")
    doc = load_document(store.conn, doc_id)
    assert doc is not None
    raw = RawDocument(
        doc_id=doc.doc_id,
        name=doc.name,
        text=doc.original,
        source=doc.source,
        encoding=doc.encoding,
        url=doc.url,
        title=doc.title,
        # A document stored before hodo kept what it was told has its final date only;
        # read under it, the text gives the same analysis as the date it came from.
        date=doc.given_date or doc.date,
        outlet_hint=doc.outlet_hint,
    )
    warnings: list[str] = []
    try:
        new_doc, claims = analyse(raw, pack, doc.date_override, warnings=warnings)
        fingerprint = copies.fingerprint(new_doc)
        match = None if claims else _original_of(store, new_doc, fingerprint)
        # Stored claims carry the copy marks clustering gave them; the new ones get theirs when placed.
        old = [replace(c, copy_of=None) for c in select_claims(store.conn, ClaimFilter(doc=doc_id))]
        if {c.claim_id: c.to_record() for c in old} == {c.claim_id: c.to_record() for c in claims}:
            store.mark_analysed(doc_id, version)
            return DocumentOutcome(doc_id, "unchanged", warnings=warnings)
        store.save_document(new_doc, claims, analysed_with=version, fingerprint=fingerprint, copy=match)
    except Exception as exc:  # the stored version stays as it was
        return DocumentOutcome(doc_id, "failed", problem=f"cannot be processed: {describe_exception(exc)}")
    return DocumentOutcome(doc_id, "replaced", [c.claim_id for c in claims], warnings=warnings)
