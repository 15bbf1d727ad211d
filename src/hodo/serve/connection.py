"""The store connection a request reads through: read-only, one snapshot, opened by the app's service."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request


def _connection(request: Request) -> Iterator[sqlite3.Connection]:
    yield from request.app.state.service.connection()


# A route parameter of this type gets the request's read-only connection (see ``store.reader``).
Conn = Annotated[sqlite3.Connection, Depends(_connection)]
