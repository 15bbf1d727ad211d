"""Writing a flat table (``hodo.views.export.Table``) as CSV, JSON Lines or Parquet.

CSV writes None as an empty cell and booleans as true/false; JSON Lines
writes each row as it is; Parquet (pyarrow, the ``parquet`` extra) types each
column by its kind, so numbers stay numbers and dates are dates.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from typing import Any, BinaryIO, TextIO

from hodo.views.export import Table

TEXT_FORMATS = ("csv", "jsonl")
FORMATS = (*TEXT_FORMATS, "parquet")


class MissingExtra(RuntimeError):
    """An optional dependency that a format needs is not installed."""


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_csv(table: Table, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.names)
    for row in table.rows:
        writer.writerow([_csv_cell(row.get(name)) for name in table.names])


def write_jsonl(table: Table, out: TextIO) -> None:
    for row in table.rows:
        out.write(json.dumps({name: row.get(name) for name in table.names}, ensure_ascii=False) + "\n")


def write_parquet(table: Table, out: BinaryIO | str) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingExtra("Parquet needs pyarrow: pip install 'hodo[parquet]'") from exc
    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
    }
    arrays = []
    for column in table.columns:
        values = [row.get(column.name) for row in table.rows]
        if column.kind == "date":
            values = [date.fromisoformat(v) if isinstance(v, str) else v for v in values]
        elif column.kind == "float":
            values = [
                float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None for v in values
            ]
        elif column.kind == "str":
            values = [v if v is None or isinstance(v, str) else str(v) for v in values]
        arrays.append(pa.array(values, type=types[column.kind]))
    pq.write_table(pa.Table.from_arrays(arrays, names=table.names), out)
