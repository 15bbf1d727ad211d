"""Engines: the same pipeline, with reading and analysis done by workers and one writer storing.

``processes.ProcessEngine`` runs workers on this machine (``hodo ingest
--workers N``); ``ray.RayEngine`` runs them on a Ray cluster (``hodo ingest
--engine ray``). ``writer.ingest_with`` drives either, and gives the store
a single-process run would; ``choice.ingest_on`` picks the engine.
"""

from hodo.engines.processes import ProcessEngine, default_workers
from hodo.engines.writer import Engine, ingest_with

__all__ = ["Engine", "ProcessEngine", "default_workers", "ingest_with"]
