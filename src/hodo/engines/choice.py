"""Which engine an ingest runs on: this process, a pool of worker processes, or a Ray cluster.

One worker runs the plain single-process pipeline, and so do small inputs
when the number of workers is the default: a pool costs its start-up.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal

from hodo.engines.processes import ProcessEngine, default_workers
from hodo.engines.writer import ingest_with
from hodo.ingest import STDIN, list_inputs
from hodo.packs import Pack
from hodo.pipeline import ClusterProgress, IngestSummary, ProgressCallback, TextProgress, ingest
from hodo.store import Store

EngineName = Literal["processes", "ray"]

# Unless told how many workers, inputs smaller than this run in one process: starting a
# pool (about half a second) costs more than two cores save on them.
SMALL_INPUT_BYTES = 256 * 1024


def ingest_on(
    store: Store,
    paths: Iterable[str | Path],
    pack: Pack,
    *,
    engine: EngineName = "processes",
    workers: int | None = None,
    ray_address: str | None = None,
    date_override: date | None = None,
    stdin: BinaryIO | None = None,
    stdin_id: str | None = None,
    progress: ProgressCallback | None = None,
    text_progress: TextProgress | None = None,
    cluster_progress: ClusterProgress | None = None,
) -> IngestSummary:
    """``pipeline.ingest`` with the reading and analysis on ``engine``: the same store at the end.

    ``workers`` is how many processes (default: the cores, or one process for
    inputs under SMALL_INPUT_BYTES) or, on Ray, how many tasks run at once
    (default: the cluster's CPUs).
    """
    paths = [str(p) for p in paths]
    common = dict(date_override=date_override, stdin=stdin, stdin_id=stdin_id, progress=progress)
    if engine == "ray":
        from hodo.engines.ray import RayEngine

        with RayEngine(pack, address=ray_address, workers=workers) as ray_engine:
            return ingest_with(ray_engine, store, paths, pack, cluster_progress=cluster_progress, **common)
    count = workers or default_workers()
    if count <= 1 or (workers is None and _small(paths)):
        return ingest(store, paths, pack, text_progress=text_progress, cluster_progress=cluster_progress, **common)
    with ProcessEngine(pack, count) as pool:
        return ingest_with(pool, store, paths, pack, cluster_progress=cluster_progress, **common)


def _small(paths: list[str]) -> bool:
    """Whether the inputs are few enough bytes that a pool's start-up would cost more than it saves."""
    size = 0
    for entry in list_inputs(paths):
        if entry.path == STDIN:
            continue  # of unknown size: most often one document
        try:
            size += os.stat(entry.location or entry.path).st_size
        except OSError:
            continue  # the writer reports it
        if size >= SMALL_INPUT_BYTES:
            return False
    return True
