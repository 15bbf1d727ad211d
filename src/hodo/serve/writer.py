"""Ingesting posted documents in a worker process, so that the server's readers never wait for it.

Extraction is CPU-bound Python: run in a thread of the server it would hold
the interpreter lock and starve the read requests. One worker process (spawned
on the first write, kept for the next) runs ``pipeline.ingest_documents``, the
call ``hodo ingest`` makes, one write at a time; it loads the pack once.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from hodo.ingest import InputError
from hodo.models import RawDocument

_PACKS: dict[str, Any] = {}


def ingest_in_worker(db: str, pack_name: str, documents: list[RawDocument | InputError]) -> dict[str, Any]:
    """Store ``documents`` into ``db`` (in the worker process); the outcome as plain data."""
    from hodo.packs import load_pack
    from hodo.pipeline import ingest_documents
    from hodo.store import Store

    if pack_name not in _PACKS:
        _PACKS[pack_name] = load_pack(pack_name)
    with Store.open(db) as store:
        summary = ingest_documents(store, documents, _PACKS[pack_name], total=len(documents))
    return {
        "documents": [
            {"doc_id": o.name, "status": o.status, "claims": o.claim_ids, "problem": o.problem}
            for o in summary.outcomes
        ],
        "events": summary.events,
        "summary": summary.line(),
        "cluster_problem": summary.cluster_problem,
    }


class Writer:
    """The worker process that ingests for one server; ``close`` ends it."""

    def __init__(self, db: Path, pack_name: str) -> None:
        self.db = db
        self.pack_name = pack_name
        self._pool: ProcessPoolExecutor | None = None

    async def ingest(self, documents: list[RawDocument | InputError]) -> dict[str, Any]:
        if self._pool is None:
            # Spawned, not forked: the server's threads and open connections stay behind.
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, ingest_in_worker, str(self.db), self.pack_name, documents)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
