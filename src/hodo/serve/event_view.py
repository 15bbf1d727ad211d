"""The side-by-side view of one event for ``hodo event ID``.

One row per claim — who says it, through which outlet, the sentence trimmed —
and one column per figure (claim type × item × unit), so that what different
claimants say about the same thing lines up. Figures named in a discrepancy and
denials in a contested event are shown in red. Rich falls back to plain text
by itself when the output is not a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from hodo.extract.numbers import figure_words
from hodo.models import Claim, Event, Quantity

SENTENCE_CHARS = 60
_CLASH = "bold red"


def _trim(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= SENTENCE_CHARS else sentence[: SENTENCE_CHARS - 1] + "…"


def _column(claim: Claim, q: Quantity) -> tuple[str, str, str]:
    return claim.type, q.item or "", q.unit


def _figure(q: Quantity) -> str:
    words = figure_words()
    text = f"{q.value:g}"
    if q.approx:
        text = words.approx + text
    if q.min is not None and q.max is None:
        text += words.at_least
    elif q.max is not None and q.min is None:
        text += words.at_most_after
    return text


def render_event(event: Event, claims: Sequence[Claim]) -> RenderableType:
    """A header (title, dates, places, contested) over a table of the event's claims."""
    members = [c for c in claims if c.claim_id in set(event.claims)]
    columns: list[tuple[str, str, str]] = []
    for claim in members:
        for q in claim.quantities:
            if _column(claim, q) not in columns:
                columns.append(_column(claim, q))
    clashing = {(v.get("claim_id"), v.get("value")) for d in event.discrepancies for v in d.values}

    header = Text(event.title or event.event_id, style="bold")
    facts = [event.event_id, event.type]
    if event.when:
        facts.append(f"{event.when.start.isoformat()}–{event.when.end.isoformat()}")
    if event.places:
        facts.append(", ".join(p.name for p in event.places))
    header.append("\n" + " | ".join(facts), style="dim")
    if event.contested:
        header.append("\ncontested: " + "; ".join(d.about for d in event.discrepancies), style=_CLASH)

    table = Table(show_lines=False, expand=False)
    table.add_column("claimant")
    table.add_column("outlet")
    table.add_column("said")
    for claim_type, item, unit in columns:
        table.add_column(f"{item or claim_type} ({unit})" if unit else item or claim_type, justify="right")
    for claim in members:
        denied = claim.polarity == "denied"
        said = Text(_trim(claim.sentence), style=_CLASH if denied and event.contested else "")
        if denied:
            said.append(" [denied]", style=_CLASH)
        cells: list[Text] = []
        for column in columns:
            values = [q for q in claim.quantities if _column(claim, q) == column]
            cell = Text()
            for q in values:
                style = _CLASH if (claim.claim_id, _plain(q.value)) in clashing else ""
                cell.append(("/" if cell else "") + _figure(q), style=style)
            cells.append(cell)
        table.add_row(
            claim.claimant.name if claim.claimant else "—",
            claim.outlet.name if claim.outlet else "—",
            said,
            *cells,
        )
    return Group(header, table)


def _plain(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x
