"""Record hodo's claims and events for fixed inputs, and compare two records.

A refactoring that must not change behaviour is checked by recording before
and after and comparing:

    .venv/bin/python scripts/output_snapshot.py record /tmp/before
    # ... change the code ...
    .venv/bin/python scripts/output_snapshot.py record /tmp/after
    .venv/bin/python scripts/output_snapshot.py compare /tmp/before /tmp/after [--drop FIELD ...]

Three input sets are recorded, each into its own fresh database: the shared
corpus (../shared/corpus), the wild set (../shared/eval/wild, each document
ingested with its date from dates.tsv, as run-wild-eval does) and the bundled
sample (``hodo demo``). ``compare`` checks the claims and events JSONL line by
line, byte for byte, after removing the top-level ``--drop`` fields from every
record (fields a change adds on purpose).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
HODO = ROOT / ".venv" / "bin" / "hodo"
SETS = ("corpus", "wild", "sample")


def _hodo(db: Path, *args: str) -> str:
    done = subprocess.run(
        [str(HODO), "-q", "--db", str(db), *args], capture_output=True, text=True, encoding="utf-8"
    )
    if done.returncode not in (0, 1):
        sys.exit(f"hodo {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def _ingest(name: str, db: Path) -> None:
    if name == "corpus":
        _hodo(db, "ingest", str(SHARED / "corpus"))
    elif name == "wild":
        wild = SHARED / "eval" / "wild"
        for line in (wild / "dates.tsv").read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc, day = line.split("\t")[:2]
                _hodo(db, "ingest", "--date", day, str(wild / "docs" / doc))
    else:
        _hodo(db, "demo")


def record(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in SETS:
        with tempfile.TemporaryDirectory() as work:
            db = Path(work) / "snapshot.db"
            _ingest(name, db)
            for what in ("claims", "events"):
                (out / f"{name}.{what}.jsonl").write_text(_hodo(db, what, "--format", "jsonl"), encoding="utf-8")
        print(f"recorded {name}", file=sys.stderr)


def _lines(path: Path, drop: list[str]) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not drop:
        return lines
    kept = []
    for line in lines:
        row = json.loads(line)
        for key in drop:
            row.pop(key, None)
        kept.append(json.dumps(row, ensure_ascii=False))
    return kept


def compare(before: Path, after: Path, drop: list[str]) -> int:
    differing = 0
    for name in SETS:
        for what in ("claims", "events"):
            file = f"{name}.{what}.jsonl"
            # Dropped fields are claim fields; events are compared as they are.
            fields = drop if what == "claims" else []
            old, new = _lines(before / file, fields), _lines(after / file, fields)
            if old == new:
                print(f"same       {file} ({len(new)} records)")
                continue
            differing += 1
            first = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
            print(f"DIFFERENT  {file}: {len(old)} → {len(new)} records, first difference at line {first + 1}")
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="record the outputs into a folder")
    rec.add_argument("out", type=Path)
    cmp = sub.add_parser("compare", help="compare two recorded folders")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    cmp.add_argument("--drop", action="append", default=[], help="a claim field to ignore (repeatable)")
    args = parser.parse_args()
    if args.command == "record":
        record(args.out)
    else:
        sys.exit(compare(args.before, args.after, args.drop))


if __name__ == "__main__":
    main()
