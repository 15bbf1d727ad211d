"""The web pages' routes: each reads the store through its queries, computes with ``hodo.views``, renders a template.

Every route is a GET over the request's read-only connection, so no page can
change the store. Parameters are the API's (``claim_query`` and the rest of
``serve.params``): a page's URL holds its whole query, and the same query
string given to ``/api/v1/claims`` returns the same claims as JSON.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from hodo.models import CLAIM_TYPES
from hodo.serve.connection import Conn
from hodo.serve.params import (
    ApiError,
    CursorParam,
    Text,
    check_range,
    choice,
    claim_query,
    parse_bool,
    parse_date,
    role_param,
)
from hodo.serve.reads import event_view, figure_series
from hodo.serve.web.charts import KINDS, chart_figure, count_series
from hodo.serve.web.geo import map_figure
from hodo.serve.web.rendering import claim_url, document_url, page_url, render_page
from hodo.store.claim_search import CLAIM_SORTS, ClaimQuery, claim_document, claim_page
from hodo.store.day import day_records, event_days
from hodo.store.documents import DocumentQuery, document_links, document_page
from hodo.store.entity_search import EntityQuery, entity_claims, entity_days, entity_page
from hodo.store.event_search import EventQuery, event_page
from hodo.store.exports import iter_claim_records
from hodo.store.facets import FACETS, claim_facets
from hodo.store.paging import MAX_LIMIT
from hodo.store.queries import ROLES, load_document
from hodo.store.series import series_choices
from hodo.views.digest import build_digest
from hodo.views.document import document_reading
from hodo.views.event import statement_timeline
from hodo.views.places import event_places
from hodo.views.series import Series, SeriesPoint

PAGE_SIZE = 20
FACET_VALUES = 12
RECENT_CONTESTED = 8

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Claims = Annotated[ClaimQuery, Depends(claim_query)]
PageSize = Annotated[int, Query()]


def _size(limit: int) -> int:
    if not 1 <= limit <= 200:
        raise ApiError(400, f"limit={limit}: expected 1 to 200")
    return limit


def _source_urls(conn: sqlite3.Connection, records: list[dict[str, Any]]) -> dict[str, str]:
    """Each claim's document URL, by claim id, for the claims whose document has one.

    The store keys documents by ``doc_id`` (a file's path as given); a
    record's ``doc`` is only the file's name, and stands in for ``doc_id`` in
    records stored before documents had identities.
    """
    doc_of = {r["claim_id"]: r.get("doc_id") or r["doc"] for r in records}
    links = document_links(conn, sorted(set(doc_of.values())))
    return {claim: links[doc].url for claim, doc in doc_of.items() if doc in links and links[doc].url}


def _params(request: Request) -> dict[str, str]:
    """The request's query, without its cursor: what a link to another page of results keeps."""
    return {k: v for k, v in request.query_params.items() if k != "cursor"}


@router.get("/")
def front_page(request: Request, conn: Conn, day: Text = None) -> HTMLResponse:
    """The digest of a day (the latest with events, unless ``day`` says), contested events first."""
    days = event_days(conn)
    when = parse_date(day, "day") or (days[-1] if days else date.today())
    records = day_records(conn, when)
    digest = build_digest(when, records.events, records.claims, records.urls)
    recent = event_page(conn, EventQuery(contested=True), sort="-date", limit=RECENT_CONTESTED).items
    return render_page(
        request,
        "front.html.j2",
        digest=digest,
        day=when.isoformat(),
        first=days[0].isoformat() if days else None,
        last=days[-1].isoformat() if days else None,
        previous=next((d.isoformat() for d in reversed(days) if d < when), None),
        following=next((d.isoformat() for d in days if d > when), None),
        recent=[e for e in recent if e["event_id"] not in {c.event_id for c in digest.contested}],
    )


@router.get("/events/{event_id}")
def event_detail(request: Request, conn: Conn, event_id: str) -> HTMLResponse:
    view = event_view(conn, event_id)
    if view is None:
        raise ApiError(404, f"{event_id}: no such event")
    docs = sorted({row.doc for group in view.claimants for row in group.claims})
    urls = {doc_id: link.url for doc_id, link in document_links(conn, docs).items()}
    return render_page(request, "event.html.j2", view=view, timeline=statement_timeline(view), urls=urls)


@router.get("/search")
def search(
    request: Request,
    conn: Conn,
    q: Claims,
    sort: Text = "-date",
    cursor: CursorParam = None,
    limit: PageSize = PAGE_SIZE,
) -> HTMLResponse:
    """Claims by full-text and facets; every filter a facet sets combines with the others."""
    order = choice(sort, "sort", tuple(CLAIM_SORTS)) or "-date"
    found = claim_page(conn, q, sort=order, cursor=cursor or None, limit=_size(limit))
    facets = claim_facets(conn, q, facets=FACETS, limit=FACET_VALUES)
    return render_page(
        request,
        "search.html.j2",
        query=q,
        params=_params(request),
        sort=order,
        sorts=tuple(CLAIM_SORTS),
        page=found,
        facets=facets,
        urls=_source_urls(conn, found.items),
        first_page=bool(cursor),
    )


@router.get("/claims/{claim_id}")
def claim_in_document(conn: Conn, claim_id: str) -> RedirectResponse:
    """A claim is shown where it was written: its document, at its sentence."""
    doc_id = claim_document(conn, claim_id)
    if doc_id is None:
        raise ApiError(404, f"{claim_id}: no such claim")
    return RedirectResponse(document_url(doc_id, claim_id), status_code=302)


@router.get("/documents")
def documents(
    request: Request,
    conn: Conn,
    since: Text = None,
    until: Text = None,
    cursor: CursorParam = None,
    limit: PageSize = 50,
) -> HTMLResponse:
    query = DocumentQuery(parse_date(since, "since"), parse_date(until, "until"))
    check_range(query.since, query.until)
    found = document_page(conn, query, sort="-date", cursor=cursor or None, limit=_size(limit))
    return render_page(request, "documents.html.j2", page=found, params=_params(request), first_page=bool(cursor))


@router.get("/documents/{doc_id:path}")
def document(request: Request, conn: Conn, doc_id: str) -> HTMLResponse:
    """The document's text, each claim's sentence highlighted by type, its reports marked."""
    doc = load_document(conn, doc_id)
    if doc is None:
        raise ApiError(404, f"{doc_id}: no such document")
    claims = list(iter_claim_records(conn, ClaimQuery(doc=doc_id)))
    return render_page(
        request,
        "document.html.j2",
        doc=doc,
        reports=document_reading(doc, claims),
        claims=claims,
        types=list(dict.fromkeys(c["type"] for c in claims)),
    )


@router.get("/entities")
def entities(
    request: Request,
    conn: Conn,
    q: Text = None,
    kind: Text = None,
    role: Text = None,
    cursor: CursorParam = None,
    limit: PageSize = 50,
) -> HTMLResponse:
    query = EntityQuery(text=q or None, kind=kind or None, role=role_param(role))
    found = entity_page(conn, query, cursor=cursor or None, limit=_size(limit))
    return render_page(
        request, "entities.html.j2", page=found, query=query, roles=ROLES, params=_params(request), first_page=bool(cursor)
    )


@router.get("/entities/{ident:path}")
def entity(
    request: Request,
    conn: Conn,
    ident: str,
    role: Text = None,
    sort: Text = "-date",
    cursor: CursorParam = None,
    limit: PageSize = PAGE_SIZE,
) -> HTMLResponse:
    """A claimant's or place's claims over time, and the surface forms it was written in."""
    order = choice(sort, "sort", tuple(CLAIM_SORTS)) or "-date"
    found = entity_claims(conn, ident, role=role_param(role), sort=order, cursor=cursor or None, limit=_size(limit))
    days = entity_days(conn, ident)
    if found is None or days is None:
        raise ApiError(404, f"{ident}: no such entity in the stored claims")
    key = found.entity.key
    by_role = {r: {d.day: d.claims for d in days if d.role == r} for r in ROLES}
    chart = chart_figure(
        [count_series(r, "claims", counts) for r, counts in by_role.items() if counts],
        "bar",
        lambda s, p: page_url("/search", {s.claimant["name"]: key, "since": p.day, "until": p.day}),
    )
    return render_page(
        request,
        "entity.html.j2",
        found=found,
        urls=_source_urls(conn, found.claims.items),
        chart=chart,
        sort=order,
        sorts=tuple(CLAIM_SORTS),
        params=_params(request),
        first_page=bool(cursor),
    )


def _point_link(series: Series, point: SeriesPoint) -> str:
    """One claim's point opens it; a point of several lists them (that claimant, type and day)."""
    if len(point.claims) == 1:
        return claim_url(point.claims[0])
    who = series.claimant.get("id") or series.claimant.get("query")
    return page_url("/search", {"claimant": who, "type": series.type, "since": point.day, "until": point.day})


@router.get("/charts")
def charts(
    request: Request,
    conn: Conn,
    claimant: Annotated[list[str] | None, Query()] = None,
    type: Text = None,
    item: Text = None,
    since: Text = None,
    until: Text = None,
    kind: Text = "line",
) -> HTMLResponse:
    """A claimant's figures per day, one series an item, each point linking to its claims."""
    choices = series_choices(conn)
    claim_type = choice(type, "type", CLAIM_TYPES)
    chart_kind = choice(kind, "kind", KINDS) or "line"
    who = [c for c in claimant or [] if c]
    if not who and choices:
        pick = next((c for c in choices if c.type == claim_type), choices[0]) if claim_type else choices[0]
        who = [pick.claimant]
    if claim_type is None:
        claim_type = next((c.type for c in choices if c.claimant in who), None)
    day_from, day_to = parse_date(since, "since"), parse_date(until, "until")
    check_range(day_from, day_to)
    series = figure_series(conn, who, claim_type, item or None, day_from, day_to) if claim_type and who else []
    return render_page(
        request,
        "charts.html.j2",
        choices=choices,
        claimants=who,
        claim_type=claim_type,
        item=item or "",
        since=since or "",
        until=until or "",
        kind=chart_kind,
        kinds=KINDS,
        series=series,
        chart=chart_figure(series, chart_kind, _point_link),
        params=_params(request),
    )


@router.get("/map")
def event_map(
    request: Request,
    conn: Conn,
    type: Text = None,
    since: Text = None,
    until: Text = None,
    contested: Text = None,
) -> HTMLResponse:
    """The places of the events that match, drawn over the country outlines of the packaged atlas."""
    query = EventQuery(
        type=choice(type, "type", CLAIM_TYPES),
        since=parse_date(since, "since"),
        until=parse_date(until, "until"),
        contested=parse_bool(contested, "contested"),
    )
    check_range(query.since, query.until)
    found = event_page(conn, query, sort="-date", limit=MAX_LIMIT)
    places = event_places(found.items)
    return render_page(
        request,
        "map.html.j2",
        figure=map_figure(places.points),
        places=places,
        shown=len(found.items),
        total=found.total,
        query=asdict(query),
        params=_params(request),
    )
