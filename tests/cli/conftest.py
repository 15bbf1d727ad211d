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
