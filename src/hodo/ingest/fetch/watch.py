"""Following feeds: FEEDS.toml, and the schedule that fetches each feed on its own interval.

FEEDS.toml lists ``[[feed]]`` tables with ``url``, ``outlet`` (an outlet id
of the pack, or a name of a publisher it does not know) and ``interval``
(seconds, or a number with s, m, h or d); a top-level ``interval`` is the
default. The schedule runs one feed at a time, the one due soonest, and
sleeps until the next is due; a feed's failure is its own (reported, and it
is tried again on its interval) and never delays or stops the others. It
stops when ``stop`` is set (Ctrl-C, SIGTERM), after ``duration`` seconds, or
once every feed has been fetched ``rounds`` times.
"""

from __future__ import annotations

import re
import threading
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["FeedSpec", "FeedsFileError", "WatchSummary", "load_feeds", "parse_interval", "run_schedule"]

DEFAULT_INTERVAL = 900.0
MIN_INTERVAL = 1.0
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class FeedsFileError(ValueError):
    """A FEEDS.toml that cannot be used; ``str()`` is the one-line message naming the file."""


@dataclass(frozen=True)
class FeedSpec:
    url: str
    outlet: str | None
    interval: float


def load_feeds(path: str | Path) -> list[FeedSpec]:
    """The feeds a FEEDS.toml lists; FeedsFileError naming the file and the problem."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            table = tomllib.load(handle)
    except OSError as err:
        raise FeedsFileError(f"{name}: cannot read: {err.strerror or err}") from None
    except tomllib.TOMLDecodeError as err:
        raise FeedsFileError(f"{name}: not valid TOML ({err})") from None
    except UnicodeDecodeError:
        raise FeedsFileError(f"{name}: not UTF-8 text") from None
    unknown = sorted(set(table) - {"feed", "interval"})
    if unknown:
        raise FeedsFileError(f"{name}: unknown key {unknown[0]!r} (expected [[feed]] tables and interval)")
    default = parse_interval(table.get("interval", DEFAULT_INTERVAL), f"{name}: interval")
    rows = table.get("feed")
    if not isinstance(rows, list) or not rows:
        raise FeedsFileError(f"{name}: no [[feed]] table (each needs url, outlet, interval)")
    feeds: list[FeedSpec] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        where = f"{name}: feed {number}"
        if not isinstance(row, dict):
            raise FeedsFileError(f"{where}: must be a table")
        extra = sorted(set(row) - {"url", "outlet", "interval"})
        if extra:
            raise FeedsFileError(f"{where}: unknown key {extra[0]!r} (expected url, outlet, interval)")
        url = row.get("url")
        if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            raise FeedsFileError(f"{where}: url must be an http(s) address")
        if url in seen:
            raise FeedsFileError(f"{where}: {url} is listed twice")
        seen.add(url)
        outlet = row.get("outlet")
        if outlet is not None and (not isinstance(outlet, str) or not outlet.strip()):
            raise FeedsFileError(f"{where}: outlet must be a non-empty string")
        interval = parse_interval(row.get("interval", default), f"{where}: interval")
        feeds.append(FeedSpec(url=url, outlet=outlet.strip() if outlet else None, interval=interval))
    return feeds


def parse_interval(value: object, where: str) -> float:
    seconds: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str):
        match = _DURATION.match(value.lower())
        if match:
            seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if seconds is None:
        raise FeedsFileError(f"{where} {value!r}: expected seconds or a number with s, m, h or d (\"15m\")")
    if seconds < MIN_INTERVAL:
        raise FeedsFileError(f"{where} {value!r}: must be at least {MIN_INTERVAL:g} s")
    return seconds


@dataclass
class WatchSummary:
    fetches: int = 0
    failures: int = 0
    per_feed: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def run_schedule(
    feeds: Sequence[FeedSpec],
    fetch: Callable[[FeedSpec], bool],
    *,
    stop: threading.Event,
    first_due: Callable[[FeedSpec], float] | None = None,
    duration: float | None = None,
    rounds: int | None = None,
    on_error: Callable[[FeedSpec, BaseException], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> WatchSummary:
    """Fetch each feed on its interval until stopped; ``fetch`` returns False when the feed failed.

    ``first_due(feed)``: seconds from now until its first fetch (0 by default:
    at once); an earlier run may have fetched it a moment ago. An exception
    out of ``fetch`` counts as a failure of that feed alone.
    """
    started = clock()
    summary = WatchSummary(per_feed={f.url: 0 for f in feeds})
    due = {f.url: started + (first_due(f) if first_due else 0.0) for f in feeds}
    end = started + duration if duration is not None else None
    while not stop.is_set():
        pending = [f for f in feeds if rounds is None or summary.per_feed[f.url] < rounds]
        if not pending:
            break
        # The soonest due, and on a tie the one listed first.
        feed = min(pending, key=lambda f: due[f.url])
        wake = due[feed.url]
        if end is not None and wake > end:
            stop.wait(max(0.0, end - clock()))
            break
        if stop.wait(max(0.0, wake - clock())):
            break
        begun = clock()
        try:
            ok = fetch(feed)
        except Exception as exc:  # one feed's failure must not stop the others
            ok = False
            if on_error:
                on_error(feed, exc)
        summary.fetches += 1
        summary.per_feed[feed.url] += 1
        summary.failures += 0 if ok else 1
        due[feed.url] = begun + feed.interval
    summary.seconds = clock() - started
    return summary
