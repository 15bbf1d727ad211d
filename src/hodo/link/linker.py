"""Find and link every entity a document names, in one pass over its text.

Known names go through one Aho-Corasick automaton (pyahocorasick), longest
match first. Katakana runs that no known name covers are looked up by their
folded spelling (kana.variant_key); before a title they are people, before
州/村/市… places, which the gazetteer may place on the map. A guess carries a
confidence below 1; under the pack's ``min_confidence`` it is not linked.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

import ahocorasick
from rapidfuzz import fuzz, process

from hodo.link.catalog import Catalog, EntitySpec, OutletSpec, Surface, build_catalog
from hodo.link.gazetteer import Gazetteer
from hodo.link.kana import folds_for, has_katakana, variant_key
from hodo.models import Entity, MentionMethod
from hodo.packs import Pack
from hodo.script import FULL_STOP

_KATA = r"\u30a1-\u30fa\u30fc"
_KATA_CHAR = re.compile(f"[{_KATA}]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_KATA_RUN = re.compile(rf"[{_KATA}]+(?:[\u30fb=][{_KATA}]+)*")
_GIVEN_NAME = re.compile(rf"[{_KATA}]{{2,}}[\u30fb=]$")


# The same katakana words recur through a document and an archive.
_cached_variant_key = lru_cache(maxsize=65536)(variant_key)


# Characters read at once by Linker.mentions (see there).
MENTION_PART = 50_000
# Distinct (entity, surface form) pairs kept for reuse.
_ENTITY_CACHE = 100_000


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    entity: Entity
    method: MentionMethod


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class Linker:
    def __init__(self, catalog: Catalog, gazetteer: Gazetteer | None) -> None:
        self._cat = catalog
        self._gazetteer = gazetteer
        self._entities: dict[tuple[int, str, float], Entity] = {}
        self._folds = catalog.folds
        self._by_id = {spec.id: i for i, spec in enumerate(catalog.entities)}
        linking = catalog.linking
        self._fuzzy_min = float(linking.get("fuzzy_min_score", 85))
        self._min_conf = float(linking.get("min_confidence", 0.6))

        self._auto = ahocorasick.Automaton()
        for i, surface in enumerate(catalog.surfaces):
            self._auto.add_word(surface.text, i)
        for i, surface in enumerate(catalog.link_only):
            # Short Latin names (US, AP, X) are too common in text; link() still knows them.
            if len(surface.text) > 2 and surface.text not in self._auto:
                self._auto.add_word(surface.text, len(catalog.surfaces) + i)
        self._auto.make_automaton()

        self._names_of_countries: dict[str, tuple[str, ...]] | None = None
        self._exact: dict[str, list[int]] = {}
        for surface in [*catalog.surfaces, *catalog.link_only]:
            bucket = self._exact.setdefault(surface.text.lower(), [])
            if surface.entity not in bucket:
                bucket.append(surface.entity)
        self._variants: dict[str, int] = {}
        for surface in catalog.surfaces:
            if has_katakana(surface.text):
                self._variants.setdefault(variant_key(surface.text, self._folds), surface.entity)
        self._variant_keys = list(self._variants)
        self._titled_only = frozenset(s.text for s in catalog.surfaces if s.form == "titled")

        abbrs = [s.text for s in catalog.surfaces if s.form == "abbr"]
        self._abbrs = frozenset(abbrs)
        self._abbr_side = {
            s.text: catalog.entities[s.entity].side for s in catalog.surfaces if s.form == "abbr"
        }
        titles = _alternation(catalog.titles)
        honorifics = _alternation(catalog.honorifics)
        self._title_re = re.compile(
            f"(?:(?:{_alternation(abbrs)})(?=(?:{titles})))?(?:{titles})?(?:{honorifics})?"
        )
        self._strip_re = re.compile(
            f"^(?:(?:{_alternation([s.text for s in catalog.surfaces if catalog.entities[s.entity].kind == 'country'])})"
            f"(?:{_alternation(catalog.local_joiners) or '(?!)'})?)?"
            f"(?P<core>.+?)(?:(?:{_alternation(abbrs)})?(?:{titles}))*(?:{honorifics})?$"
        )
        self._place_join = re.compile(f"(?:{_alternation(catalog.place_joiners) or '(?!)'}|\\s){{0,3}}$")
        self._abbr_after = re.compile(f"(?:{_alternation(catalog.abbr_after)})")
        self._abbr_before = frozenset(catalog.abbr_before)
        suffixes = linking.get("place_suffixes", [])
        not_before = linking.get("place_suffix_not_before", [])
        self._place_suffix = re.compile(
            f"(?:{_alternation(suffixes)})(?!{_alternation(not_before)})" if suffixes else r"(?!)"
        )

    @classmethod
    def for_pack(cls, pack: Pack) -> Linker:
        """The pack's linker, built once per pack."""

        def build() -> Linker:
            path = pack.file("gazetteer.tsv.gz")
            return cls(build_catalog(pack), Gazetteer(path, folds_for(pack)) if path else None)

        return pack.cached(cls, build)

    # ------------------------------------------------------------------ lookups

    def get(self, entity_id: str) -> Entity | None:
        index = self._by_id.get(entity_id)
        return None if index is None else self._entity(index, "")

    def link_in_country(self, surface: str, country_id: str) -> Entity | None:
        """A body named without its country (空軍, 国防省) as that country's one, if the pack has it."""
        for name in self._country_names().get(country_id, ()):
            linked = self.link(name + surface)
            if linked is not None:
                return linked
        return None

    def _country_names(self) -> dict[str, tuple[str, ...]]:
        if self._names_of_countries is None:
            names: dict[str, list[str]] = {}
            for s in self._cat.surfaces:
                spec = self._cat.entities[s.entity]
                if spec.kind == "country" and s.form == "name":
                    names.setdefault(spec.id, []).append(s.text)
            self._names_of_countries = {k: tuple(v[:1]) for k, v in names.items()}
        return self._names_of_countries

    def outlets(self) -> list[OutletSpec]:
        return list(self._cat.outlets)

    def link(self, surface: str, kind: str | None = None) -> Entity | None:
        """The entity a name (with or without titles) stands for, or None."""
        text = surface.strip()
        candidates = [text]
        match = self._strip_re.match(text)
        if match and match.group("core") != text:
            candidates.append(match.group("core"))
        place = self._place_suffix.search(text)
        has_suffix = bool(place and place.end() == len(text) and place.start() > 0)
        if place and has_suffix:
            candidates.append(text[: place.start()])
        for candidate in candidates:
            for index in self._exact.get(candidate.lower(), []):
                if kind is None or self._cat.entities[index].kind == kind:
                    # マスク alone is a mask more often than Musk.
                    bare = candidate == text and candidate in self._titled_only
                    return self._entity(index, surface, 0.7 if bare else 1.0)
        for candidate in candidates:
            index = self._variants.get(variant_key(candidate, self._folds)) if has_katakana(candidate) else None
            if index is not None and (kind is None or self._cat.entities[index].kind == kind):
                return self._entity(index, surface, 0.95)
        core = candidates[-1]
        fuzzy = self._fuzzy(core, kind)
        if fuzzy is not None:
            return self._entity(fuzzy[0], surface, fuzzy[1])
        if (kind == "place" or has_suffix) and has_katakana(core):
            hit = self._gazetteer_entity(core, surface, None)
            if hit is not None:
                return hit
        return None

    # ----------------------------------------------------------------- mentions

    def mentions(self, text: str) -> list[Mention]:
        """Every entity mention in ``text``: longest match, non-overlapping, by start.

        A long text is read in parts that end at a line break (no name spans
        one), so the matcher's working lists stay small however long the
        document is: only the mentions themselves grow with it.
        """
        if len(text) <= MENTION_PART:
            return self._mentions(text)
        found: list[Mention] = []
        start = 0
        while start < len(text):
            cut = text.find("\n", start + MENTION_PART)
            end = len(text) if cut < 0 else cut + 1
            found.extend(
                replace(m, start=m.start + start, end=m.end + start) if start else m
                for m in self._mentions(text[start:end])
            )
            start = end
        return found

    def _mentions(self, text: str) -> list[Mention]:
        n_surfaces = len(self._cat.surfaces)
        hits: list[tuple[int, int, Surface]] = []
        for end_index, value in self._auto.iter_long(text):
            surface = (
                self._cat.surfaces[value] if value < n_surfaces else self._cat.link_only[value - n_surfaces]
            )
            hits.append((end_index - len(surface.text) + 1, end_index + 1, surface))
        # Names written back to back (プーチントランプ) bound each other.
        starts = {start for start, _, _ in hits}
        ends = {end for _, end, _ in hits}
        raw = [
            (start, end, surface)
            for start, end, surface in hits
            if self._clean_edges(text, start, end, start in ends, end in starts)
        ]

        found: list[Mention] = []
        for i, (start, end, surface) in enumerate(raw):
            spec = self._cat.entities[surface.entity]
            if surface.form == "abbr" and not self._abbr_in_context(text, raw, i):
                continue
            if spec.kind == "person" or surface.form == "titled":
                title_end = self._title_re.match(text, end).end()
                if surface.form == "titled" and title_end == end:
                    continue
                given = _GIVEN_NAME.search(text, max(0, start - 12), start)
                if given is not None and not any(m.end > given.start() for m in found[-1:]):
                    start = given.start()
                end = title_end
            found.append(
                Mention(start, end, text[start:end], self._entity(surface.entity, text[start:end]), "alias")
            )
        found = self._drop_overlaps(found)
        found.extend(self._katakana_mentions(text, found))
        found.sort(key=lambda m: m.start)
        return self._drop_overlaps(found)

    # ---------------------------------------------------------------- internals

    def _entity(self, index: int, text: str, confidence: float = 1.0) -> Entity:
        # Entities are frozen: one object serves every mention written the same way, which
        # keeps a long document's hundreds of thousands of mentions small.
        key = (index, text, confidence)
        entity = self._entities.get(key)
        if entity is None:
            if len(self._entities) >= _ENTITY_CACHE:
                self._entities.clear()
            spec: EntitySpec = self._cat.entities[index]
            entity = Entity(spec.id, spec.name, spec.kind, text, spec.lat, spec.lon, spec.side, confidence)
            self._entities[key] = entity
        return entity

    @staticmethod
    def _clean_edges(text: str, start: int, end: int, name_before: bool, name_after: bool) -> bool:
        """A name must not be the inside of a longer katakana or Latin word (タスク ≠ タス)."""
        for pattern in (_KATA_CHAR, _ASCII_WORD):
            if (
                not name_before
                and pattern.match(text, start)
                and start > 0
                and pattern.match(text, start - 1)
            ):
                return False
            if (
                not name_after
                and pattern.match(text, end - 1)
                and end < len(text)
                and pattern.match(text, end)
            ):
                return False
        return True

    def _abbr_in_context(self, text: str, raw: list[tuple[int, int, Surface]], i: int) -> bool:
        start, end, _ = raw[i]
        if i > 0 and raw[i - 1][1] == start and raw[i - 1][2].form == "abbr":
            return True
        if i + 1 < len(raw) and raw[i + 1][0] == end and raw[i + 1][2].form == "abbr":
            return True
        if start > 0 and text[start - 1] in self._abbr_before:
            return True
        return self._abbr_after.match(text, end) is not None

    @staticmethod
    def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
        kept: list[Mention] = []
        for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
            if not kept or mention.start >= kept[-1].end:
                kept.append(mention)
        return kept

    def _katakana_mentions(self, text: str, known: list[Mention]) -> list[Mention]:
        starts = [m.start for m in known]
        extra: list[Mention] = []
        for run in _KATA_RUN.finditer(text):
            start, end = run.span()
            slot = bisect_right(starts, end - 1) - 1
            if slot >= 0 and known[slot].end > start:
                continue
            name = run.group()
            title_end = self._title_re.match(text, end).end()
            suffix = self._place_suffix.match(text, end)
            index = self._variants.get(_cached_variant_key(name, self._folds))
            if index is not None:
                span_end = title_end if self._cat.entities[index].kind == "person" else end
                extra.append(self._mention(text, start, span_end, index, "variant", 0.95))
            elif title_end > end:
                extra.append(self._person(text, start, end, title_end))
            elif suffix is not None:
                extra.append(self._place(text, start, suffix.end(), name, known))
        return extra

    def _mention(
        self, text: str, start: int, end: int, index: int, method: MentionMethod, confidence: float
    ) -> Mention:
        return Mention(start, end, text[start:end], self._entity(index, text[start:end], confidence), method)

    def _person(self, text: str, start: int, end: int, title_end: int) -> Mention:
        surface = text[start:title_end]
        fuzzy = self._fuzzy(text[start:end], "person")
        if fuzzy is not None:
            return self._mention(text, start, title_end, fuzzy[0], "fuzzy", fuzzy[1])
        prefix = self._title_re.match(text, end).group()
        side = next((self._abbr_side[a] for a in self._abbrs if prefix.startswith(a)), None)
        return Mention(
            start, title_end, surface, Entity(None, text[start:end], "person", surface, side=side), "unlinked"
        )

    def _place(self, text: str, start: int, end: int, name: str, known: list[Mention]) -> Mention:
        surface = text[start:end]
        oblast = self._oblast_before(text, start, known)
        entity = self._gazetteer_entity(name, surface, oblast)
        if entity is not None:
            return Mention(start, end, surface, entity, "gazetteer")
        return Mention(start, end, surface, Entity(None, surface, "place", surface), "unlinked")

    def _oblast_before(self, text: str, start: int, known: list[Mention]) -> str | None:
        """The oblast named just before (スムイ州のコンドラトフカ村), if any.

        ``known`` is sorted and free of overlaps, so its ends are sorted too: the
        search starts at the last mention ending before ``start``, not at the
        document's end (which made long documents quadratic).
        """
        for i in range(bisect_right(known, start, key=lambda m: m.end) - 1, -1, -1):
            mention = known[i]
            if start - mention.end > 12 or FULL_STOP in text[mention.end : start]:
                return None
            if mention.entity.kind != "place" or mention.entity.id is None:
                continue
            if not self._place_join.search(text, mention.end, start) and start - mention.end > 3:
                return None
            spec = self._cat.entities[self._by_id[mention.entity.id]]
            return spec.id if spec.place_type == "oblast" else spec.parent
        return None

    def _gazetteer_entity(self, name: str, surface: str, oblast: str | None) -> Entity | None:
        if self._gazetteer is None:
            return None
        hit = self._gazetteer.find(name, oblast)
        if hit is None or hit.confidence < self._min_conf:
            return None
        place = hit.place
        slug = re.sub(r"[^a-z0-9]+", "_", place.name.lower()).strip("_")
        entity_id = f"{place.oblast or place.country}.{slug}"
        return Entity(
            entity_id, place.name, "place", surface, place.lat, place.lon, place.country, hit.confidence
        )

    def _fuzzy(self, name: str, kind: str | None) -> tuple[int, float] | None:
        if not has_katakana(name):
            return None
        found = process.extractOne(
            variant_key(name, self._folds), self._variant_keys, scorer=fuzz.ratio, score_cutoff=self._fuzzy_min
        )
        if found is None:
            return None
        index = self._variants[found[0]]
        if kind is not None and self._cat.entities[index].kind != kind:
            return None
        confidence = 0.5 + 0.4 * (found[1] - self._fuzzy_min) / (100 - self._fuzzy_min)
        return (index, round(confidence, 3)) if confidence >= self._min_conf else None
