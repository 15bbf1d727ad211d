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
from dataclasses import dataclass, field

from hodo.models import Outlet, Report
from hodo.packs import Pack
from hodo.packs.views import each, pack_field
from hodo.script import HEADING_CLOSE


@dataclass(frozen=True)
class OutletMarkers:
    id: str = pack_field("id")
    name: str = pack_field("name")
    block_end: re.Pattern[str] | None = pack_field("markers.block_end_re", none_if_empty=True)
    byline: re.Pattern[str] | None = pack_field("markers.byline_re", none_if_empty=True)
    attribution: re.Pattern[str] | None = pack_field("markers.attribution_re", none_if_empty=True)
    headline: re.Pattern[str] | None = pack_field("markers.headline_re", none_if_empty=True)
    bullets: tuple[str, ...] = pack_field("markers.bullet")
    outlet: Outlet = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "outlet", Outlet(self.id, self.name))


def outlet_markers(pack: Pack) -> tuple[OutletMarkers, ...]:
    return each(pack, OutletMarkers, "outlets:outlet")


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
            and candidate.headline.search(first_line + HEADING_CLOSE)
            and any(b.startswith(candidate.bullets) for b in bullets)
        ):
            return candidate.outlet
    return None
