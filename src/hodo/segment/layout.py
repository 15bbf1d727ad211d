"""Line roles of a post, from the layout patterns of the domain pack.

A post is read line by line: each line gets one role (blank, boilerplate,
heading, bullet, paragraph, report end, attribution) from the regular
expressions in the pack's ``layout.toml``, so new site furniture or a new
outlet's style is a data change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from hodo.packs import Pack
from hodo.packs.views import pack_field, view


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str
    role: str
    who: str | None = None


@dataclass(frozen=True)
class Layout:
    source_line: re.Pattern[str] = pack_field("layout:source_line")
    comment_line: re.Pattern[str] = pack_field("layout:comment_line")
    boilerplate: re.Pattern[str] = pack_field("layout:boilerplate")
    inline_boilerplate: re.Pattern[str] = pack_field("layout:inline_boilerplate")
    caption: re.Pattern[str] = pack_field("layout:caption")
    report_end: re.Pattern[str] = pack_field("layout:report_end")
    attribution_line: re.Pattern[str] = pack_field("layout:attribution_line")
    bullet: re.Pattern[str] = pack_field("layout:bullet")
    heading_open: re.Pattern[str] = pack_field("layout:heading_open")
    heading_close: re.Pattern[str] = pack_field("layout:heading_close")
    byline_close: re.Pattern[str] = pack_field("layout:byline_close")
    sentence_final: re.Pattern[str] = pack_field("layout:sentence_final")
    sentence_end: re.Pattern[str] = pack_field("layout:sentence_end")
    heading_attribution: re.Pattern[str] = pack_field("layout:heading_attribution")
    indented_paragraph: re.Pattern[str] = pack_field("layout:indented_paragraph")
    news_lead: re.Pattern[str] = pack_field("layout:news_lead")
    dateline: re.Pattern[str] = pack_field("layout:dateline")
    hands_over: re.Pattern[str] = pack_field("layout:hands_over")
    polite_register: re.Pattern[str] = pack_field("layout:polite_register")
    short_heading_max: int = pack_field("layout:short_heading_max")
    title_max: int = pack_field("layout:title_max")
    prose_opening: re.Pattern[str] = pack_field("layout:prose_opening")
    brackets: tuple[str, ...] = pack_field("layout:brackets")


def layout_for(pack: Pack) -> Layout:
    return view(pack, Layout)


_LINE = re.compile(r"[^\n]*")


def classify_lines(text: str, layout: Layout) -> list[Line]:
    """Every non-empty line of ``text`` with its role; offsets are into ``text``."""
    lines: list[Line] = []
    for match in _LINE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        lines.append(_classify(stripped, start, end, raw, layout))
    if len(lines) > 1 and lines[0].role == "paragraph" and _is_title(lines[0].text, layout):
        lines[0] = replace(lines[0], role="heading")
    return lines


def _is_title(line: str, layout: Layout) -> bool:
    """A first line with no sentence end inside, short enough for a title, and not opening like prose."""
    return (
        len(line) <= layout.title_max
        and not layout.sentence_end.search(line)
        and not layout.prose_opening.search(line)
    )


def _classify(line: str, start: int, end: int, raw: str, layout: Layout) -> Line:
    if layout.report_end.search(line):
        return Line(start, end, line, "report_end")
    if layout.comment_line.search(line):
        return Line(start, end, line, "comment")
    if layout.source_line.search(line):
        return Line(start, end, line, "source")
    if layout.boilerplate.search(line):
        return Line(start, end, line, "boilerplate")
    attribution = layout.attribution_line.search(line)
    if attribution:
        return Line(start, end, line, "attribution", attribution.groupdict().get("who"))
    if layout.dateline.match(line):
        return Line(start, end, line, "paragraph")
    if layout.heading_open.search(line) or (layout.heading_close.search(line) and not layout.byline_close.search(line)):
        return Line(start, end, line, "heading")
    if layout.bullet.match(line):
        return Line(start, end, line, "bullet")
    if (
        len(line) <= layout.short_heading_max
        and not layout.sentence_final.search(line)
        and not layout.sentence_end.search(line)
        and not layout.prose_opening.search(line)
    ):
        return Line(start, end, line, "heading")
    if layout.indented_paragraph.match(raw):
        return Line(start, end, line, "indented")
    return Line(start, end, line, "paragraph")
