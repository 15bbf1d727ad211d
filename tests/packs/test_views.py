"""Typed views of a pack: one declarative loader, one cache per pack."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from hodo.extract.claim_types import type_rules
from hodo.extract.stance import stance_cues
from hodo.packs import NEVER, load_pack
from hodo.packs.views import AS_SET, AS_STRINGS, LONGEST_FIRST, each, pack_field, view
from hodo.segment.outlets import outlet_markers


@dataclass(frozen=True)
class _Probe:
    denial: re.Pattern[str] = pack_field("cues:polarity.denial")
    denial_strings: tuple[str, ...] = pack_field("cues:polarity.denial", shape=AS_STRINGS)
    openers: tuple[str, ...] = pack_field("cues:attribution.continuation_openers", shape=LONGEST_FIRST)
    tails: frozenset[str] = pack_field("cues:attribution.heading_tails", shape=AS_SET)
    tail_chars: int = pack_field("cues:attribution.tail_chars")
    missing: re.Pattern[str] = pack_field("layout:news_lead")
    missing_or_none: re.Pattern[str] | None = pack_field("layout:dateline", none_if_empty=True)
    count: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "count", len(self.denial_strings))


def test_fields_are_read_by_their_kind_and_defaults_come_from_the_schema(make_pack) -> None:
    cues = "[polarity]\ndenial = ['否定し', 'ではない']\n[attribution]\ncontinuation_openers = ['また', 'そのうえで']\n"
    pack = load_pack(str(make_pack("small", {"cues.toml": cues}, extends=None)))
    probe = view(pack, _Probe)
    assert probe.denial.pattern == "(?:否定し)|(?:ではない)"
    assert probe.denial_strings == ("否定し", "ではない") and probe.count == 2
    assert probe.openers == ("そのうえで", "また")
    assert probe.tails == frozenset() and probe.tail_chars == 40  # the schema's default
    assert probe.missing is NEVER and probe.missing_or_none is None


def test_a_view_is_built_once_per_pack() -> None:
    pack = load_pack("russia_ukraine")
    assert stance_cues(pack) is stance_cues(pack)
    assert type_rules(pack) is type_rules(pack)
    assert view(pack, _Probe) is view(pack, _Probe)
    assert stance_cues(load_pack("ja_news")) is not stance_cues(pack)


def test_entry_views_read_inside_each_entry() -> None:
    pack = load_pack("russia_ukraine")
    outlets = pack.table("outlets")["outlet"]
    markers = outlet_markers(pack)
    assert [m.outlet.id for m in markers] == [o["id"] for o in outlets]
    bloomberg = next(m for m in markers if m.id == "bloomberg")
    assert bloomberg.block_end is not None and bloomberg.block_end.flags & re.MULTILINE
    assert bloomberg.byline is None
    rules = {rule.name: rule for rule in type_rules(pack)}
    assert rules["agreement"].subject_names[0] == "捕虜交換" and rules["strike"].subjects is None
    assert rules["diplomacy"].quantity_kinds == {"count", "duration", "ordinal"}


def test_a_field_must_name_its_key() -> None:
    @dataclass(frozen=True)
    class Unnamed:
        loose: int = 3

    @dataclass(frozen=True)
    class Relative:
        name: str = pack_field("name")

    pack = load_pack("ja_news")
    with pytest.raises(TypeError, match="names no pack key"):
        view(pack, Unnamed)
    with pytest.raises(TypeError, match="is relative"):
        view(pack, Relative)
    assert each(pack, Relative, "triggers:type") == ()
