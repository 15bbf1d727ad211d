"""``hodo digest``, ``hodo series`` and ``hodo export``: what ``hodo.views`` computes, on the terminal or in files.

Each command reads the store through the same queries as the HTTP API and
renders the same view, so ``hodo digest D`` and ``GET /digest/D`` agree.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from dataclasses import asdict
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from hodo.cli.app import UserError, _date, _info, _store, app, stdout
from hodo.models import CLAIM_TYPES
from hodo.store.day import day_records
from hodo.store.exports import claim_events, document_urls, iter_claim_records, iter_event_records
from hodo.store.series import series_claims
from hodo.views.digest import build_digest
from hodo.views.export import Table, claims_table, events_table, figures_table
from hodo.views.figures import number_text
from hodo.views.series import claimant_series, series_grid, series_record, series_rows


class DigestFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


class SeriesFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


class ExportTable(StrEnum):
    claims = "claims"
    events = "events"
    figures = "figures"


def _day(value: str) -> date:
    if value == "today":
        return date.today()
    if value == "yesterday":
        return date.today() - timedelta(days=1)
    day = _date(value, "DATE")
    assert day is not None
    return day


@app.command("digest")
def digest_command(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="DATE", help="YYYY-MM-DD, today or yesterday.")],
    fmt: Annotated[DigestFormat, typer.Option("--format", "-f", help="md, html or json.")] = DigestFormat.md,
    base_url: Annotated[
        str, typer.Option(help="Where `hodo serve` runs, for links to claims whose document has no URL.")
    ] = "http://127.0.0.1:8000",
) -> None:
    """The day's digest: contested events first, each claim linked to its source sentence."""
    from hodo.serve.digest_page import render_digest

    when = _day(day)
    with _store(ctx) as store:
        records = day_records(store.conn, when)
    digest = build_digest(when, records.events, records.claims, records.urls, base_url=base_url)
    if fmt is DigestFormat.json:
        sys.stdout.write(json.dumps(asdict(digest), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_digest(digest, fmt.value))
    _info(ctx, f"{digest.events} events on {digest.date}, {len(digest.contested)} contested")


@app.command("series")
def series_command(
    ctx: typer.Context,
    claimant: Annotated[list[str], typer.Option(help="Claimant (repeat for several side by side).")],
    type_: Annotated[str, typer.Option("--type", help="Claim type, e.g. air_defense.")],
    item: Annotated[str | None, typer.Option(help="What is counted, e.g. drones.")] = None,
    since: Annotated[str | None, typer.Option(help="On or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="On or before YYYY-MM-DD.")] = None,
    fmt: Annotated[SeriesFormat, typer.Option("--format", "-f", help="table, csv or json.")] = SeriesFormat.table,
) -> None:
    """A claimant's figures per day for a claim type (and item), with the claims behind each point."""
    if type_ not in CLAIM_TYPES:
        raise UserError(f"--type {type_!r}: not a claim type (one of {', '.join(CLAIM_TYPES)})")
    day_from, day_to = _date(since, "--since"), _date(until, "--until")
    found = []
    with _store(ctx) as store:
        for who in claimant:
            found += claimant_series(who, series_claims(store.conn, who, type_, day_from, day_to), type_, item)
    if fmt is SeriesFormat.json:
        record = series_record(type_, item, found)
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    elif fmt is SeriesFormat.csv:
        from hodo.serve.tables import write_csv
        from hodo.views.export import Column

        rows = series_rows(found)
        names = ("day", "claimant_id", "claimant", "type", "item", "unit", "value", "claims")
        write_csv(Table("series", [Column(n, "str") for n in names], rows), sys.stdout)
    else:
        header, rows = series_grid(found)
        table = RichTable(pad_edge=False)
        for i, name in enumerate(header):
            table.add_column(name, justify="left" if i == 0 else "right", overflow="fold")
        for row in rows:
            table.add_row(row[0], *("" if v is None else number_text(v) for v in row[1:]))
        stdout.print(table)
        _info(ctx, f"{len(found)} series, {len(rows)} days")


def _export_table(name: ExportTable, conn: sqlite3.Connection) -> Table:
    if name is ExportTable.events:
        return events_table(iter_event_records(conn))
    event_of = claim_events(conn)
    if name is ExportTable.figures:
        return figures_table(iter_claim_records(conn), event_of)
    return claims_table(iter_claim_records(conn), event_of, document_urls(conn))


@app.command("export")
def export_command(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv, jsonl or parquet.")] = ExportFormat.csv,
    out: Annotated[Path | None, typer.Option(help="Folder to write claims, events and figures tables into.")] = None,
    tables: Annotated[
        list[ExportTable] | None, typer.Option("--table", help="A table to write (repeatable; default all with --out).")
    ] = None,
) -> None:
    """Claims, events and figures as flat tables (ACLED/GDELT style): one table to stdout, or all into --out."""
    from hodo.serve.tables import MissingExtra, write_csv, write_jsonl, write_parquet

    chosen = list(dict.fromkeys(tables or ([*ExportTable] if out else [ExportTable.claims])))
    if out is None and len(chosen) > 1:
        raise UserError("hodo export: several tables need --out FOLDER (or name one with --table)")
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"{out}: cannot create the folder: {exc.strerror or exc}", code=1) from exc
    with _store(ctx) as store:
        for name in chosen:
            table = _export_table(name, store.conn)
            try:
                if out is None:
                    if fmt is ExportFormat.parquet:
                        write_parquet(table, sys.stdout.buffer)  # type: ignore[arg-type]
                    else:
                        (write_csv if fmt is ExportFormat.csv else write_jsonl)(table, sys.stdout)
                    continue
                path = out / f"{name.value}.{fmt.value}"
                if fmt is ExportFormat.parquet:
                    write_parquet(table, str(path))
                else:
                    with path.open("w", encoding="utf-8", newline="") as handle:
                        (write_csv if fmt is ExportFormat.csv else write_jsonl)(table, handle)
            except MissingExtra as exc:
                raise UserError(str(exc), code=1) from exc
            _info(ctx, f"{name.value}: {len(table.rows)} rows" + (f" -> {path}" if out is not None else ""))
