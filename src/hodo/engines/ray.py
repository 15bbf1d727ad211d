"""Workers on a Ray cluster (``hodo ingest --engine ray``): extraction as Ray tasks, one writer here.

Ray, not a queue of our own: it schedules tasks over the machines of a
cluster, retries those whose worker died and moves results between nodes.
``--ray-address`` joins a running cluster (``ray start --head`` on one
machine, ``ray start --address …`` on the others); without it a local
instance starts with this machine's cores (or ``--workers`` of them) and
stops with the ingest.

The writer reads the inputs and sends their text, so the cluster's machines
need neither the files nor a folder shared with this one; a pack given as a
folder must exist at the same path on them (a pack by name is installed with
hodo). Results come back whole: a worker's files are not the writer's. The
writer stores them in input order and clusters once, after the last
(``place_while_storing`` off): an archive load is one pass over events. A run
that stops resumes where it stopped: each document is checked against the
store before it is sent, and those stored already are skipped.
"""

from __future__ import annotations

from concurrent.futures import Future
from types import TracebackType
from typing import Any

from hodo.engines.processes import AHEAD
from hodo.engines.work import Done, Expanded, Task, WorkerOptions, pack_spec, perform
from hodo.packs import Pack


class RayEngine:
    """Tasks on Ray (see engines/writer.py for the writer that drives it)."""

    place_while_storing = False
    # The workers may be other machines: the writer reads the inputs and sends the documents.
    reads_inputs = False
    # Its workers are many, and the writer's time is the cluster's bottleneck: it only writes.
    here = None

    def __init__(self, pack: Pack, *, address: str | None = None, workers: int | None = None) -> None:
        import ray

        self._ray = ray
        self._started = not ray.is_initialized()
        if self._started:
            options: dict[str, Any] = {
                "include_dashboard": False,
                "log_to_driver": False,
                "configure_logging": False,
            }
            if address:
                options["address"] = address
            elif workers:
                options["num_cpus"] = workers
            ray.init(**options)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.workers = min(workers, cpus) if workers else cpus
        self.window = max(1, self.workers) * AHEAD
        self._options = WorkerOptions(pack_spec(pack), spill=False)
        self._perform = ray.remote(num_cpus=1, max_retries=2)(perform)

    def submit(self, task: Task) -> Future[Done | Expanded]:
        return self._perform.remote(task, self._options).future()

    def ready(self) -> bool:
        """Ray queues what it cannot start yet: a task may always be submitted."""
        return True

    def restart(self) -> None:
        """Nothing to start again: Ray replaces a dead worker and retries its task."""

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()

    def __enter__(self) -> RayEngine:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
