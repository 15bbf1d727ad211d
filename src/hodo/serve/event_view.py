"""The side-by-side view of one event for ``hodo event ID``, drawn with Rich.

What it shows is ``hodo.views.event``'s: one row per claim, grouped by
claimant, one column per figure. Figures named in a discrepancy and denials
in a contested event are shown in red. Rich falls back to plain text by itself
when the output is not a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from hodo.extract.numbers import figure_words
from hodo.models import Claim, Event, Quantity
from hodo.views.event import EventSideBySide, event_side_by_side

SENTENCE_CHARS = 60
_CLASH = "bold red"


def _trim(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= SENTENCE_CHARS else sentence[: SENTENCE_CHARS - 1] + "…"


def _figure(record: dict[str, object]) -> str:
    """The figure as the Japanese source wrote its bounds (the pack's figure words)."""
    q = Quantity.from_record(record)  # type: ignore[arg-type]
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
    return render_side_by_side(event_side_by_side(event.to_record(), claims))


def render_side_by_side(view: EventSideBySide) -> RenderableType:
    event = view.event
    header = Text(event.get("title") or event["event_id"], style="bold")
    facts = [event["event_id"], event["type"]]
    when = event.get("when")
    if when:
        facts.append(f"{when['start']}–{when['end']}")
    if event.get("places"):
        facts.append(", ".join(p.get("name") or p.get("text") or "" for p in event["places"]))
    header.append("\n" + " | ".join(facts), style="dim")
    if event.get("contested"):
        header.append("\ncontested: " + "; ".join(d.about for d in view.discrepancies), style=_CLASH)

    table = Table(show_lines=False, expand=False)
    table.add_column("claimant")
    table.add_column("outlet")
    table.add_column("said")
    for column in view.columns:
        table.add_column(column.label, justify="right")
    for group in view.claimants:
        for row in group.claims:
            said = Text(_trim(row.sentence), style=_CLASH if row.disputed_denial else "")
            if row.polarity == "denied":
                said.append(" [denied]", style=_CLASH)
            cells: list[Text] = []
            for column in view.columns:
                cell = Text()
                for figure in row.figures.get(column.key, []):
                    cell.append(("/" if cell else "") + _figure(figure.quantity), style=_CLASH if figure.clash else "")
                cells.append(cell)
            table.add_row(group.name or "—", row.outlet["name"] if row.outlet else "—", said, *cells)
    return Group(header, table)
