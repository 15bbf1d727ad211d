"""Rendering the web pages: the Jinja2 templates, the URL of every page, and marked-up document text.

Templates autoescape everything (``.html.j2`` and ``.svg.j2``), so text from
documents is shown as written, markup and all. The only markup built here is
``marked``'s, which escapes each piece of the sentence before wrapping it.
Links to a document's own URL are made only for http and https URLs: a
``javascript:`` URL in a document never becomes a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from hodo import __version__
from hodo.models import CLAIM_TYPES
from hodo.views.digest import API_PREFIX, sentence_link, type_label
from hodo.views.figures import figure_marks, number_text

STATIC = "/static"
# Every page's main navigation: (path, label).
NAVIGATION = (
    ("/", "Today"),
    ("/search", "Claims"),
    ("/documents", "Documents"),
    ("/entities", "Entities"),
    ("/charts", "Charts"),
    ("/map", "Map"),
)


def _path_quote(value: str) -> str:
    return quote(value, safe="")


def static_url(name: str) -> str:
    """A file of ``static/``, named with hodo's version so that a new release is never served from cache."""
    return f"{STATIC}/{name}?v={__version__}"


def event_url(event_id: str) -> str:
    return f"/events/{_path_quote(event_id)}"


def claim_url(claim_id: str) -> str:
    """The claim's page: its sentence, highlighted, in its document."""
    return f"/claims/{_path_quote(claim_id)}"


def document_url(doc_id: str, claim_id: str | None = None) -> str:
    # Slashes stay: document ids may be paths, and the route takes the rest of the path.
    url = f"/documents/{quote(doc_id, safe='/')}"
    return url + f"#claim-{_path_quote(claim_id)}" if claim_id else url


def entity_url(ident: str) -> str:
    return f"/entities/{quote(ident, safe='')}"


def query_string(params: Mapping[str, Any], **changes: Any) -> str:
    """``params`` with ``changes`` (None removes a parameter) as a query string, empty values left out."""
    merged = {**params, **changes}
    pairs: list[tuple[str, str]] = []
    for key, value in merged.items():
        values = value if isinstance(value, list | tuple) else [value]
        pairs += [(key, str(v)) for v in values if v is not None and v != ""]
    return urlencode(pairs)


def page_url(path: str, params: Mapping[str, Any], **changes: Any) -> str:
    query = query_string(params, **changes)
    return f"{path}?{query}" if query else path


def web_link(url: str | None) -> str | None:
    """``url`` when it is an http or https URL, else None: only those become links."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def source_link(sentence: str, url: str | None) -> str | None:
    """The document's own page, scrolled to the sentence (a text fragment), when it has a web URL."""
    safe = web_link(url)
    return sentence_link(sentence, safe) if safe else None


def marked(sentence: str, quantities: Iterable[Mapping[str, Any]] = (), needle: str | None = None) -> Markup:
    """The sentence, escaped, with its figures in ``<mark class="figure">`` and ``needle`` in ``<mark class="hit">``."""
    pattern = re.compile(re.escape(needle), re.IGNORECASE) if needle else None
    out = []
    for text, is_figure in figure_marks(sentence, list(quantities)):
        if is_figure:
            out.append(Markup('<mark class="figure">{}</mark>').format(text))
        elif pattern is None:
            out.append(escape(text))
        else:
            at = 0
            for match in pattern.finditer(text):
                out.append(escape(text[at : match.start()]))
                out.append(Markup('<mark class="hit">{}</mark>').format(match.group()))
                at = match.end()
            out.append(escape(text[at:]))
    return Markup("").join(out)


def when_text(when: Mapping[str, str] | None) -> str:
    """A date range as a reader writes it: one day, or first – last."""
    if not when:
        return ""
    start, end = when.get("start") or "", when.get("end") or ""
    return start if start == end or not end else f"{start} – {end}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("hodo.serve.web", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2", "svg.j2"), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        static_url=static_url,
        event_url=event_url,
        claim_url=claim_url,
        document_url=document_url,
        entity_url=entity_url,
        page_url=page_url,
        source_link=source_link,
        web_link=web_link,
        navigation=NAVIGATION,
        claim_types=CLAIM_TYPES,
        api_prefix=API_PREFIX,
        version=__version__,
    )
    env.filters.update(
        marked=marked, type_label=type_label, number=number_text, when_text=when_text
    )
    return env


def render_page(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """The page ``template`` rendered with ``context``; ``current`` in it is the request's path."""
    html = environment().get_template(template).render(current=request.url.path, request_query=request.url.query, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str, headers: Mapping[str, str] | None = None) -> HTMLResponse:
    response = render_page(request, "error.html.j2", status=status, status_code=status, message=message)
    response.headers.update(dict(headers or {}))
    return response
