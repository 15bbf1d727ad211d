"""``hodo pack check``: load a domain pack as the pipeline would, and say what it holds."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from hodo.cli.output import OutputFormat, write_records
from hodo.packs import DEFAULT_PACK, PackError, load_pack, summarize

pack_app = typer.Typer(help="Domain packs: check one and see what it holds.", no_args_is_help=True)

PACK_COLUMNS = ("pack", "file", "key", "counts")


_ONE = {"patterns": "pattern", "words": "word", "settings": "setting", "entries": "entry"}


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {_ONE.get(what, what) if n == 1 else what}" for what, n in counts.items())


@pack_app.command("check")
def pack_check_command(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Argument(metavar="[NAME|FOLDER]", help="Pack name or folder (default: --pack).")
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
) -> None:
    """Check a pack and what it extends against the pack schema, then list what it holds.

    Every problem is printed (file, key, problem), one a line, and the exit status is 1.
    """
    wanted = name or getattr(ctx.obj, "pack_name", DEFAULT_PACK)
    try:
        pack = load_pack(wanted)
    except PackError as exc:
        err = Console(stderr=True, highlight=False)
        for problem in exc.problems:
            err.print(f"hodo: {problem}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    rows: list[dict[str, Any]] = [{"pack": pack.name, **row} for row in summarize(pack)]
    if fmt is OutputFormat.table:
        extends = pack.meta.get("extends") or []
        title = f"pack {pack.name}: ok" + (f" (extends {', '.join(extends)})" if extends else "")
        table = Table(title=title, title_justify="left")
        for column in ("file", "key", "holds"):
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(row["file"], row["key"] or "(top level)", _counts(row["counts"]))
        Console(highlight=False).print(table)
        for folder in pack.folders:
            Console(stderr=True, highlight=False).print(f"  from {folder}", markup=False, soft_wrap=True)
    else:
        write_records(sys.stdout, fmt, rows, PACK_COLUMNS, lambda r: {**r, "counts": _counts(r["counts"])})
