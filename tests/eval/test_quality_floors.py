"""The extraction quality gate: scores on the evaluation sets may not fall below pinned floors.

As trafilatura pins its F1 floors, this pins what hodo scores with the
shared scorer (../shared/eval/score.py) on the four dev posts and on the
wild set of real news, so that no later change lowers them unnoticed. The
floors sit a little under the figures measured when they were pinned
(README, "Extraction quality"); raise them when extraction improves.
The shared sets' floors skip when the shared material is absent (a fresh
clone elsewhere); those of our own held-out batches (tests/eval/heldout/) never do.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

needs_shared = pytest.mark.skipif(
    not (SHARED / "eval" / "score.py").exists() or not (SHARED / "eval" / "wild" / "gold.jsonl").exists(),
    reason="the shared evaluation sets (../shared/eval) are not here",
)

# Strict F1 per dev post (run-dev-eval): the issue asks for at least 0.85 each.
DEV_STRICT_F1 = {
    "000_b560e1d8a1cf28ac": 0.98,
    "001_ad17cbe2dac0da94": 0.89,
    "002_342d60ddcf818db9": 0.93,
    "004_de08e749f9efec96": 0.93,
}

# The whole wild set (run-wild-eval).
WILD_FLOORS = {
    "strict_f1": 0.935,
    "precision": 0.97,
    "recall": 0.95,
    "event_bcubed_f1": 0.92,
}
WILD_CLAIMANT_SHARE = 0.95
WILD_CONTESTED_RIGHT = 13

# Each half of the wild set (scripts/quality_eval.py): the one developed on and the one only checked.
HALF_STRICT_F1 = {"half A": 0.935, "half B": 0.935}

# Our own held-out batches (tests/eval/heldout/, news-style articles whose gold was written before
# hodo read them), per batch: strict F1 and events B³ F1. They ship with the project and are scored
# by scripts/gold_score.py when ../shared is absent, so these floors hold on a fresh clone too.
HELDOUT_FLOORS = {
    "batch1": {"strict_f1": 0.85, "event_bcubed_f1": 0.86},
    "batch2": {"strict_f1": 0.75, "event_bcubed_f1": 0.91},
}


@cache
def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quality_eval", ROOT / "scripts" / "quality_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _dev() -> dict[str, dict]:
    return _harness().dev_results(SHARED)


@cache
def _wild() -> dict[str, dict]:
    return _harness().wild_results(SHARED)


@cache
def _heldout(batch: str) -> dict:
    shared = SHARED if (SHARED / "eval" / "score.py").exists() else None
    return _harness().heldout_results(batch, shared)["whole"]


def _ratio(field: str) -> tuple[int, int]:
    right, total = field.split("/")
    return int(right), int(total)


@needs_shared
@pytest.mark.parametrize("post", sorted(DEV_STRICT_F1))
def test_dev_posts_keep_their_strict_f1(post: str) -> None:
    assert _dev()[post]["strict_f1"] >= DEV_STRICT_F1[post], _dev()[post]


@needs_shared
@pytest.mark.parametrize("figure", sorted(WILD_FLOORS))
def test_the_wild_set_keeps_its_scores(figure: str) -> None:
    whole = _wild()["whole"]
    assert whole[figure] >= WILD_FLOORS[figure], whole


@needs_shared
def test_the_wild_set_keeps_its_claimants_and_contested_flags() -> None:
    whole = _wild()["whole"]
    right, total = _ratio(whole["fields"]["claimant"])
    assert right / total >= WILD_CLAIMANT_SHARE, whole["fields"]
    assert _ratio(whole["contested"])[0] >= WILD_CONTESTED_RIGHT, whole["contested"]


@needs_shared
@pytest.mark.parametrize("half", sorted(HALF_STRICT_F1))
def test_each_wild_half_keeps_its_strict_f1(half: str) -> None:
    assert _wild()[half]["strict_f1"] >= HALF_STRICT_F1[half], _wild()[half]


def test_every_heldout_batch_has_floors() -> None:
    batches = {p.name for p in (ROOT / "tests" / "eval" / "heldout").iterdir() if (p / "gold.jsonl").exists()}
    assert batches == set(HELDOUT_FLOORS)


@pytest.mark.parametrize(
    ("batch", "figure"), [(b, f) for b, floors in sorted(HELDOUT_FLOORS.items()) for f in sorted(floors)]
)
def test_each_heldout_batch_keeps_its_scores(batch: str, figure: str) -> None:
    assert _heldout(batch)[figure] >= HELDOUT_FLOORS[batch][figure], _heldout(batch)
