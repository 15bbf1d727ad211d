"""What a fetched body is (a feed, a sitemap or a page), and a page as a RawDocument.

The body decides, not the URL or the Content-Type (servers send feeds as
text/html and pages as application/octet-stream): its first element names an
RSS (``rss``, ``rdf:RDF``) or Atom (``feed``) feed, a sitemap (``urlset``,
``sitemapindex``), or else it is read as a page. A page is read as an HTML
file is (ingest/html.py: trafilatura's main text and metadata), keyed by its
URL, dated by its metadata or else by the date its feed or sitemap gave it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Literal

from hodo.ingest.decode import DecodeProblem, declared_charset, decode_bytes
from hodo.ingest.fetch.client import Response
from hodo.ingest.sources import InputError, html_document
from hodo.models import RawDocument

__all__ = ["Kind", "kind_of", "page_document"]

Kind = Literal["feed", "sitemap", "page"]

_GZIP_MAGIC = b"\x1f\x8b"
# Declarations, comments, doctypes and processing instructions before the first element.
_PROLOGUE = re.compile(rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL | re.IGNORECASE)
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w:.-]*)")
_FEED_ROOTS = frozenset((b"rss", b"feed", b"rdf:rdf"))
_SITEMAP_ROOTS = frozenset((b"urlset", b"sitemapindex"))


def kind_of(response: Response) -> Kind:
    body = response.body
    if body.startswith(_GZIP_MAGIC):
        return "sitemap"
    head = body[:8192].lstrip(b"\xef\xbb\xbf")
    match = _FIRST_TAG.match(head, _PROLOGUE.match(head).end())
    root = match.group(1).lower() if match else b""
    if root in _FEED_ROOTS:
        return "feed"
    if root in _SITEMAP_ROOTS:
        return "sitemap"
    return "page"


def page_document(
    url: str,
    response: Response,
    *,
    outlet: str | None = None,
    listed_date: date | None = None,
    listed_title: str | None = None,
) -> RawDocument | InputError:
    """The page's text and metadata; ``outlet`` (an outlet id or name) wins over the page's site name."""
    if not response.body:
        return InputError(url, "the server sent an empty page")
    try:
        text, encoding = decode_bytes(response.body, response.charset or declared_charset(response.body))
    except DecodeProblem as err:
        return InputError(url, str(err))
    page = html_document(url, url, url, text, encoding)
    if isinstance(page, InputError):
        return page
    # Keyed by the address it was fetched from, whatever canonical address the page names.
    return replace(
        page,
        url=url,
        title=page.title or listed_title,
        date=page.date or listed_date,
        outlet_hint=outlet or page.outlet_hint,
    )
