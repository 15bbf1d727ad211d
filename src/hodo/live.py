"""The driver for live sources: fetch an address, ingest what is new, remember what was seen.

``fetch_source`` takes one address (a page, a feed, a sitemap) through the
pipeline: its documents are stored as they arrive (ingest_documents), and
only then are its validators and seen entries recorded, so an interrupted
run is redone by the next one rather than skipped. ``watch_feeds`` does this
for each feed of a FEEDS.toml on its interval (ingest/fetch/watch.py).
Progress and per-fetch lines go to callbacks; this module prints nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from hodo.ingest.fetch.client import Fetcher
from hodo.ingest.fetch.sources import FetchRun
from hodo.ingest.fetch.watch import FeedSpec, WatchSummary, run_schedule
from hodo.packs import Pack
from hodo.pipeline import IngestSummary, ProgressCallback, ingest_documents
from hodo.store import Store
from hodo.store.fetch_state import StoredFetchState

__all__ = ["SourceOutcome", "WatchTotals", "fetch_source", "watch_feeds"]


@dataclass
class SourceOutcome:
    run: FetchRun
    summary: IngestSummary

    @property
    def failed(self) -> bool:
        return self.run.problem is not None or self.summary.failed or bool(self.summary.cluster_problem)

    def line(self) -> str:
        """One line on what the fetch found and what was stored of it."""
        run = self.run
        if run.problem is not None:
            return f"{run.url}: failed: {run.problem}"
        if run.kind == "unchanged":
            return f"{run.url}: not modified"
        what = run.kind
        if run.kind in ("feed", "sitemap"):
            listed = "entries" if run.kind == "feed" else "pages"
            what += f", {run.listed} {listed}, {run.new} new"
        line = f"{run.url}: {what}; {self.summary.line()}"
        failures = [o for o in self.summary.outcomes if o.status == "failed"]
        if failures:
            line += f"; first failure: {failures[0].message}"
        return line


def fetch_source(
    store: Store,
    url: str,
    fetcher: Fetcher,
    pack: Pack,
    *,
    outlet: str | None = None,
    max_pages: int | None = None,
    progress: ProgressCallback | None = None,
) -> SourceOutcome:
    """Fetch one address, store its new documents and update the events, then record the fetch state."""
    state = StoredFetchState(store)
    run = FetchRun(url, fetcher, state, outlet=outlet)
    if max_pages is not None:
        run.max_pages = max_pages
    summary = ingest_documents(store, run, pack, progress=progress)
    checked = [run.url] if run.problem is None else []
    state.record(run.remember, run.seen, checked=checked)
    return SourceOutcome(run, summary)


@dataclass
class WatchTotals:
    schedule: WatchSummary
    documents: int = 0
    copies: int = 0
    claims: int = 0
    failed_documents: int = 0
    outcomes: list[SourceOutcome] = field(default_factory=list)

    def line(self) -> str:
        s = self.schedule
        copies = f" ({self.copies} {'copy' if self.copies == 1 else 'copies'})" if self.copies else ""
        return (
            f"watched {len(s.per_feed)} feeds for {_duration(s.seconds)}: {s.fetches} fetches"
            f" ({s.failures} failed), {self.documents} new documents{copies}, {self.claims} claims"
        )


def watch_feeds(
    store: Store,
    feeds: Sequence[FeedSpec],
    fetcher: Fetcher,
    pack: Pack,
    *,
    stop: threading.Event,
    on_line: Callable[[FeedSpec, str], None],
    duration: float | None = None,
    rounds: int | None = None,
    max_pages: int | None = None,
) -> WatchTotals:
    """Fetch each feed on its interval until ``stop`` is set (or ``duration``, ``rounds``); one line a fetch."""
    state = StoredFetchState(store)
    totals = WatchTotals(WatchSummary())

    def first_due(feed: FeedSpec) -> float:
        # A feed an earlier run fetched a moment ago waits out the rest of its interval.
        checked = state.checked_at(feed.url)
        if checked is None:
            return 0.0
        elapsed = (datetime.now(UTC) - checked).total_seconds()
        return max(0.0, min(feed.interval, feed.interval - elapsed))

    def fetch(feed: FeedSpec) -> bool:
        outcome = fetch_source(store, feed.url, fetcher, pack, outlet=feed.outlet, max_pages=max_pages)
        totals.documents += outcome.summary.count("new") + outcome.summary.count("replaced")
        totals.copies += sum(1 for o in outcome.summary.outcomes if o.copy_of is not None)
        totals.claims += outcome.summary.claims
        totals.failed_documents += outcome.summary.count("failed")
        on_line(feed, outcome.line())
        return outcome.run.problem is None

    def on_error(feed: FeedSpec, exc: BaseException) -> None:
        on_line(feed, f"{feed.url}: failed: {exc!r}")

    totals.schedule = run_schedule(
        feeds, fetch, stop=stop, first_due=first_due, duration=duration, rounds=rounds, on_error=on_error
    )
    return totals


def _duration(elapsed: float) -> str:
    seconds = round(elapsed)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m"
