"""What one address yields: a page, a feed's new entries or a sitemap's new pages, as RawDocuments.

A feed entry or sitemap page that ``state`` has seen is not fetched again;
the others are fetched (conditionally, when the state has their validators)
unless the feed carries their full text. Nothing is written to the state
here: the ``FetchRun`` lists the validators to remember and the entries to
mark seen, for the caller to record once the documents are stored, so a run
cut short is redone, never skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from hodo.ingest.fetch.client import Fetcher, FetchError, Response, Validators, strip_fragment
from hodo.ingest.fetch.feeds import Feed, FeedProblem, parse_feed
from hodo.ingest.fetch.pages import kind_of, page_document
from hodo.ingest.fetch.sitemaps import SitemapProblem, parse_sitemap
from hodo.ingest.sources import InputError
from hodo.models import RawDocument

__all__ = ["MAX_PAGES", "FetchRun", "FetchState", "SeenEntry"]

# Pages fetched from one feed or sitemap per run at most; the rest wait for the next run.
MAX_PAGES = 200
# Sitemaps read from one sitemap index at most.
MAX_SITEMAPS = 50


class FetchState(Protocol):
    """What earlier runs remember (store/fetch_state.py keeps it in the store)."""

    def validators(self, url: str) -> Validators | None: ...

    def seen(self, url: str) -> bool: ...


@dataclass(frozen=True)
class SeenEntry:
    url: str
    via: str
    outcome: str


@dataclass
class FetchRun:
    """One address fetched: iterate it for its documents (and InputErrors), then read what it found.

    The documents come as they are fetched, so that a caller can store each
    at once; the counters and lists are complete once the iteration ends.
    """

    url: str
    fetcher: Fetcher
    state: FetchState
    outlet: str | None = None
    max_pages: int = MAX_PAGES
    kind: str = ""
    status: int | None = None
    # Entries or pages the address lists, and how many of them were new.
    listed: int = 0
    new: int = 0
    # The address itself failed: nothing else was fetched.
    problem: str | None = None
    remember: dict[str, Validators] = field(default_factory=dict)
    seen: list[SeenEntry] = field(default_factory=list)
    # Some listed page is left for a later run (a passing failure, the page cap): the
    # feed's own validators are then not remembered, or a 304 would hide that page.
    incomplete: bool = False

    def __iter__(self) -> Iterator[RawDocument | InputError]:
        try:
            yield from self._run()
        except Exception as exc:  # a reader's bug must cost this address, not the whole run
            self.problem = f"cannot be read: {exc!r}"
            yield InputError(self.url, self.problem)

    def _run(self) -> Iterator[RawDocument | InputError]:
        url = strip_fragment(self.url)
        try:
            response = self.fetcher.get(url, self.state.validators(url))
        except FetchError as err:
            self.problem = err.problem
            yield InputError(url, err.problem)
            return
        self.status = response.status
        if response.not_modified:
            self.kind = "unchanged"
            return
        self.kind = kind_of(response)
        if self.kind == "feed":
            yield from self._feed(url, response)
        elif self.kind == "sitemap":
            yield from self._sitemap(url, response)
        else:
            document = page_document(url, response, outlet=self.outlet)
            if isinstance(document, InputError):
                self.problem = document.problem
            yield document
        if self.problem is None and not self.incomplete:
            self._remember(url, response)

    def _remember(self, url: str, response: Response) -> None:
        if response.validators:
            self.remember[url] = response.validators

    def _feed(self, url: str, response: Response) -> Iterator[RawDocument | InputError]:
        try:
            feed = parse_feed(response.body, response.final_url, response.content_type)
        except FeedProblem as err:
            self.problem = str(err)
            yield InputError(url, str(err))
            return
        self.listed = len(feed.entries)
        fetched = 0
        for number, entry in enumerate(feed.entries, start=1):
            key = strip_fragment(entry.url) if entry.url else entry.guid or f"{url}#{number}"
            if self.state.seen(key):
                continue
            self.new += 1
            if entry.text is not None:
                yield self._entry_document(key, entry.text, entry.title, entry.published, feed, url)
                continue
            if entry.url is None:
                self.seen.append(SeenEntry(key, url, "failed: no link and no text"))
                yield InputError(key, "a feed entry with no link and no text")
                continue
            if fetched >= self.max_pages:
                self.incomplete = True
                continue
            fetched += 1
            yield from self._page(key, url, entry.published, entry.title, self.outlet or feed.title)

    def _entry_document(
        self, key: str, text: str, title: str | None, published: date | None, feed: Feed, url: str
    ) -> RawDocument:
        self.seen.append(SeenEntry(key, url, "stored"))
        return RawDocument(
            doc_id=key,
            text=text,
            source=key,
            url=key if key.startswith(("http://", "https://")) else None,
            title=title,
            date=published,
            outlet_hint=self.outlet or feed.title,
        )

    def _page(
        self, key: str, via: str, listed_date: date | None, title: str | None, outlet: str | None
    ) -> Iterator[RawDocument | InputError]:
        try:
            response = self.fetcher.get(key, self.state.validators(key))
        except FetchError as err:
            if err.lasting:
                self.seen.append(SeenEntry(key, via, f"failed: {err.problem}"))
            else:
                self.incomplete = True
            yield InputError(key, err.problem)
            return
        self._remember(key, response)
        if response.not_modified:
            self.seen.append(SeenEntry(key, via, "unchanged"))
            return
        document = page_document(key, response, outlet=outlet, listed_date=listed_date, listed_title=title)
        outcome = f"failed: {document.problem}" if isinstance(document, InputError) else "stored"
        self.seen.append(SeenEntry(key, via, outcome))
        yield document

    def _sitemap(self, url: str, response: Response, depth: int = 0) -> Iterator[RawDocument | InputError]:
        try:
            sitemap = parse_sitemap(response.body, self.fetcher.limits.max_bytes)
        except SitemapProblem as err:
            self.problem = str(err)
            yield InputError(url, str(err))
            return
        for child in sitemap.sitemaps[:MAX_SITEMAPS] if depth == 0 else ():
            try:
                child_response = self.fetcher.get(child)
            except FetchError as err:
                self.incomplete = True
                yield InputError(child, err.problem)
                continue
            yield from self._sitemap(child, child_response, depth + 1)
        self.listed += len(sitemap.pages)
        # The most recently changed first: when the cap cuts, it cuts the oldest.
        pages = sorted(sitemap.pages, key=lambda page: page[1] or date.min, reverse=True)
        for loc, lastmod in pages:
            key = strip_fragment(loc)
            if self.state.seen(key):
                continue
            self.new += 1
            if self.new > self.max_pages:
                self.incomplete = True
                continue
            yield from self._page(key, url, lastmod, None, self.outlet)
