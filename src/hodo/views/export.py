"""Claims, figures and events as flat tables, in the manner of ACLED and GDELT exports.

One row a claim: its event, its first figure in numeric columns (value, min,
max, unit, item) and how many it has, claimant/outlet/actor/target ids and
names, its first place with latitude and longitude, its dates. One row a
figure, for claims with several. One row an event, with its counts of
claims, claimants and outlets. Crosswalk fields of the records (``acled``,
``cameo``: what a claim type is in those schemes) become columns when the
records carry them (the packs' ACLED event and sub-event types and CAMEO
root code have columns of their own; other keys are added after the rest). Each column has a kind (str, int, float, bool, date), so
a typed format (Parquet) keeps numbers numbers and dates dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["str", "int", "float", "bool", "date"]

CROSSWALKS: tuple[str, ...] = ("acled", "cameo")


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind


@dataclass
class Table:
    name: str
    columns: list[Column]
    rows: list[dict[str, Any]]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _columns(spec: str) -> list[Column]:
    """``"name:kind name:kind"`` (kind str when left out) as columns."""
    found = []
    for part in spec.split():
        name, _, kind = part.partition(":")
        found.append(Column(name, kind or "str"))  # type: ignore[arg-type]
    return found


CLAIM_COLUMNS = _columns(
    "claim_id event_id doc doc_url type acled_event_type acled_sub_event_type cameo claimant_id claimant_name claimant_kind claimant_side outlet_id outlet_name"
    " actor_id actor_name actor_side target_id target_name target_side"
    " value:float min:float max:float approx:bool unit item figures:int"
    " place_id place_name latitude:float longitude:float places"
    " when_start:date when_end:date stated:date day:date polarity modality subjects"
    " sentence span_start:int span_end:int"
)
FIGURE_COLUMNS = _columns(
    "claim_id event_id type claimant_id claimant_name outlet_id day:date figure:int"
    " value:float min:float max:float approx:bool unit item"
)
EVENT_COLUMNS = _columns(
    "event_id type title when_start:date when_end:date contested:bool claims:int claimants:int outlets:int"
    " claimant_names outlet_names place_id place_name latitude:float longitude:float places participants"
    " discrepancies"
)


def _entity(prefix: str, record: Mapping[str, Any] | None, *, kind: bool = False) -> dict[str, Any]:
    record = record or {}
    row = {f"{prefix}_id": record.get("id"), f"{prefix}_name": record.get("name") or record.get("text")}
    if kind:
        row[f"{prefix}_kind"] = record.get("kind")
    row[f"{prefix}_side"] = record.get("side")
    return row


def _place(places: list[dict[str, Any]]) -> dict[str, Any]:
    first = places[0] if places else {}
    return {
        "place_id": first.get("id"),
        "place_name": first.get("name") or first.get("text"),
        "latitude": first.get("lat"),
        "longitude": first.get("lon"),
        "places": "; ".join(p.get("name") or p.get("text") or "" for p in places) or None,
    }


def _day(record: Mapping[str, Any]) -> str | None:
    when = record.get("when") or {}
    return when.get("end") or record.get("stated")


def crosswalk_cells(record: Mapping[str, Any]) -> dict[str, Any]:
    """The crosswalk fields of a record as flat cells: a mapping gives one column per key."""
    cells: dict[str, Any] = {}
    for scheme in CROSSWALKS:
        value = record.get(scheme)
        if value is None:
            continue
        if isinstance(value, Mapping):
            for key, inner in value.items():
                cells[f"{scheme}_{key}"] = _cell(inner)
        else:
            cells[scheme] = _cell(value)
    return cells


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return value


def claim_row(
    record: Mapping[str, Any], event_id: str | None = None, doc_url: str | None = None
) -> dict[str, Any]:
    """One claim record (the spec's) as a flat row of the claims table."""
    when = record.get("when") or {}
    quantities = record.get("quantities") or []
    first = quantities[0] if quantities else {}
    outlet = record.get("outlet") or {}
    span = record.get("span") or [None, None]
    return {
        "claim_id": record["claim_id"],
        "event_id": event_id or record.get("event_id"),
        "doc": record.get("doc"),
        "doc_url": doc_url,
        "type": record.get("type"),
        **_entity("claimant", record.get("claimant"), kind=True),
        "outlet_id": outlet.get("id"),
        "outlet_name": outlet.get("name"),
        **_entity("actor", record.get("actor")),
        **_entity("target", record.get("target")),
        "value": first.get("value"),
        "min": first.get("min"),
        "max": first.get("max"),
        "approx": first.get("approx") if first else None,
        "unit": first.get("unit"),
        "item": first.get("item"),
        "figures": len(quantities),
        **_place(record.get("places") or []),
        "when_start": when.get("start"),
        "when_end": when.get("end"),
        "stated": record.get("stated"),
        "day": _day(record),
        "polarity": record.get("polarity"),
        "modality": record.get("modality"),
        "subjects": "; ".join(record.get("subjects") or []) or None,
        "sentence": record.get("sentence"),
        "span_start": span[0],
        "span_end": span[1],
        **crosswalk_cells(record),
    }


def figure_rows(record: Mapping[str, Any], event_id: str | None = None) -> list[dict[str, Any]]:
    """One row for each figure of a claim record."""
    claimant = record.get("claimant") or {}
    return [
        {
            "claim_id": record["claim_id"],
            "event_id": event_id,
            "type": record.get("type"),
            "claimant_id": claimant.get("id"),
            "claimant_name": claimant.get("name") or claimant.get("text"),
            "outlet_id": (record.get("outlet") or {}).get("id"),
            "day": _day(record),
            "figure": i,
            "value": q.get("value"),
            "min": q.get("min"),
            "max": q.get("max"),
            "approx": q.get("approx"),
            "unit": q.get("unit"),
            "item": q.get("item"),
        }
        for i, q in enumerate(record.get("quantities") or [])
    ]


def event_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """One event record (the spec's) as a flat row of the events table."""
    when = record.get("when") or {}

    def names(entities: list[dict[str, Any]]) -> str | None:
        return "; ".join(e.get("name") or e.get("text") or "" for e in entities) or None

    discrepancies = "; ".join(
        f"{d.get('about')}: "
        + ", ".join(f"{v.get('claimant')}={v.get('value')}" for v in d.get("values") or [])
        for d in record.get("discrepancies") or []
    )
    place = _place(record.get("places") or [])
    return {
        "event_id": record["event_id"],
        "type": record.get("type"),
        "title": record.get("title"),
        "when_start": when.get("start"),
        "when_end": when.get("end"),
        "contested": bool(record.get("contested")),
        "claims": len(record.get("claims") or []),
        "claimants": len(record.get("claimants") or []),
        "outlets": len(record.get("outlets") or []),
        "claimant_names": names(record.get("claimants") or []),
        "outlet_names": "; ".join(o.get("name") or "" for o in record.get("outlets") or []) or None,
        **place,
        "participants": names(record.get("participants") or []),
        "discrepancies": discrepancies or None,
        **crosswalk_cells(record),
    }


def _with_extra_columns(name: str, columns: list[Column], rows: list[dict[str, Any]]) -> Table:
    """A table of ``rows`` whose columns are ``columns`` and, after them, any others the rows hold."""
    known = {c.name for c in columns}
    extra = list(dict.fromkeys(k for row in rows for k in row if k not in known))
    return Table(name, [*columns, *(Column(k, "str") for k in extra)], rows)


def claims_table(
    records: Iterable[Mapping[str, Any]], event_of: Mapping[str, str], urls: Mapping[str, str]
) -> Table:
    """The claims table of ``records``, each with its event (``event_of``) and its document's URL."""
    rows = [claim_row(r, event_of.get(r["claim_id"]), urls.get(r.get("doc") or "")) for r in records]
    return _with_extra_columns("claims", CLAIM_COLUMNS, rows)


def figures_table(records: Iterable[Mapping[str, Any]], event_of: Mapping[str, str]) -> Table:
    rows = [row for r in records for row in figure_rows(r, event_of.get(r["claim_id"]))]
    return _with_extra_columns("figures", FIGURE_COLUMNS, rows)


def events_table(records: Iterable[Mapping[str, Any]]) -> Table:
    return _with_extra_columns("events", EVENT_COLUMNS, [event_row(r) for r in records])
