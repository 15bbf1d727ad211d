"""The PostgreSQL backend: a ``postgresql://`` URL, psycopg 3 with a connection pool (psycopg_pool).

psycopg is imported here only, and this module only when a store is a URL,
so SQLite users need neither installed (``pip install 'hodo[postgres]'``).

The store's queries are written once with SQLite's ``?`` placeholders;
``PgConnection`` runs them on psycopg, translating each statement once (and
caching it): ``?`` and ``?N`` become psycopg's ``%s`` with the parameters in
order, a literal ``%`` is doubled, ``LIKE`` becomes ``ILIKE`` (SQLite's LIKE
ignores ASCII case, PostgreSQL's does not) and ``COLLATE NOCASE`` is dropped
(the columns compared that way are ``citext`` here, schema_postgres.py).
What cannot be translated this way comes from store/dialect.py.

Locks: every write transaction first takes one transaction-scoped advisory
lock, PostgreSQL's counterpart of SQLite's BEGIN IMMEDIATE: writers run one
at a time, from any number of processes or machines, and the clustering
that runs under it (``Store.clustering``) never sees another writer's half
of a batch. Migrations take another advisory lock, so that processes opening
one new database at once create its tables once. Readers (``reading``) take
no lock: each request reads one snapshot (REPEATABLE READ, READ ONLY).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any

from hodo.store.database import BatchLost, Store, StoreError, describe
from hodo.store.dialect import POSTGRES
from hodo.store.schema import SCHEMA_VERSION
from hodo.store.schema_postgres import BASELINE, BASELINE_VERSION, MIGRATIONS

# Advisory lock keys (any 64-bit numbers no other application of the database uses): "hodo" and 1, 2.
WRITER_LOCK = 0x686F646F_00000001
MIGRATION_LOCK = 0x686F646F_00000002
POOL_SIZE = 8
CONNECT_TIMEOUT_S = 10


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError("a PostgreSQL store needs psycopg: pip install 'hodo[postgres]'") from exc
    return psycopg


class _Row(tuple):
    """A row that reads by position or by column name, as sqlite3.Row does."""

    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], index: dict[str, int]) -> _Row:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: Any) -> Any:
    description = cursor.description or ()
    index: dict[str, int] = {}
    for i, column in enumerate(description):
        index.setdefault(column.name, i)
    return lambda values: _Row(values, index)


_NOCASE = re.compile(r"\s+COLLATE\s+NOCASE\b", re.IGNORECASE)
_LIKE = re.compile(r"(?<![A-Za-z_])LIKE\b")
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?(\d*)|%")


@lru_cache(maxsize=4096)
def translate(sql: str) -> tuple[str, tuple[int, ...]]:
    """psycopg's spelling of a store statement, and which parameter (0-based) each ``%s`` takes."""
    sql = _LIKE.sub("ILIKE", _NOCASE.sub("", sql))
    order: list[int] = []
    largest = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal largest
        token = match.group(0)
        if token == "%":
            return "%%"
        if token[0] in "'\"":
            return token.replace("%", "%%")
        # SQLite's rule: a bare ? takes the number after the largest used so far.
        number = int(match.group(1)) if match.group(1) else largest + 1
        largest = max(largest, number)
        order.append(number - 1)
        return "%s"

    return _TOKEN.sub(replace, sql), tuple(order)


class PgConnection:
    """A psycopg connection that runs the store's ``?`` statements (store/connection.py)."""

    dialect = POSTGRES

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Any:
        text, order = translate(sql)
        values = list(parameters)
        return self.raw.execute(text, [values[i] for i in order])

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> None:
        text, order = translate(sql)
        rows = [[list(p)[i] for i in order] if order else [] for p in parameters]
        if not rows:
            return
        with self.raw.cursor() as cursor:
            cursor.executemany(text, rows)


# One pool a process, location and mode: a pool's threads do not survive a fork.
_POOLS: dict[tuple[int, str, bool], Any] = {}
_POOLS_LOCK = threading.Lock()


def pool(url: str, *, readonly: bool = False) -> Any:
    """The connection pool of this process for ``url`` (read-only sessions when ``readonly``)."""
    key = (os.getpid(), url, readonly)
    with _POOLS_LOCK:
        if key not in _POOLS:
            psycopg = _psycopg()
            try:
                from psycopg_pool import ConnectionPool
            except ImportError as exc:
                raise StoreError("a PostgreSQL store needs psycopg_pool: pip install 'hodo[postgres]'") from exc
            try:
                # Connecting once first: a wrong URL or a server that is down is a one-line error now,
                # not a pool timing out later.
                psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S).close()
            except psycopg.Error as exc:
                raise StoreError(f"{describe(url)}: cannot connect: {_first_line(exc)}") from exc
            options = "-c default_transaction_read_only=on" if readonly else ""
            _POOLS[key] = ConnectionPool(
                url,
                min_size=1,
                max_size=POOL_SIZE,
                kwargs={"autocommit": True, "row_factory": _row_factory, "options": options},
                name=f"hodo-{'r' if readonly else 'w'}",
                open=True,
            )
        return _POOLS[key]


def close_pools(url: str | None = None) -> None:
    """Close this process's pools (those for ``url``, or all): before a database is dropped, say."""
    with _POOLS_LOCK:
        for key in [k for k in _POOLS if url is None or k[1] == url]:
            _POOLS.pop(key).close()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class PostgresStore(Store):
    """A store in one PostgreSQL database; ``conn`` holds one of the pool's connections until ``close``."""

    dialect = POSTGRES

    def __init__(self, raw: Any, url: str, *, readonly: bool = False) -> None:
        super().__init__(PgConnection(raw), url, readonly=readonly)
        self._raw = raw
        self._pool = pool(url, readonly=readonly)
        # The open batch's transaction (Store.batch), entered by its first block.
        self._batch_transaction: Any = None

    @classmethod
    def connect(cls, url: str, *, readonly: bool = False) -> PostgresStore:
        psycopg = _psycopg()
        try:
            if readonly:
                version = _read_version(url)
                if version == 0:
                    raise StoreError(f"{describe(url)}: no hodo store there (hodo ingest creates it)")
                if version < SCHEMA_VERSION:
                    # An older store is brought up to date once, by a writer, then read.
                    cls.connect(url).close()
                elif version > SCHEMA_VERSION:
                    raise StoreError(
                        f"{describe(url)}: the database has schema version {version}, this hodo reads {SCHEMA_VERSION}"
                    )
            raw = pool(url, readonly=readonly).getconn(timeout=CONNECT_TIMEOUT_S * 3)
            if not readonly:
                migrate(PgConnection(raw))
        except psycopg.Error as exc:
            raise StoreError(f"{describe(url)}: cannot open the database: {_first_line(exc)}") from exc
        return cls(raw, url, readonly=readonly)

    def close(self) -> None:
        if self._raw is not None:
            self._pool.putconn(self._raw)
            self._raw = None

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        """BEGIN, the writer lock, … COMMIT; anything raised inside rolls the whole block back.

        Inside a batch (Store.batch) the block is a savepoint of the batch's
        transaction, begun (with the lock) by the first block.
        """
        batch = self._batch
        if batch is None:
            with self._raw.transaction():
                self._raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
                yield self.conn
            return
        if self._batch_transaction is None:
            self._batch_transaction = self._raw.transaction()
            self._batch_transaction.__enter__()
            self._raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
            batch.begun()
        try:
            with self._raw.transaction():
                yield self.conn
        except BaseException as exc:
            if self._raw.info.transaction_status != _psycopg().pq.TransactionStatus.INTRANS:
                # The connection gave up the whole transaction (it broke, say), earlier blocks with it.
                lost, transaction, self._batch_transaction = batch.done, self._batch_transaction, None
                batch.committed()
                with suppress(Exception):
                    transaction.__exit__(type(exc), exc, exc.__traceback__)
                if lost:
                    raise BatchLost(f"{describe(self.location)}: {lost} writes since the last commit were lost: {exc}") from exc
            raise
        batch.done += 1

    def flush(self) -> None:
        batch, transaction = self._batch, self._batch_transaction
        if batch is None or transaction is None:
            return
        self._batch_transaction = None
        try:
            transaction.__exit__(None, None, None)
        except _psycopg().Error as exc:
            raise BatchLost(f"{describe(self.location)}: {batch.done} writes could not be committed: {_first_line(exc)}") from exc
        finally:
            batch.committed()

    def refresh_statistics(self) -> None:
        # Right after a bulk load autovacuum has not analysed the tables yet, and the planner, which
        # then guesses their sizes, picks plans several times slower for filtered lists and facets.
        with self._raw.transaction():
            self._raw.execute("ANALYZE")

    def _last_text_row(self, conn: PgConnection) -> int:
        return int(conn.execute("SELECT COALESCE(MAX(text_row), 0) FROM claims").fetchone()[0])


def _read_version(url: str) -> int:
    with pool(url, readonly=True).connection() as raw:
        return schema_version(PgConnection(raw))


def schema_version(conn: PgConnection) -> int:
    """How many migrations the database has had (0: none, not a hodo store yet)."""
    if conn.execute("SELECT to_regclass('hodo_schema')").fetchone()[0] is None:
        return 0
    row = conn.execute("SELECT version FROM hodo_schema").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: PgConnection, target: int = SCHEMA_VERSION) -> int:
    """Apply the migrations the database lacks, in one transaction under the migration lock; return its version."""
    with conn.raw.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
        current = schema_version(conn)
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"the database has schema version {current}, newer than this hodo knows ({SCHEMA_VERSION})"
            )
        if current >= target:
            return current
        if current == 0:
            conn.raw.execute(BASELINE)
            conn.execute("CREATE TABLE hodo_schema (version BIGINT NOT NULL)")
            conn.execute("INSERT INTO hodo_schema (version) VALUES (?)", (BASELINE_VERSION,))
            current = BASELINE_VERSION
        for number in range(current + 1, target + 1):
            conn.raw.execute(MIGRATIONS[number])
            conn.execute("UPDATE hodo_schema SET version = ?", (number,))
        return target


@contextmanager
def reading(url: str) -> Iterator[PgConnection]:
    """A read-only connection from the pool inside one read transaction (one snapshot)."""
    psycopg = _psycopg()
    try:
        with pool(url, readonly=True).connection() as raw, raw.transaction():
            raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield PgConnection(raw)
    except psycopg.OperationalError as exc:
        raise StoreError(f"{describe(url)}: cannot read the database: {_first_line(exc)}") from exc
