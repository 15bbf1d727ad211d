"""``hodo fetch`` and ``hodo watch``: thin shells over hodo.live, registered on the app by ``register``."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from hodo.cli.app import UserError, _settings, _store, stderr
from hodo.cli.progress import IngestProgress

if TYPE_CHECKING:
    from hodo.ingest.fetch.limits import Limits
    from hodo.ingest.fetch.watch import FeedSpec

# Limits()'s defaults, written out so that starting the command line loads none of the
# readers (tests/cli/test_fetch.py checks that they agree).
DEFAULT_DELAY = 1.0
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_RETRIES = 3
DEFAULT_MAX_PAGES = 200

OutletOpt = Annotated[
    str | None, typer.Option("--outlet", help="Outlet id (or name) to credit, over what the page metadata says.")
]
DelayOpt = Annotated[
    float, typer.Option("--delay", min=0.0, help="Seconds between two requests to one host.")
]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds for one whole response.")]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", min=1, help="Largest page, in bytes.")]
RetriesOpt = Annotated[int, typer.Option("--retries", min=0, help="Retries after a 429, a 5xx or a timeout.")]
MaxPagesOpt = Annotated[
    int, typer.Option("--max-pages", min=1, help="Pages fetched per feed or sitemap per run at most.")
]


def _limits(delay: float, timeout: float, max_bytes: int, retries: int) -> Limits:
    from hodo.ingest.fetch.limits import Limits

    return Limits(timeout=timeout, max_bytes=max_bytes, host_delay=delay, retries=retries)


def _say(ctx: typer.Context, message: str) -> None:
    if not _settings(ctx).quiet:
        stderr.print(message, markup=False, highlight=False, soft_wrap=True)


def fetch_command(
    ctx: typer.Context,
    urls: Annotated[list[str], typer.Argument(help="Web pages, RSS/Atom feeds or sitemaps.")],
    outlet: OutletOpt = None,
    delay: DelayOpt = DEFAULT_DELAY,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    retries: RetriesOpt = DEFAULT_RETRIES,
    max_pages: MaxPagesOpt = DEFAULT_MAX_PAGES,
) -> None:
    """Fetch pages, feeds (every new entry) or sitemaps, store their documents, and update the events."""
    from hodo.ingest.fetch.client import Fetcher
    from hodo.live import fetch_source

    settings = _settings(ctx)
    pack = settings.pack()
    failed = False
    with (
        _store(ctx) as store,
        Fetcher(_limits(delay, timeout, max_bytes, retries)) as fetcher,
        IngestProgress(stderr, quiet=settings.quiet) as progress,
    ):
        for url in urls:
            outcome = fetch_source(store, url, fetcher, pack, outlet=outlet, max_pages=max_pages, progress=progress)
            failed = failed or outcome.failed
            if outcome.run.problem is None:
                _say(ctx, outcome.line())
    if failed:
        raise typer.Exit(1)


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT and SIGTERM end the watch after the fetch under way; a second Ctrl-C interrupts it."""

    def handle(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def watch_command(
    ctx: typer.Context,
    feeds_file: Annotated[Path, typer.Argument(metavar="FEEDS.toml", help="The feeds: url, outlet, interval.")],
    for_: Annotated[
        str | None, typer.Option("--for", help="Stop after this long (seconds, or 30m, 2h); default: until stopped.")
    ] = None,
    rounds: Annotated[int | None, typer.Option("--rounds", min=1, help="Stop once each feed is fetched N times.")] = None,
    delay: DelayOpt = DEFAULT_DELAY,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    retries: RetriesOpt = DEFAULT_RETRIES,
    max_pages: MaxPagesOpt = DEFAULT_MAX_PAGES,
) -> None:
    """Follow feeds: fetch each on its interval and store what is new, until stopped (Ctrl-C)."""
    from hodo.ingest.fetch.client import Fetcher
    from hodo.ingest.fetch.watch import FeedsFileError, load_feeds, parse_interval
    from hodo.live import watch_feeds
    from hodo.segment.sites import linked_outlet

    settings = _settings(ctx)
    pack = settings.pack()
    try:
        feeds = load_feeds(feeds_file)
        duration = parse_interval(for_, "--for") if for_ is not None else None
    except FeedsFileError as exc:
        raise UserError(str(exc)) from None
    for feed in feeds:
        if feed.outlet and linked_outlet(feed.outlet, pack) is None:
            _say(ctx, f"hodo: {feeds_file}: outlet {feed.outlet!r} of {feed.url} is not in the pack; credited unlinked")

    def on_line(feed: FeedSpec, line: str) -> None:
        stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
        stderr.print(f"{stamp} {feed.outlet or '-'} {line}", markup=False, highlight=False, soft_wrap=True)

    stop = threading.Event()
    with (
        _store(ctx) as store,
        Fetcher(_limits(delay, timeout, max_bytes, retries)) as fetcher,
        _stop_on_signals(stop),
    ):
        totals = watch_feeds(
            store,
            feeds,
            fetcher,
            pack,
            stop=stop,
            on_line=on_line,
            duration=duration,
            rounds=rounds,
            max_pages=max_pages,
        )
    stderr.print(totals.line(), markup=False, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("fetch")(fetch_command)
    app.command("watch")(watch_command)
