"""Line roles of a post, from the layout patterns of the domain pack.

A post is read line by line: each line gets one role (blank, boilerplate,
heading, bullet, paragraph, report end, attribution) from the regular
expressions in the pack's ``layout.toml``, so new site furniture or a new
outlet's style is a data change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from hodo.packs import Pack, any_of


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str
    role: str
    who: str | None = None


@dataclass(frozen=True)
class Layout:
    source_line: re.Pattern[str]
    comment_line: re.Pattern[str]
    boilerplate: re.Pattern[str]
    inline_boilerplate: re.Pattern[str]
    caption: re.Pattern[str]
    report_end: re.Pattern[str]
    attribution_line: re.Pattern[str]
    bullet: re.Pattern[str]
    heading_open: re.Pattern[str]
    heading_close: re.Pattern[str]
    byline_close: re.Pattern[str]
    sentence_final: re.Pattern[str]
    sentence_end: re.Pattern[str]
    heading_attribution: re.Pattern[str]
    indented_paragraph: re.Pattern[str]
    news_lead: re.Pattern[str]
    dateline: re.Pattern[str]
    hands_over: re.Pattern[str]
    polite_register: re.Pattern[str]
    short_heading_max: int
    title_max: int
    prose_opening: re.Pattern[str]
    brackets: tuple[str, ...]


@cache
def layout_for(pack: Pack) -> Layout:
    table = pack.table("layout")
    return Layout(
        source_line=any_of(table.get("source_line", [])),
        comment_line=any_of(table.get("comment_line", [])),
        boilerplate=any_of(table.get("boilerplate", [])),
        inline_boilerplate=any_of(table.get("inline_boilerplate", [])),
        caption=any_of(table.get("caption", [])),
        report_end=any_of(table.get("report_end", [])),
        attribution_line=any_of(table.get("attribution_line", [])),
        bullet=re.compile(table.get("bullet", r"(?!)")),
        heading_open=re.compile(table.get("heading_open", r"(?!)")),
        heading_close=re.compile(table.get("heading_close", r"(?!)")),
        byline_close=re.compile(table.get("byline_close", r"(?!)")),
        sentence_final=re.compile(table.get("sentence_final", r"[。]$")),
        sentence_end=re.compile(table.get("sentence_end", r"[。]")),
        heading_attribution=re.compile(table.get("heading_attribution", r"(?!)")),
        indented_paragraph=re.compile(table.get("indented_paragraph", r"(?!)")),
        news_lead=re.compile(table.get("news_lead", r"(?!)")),
        dateline=re.compile(table.get("dateline", r"(?!)")),
        hands_over=re.compile(table.get("hands_over", r"(?!)")),
        polite_register=re.compile(table.get("polite_register", r"(?!)")),
        short_heading_max=int(table.get("short_heading_max", 40)),
        title_max=int(table.get("title_max", 0)),
        prose_opening=re.compile(table.get("prose_opening", r"(?!)")),
        brackets=tuple(table.get("brackets", ["「」"])),
    )


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
