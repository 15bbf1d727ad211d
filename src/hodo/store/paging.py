"""Keyset paging: a page of rows and the opaque cursor that resumes after its last row.

A cursor holds the sort order it was made for and the sort key of the last row
returned; the next page is the rows after that key in that order. Unlike an
offset, it never skips or repeats a row when rows are added before it between
two pages. To a client the cursor is an opaque string (URL-safe base64 of JSON).
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


class CursorError(ValueError):
    """A cursor that this store did not make, or made for another order."""


@dataclass(frozen=True)
class Cursor:
    sort: str
    key: tuple[Any, ...]

    def encode(self) -> str:
        raw = json.dumps([self.sort, list(self.key)], ensure_ascii=False, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, text: str, sort: str, width: int) -> Cursor:
        """The cursor in ``text``, which must have been made for ``sort`` with ``width`` key values."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            made_for, key = json.loads(raw.decode("utf-8"))
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as exc:
            raise CursorError(f"cursor {text!r} is not one this server made") from exc
        if made_for != sort:
            raise CursorError(f"cursor was made for sort={made_for}, not sort={sort}")
        if not isinstance(key, list) or len(key) != width:
            raise CursorError(f"cursor {text!r} is not one this server made")
        return cls(sort, tuple(key))


@dataclass
class Page(Generic[T]):
    """Up to ``limit`` items, the total that match, and the cursor of the next page (None at the end)."""

    items: list[T]
    total: int
    next: str | None = None


def keyset_condition(columns: Sequence[str], descending: bool) -> str:
    """SQL for "after this key" in the order of ``columns`` (a row-value comparison, one ``?`` each)."""
    op = "<" if descending else ">"
    return f"({', '.join(columns)}) {op} ({', '.join('?' * len(columns))})"


def order_by(columns: Sequence[str], descending: bool) -> str:
    direction = " DESC" if descending else ""
    return ", ".join(c + direction for c in columns)


def fetch_keyset(
    conn: sqlite3.Connection, sql: str, params: Sequence[Any], *, limit: int, sort: str, width: int
) -> tuple[list[sqlite3.Row], str | None]:
    """Up to ``limit`` rows of ``sql`` (ordered, without LIMIT; its last ``width`` columns the sort
    key) and the cursor of the page after them, None when there is none."""
    rows = conn.execute(sql + " LIMIT ?", [*params, limit + 1]).fetchall()
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, Cursor(sort, tuple(last[len(last) - width :])).encode()
