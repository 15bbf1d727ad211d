"""Which engine an ingest runs on: this process, a pool of worker processes, or a Ray cluster.

One worker, or a single input, runs the plain single-process pipeline: a
pool costs its start-up and gains nothing there.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal

from hodo.engines.processes import ProcessEngine, default_workers
from hodo.engines.writer import ingest_with
from hodo.ingest import STDIN, count_inputs
from hodo.packs import Pack
from hodo.pipeline import ClusterProgress, IngestSummary, ProgressCallback, TextProgress, ingest
from hodo.store import Store

EngineName = Literal["processes", "ray"]


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

    ``workers`` is how many processes (default: the cores) or, on Ray, how
    many tasks run at once (default: the cluster's CPUs).
    """
    paths = [str(p) for p in paths]
    common = dict(date_override=date_override, stdin=stdin, stdin_id=stdin_id, progress=progress)
    if engine == "ray":
        from hodo.engines.ray import RayEngine

        with RayEngine(pack, address=ray_address, workers=workers) as ray_engine:
            return ingest_with(ray_engine, store, paths, pack, cluster_progress=cluster_progress, **common)
    count = workers or default_workers()
    if count <= 1 or _one_document(paths):
        return ingest(store, paths, pack, text_progress=text_progress, cluster_progress=cluster_progress, **common)
    with ProcessEngine(pack, count) as pool:
        return ingest_with(pool, store, paths, pack, cluster_progress=cluster_progress, **common)


def _one_document(paths: list[str]) -> bool:
    """Whether the paths hold one document at most: one file that is not a JSON Lines file or an export."""
    if STDIN in paths:
        return False
    return count_inputs(paths) < 2 and not any(
        os.path.splitext(p)[1].lower() in _MANY_DOCUMENTS for p in paths if not os.path.isdir(p)
    )


# Files that hold many documents each.
_MANY_DOCUMENTS = frozenset((".jsonl", ".xml"))
