"""The ingest progress bar (Rich, on stderr) and the per-input error lines.

The bar shows only for more than a few inputs and only on a terminal; error
lines always show, printed through the bar's console so they do not tear it.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

if TYPE_CHECKING:  # the pipeline loads the analysis stages; the query commands do not need them
    from hodo.pipeline import DocumentOutcome

BAR_ABOVE = 3  # inputs: fewer are done before a bar would be worth drawing


class IngestProgress:
    """A pipeline progress callback that draws a bar and reports failed inputs.

    The bar starts with the first report, when the number of inputs is known.
    """

    def __init__(self, console: Console, *, quiet: bool = False) -> None:
        self.console = console
        self._enabled = not quiet and console.is_terminal
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> IngestProgress:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress:
            self._progress.stop()

    def __call__(self, outcome: DocumentOutcome, done: int, total: int | None) -> None:
        if outcome.status == "failed":
            self.console.print(f"hodo: {outcome.message}", markup=False, highlight=False, soft_wrap=True)
        if self._progress is None and self._enabled and (total is None or total > BAR_ABOVE):
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self._task = self._progress.add_task("ingesting", total=total)
            self._progress.start()
        if self._progress and self._task is not None:
            self._progress.update(self._task, completed=done, total=total, description=outcome.name[-30:])
