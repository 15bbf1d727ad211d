"""Score hodo on a chosen part of the wild set, the way ../shared/eval/run-wild-eval scores all of it.

The wild set's bundles (one happening told by several outlets) are split in
two halves by their name: ``WA-*`` bundles (developed on) and ``WB-*`` (only
checked). This script ingests the documents of the chosen bundles, each under
its publication date and one at a time as run-wild-eval does, into a scratch
store, and scores the stored claims and events with the shared scorer.

    .venv/bin/python scripts/wild_split_eval.py --half A          # the development half
    .venv/bin/python scripts/wild_split_eval.py --half B          # the check half
    .venv/bin/python scripts/wild_split_eval.py --half all --json # one JSON line, every part
    .venv/bin/python scripts/wild_split_eval.py --half A --show   # gold beside predictions, per document

Needs the shared material (``--shared``, default ``../shared`` from the project root).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from datetime import date
from pathlib import Path
from types import ModuleType

from hodo.packs import load_pack
from hodo.pipeline import ingest
from hodo.store import Store
from hodo.store.queries import select_claims, select_events

HALVES = {"A": ("WA-", "single: WA-"), "B": ("WB-", "single: WB-")}


def load_scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("wild_score", shared / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"wild_split_eval: no scorer at {shared / 'eval' / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bundles_of(wild: Path) -> dict[str, str]:
    """Each document's bundle, from sources.tsv."""
    bundle = {}
    for line in (wild / "sources.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc, name = line.split("\t")[:2]
            bundle[doc] = name
    return bundle


def in_half(bundle: str, half: str) -> bool:
    return half == "all" or bundle.startswith(HALVES[half])


def run(wild: Path, docs: list[str]) -> tuple[list[dict], list[dict]]:
    """Ingest ``docs`` one by one under their dates; the stored claims and events as records."""
    dates = dict(
        line.split("\t")[:2] for line in (wild / "dates.tsv").read_text(encoding="utf-8").splitlines() if line.strip()
    )
    pack = load_pack()
    with tempfile.TemporaryDirectory() as work, Store.open(Path(work) / "wild.db") as store:
        for name in docs:
            ingest(store, [wild / "docs" / name], pack, date_override=date.fromisoformat(dates[name]))
        claims = [c.to_record() for c in select_claims(store.conn)]
        events = [e.to_record() for e in select_events(store.conn)]
    return claims, events


def score_part(scorer: ModuleType, gold: list[dict], docs: set[str], claims: list[dict], events: list[dict]) -> dict:
    rows = [g for g in gold if ("evidence" in g and g["doc"] in docs) or "evidence" not in g]
    flags_of = {g["event"] for g in gold if "evidence" in g and g["doc"] in docs}
    rows = [g for g in rows if "evidence" in g or g["event"] in flags_of]
    result, _ = scorer.score(rows, [c for c in claims if c["doc"] in docs], events)
    return result


def show(scorer: ModuleType, gold: list[dict], docs: list[str], claims: list[dict]) -> None:
    """Per document: each gold claim with the prediction it matched (or none), then the unmatched predictions."""
    for doc in docs:
        rows = [g for g in gold if g.get("doc") == doc]
        mine = [c for c in claims if c["doc"] == doc]
        used: set[int] = set()
        print(f"\n=== {doc}")
        for g in sorted(rows, key=lambda g: bool(g.get("optional"))):
            hit = next(
                (
                    i
                    for i, c in enumerate(mine)
                    if i not in used and (g["type"] == "any" or c["type"] == g["type"]) and scorer.contains(g, c)
                ),
                None,
            )
            mark = "opt" if g.get("optional") else "REQ"
            want = g.get("claimant") or [None]
            print(f"  {mark} {g['id']} {g['type']:18} {g['polarity'][:3]} cl={want[0]} when={g.get('when')}")
            print(f"      gold: {g['evidence'][:90]}")
            if hit is None:
                print("      -> MISSED")
                continue
            used.add(hit)
            c = mine[hit]
            got = (c.get("claimant") or {}).get("name")
            ok = "ok" if not g.get("claimant") or scorer.names_match(c.get("claimant"), g["claimant"]) else "BAD"
            print(f"      -> {c['type']} {c['polarity'][:3]} cl={got} [{ok}] when={c.get('when')}")
        for i, c in enumerate(mine):
            if i not in used:
                got = (c.get("claimant") or {}).get("name")
                print(f"  FP  {c['type']:18} {c['polarity'][:3]} cl={got}: {c['sentence'][:90]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half", choices=["A", "B", "all"], default="all")
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--show", action="store_true", help="gold and predictions side by side")
    parser.add_argument("--json", action="store_true", help="one JSON line: the whole and each half and bundle")
    args = parser.parse_args(argv)
    wild = args.shared / "eval" / "wild"
    if not (wild / "gold.jsonl").exists():
        print(f"wild_split_eval: no wild set under {args.shared}", file=sys.stderr)
        return 2
    scorer = load_scorer(args.shared)
    gold = scorer.load(str(wild / "gold.jsonl"))
    bundle = bundles_of(wild)
    order = [line.split("\t")[0] for line in (wild / "dates.tsv").read_text(encoding="utf-8").splitlines() if line]
    docs = [d for d in order if in_half(bundle[d], args.half)]
    claims, events = run(wild, docs)
    if args.show:
        show(scorer, gold, docs, claims)
    parts = {"whole": set(docs)}
    if args.half == "all":
        parts |= {f"half {h}": {d for d in docs if in_half(bundle[d], h)} for h in HALVES}
    for name in sorted({bundle[d] for d in docs}):
        parts[name] = {d for d in docs if bundle[d] == name}
    results = {name: score_part(scorer, gold, part, claims, events) for name, part in parts.items()}
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return 0
    print(f"\n{'part':52} strict   f1     P      R    claimant  contested  B3")
    for name, r in results.items():
        fields = r["fields"]
        print(
            f"{name[:52]:52} {r['strict_f1']:.3f}  {r['f1']:.3f}  {r['precision']:.3f}  {r['recall']:.3f}"
            f"  {fields.get('claimant', '-'):>8}  {r.get('contested', '-'):>9}  {r.get('event_bcubed_f1', 0):.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
