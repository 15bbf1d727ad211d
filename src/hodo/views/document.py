"""One document as a reader sees it: its reports (outlet blocks), their sentences, and which claims each holds."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from hodo.models import Document


def document_view(doc: Document, claims: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """``doc`` with every sentence listing the ids of the claims (records) whose span it overlaps."""
    spans = sorted((c["span"][0], c["span"][1], c["claim_id"]) for c in claims)
    starts = [start for start, _, _ in spans]
    longest = max((end - start for start, end, _ in spans), default=0)
    reports = []
    for report in doc.reports:
        sentences = []
        for index, s in enumerate(report.sentences):
            # Claims whose span starts before the sentence ends and ends after it starts.
            window = spans[bisect_left(starts, s.start - longest) : bisect_left(starts, s.end)]
            inside = [claim_id for _, end, claim_id in window if end > s.start]
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
