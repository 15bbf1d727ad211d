"""What the store's queries need of a database connection, whichever engine is behind it.

A query calls ``execute`` and ``executemany`` with SQL that uses ``?``
placeholders and reads rows by position or by column name. ``sqlite3``'s
connection (with ``sqlite3.Row`` rows) is one as it stands; the PostgreSQL
backend wraps psycopg's to be another (store/postgres.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol


class Row(Protocol):
    def __getitem__(self, key: int | str | slice) -> Any: ...

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Any]: ...

    def keys(self) -> list[str]: ...


class Cursor(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Any: ...
