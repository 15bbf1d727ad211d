"""The web UI: pages for reading claims and contested events, served by ``hodo serve`` beside the JSON API.

Pages are rendered on the server (Jinja2 templates in ``templates/``) from
the same store queries and ``hodo.views`` results the API returns, so a page
and its JSON never disagree; routes hold no SQL and no domain logic
(``pages``). Charts and the map are SVG drawn on the server (``charts``,
``geo``), each point a link. The little script there is (``static/hodo.js``)
is ours: it shows a claim when its highlight is hovered or focused, submits
the day picker when it changes, and adds a few keys; every page works
without it. A library such as htmx would buy partial-page swaps that these
pages, each one GET and one render, do not need. Everything a page loads is
in ``static/``, installed with hodo; nothing comes from a CDN. The pages
never write: each is a GET over a read-only connection. ``security`` sets
the Content-Security-Policy that forbids inline scripts and styles.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from hodo.serve.web.rendering import STATIC, error_page
from hodo.serve.web.security import PageHeaders, is_page_path

__all__ = ["add_web_ui", "error_page", "is_page_path"]


def add_web_ui(app: FastAPI) -> None:
    """Serve the pages and their static files from ``app``; the page headers go on every page response."""
    from hodo.serve.web.pages import router

    app.include_router(router)
    app.mount(STATIC, StaticFiles(directory=str(files("hodo.serve.web") / "static")), name="static")
    app.add_middleware(PageHeaders)
