"""Responses of the list endpoints: a page as JSON, JSON Lines or CSV, with its cursor.

JSON is ``{"items": [...], "count": n, "total": N, "next_cursor": c}``; JSON
Lines and CSV carry the items alone, and every format gives the total and
the next page in headers (``X-Total-Count``, ``X-Next-Cursor``, and a
``Link: <…>; rel="next"`` with the whole URL).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from hodo.serve.tables import write_csv
from hodo.store.paging import Page
from hodo.views.export import Column, Table


class JSON(JSONResponse):
    """JSON with Japanese as written (not \\u escapes)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _headers(request: Request, page: Page[Any]) -> dict[str, str]:
    headers = {"X-Total-Count": str(page.total)}
    if page.next:
        headers["X-Next-Cursor"] = page.next
        headers["Link"] = f'<{request.url.include_query_params(cursor=page.next)}>; rel="next"'
    return headers


def list_response(
    request: Request,
    page: Page[dict[str, Any]],
    fmt: str,
    *,
    csv_row: Callable[[dict[str, Any]], dict[str, Any]],
    csv_columns: Sequence[Column] | None = None,
) -> Response:
    """A page of records in ``fmt``; CSV flattens each record with ``csv_row``."""
    headers = _headers(request, page)
    if fmt == "jsonl":
        body = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in page.items)
        return Response(body, media_type="application/x-ndjson", headers=headers)
    if fmt == "csv":
        rows = [csv_row(item) for item in page.items]
        columns = list(csv_columns) if csv_columns else [Column(k, "str") for k in (rows[0] if rows else {})]
        known = {c.name for c in columns}
        columns += [Column(k, "str") for k in dict.fromkeys(k for r in rows for k in r) if k not in known]
        out = io.StringIO()
        write_csv(Table("page", columns, rows), out)
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    content = {"items": page.items, "count": len(page.items), "total": page.total, "next_cursor": page.next}
    return JSON(content, headers=headers)
