"""Main text and metadata of an HTML page.

trafilatura finds the article body and the title, URL, date and site name in
the page's metadata. Before it runs, navigation, scripts, styles, asides and
page footers are cut out, so that on a short page, where trafilatura falls
back to keeping nearly everything, they still do not leak in. When it finds
no main text at all, the cleaned page body is taken whole. Paragraphs are
separated by a blank line and <br> kept as a line break, as in the plain text
posts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import lxml.html
import trafilatura
from lxml import etree

__all__ = ["HtmlText", "extract_html", "fragment_text"]

_NOISE_XPATH = (
    "//script|//style|//noscript|//template|//nav|//aside|//footer|//form|//iframe|//svg"
    "|//header[not(ancestor::article) and not(ancestor::main)]"
    "|//*[@role='navigation' or @role='banner' or @role='contentinfo' or @aria-hidden='true']"
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")

# Block elements in HTML and in trafilatura's own XML (head, item, row, cell, lb).
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
        "dl",
        "dd",
        "dt",
        "figure",
        "figcaption",
        "address",
        "details",
        "summary",
        "head",
        "list",
        "quote",
        "code",
    ]
)
_LINES = frozenset(["li", "tr", "item", "row"])
_BREAKS = frozenset(("br", "lb"))
_CELLS = frozenset(("td", "th", "cell"))


@dataclass
class HtmlText:
    text: str
    title: str | None = None
    url: str | None = None
    date: date | None = None
    site: str | None = None


def extract_html(html: str) -> HtmlText:
    """The page's main text (empty when it has none) and what its metadata says."""
    try:
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError):
        return HtmlText(text="")
    for node in tree.xpath(_NOISE_XPATH):
        if node.getparent() is not None:
            node.drop_tree()
    fallback = _render(tree.body, collapse=True) if tree.find("body") is not None else ""
    # Only the page's own metadata dates it: guessing from dates in the text would
    # date a post by the events it mentions.
    found = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if found is None:
        return HtmlText(text=fallback, title=_page_title(tree))
    text = _render(found.body, collapse=False) if found.body is not None else ""
    return HtmlText(
        text=text or fallback,
        title=found.title or _page_title(tree),
        url=found.url,
        date=_parse_date(found.date),
        site=found.sitename or found.hostname,
    )


def fragment_text(html: str) -> str:
    """The text of an HTML fragment that is all content (a feed entry, an archived post body).

    No main-text extraction: the fragment has no page around it to tell from,
    only scripts, styles and the like are cut.
    """
    try:
        tree = lxml.html.document_fromstring(f"<html><body>{html}</body></html>")
    except (etree.ParserError, ValueError):
        return ""
    for node in tree.xpath(_NOISE_XPATH):
        if node.getparent() is not None:
            node.drop_tree()
    return _render(tree.body, collapse=True) if tree.find("body") is not None else ""


def _page_title(tree: lxml.html.HtmlElement) -> str | None:
    title = tree.findtext(".//title")
    return title.strip() or None if title else None


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _render(root: etree._Element, *, collapse: bool) -> str:
    """Text of ``root`` with blank lines between blocks and line breaks kept.

    ``collapse``: fold source whitespace as a browser does (raw HTML, but not
    trafilatura's output, whose newlines are line breaks).
    """
    parts: list[str] = []
    _walk(root, parts, collapse)
    lines = (line.strip() for line in _BLANK_LINES.sub("\n\n", "".join(parts)).split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _walk(node: etree._Element, parts: list[str], collapse: bool) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    tag = tag.lower()
    if tag in _BLOCKS:
        parts.append("\n\n")
    elif tag in _LINES:
        parts.append("\n- " if tag in ("li", "item") else "\n")
    elif tag in _BREAKS:
        parts.append("\n")
    elif tag in _CELLS:
        parts.append(" ")
    keep_lines = not collapse or tag == "pre"
    if tag and node.text:
        parts.append(node.text if keep_lines else _SPACES.sub(" ", node.text))
    for child in node:
        _walk(child, parts, collapse and tag != "pre")
    if tag in _BLOCKS:
        parts.append("\n\n")
    if node.tail:
        parts.append(node.tail if not collapse else _SPACES.sub(" ", node.tail))
