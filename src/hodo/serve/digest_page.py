"""The day's digest as Markdown or HTML, from ``hodo.views.digest``, through Jinja2 templates.

The templates are in ``templates/`` beside this module, so the web pages can
include them. HTML escapes everything that comes from documents; Markdown
escapes the characters that would turn a sentence into markup.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from hodo.views.digest import Digest

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def markdown_escape(text: object) -> str:
    """Text that Markdown shows as written: markup characters backslashed, line breaks folded."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def markdown_url(url: object) -> str:
    """A link target that cannot close the Markdown link around it."""
    return str(url).replace("(", "%28").replace(")", "%29").replace(" ", "%20")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("hodo.serve", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    env.filters["mdurl"] = markdown_url
    return env


def render_digest(digest: Digest, fmt: str) -> str:
    """The digest as ``md`` (Markdown) or ``html`` (a whole page)."""
    template = {"md": "digest.md.j2", "html": "digest.html.j2"}[fmt]
    return _environment().get_template(template).render(digest=asdict(digest))
