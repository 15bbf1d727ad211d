"""Which outlet a report comes from, by the markers its outlet leaves (outlets.toml).

A report is credited to an outlet only on a marker of its own layout: the
line that closes it (Bloomberg's 原題…(抜粋)), a byline or dateline
(【モスクワ共同】, Posted by … on), the attribution line after a quoted post,
or a 【headline】 over bullets of the outlet's kind (Sputnik's 🔸 digests).
Register (です/ます) and names mentioned in passing are left to the extractor:
they say too little about who published the block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from hodo.models import Outlet, Report
from hodo.packs import Pack, any_of


@dataclass(frozen=True)
class OutletMarkers:
    outlet: Outlet
    block_end: re.Pattern[str] | None
    byline: re.Pattern[str] | None
    attribution: re.Pattern[str] | None
    headline: re.Pattern[str] | None
    bullets: tuple[str, ...]


def _compiled(patterns: list[str] | tuple[str, ...]) -> re.Pattern[str] | None:
    return any_of(patterns, re.MULTILINE) if patterns else None


@cache
def outlet_markers(pack: Pack) -> tuple[OutletMarkers, ...]:
    found = []
    for spec in pack.table("outlets").get("outlet", []):
        markers = spec.get("markers") or {}
        found.append(
            OutletMarkers(
                outlet=Outlet(spec["id"], spec["name"]),
                block_end=_compiled(markers.get("block_end_re", [])),
                byline=_compiled(markers.get("byline_re", [])),
                attribution=_compiled(markers.get("attribution_re", [])),
                headline=_compiled(markers.get("headline_re", [])),
                bullets=tuple(markers.get("bullet", [])),
            )
        )
    return tuple(found)


def outlet_of(text: str, report: Report, markers: tuple[OutletMarkers, ...]) -> Outlet | None:
    block = text[report.start : report.end]
    first_line = block.split("\n", 1)[0]
    last_line = block.rstrip().rsplit("\n", 1)[-1]
    bullets = [s.text for s in report.sentences if s.is_bullet]
    for candidate in markers:
        if candidate.block_end is not None and candidate.block_end.search(last_line):
            return candidate.outlet
        if candidate.byline is not None and candidate.byline.search(block):
            return candidate.outlet
        if (
            report.attribution
            and candidate.attribution is not None
            and candidate.attribution.search(last_line)
        ):
            return candidate.outlet
        if (
            candidate.headline is not None
            and candidate.bullets
            and candidate.headline.search(first_line + "】")
            and any(b.startswith(candidate.bullets) for b in bullets)
        ):
            return candidate.outlet
    return None
