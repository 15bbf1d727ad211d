"""The API's query parameters: parsed, checked, and turned into store queries, or a 400 that says why.

Every route declares its parameters (so the OpenAPI schema lists them); this
module gives them meaning and refuses bad values with a message naming the
parameter. A parameter that a route does not know is refused too, so a
mistyped filter never silently matches everything.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated

from fastapi import Query, Request

from hodo.models import CLAIM_TYPES
from hodo.store.claim_search import MODALITIES, POLARITIES, ClaimQuery
from hodo.store.event_search import EventQuery
from hodo.store.paging import MAX_LIMIT
from hodo.store.queries import ROLES

LIST_FORMATS = ("json", "jsonl", "csv")


class ApiError(Exception):
    """An error the client made or must know of: sent as JSON with ``status``."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def reject_unknown_parameters(request: Request) -> None:
    """400 for a query parameter the route does not declare."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known: set[str] = set()
    pending = [dependant]
    while pending:
        current = pending.pop()
        known.update(p.alias for p in current.query_params)
        pending += current.dependencies
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise ApiError(
            400, f"unknown parameter {unknown[0]!r} (this endpoint takes: {', '.join(sorted(known))})"
        )


def parse_date(value: str | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"{name}={value!r}: expected a date as YYYY-MM-DD") from None


def choice(value: str | None, name: str, allowed: tuple[str, ...]) -> str | None:
    if value is None or value == "":
        return None
    if value not in allowed:
        raise ApiError(400, f"{name}={value!r}: expected one of {', '.join(allowed)}")
    return value


def parse_bool(value: str | None, name: str) -> bool | None:
    if value is None or value == "":
        return None
    lowered = value.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise ApiError(400, f"{name}={value!r}: expected true or false")


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiError(400, f"limit={limit}: expected 1 to {MAX_LIMIT}")
    return limit


def check_range(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise ApiError(400, f"since={since} is after until={until}")


TypeParam = Annotated[
    str | None, Query(description="Claim type, e.g. air_defense.", examples=["air_defense"])
]
Text = Annotated[str | None, Query()]
Limit = Annotated[int, Query(description=f"Items a page, 1 to {MAX_LIMIT}.")]
CursorParam = Annotated[str | None, Query(description="The next_cursor of the previous page.")]
FormatParam = Annotated[str, Query(description="json, jsonl or csv.")]


def claim_query(
    type: TypeParam = None,
    claimant: Annotated[
        str | None, Query(description="Claimant: entity id, English name or surface form.")
    ] = None,
    place: Annotated[str | None, Query(description="A place of the claim: id, name or surface form.")] = None,
    since: Annotated[
        str | None, Query(description="On or after YYYY-MM-DD (the claim's when, else stated).")
    ] = None,
    until: Annotated[str | None, Query(description="On or before YYYY-MM-DD.")] = None,
    doc: Annotated[str | None, Query(description="Document id.")] = None,
    contains: Annotated[str | None, Query(description="Text in the sentence.")] = None,
    outlet: Annotated[str | None, Query(description="Outlet id or name.")] = None,
    actor: Annotated[str | None, Query(description="Actor: id, name or surface form.")] = None,
    target: Annotated[str | None, Query(description="Target: id, name or surface form.")] = None,
    polarity: Annotated[str | None, Query(description="affirmed or denied.")] = None,
    modality: Annotated[str | None, Query(description="asserted, estimated, rumored or planned.")] = None,
    event: Annotated[str | None, Query(description="Event id: the claims of that event.")] = None,
) -> ClaimQuery:
    """The claim filters shared by /claims, /events and /facets."""
    q = ClaimQuery(
        type=choice(type, "type", CLAIM_TYPES),
        claimant=claimant or None,
        place=place or None,
        since=parse_date(since, "since"),
        until=parse_date(until, "until"),
        doc=doc or None,
        contains=contains or None,
        outlet=outlet or None,
        actor=actor or None,
        target=target or None,
        polarity=choice(polarity, "polarity", POLARITIES),
        modality=choice(modality, "modality", MODALITIES),
        event=event or None,
    )
    check_range(q.since, q.until)
    return q


def role_param(role: str | None) -> str | None:
    return choice(role, "role", ROLES)


def event_query(q: ClaimQuery, contested: bool | None) -> EventQuery:
    """Events: type and dates on the event itself, every other filter on any of its claims."""
    on_claims = ClaimQuery(**{**asdict(q), "type": None, "since": None, "until": None})
    return EventQuery(type=q.type, since=q.since, until=q.until, contested=contested, claims=on_claims)
