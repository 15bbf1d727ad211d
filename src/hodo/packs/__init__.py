"""Domain packs: the knowledge hodo extracts with, kept as data files.

A pack is a folder of TOML files under ``src/hodo/packs/<name>/`` (or any
folder a user points to). ``pack.toml`` names it and may ``extends`` other
packs: the Russia–Ukraine pack extends ``ja_news``, which holds what any
Japanese news pack needs (speech verbs, hedges, counters, boilerplate). Tables
of the same file name are merged, the extending pack's entries last, so a pack
can add to or override what it extends. A pack installed with pip announces
its folder as an entry point of the group ``hodo.packs``. See docs/packs.md.
"""

from __future__ import annotations

import copy
import importlib.metadata
import os
import re
import tomllib
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from hodo.packs.schema import FILES, alternation, check_file, tally

PACKS_DIR = Path(__file__).parent
DEFAULT_PACK = "russia_ukraine"


class PackError(ValueError):
    """A pack that cannot be loaded: missing folder, bad TOML, a cycle, or data that breaks its schema.

    ``problems`` lists every problem found, each naming the file and the key;
    the message is the first of them.
    """

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        more = len(self.problems) - 1
        message = self.problems[0] + (f" (and {more} more: see hodo pack check)" if more else "")
        super().__init__(message)


# Compared and hashed by identity: packs are loaded once and used as cache keys.
@dataclass(eq=False)
class Pack:
    name: str
    folders: list[Path]
    meta: dict[str, Any]
    # Each folder's files as read: {folder: {"cues": {...}, ...}}, checked against the schema.
    contents: dict[Path, dict[str, dict[str, Any]]] = field(default_factory=dict)
    _tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    # What hodo.packs.views built from this pack, built once: one cache, keyed by the pack.
    _views: dict[Any, Any] = field(default_factory=dict)

    def table(self, name: str) -> dict[str, Any]:
        """The merged contents of ``<name>.toml`` across this pack and what it extends."""
        if name not in self._tables:
            merged: dict[str, Any] = {}
            for folder in self.folders:
                found = self.contents.get(folder, {}).get(name)
                if found is not None:
                    _merge(merged, copy.deepcopy(found))
            self._tables[name] = merged
        return self._tables[name]

    def file(self, name: str) -> Path | None:
        """The last pack folder's copy of a non-TOML data file (a gazetteer, say)."""
        for folder in reversed(self.folders):
            if (folder / name).exists():
                return folder / name
        return None

    def cached(self, key: Any, build: Callable[[], T]) -> T:
        """``build()``, once per pack and key: where everything derived from a pack is kept."""
        if key not in self._views:
            self._views[key] = build()
        return self._views[key]


T = TypeVar("T")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{path}: {exc}") from exc
    except OSError as exc:
        raise PackError(f"{path}: {exc.strerror or exc}") from exc


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    """Lists concatenate, tables merge key by key, scalars are replaced."""
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(into.get(key), list):
            into[key] = into[key] + value
        elif isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


# Installed packs announce themselves here: pip install hodo-pack-… makes --pack NAME work.
ENTRY_POINT_GROUP = "hodo.packs"


def _entry_points() -> dict[str, importlib.metadata.EntryPoint]:
    return {ep.name: ep for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)}


def _entry_point_folder(entry: importlib.metadata.EntryPoint) -> Path:
    """The folder an entry point names: a package holding pack.toml, a path, or a callable giving one."""
    where = f"pack {entry.name!r} (entry point {entry.value!r} of {ENTRY_POINT_GROUP})"
    try:
        target = entry.load()
        if callable(target):
            target = target()
    except Exception as exc:  # a broken plug-in is that pack's error, not hodo's crash
        raise PackError(f"{where}: cannot be loaded: {exc}") from exc
    if isinstance(target, types.ModuleType):
        if getattr(target, "__file__", None) is None:
            raise PackError(f"{where}: {target.__name__} is not a package with files")
        folder = Path(target.__file__).parent
    elif isinstance(target, str | os.PathLike):
        folder = Path(target)
    else:
        raise PackError(f"{where}: names {type(target).__name__}, not a package or a folder")
    if not (folder / "pack.toml").exists():
        raise PackError(f"{where}: {folder} holds no pack.toml")
    return folder


def available_packs() -> list[str]:
    """The names --pack knows: the bundled packs and the installed ones (entry points)."""
    bundled = [p.parent.name for p in sorted(PACKS_DIR.glob("*/pack.toml"))]
    return bundled + sorted(set(_entry_points()) - set(bundled))


def _resolve(name_or_path: str) -> Path:
    """A pack's folder: a path, a bundled pack's name, or an installed pack's (entry point) name."""
    candidate = Path(name_or_path)
    if candidate.is_dir() and (candidate / "pack.toml").exists():
        return candidate
    folder = PACKS_DIR / name_or_path
    if (folder / "pack.toml").exists():
        return folder
    entry = _entry_points().get(name_or_path)
    if entry is not None:
        return _entry_point_folder(entry)
    raise PackError(
        f"no domain pack named {name_or_path!r} (known: {', '.join(available_packs())}; or give a pack's folder)"
    )


def _folders(folder: Path, seen: tuple[Path, ...] = ()) -> list[Path]:
    if folder in seen:
        raise PackError(f"{folder}: packs extend each other in a cycle")
    meta = _read_toml(folder / "pack.toml")
    extends = meta.get("extends", [])
    if not isinstance(extends, list) or not all(isinstance(e, str) for e in extends):
        raise PackError(f"{folder / 'pack.toml'}: extends: expected a list of pack names")
    ordered: list[Path] = []
    for parent in extends:
        for path in _folders(_resolve(parent), (*seen, folder)):
            if path not in ordered:
                ordered.append(path)
    ordered.append(folder)
    return ordered


def _read_folder(folder: Path) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """A pack folder's TOML files by name, and every problem the schema finds in them."""
    contents: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            contents[path.stem] = _read_toml(path)
        except PackError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(f"{path}: {problem}" for problem in check_file(path.stem, contents[path.stem]))
    return contents, problems


@cache
def load_pack(name_or_path: str = DEFAULT_PACK) -> Pack:
    """Load a pack by name (a folder of this package) or by path, checking every file of it.

    Every file of the pack and of what it extends is read and checked against
    the schema (hodo.packs.schema), every pattern compiled: a pack that loads
    will not fail on a document for its data.
    """
    folder = _resolve(name_or_path)
    folders = _folders(folder)
    contents: dict[Path, dict[str, dict[str, Any]]] = {}
    problems: list[str] = []
    for each in folders:
        contents[each], found = _read_folder(each)
        problems.extend(found)
    if problems:
        raise PackError(problems)
    meta = contents[folder]["pack"]
    return Pack(name=meta.get("name", folder.name), folders=folders, meta=meta, contents=contents)


def summarize(pack: Pack) -> list[dict[str, Any]]:
    """What a pack holds with what it extends, per file and top-level key.

    One row per key: ``{"file": "actors.toml", "key": "country", "counts": {"countries": 45, "words": 310}}``.
    """
    rows = []
    for name in FILES:
        if name == "pack":
            continue
        for key, counts in tally(name, pack.table(name)).items():
            rows.append({"file": f"{name}.toml", "key": key, "counts": counts})
    return rows


NEVER = re.compile(r"(?!)")


def any_of(patterns: list[str] | tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    """One regular expression matching any of a pack's patterns (never matching for none)."""
    if not patterns:
        return NEVER
    return re.compile(alternation(patterns), flags)
