"""Settlements the pack does not name, matched by sound against GeoNames.

The gazetteer (a pack's ``gazetteer.tsv.gz``, built by
scripts/build_gazetteer.py) is read on first use only: most documents name
only known places, and start-up must stay fast.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from hodo.link.kana import Folds, skeleton, vowel_key


@dataclass(frozen=True)
class GazetteerPlace:
    name: str
    native: str
    oblast: str
    country: str
    lat: float
    lon: float


@dataclass(frozen=True)
class GazetteerHit:
    place: GazetteerPlace
    confidence: float


class Gazetteer:
    def __init__(self, path: Path, folds: Folds) -> None:
        self._path = path
        # The folds the file's keys were built with (scripts/build_gazetteer.py).
        self._folds = folds
        # Rows stay text until a lookup hits them: parsing 28,000 places up front
        # would cost more than all the lookups of a typical run.
        self._by_key: dict[str, list[str]] | None = None
        self._keys_by_oblast: dict[str, list[str]] = {}

    def _load(self) -> dict[str, list[str]]:
        if self._by_key is None:
            by_key: dict[str, list[str]] = {}
            with gzip.open(self._path, "rt", encoding="utf-8") as handle:
                for line in handle.read().splitlines():
                    if line and not line.startswith("#"):
                        key, _, row = line.partition("\t")
                        by_key.setdefault(key, []).append(row)
            self._by_key = by_key
        return self._by_key

    def _places(self, key: str) -> list[GazetteerPlace]:
        places = []
        for row in self._load().get(key, ()):
            name, native, oblast, country, lat, lon = row.split("\t")
            places.append(GazetteerPlace(name, native, oblast, country, float(lat), float(lon)))
        return places

    def _keys_in(self, oblast: str) -> list[str]:
        if oblast not in self._keys_by_oblast:
            marker = f"\t{oblast}\t"
            self._keys_by_oblast[oblast] = [
                key for key, rows in self._load().items() if any(marker in row for row in rows)
            ]
        return self._keys_by_oblast[oblast]

    def find(self, name: str, oblast: str | None = None) -> GazetteerHit | None:
        """The likeliest settlement for a (katakana) name, preferring ``oblast``.

        Confidence: one exact-skeleton match in the named oblast 0.9, several
        0.8; with no oblast named, one match 0.75, several 0.6 (a guess); a fuzzy
        skeleton match at most 0.65.
        """
        key = skeleton(name, self._folds)
        if len(key) < 2:
            return None
        exact = self._places(key)
        if exact:
            local = [p for p in exact if oblast and p.oblast == oblast]
            pool = local or exact
            best = max(pool, key=lambda p: fuzz.ratio(vowel_key(name, self._folds), vowel_key(p.native, self._folds)))
            if local:
                return GazetteerHit(best, 0.9 if len(local) == 1 else 0.8)
            distinct = {(p.native, p.oblast) for p in exact}
            return GazetteerHit(best, 0.75 if len(distinct) == 1 else 0.6)
        if len(key) < 4:
            return None
        keys = self._keys_in(oblast) if oblast else list(self._load())
        found = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=85)
        if found is None:
            return None
        candidates = self._places(found[0])
        best = next((p for p in candidates if oblast and p.oblast == oblast), candidates[0])
        return GazetteerHit(best, round(0.5 + (found[1] - 85) / 100, 3))
