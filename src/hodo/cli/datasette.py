"""``hodo datasette-metadata``: the metadata that makes ``datasette`` open the store with search and facets."""

from __future__ import annotations

import json
import sys

import typer

from hodo.cli.app import _settings, app
from hodo.store import resolve_db_path
from hodo.store.datasette import datasette_metadata


@app.command("datasette-metadata")
def datasette_metadata_command(ctx: typer.Context) -> None:
    """Print Datasette metadata for --db: `datasette hodo.db -m metadata.json` then searches and facets."""
    sys.stdout.write(json.dumps(datasette_metadata(resolve_db_path(_settings(ctx).db)), indent=2) + "\n")
