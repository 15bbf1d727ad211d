"""The day a source says something was published, from the date formats feeds and exports use.

RFC 822 (RSS ``pubDate``: ``Thu, 05 Jun 2025 01:30:00 +0900``), RFC 3339 /
W3C datetime (Atom, sitemaps: ``2025-06-05T01:30:00+09:00``, ``2025-06-05``)
and WordPress's local ``2025-06-05 01:30:00``. The day is read in the
timezone the value is written in, never converted to UTC: a Tokyo post at
01:30 on the 5th is dated the 5th, as its readers and its text count days.
"""

from __future__ import annotations

from datetime import date, datetime
from email.utils import parsedate_to_datetime

__all__ = ["published_date"]


def published_date(value: str | None) -> date | None:
    """The calendar day of a published-at value in its own timezone; None when unreadable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.startswith("0000"):
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
