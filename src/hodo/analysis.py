"""The Python API: texts in, documents with their claims out, stored nowhere.

    import hodo
    nlp = hodo.Pipeline(pack="russia_ukraine")
    doc = nlp.analyse(text, date="2025-06-04")
    for claim in doc.claims:
        start, end = claim.trigger_span          # offsets into doc.text
        print(claim.type, doc.text[start:end], doc.original_span(start, end))

``pipe`` analyses many texts (strings, or records with the keys of a JSON
Lines line: ``text``, ``date``, ``id``, ``url``, ``title``, ``source``),
with ``workers`` processes when asked, and yields each document in the
order given. The claims are those ``hodo ingest`` stores for the same text
under the same identity, before clustering (no events, no copy detection:
those need a store).
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future
from datetime import date, datetime
from typing import Any

from hodo.engines.processes import AHEAD, ProcessEngine
from hodo.engines.work import AnalyseTask, Done, Expanded
from hodo.models import Document, RawDocument
from hodo.packs import DEFAULT_PACK, Pack, load_pack
from hodo.pipeline import Analysed, DocumentOutcome, analyse_for_store

__all__ = ["AnalysisError", "Pipeline"]

# What pipe accepts for one document.
TextOrRecord = str | Mapping[str, Any] | RawDocument


class AnalysisError(Exception):
    """A document that could not be analysed; the message names it and the problem."""


class Pipeline:
    """Normalize, segment and extract claims with one pack, like spaCy's ``nlp`` object."""

    def __init__(self, pack: str | Pack = DEFAULT_PACK) -> None:
        self.pack = pack if isinstance(pack, Pack) else load_pack(pack)

    def analyse(
        self,
        text: str,
        *,
        date: date | str | None = None,
        source: str | None = None,
        doc_id: str | None = None,
        url: str | None = None,
        title: str | None = None,
    ) -> Document:
        """One text's document: its reports and their sentences, and its ``claims``.

        ``date`` is the day the text was published (what 「昨日」 and a bare
        「4日」 are read against); ``source`` the outlet or site that
        published it; ``doc_id`` its identity (default: a hash of the text), which
        the claims' ids derive from.
        """
        record = {"text": text, "date": date, "source": source, "id": doc_id, "url": url, "title": title}
        return self._document(_raw(record, 0))

    def __call__(self, text: str, **fields: Any) -> Document:
        return self.analyse(text, **fields)

    def pipe(self, items: Iterable[TextOrRecord], *, workers: int = 1) -> Iterator[Document]:
        """The documents of ``items`` in their order; ``workers`` > 1 analyses in that many processes.

        With workers, call it under ``if __name__ == "__main__":`` in a
        script: worker processes import the main module.
        """
        raws = (_raw(item, number) for number, item in enumerate(items))
        if workers <= 1:
            for raw in raws:
                yield self._document(raw)
            return
        with ProcessEngine(self.pack, workers) as engine:
            pending: deque[tuple[RawDocument, Future[Done | Expanded]]] = deque()
            for raw in raws:
                pending.append((raw, engine.submit(AnalyseTask(raw))))
                if len(pending) >= workers * AHEAD:
                    yield _finished(*pending.popleft())
            while pending:
                yield _finished(*pending.popleft())

    def _document(self, raw: RawDocument) -> Document:
        return _with_claims(analyse_for_store(raw, self.pack, spill=False))


def _finished(raw: RawDocument, future: Future[Done | Expanded]) -> Document:
    found = future.result()
    result = found.result if isinstance(found, Done) else None
    if isinstance(result, Analysed):
        return _with_claims(result)
    problem = result.problem if isinstance(result, DocumentOutcome) else "not one document"
    raise AnalysisError(f"{raw.name}: {problem}")


def _with_claims(analysed: Analysed) -> Document:
    try:
        analysed.doc.claims = list(analysed.all_claims())
    finally:
        analysed.discard()
    return analysed.doc


def _raw(item: TextOrRecord, number: int) -> RawDocument:
    """The RawDocument of a text or a record; ``number`` is its place in the input, for messages."""
    if isinstance(item, RawDocument):
        return item
    record: Mapping[str, Any] = {"text": item} if isinstance(item, str) else item
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise AnalysisError(f"item {number}: no text (a non-empty string is required)")
    doc_id = record.get("id") or record.get("url") or "text:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return RawDocument(
        doc_id=str(doc_id),
        text=text,
        source=str(record.get("id") or f"item {number}"),
        url=record.get("url"),
        title=record.get("title"),
        date=_date(record.get("date"), number),
        outlet_hint=record.get("source"),
    )


def _date(value: object, number: int) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value  # type: ignore[return-value]
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            pass
    raise AnalysisError(f"item {number}: date {value!r} is not a date or YYYY-MM-DD")
