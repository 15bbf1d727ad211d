"""Sitemaps (sitemaps.org): the pages a site lists, with the day each last changed.

A ``urlset`` lists pages (``loc``, ``lastmod``); a ``sitemapindex`` lists
further sitemaps. Either may come gzip-compressed. Elements are matched by
local name, whatever namespace a generator writes; the parser resolves no
entities and fetches nothing.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from hodo.ingest.published import published_date

__all__ = ["Sitemap", "SitemapProblem", "parse_sitemap"]

_GZIP_MAGIC = b"\x1f\x8b"


class SitemapProblem(ValueError):
    """Bytes that are not a sitemap we can read; the message says why."""


@dataclass(frozen=True)
class Sitemap:
    # (address, day last modified) of each page listed.
    pages: list[tuple[str, date | None]] = field(default_factory=list)
    # Addresses of the sitemaps a sitemap index lists.
    sitemaps: list[str] = field(default_factory=list)


def parse_sitemap(body: bytes, max_bytes: int) -> Sitemap:
    if body.startswith(_GZIP_MAGIC):
        body = _gunzip(body, max_bytes)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as err:
        raise SitemapProblem(f"not well-formed XML ({err.msg})") from None
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        return Sitemap(sitemaps=[loc for loc, _ in _locations(root, "sitemap")])
    if kind == "urlset":
        return Sitemap(pages=_locations(root, "url"))
    raise SitemapProblem(f"an XML document of kind <{kind}>, not a sitemap")


def _locations(root: etree._Element, item: str) -> list[tuple[str, date | None]]:
    found = []
    for node in root:
        if not isinstance(node.tag, str) or etree.QName(node).localname != item:
            continue
        loc, lastmod = None, None
        for child in node:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name == "loc":
                loc = (child.text or "").strip() or None
            elif name == "lastmod":
                lastmod = published_date(child.text)
        if loc:
            found.append((loc, lastmod))
    return found


def _gunzip(body: bytes, max_bytes: int) -> bytes:
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        data = inflater.decompress(body, max_bytes + 1)
    except zlib.error as err:
        raise SitemapProblem(f"broken gzip data ({err})") from None
    if len(data) > max_bytes:
        raise SitemapProblem(f"larger than the limit of {max_bytes:,} bytes once uncompressed")
    return data
