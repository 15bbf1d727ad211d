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

from hodo.link.kana import skeleton, vowel_key


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
    def __init__(self, path: Path) -> None:
        self._path = path
        self._by_key: dict[str, list[GazetteerPlace]] | None = None

    def _load(self) -> dict[str, list[GazetteerPlace]]:
        if self._by_key is None:
            by_key: dict[str, list[GazetteerPlace]] = {}
            with gzip.open(self._path, "rt", encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("#"):
                        continue
                    key, name, native, oblast, country, lat, lon = line.rstrip("\n").split("\t")
                    place = GazetteerPlace(name, native, oblast, country, float(lat), float(lon))
                    by_key.setdefault(key, []).append(place)
            self._by_key = by_key
        return self._by_key

    def find(self, name: str, oblast: str | None = None) -> GazetteerHit | None:
        """The likeliest settlement for a (katakana) name, preferring ``oblast``.

        Confidence: one exact-skeleton match in the named oblast 0.9, several
        0.8; with no oblast named, one match 0.75, several 0.6 (a guess); a fuzzy
        skeleton match at most 0.65.
        """
        by_key = self._load()
        key = skeleton(name)
        if len(key) < 2:
            return None
        exact = by_key.get(key, [])
        if exact:
            local = [p for p in exact if oblast and p.oblast == oblast]
            pool = local or exact
            best = max(pool, key=lambda p: fuzz.ratio(vowel_key(name), vowel_key(p.native)))
            if local:
                return GazetteerHit(best, 0.9 if len(local) == 1 else 0.8)
            distinct = {(p.native, p.oblast) for p in exact}
            return GazetteerHit(best, 0.75 if len(distinct) == 1 else 0.6)
        if len(key) < 4:
            return None
        keys = list(by_key)
        if oblast:
            keys = [k for k in keys if any(p.oblast == oblast for p in by_key[k])]
        found = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=85)
        if found is None:
            return None
        candidates = by_key[found[0]]
        best = next((p for p in candidates if oblast and p.oblast == oblast), candidates[0])
        return GazetteerHit(best, round(0.5 + (found[1] - 85) / 100, 3))
