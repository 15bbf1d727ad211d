"""Score hodo with the shared scorer on the shared evaluation sets, in parts.

Two sets: the four dev posts (``--set dev``, scored post by post as
../shared/eval/run-dev-eval does), and the wild set of real news (``--set
wild``), whose bundles (one happening told by several outlets) split in two
halves by name: ``WA-*`` (developed on) and ``WB-*`` (only checked); and
our own held-out sets (``--set heldout --batch batch1``), written for hodo
but never tuned to, under tests/eval/heldout/ in the wild set's layout. The
documents are ingested one at a time, each wild or held-out one under its
publication date as ../shared/eval/run-wild-eval does, into a scratch store;
the stored claims and events are scored per part.

    .venv/bin/python scripts/quality_eval.py --half A          # the wild development half
    .venv/bin/python scripts/quality_eval.py --half B          # the wild check half
    .venv/bin/python scripts/quality_eval.py --json            # the whole wild set, its halves and bundles
    .venv/bin/python scripts/quality_eval.py --half A --show   # gold beside predictions, per document
    .venv/bin/python scripts/quality_eval.py --set dev         # the four dev posts
    .venv/bin/python scripts/quality_eval.py --set heldout --batch batch2   # a held-out batch

The dev posts and the wild set need the shared material (``--shared``, default
``../shared`` from the project root); the held-out sets are scored by the shared
scorer when it is there, else by scripts/gold_score.py.
tests/eval/test_quality_floors.py pins floors on these figures.
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
HELDOUT = Path(__file__).resolve().parents[1] / "tests" / "eval" / "heldout"


def load_scorer(shared: Path | None) -> ModuleType:
    """The shared scorer; with ``shared`` None (or no scorer there), ours (scripts/gold_score.py)."""
    path = shared / "eval" / "score.py" if shared is not None else None
    if path is None or not path.exists():
        path = Path(__file__).with_name("gold_score.py")
    spec = importlib.util.spec_from_file_location("wild_score", path)
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
    """Ingest ``docs`` of a set in the wild set's layout one by one under their dates; the stored
    claims and events as records."""
    dates = dict(
        line.split("\t")[:2] for line in (wild / "dates.tsv").read_text(encoding="utf-8").splitlines() if line.strip()
    )
    return ingest_each([([wild / "docs" / name], date.fromisoformat(dates[name].strip())) for name in docs])


def ingest_each(calls: list[tuple[list[Path], date | None]]) -> tuple[list[dict], list[dict]]:
    """Run each ingest call (files, date) in turn on a scratch store; its claims and events as records."""
    pack = load_pack()
    with tempfile.TemporaryDirectory() as work, Store.open(Path(work) / "eval.db") as store:
        for paths, day in calls:
            ingest(store, paths, pack, date_override=day)
        claims = [c.to_record() for c in select_claims(store.conn)]
        events = [e.to_record() for e in select_events(store.conn)]
    return claims, events


def dev_results(shared: Path) -> dict[str, dict]:
    """Each dev post's figures, by post name, as run-dev-eval reports them."""
    scorer = load_scorer(shared)
    # One call for all four, as run-dev-eval makes it.
    claims, events = ingest_each([(sorted((shared / "corpus").glob("*.txt")), None)])
    results = {}
    for gold in sorted((shared / "eval" / "gold").glob("*.gold.jsonl")):
        result, _ = scorer.score(scorer.load(str(gold)), claims, events)
        results[gold.name.removesuffix(".gold.jsonl")] = result
    return results


def heldout_results(batch: str, shared: Path | None = None) -> dict[str, dict]:
    """A held-out batch's figures, whole and per bundle (the shared scorer's if ``shared`` has it)."""
    folder = HELDOUT / batch
    scorer = load_scorer(shared)
    gold = scorer.load(str(folder / "gold.jsonl"))
    bundle = bundles_of(folder)
    docs = doc_order(folder)
    claims, events = run(folder, docs)
    parts = {"whole": set(docs)} | {name: {d for d in docs if bundle[d] == name} for name in sorted(set(bundle.values()))}
    return {name: score_part(scorer, gold, part, claims, events) for name, part in parts.items()}


def wild_results(shared: Path, half: str = "all") -> dict[str, dict]:
    """The wild figures of the whole chosen part, of each half (for all) and of each bundle."""
    wild = shared / "eval" / "wild"
    scorer = load_scorer(shared)
    gold = scorer.load(str(wild / "gold.jsonl"))
    bundle = bundles_of(wild)
    docs = [d for d in doc_order(wild) if in_half(bundle[d], half)]
    claims, events = run(wild, docs)
    parts = {"whole": set(docs)}
    if half == "all":
        parts |= {f"half {h}": {d for d in docs if in_half(bundle[d], h)} for h in HALVES}
    for name in sorted({bundle[d] for d in docs}):
        parts[name] = {d for d in docs if bundle[d] == name}
    return {name: score_part(scorer, gold, part, claims, events) for name, part in parts.items()}


def doc_order(wild: Path) -> list[str]:
    """The wild documents in the order run-wild-eval ingests them."""
    return [line.split("\t")[0] for line in (wild / "dates.tsv").read_text(encoding="utf-8").splitlines() if line]


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
            places = [alts[0] for alts in g.get("places") or []]
            print(f"  {mark} {g['id']} {g['type']:18} {g['polarity'][:3]} cl={want[0]} when={g.get('when')} at={places}")
            print(f"      gold: {g['evidence'][:90]}")
            if hit is None:
                print("      -> MISSED")
                continue
            used.add(hit)
            c = mine[hit]
            got = (c.get("claimant") or {}).get("name")
            ok = "ok" if not g.get("claimant") or scorer.names_match(c.get("claimant"), g["claimant"]) else "BAD"
            where = [p.get("name") if isinstance(p, dict) else p for p in c.get("places") or []]
            print(f"      -> {c['type']} {c['polarity'][:3]} cl={got} [{ok}] when={c.get('when')} at={where}")
        for i, c in enumerate(mine):
            if i not in used:
                got = (c.get("claimant") or {}).get("name")
                print(f"  FP  {c['type']:18} {c['polarity'][:3]} cl={got}: {c['sentence'][:90]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=["wild", "dev", "heldout"], default="wild", dest="which")
    parser.add_argument("--batch", default="batch1", help="the held-out batch (a folder of tests/eval/heldout)")
    parser.add_argument("--half", choices=["A", "B", "all"], default="all")
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--show", action="store_true", help="gold and predictions side by side")
    parser.add_argument("--json", action="store_true", help="one JSON line: every part's figures")
    args = parser.parse_args(argv)
    if args.which == "heldout":
        shared = args.shared if (args.shared / "eval" / "score.py").exists() else None
        results = heldout_results(args.batch, shared)
        if args.show:
            folder = HELDOUT / args.batch
            scorer = load_scorer(shared)
            docs = doc_order(folder)
            show(scorer, scorer.load(str(folder / "gold.jsonl")), docs, run(folder, docs)[0])
    elif not (args.shared / "eval" / "wild" / "gold.jsonl").exists():
        print(f"quality_eval: no evaluation sets under {args.shared}", file=sys.stderr)
        return 2
    elif args.which == "dev":
        results = dev_results(args.shared)
    else:
        results = wild_results(args.shared, args.half)
        if args.show:
            wild = args.shared / "eval" / "wild"
            scorer = load_scorer(args.shared)
            bundle = bundles_of(wild)
            docs = [d for d in doc_order(wild) if in_half(bundle[d], args.half)]
            show(scorer, scorer.load(str(wild / "gold.jsonl")), docs, run(wild, docs)[0])
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
