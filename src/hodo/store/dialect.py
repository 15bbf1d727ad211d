"""The few SQL constructs that differ between SQLite and PostgreSQL, each behind one method.

Every query of the store is written once, in SQL both engines run, with ``?``
placeholders (the PostgreSQL connection translates them and the handful of
spellings it can translate safely, store/postgres.py). What an engine spells
its own way comes from the connection's dialect, ``dialect_of(conn)``: a
field of a JSON column, a list of values bound as one parameter, a long text
value, and text search.

Text search (``contains``): a claim matches when its sentence contains the
needle, ASCII letters compared without regard to case, on both engines.

- SQLite: the trigram index (FTS5 ``claim_text``) finds a needle of three
  characters or more by MATCH. A trigram MATCH of a shorter needle (a
  two-character word such as 撃墜) finds nothing at all, so those are found
  by LIKE over the claims' sentences, which reads every sentence.
- PostgreSQL: ILIKE over ``claims.sentence``, which a pg_trgm GIN index
  serves for three characters or more; a shorter needle has no trigram to
  look up and is checked on every sentence, as on SQLite.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# FTS5's trigram MATCH needs three characters; shorter needles are checked by LIKE.
TRIGRAM = 3


@dataclass(frozen=True)
class PerKey:
    """A lookup of the first values of ``value`` for a key of ``key`` in ``table`` (an index on both)."""

    table: str
    key: str
    value: str
    key_type: str
    descending: bool = False

    @property
    def sql(self) -> str:
        """The lookup of one key (parameters: key, limit)."""
        order = " DESC" if self.descending else ""
        return f"SELECT {self.value} FROM {self.table} WHERE {self.key} = ? ORDER BY {self.value}{order} LIMIT ?"


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Dialect:
    """SQL for one engine; the methods return fragments with ``?`` placeholders."""

    name = ""
    # Whether a page of claims filtered by an entity is cut from its matches' sorted keys rather
    # than by walking an index in the page's order (see claim_search.claim_page).
    sorts_matches_first = False

    def json_text(self, column: str, key: str) -> str:
        """The top-level field ``key`` of the JSON text in ``column``, as text."""
        raise NotImplementedError

    def json_array_size(self, column: str, key: str) -> str:
        """The length of the top-level JSON array ``key`` in ``column`` (0 when it is empty)."""
        raise NotImplementedError

    def in_values(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """``column`` is one of ``values``, bound as one parameter however many there are."""
        raise NotImplementedError

    def long_text(self, text: str) -> tuple[str, Any]:
        """A placeholder and its value for a long text written to the store."""
        return "?", text

    def by_index(self, table: str, index: str) -> str:
        """``table`` read through ``index``, where the engine needs telling (a planner without statistics)."""
        return table

    def evaluated_once(self, subquery: str) -> str:
        """``subquery`` (of an ``x IN (…)``) in a form the engine runs once, not once per outer row."""
        return subquery

    def among_few(self, column: str, subquery: str) -> str:
        """``column`` is one of the few values ``subquery`` returns, each looked up through an index on it."""
        return f"{column} IN ({subquery})"

    def first_per_key(self, lookup: PerKey, keys: Sequence[Any], limit: int) -> tuple[str, list[Any]] | None:
        """One statement for (key, value) rows: the first ``limit`` values of each key, in ``lookup``'s order.

        None where the engine does as well with ``lookup.sql`` once a key (SQLite, in process).
        """
        return None

    def contains(self, needle: str) -> tuple[str, list[Any]]:
        """A condition on ``claims``: its sentence contains ``needle`` (see the module docstring)."""
        raise NotImplementedError


def _plain_key(key: str) -> str:
    if not key.isidentifier():
        raise ValueError(f"{key!r} is not a plain JSON key")
    return key


class SQLiteDialect(Dialect):
    name = "sqlite"

    def json_text(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{_plain_key(key)}')"

    def json_array_size(self, column: str, key: str) -> str:
        return f"json_array_length({column}, '$.{_plain_key(key)}')"

    def in_values(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        return f"{column} IN (SELECT value FROM json_each(?))", [json.dumps(list(values))]

    def by_index(self, table: str, index: str) -> str:
        # SQLite takes the unique index of an equality on the key, though another covers the query.
        return f"{table} INDEXED BY {index}"

    def long_text(self, text: str) -> tuple[str, Any]:
        # Bound as str, Python would keep a UTF-8 copy inside each string for as long as it lives.
        return "CAST(? AS TEXT)", text.encode("utf-8")

    def contains(self, needle: str) -> tuple[str, list[Any]]:
        if len(needle) >= TRIGRAM:
            phrase = '"' + needle.replace('"', '""') + '"'
            return "claims.claim_id IN (SELECT claim_id FROM claim_text WHERE claim_text MATCH ?)", [phrase]
        return "claims.sentence LIKE ? ESCAPE '\\'", ["%" + like_escape(needle) + "%"]


class PostgresDialect(Dialect):
    name = "postgresql"
    # Guessing many matches, the planner walks the claims in the page's order and tests each one
    # against the whole list of matches, unhashed: seconds for an entity with few claims late in order.
    sorts_matches_first = True

    def first_per_key(self, lookup: PerKey, keys: Sequence[Any], limit: int) -> tuple[str, list[Any]] | None:
        # One round trip for all the keys, each still an index range scan (LATERAL … LIMIT).
        sql = (
            f"SELECT k.key, t.{lookup.value} FROM unnest(CAST(? AS {lookup.key_type}[])) AS k(key)"
            f" CROSS JOIN LATERAL (SELECT {lookup.value} FROM {lookup.table} WHERE {lookup.key} = k.key"
            f" ORDER BY {lookup.value}{' DESC' if lookup.descending else ''} LIMIT ?) AS t"
        )
        return sql, [list(keys), limit]

    def json_text(self, column: str, key: str) -> str:
        return f"(CAST({column} AS json) ->> '{_plain_key(key)}')"

    def json_array_size(self, column: str, key: str) -> str:
        return f"json_array_length(CAST({column} AS json) -> '{_plain_key(key)}')"

    def in_values(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        return f"{column} = ANY(?)", [list(values)]

    def by_index(self, table: str, index: str) -> str:
        """``table`` read through ``index``, where the engine needs telling (a planner without statistics)."""
        return table

    def among_few(self, column: str, subquery: str) -> str:
        # The planner cannot tell how few values the subquery returns and, guessing a hundred, joins
        # them against every row of the index's range (a whole role of claim_entities); as an array
        # the subquery runs once, before, and each of its values is one index lookup.
        return f"{column} = ANY(ARRAY(SELECT DISTINCT v FROM ({subquery}) AS s(v)))"

    def evaluated_once(self, subquery: str) -> str:
        # OFFSET 0 keeps the planner from turning the IN into a join it repeats for every outer row
        # (with ORDER BY … LIMIT it would rescan the claims once per event); it runs once, hashed.
        return f"{subquery} OFFSET 0"

    def contains(self, needle: str) -> tuple[str, list[Any]]:
        # Backslash is PostgreSQL's default LIKE escape; an ESCAPE clause would hide the pattern from pg_trgm.
        return "claims.sentence ILIKE ?", ["%" + like_escape(needle) + "%"]


SQLITE = SQLiteDialect()
POSTGRES = PostgresDialect()


def dialect_of(conn: object) -> Dialect:
    """The dialect of a store connection: a plain sqlite3 connection is SQLite's."""
    found = getattr(conn, "dialect", SQLITE)
    return found if isinstance(found, Dialect) else SQLITE


def json_text(column: str, key: str) -> str:
    """SQLite's spelling of ``Dialect.json_text`` (for callers that only ever read SQLite)."""
    return SQLITE.json_text(column, key)


def json_array_size(column: str, key: str) -> str:
    """SQLite's spelling of ``Dialect.json_array_size`` (for callers that only ever read SQLite)."""
    return SQLITE.json_array_size(column, key)
