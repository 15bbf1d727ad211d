"""One claim's provenance: the exact offsets of its sentence and evidence, and the text around them.

Offsets are into the document's normalized text (``span``, as in the claim
record) and, where known, into the text as read (``original_span``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hodo.store.provenance import ClaimSource


@dataclass
class ClaimContext:
    start: int
    end: int
    before: str
    sentence: str
    after: str
    document_length: int


@dataclass
class ClaimProvenance:
    claim: dict[str, Any]
    event_id: str | None
    document: dict[str, Any] | None
    span: list[int]
    original_span: list[int] | None
    evidence_span: list[int] | None
    context: ClaimContext | None


def claim_provenance(source: ClaimSource) -> ClaimProvenance:
    record = source.record
    start, end = record["span"]
    evidence = record.get("evidence") or ""
    offset = record["sentence"].find(evidence) if evidence else -1
    context = None
    if source.around is not None:
        around = source.around
        cut = start - around.start
        context = ClaimContext(
            start=around.start,
            end=around.end,
            before=around.text[:cut],
            sentence=around.text[cut : cut + end - start],
            after=around.text[cut + end - start :],
            document_length=around.length,
        )
    return ClaimProvenance(
        claim=record,
        event_id=source.event_id,
        document=source.document,
        span=[start, end],
        original_span=record.get("original_span"),
        evidence_span=[start + offset, start + offset + len(evidence)] if offset >= 0 else None,
        context=context,
    )
