"""Segment: a post → reports (one outlet or speaker each) → sentences, dated.

Reports are cut where the layout changes hands: a 【headline】, a short title
line, a Bloomberg 原題 line or a source URL closing a block, an attribution
line after a quoted post, or a switch between です/ます and plain register
(two outlets pasted one after the other).
"""

from __future__ import annotations

from datetime import date

from hodo.extract.dates import find_date_anchors, find_dates
from hodo.models import DateRange, Document, Report, ReportStyle, Sentence
from hodo.packs import Pack
from hodo.script import DOUBLE_QUOTE_CLOSE, FULL_STOP, HEADING_CLOSE, HEADING_OPEN, QUOTE_CLOSE
from hodo.segment.layout import Layout, Line, classify_lines, layout_for
from hodo.segment.outlets import outlet_markers, outlet_of
from hodo.segment.sentences import split_sentences

__all__ = ["document_date", "segment_document"]

_HEADING_BRACKETS = str.maketrans("", "", HEADING_OPEN + HEADING_CLOSE)
# What a sentence may end on, and the brackets that may close after it.
_SENTENCE_ENDS = (FULL_STOP, "!", "?", ".")
_CLOSERS = QUOTE_CLOSE + DOUBLE_QUOTE_CLOSE + ")"


def segment_document(doc: Document, pack: Pack) -> Document:
    """Fill ``doc.reports`` and, when the text dates it, ``doc.date``."""
    layout = layout_for(pack)
    anchors = find_date_anchors(doc.text, pack)
    if doc.date is None:
        doc.date = document_date(doc.text, anchors)
    lines = classify_lines(doc.text, layout)
    doc.reports = _group_reports(doc.text, lines, layout)
    markers = outlet_markers(pack)
    for report in doc.reports:
        report.date, report.period = _report_dating(doc.text, report, doc.date, anchors)
        report.outlet = outlet_of(doc.text, report, markers)
    return doc


def document_date(text: str, anchors: list[tuple[int, int, date]] | None = None) -> date | None:
    """The date a post was published: a tag like #ロシア(250605) or a title ending (250605), else its first full date."""
    if anchors is None:
        anchors = find_date_anchors(text)
    if not anchors:
        return None
    tagged = [
        d
        for start, _end, d in anchors
        if text.startswith("#", text.rfind("\n", 0, start) + 1) or text.startswith("(", start)
    ]
    if tagged:
        return tagged[-1]
    return anchors[0][2]


def _group_reports(text: str, lines: list[Line], layout: Layout) -> list[Report]:
    reports: list[Report] = []
    current: Report | None = None
    register: str | None = None

    def close() -> None:
        nonlocal current, register
        if current is not None and current.sentences:
            current.index = len(reports)
            for sentence in current.sentences:
                sentence.report = current.index
            reports.append(current)
        current = None
        register = None

    def open_report(line: Line, style: ReportStyle) -> Report:
        nonlocal current
        close()
        current = Report(index=len(reports), start=line.start, end=line.end, style=style)
        return current

    previous_role = ""
    handed_over = False
    for line in lines:
        role = line.role
        if role == "boilerplate":
            continue
        if role == "source":
            # A source link or tag line closes the block it follows.
            if current is not None and current.sentences:
                current.end = line.end
                close()
            previous_role = role
            continue
        if role == "comment":
            report = open_report(line, "comment")
            for start, end in split_sentences(text, line.start, line.end, layout):
                report.sentences.append(Sentence(text[start:end], start, end, report.index))
            close()
            previous_role = role
            continue
        if role == "report_end":
            if current is not None:
                # A block its own end line closes (layout.toml report_end: Bloomberg's 原題 line).
                current.style = "closed"
                current.end = line.end
                current.heading = current.heading or line.text
            close()
            previous_role = role
            continue
        if role == "attribution":
            if current is not None:
                current.attribution = line.who
                current.style = "quoted_post"
                current.end = line.end
            close()
            previous_role = role
            continue
        if role == "heading":
            report = (
                current
                if previous_role == "heading" and current is not None
                else open_report(line, "headline")
            )
            heading = line.text.translate(_HEADING_BRACKETS).strip()
            report.heading = (
                f"{report.heading} {heading}" if report.heading and report is current else heading
            )
            attribution = layout.heading_attribution.search(heading)
            if attribution:
                report.attribution = attribution.group("who").strip()
            report.sentences.append(Sentence(line.text, line.start, line.end, report.index, is_heading=True))
            report.end = line.end
            previous_role = role
            continue
        paragraph_register: str | None = "polite" if layout.polite_register.search(line.text) else "plain"
        if paragraph_register == "plain" and not _ends_a_sentence(line.text):
            # A paragraph cut off mid-sentence (an excerpt's last line) shows no register.
            paragraph_register = None
        if current is None or layout.dateline.match(line.text):
            # A wire dateline (【ワシントン時事】) starts the next agency's report.
            open_report(line, "indented" if role == "indented" else "article")
        elif role != "bullet" and previous_role == "bullet" and layout.news_lead.search(line.text):
            # A news lead after a digest's bullets is the next outlet's report.
            open_report(line, "article")
        elif (
            role in ("paragraph", "indented")
            and register is not None
            and paragraph_register is not None
            and register != paragraph_register
            and previous_role in ("paragraph", "indented")
            and not handed_over
        ):
            open_report(line, "article")
        assert current is not None
        if role != "bullet" and paragraph_register is not None:
            register = paragraph_register
        # A bullet line is a sentence of its own, and so is each sentence of a long one.
        cleaned_end = _strip_inline_boilerplate(text, line.start, line.end, layout)
        for start, end in split_sentences(text, line.start, cleaned_end, layout):
            if layout.caption.search(text[start:end]):
                continue
            current.sentences.append(
                Sentence(text[start:end], start, end, current.index, is_bullet=role == "bullet")
            )
        current.end = line.end
        previous_role = role
        handed_over = layout.hands_over.search(line.text) is not None
    close()
    return reports


def _ends_a_sentence(line: str) -> bool:
    """Whether the line closes on a sentence end (a full stop, perhaps inside closing brackets)."""
    return line.rstrip().rstrip(_CLOSERS).endswith(_SENTENCE_ENDS)


def _strip_inline_boilerplate(text: str, start: int, end: int, layout: Layout) -> int:
    match = layout.inline_boilerplate.search(text, start, end)
    return match.start() if match else end


def _report_dating(
    text: str, report: Report, doc_date: date | None, anchors: list[tuple[int, int, date]]
) -> tuple[date | None, DateRange | None]:
    """A report's date and the period its heading covers.

    A report is dated by its heading (6月4日の概要) or a date line inside it,
    else by the post; a heading naming a span (3月8日~14日) gives its period.
    """
    if report.heading and doc_date is not None:
        heading_dates = find_dates(report.heading, doc_date)
        if heading_dates:
            spans = [d.range for d in heading_dates if d.range.start != d.range.end]
            return heading_dates[0].range.end, spans[0] if spans else None
    for start, _end, anchor in anchors:
        if report.start <= start < report.end and start - (text.rfind("\n", 0, start) + 1) <= 4:
            return anchor, None
    return doc_date, None
