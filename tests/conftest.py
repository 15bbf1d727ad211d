"""Shared test fixtures: where ../shared lies, and a skip for when it does not."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """../shared, or a clean skip on machines that do not have it."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is absent on this machine")
    return SHARED
