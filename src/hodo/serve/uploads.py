"""The body of ``POST /documents``: a JSON object or a form with a file, as documents to ingest.

JSON: ``{"text": …, "id"?, "url"?, "title"?, "date"?, "source"?}`` — the
fields of a JSON Lines input of ``hodo ingest``, plus ``id``. A form
(multipart) has a ``file`` (.txt, .md, .html or .jsonl, read exactly as
``hodo ingest`` reads that file) or a ``text`` field, and the same optional
fields. A document is named by ``id``, else its URL, else the uploaded file's
name, else its text's hash, so posting the same text twice changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from hodo.ingest import InputError, read_inputs
from hodo.models import RawDocument

FIELDS = ("id", "url", "title", "date", "source")
_SAFE_NAME = re.compile(r"[^\w.\-]+")


class UploadError(ValueError):
    """The body is not a document this endpoint reads: the message says why."""


class UploadTooLarge(UploadError):
    pass


def _fields(values: Mapping[str, Any]) -> dict[str, str | None]:
    fields: dict[str, str | None] = {}
    for key in FIELDS:
        value = values.get(key)
        if value is not None and not isinstance(value, str):
            raise UploadError(f'"{key}" must be a string')
        fields[key] = value or None
    if fields["date"]:
        try:
            date.fromisoformat(fields["date"][:10])
        except ValueError:
            raise UploadError(f'"date" {fields["date"]!r} is not YYYY-MM-DD') from None
    return fields


def _text_document(text: Any, fields: dict[str, str | None], max_bytes: int) -> RawDocument:
    if not isinstance(text, str) or not text.strip():
        raise UploadError('"text" must be a non-empty string')
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise UploadTooLarge(f"the text is over the limit of {max_bytes:,} bytes")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return RawDocument(
        doc_id=fields["id"] or fields["url"] or f"text-{digest}",
        text=text,
        source="api",
        url=fields["url"],
        title=fields["title"],
        date=date.fromisoformat(fields["date"][:10]) if fields["date"] else None,
        outlet_hint=fields["source"],
    )


def from_json(body: bytes, max_bytes: int) -> list[RawDocument | InputError]:
    try:
        record = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise UploadError(f"the body is not JSON: {exc}") from None
    if not isinstance(record, dict):
        raise UploadError("the body must be a JSON object")
    return [_text_document(record.get("text"), _fields(record), max_bytes)]


def from_form(
    form: Mapping[str, Any], filename: str | None, data: bytes | None, max_bytes: int
) -> list[RawDocument | InputError]:
    """A form's document: the uploaded file (``filename``, ``data``) or its ``text`` field."""
    fields = _fields({k: v for k, v in form.items() if k in FIELDS})
    if data is None:
        return [_text_document(form.get("text"), fields, max_bytes)]
    if len(data) > max_bytes:
        raise UploadTooLarge(f"{filename}: the file is over the limit of {max_bytes:,} bytes")
    name = _SAFE_NAME.sub("_", os.path.basename(filename or "")).strip("._") or "upload.txt"
    with tempfile.TemporaryDirectory(prefix="hodo-upload-") as folder:
        path = os.path.join(folder, name)
        with open(path, "wb") as handle:
            handle.write(data)
        items = list(read_inputs([path], max_bytes=max_bytes))
    single = len(items) == 1
    documents: list[RawDocument | InputError] = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, InputError):
            documents.append(InputError(name, item.problem))
            continue
        # A JSON Lines file holds many documents: the form's id and URL name only a lone one.
        given = (fields["id"] or fields["url"]) if single else None
        line = item.doc_id.rsplit("#", 1)[1] if "#" in item.doc_id else str(number)
        documents.append(
            replace(
                item,
                doc_id=given or item.url or (name if single else f"{name}#{line}"),
                source=f"upload:{name}",
                url=(fields["url"] if single else None) or item.url,
                title=fields["title"] or item.title,
                date=date.fromisoformat(fields["date"][:10]) if fields["date"] else item.date,
                outlet_hint=fields["source"] or item.outlet_hint,
            )
        )
    return documents
