"""The one writer: hand tasks to an engine's workers, store what comes back in input order, cluster.

Workers (processes here, Ray tasks elsewhere) read and analyse; this process
alone writes, each document in a transaction of its own (committed in
batches, Store.batch), exactly as ``pipeline.ingest`` does, so the store and its events are those of a single-process run of the
same inputs, in any order the workers finish: results are stored in input
order (a window of tasks runs ahead), which also makes copy detection see
the same originals. An input that holds several documents (JSON Lines, a blog
export) comes back from its worker as documents to hand out one by one.

The writer does not wait while it has work. When the next result is not back
yet it places the claims stored so far in events (engines that ask for it),
so that clustering is not all left for the end; it stops placing once
documents arrive out of the clustering order, which would only make it
rewind. The events are built once, at the end. While the workers start (the
better part of a second for processes), it analyses the next short inputs
itself (engines that let it), so that no core waits for them.

A worker that dies takes its pool with it: the pool is started again and the
task at the head is run alone; when it kills that pool too, it is that
input's failure and the others go on.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import BinaryIO, Protocol

from hodo.engines.work import (
    AnalyseTask,
    Done,
    Expanded,
    ReadTask,
    Task,
    WorkerOptions,
    failed_input,
    perform,
)
from hodo.ingest import STDIN, InputError, count_inputs, list_inputs, max_bytes_limit, read_input
from hodo.ingest.sources import describe_exception
from hodo.models import RawDocument
from hodo.packs import Pack
from hodo.pipeline import (
    Analysed,
    ClusterProgress,
    DocumentOutcome,
    EventPlacer,
    IngestSummary,
    ProgressCallback,
    events_or_problem,
    finish_ingest,
    is_unchanged,
    store_analysed,
)
from hodo.store import BatchLost, Store
from hodo.store.clustering import order_key

# Claims stored and not yet placed that the writer places rather than wait for a result,
PLACE_WHEN_IDLE = 200
# and that it places even when results are waiting: the work left for the end stays short.
PLACE_EVERY = 1000
# The largest task (bytes of a file, characters of a document) the writer analyses itself while it
# waits: a result that comes back meanwhile waits for it, so it must be short.
HERE_MAX = 64 * 1024


class Engine(Protocol):
    """Where tasks run: ``submit`` hands one to a worker; ``window`` is how many may run ahead of the writer."""

    window: int
    # Whether the writer places claims in events while workers still analyse.
    place_while_storing: bool
    # Whether the workers read the input files themselves (they see this machine's files).
    reads_inputs: bool
    # How the writer runs a task itself while it waits (as a worker of this machine would), if it may.
    here: WorkerOptions | None

    def submit(self, task: Task) -> Future[Done | Expanded]: ...

    def ready(self) -> bool:
        """Whether the workers are up: a task submitted before waits for them to start."""
        ...

    def restart(self) -> None:
        """Start the workers again after one died (what was running is lost)."""
        ...


def ingest_with(
    engine: Engine,
    store: Store,
    paths: Iterable[str | Path],
    pack: Pack,
    *,
    date_override: date | None = None,
    stdin: BinaryIO | None = None,
    stdin_id: str | None = None,
    max_bytes: int | None = None,
    progress: ProgressCallback | None = None,
    cluster_progress: ClusterProgress | None = None,
) -> IngestSummary:
    """``pipeline.ingest`` with reading and analysis done by ``engine``'s workers; the same store at the end."""
    paths = [str(p) for p in paths]
    total = None if STDIN in paths else count_inputs(paths)
    # Read here, not in the workers: their environment is the one their server started with.
    max_bytes = max_bytes if max_bytes is not None else max_bytes_limit()
    tasks = _tasks(store, paths, date_override, stdin, stdin_id, max_bytes, engine.reads_inputs)
    # Standard input may keep the next document waiting: no batch holds the store meanwhile.
    batched = STDIN not in paths
    return _write(engine, store, pack, tasks, date_override, progress, total, cluster_progress, batched=batched)


# What the writer hands out: a task for a worker, or an outcome known without one.
_Item = Task | DocumentOutcome


def _tasks(
    store: Store,
    paths: list[str],
    day: date | None,
    stdin: BinaryIO | None,
    stdin_id: str | None,
    max_bytes: int | None,
    workers_read: bool,
) -> Iterator[_Item]:
    for entry in list_inputs(paths):
        if entry.problem is not None:
            yield failed_input(InputError(entry.path, entry.problem))
        elif entry.path == STDIN or not workers_read:
            # Only this process can read its standard input (and, on some engines, its files).
            for item in read_input(entry, stdin=stdin, max_bytes=max_bytes, stdin_id=stdin_id):
                yield _document_task(store, item, day)
        else:
            stored = store.find_document(entry.doc_id)
            yield ReadTask(entry, stored.content_hash if stored else None, day, max_bytes)


def _document_task(store: Store, item: RawDocument | InputError, day: date | None) -> _Item:
    if isinstance(item, InputError):
        return failed_input(item)
    if is_unchanged(store, item, day):
        return DocumentOutcome(item.doc_id, "unchanged", warnings=list(item.warnings))
    return AnalyseTask(item, day)


def _write(
    engine: Engine,
    store: Store,
    pack: Pack,
    tasks: Iterable[_Item],
    day: date | None,
    progress: ProgressCallback | None,
    total: int | None,
    cluster_progress: ClusterProgress | None,
    *,
    batched: bool,
) -> IngestSummary:
    summary = IngestSummary()
    placer = EventPlacer(store, pack, progress=cluster_progress)
    placing = engine.place_while_storing
    last_key: str | None = None
    unplaced = 0

    def expand(found: Expanded) -> Iterator[_Item]:
        return (_document_task(store, item, day) for item in found.items)

    def place(least: int) -> bool:
        nonlocal placing, unplaced
        if not placing or unplaced < least:
            return False
        placing = _place_some(placer)
        unplaced = 0
        return True

    def idle() -> bool:
        # Nothing to store until the next result: what is stored is committed rather than held.
        store.flush()
        return place(PLACE_WHEN_IDLE)

    with store.batch() if batched else nullcontext():
        for _, result in _in_order(engine, tasks, expand, idle=idle):
            if isinstance(result, Analysed):
                outcome = _stored(store, result, pack)
                key = order_key(outcome.name)
                # A document that sorts before one stored in this run would have the placing rewound.
                if last_key is not None and key < last_key:
                    placing = False
                last_key = key if last_key is None else max(key, last_key)
                unplaced += outcome.claims
                store.flush_when_due()
                place(PLACE_EVERY)
            else:
                outcome = result
            summary.outcomes.append(outcome)
            if progress:
                progress(outcome, len(summary.outcomes), total)
    summary.events, summary.cluster_problem = events_or_problem(store, pack, cluster_progress, placer)
    finish_ingest(store, summary)
    return summary


def _stored(store: Store, analysed: Analysed, pack: Pack) -> DocumentOutcome:
    try:
        return store_analysed(store, analysed, pack)
    except BatchLost:
        raise
    except Exception as exc:  # as in pipeline.ingest_documents: the store is as it was, the others go on
        problem = f"cannot be processed: {describe_exception(exc)}"
        return DocumentOutcome(analysed.doc.source, "failed", problem=problem, warnings=analysed.warnings)


def _place_some(placer: EventPlacer) -> bool:
    """One placing step while the workers analyse; whether to go on placing as documents come."""
    try:
        placer.step(final=False)
    except Exception:  # the final update reports what is wrong; the documents are stored
        return False
    # A step that had to rewind put documents of an earlier run after this run's: leave it to the end.
    return placer.rewound == 0


def _in_order(
    engine: Engine,
    items: Iterable[_Item],
    expand: Callable[[Expanded], Iterator[_Item]],
    *,
    idle: Callable[[], bool] = lambda: False,
) -> Iterator[tuple[_Item, Analysed | DocumentOutcome]]:
    """Each item with its result, in the order of ``items``, up to ``engine.window`` of them running at once.

    While the next result is not back, ``idle`` may do some of the caller's work (it says whether
    it did); while the workers start, the writer runs the next small tasks itself.
    """
    pending: deque[tuple[_Item, Future[Done | Expanded]]] = deque()
    source = iter(items)

    def fill() -> None:
        while engine.ready() and len(pending) < engine.window:
            item = next(source, None)
            if item is None:
                return
            pending.append((item, _submitted(engine, item)))

    def helping() -> bool:
        # Only while the workers start: once they run, a task here takes a core from one of them.
        return engine.here is not None and not engine.ready()

    def take() -> bool | None:
        """Hand out the next item: run here (True) if the writer may and it is short, else submitted
        (False, to wait for the workers if need be); None when there is none."""
        item = next(source, None)
        if item is None:
            return None
        here = engine.here if helping() and _small(item) else None
        pending.append((item, _performed(item, here) if here is not None else _submitted(engine, item)))
        return here is not None

    def run_one_here() -> bool:
        return helping() and bool(take())

    while True:
        fill()
        if not pending and take() is None:
            return
        item, future = pending[0]
        while not future.done() and (idle() or run_one_here()):
            pass
        pending.popleft()
        result = _result(engine, item, future, pending)
        if isinstance(result, Expanded):
            # Its documents run while the tasks already handed out go on.
            yield from _in_order(engine, expand(result), expand, idle=idle)
        else:
            yield item, result


def _small(item: _Item) -> bool:
    """Whether the writer may run this task itself: quick to analyse (see HERE_MAX)."""
    if isinstance(item, AnalyseTask):
        return len(item.raw.text) <= HERE_MAX
    if isinstance(item, ReadTask):
        try:
            return os.stat(item.entry.location).st_size <= HERE_MAX
        except OSError:
            return True  # the read fails at once, whoever tries it
    return True


def _performed(item: _Item, options: WorkerOptions) -> Future[Done | Expanded]:
    """The task run here and now, as a finished future (a document's failure is its outcome)."""
    if isinstance(item, DocumentOutcome):
        return _submitted_outcome(item)
    done: Future[Done | Expanded] = Future()
    done.set_result(perform(item, options))
    return done


def _submitted(engine: Engine, item: _Item) -> Future[Done | Expanded]:
    if isinstance(item, DocumentOutcome):
        return _submitted_outcome(item)
    return engine.submit(item)


def _submitted_outcome(outcome: DocumentOutcome) -> Future[Done | Expanded]:
    ready: Future[Done | Expanded] = Future()
    ready.set_result(Done(outcome))
    return ready


def _result(
    engine: Engine,
    item: _Item,
    future: Future[Done | Expanded],
    pending: deque[tuple[_Item, Future[Done | Expanded]]],
) -> Analysed | DocumentOutcome | Expanded:
    try:
        found = future.result()
    except BrokenProcessPool:
        found = _alone(engine, item, pending)
    except Exception as exc:  # a task that could not be sent or whose result could not come back
        return _task_failed(item, f"cannot be processed: {type(exc).__name__}: {exc}")
    return found.result if isinstance(found, Done) else found


def _alone(
    engine: Engine, item: _Item, pending: deque[tuple[_Item, Future[Done | Expanded]]]
) -> Done | Expanded:
    """After a worker died: this task again in a new pool, by itself; then the others, handed out again."""
    engine.restart()
    try:
        found = _submitted(engine, item).result()
    except BrokenProcessPool:
        engine.restart()
        found = Done(_task_failed(item, "cannot be processed: the worker process reading it died"))
    for i, (other, _) in enumerate(pending):
        pending[i] = (other, _submitted(engine, other))
    return found


def _task_failed(item: _Item, problem: str) -> DocumentOutcome:
    if isinstance(item, ReadTask):
        return DocumentOutcome(item.entry.path, "failed", problem=problem)
    if isinstance(item, AnalyseTask):
        return DocumentOutcome(item.raw.source, "failed", problem=problem, warnings=list(item.raw.warnings))
    return item
