"""Where events happened: one point a place, at the coordinates the gazetteer gave it, with its events.

A place is its entity id (or, unlinked, its name); places without coordinates
are counted apart, since they cannot be drawn. Points come with the most
events first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PlaceEvent:
    event_id: str
    title: str
    type: str
    when: dict[str, str] | None
    contested: bool


@dataclass
class PlacePoint:
    key: str
    id: str | None
    name: str
    lat: float
    lon: float
    events: list[PlaceEvent] = field(default_factory=list)

    @property
    def contested(self) -> int:
        return sum(1 for e in self.events if e.contested)


@dataclass
class EventPlaces:
    points: list[PlacePoint]
    # Places named by the events that have no coordinates, with how many events name each.
    unplaced: dict[str, int]


def event_places(events: Iterable[dict[str, Any]]) -> EventPlaces:
    """The places of ``events`` (the spec's event records) as points, each listing its events once."""
    points: dict[str, PlacePoint] = {}
    unplaced: dict[str, int] = {}
    for event in events:
        seen: set[str] = set()
        for place in event.get("places") or []:
            name = place.get("name") or place.get("text") or ""
            key = place.get("id") or f"~{name}"
            if key in seen:
                continue
            seen.add(key)
            lat, lon = place.get("lat"), place.get("lon")
            if not isinstance(lat, int | float) or not isinstance(lon, int | float):
                unplaced[name] = unplaced.get(name, 0) + 1
                continue
            point = points.setdefault(key, PlacePoint(key, place.get("id"), name, float(lat), float(lon)))
            point.events.append(
                PlaceEvent(
                    event["event_id"],
                    event.get("title") or event["event_id"],
                    event["type"],
                    event.get("when"),
                    bool(event.get("contested")),
                )
            )
    ranked = sorted(points.values(), key=lambda p: (-len(p.events), p.name))
    return EventPlaces(ranked, dict(sorted(unplaced.items(), key=lambda kv: (-kv[1], kv[0]))))
