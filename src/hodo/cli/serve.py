"""``hodo serve``: the web UI and the HTTP API on uvicorn, over the store of ``--db``."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from hodo.cli.app import UserError, _settings, app, stderr
from hodo.serve import DEFAULT_HOST, DEFAULT_PORT, TOKEN_ENV, local_url
from hodo.store import resolve_db_path
from hodo.store.database import describe


@app.command("serve")
def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = DEFAULT_PORT,
    token: Annotated[
        str | None, typer.Option(help=f"Write token: allows POST /documents with it (default ${TOKEN_ENV}).")
    ] = None,
) -> None:
    """Serve the web UI (/), the JSON API (/api/v1/…), its OpenAPI schema (/openapi.json) and docs (/docs)."""
    # Imported here: the web stack is a start-up cost the other commands need not pay.
    import uvicorn

    from hodo.serve.api import create_app

    settings = _settings(ctx)
    if not 0 < port < 65536:
        raise UserError(f"--port {port}: expected 1 to 65535")
    db = resolve_db_path(settings.db)
    application = create_app(db, token=token or os.environ.get(TOKEN_ENV), pack_name=settings.pack_name)
    if not settings.quiet:
        writes = "writes on (token)" if application.state.service.token else "read-only"
        url = local_url(host, port)
        stderr.print(
            f"hodo: serving {describe(db)}: the web UI at {url}, the API at {url}api/v1 ({writes}), its docs at {url}docs",
            markup=False,
            soft_wrap=True,
        )
    uvicorn.run(application, host=host, port=port, log_level="warning" if settings.quiet else "info")
