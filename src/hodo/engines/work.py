"""What a worker does with one task: read an input, analyse its document, hand the result back.

The same function runs in a process of this machine (engines/processes.py)
and in a Ray task (engines/ray.py). A task is self-contained and picklable: a
listed input (its identity and absolute path fixed by the writer, so a worker
in another folder reads the same file as the same document) or a document
already read. Nothing a document does escapes as an exception: a failure is
that input's outcome, as in the single-process pipeline.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field
from datetime import date

from hodo.ingest import Input, InputError, read_input
from hodo.ingest.sources import describe_exception
from hodo.models import RawDocument
from hodo.packs import Pack, PackError, load_pack
from hodo.pipeline import Analysed, DocumentOutcome, analyse_for_store, content_hash


@dataclass(frozen=True)
class ReadTask:
    """A listed input for the worker to read; ``stored_hash`` is what the store holds under its identity."""

    entry: Input
    stored_hash: str | None = None
    date_override: date | None = None
    max_bytes: int | None = None


@dataclass(frozen=True)
class AnalyseTask:
    """A document already read (a JSON Lines record, a post of a blog export, stdin)."""

    raw: RawDocument
    date_override: date | None = None


Task = ReadTask | AnalyseTask


@dataclass
class Done:
    """What became of a task's document: analysed (for the writer to store), or an outcome already."""

    result: Analysed | DocumentOutcome


@dataclass
class Expanded:
    """An input that holds several documents: the writer checks each against the store and hands them out."""

    items: list[RawDocument | InputError] = field(default_factory=list)


@dataclass(frozen=True)
class WorkerOptions:
    """How a worker runs: the pack to load (a name or a folder), and whether it may spill long documents to files."""

    pack: str
    spill: bool = True
    spill_dir: str | None = None


def pack_spec(pack: Pack) -> str:
    """What a worker passes to ``load_pack`` to get this pack: its name when that finds it, else its folder."""
    try:
        if load_pack(pack.name) is pack:
            return pack.name
    except PackError:
        pass
    return str(pack.folders[-1])


# What a worker analyses before its first task: any text has the pack build what it builds on first use.
WARM_UP = RawDocument(doc_id="warm-up", name="warm-up", text="warm up.", source="warm-up")
# How much less a worker weighs than the writer for the CPU: on a machine with as many workers as
# cores, the writer (whose work is the serial part) must not wait for a core.
WORKER_NICENESS = 10


def warm_up(pack: Pack) -> None:
    """Have ``pack`` build what it builds on first use (automata, patterns) now, not in the first task."""
    analyse_for_store(WARM_UP, pack, spill=False)


def start_worker(options: WorkerOptions) -> None:
    """A worker's set-up: the pack loaded and warmed once, and Ctrl-C left to the writer, which stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(WORKER_NICENESS)
    warm_up(load_pack(options.pack))


def perform(task: Task, options: WorkerOptions) -> Done | Expanded:
    """Read and analyse one task's document (``load_pack`` keeps the pack loaded between tasks)."""
    pack = load_pack(options.pack)
    if isinstance(task, AnalyseTask):
        return Done(_analysed(task.raw, task.date_override, pack, options))
    items = list(read_input(task.entry, max_bytes=task.max_bytes))
    if len(items) == 1 and isinstance(items[0], InputError):
        return Done(failed_input(items[0]))
    if len(items) != 1 or not isinstance(items[0], RawDocument) or items[0].doc_id != task.entry.doc_id:
        return Expanded(items)
    raw = items[0]
    if task.stored_hash is not None and task.stored_hash == content_hash(raw, task.date_override):
        return Done(DocumentOutcome(raw.doc_id, "unchanged", warnings=list(raw.warnings)))
    return Done(_analysed(raw, task.date_override, pack, options))


def failed_input(error: InputError) -> DocumentOutcome:
    return DocumentOutcome(str(error.path), "failed", problem=error.problem)


def failed_document(raw: RawDocument, exc: BaseException) -> DocumentOutcome:
    """A document whose analysis raised, named where it was read (file, file:line), as ingest names it."""
    problem = f"cannot be processed: {describe_exception(exc)}"
    return DocumentOutcome(raw.source, "failed", problem=problem, warnings=list(raw.warnings))


def _analysed(raw: RawDocument, day: date | None, pack: Pack, options: WorkerOptions) -> Analysed | DocumentOutcome:
    try:
        return analyse_for_store(raw, pack, day, spill=options.spill, spill_dir=options.spill_dir)
    except Exception as exc:  # one document's failure must not stop the others
        return failed_document(raw, exc)
