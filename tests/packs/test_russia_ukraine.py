"""The Russia–Ukraine pack's data files: well-formed, consistent, small."""

from __future__ import annotations

import gzip
import re

from hodo.link.catalog import build_catalog
from hodo.models import ENTITY_KINDS
from hodo.packs import load_pack

ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


def test_entities_have_ids_names_kinds_and_sides() -> None:
    pack = load_pack("russia_ukraine")
    catalog = build_catalog(pack)
    ids = [spec.id for spec in catalog.entities]
    assert len(ids) == len(set(ids))
    assert catalog.conflicts == []
    for spec in catalog.entities:
        assert ID.match(spec.id) and spec.name and spec.kind in ENTITY_KINDS, spec
        if spec.kind in ("person", "armed_force", "country"):
            assert spec.side in pack.meta["sides"], spec


def test_places_have_parents_and_plausible_coordinates() -> None:
    catalog = build_catalog(load_pack("russia_ukraine"))
    ids = {spec.id for spec in catalog.entities}
    for spec in catalog.entities:
        if spec.kind != "place":
            continue
        assert spec.parent is None or spec.parent in ids, spec
        if spec.lat is not None:
            assert -90 <= spec.lat <= 90 and -180 <= spec.lon <= 180, spec


def test_every_ukrainian_oblast_is_there() -> None:
    places = load_pack("russia_ukraine").table("places")["place"]
    oblasts = {p["id"] for p in places if p["id"].startswith("ua.") and p["type"] == "oblast"}
    assert len(oblasts) == 25  # 24 oblasts and Crimea


def test_outlet_markers_are_valid_regexes() -> None:
    for outlet in load_pack("russia_ukraine").table("outlets")["outlet"]:
        for kind, values in outlet.get("markers", {}).items():
            assert isinstance(values, list)
            if kind.endswith("_re"):
                for value in values:
                    re.compile(value)


def test_gazetteer_is_small_and_attributed() -> None:
    path = load_pack("russia_ukraine").file("gazetteer.tsv.gz")
    assert path is not None and path.stat().st_size < 2_000_000
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        first = handle.readline()
        row = handle.readline().rstrip("\n").split("\t")
    assert first.startswith("#") and "GeoNames" in first and "CC BY 4.0" in first
    assert len(row) == 7
