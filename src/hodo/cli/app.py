"""The Typer commands: thin shells over the pipeline, the store queries and the renderers.

Data goes to stdout, messages and errors to stderr. User errors raise
``UserError``; ``hodo.cli.main`` prints them as one line and exits non-zero.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from importlib.resources import as_file, files
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from hodo import __version__
from hodo.cli.output import (
    OutputFormat,
    claims_table,
    document_view,
    documents_table,
    entities_table,
    entity_detail_record,
    entity_view,
    events_table,
    write_claims,
    write_documents,
    write_entities,
    write_entity_claims,
    write_events,
)
from hodo.cli.pack_command import pack_app
from hodo.cli.progress import ClusterProgressBar, IngestProgress
from hodo.models import CLAIM_TYPES
from hodo.packs import DEFAULT_PACK, Pack, PackError, load_pack
from hodo.serve import local_url
from hodo.store import ClaimFilter, Store
from hodo.store.queries import (
    claims_by_id,
    clustering_status,
    count_claims,
    count_documents,
    count_events,
    entity_detail,
    find_documents,
    get_event,
    list_documents,
    load_document,
    search_entities,
    select_claims,
    select_events,
)

# What a table shows unless --limit says otherwise; machine formats write everything.
TABLE_LIMIT = 100


class UserError(Exception):
    """A mistake in what the user asked for: printed as one line, exit status ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Settings:
    db: str | None
    quiet: bool
    pack_name: str
    create: bool = False

    def pack(self) -> Pack:
        try:
            return load_pack(self.pack_name)
        except PackError as exc:
            raise UserError(str(exc)) from exc


app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="hodo: who claims what, when, with which numbers, in Japanese war news.",
)

app.add_typer(pack_app, name="pack")

stdout = Console(highlight=False)
stderr = Console(stderr=True, highlight=False)


def _version(value: bool) -> None:
    if value:
        print(f"hodo {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database file or postgresql:// URL (default: $HODO_DB or the user data dir)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or info messages.")] = False,
    pack: Annotated[str, typer.Option("--pack", help="Domain pack name or folder.")] = DEFAULT_PACK,
    create: Annotated[
        bool, typer.Option("--create", help="Make the --db file's folder when it does not exist.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    ctx.obj = Settings(db=db, quiet=quiet, pack_name=pack, create=create)


def _settings(ctx: typer.Context) -> Settings:
    return ctx.obj if isinstance(ctx.obj, Settings) else Settings(None, False, DEFAULT_PACK)


@contextmanager
def _store(ctx: typer.Context, *, readonly: bool = False) -> Iterator[Store]:
    """The store to use: read commands open it read-only (it may be a file they cannot write)."""
    settings = _settings(ctx)
    with Store.open(settings.db, readonly=readonly, create=settings.create) as store:
        yield store


def _info(ctx: typer.Context, message: str) -> None:
    if not _settings(ctx).quiet:
        stderr.print(message, markup=False, highlight=False, soft_wrap=True)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise UserError(f"{option} {value!r}: expected a date as YYYY-MM-DD") from None


def _filter(
    type_: str | None,
    claimant: str | None,
    place: str | None,
    since: str | None,
    until: str | None,
    doc: str | None,
    contains: str | None,
    limit: int | None,
) -> ClaimFilter:
    if type_ and type_ not in CLAIM_TYPES:
        raise UserError(f"--type {type_!r}: not a claim type (one of {', '.join(CLAIM_TYPES)})")
    if limit is not None and limit < 0:
        raise UserError("--limit must not be negative")
    first, last = _date(since, "--since"), _date(until, "--until")
    if first and last and first > last:
        raise UserError(f"--since {since} is after --until {until}: nothing could match")
    return ClaimFilter(
        type=type_,
        claimant=claimant,
        place=place,
        since=first,
        until=last,
        doc=doc,
        contains=contains,
        limit=limit,
    )


def _document_id(store: Store, given: str) -> str:
    """The identity ``given`` names: a document's own, or the one stored under that base name."""
    found = find_documents(store.conn, given)
    if not found:
        raise UserError(f"{given}: no such document (see hodo docs)", code=1)
    if len(found) > 1:
        shown = ", ".join(found[:5]) + (", …" if len(found) > 5 else "")
        raise UserError(f"{given}: {len(found)} documents have that name ({shown}); give one of them", code=1)
    return found[0]


def _resolved(store: Store, flt: ClaimFilter) -> ClaimFilter:
    return replace(flt, doc=_document_id(store, flt.doc)) if flt.doc else flt


def _table_limit(fmt: OutputFormat, limit: int | None) -> int | None:
    """Tables stop at TABLE_LIMIT rows unless told; machine formats write every record."""
    return TABLE_LIMIT if fmt is OutputFormat.table and limit is None else limit


def _left_out(ctx: typer.Context, shown: int, total: int, what: str) -> None:
    if total > shown:
        _info(ctx, f"{total - shown} more {what} not shown (--limit N shows more)")


TypeOpt = Annotated[str | None, typer.Option("--type", help="Claim type, e.g. personnel_losses.")]
ClaimantOpt = Annotated[str | None, typer.Option(help="Entity id, name or surface form of the claimant.")]
PlaceOpt = Annotated[str | None, typer.Option(help="Entity id, name or surface form of a place.")]
SinceOpt = Annotated[str | None, typer.Option(help="On or after YYYY-MM-DD.")]
UntilOpt = Annotated[str | None, typer.Option(help="On or before YYYY-MM-DD.")]
DocOpt = Annotated[str | None, typer.Option(help="Document id, or its file name when only one has it.")]
ContainsOpt = Annotated[str | None, typer.Option(help="Text the sentence contains.")]
LimitOpt = Annotated[
    int | None, typer.Option(help=f"At most this many (tables: {TABLE_LIMIT} unless given; other formats: all).")
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]


def ingest_paths(
    ctx: typer.Context,
    paths: list[str],
    day: date | None,
    stdin_id: str | None = None,
    *,
    engine: str = "processes",
    workers: int | None = None,
    ray_address: str | None = None,
) -> int:
    """Ingest and report; return the exit status (1 when any input failed)."""
    # Imported here: the analysis stages load dictionaries that the query commands do not need.
    from hodo.engines.choice import ingest_on

    settings = _settings(ctx)
    pack = settings.pack()
    with _store(ctx) as store, IngestProgress(stderr, quiet=settings.quiet) as progress:
        summary = ingest_on(
            store,
            paths,
            pack,
            engine="ray" if engine == "ray" else "processes",
            workers=workers,
            ray_address=ray_address,
            date_override=day,
            stdin_id=stdin_id,
            progress=progress,
            text_progress=progress.characters,
            cluster_progress=progress.clustering,
        )
    _info(ctx, summary.line())
    if summary.cluster_problem:
        _events_not_updated(summary.cluster_problem)
    return 1 if summary.failed or summary.cluster_problem else 0


def _check_ray() -> None:
    import importlib.util

    if importlib.util.find_spec("ray") is None:
        raise UserError("--engine ray needs Ray: pip install 'hodo[ray]'")


def _events_not_updated(problem: str) -> None:
    stderr.print(
        f"hodo: events not updated ({problem}); the next ingest or hodo recluster places the claims",
        markup=False,
        soft_wrap=True,
    )


@app.command("ingest")
def ingest_command(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files (.txt .html .md .jsonl), folders, or - for stdin.")],
    date_: Annotated[str | None, typer.Option("--date", help="The documents' date, YYYY-MM-DD.")] = None,
    id_: Annotated[
        str | None, typer.Option("--id", help="The identity of the document read from stdin (default: its hash).")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-j", min=1, help="Processes that read and analyse (default: the cores)."),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="processes (this machine) or ray (a Ray cluster).")
    ] = "processes",
    ray_address: Annotated[
        str | None,
        typer.Option("--ray-address", help="The Ray cluster to join, with --engine ray (default: start a local one)."),
    ] = None,
) -> None:
    """Read documents, extract their claims into the store, and update the events."""
    if id_ is not None and "-" not in paths:
        raise UserError("--id names the document read from stdin: give - among the paths")
    if id_ is not None and not id_.strip():
        raise UserError("--id must not be empty")
    if engine not in ("processes", "ray"):
        raise UserError(f"--engine {engine!r}: expected processes or ray")
    if ray_address is not None and engine != "ray":
        raise UserError("--ray-address is for --engine ray")
    if engine == "ray":
        _check_ray()
    code = ingest_paths(
        ctx, paths, _date(date_, "--date"), id_, engine=engine, workers=workers, ray_address=ray_address
    )
    if code:
        raise typer.Exit(code)


@app.command("recluster")
def recluster_command(ctx: typer.Context) -> None:
    """Rebuild every event from the stored claims (after an upgrade, or to check the events)."""
    from hodo.pipeline import recluster

    settings = _settings(ctx)
    pack = settings.pack()
    with _store(ctx) as store, ClusterProgressBar(stderr, quiet=settings.quiet) as progress:
        events = recluster(store, pack, progress=progress)
    _info(ctx, f"{events} events")


@app.command("rm")
def rm_command(
    ctx: typer.Context,
    docs: Annotated[list[str], typer.Argument(metavar="DOC...", help="Document ids (or unambiguous file names).")],
) -> None:
    """Delete documents with their claims, and update the events."""
    from hodo.pipeline import remove_documents

    with _store(ctx) as store:
        ids = [_document_id(store, doc) for doc in docs]
        with ClusterProgressBar(stderr, quiet=_settings(ctx).quiet) as progress:
            removed = remove_documents(store, ids, _settings(ctx).pack(), progress=progress)
    _info(ctx, f"{removed} document{'s' if removed != 1 else ''} deleted")


@app.command("reprocess")
def reprocess_command(
    ctx: typer.Context,
    docs: Annotated[list[str] | None, typer.Argument(metavar="[DOC...]", help="Documents (default: all).")] = None,
) -> None:
    """Extract stored documents again with the current pack; an interrupted run resumes where it stopped."""
    from hodo.pipeline import reprocess

    settings = _settings(ctx)
    pack = settings.pack()
    with _store(ctx) as store:
        ids = [_document_id(store, doc) for doc in docs] if docs else None
        with IngestProgress(stderr, quiet=settings.quiet) as progress:
            summary = reprocess(store, pack, ids, progress=progress, cluster_progress=progress.clustering)
    _info(
        ctx,
        f"{summary.count('replaced')} re-extracted, {summary.count('unchanged')} unchanged,"
        f" {summary.count('failed')} failed; {summary.claims} claims found",
    )
    if summary.cluster_problem:
        _events_not_updated(summary.cluster_problem)
    if summary.failed or summary.cluster_problem:
        raise typer.Exit(1)


@app.command("claims")
def claims_command(
    ctx: typer.Context,
    type_: TypeOpt = None,
    claimant: ClaimantOpt = None,
    place: PlaceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    doc: DocOpt = None,
    contains: ContainsOpt = None,
    limit: LimitOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List stored claims (jsonl: the spec's claim records, one a line)."""
    flt = _filter(type_, claimant, place, since, until, doc, contains, _table_limit(fmt, limit))
    with _store(ctx, readonly=True) as store:
        flt = _resolved(store, flt)
        claims = select_claims(store.conn, flt)
        total = count_claims(store.conn, flt) if fmt is OutputFormat.table else len(claims)
    if fmt is OutputFormat.table:
        stdout.print(claims_table(claims))
        _info(ctx, f"{total} claims")
        _left_out(ctx, len(claims), total, "claims")
    else:
        write_claims(sys.stdout, fmt, claims)


@app.command("events")
def events_command(
    ctx: typer.Context,
    type_: TypeOpt = None,
    claimant: ClaimantOpt = None,
    place: PlaceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    doc: DocOpt = None,
    contains: ContainsOpt = None,
    contested: Annotated[bool, typer.Option("--contested", help="Only events whose claimants disagree.")] = False,
    limit: LimitOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List stored events (jsonl: the spec's event records, one a line)."""
    flt = _filter(type_, claimant, place, since, until, doc, contains, _table_limit(fmt, limit))
    only = True if contested else None
    with _store(ctx, readonly=True) as store:
        flt = _resolved(store, flt)
        events = select_events(store.conn, flt, contested=only)
        total = count_events(store.conn, flt, contested=only) if fmt is OutputFormat.table else len(events)
        status = clustering_status(store.conn)
    if fmt is OutputFormat.table:
        stdout.print(events_table(events))
        _info(ctx, f"{total} events")
        _left_out(ctx, len(events), total, "events")
    else:
        write_events(sys.stdout, fmt, events)
    if not status.current:
        _info(
            ctx,
            f"{status.waiting_documents} documents have claims not yet in events"
            " (an ingest was interrupted?): hodo recluster places them",
        )


@app.command("event")
def event_command(ctx: typer.Context, event_id: Annotated[str, typer.Argument(help="Event id.")]) -> None:
    """One event: its claims side by side, by claimant, with the discrepancies."""
    from hodo.serve.event_view import render_event

    with _store(ctx, readonly=True) as store:
        event = get_event(store.conn, event_id)
        if event is None:
            raise UserError(f"{event_id}: no such event (see hodo events)", code=1)
        claims = claims_by_id(store.conn, event.claims)
    stdout.print(render_event(event, [claims[i] for i in event.claims if i in claims]))


@app.command("docs")
def docs_command(ctx: typer.Context, limit: LimitOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """List stored documents with their date and counts of reports, sentences and claims."""
    if limit is not None and limit < 0:
        raise UserError("--limit must not be negative")
    with _store(ctx, readonly=True) as store:
        docs = list_documents(store.conn, limit=_table_limit(fmt, limit))
        total = count_documents(store.conn) if fmt is OutputFormat.table else len(docs)
    if fmt is OutputFormat.table:
        stdout.print(documents_table(docs))
        _left_out(ctx, len(docs), total, "documents")
    else:
        write_documents(sys.stdout, fmt, docs)


@app.command("show")
def show_command(
    ctx: typer.Context, doc: Annotated[str, typer.Argument(metavar="DOC", help="Document id, or its file name.")]
) -> None:
    """One document, report by report, with the sentences that carry claims highlighted."""
    with _store(ctx, readonly=True) as store:
        doc_id = _document_id(store, doc)
        document = load_document(store.conn, doc_id)
        assert document is not None
        claims = select_claims(store.conn, ClaimFilter(doc=doc_id))
    stdout.print(document_view(document, claims))


@app.command("entities")
def entities_command(
    ctx: typer.Context,
    query: Annotated[str | None, typer.Argument(help="Part of an id, name or surface form.")] = None,
    limit: LimitOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Entities named in claims, with how many claims name them as claimant, actor, target, place."""
    if limit is not None and limit < 0:
        raise UserError("--limit must not be negative")
    with _store(ctx, readonly=True) as store:
        entities = search_entities(store.conn, query)
    shown = entities[: _table_limit(fmt, limit)] if _table_limit(fmt, limit) is not None else entities
    if fmt is OutputFormat.table:
        stdout.print(entities_table(shown))
        _left_out(ctx, len(shown), len(entities), "entities")
    else:
        write_entities(sys.stdout, fmt, shown)


@app.command("entity")
def entity_command(
    ctx: typer.Context,
    ident: Annotated[str, typer.Argument(metavar="ID", help="Entity id, name or surface form.")],
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="table; json (the entity with its claims by role); jsonl, csv (one claim a row, with its role)."),
    ] = OutputFormat.table,
) -> None:
    """One entity: the surface forms seen and the claims where it is claimant, actor, target or place."""
    with _store(ctx, readonly=True) as store:
        detail = entity_detail(store.conn, ident)
    if detail is None:
        raise UserError(f"{ident}: no such entity in the stored claims (see hodo entities)", code=1)
    if fmt is OutputFormat.table:
        stdout.print(entity_view(detail))
    elif fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(entity_detail_record(detail), ensure_ascii=False, indent=2) + "\n")
    else:
        write_entity_claims(sys.stdout, fmt, detail)


@app.command("demo")
@app.command("sample")
def sample_command(ctx: typer.Context) -> None:
    """Ingest the bundled sample posts, then print their claims and events."""
    with as_file(files("hodo") / "sample") as folder:
        sample_docs = {p.name for p in Path(folder).iterdir() if p.suffix == ".txt"}
        code = ingest_paths(ctx, [str(folder)], None)
    with _store(ctx, readonly=True) as store:
        claims = [c for c in select_claims(store.conn) if (c.doc_name or c.doc) in sample_docs]
        events = select_events(store.conn, ClaimFilter(), contested=None)
    stdout.print(claims_table(claims, title="claims in the sample"))
    stdout.print(events_table([e for e in events if any(i in {c.claim_id for c in claims} for i in e.claims)]))
    db = _settings(ctx).db
    serve = "hodo serve" if db is None else f"hodo --db {shlex.quote(str(db))} serve"
    stdout.print(f"Open the web UI: {serve}, then {local_url()}", markup=False, highlight=False, soft_wrap=True)
    if code:
        raise typer.Exit(code)
