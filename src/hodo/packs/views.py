"""Typed views of a pack: dataclasses whose fields name the pack key they are read from.

A stage declares what it reads from a pack as a dataclass, one field per key::

    @dataclass(frozen=True)
    class StanceCues:
        denial: re.Pattern[str] = pack_field("cues:polarity.denial")
        openers: tuple[str, ...] = pack_field("cues:attribution.continuation_openers")

and gets it with ``view(pack, StanceCues)``, or one per entry of an array of
tables with ``each(pack, TypeRule, "triggers:type")`` (whose fields then name
keys inside the entry: ``pack_field("triggers")``; a ``file:`` path still
reads from anywhere). The key's kind and default come from the pack schema
(hodo.packs.schema), which load_pack has already checked the files against: a
pattern list becomes one compiled alternation, a pattern a compiled pattern, a
word list a tuple (or a frozenset, or longest first), rewrites (pairs),
numbers, flags, text and
tables stay as they are. Fields with ``init=False`` are derived in
``__post_init__`` from the others. Views are built once per pack and kept in
the pack itself, so every stage shares one cache keyed by pack.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

from hodo.packs import NEVER, Pack, any_of
from hodo.packs.schema import Flag, Mapping, Node, Pattern, Patterns, Rewrites, Words, node_at

T = TypeVar("T")

# Word-list shapes.
AS_TUPLE = "tuple"
AS_SET = "set"
LONGEST_FIRST = "longest_first"
# A pattern list (or pattern) kept as its strings (to build a larger pattern from).
AS_STRINGS = "strings"
# A mapping of pattern lists as (key, strings) pairs, in file order (hashable).
AS_ITEMS = "items"


def pack_field(path: str, *, shape: str = AS_TUPLE, none_if_empty: bool = False) -> Any:
    """A view field read from ``path``: "file:dotted.key", or "dotted.key" inside an entry of ``each``.

    ``none_if_empty``: a pattern list or pattern the pack leaves out reads as
    None rather than as a pattern that never matches.
    """
    return dataclasses.field(metadata={"pack": path, "shape": shape, "none_if_empty": none_if_empty})


def view(pack: Pack, cls: type[T]) -> T:
    """The pack's ``cls`` view, built once."""
    return pack.cached(cls, lambda: _build(cls, pack, None, ""))


def each(pack: Pack, cls: type[T], path: str) -> tuple[T, ...]:
    """One ``cls`` view per entry of the array of tables at ``path`` ("triggers:type"), built once."""

    def build() -> tuple[T, ...]:
        file, key = path.split(":", 1)
        rows = _lookup(pack.table(file), key)
        return tuple(_build(cls, pack, row, path) for row in rows or [])

    return pack.cached((cls, path), build)


def _lookup(table: dict[str, Any], key: str) -> Any:
    value: Any = table
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _build(cls: type[T], pack: Pack, row: dict[str, Any] | None, entries: str) -> T:
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(cls):  # type: ignore[arg-type]
        if not spec.init:
            continue
        path = spec.metadata.get("pack")
        if path is None:
            raise TypeError(f"{cls.__name__}.{spec.name} names no pack key (use pack_field)")
        if ":" in path:
            file, key = path.split(":", 1)
            raw = _lookup(pack.table(file), key)
        else:
            if row is None:
                raise TypeError(f"{cls.__name__}.{spec.name}: {path!r} is relative, but the view is no entry view")
            file, within = entries.split(":", 1)
            key = f"{within}.{path}"
            raw = _lookup(row, path)
        values[spec.name] = _read(node_at(file, key), raw, spec.metadata)
    return cls(**values)


def _read(node: Node, raw: Any, options: Any) -> Any:
    shape, none_if_empty = options["shape"], options["none_if_empty"]
    if raw is None:
        raw = node.default
    if isinstance(node, Patterns):
        if shape == AS_STRINGS:
            return tuple(raw)
        if not raw and none_if_empty:
            return None
        return any_of(list(raw), node.flags)
    if isinstance(node, Pattern):
        if shape == AS_STRINGS:
            return raw
        if raw is None:
            return None if none_if_empty else NEVER
        return re.compile(raw, node.flags)
    if isinstance(node, Words):
        if shape == AS_SET:
            return frozenset(raw)
        if shape == LONGEST_FIRST:
            return tuple(sorted(raw, key=len, reverse=True))
        return tuple(raw)
    if isinstance(node, Rewrites):
        return tuple((re.compile(old) if node.regex else old, new) for old, new in raw)
    if isinstance(node, Flag):
        return bool(raw)
    if isinstance(node, Mapping) and shape == AS_ITEMS:
        return tuple((key, tuple(value)) for key, value in raw.items())
    return raw
