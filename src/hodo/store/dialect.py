"""The few SQL expressions that differ between database engines, each behind one function.

Every query of the store is written in portable SQL with ``?`` placeholders;
what SQLite spells its own way (reading a field of a JSON column) comes from
here, so that another backend replaces these functions and not the queries.
"""

from __future__ import annotations


def json_text(column: str, key: str) -> str:
    """SQL for the top-level field ``key`` of the JSON text in ``column``, as text."""
    if not key.isidentifier():
        raise ValueError(f"{key!r} is not a plain JSON key")
    return f"json_extract({column}, '$.{key}')"


def json_array_size(column: str, key: str) -> str:
    """SQL for the length of the top-level JSON array ``key`` in ``column`` (0 when it is empty)."""
    if not key.isidentifier():
        raise ValueError(f"{key!r} is not a plain JSON key")
    return f"json_array_length({column}, '$.{key}')"
