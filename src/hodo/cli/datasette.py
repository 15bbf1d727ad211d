"""``hodo datasette-metadata``: the metadata that makes ``datasette`` open the store with search and facets."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from hodo.cli.app import UserError, _settings, app
from hodo.store import resolve_db_path
from hodo.store.database import describe
from hodo.store.datasette import datasette_metadata


@app.command("datasette-metadata")
def datasette_metadata_command(ctx: typer.Context) -> None:
    """Print Datasette metadata for --db: `datasette hodo.db -m metadata.json` then searches and facets."""
    db = resolve_db_path(_settings(ctx).db)
    if not isinstance(db, Path):
        raise UserError(f"{describe(db)}: Datasette opens SQLite files only; export the store to browse it there")
    sys.stdout.write(json.dumps(datasette_metadata(db), indent=2) + "\n")
