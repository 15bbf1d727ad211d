"""Progress on stderr (Rich): inputs done, characters of a long document, claims placed in events.

Bars show only on a terminal and only when there is enough work to watch;
error and warning lines always show, printed through the bar's console so
they do not tear it.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

if TYPE_CHECKING:  # the pipeline loads the analysis stages; the query commands do not need them
    from hodo.pipeline import DocumentOutcome

BAR_ABOVE = 3  # inputs: fewer are done before a bar would be worth drawing
# A document this long (characters) gets a bar of its own while it is analysed.
LONG_TEXT = 200_000
# Clustering this many claims gets a bar.
MANY_CLAIMS = 5_000


class _Bars:
    """Rich bars started on first use, one task per kind of work."""

    def __init__(self, console: Console, *, quiet: bool = False) -> None:
        self.console = console
        self._enabled = not quiet and console.is_terminal
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _Bars:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress:
            self._progress.stop()

    def _update(self, kind: str, description: str, done: int, total: int | None) -> None:
        if not self._enabled:
            return
        if self._progress is None:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self._progress.start()
        if kind not in self._tasks:
            self._tasks[kind] = self._progress.add_task(description, total=total)
        self._progress.update(self._tasks[kind], completed=done, total=total, description=description)

    def _finish(self, kind: str) -> None:
        if self._progress is not None and kind in self._tasks:
            self._progress.remove_task(self._tasks.pop(kind))

    def clustering(self, done: int, total: int) -> None:
        """A clustering progress callback: claims placed of all there are to place."""
        if total >= MANY_CLAIMS or "claims" in self._tasks:
            self._update("claims", "placing claims in events", done, total)
        if done >= total:
            self._finish("claims")


class IngestProgress(_Bars):
    """A pipeline progress callback that draws bars and reports failed inputs and warnings.

    The inputs bar starts with the first report, when the number of inputs is known.
    """

    def __enter__(self) -> IngestProgress:
        return self

    def __call__(self, outcome: DocumentOutcome, done: int, total: int | None) -> None:
        if outcome.status == "failed":
            self.console.print(f"hodo: {outcome.message}", markup=False, highlight=False, soft_wrap=True)
        for warning in outcome.warnings:
            self.console.print(f"hodo: warning: {warning}", markup=False, highlight=False, soft_wrap=True)
        self._finish("text")
        if "inputs" in self._tasks or total is None or total > BAR_ABOVE:
            self._update("inputs", outcome.name[-30:], done, total)

    def characters(self, name: str, done: int, total: int) -> None:
        """A text progress callback: characters of one document analysed so far."""
        if total >= LONG_TEXT:
            self._update("text", f"reading {name[-24:]}", done, total)


class ClusterProgressBar(_Bars):
    """A clustering progress callback on its own (recluster, rm)."""

    def __enter__(self) -> ClusterProgressBar:
        return self

    def __call__(self, done: int, total: int) -> None:
        self.clustering(done, total)
