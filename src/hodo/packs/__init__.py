"""Domain packs: the knowledge hodo extracts with, kept as data files.

A pack is a folder of TOML files under ``src/hodo/packs/<name>/`` (or any
folder a user points to). ``pack.toml`` names it and may ``extends`` other
packs: the Russia–Ukraine pack extends ``ja_news``, which holds what any
Japanese news pack needs (speech verbs, hedges, counters, boilerplate). Tables
of the same file name are merged, the extending pack's entries last, so a pack
can add to or override what it extends. See docs/packs.md.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

PACKS_DIR = Path(__file__).parent
DEFAULT_PACK = "russia_ukraine"


class PackError(ValueError):
    """A pack that cannot be loaded: missing folder, bad TOML, a cycle."""


# Compared and hashed by identity: packs are loaded once and used as cache keys.
@dataclass(eq=False)
class Pack:
    name: str
    folders: list[Path]
    meta: dict[str, Any]
    _tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    def table(self, name: str) -> dict[str, Any]:
        """The merged contents of ``<name>.toml`` across this pack and what it extends."""
        if name not in self._tables:
            merged: dict[str, Any] = {}
            for folder in self.folders:
                path = folder / f"{name}.toml"
                if path.exists():
                    _merge(merged, _read_toml(path))
            self._tables[name] = merged
        return self._tables[name]

    def file(self, name: str) -> Path | None:
        """The last pack folder's copy of a non-TOML data file (a gazetteer, say)."""
        for folder in reversed(self.folders):
            if (folder / name).exists():
                return folder / name
        return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{path}: {exc}") from exc


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    """Lists concatenate, tables merge key by key, scalars are replaced."""
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(into.get(key), list):
            into[key] = into[key] + value
        elif isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _resolve(name_or_path: str) -> Path:
    candidate = Path(name_or_path)
    if candidate.is_dir() and (candidate / "pack.toml").exists():
        return candidate
    folder = PACKS_DIR / name_or_path
    if (folder / "pack.toml").exists():
        return folder
    raise PackError(f"no domain pack named {name_or_path!r} (looked in {PACKS_DIR} and the path itself)")


def _folders(folder: Path, seen: tuple[Path, ...] = ()) -> list[Path]:
    if folder in seen:
        raise PackError(f"{folder}: packs extend each other in a cycle")
    meta = _read_toml(folder / "pack.toml")
    ordered: list[Path] = []
    for parent in meta.get("extends", []):
        for path in _folders(_resolve(parent), (*seen, folder)):
            if path not in ordered:
                ordered.append(path)
    ordered.append(folder)
    return ordered


@cache
def load_pack(name_or_path: str = DEFAULT_PACK) -> Pack:
    """Load a pack by name (a folder of this package) or by path."""
    folder = _resolve(name_or_path)
    meta = _read_toml(folder / "pack.toml")
    return Pack(name=meta.get("name", folder.name), folders=_folders(folder), meta=meta)


NEVER = re.compile(r"(?!)")


def any_of(patterns: list[str] | tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    """One regular expression matching any of a pack's patterns (never matching for none)."""
    if not patterns:
        return NEVER
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
