"""Score claims and events against a gold file, for our own held-out sets when ../shared is absent.

The gold format and the figures are those of the shared scorer
(../shared/eval/score.py, documented in its docstring and in
../shared/spec/claims.md): a predicted claim matches a gold claim of its
document when their types agree (gold type "any" takes every type) and the
gold evidence lies in the predicted sentence, or that sentence (8 characters
or more) in the evidence, both read without spaces and punctuation. Matching
is one to one, greedy, required gold claims first in file order, then the
optional ones, which absorb predictions without counting. A matched claim is
strictly right when its values include the gold values, its claimant is one
of the accepted names and its polarity is the gold's. Events: B³ over the
matched claims that name a gold event; a contested flag counts for the event
most of its matched claims fell into.

Written here, not imported, so that tests/eval/test_quality_floors.py can pin
the held-out sets' floors on a fresh clone without the shared material;
scripts/quality_eval.py uses the shared scorer whenever it is there.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

_DROPPED = re.compile(r"[\s\u3000「」『』()（）\[\]【】、。,.・:：'\"“”’‘-]")


def norm(text: str | None) -> str:
    return _DROPPED.sub("", unicodedata.normalize("NFKC", text or "").lower())


def load(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _names(entity: dict | str | None) -> set[str]:
    if not entity:
        return set()
    if isinstance(entity, str):
        return {norm(entity)}
    return {norm(entity[k]) for k in ("id", "name", "text") if entity.get(k)}


def names_match(entity: dict | str | None, accepted: list[str]) -> bool:
    known = _names(entity)
    return any(norm(name) in known for name in accepted)


def _values(claim: dict) -> set[float]:
    return {
        float(q[k]) for q in claim.get("quantities") or () for k in ("value", "min", "max") if isinstance(q.get(k), (int, float))
    }


def _doc(name: str | None) -> str:
    return norm((name or "").rsplit("/", 1)[-1])


def contains(gold: dict, claim: dict) -> bool:
    evidence, sentence = norm(gold["evidence"]), norm(claim.get("sentence"))
    return bool(sentence) and (evidence in sentence or (len(sentence) >= 8 and sentence in evidence))


def _ratio(right: int, wrong: int) -> float:
    return right / (right + wrong) if right + wrong else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold_rows: list[dict], claims: list[dict], events: list[dict] | None) -> tuple[dict, list[tuple[str, dict]]]:
    """The figures (as the shared scorer names them) and the misses, each (why, gold row)."""
    gold = [g for g in gold_rows if "evidence" in g]
    flags = {g["event"]: g["contested"] for g in gold_rows if "evidence" not in g}
    docs = {_doc(g["doc"]) for g in gold}
    claims = [c for c in claims if _doc(c.get("doc")) in docs]
    taken: set[int] = set()
    matched: dict[int, int] = {}
    for gi in sorted(range(len(gold)), key=lambda i: bool(gold[i].get("optional"))):
        g = gold[gi]
        for ci, c in enumerate(claims):
            if ci in taken or _doc(c.get("doc")) != _doc(g["doc"]):
                continue
            if g["type"] in ("any", c.get("type")) and contains(g, c):
                taken.add(ci)
                matched[gi] = ci
                break
    required = [gi for gi, g in enumerate(gold) if not g.get("optional")]
    tp = sum(gi in matched for gi in required)
    fp = len(claims) - len(taken)
    fn = len(required) - tp
    fields: dict[str, list[int]] = {}
    misses: list[tuple[str, dict]] = []
    strict = 0
    for gi in required:
        g = gold[gi]
        if gi not in matched:
            misses.append(("missed", g))
            continue
        c = claims[matched[gi]]
        checks = {}
        if g.get("values"):
            checks["values"] = {float(v) for v in g["values"]} <= _values(c)
        if g.get("claimant"):
            checks["claimant"] = names_match(c.get("claimant"), g["claimant"])
        checks["polarity"] = (c.get("polarity") or "affirmed") == g.get("polarity", "affirmed")
        if g.get("when"):
            when = c.get("when") or {}
            checks["when"] = (when.get("start"), when.get("end")) == (g["when"]["start"], g["when"]["end"])
        if g.get("places"):
            checks["places"] = all(any(names_match(p, alts) for p in c.get("places") or ()) for alts in g["places"])
        for name, ok in checks.items():
            tally = fields.setdefault(name, [0, 0])
            tally[0] += int(ok)
            tally[1] += 1
        wrong = [name for name in ("values", "claimant", "polarity") if name in checks and not checks[name]]
        if wrong or any(not ok for ok in checks.values()):
            misses.append(("wrong " + ",".join(k for k, ok in checks.items() if not ok), g))
        if not wrong:
            strict += 1
    p, r = _ratio(tp, fp), _ratio(tp, fn)
    sp, sr = _ratio(strict, fp + tp - strict), _ratio(strict, fn + tp - strict)
    result: dict = {
        "gold_required": len(required),
        "predicted": len(claims),
        "matched": tp,
        "optional_absorbed": sum(1 for gi, g in enumerate(gold) if g.get("optional") and gi in matched),
        "false_positives": fp,
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(_f1(p, r), 3),
        "strict_f1": round(_f1(sp, sr), 3),
        "fields": {k: f"{a}/{b}" for k, (a, b) in sorted(fields.items())},
    }
    if events is not None:
        result.update(_event_figures(gold, required, matched, claims, events, flags))
    return result, misses


def _event_figures(
    gold: list[dict], required: list[int], matched: dict[int, int], claims: list[dict], events: list[dict], flags: dict
) -> dict:
    event_of = {cid: e.get("event_id") for e in events for cid in e.get("claims") or ()}
    pairs = [
        (gold[gi]["event"], event_of.get(claims[matched[gi]].get("claim_id"), ("alone", gi)))
        for gi in required
        if gi in matched and gold[gi].get("event")
    ]
    by_gold = Counter(ge for ge, _ in pairs)
    by_pred = Counter(pe for _, pe in pairs)
    both = Counter(pairs)
    n = len(pairs) or 1
    precision = sum(both[pair] / by_pred[pair[1]] for pair in pairs) / n
    recall = sum(both[pair] / by_gold[pair[0]] for pair in pairs) / n
    contested = {e.get("event_id"): bool(e.get("contested")) for e in events}
    right = total = 0
    for label, want in flags.items():
        predicted = [pe for ge, pe in pairs if ge == label]
        if not predicted:
            continue
        top = max(set(predicted), key=predicted.count)
        total += 1
        right += int(contested.get(top, False) == want)
    return {"event_bcubed_f1": round(_f1(precision, recall), 3), "contested": f"{right}/{total}"}
