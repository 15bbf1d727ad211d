"""Running the CLI in-process (through ``hodo.cli.run``, the console script's own path)."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from hodo.cli import run
from hodo.store import Store


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def hodo(capsys, monkeypatch, tmp_path) -> Callable[..., Result]:
    """``hodo(*args, stdin=b"...")``: run the CLI on tmp_path/hodo.db unless --db is given."""

    def invoke(*args: str, stdin: bytes | None = None) -> Result:
        argv = list(args) if "--db" in args else ["--db", str(tmp_path / "hodo.db"), *args]
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        capsys.readouterr()
        code = run(argv)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def filled_db(tmp_path, sample_records):
    """tmp_path/hodo.db holding the sample records of tests/conftest.py."""
    docs, claims = sample_records
    with Store.open(tmp_path / "hodo.db") as store:
        for doc in docs:
            store.save_document(doc, [c for c in claims if c.doc == doc.doc_id])
    return tmp_path / "hodo.db"
