"""One document as a reader sees it: its reports (outlet blocks), their sentences, and which claims each holds.

``document_view`` is the API's record of it; ``document_reading`` is the same
document as running text, cut into the pieces a page shows: the text between
sentences as written, and each sentence with the claims it holds.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hodo.models import Document


class _Overlaps:
    """The ids of the claims whose span overlaps a stretch of the text, found by bisection."""

    def __init__(self, claims: Sequence[dict[str, Any]]) -> None:
        self.spans = sorted((c["span"][0], c["span"][1], c["claim_id"]) for c in claims)
        self.starts = [start for start, _, _ in self.spans]
        self.longest = max((end - start for start, end, _ in self.spans), default=0)

    def within(self, start: int, end: int) -> list[str]:
        # Claims whose span starts before the stretch ends and ends after it starts.
        window = self.spans[bisect_left(self.starts, start - self.longest) : bisect_left(self.starts, end)]
        return [claim_id for _, claim_end, claim_id in window if claim_end > start]


def document_view(doc: Document, claims: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """``doc`` with every sentence listing the ids of the claims (records) whose span it overlaps."""
    overlaps = _Overlaps(claims)
    reports = []
    for report in doc.reports:
        sentences = []
        for index, s in enumerate(report.sentences):
            inside = overlaps.within(s.start, s.end)
            sentences.append(
                {
                    "index": index,
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "is_heading": s.is_heading,
                    "is_bullet": s.is_bullet,
                    "claims": inside,
                }
            )
        reports.append(
            {
                "index": report.index,
                "start": report.start,
                "end": report.end,
                "style": report.style,
                "outlet": report.outlet.to_record() if report.outlet else None,
                "heading": report.heading,
                "claimant": report.claimant.to_record() if report.claimant else None,
                "date": report.date.isoformat() if report.date else None,
                "boilerplate": report.boilerplate,
                "sentences": sentences,
            }
        )
    return {
        "doc_id": doc.doc_id,
        "date": doc.date.isoformat() if doc.date else None,
        "source": doc.source,
        "url": doc.url,
        "title": doc.title,
        "text": doc.text,
        "reports": reports,
        "claims": list(claims),
    }


@dataclass
class Passage:
    """A stretch of a report's text: a sentence (``sentence`` its index) or the text between two."""

    text: str
    sentence: int | None = None
    claims: list[str] = field(default_factory=list)
    # The claims' types, in the claims' order, once each.
    types: list[str] = field(default_factory=list)
    heading: bool = False


@dataclass
class ReportReading:
    index: int
    style: str
    outlet: dict[str, str] | None
    heading: str | None
    claimant: dict[str, Any] | None
    date: str | None
    boilerplate: bool
    passages: list[Passage]


def document_reading(doc: Document, claims: Sequence[dict[str, Any]]) -> list[ReportReading]:
    """The text of each report of ``doc`` as passages, each sentence with the claims (records) it holds.

    Joined, a report's passages are its text exactly, line breaks and all.
    """
    overlaps = _Overlaps(claims)
    types = {c["claim_id"]: c["type"] for c in claims}
    readings = []
    for report in doc.reports:
        passages: list[Passage] = []
        at = report.start
        for index, sentence in sorted(enumerate(report.sentences), key=lambda pair: pair[1].start):
            if sentence.start < at:
                continue  # a sentence overlapping the one before: its text is already shown
            if sentence.start > at:
                passages.append(Passage(doc.text[at : sentence.start]))
            inside = overlaps.within(sentence.start, sentence.end)
            passages.append(
                Passage(
                    doc.text[sentence.start : sentence.end],
                    index,
                    inside,
                    list(dict.fromkeys(types[i] for i in inside)),
                    sentence.is_heading,
                )
            )
            at = sentence.end
        if at < report.end:
            passages.append(Passage(doc.text[at : report.end]))
        readings.append(
            ReportReading(
                index=report.index,
                style=report.style,
                outlet=report.outlet.to_record() if report.outlet else None,
                heading=report.heading,
                claimant=report.claimant.to_record() if report.claimant else None,
                date=report.date.isoformat() if report.date else None,
                boilerplate=report.boilerplate,
                passages=passages,
            )
        )
    return readings
