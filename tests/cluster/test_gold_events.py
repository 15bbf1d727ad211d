"""Clustering measured on the shared gold, before the extractor exists.

Claims are built straight from the gold files' required claims: the sentence
that holds the evidence in the corpus post, the gold type, claimant, places,
dates and polarity, and each gold value as a quantity whose unit is the counter
written after it. B-cubed F1 and the contested flags are computed exactly as
shared/eval/score.py does. Gold claims typed "any" are left out: no extractor
emits that type. Run this file directly to print the figures per document.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from hodo.cluster import cluster_claims
from hodo.extract.claim_types import type_rules
from hodo.link.linker import Linker
from hodo.models import Claim, DateRange, Entity, Event, Quantity
from hodo.packs import load_pack

_SENTENCE_END = "。！？\n"
_UNIT = re.compile(r"\s*(か国|カ国|か所|カ所|ヶ所|平方キロメートル|平方キロ|日間|時間|キロ|億ルーブル|万人|[^\d\s、。,.()（）「」])")
_APPROX_BEFORE = ("約", "およそ", "ほぼ")
_APPROX_AFTER = ("ほど", "近く", "前後")
_MIN_AFTER = ("以上", "超", "を超え")


def _sentence_of(text: str, evidence: str) -> tuple[str, int]:
    at = text.find(evidence)
    if at < 0:
        return evidence, -1
    start = max(text.rfind(ch, 0, at) for ch in _SENTENCE_END) + 1
    ends = [e for e in (text.find(ch, at + len(evidence)) for ch in _SENTENCE_END) if e >= 0]
    end = min(ends) if ends else len(text)
    return text[start:end].strip(), start


def _quantity(sentence: str, value: float) -> Quantity:
    digits = f"{value:g}" if value < 1e6 else ""
    at = sentence.find(digits) if digits else -1
    if at < 0:
        return Quantity(value=value, min=value, max=value, approx=False, unit="", item=None)
    after = sentence[at + len(digits) :]
    unit_match = _UNIT.match(after)
    unit = unit_match.group(1) if unit_match else ""
    tail = after[len(unit_match.group(0)) if unit_match else 0 :]
    approx = sentence[:at].endswith(_APPROX_BEFORE) or tail.startswith(_APPROX_AFTER)
    at_least = tail.startswith(_MIN_AFTER)
    return Quantity(
        value=value,
        min=value,
        max=None if at_least else value,
        approx=approx,
        unit=unit,
        item=None,
    )


def _written(alts: list[str]) -> str:
    """The first Japanese spelling among a gold place's accepted names."""
    return next((a for a in alts if not a.isascii()), "")


def _place(alts: list[str], linker: Linker) -> Entity:
    """The gold place linked as the pipeline links it, so its id carries the country.

    Claimants are linked the same way (_claimant).
    """
    written = _written(alts)
    return linker.link(written or alts[0], kind="place") or Entity(None, alts[0], "place", text=written)


def _claimant(names: list[str], linker: Linker) -> Entity:
    for name in names:
        linked = linker.link(name)
        if linked is not None:
            return linked
    return Entity(None, names[0], "organization")




def _claims_of(gold_path: Path, corpus: Path) -> tuple[list[Claim], dict[str, str], dict[str, bool]]:
    rows = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    flags = {r["event"]: r["contested"] for r in rows if "evidence" not in r}
    text = unicodedata.normalize("NFKC", (corpus / rows[0]["doc"]).read_text(encoding="utf-8"))
    claims: list[Claim] = []
    labels: dict[str, str] = {}
    pack = load_pack()
    linker = Linker.for_pack(pack)
    rules = {rule.name: rule for rule in type_rules(pack)}
    for row in rows:
        if "evidence" not in row or row.get("optional") or row["type"] == "any":
            continue
        evidence = unicodedata.normalize("NFKC", row["evidence"])
        sentence, start = _sentence_of(text, evidence)
        if start < 0:
            start = len(claims) * 100
        when = row.get("when")
        claims.append(
            Claim(
                claim_id=row["id"],
                doc=row["doc"],
                sentence=sentence,
                span=(start, start + len(sentence)),
                type=row["type"],
                claimant=_claimant(row["claimant"], linker) if row.get("claimant") else None,
                quantities=[_quantity(sentence, float(v)) for v in row.get("values") or []],
                when=DateRange(date.fromisoformat(when["start"]), date.fromisoformat(when["end"])) if when else None,
                places=[_place(alts, linker) for alts in row.get("places") or []],
                polarity=row.get("polarity", "affirmed"),
                evidence=evidence,
                subjects=rules[row["type"]].subjects_in(evidence) if row["type"] in rules else [],
            )
        )
        if row.get("event"):
            labels[row["id"]] = row["event"]
    # The extractor hands claims on in document order, stated on the post's date;
    # the latest date the gold gives stands in for the post's date.
    stated = max((c.when.end for c in claims if c.when), default=None)
    for c in claims:
        c.stated = stated
    claims.sort(key=lambda c: c.span)
    return claims, labels, flags


def score_events(events: list[Event], labels: dict[str, str], flags: dict[str, bool]) -> tuple[float, int, int]:
    """B-cubed F1 and contested flags right / scored, as shared/eval/score.py counts them."""
    ev_of = {cid: e.event_id for e in events for cid in e.claims}
    items = [(gold, ev_of.get(cid, cid)) for cid, gold in labels.items()]
    bp = br = 0.0
    for ge, pe in items:
        same_pred = [x for x in items if x[1] == pe]
        same_gold = [x for x in items if x[0] == ge]
        bp += sum(1 for x in same_pred if x[0] == ge) / len(same_pred)
        br += sum(1 for x in same_gold if x[1] == pe) / len(same_gold)
    n = len(items) or 1
    bp, br = bp / n, br / n
    f1 = 2 * bp * br / (bp + br) if bp + br else 0.0
    by_id = {e.event_id: e for e in events}
    right = scored = 0
    for label, want in flags.items():
        preds = [pe for ge, pe in items if ge == label]
        if not preds:
            continue
        top = max(sorted(set(preds)), key=preds.count)
        scored += 1
        right += int(by_id[top].contested == want) if top in by_id else int(not want)
    return f1, right, scored


def _all_gold(shared: Path) -> list[tuple[str, list[Claim], dict[str, str], dict[str, bool]]]:
    out = []
    for gold_path in sorted((shared / "eval" / "gold").glob("*.gold.jsonl")):
        claims, labels, flags = _claims_of(gold_path, shared / "corpus")
        out.append((gold_path.name, claims, labels, flags))
    return out


def test_gold_events_cluster_well(shared_dir: Path) -> None:
    docs = _all_gold(shared_dir)
    # One store holds every document, as in the dev evaluation.
    events = cluster_claims([c for _, claims, _, _ in docs for c in claims])
    # The target is 0.85 per document; these gold-derived claims carry no
    # actors or targets (the gold has none), which the participant rules need, so
    # the floor guarded here is what the other rules reach without them. Without
    # them one placeless report of an overnight attack also reaches the week's
    # other attack and spoils one flag, hence the one miss allowed in all.
    misses = 0
    for name, _, labels, flags in docs:
        f1, right, scored = score_events(events, labels, flags)
        assert f1 >= 0.75, name
        misses += scored - right
    assert misses <= 1


def test_gold_events_same_in_batches(shared_dir: Path) -> None:
    docs = _all_gold(shared_dir)
    everything = [c for _, claims, _, _ in docs for c in claims]
    at_once = cluster_claims(everything)
    events: list[Event] = []
    seen: dict[str, Claim] = {}
    for _, claims, _, _ in docs:
        events = cluster_claims(claims, events, existing_claims=seen)
        seen.update((c.claim_id, c) for c in claims)
    assert [e.to_record() for e in events] == [e.to_record() for e in at_once]


if __name__ == "__main__":
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "shared"
    if not (shared / "corpus").is_dir():
        pytest.exit("no ../shared here")
    docs = _all_gold(shared)
    events = cluster_claims([c for _, claims, _, _ in docs for c in claims])
    for name, claims, labels, flags in docs:
        f1, right, scored = score_events(events, labels, flags)
        print(f"{name}: claims {len(claims)}  event_bcubed_f1 {f1:.3f}  contested {right}/{scored}")
        if "-v" in sys.argv:
            ev_of = {cid: e for e in events for cid in e.claims}
            for c in claims:
                e = ev_of[c.claim_id]
                print(f"   {c.claim_id[-3:]} {labels.get(c.claim_id, '-')[:22]:22} {e.event_id[-5:]} "
                      f"{'C' if e.contested else ' '} {c.type[:10]:10} {c.sentence[:60]}")
