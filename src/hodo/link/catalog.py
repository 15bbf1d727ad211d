"""The entities of a pack and every surface form that names them.

Reads ``actors.toml``, ``places.toml``, ``weapons.toml`` and ``outlets.toml``
(see docs/packs.md) into plain records, and spells out the generated forms:
a body's local name with each way of writing its country (露国防省,
ロシア国防省, ロシアの国防省 from local = ["国防省"]), a city's name with 市.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hodo.link.kana import NO_FOLDS, Folds, folds_for, has_katakana
from hodo.packs import Pack


@dataclass(frozen=True)
class EntitySpec:
    id: str
    name: str
    kind: str
    side: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_type: str | None = None
    parent: str | None = None


@dataclass(frozen=True)
class Surface:
    """One way of writing an entity. ``form``: name, abbr (one-kanji country), titled (needs a title)."""

    text: str
    entity: int
    form: str = "name"


@dataclass(frozen=True)
class OutletSpec:
    id: str
    name: str
    aliases: tuple[str, ...]
    markers: dict[str, tuple[str, ...]]
    country: str | None = None
    kind: str | None = None


@dataclass
class Catalog:
    entities: list[EntitySpec] = field(default_factory=list)
    surfaces: list[Surface] = field(default_factory=list)
    # English and other link-only names (never searched for in text).
    link_only: list[Surface] = field(default_factory=list)
    outlets: list[OutletSpec] = field(default_factory=list)
    titles: tuple[str, ...] = ()
    honorifics: tuple[str, ...] = ()
    abbr_before: tuple[str, ...] = ()
    abbr_after: tuple[str, ...] = ()
    linking: dict[str, Any] = field(default_factory=dict)
    # How names fold across scripts (actors.toml [transliteration]).
    folds: Folds = NO_FOLDS
    # ロシアの国防省: what may join a country's name and a body's local name.
    local_joiners: tuple[str, ...] = ()
    # スムイ州のコンドラトフカ村: what may stand between an oblast and a place in it.
    place_joiners: tuple[str, ...] = ()
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)


def _country(entity_id: str) -> str:
    return entity_id.split(".", 1)[0]


def build_catalog(pack: Pack) -> Catalog:
    actors, places = pack.table("actors"), pack.table("places")
    weapons, outlets = pack.table("weapons"), pack.table("outlets")
    forms = actors.get("forms", {})
    cat = Catalog(
        titles=tuple(actors.get("titles", [])),
        honorifics=tuple(actors.get("honorifics", [])),
        abbr_before=tuple(actors.get("abbreviation_context", {}).get("before", [])),
        abbr_after=tuple(actors.get("abbreviation_context", {}).get("after", [])),
        linking=dict(actors.get("linking", {})),
        folds=folds_for(pack),
        local_joiners=tuple(forms.get("local_joiners", [])),
        place_joiners=tuple(forms.get("place_joiners", [])),
    )
    side_suffixes = tuple(forms.get("side_suffixes", []))
    city_suffixes = tuple(forms.get("city_suffixes", []))
    sides = {c["id"]: c.get("side", "other") for c in actors.get("country", [])}
    country_forms: dict[str, list[str]] = {}
    owner: dict[str, str] = {}

    def add(spec: EntitySpec, row: dict[str, Any], extra: list[tuple[str, str]] = ()) -> None:
        index = len(cat.entities)
        cat.entities.append(spec)
        forms = [(text, "name") for text in row.get("ja", [])]
        forms += [(text, "titled") for text in row.get("ja_titled", [])]
        forms += [(text, "abbr") for text in row.get("abbr", [])]
        forms += list(extra)
        for text, form in forms:
            if owner.setdefault(text, spec.id) != spec.id:
                cat.conflicts.append((text, owner[text], spec.id))
                continue
            cat.surfaces.append(Surface(text, index, form))
        for text in [*row.get("en", []), spec.name, spec.id]:
            cat.link_only.append(Surface(text, index))

    for row in actors.get("country", []):
        country_forms[row["id"]] = [*row.get("ja", []), *row.get("abbr", [])]
        add(EntitySpec(row["id"], row["name"], "country", row.get("side", "other")), row)
    for kind in ("organization", "armed_force", "person"):
        for row in actors.get(kind, []):
            country = _country(row["id"])
            side = row.get("side") or sides.get(country, "other")
            extra: list[tuple[str, str]] = []
            for local in row.get("local", []):
                # ロシア側 is a way to write the country, not a prefix of bodies.
                for prefix in (f for f in country_forms.get(country, []) if not f.endswith(side_suffixes)):
                    extra.append((prefix + local, "name"))
                    if len(prefix) > 1:
                        extra.extend((prefix + joiner + local, "name") for joiner in cat.local_joiners)
            add(EntitySpec(row["id"], row["name"], kind, side), row, extra)
    for row in places.get("place", []):
        country = _country(row["id"]) if "." in row["id"] else None
        spec = EntitySpec(
            row["id"], row["name"], "place", side=sides.get(country) and country,
            lat=row.get("lat"), lon=row.get("lon"), place_type=row.get("type"), parent=row.get("parent"),
        )
        extra = []
        if row.get("type") == "city":
            extra = [
                (text + suffix, "name")
                for text in row.get("ja", [])
                if has_katakana(text[-1])
                for suffix in city_suffixes
            ]
        add(spec, row, extra)
    for row in weapons.get("weapon", []):
        add(EntitySpec(row["id"], row["name"], "weapon"), row)
    for row in outlets.get("outlet", []):
        markers = {kind: tuple(values) for kind, values in row.get("markers", {}).items()}
        aliases = tuple(dict.fromkeys([*row.get("ja", []), *row.get("en", [])]))
        cat.outlets.append(OutletSpec(row["id"], row["name"], aliases, markers, row.get("country"), row.get("kind")))
        side = sides.get(row.get("country", ""), "other")
        add(EntitySpec(row["id"], row["name"], "organization", side), row)
    return cat
