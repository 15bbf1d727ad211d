"""Blog archives: a Movable Type / Hatena Blog export and a WordPress WXR export, one document per post.

Movable Type's export (which Hatena Blog also writes) is plain text: posts
end with a line of eight dashes, the parts of a post with a line of five; the
first part is ``KEY: value`` lines (TITLE, DATE as MM/DD/YYYY hh:mm:ss,
BASENAME, STATUS), the others a ``NAME:`` line then its text (BODY,
EXTENDED BODY, COMMENT…). Hatena names its export after the blog's host
(``example.hatenablog.com.export.txt``) and a post's address is
``https://HOST/entry/BASENAME``; other exports carry no address, and their
posts are keyed ``FILE#N``. Readers' comments are not the post and are left
out; drafts are not published and are skipped.

WordPress's WXR is RSS 2.0 with the ``wp:`` namespace: each published
``item`` of post type ``post`` gives its link, title, local publication date
(``wp:post_date``) and ``content:encoded`` body. Both bodies are HTML (or, in
a Movable Type post with line breaks converted, plain text) and are read as
page fragments. The parser resolves no entities and fetches nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from hodo.ingest.published import published_date
from hodo.models import RawDocument

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["ArchiveError", "is_movable_type", "is_wxr", "movable_type_posts", "wxr_posts"]

_MT_KEYS = frozenset(
    (
        "AUTHOR",
        "TITLE",
        "BASENAME",
        "STATUS",
        "ALLOW COMMENTS",
        "ALLOW PINGS",
        "CONVERT BREAKS",
        "DATE",
        "PRIMARY CATEGORY",
        "CATEGORY",
        "IMAGE",
        "TAGS",
        "URL",
    )
)
_MT_POST_END = re.compile(r"^-{8}[ \t]*$", re.MULTILINE)
_MT_PART_END = re.compile(r"^-{5}[ \t]*$", re.MULTILINE)
_MT_FIELD = re.compile(r"^([A-Z][A-Z ]*[A-Z]):[ \t]*(.*?)[ \t]*$")
_MT_BODY_PARTS = ("BODY", "EXTENDED BODY")
_MT_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s|$)")
_HATENA_EXPORT = re.compile(r"^([a-z0-9][a-z0-9.-]*\.[a-z]{2,})\.export\.txt$", re.IGNORECASE)
_HTML_TAG = re.compile(r"<(?:p|br|div|a|img|h[1-6]|ul|ol|li|blockquote|span|strong|em|figure|table)\b", re.I)

_WP_EXPORT_NS = "http://wordpress.org/export/"
_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_WXR_SNIFF = re.compile(r"<rss\b[^>]*xmlns:wp\s*=\s*[\"']http://wordpress\.org/export/", re.DOTALL)


def is_movable_type(text: str) -> bool:
    """Whether a text file is a Movable Type export: header fields, then a BODY part."""
    head = text.lstrip("\ufeff \t\r\n")
    first = head.split("\n", 1)[0].rstrip("\r")
    match = _MT_FIELD.match(first)
    return bool(match and match.group(1) in _MT_KEYS and re.search(r"^-{5}\r?\nBODY:", head, re.MULTILINE))


def movable_type_posts(path: str, text: str, encoding: str) -> Iterator[RawDocument]:
    """One RawDocument per published post of a Movable Type export read from ``path``."""
    name = os.path.basename(path)
    hatena = _HATENA_EXPORT.match(name)
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    for number, chunk in enumerate(_MT_POST_END.split(text), start=1):
        if not chunk.strip():
            continue
        fields, parts = _mt_post(chunk)
        if fields.get("STATUS", "publish").lower() not in ("publish", "published"):
            continue
        body = "\n\n".join(_mt_body(parts[p], fields) for p in _MT_BODY_PARTS if parts.get(p, "").strip())
        if not body.strip():
            continue
        url = fields.get("URL")
        if not url and hatena and fields.get("BASENAME"):
            url = f"https://{hatena.group(1).lower()}/entry/{fields['BASENAME']}"
        yield RawDocument(
            doc_id=url or f"{name}#{number}",
            text=body,
            source=f"{path}#{number}",
            encoding=encoding,
            url=url,
            title=fields.get("TITLE") or None,
            date=_mt_date(fields.get("DATE", "")),
        )


def _mt_post(chunk: str) -> tuple[dict[str, str], dict[str, str]]:
    sections = _MT_PART_END.split(chunk)
    fields: dict[str, str] = {}
    for line in sections[0].strip("\n").split("\n"):
        match = _MT_FIELD.match(line)
        if match and match.group(1) not in fields:
            fields[match.group(1)] = match.group(2)
    parts: dict[str, str] = {}
    for section in sections[1:]:
        section = section.strip("\n")
        head, _, rest = section.partition("\n")
        if head.endswith(":") and head[:-1].isupper():
            parts.setdefault(head[:-1], rest)
    return fields, parts


def _mt_body(body: str, fields: dict[str, str]) -> str:
    # CONVERT BREAKS 1 (or a body without tags): plain text whose line breaks are the layout.
    if fields.get("CONVERT BREAKS") == "1" or not _HTML_TAG.search(body):
        return body.strip()
    return _fragment_text(body)


def _fragment_text(html: str) -> str:
    # Imported here: the HTML reader loads trafilatura, which most runs never need.
    from hodo.ingest.html import fragment_text

    return fragment_text(html)


def _mt_date(value: str) -> date | None:
    match = _MT_DATE.match(value.strip())
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_wxr(text: str) -> bool:
    return _WXR_SNIFF.search(text[:4096]) is not None


class ArchiveError(ValueError):
    """An archive that cannot be read; the message says why, for the user."""


def wxr_posts(path: str, text: str, encoding: str) -> Iterator[RawDocument]:
    """One RawDocument per published post of a WordPress export; ArchiveError if it is not XML."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        # The text is decoded already: its declaration would name an encoding it no longer has.
        root = etree.fromstring(_XML_DECLARATION.sub("", text.lstrip("\ufeff"), count=1), parser)
    except etree.XMLSyntaxError as err:
        raise ArchiveError(f"not well-formed XML ({err.msg})") from None
    channel = root.find("channel")
    if channel is None:
        raise ArchiveError("a WordPress export without a <channel>")
    blog = (channel.findtext("title") or "").strip() or None
    name = os.path.basename(path)
    for number, item in enumerate(channel.iter("item"), start=1):
        if _wp(item, "post_type") not in ("post", "") or _wp(item, "status") not in ("publish", ""):
            continue
        html = item.findtext(f"{{{_CONTENT_NS}}}encoded") or ""
        body = _fragment_text(html) if _HTML_TAG.search(html) else html.strip()
        if not body.strip():
            continue
        url = (item.findtext("link") or "").strip() or None
        yield RawDocument(
            doc_id=url or f"{name}#{_wp(item, 'post_id') or number}",
            text=body,
            source=f"{path}#{number}",
            encoding=encoding,
            url=url,
            title=(item.findtext("title") or "").strip() or None,
            date=published_date(_wp(item, "post_date")) or published_date(item.findtext("pubDate")),
            outlet_hint=blog,
        )


def _wp(item: etree._Element, name: str) -> str:
    """The text of ``wp:NAME`` under ``item``, whatever version of the export namespace it uses."""
    for child in item:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag.startswith("{" + _WP_EXPORT_NS) and tag.endswith("}" + name):
            return (child.text or "").strip()
    return ""
