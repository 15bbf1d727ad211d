"""One event side by side: its claims grouped by claimant, one column per figure, and its disagreements.

A figure column is a claim type × item × unit (air_defense × drones × 機), so
what different claimants say about the same thing lines up in one column.
Figures named in a discrepancy are marked ``clash``; the discrepancies are
also stated in one line a reader can quote ("Volodymyr Zelenskyy: 41
aircraft; US officials: about 20 aircraft; Ministry of Defence (Russia):
denies the strike").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hodo.models import Claim, Quantity
from hodo.views.figures import figure_text, plain_number

POLARITY_VALUES = frozenset(("affirmed", "denied"))


@dataclass
class FigureColumn:
    key: str
    type: str
    item: str
    unit: str
    label: str


@dataclass
class FigureCell:
    text: str
    quantity: dict[str, Any]
    clash: bool = False


@dataclass
class ClaimRow:
    claim_id: str
    type: str
    doc: str
    span: list[int]
    sentence: str
    outlet: dict[str, str] | None
    polarity: str
    modality: str
    when: dict[str, str] | None
    stated: str | None
    figures: dict[str, list[FigureCell]] = field(default_factory=dict)
    # Denied in an event whose claimants disagree: the denial is one side of the dispute.
    disputed_denial: bool = False


@dataclass
class ClaimantGroup:
    claimant: dict[str, Any] | None
    name: str
    outlets: list[str]
    claims: list[ClaimRow]


@dataclass
class DiscrepancySide:
    claimant: str
    text: str
    claim_id: str | None


@dataclass
class DiscrepancyView:
    about: str
    unit: str
    values: list[dict[str, Any]]
    line: str
    # Each claimant's side in words, in the order of ``values``.
    sides: list[DiscrepancySide] = field(default_factory=list)


@dataclass
class Statement:
    """One claim on the event's timeline: when it was stated (else the day it is about), by whom."""

    day: str | None
    claimant: str
    outlet: str | None
    claim_id: str
    type: str
    polarity: str
    figures: list[str]
    sentence: str


@dataclass
class EventSideBySide:
    event: dict[str, Any]
    columns: list[FigureColumn]
    claimants: list[ClaimantGroup]
    discrepancies: list[DiscrepancyView]
    summary: str


def column_key(claim_type: str, q: Quantity) -> str:
    return f"{claim_type}|{q.item or ''}|{q.unit}"


def claimant_name(claim: Claim) -> str:
    return (claim.claimant.name or claim.claimant.text) if claim.claimant else ""


def event_side_by_side(event: dict[str, Any], claims: Sequence[Claim]) -> EventSideBySide:
    """The view of ``event`` (its spec record) over those of ``claims`` that belong to it."""
    members = set(event.get("claims") or [])
    ordered = [c for c in claims if c.claim_id in members]
    by_id = {c.claim_id: c for c in ordered}
    clashing = {
        (v.get("claim_id"), v.get("value"))
        for d in event.get("discrepancies") or []
        for v in d.get("values") or []
    }
    columns: dict[str, FigureColumn] = {}
    groups: dict[str, ClaimantGroup] = {}
    for claim in ordered:
        for q in claim.quantities:
            key = column_key(claim.type, q)
            if key not in columns:
                what = q.item or claim.type.replace("_", " ")
                columns[key] = FigureColumn(
                    key, claim.type, q.item or "", q.unit, f"{what} ({q.unit})" if q.unit else what
                )
        group_key = (claim.claimant.id or claimant_name(claim)) if claim.claimant else ""
        group = groups.setdefault(
            group_key,
            ClaimantGroup(
                claim.claimant.to_record() if claim.claimant else None, claimant_name(claim), [], []
            ),
        )
        if claim.outlet and claim.outlet.name not in group.outlets:
            group.outlets.append(claim.outlet.name)
        group.claims.append(_row(claim, clashing, bool(event.get("contested"))))
    discrepancies = [_discrepancy(d, by_id) for d in event.get("discrepancies") or []]
    # The unattributed claims (no claimant) come last: they are no party to a dispute.
    ordered_groups = [g for k, g in groups.items() if k] + ([groups[""]] if "" in groups else [])
    return EventSideBySide(
        event=event,
        columns=list(columns.values()),
        claimants=ordered_groups,
        discrepancies=discrepancies,
        summary=discrepancy_summary(event.get("discrepancies") or [], by_id),
    )


def _row(claim: Claim, clashing: set[tuple[Any, Any]], contested: bool) -> ClaimRow:
    row = ClaimRow(
        claim_id=claim.claim_id,
        type=claim.type,
        doc=claim.doc,
        span=list(claim.span),
        sentence=claim.sentence,
        outlet=claim.outlet.to_record() if claim.outlet else None,
        polarity=claim.polarity,
        modality=claim.modality,
        when=claim.when.to_record() if claim.when else None,
        stated=claim.stated.isoformat() if claim.stated else None,
        disputed_denial=contested and claim.polarity == "denied",
    )
    for q in claim.quantities:
        cell = FigureCell(figure_text(q), q.to_record(), (claim.claim_id, plain_number(q.value)) in clashing)
        row.figures.setdefault(column_key(claim.type, q), []).append(cell)
    return row


def _value_text(value: dict[str, Any], about: str, by_id: dict[str, Claim]) -> str:
    """One claimant's side of a discrepancy: its figure in words, or its stance."""
    raw = value.get("value")
    if raw in POLARITY_VALUES:
        verb = "denies" if raw == "denied" else "affirms"
        return f"{verb} the {about.replace('_', ' ')}"
    claim = by_id.get(value.get("claim_id") or "")
    if claim is not None and isinstance(raw, int | float):
        for q in claim.quantities:
            if plain_number(q.value) == raw and (q.item or claim.type) == about:
                return figure_text(q)
        for q in claim.quantities:
            if plain_number(q.value) == raw:
                return figure_text(q)
    return f"{raw} {about}"


def _discrepancy(record: dict[str, Any], by_id: dict[str, Claim]) -> DiscrepancyView:
    about = record.get("about") or ""
    values = list(record.get("values") or [])
    sides = [DiscrepancySide(str(v.get("claimant")), _value_text(v, about, by_id), v.get("claim_id")) for v in values]
    line = "; ".join(f"{side.claimant}: {side.text}" for side in sides)
    return DiscrepancyView(about, record.get("unit") or "", values, line, sides)


def statement_timeline(view: EventSideBySide) -> list[Statement]:
    """The event's claims in the order they were stated; claims with no date last, in the view's order."""
    statements = []
    for group in view.claimants:
        for row in group.claims:
            day = row.stated or (row.when or {}).get("end")
            figures = [cell.text for cells in row.figures.values() for cell in cells]
            outlet = (row.outlet or {}).get("name")
            statements.append(
                Statement(day, group.name, outlet, row.claim_id, row.type, row.polarity, figures, row.sentence)
            )
    return sorted(statements, key=lambda s: (s.day is None, s.day or ""))


def discrepancy_summary(discrepancies: Sequence[dict[str, Any]], by_id: dict[str, Claim]) -> str:
    """Every claimant's side of every discrepancy of an event, in one line; "" when there is none."""
    sides: dict[str, list[str]] = {}
    affirming: set[str] = set()
    for record in discrepancies:
        about = record.get("about") or ""
        for value in record.get("values") or []:
            name = str(value.get("claimant"))
            said = sides.setdefault(name, [])
            if value.get("value") == "affirmed":
                # A claimant's figures say that it affirms; "affirms" stands alone only without them.
                affirming.add(name)
                continue
            text = _value_text(value, about, by_id)
            if text not in said:
                said.append(text)
    for record in discrepancies:
        for value in record.get("values") or []:
            name = str(value.get("claimant"))
            if name in affirming and not sides[name]:
                sides[name].append(_value_text(value, record.get("about") or "", by_id))
    # Claimants in the order the event's claims name them, as the side-by-side table has them.
    order = {name: i for i, name in reversed(list(enumerate(claimant_name(c) for c in by_id.values())))}
    ranked = sorted(sides.items(), key=lambda side: order.get(side[0], len(order)))
    return "; ".join(f"{name}: {', '.join(texts)}" for name, texts in ranked)
