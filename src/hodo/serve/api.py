"""The HTTP API (FastAPI): hodo's claims, events, documents, entities, facets, series and digests as JSON.

The same app serves the web pages (``serve.web``, added last); an error on a
page's path is answered as a page, an error of the API as JSON.

Routes are thin: they check parameters (``params``), call a store query and,
where a surface shows more than records, a ``hodo.views`` function, and
render (``responses``). Every read opens the store read-only in one read
transaction (``store.reader``), so a running ingest never blocks the server
and the server never blocks an ingest. Writes (``POST /documents``) are off
unless the app has a token, and then go through ``pipeline.ingest_documents``,
the call ``hodo ingest`` makes, in a worker process (``writer``), one at a time.

The interactive docs (``/docs``, ``/redoc``) are served from the Swagger UI
and ReDoc files that ``fastapi-offline`` ships, never from a CDN.
"""

from __future__ import annotations

import hmac
import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request as StarletteRequest

from hodo import __version__
from hodo.ingest import InputError, max_bytes_limit
from hodo.models import CLAIM_TYPES, RawDocument
from hodo.packs import DEFAULT_PACK
from hodo.serve import TOKEN_ENV
from hodo.serve.connection import Conn
from hodo.serve.digest_page import render_digest
from hodo.serve.params import (
    LIST_FORMATS,
    ApiError,
    CursorParam,
    FormatParam,
    Limit,
    Text,
    TypeParam,
    check_limit,
    check_range,
    choice,
    claim_query,
    event_query,
    parse_bool,
    parse_date,
    reject_unknown_parameters,
    role_param,
)
from hodo.serve.reads import event_view, figure_series
from hodo.serve.responses import JSON, list_response
from hodo.serve.uploads import UploadError, UploadTooLarge, from_form, from_json
from hodo.serve.web import add_web_ui, error_page, is_page_path
from hodo.serve.writer import Writer
from hodo.store import Store, StoreError, resolve_db_path
from hodo.store.claim_search import CLAIM_SORTS, ClaimQuery, claim_page
from hodo.store.day import day_records
from hodo.store.documents import DOCUMENT_SORTS, DocumentQuery, document_page
from hodo.store.entity_search import EntityQuery, entity_claims, entity_page
from hodo.store.event_search import EVENT_SORTS, event_page
from hodo.store.exports import iter_claim_records
from hodo.store.facets import FACETS, claim_facets
from hodo.store.paging import DEFAULT_LIMIT, CursorError, Page
from hodo.store.provenance import claim_source
from hodo.store.queries import load_document
from hodo.store.reader import reading
from hodo.store.schema import SCHEMA_VERSION, schema_version
from hodo.store.summary import store_counts
from hodo.views.claim import claim_provenance
from hodo.views.digest import API_PREFIX, build_digest
from hodo.views.document import document_view
from hodo.views.export import CLAIM_COLUMNS, EVENT_COLUMNS, claim_row, event_row
from hodo.views.series import series_record, series_rows

CONTEXT_CHARS = 200
MAX_CONTEXT_CHARS = 10_000
# Room for a form's boundaries and fields around a file at the size limit.
FORM_OVERHEAD = 64 * 1024


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The error as JSON, or, to a request for a web page, as a page that says it."""
    if is_page_path(request.url.path):
        return error_page(request, status, message, headers)
    return JSON({"error": {"status": status, "message": message}}, status_code=status, headers=headers)


class _Service:
    """What the routes share: the store's path, the write token and the writer process."""

    def __init__(self, db: Path | str, token: str | None, pack_name: str | None, max_bytes: int) -> None:
        self.db = db
        self.token = token
        self.max_bytes = max_bytes
        self.writer = Writer(db, pack_name or DEFAULT_PACK)

    def connection(self) -> Iterator[sqlite3.Connection]:
        try:
            with reading(self.db) as conn:
                yield conn
        except StoreError as exc:
            raise ApiError(503, str(exc)) from exc

    def check_token(self, request: Request) -> None:
        if not self.token:
            raise ApiError(
                403, f"writes are off: start the server with --token or ${TOKEN_ENV} to allow them"
            )
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise ApiError(401, "a write needs Authorization: Bearer TOKEN", {"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            raise ApiError(403, "the token is wrong")


def _closing(service: _Service) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The app's lifespan: at shutdown, the writer process ends."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            service.writer.close()

    return lifespan


Claims = Annotated[ClaimQuery, Depends(claim_query)]


def _prepare(db: Path | str) -> None:
    """Create or migrate the store once, so that every later read can be read-only."""
    if isinstance(db, Path) and db.is_file():
        conn = sqlite3.connect(f"file:{quote(str(db.resolve()))}?mode=ro", uri=True)
        try:
            current = schema_version(conn)
        finally:
            conn.close()
        if current == SCHEMA_VERSION:
            return
    Store.open(db).close()


def _page_args(cursor: str | None, limit: int, sort: str, sorts: dict[str, Any]) -> dict[str, Any]:
    return {
        "cursor": cursor or None,
        "limit": check_limit(limit),
        "sort": choice(sort, "sort", tuple(sorts)) or sort,
    }


def create_app(
    db: str | os.PathLike[str],
    *,
    token: str | None = None,
    pack_name: str | None = None,
    max_bytes: int | None = None,
) -> FastAPI:
    """The API over the store at ``db``; ``token`` turns writes on."""
    db_path = resolve_db_path(db)
    _prepare(db_path)
    service = _Service(db_path, token or None, pack_name, max_bytes or max_bytes_limit())
    app = FastAPIOffline(
        title="hodo",
        version=__version__,
        description="Who claims what, when, with which numbers: claims and contested events from Japanese war news.",
        swagger_ui_parameters={"validatorUrl": None},
        dependencies=[Depends(reject_unknown_parameters)],
        lifespan=_closing(service),
    )
    app.state.service = service

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return _error(request, exc.status, exc.message, exc.headers)

    @app.exception_handler(CursorError)
    async def _cursor_error(request: Request, exc: CursorError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
            problems.append(f"{where}: {error.get('msg')}")
        return _error(request, 400, "; ".join(problems) or "bad request")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else "error"
        if exc.status_code == 404 and message == "Not Found":
            where = "no such page" if is_page_path(request.url.path) else "no such endpoint"
            message = f"{where}: {request.url.path} (see /docs)"
        return _error(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.get(API_PREFIX, summary="What the store holds")
    def index(conn: Conn) -> JSON:
        return JSON(
            {"hodo": __version__, **store_counts(conn), "writes": bool(service.token), "docs": "/docs"}
        )

    @app.get(f"{API_PREFIX}/claims", summary="Claims, filtered, a page at a time")
    def list_claims(
        request: Request,
        conn: Conn,
        q: Claims,
        sort: Annotated[str, Query(description="doc (document order), date or -date.")] = "doc",
        cursor: CursorParam = None,
        limit: Limit = DEFAULT_LIMIT,
        format: FormatParam = "json",
    ) -> Response:
        fmt = choice(format, "format", LIST_FORMATS) or "json"
        page = claim_page(conn, q, **_page_args(cursor, limit, sort, CLAIM_SORTS))
        return list_response(request, page, fmt, csv_row=claim_row, csv_columns=CLAIM_COLUMNS)

    @app.get(f"{API_PREFIX}/claims/{{claim_id}}", summary="One claim with the text around it and its offsets")
    def get_claim(
        conn: Conn,
        claim_id: Annotated[str, PathParam()],
        context: Annotated[
            int, Query(description="Characters of text either side, 0 to 10000.")
        ] = CONTEXT_CHARS,
    ) -> JSON:
        if not 0 <= context <= MAX_CONTEXT_CHARS:
            raise ApiError(400, f"context={context}: expected 0 to {MAX_CONTEXT_CHARS}")
        source = claim_source(conn, claim_id, context)
        if source is None:
            raise ApiError(404, f"{claim_id}: no such claim")
        return JSON(asdict(claim_provenance(source)))

    @app.get(f"{API_PREFIX}/events", summary="Events, filtered, a page at a time")
    def list_events(
        request: Request,
        conn: Conn,
        q: Claims,
        contested: Annotated[
            str | None, Query(description="true: only events whose claimants disagree.")
        ] = None,
        sort: Annotated[str, Query(description="date or -date (the event's first day).")] = "-date",
        cursor: CursorParam = None,
        limit: Limit = DEFAULT_LIMIT,
        format: FormatParam = "json",
    ) -> Response:
        fmt = choice(format, "format", LIST_FORMATS) or "json"
        query = event_query(q, parse_bool(contested, "contested"))
        page = event_page(conn, query, **_page_args(cursor, limit, sort, EVENT_SORTS))
        return list_response(request, page, fmt, csv_row=event_row, csv_columns=EVENT_COLUMNS)

    @app.get(f"{API_PREFIX}/events/{{event_id}}", summary="One event, its claims side by side by claimant")
    def get_event(conn: Conn, event_id: str) -> JSON:
        view = event_view(conn, event_id)
        if view is None:
            raise ApiError(404, f"{event_id}: no such event")
        return JSON(asdict(view))

    @app.get(f"{API_PREFIX}/documents", summary="Documents, a page at a time")
    def list_documents(
        request: Request,
        conn: Conn,
        since: Text = None,
        until: Text = None,
        sort: Annotated[str, Query(description="id, date or -date.")] = "id",
        cursor: CursorParam = None,
        limit: Limit = DEFAULT_LIMIT,
        format: FormatParam = "json",
    ) -> Response:
        fmt = choice(format, "format", LIST_FORMATS) or "json"
        query = DocumentQuery(parse_date(since, "since"), parse_date(until, "until"))
        check_range(query.since, query.until)
        page = document_page(conn, query, **_page_args(cursor, limit, sort, DOCUMENT_SORTS))
        return list_response(request, page, fmt, csv_row=dict)

    @app.get(f"{API_PREFIX}/documents/{{doc_id:path}}", summary="One document: reports, sentences, claims")
    def get_document(conn: Conn, doc_id: str) -> JSON:
        doc = load_document(conn, doc_id)
        if doc is None:
            raise ApiError(404, f"{doc_id}: no such document")
        return JSON(document_view(doc, list(iter_claim_records(conn, ClaimQuery(doc=doc_id)))))

    @app.post(f"{API_PREFIX}/documents", status_code=201, summary="Ingest a document (needs the write token)")
    async def post_document(request: Request) -> JSON:
        service.check_token(request)
        documents = await _read_upload(request, service.max_bytes)
        result = await service.writer.ingest(documents)
        statuses = {d["status"] for d in result["documents"]}
        if statuses == {"failed"}:
            problems = "; ".join(f"{d['doc_id']}: {d['problem']}" for d in result["documents"])
            raise ApiError(400, problems)
        return JSON(result, status_code=201 if statuses & {"new", "replaced"} else 200)

    @app.get(f"{API_PREFIX}/entities", summary="Entities named in claims, most-cited first")
    def list_entities(
        request: Request,
        conn: Conn,
        q: Annotated[str | None, Query(description="Part of an id, name or surface form.")] = None,
        kind: Text = None,
        role: Annotated[str | None, Query(description="claimant, actor, target or place.")] = None,
        cursor: CursorParam = None,
        limit: Limit = DEFAULT_LIMIT,
        format: FormatParam = "json",
    ) -> Response:
        fmt = choice(format, "format", LIST_FORMATS) or "json"
        query = EntityQuery(text=q or None, kind=kind or None, role=role_param(role))
        page = entity_page(conn, query, cursor=cursor or None, limit=check_limit(limit))
        records = Page([e.to_record() for e in page.items], page.total, page.next)
        return list_response(request, records, fmt, csv_row=dict)

    @app.get(
        f"{API_PREFIX}/entities/{{ident:path}}", summary="One entity: surface forms and a page of its claims"
    )
    def get_entity(
        conn: Conn,
        ident: str,
        role: Annotated[str | None, Query(description="Only claims where it has this role.")] = None,
        cursor: CursorParam = None,
        limit: Limit = DEFAULT_LIMIT,
    ) -> JSON:
        found = entity_claims(
            conn, ident, role=role_param(role), cursor=cursor or None, limit=check_limit(limit)
        )
        if found is None:
            raise ApiError(404, f"{ident}: no such entity in the stored claims")
        page = found.claims
        return JSON(
            {
                "entity": found.entity.to_record(),
                "surface_forms": found.surface_forms,
                "claims": {
                    "items": page.items,
                    "count": len(page.items),
                    "total": page.total,
                    "next_cursor": page.next,
                },
            }
        )

    @app.get(
        f"{API_PREFIX}/facets", summary="Counts of the matching claims by type, claimant, outlet, place, day"
    )
    def facets(
        conn: Conn,
        q: Claims,
        facet: Annotated[
            list[str] | None, Query(description=f"Which facets (default all): {', '.join(FACETS)}.")
        ] = None,
        facet_limit: Annotated[int, Query(description="Values a facet, 1 to 1000.")] = 50,
    ) -> JSON:
        names = tuple(choice(f, "facet", FACETS) or f for f in facet or FACETS)
        if not 1 <= facet_limit <= 1000:
            raise ApiError(400, f"facet_limit={facet_limit}: expected 1 to 1000")
        total = claim_page(conn, q, limit=1).total
        found = claim_facets(conn, q, facets=names, limit=facet_limit)
        return JSON(
            {"total": total, "facets": {name: [asdict(v) for v in values] for name, values in found.items()}}
        )

    @app.get(f"{API_PREFIX}/series", summary="A claimant's figures per day, for a claim type and an item")
    def series(
        request: Request,
        conn: Conn,
        claimant: Annotated[
            list[str], Query(description="Claimant (repeat for several series side by side).")
        ],
        type: TypeParam,
        item: Annotated[str | None, Query(description="What is counted, e.g. drones.")] = None,
        since: Text = None,
        until: Text = None,
        format: Annotated[str, Query(description="json or csv.")] = "json",
    ) -> Response:
        claim_type = choice(type, "type", CLAIM_TYPES)
        if claim_type is None:
            raise ApiError(400, "type is required")
        fmt = choice(format, "format", ("json", "csv")) or "json"
        day_from, day_to = parse_date(since, "since"), parse_date(until, "until")
        check_range(day_from, day_to)
        found = figure_series(conn, claimant, claim_type, item or None, day_from, day_to)
        if fmt == "csv":
            rows = series_rows(found)
            return list_response(request, Page(rows, len(rows)), "csv", csv_row=dict)
        return JSON(series_record(claim_type, item, found))

    @app.get(f"{API_PREFIX}/digest/{{day}}", summary="The day's digest: contested events first")
    def digest(
        request: Request,
        conn: Conn,
        day: str,
        format: Annotated[str, Query(description="json, md or html.")] = "json",
    ) -> Response:
        fmt = choice(format, "format", ("json", "md", "html")) or "json"
        when = parse_date(day, "date") or date.today()
        records = day_records(conn, when)
        base = str(request.base_url).rstrip("/")
        view = build_digest(when, records.events, records.claims, records.urls, base_url=base)
        if fmt == "md":
            return Response(render_digest(view, "md"), media_type="text/markdown; charset=utf-8")
        if fmt == "html":
            return HTMLResponse(render_digest(view, "html"))
        return JSON(asdict(view))

    add_web_ui(app)
    return app


async def _read_upload(request: Request, max_bytes: int) -> list[RawDocument | InputError]:
    """The documents in a POST body, refusing (413) a body over the size limit before reading it all."""
    limit = max_bytes + FORM_OVERHEAD
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"the body is {int(declared):,} bytes, over the limit of {limit:,}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"the body is over the limit of {limit:,} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if kind == "application/json":
            return from_json(body, max_bytes)
        if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
            return await _from_form(request, body, max_bytes)
    except UploadTooLarge as exc:
        raise ApiError(413, str(exc)) from exc
    except UploadError as exc:
        raise ApiError(400, str(exc)) from exc
    raise ApiError(415, 'send application/json ({"text": …}) or a form (a file or a text field)')


async def _from_form(request: Request, body: bytes, max_bytes: int) -> list[RawDocument | InputError]:
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await StarletteRequest(request.scope, replay).form(max_part_size=max_bytes + FORM_OVERHEAD)
    except Exception as exc:  # python-multipart's and Starlette's parse errors have no common base
        raise UploadError(f"the form cannot be read: {exc}") from exc
    upload = form.get("file")
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    if upload is not None and not isinstance(upload, str):
        data = await upload.read()
        return from_form(values, upload.filename, data, max_bytes)
    return from_form(values, None, None, max_bytes)
