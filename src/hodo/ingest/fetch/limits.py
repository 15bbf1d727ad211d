"""How far and how politely hodo fetches, and what identifies a version of a URL.

Plain records with no HTTP library behind them, so that the command line and
the store can name them without loading one.
"""

from __future__ import annotations

from dataclasses import dataclass

from hodo import __version__

__all__ = ["Limits", "Validators"]


@dataclass(frozen=True)
class Limits:
    """How politely and how far a Fetcher goes."""

    # Seconds for one whole response (connect, wait, body).
    timeout: float = 20.0
    # Bytes of one response body at most.
    max_bytes: int = 10 * 1024 * 1024
    # Seconds between two requests to one host.
    host_delay: float = 1.0
    # Further attempts after a 429, a 5xx, a timeout or a dropped connection.
    retries: int = 3
    # Seconds before the first retry, doubled for each next one.
    backoff: float = 1.0
    # The longest wait between attempts, and the longest Crawl-delay obeyed.
    max_backoff: float = 60.0
    robots: bool = True
    user_agent: str = f"hodo/{__version__}"


@dataclass(frozen=True)
class Validators:
    """What a server said identifies a version of a URL (for If-None-Match / If-Modified-Since)."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        found = {}
        if self.etag:
            found["If-None-Match"] = self.etag
        if self.last_modified:
            found["If-Modified-Since"] = self.last_modified
        return found

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)
