"""Where documents come from: files, folders, JSON Lines and stdin.

Every input either becomes RawDocuments or an InputError naming it; nothing a
user can put on the command line makes ``read_inputs`` raise, and an
unexpected failure inside one input's reader (an HTML extraction, say) is that
input's error, not the end of the run. Sizes are checked with ``stat`` before
a file is read, and no read takes more than the limit plus one byte, so a huge
file or an endless pipe costs no memory.

A document's identity (``doc_id``) never collides with another's: a file is
known by its path as given, made relative to the working folder when it lies
inside it (``a/news.txt`` and ``b/news.txt`` are two documents), a JSON Lines
record by its URL or its file and line, stdin by the hash of its text unless
the caller names it. Its ``name``, what claim records call it, stays the
file's base name or the URL.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from hodo.ingest.archives import ArchiveError, is_movable_type, is_wxr, movable_type_posts, wxr_posts
from hodo.ingest.decode import DecodeProblem, declared_charset, decode_text
from hodo.ingest.markdown import extract_markdown
from hodo.models import RawDocument

__all__ = [
    "DEFAULT_MAX_BYTES",
    "STDIN",
    "Input",
    "InputError",
    "count_inputs",
    "list_inputs",
    "max_bytes_limit",
    "read_input",
    "read_inputs",
]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_BYTES_ENV = "HODO_MAX_BYTES"
STDIN = "-"

_TEXT = frozenset((".txt", ".text"))
_MARKDOWN = frozenset((".md", ".markdown"))
_HTML = frozenset((".html", ".htm", ".xhtml"))
_JSONL = frozenset((".jsonl", ".ndjson"))
_KNOWN = _TEXT | _MARKDOWN | _HTML | _JSONL
# Read when named, never picked up from a folder: most XML files are not posts.
_XML = frozenset((".xml",))

_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


class InputError(Exception):
    """One input that could not be read; ``str()`` is the one-line message for the user."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(path, problem)
        self.path = path
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclass(frozen=True)
class Input:
    """One file to read (or ``-``), or a problem found while listing inputs.

    ``doc_id`` and ``location`` (its absolute path) are fixed when it is
    listed, so that a worker process with another working folder reads the
    same file under the same identity.
    """

    path: str
    explicit: bool
    problem: str | None = None
    doc_id: str = ""
    location: str = ""

    def __post_init__(self) -> None:
        if self.path != STDIN and self.problem is None:
            object.__setattr__(self, "doc_id", self.doc_id or identity(self.path))
            object.__setattr__(self, "location", self.location or os.path.abspath(self.path))



def max_bytes_limit() -> int:
    """The size limit: HODO_MAX_BYTES when set to a positive integer, else DEFAULT_MAX_BYTES."""
    value = os.environ.get(MAX_BYTES_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_BYTES
    try:
        limit = int(value)
    except ValueError:
        limit = 0
    if limit <= 0:
        warnings.warn(
            f"{MAX_BYTES_ENV}={value!r} is not a positive number of bytes; using {DEFAULT_MAX_BYTES}",
            stacklevel=2,
        )
        return DEFAULT_MAX_BYTES
    return limit


def count_inputs(paths: Sequence[str]) -> int:
    """How many files (or stdin, or unreadable paths) ``read_inputs`` will go through."""
    return sum(1 for _ in _entries(paths))


def read_inputs(
    paths: Sequence[str],
    *,
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
    stdin_id: str | None = None,
) -> Iterator[RawDocument | InputError]:
    """Documents from ``paths`` in order, folders expanded; an InputError for each bad input.

    ``-`` reads ``stdin`` (default: the process's standard input), known as
    ``stdin_id`` when given, else by its content hash. ``max_bytes`` defaults
    to :func:`max_bytes_limit`.
    """
    limit = max_bytes if max_bytes is not None else max_bytes_limit()
    for entry in _entries(paths):
        yield from read_input(entry, stdin=stdin, max_bytes=limit, stdin_id=stdin_id)


def list_inputs(paths: Sequence[str]) -> Iterator[Input]:
    """The inputs ``read_inputs`` goes through, in its order, folders expanded: read each with ``read_input``."""
    return _entries(paths)


def read_input(
    entry: Input,
    *,
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
    stdin_id: str | None = None,
) -> Iterator[RawDocument | InputError]:
    """The documents of one listed input (see read_inputs), or the InputError that names it."""
    limit = max_bytes if max_bytes is not None else max_bytes_limit()
    if entry.problem is not None:
        yield InputError(entry.path, entry.problem)
    elif entry.path == STDIN:
        yield from _contained(STDIN, _read_stdin(stdin, limit, stdin_id))
    else:
        yield from _contained(entry.path, _read_file(entry, limit))


def _contained(path: str, documents: Iterator[RawDocument | InputError]) -> Iterator[RawDocument | InputError]:
    """One input's documents; a failure of its reader ends that input alone, with an error."""
    try:
        yield from documents
    except Exception as exc:  # a reader's bug or a library's failure must not cost the other inputs
        yield InputError(path, f"cannot be read: {describe_exception(exc)}")


def describe_exception(exc: BaseException, width: int = 120) -> str:
    """``Type: message`` on one line, cut to ``width`` characters (messages may echo a whole text)."""
    message = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text if len(text) <= width else text[: width - 1] + "…"


def identity(path: str) -> str:
    """A file's document identity: its normalized path, relative to the working folder when inside it."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive (Windows)
        return absolute
    return absolute if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative


def _entries(paths: Sequence[str]) -> Iterator[Input]:
    for path in paths:
        if path == STDIN:
            yield Input(STDIN, explicit=True)
        elif os.path.isdir(path):
            yield from _folder(path)
        elif os.path.lexists(path):
            yield Input(path, explicit=True)
        else:
            yield Input(path, explicit=True, problem="no such file or directory")


def _folder(folder: str) -> Iterator[Input]:
    """Known-type files under ``folder``, hidden ones left out, in sorted path order."""
    found: list[tuple[tuple[str, ...], Input]] = []
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(root, folder)
        parts = () if rel == "." else tuple(rel.split(os.sep))
        for name in files:
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in _KNOWN:
                found.append(((*parts, name), Input(os.path.join(root, name), explicit=False)))
    for err in errors:
        path = str(err.filename) if err.filename else folder
        rel = os.path.relpath(path, folder)
        problem = f"cannot read folder: {err.strerror or err}"
        found.append((tuple(rel.split(os.sep)), Input(path, explicit=False, problem=problem)))
    found.sort(key=lambda item: item[0])
    for _, entry in found:
        yield entry


def _read_stdin(stdin: BinaryIO | None, limit: int, stdin_id: str | None) -> Iterator[RawDocument | InputError]:
    if stdin is None:
        stdin = sys.stdin.buffer if sys.stdin is not None and not sys.stdin.closed else None
    if stdin is None:
        yield InputError(STDIN, "stdin is closed")
        return
    try:
        data = stdin.read(limit + 1)
    except (OSError, ValueError) as err:
        yield InputError(STDIN, f"cannot read stdin: {_reason(err)}")
        return
    if data is None:
        yield InputError(STDIN, "stdin has no data ready (non-blocking and empty)")
        return
    if len(data) > limit:
        yield InputError(
            STDIN, f"input is larger than the limit of {_size(limit)} (set {MAX_BYTES_ENV} to raise it)"
        )
        return
    documents = _documents(STDIN, stdin_id or "", stdin_id or "", STDIN, data, kind=None)
    del data  # the bytes go once decoded: a long input must not sit in memory twice
    yield from documents


def _read_file(entry: Input, limit: int) -> Iterator[RawDocument | InputError]:
    path = entry.path
    location = entry.location or path
    try:
        info = os.stat(location)
    except OSError as err:
        problem = (
            "broken symbolic link" if os.path.islink(location) and not os.path.exists(location) else _reason(err)
        )
        yield InputError(path, f"cannot read: {problem}")
        return
    if stat.S_ISDIR(info.st_mode):
        yield InputError(path, "is a folder")
        return
    # Named pipes and devices are read when named on the command line (<(cmd), /dev/stdin);
    # inside a folder they are not documents.
    if not stat.S_ISREG(info.st_mode) and not (
        entry.explicit and (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode))
    ):
        yield InputError(path, "not a regular file")
        return
    if info.st_size > limit:
        yield InputError(path, _too_large(info.st_size, limit))
        return
    try:
        with open(location, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        yield InputError(path, f"cannot read: {_reason(err)}")
        return
    if len(data) > limit:
        yield InputError(path, f"larger than the limit of {_size(limit)} (set {MAX_BYTES_ENV} to raise it)")
        return
    suffix = os.path.splitext(path)[1].lower()
    kind = suffix if suffix in _KNOWN or suffix in _XML else None
    documents = _documents(path, entry.doc_id or identity(path), os.path.basename(path), path, data, kind=kind)
    del data  # the bytes go once decoded: a long input must not sit in memory twice
    yield from documents


def _documents(
    path: str, doc_id: str, name: str, source: str, data: bytes, kind: str | None
) -> Iterator[RawDocument | InputError]:
    """Documents in one input's bytes; ``kind`` is its suffix, None to tell from the content.

    An empty ``doc_id`` (stdin not named by the caller) is filled in with the text's hash.
    """
    if not data:
        yield InputError(path, "empty input" if path == STDIN else "empty file")
        return
    declared = declared_charset(data) if kind is None or kind in _HTML else None
    try:
        decoded = decode_text(data, declared)
    except DecodeProblem as err:
        yield InputError(path, str(err))
        return
    text, encoding, repairs = decoded.text, decoded.encoding, decoded.warnings
    del data, decoded
    if not text.strip():
        yield InputError(path, "holds only whitespace")
        return
    if not doc_id:
        doc_id = name = "stdin:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    if kind is None:
        kind = ".html" if _HTML_START.match(text) else ".txt"
    if kind in _XML or (kind in _TEXT and is_movable_type(text)):
        found: Iterator[RawDocument | InputError] = _archive(path, text, encoding, kind)
    elif kind in _JSONL:
        found = _jsonl(path, doc_id, name, text, encoding)
    elif kind in _HTML:
        found = iter([html_document(path, doc_id, source, text, encoding, name=name)])
    elif kind in _MARKDOWN:
        found = iter([_markdown(path, doc_id, name, source, text, encoding)])
    else:
        found = iter([RawDocument(doc_id=doc_id, text=text, source=source, encoding=encoding, name=name)])
    for item in found:
        if isinstance(item, RawDocument):
            item.warnings[:0] = [f"{path}: {w}" for w in repairs]
        yield item


def _archive(path: str, text: str, encoding: str, kind: str) -> Iterator[RawDocument | InputError]:
    """The posts of a blog export: Movable Type / Hatena (.txt) or WordPress WXR (.xml)."""
    if kind in _XML and not is_wxr(text):
        yield InputError(path, "an XML file that is not a WordPress export (WXR); feeds are read by hodo fetch")
        return
    try:
        posts = list(wxr_posts(path, text, encoding) if kind in _XML else movable_type_posts(path, text, encoding))
    except ArchiveError as err:
        yield InputError(path, str(err))
        return
    if not posts:
        yield InputError(path, "a blog export with no published post")
    yield from posts


def html_document(
    path: str, doc_id: str, source: str, text: str, encoding: str, *, name: str = ""
) -> RawDocument | InputError:
    """An HTML page's main text and metadata as a document; an InputError naming ``path`` when it has no text."""
    # Imported here: trafilatura takes a fifth of a second to import, and most runs read no HTML.
    from hodo.ingest.html import extract_html

    page = extract_html(text)
    if not page.text.strip():
        return InputError(path, "no main text found in the HTML page")
    return RawDocument(
        doc_id=doc_id,
        name=name,
        text=page.text,
        source=source,
        encoding=encoding,
        url=page.url,
        title=page.title,
        date=page.date,
        outlet_hint=page.site,
    )


def _markdown(path: str, doc_id: str, name: str, source: str, text: str, encoding: str) -> RawDocument | InputError:
    post = extract_markdown(text)
    if not post.text.strip():
        return InputError(path, "no text left once the Markdown markup is removed")
    raw_date = post.meta.get("date")
    return RawDocument(
        doc_id=doc_id,
        name=name,
        text=post.text,
        source=source,
        encoding=encoding,
        url=post.meta.get("url"),
        title=post.title,
        date=_parse_date(raw_date) if raw_date else None,
        outlet_hint=post.meta.get("source") or post.meta.get("outlet"),
    )


def _jsonl(path: str, doc_id: str, name: str, text: str, encoding: str) -> Iterator[RawDocument | InputError]:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield _jsonl_line(f"{path}:{number}", f"{doc_id}#{number}", f"{name}#{number}", line, encoding)


def _jsonl_line(where: str, default_id: str, default_name: str, line: str, encoding: str) -> RawDocument | InputError:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return InputError(where, f"malformed JSON ({err.msg} at column {err.colno})")
    if not isinstance(record, dict):
        return InputError(where, "a line must hold a JSON object")
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        return InputError(where, 'no "text" (a non-empty string is required)')
    fields: dict[str, str | None] = {}
    for key in ("url", "title", "date", "source"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return InputError(where, f'"{key}" must be a string')
        fields[key] = value or None
    # JSON escapes can spell half a surrogate pair, which no encoding can store.
    warnings = []
    lone = sum(len(_LONE_SURROGATE.findall(v)) for v in (body, *fields.values()) if v)
    if lone:
        body = _LONE_SURROGATE.sub("\ufffd", body)
        fields = {k: _LONE_SURROGATE.sub("\ufffd", v) if v else v for k, v in fields.items()}
        warnings.append(f"{where}: {lone} lone surrogate escape{'s' if lone > 1 else ''} replaced with U+FFFD")
    when = None
    if fields["date"]:
        when = _parse_date(fields["date"])
        if when is None:
            return InputError(where, f'"date" {_cut(fields["date"])!r} is not YYYY-MM-DD or an ISO date-time')
    return RawDocument(
        doc_id=fields["url"] or default_id,
        name=fields["url"] or default_name,
        text=body,
        source=where,
        encoding=encoding,
        url=fields["url"],
        title=fields["title"],
        date=when,
        outlet_hint=fields["source"],
        warnings=warnings,
    )


def _cut(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _parse_date(value: str) -> date | None:
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _too_large(size: int, limit: int) -> str:
    return f"file is {_size(size)}, over the limit of {_size(limit)} (set {MAX_BYTES_ENV} to raise it)"


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB ({n:,} bytes)"
    return f"{n:,} bytes"


def _reason(err: BaseException) -> str:
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()
    return str(err) or type(err).__name__
