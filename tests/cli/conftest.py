"""Running the CLI in-process (through ``hodo.cli.run``, the console script's own path)."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from hodo.cli import run


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def hodo(capsys, monkeypatch, db_location) -> Callable[..., Result]:
    """``hodo(*args, stdin=b"...")``: run the CLI on ``db_location`` unless --db is given.

    ``db_location`` runs each test twice: on tmp_path/hodo.db, and on a new PostgreSQL database.
    """

    def invoke(*args: str, stdin: bytes | None = None) -> Result:
        argv = list(args) if "--db" in args else ["--db", str(db_location), *args]
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        capsys.readouterr()
        code = run(argv)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke
