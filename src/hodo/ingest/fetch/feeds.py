"""RSS and Atom feeds, read by feedparser from bytes already fetched (it never fetches itself).

Each entry gives its link, title, publication day and, when the feed carries
it, its full text: a ``content:encoded`` or Atom ``content`` of at least
``FULL_TEXT_CHARS`` characters. A description or summary alone is a teaser,
and the entry's page is fetched for its text.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import feedparser

from hodo.ingest.html import fragment_text
from hodo.ingest.published import published_date

__all__ = ["FULL_TEXT_CHARS", "Feed", "FeedEntry", "FeedProblem", "parse_feed"]

FULL_TEXT_CHARS = 200


class FeedProblem(ValueError):
    """Bytes that are not a feed we can read; the message says why."""


@dataclass(frozen=True)
class FeedEntry:
    url: str | None
    title: str | None
    published: date | None
    # The entry's text when the feed carries all of it, else None.
    text: str | None = None
    # The feed's own id for the entry (RSS guid, Atom id), if any.
    guid: str | None = None


@dataclass(frozen=True)
class Feed:
    title: str | None
    link: str | None
    entries: list[FeedEntry] = field(default_factory=list)


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> Feed:
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # A stream, never a string: feedparser would take a string that looks like an address as one to fetch.
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=True)
    # A feed with no entries yet is still a feed; feedparser's bozo flag alone (a wrong
    # Content-Type, a stray character) is no reason to drop what it could read.
    if not parsed.entries and not parsed.version:
        reason = getattr(parsed, "bozo_exception", None)
        raise FeedProblem(f"not a readable RSS or Atom feed ({reason})" if reason else "not an RSS or Atom feed")
    feed = parsed.feed
    return Feed(
        title=(feed.get("title") or "").strip() or None,
        link=feed.get("link") or None,
        entries=[_entry(e) for e in parsed.entries],
    )


def _entry(entry: feedparser.FeedParserDict) -> FeedEntry:
    return FeedEntry(
        url=(entry.get("link") or "").strip() or None,
        title=(entry.get("title") or "").strip() or None,
        published=_published(entry),
        text=_full_text(entry),
        guid=(dict.get(entry, "id") or "").strip() or None,
    )


def _published(entry: feedparser.FeedParserDict) -> date | None:
    # The value as written keeps its own timezone; feedparser's parsed tuples are in UTC.
    # dict.get: FeedParserDict's own lookup maps a missing "published" to "updated" with a warning.
    for key in ("published", "updated", "created"):
        day = published_date(dict.get(entry, key))
        if day is not None:
            return day
    for key in ("published_parsed", "updated_parsed"):
        parsed: time.struct_time | None = dict.get(entry, key)
        if parsed:
            return datetime(*parsed[:6], tzinfo=UTC).date()
    return None


def _full_text(entry: feedparser.FeedParserDict) -> str | None:
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        kind = content.get("type") or ""
        text = fragment_text(value) if "html" in kind else value.strip()
        if len(text) >= FULL_TEXT_CHARS:
            return text
    return None
