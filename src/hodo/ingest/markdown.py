"""Plain text and front-matter metadata of a Markdown post.

Markdown here is a blog post, so only the markup that would otherwise reach
the extractors is taken off: heading marks, emphasis, links and images (their
text stays), code fences, block quotes, HTML comments, table rules. Line
structure is kept. A hand-written line pass rather than a Markdown library:
rendering to HTML and back would lose the line layout that the segmenter
reads, and no extra dependency is needed for these few rules. A ``#`` with no
space after it (``#ロシア(250605)``, a hashtag) is not a heading and stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["MarkdownText", "extract_markdown"]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_META_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RULE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,})$")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"^([ \t]*)[*+][ \t]+")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+.*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<!\*)\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?!\*)")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`([^`\n]+)`")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~>])")


@dataclass
class MarkdownText:
    text: str
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def extract_markdown(source: str) -> MarkdownText:
    """Plain text of a Markdown document, its title and its front-matter fields."""
    meta: dict[str, str] = {}
    match = _FRONT_MATTER.match(source.replace("\r\n", "\n"))
    body = source.replace("\r\n", "\n")
    if match:
        for line in match.group(1).split("\n"):
            field_match = _META_LINE.match(line)
            if field_match and field_match.group(2):
                meta[field_match.group(1).lower()] = field_match.group(2).strip("\"'")
        body = body[match.end() :]
    body = _COMMENT.sub("", body)
    lines: list[str] = []
    title: str | None = meta.get("title")
    in_code = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            lines.append(line)
            continue
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(1) or ""
            title = title or _inline(line) or None
        elif _SETEXT_RULE.match(line) and lines and lines[-1].strip():
            title = title or lines[-1].strip() or None
            continue
        elif _THEMATIC_BREAK.match(line) or _TABLE_RULE.match(line) or _LINK_DEFINITION.match(line):
            continue
        line = _QUOTE.sub("", line)
        line = _BULLET.sub(r"\1- ", line)
        if line.lstrip().startswith("|"):
            line = " | ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        lines.append(_inline(line))
    return MarkdownText(text="\n".join(lines).strip("\n"), title=title, meta=meta)


def _inline(line: str) -> str:
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _CODE.sub(r"\1", line)
    line = _STRONG.sub(r"\2", line)
    line = _EMPHASIS.sub(r"\1", line)
    line = _STRIKE.sub(r"\1", line)
    line = _BREAK_TAG.sub("\n", line)
    return _ESCAPE.sub(r"\1", line)
