"""HTTP requests under a crawler's limits, with httpx.

Every request: only http(s); robots.txt of the host honoured (robots.py);
a pause between two requests to one host (``host_delay``, or the host's
Crawl-delay when longer); conditional when the caller has the URL's ETag or
Last-Modified, so an unchanged page answers 304 with no body; a time limit
on the whole response (httpx's read timeout cuts a silent server, and the
deadline is checked between chunks, which cuts one that trickles); a size
limit on the body (Content-Length checked first, then the bytes as they come,
so an oversized page costs no more than the limit in memory). 429 and 5xx
answers, timeouts and dropped connections are retried with exponential
back-off, waiting what Retry-After asks when it asks (never more than
``max_backoff``). Other 4xx answers are not retried.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import urlsplit, urlunsplit

import httpx

from hodo.ingest.fetch.limits import Limits, Validators
from hodo.ingest.fetch.robots import RobotsRules

__all__ = ["FetchError", "Fetcher", "Limits", "Response", "Validators"]

_RETRIED_STATUS = frozenset((429, 500, 502, 503, 504))


@dataclass
class Response:
    url: str
    final_url: str
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for param in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None

    @property
    def validators(self) -> Validators:
        return Validators(self.headers.get("etag"), self.headers.get("last-modified"))


class FetchError(Exception):
    """A URL that could not be fetched; ``str()`` is the one-line message. ``lasting``: retrying later will not help."""

    def __init__(self, url: str, problem: str, *, lasting: bool = False) -> None:
        super().__init__(url, problem)
        self.url = url
        self.problem = problem
        self.lasting = lasting

    def __str__(self) -> str:
        return f"{self.url}: {self.problem}"


class _Transient(Exception):
    def __init__(self, problem: str, wait: float | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.wait = wait


def strip_fragment(url: str) -> str:
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


class Fetcher:
    """One polite HTTP client: pacing, robots rules and counters are per Fetcher."""

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = limits or Limits()
        self._sleep = sleep
        self._clock = clock
        self._client = httpx.Client(
            follow_redirects=True,
            max_redirects=5,
            timeout=httpx.Timeout(self.limits.timeout),
            headers={"User-Agent": self.limits.user_agent},
            trust_env=False,
        )
        self._last_request: dict[str, float] = {}
        self._robots = RobotsRules(self._robots_txt, self.limits.user_agent.split("/", 1)[0])
        # Requests sent, retries included, robots.txt included.
        self.requests = 0

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, validators: Validators | None = None) -> Response:
        """Fetch ``url``: a 2xx or 304 Response, else FetchError."""
        url = strip_fragment(url)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "not an http(s) address", lasting=True)
        try:
            parts.port  # noqa: B018 - raises on a port out of range
            httpx.URL(url)
        except (ValueError, httpx.InvalidURL) as err:
            raise FetchError(url, f"not a valid address ({_reason(err)})", lasting=True) from None
        if self.limits.robots and not self._robots.allowed(url):
            raise FetchError(url, "forbidden by the site's robots.txt", lasting=True)
        response = self._with_retries(url, validators.headers() if validators else {}, self.limits.max_bytes)
        if response.status >= 400:
            raise FetchError(url, _status_problem(response), lasting=response.status not in _RETRIED_STATUS)
        return response

    def _robots_txt(self, robots_url: str) -> tuple[int, bytes] | None:
        """robots.txt's status and body, or None when the host cannot be reached."""
        try:
            response = self._with_retries(robots_url, {}, min(self.limits.max_bytes, 512 * 1024))
        except FetchError:
            return None
        return response.status, response.body

    def _with_retries(self, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        attempts = self.limits.retries + 1
        for attempt in range(1, attempts + 1):
            try:
                response = self._once(url, headers, max_bytes)
            except _Transient as err:
                if attempt == attempts:
                    suffix = f" (after {attempts} attempts)" if attempts > 1 else ""
                    raise FetchError(url, err.problem + suffix) from None
                self._sleep(self._backoff(attempt, err.wait))
                continue
            response.attempts = attempt
            return response
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int, asked: float | None) -> float:
        wait = asked if asked is not None else self.limits.backoff * 2 ** (attempt - 1)
        return max(0.0, min(wait, self.limits.max_backoff))

    def _pace(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        delay = self.limits.host_delay
        crawl_delay = self._robots.crawl_delay(url) if self.limits.robots and not url.endswith("/robots.txt") else None
        if crawl_delay:
            delay = max(delay, min(crawl_delay, self.limits.max_backoff))
        last = self._last_request.get(host)
        if last is not None:
            wait = last + delay - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _once(self, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        self._pace(url)
        self.requests += 1
        started = self._clock()
        deadline = started + self.limits.timeout
        try:
            with self._client.stream("GET", url, headers=headers) as reply:
                if reply.status_code in _RETRIED_STATUS:
                    raise _Transient(f"HTTP {reply.status_code}", _retry_after(reply.headers.get("retry-after")))
                length = reply.headers.get("content-length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise FetchError(url, _too_large(int(length), max_bytes), lasting=True)
                body = bytearray()
                for chunk in reply.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(url, f"larger than the limit of {max_bytes:,} bytes", lasting=True)
                    if self._clock() > deadline:
                        raise _Transient(f"timed out after {self.limits.timeout:g} s")
                return Response(
                    url=url,
                    final_url=str(reply.url),
                    status=reply.status_code,
                    body=bytes(body),
                    headers={k.lower(): v for k, v in reply.headers.items()},
                )
        except httpx.TimeoutException:
            raise _Transient(f"timed out after {self.limits.timeout:g} s") from None
        except httpx.TooManyRedirects:
            raise FetchError(url, "too many redirects", lasting=True) from None
        except httpx.TransportError as err:
            raise _Transient(f"cannot connect: {_reason(err)}") from None
        except (httpx.HTTPError, httpx.InvalidURL) as err:
            # A malformed address or redirect, a bad header: asking again will not help.
            raise FetchError(url, f"cannot be fetched: {_reason(err)}", lasting=True) from None


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _status_problem(response: Response) -> str:
    try:
        phrase = HTTPStatus(response.status).phrase
    except ValueError:
        phrase = ""
    return f"HTTP {response.status} {phrase}".rstrip()


def _too_large(size: int, limit: int) -> str:
    return f"{size:,} bytes, over the limit of {limit:,} bytes"


def _reason(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0][:120] if text else type(err).__name__
