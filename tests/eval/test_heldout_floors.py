"""The held-out quality gate: our own held-out batches (tests/eval/heldout/) may not score below pinned floors.

Each batch is news-style articles written for hodo with their gold written
before hodo read them (scripts/quality_eval.py --set heldout --batch NAME). They
ship with the project and are scored by the shared scorer when ../shared is
there, else by scripts/gold_score.py, so this gate runs on a fresh clone too.
The floors sit a little under the figures measured when they were pinned
(README, "Extraction quality").
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

# Per batch: the whole batch's strict F1 and the events' B³ F1.
FLOORS = {
    "batch1": {"strict_f1": 0.85, "event_bcubed_f1": 0.86},
    "batch2": {"strict_f1": 0.72, "event_bcubed_f1": 0.91},
}


@cache
def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quality_eval", ROOT / "scripts" / "quality_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _whole(batch: str) -> dict:
    shared = SHARED if (SHARED / "eval" / "score.py").exists() else None
    return _harness().heldout_results(batch, shared)["whole"]


def test_every_batch_has_a_floor() -> None:
    batches = {p.name for p in (ROOT / "tests" / "eval" / "heldout").iterdir() if (p / "gold.jsonl").exists()}
    assert batches == set(FLOORS)


@pytest.mark.parametrize(("batch", "figure"), [(b, f) for b, floors in sorted(FLOORS.items()) for f in floors])
def test_each_heldout_batch_keeps_its_scores(batch: str, figure: str) -> None:
    whole = _whole(batch)
    assert whole[figure] >= FLOORS[batch][figure], whole
