"""Rendering records for the terminal and for other programs: table, json, jsonl, csv.

Machine formats are written to a plain text stream (no Rich, no colour); the
table and the document view are Rich renderables, which measure East Asian
wide characters correctly and drop colour when stdout is not a terminal.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any, TextIO

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from hodo.extract.numbers import BIG_MULTIPLIERS, FigureWords, figure_words
from hodo.models import Claim, Document, Entity, Event, Quantity
from hodo.script import COMMA
from hodo.store.queries import DocumentSummary, EntityDetail, EntitySummary

SENTENCE_CHARS = 90


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


CLAIM_COLUMNS = (
    "claim_id", "doc", "type", "claimant", "outlet", "actor", "target", "quantities",
    "when_start", "when_end", "stated", "places", "polarity", "modality", "sentence",
)  # fmt: skip
EVENT_COLUMNS = (
    "event_id", "type", "title", "when_start", "when_end", "places", "participants", "claims",
    "claimants", "outlets", "contested", "discrepancies",
)  # fmt: skip
DOC_COLUMNS = ("doc_id", "name", "date", "source", "title", "reports", "sentences", "claims")
ENTITY_COLUMNS = ("id", "name", "kind", "claimant", "actor", "target", "place", "claims")


def write_records(
    out: TextIO,
    fmt: OutputFormat,
    records: Sequence[dict[str, Any]],
    columns: Sequence[str],
    row: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    """Write records as a JSON array, JSON Lines or CSV (``row`` flattens one record for CSV)."""
    if fmt is OutputFormat.json:
        json.dump(list(records), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt is OutputFormat.jsonl:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt is OutputFormat.csv:
        writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow(row(record))
    else:
        raise ValueError(f"{fmt} is not a machine format")


def quantity_text(q: Quantity, words: FigureWords | None = None) -> str:
    """1470人以上, 約10機, 最大5発: a figure the way Japanese news writes it (the pack's words)."""
    words = words or figure_words()
    value = _number(q.value)
    prefix = words.approx if q.approx else ""
    if q.min is not None and q.max is None:
        return f"{prefix}{value}{q.unit}{words.at_least}"
    if q.max is not None and q.min is None:
        return f"{words.at_most_before}{prefix}{value}{q.unit}"
    return f"{prefix}{value}{q.unit}"


def _number(x: float) -> str:
    """6万3000, 5億, 1470: large whole numbers in 万/億 as the news writes them."""
    if not float(x).is_integer():
        return str(x)
    n = int(x)
    if n < 10_000:
        return str(n)
    parts = []
    for mark, size in sorted(BIG_MULTIPLIERS.items(), key=lambda unit: -unit[1]):
        if n >= size:
            parts.append(f"{n // size}{mark}")
            n %= size
    return "".join(parts) + (str(n) if n else "")


def _entity(record: dict[str, Any] | None) -> str:
    return (record.get("name") or record.get("text") or "") if record else ""


def _entities(records: list[dict[str, Any]] | None) -> str:
    return "; ".join(_entity(r) for r in records or [])


def claim_row(record: dict[str, Any]) -> dict[str, Any]:
    when = record.get("when") or {}
    return {
        "claim_id": record["claim_id"],
        "doc": record["doc"],
        "type": record["type"],
        "claimant": _entity(record.get("claimant")),
        "outlet": (record.get("outlet") or {}).get("name", ""),
        "actor": _entity(record.get("actor")),
        "target": _entity(record.get("target")),
        "quantities": "; ".join(quantity_text(Quantity.from_record(q)) for q in record.get("quantities") or []),
        "when_start": when.get("start", ""),
        "when_end": when.get("end", ""),
        "stated": record.get("stated") or "",
        "places": _entities(record.get("places")),
        "polarity": record["polarity"],
        "modality": record["modality"],
        "sentence": record["sentence"],
    }


def event_row(record: dict[str, Any]) -> dict[str, Any]:
    when = record.get("when") or {}
    return {
        "event_id": record["event_id"],
        "type": record["type"],
        "title": record["title"],
        "when_start": when.get("start", ""),
        "when_end": when.get("end", ""),
        "places": _entities(record.get("places")),
        "participants": _entities(record.get("participants")),
        "claims": " ".join(record.get("claims") or []),
        "claimants": _entities(record.get("claimants")),
        "outlets": "; ".join(o["name"] for o in record.get("outlets") or []),
        "contested": "yes" if record.get("contested") else "no",
        "discrepancies": "; ".join(
            f"{d['about']}: " + ", ".join(f"{v.get('claimant')}={v.get('value')}" for v in d["values"])
            for d in record.get("discrepancies") or []
        ),
    }


def document_record(doc: DocumentSummary) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id,
        "name": doc.name,
        "date": doc.date.isoformat() if doc.date else None,
        "source": doc.source,
        "title": doc.title,
        "reports": doc.reports,
        "sentences": doc.sentences,
        "claims": doc.claims,
    }


def entity_record(entity: EntitySummary) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        **{role: entity.counts.get(role, 0) for role in ("claimant", "actor", "target", "place")},
        "claims": entity.total,
    }


def entity_detail_record(detail: EntityDetail) -> dict[str, Any]:
    return {
        **entity_record(detail.entity),
        "surface_forms": detail.surface_forms,
        "roles": {role: [c.to_record() for c in claims] for role, claims in detail.claims.items()},
    }


def write_entity_claims(out: TextIO, fmt: OutputFormat, detail: EntityDetail) -> None:
    """The entity's claims, one record a row, each with the role the entity plays in it."""
    records = [{"role": role, **c.to_record()} for role, claims in detail.claims.items() for c in claims]
    write_records(out, fmt, records, ("role", *CLAIM_COLUMNS), lambda r: {"role": r["role"], **claim_row(r)})


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    return {k: "" if v is None else v for k, v in record.items()}


def write_claims(out: TextIO, fmt: OutputFormat, claims: Sequence[Claim]) -> None:
    write_records(out, fmt, [c.to_record() for c in claims], CLAIM_COLUMNS, claim_row)


def write_events(out: TextIO, fmt: OutputFormat, events: Sequence[Event]) -> None:
    write_records(out, fmt, [e.to_record() for e in events], EVENT_COLUMNS, event_row)


def write_documents(out: TextIO, fmt: OutputFormat, docs: Sequence[DocumentSummary]) -> None:
    write_records(out, fmt, [document_record(d) for d in docs], DOC_COLUMNS, _flat)


def write_entities(out: TextIO, fmt: OutputFormat, entities: Sequence[EntitySummary]) -> None:
    write_records(out, fmt, [entity_record(e) for e in entities], ENTITY_COLUMNS, _flat)


def _when(claim: Claim) -> str:
    """The claim's date in at most 10 columns a line: a day, a range over two lines, or when it was said."""
    if claim.when:
        start, end = claim.when.start.isoformat(), claim.when.end.isoformat()
        return start if start == end else f"{start}\n–{end[5:] if start[:4] == end[:4] else end}"
    return f"{claim.stated.isoformat()}\n(stated)" if claim.stated else ""


def _short(text: str, limit: int = SENTENCE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _entity_label(entity: Entity | None) -> str:
    return (entity.name or entity.text) if entity else ""


def claims_table(claims: Sequence[Claim], title: str | None = None) -> Table:
    """Type, claimant, figures, when and the sentence; fits 80 columns with Japanese text."""
    # Fixed caps on the first four columns leave the sentence at least 24 cells in 80 columns.
    table = Table(title=title, show_lines=True, expand=False, pad_edge=False)
    table.add_column("type", style="cyan", max_width=10, overflow="fold")
    table.add_column("claimant", max_width=12, overflow="fold")
    table.add_column("figures", style="bold", max_width=10, overflow="fold")
    table.add_column("when", max_width=10, overflow="fold")
    table.add_column("sentence", min_width=16, overflow="fold")
    for claim in claims:
        sentence = Text(_short(claim.sentence))
        if claim.polarity == "denied":
            sentence = Text("[denied] ", style="red") + sentence
        table.add_row(
            claim.type.replace("_", " "),
            _entity_label(claim.claimant),
            "\n".join(quantity_text(q) for q in claim.quantities),
            _when(claim),
            sentence,
        )
    return table


def events_table(events: Sequence[Event]) -> Table:
    table = Table(show_lines=True, pad_edge=False)
    table.add_column("event", style="dim", max_width=12, overflow="fold")
    table.add_column("type", style="cyan", max_width=10, overflow="fold")
    table.add_column("when", max_width=10, overflow="fold")
    table.add_column("title", min_width=12, overflow="fold")
    table.add_column("claims", justify="right", max_width=6)
    table.add_column("!", style="bold red", max_width=9, overflow="fold")
    for event in events:
        when = ""
        if event.when:
            when = event.when.start.isoformat()
            if event.when.end != event.when.start:
                when += "\n–" + event.when.end.isoformat()[5:]
        table.add_row(
            event.event_id,
            event.type.replace("_", " "),
            when,
            _short(event.title, 60),
            str(len(event.claims)),
            "contested" if event.contested else "",
        )
    return table


def documents_table(docs: Sequence[DocumentSummary]) -> Table:
    table = Table(pad_edge=False)
    table.add_column("doc", overflow="fold")
    table.add_column("date")
    table.add_column("reports", justify="right")
    table.add_column("sentences", justify="right")
    table.add_column("claims", justify="right")
    for doc in docs:
        table.add_row(
            doc.doc_id,
            doc.date.isoformat() if doc.date else "",
            str(doc.reports),
            str(doc.sentences),
            str(doc.claims),
        )
    return table


def _highlight(line: Text, offset: int, span: tuple[int, int] | None, style: str) -> None:
    """Style the part of a sentence's line that a claim's span (document offsets) covers."""
    if span is not None:
        line.stylize(style, max(span[0] - offset, 0), max(span[1] - offset, 0))


def entities_table(entities: Sequence[EntitySummary]) -> Table:
    table = Table(pad_edge=False)
    table.add_column("id", style="dim", overflow="fold")
    table.add_column("name", overflow="fold")
    table.add_column("kind")
    for role in ("claimant", "actor", "target", "place"):
        table.add_column(role, justify="right")
    for entity in entities:
        table.add_row(
            entity.id or "",
            entity.name,
            entity.kind,
            *(str(entity.counts.get(role, "")) for role in ("claimant", "actor", "target", "place")),
        )
    return table


def entity_view(detail: EntityDetail) -> RenderableType:
    entity = detail.entity
    header = Text.assemble((entity.name, "bold"), f"  {entity.id or '(unlinked)'}  {entity.kind}")
    parts: list[RenderableType] = [header, Text("surface forms: " + COMMA.join(detail.surface_forms))]
    for role, claims in detail.claims.items():
        parts.append(claims_table(claims, title=f"as {role} ({len(claims)})"))
    return Group(*parts)


def document_view(doc: Document, claims: Sequence[Claim]) -> RenderableType:
    """The document report by report: the sentences that carry claims with their types, the
    words each claim was read from (its evidence) underlined and the words that typed it bold."""
    parts: list[RenderableType] = [
        Text.assemble((doc.doc_id, "bold"), f"  {doc.date.isoformat() if doc.date else 'undated'}  {doc.source}")
    ]
    # A claim's span is its sentence's: looked up, not searched, so a long document shows in linear time.
    at: dict[tuple[int, int], list[Claim]] = {}
    for claim in claims:
        at.setdefault(claim.span, []).append(claim)
    for report in doc.reports:
        label = [f"report {report.index}", report.style]
        if report.outlet:
            label.append(report.outlet.name)
        if report.claimant:
            label.append(f"claimant: {report.claimant.name or report.claimant.text}")
        if report.date:
            label.append(report.date.isoformat())
        if report.boilerplate:
            label.append("boilerplate")
        parts.append(Text("\n── " + " · ".join(label), style="dim"))
        for sentence in report.sentences:
            found = at.get((sentence.start, sentence.end), [])
            line = Text(sentence.text, style="yellow" if found else ("bold" if sentence.is_heading else ""))
            for claim in found:
                _highlight(line, sentence.start, claim.evidence_span, "underline")
            for claim in found:
                _highlight(line, sentence.start, claim.trigger_span, "bold red")
            if found:
                line.append("  [" + ", ".join(sorted({c.type for c in found})) + "]", style="cyan")
            parts.append(line)
    return Group(*parts)
