"""Workers on this machine: a pool of processes, each with the pack loaded once.

Processes, not threads: extraction is pure Python and holds the interpreter
lock. They start from a fork server that has imported the pipeline already
(spawn where there is none), never by forking the caller, whose threads and
open store must not be copied. Starting them (the server, then each worker
loading the pack) takes a good part of a second, so it happens in a thread
of the engine's own while the caller goes on: ``ready`` tells when tasks
start at once, and until then the writer analyses by itself. Long
documents' claims come back through files in a folder of the pool's own,
deleted with it, rather than through a pipe whole.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType

from hodo.engines.work import Done, Expanded, Task, WorkerOptions, pack_spec, perform, start_worker
from hodo.packs import Pack

# Tasks handed out per worker beyond the one it runs: enough that no worker waits for the writer.
AHEAD = 4


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # The caller's main module too, or every worker would import it again (the CLI, say).
        context.set_forkserver_preload(["__main__", "hodo.engines.preload"])
        return context
    return multiprocessing.get_context("spawn")


class ProcessEngine:
    """``workers`` processes analysing while the caller writes (see engines/writer.py)."""

    place_while_storing = True
    reads_inputs = True

    def __init__(self, pack: Pack, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self.window = self.workers * AHEAD
        self._spill = tempfile.TemporaryDirectory(prefix="hodo-workers-")
        self._options = WorkerOptions(pack_spec(pack), spill=True, spill_dir=self._spill.name)
        # The writer shares this machine and its files: it may analyse as the workers do.
        self.here = self._options
        self._pool: ProcessPoolExecutor | None = None
        self._boot_error: BaseException | None = None
        self._booted = threading.Event()
        self._boot = threading.Thread(target=self._start, name="hodo-workers-start", daemon=True)
        self._boot.start()

    def _start(self) -> None:
        try:
            pool = ProcessPoolExecutor(
                self.workers, mp_context=_context(), initializer=start_worker, initargs=(self._options,)
            )
            # One task each has every worker started, its pack loaded, before the first real one.
            for started in [pool.submit(os.getpid) for _ in range(self.workers)]:
                started.result()
            self._pool = pool
        except BaseException as exc:  # told to whoever submits next
            self._boot_error = exc
        finally:
            self._booted.set()

    def ready(self) -> bool:
        """Whether the workers are up (a task submitted now starts at once)."""
        return self._booted.is_set()

    def wait_ready(self) -> None:
        """Wait until the workers are up (what a benchmark of their throughput does first)."""
        self._started_pool()

    def _started_pool(self) -> ProcessPoolExecutor:
        self._booted.wait()
        if self._pool is None:
            raise RuntimeError(f"the worker processes did not start: {self._boot_error}") from self._boot_error
        return self._pool

    def submit(self, task: Task) -> Future[Done | Expanded]:
        return self._started_pool().submit(perform, task, self._options)

    def worker_pids(self) -> list[int]:
        """The process ids of the running workers (what a benchmark reads their memory by)."""
        processes = (getattr(self._started_pool(), "_processes", None) or {}).values()
        return [process.pid for process in processes if process.is_alive() and process.pid is not None]

    def restart(self) -> None:
        self._stop(at_once=True)
        self._pool = None
        self._booted.clear()
        self._start()

    def _stop(self, *, at_once: bool) -> None:
        self._booted.wait()
        pool = self._pool
        if pool is None:
            return
        if not at_once:
            pool.shutdown(wait=True)
            return
        # Running tasks are not waited for (an interrupt, a dead worker): their results are not wanted.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join()

    def close(self, *, at_once: bool = False) -> None:
        """Stop the workers (``at_once``: without waiting for running tasks) and delete their files."""
        try:
            self._stop(at_once=at_once)
        finally:
            self._spill.cleanup()

    def __enter__(self) -> ProcessEngine:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close(at_once=exc_type is not None)
