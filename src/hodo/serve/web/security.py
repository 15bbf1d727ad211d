"""The headers that keep the web pages safe to show documents in: a Content-Security-Policy and its kin.

Every page escapes what comes from documents (Jinja2's autoescape); the
policy is the second wall should something slip through. Scripts and styles
load only from this server's ``/static`` files: no inline ``<script>``, no
``on…=`` handler attribute, no ``style=`` attribute, no ``javascript:`` URL
runs, and Trusted Types forbid the script sinks (``innerHTML`` and kin) that
our own script never uses. Nothing loads from another origin; pages cannot be
framed. The policy covers the pages and their files only: the interactive
API docs (Swagger UI, ReDoc) start with an inline script of their own, and
the JSON API sends no markup.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hodo.views.digest import API_PREFIX

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "require-trusted-types-for 'script'",
        "trusted-types 'none'",
    )
)

PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# What the JSON API and the interactive docs answer under: not pages.
_NOT_PAGES = (API_PREFIX, "/docs", "/redoc", "/openapi.json", "/static-offline-docs")


def is_page_path(path: str) -> bool:
    """Whether ``path`` is the web UI's (a page or its static files), not the API's or its docs'."""
    return not any(path == prefix or path.startswith(prefix + "/") for prefix in _NOT_PAGES)


class PageHeaders:
    """ASGI middleware: the page headers on every response to a page path, errors and redirects included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_page_path(scope["path"]):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in PAGE_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
