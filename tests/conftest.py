"""Shared test fixtures: where ../shared lies, and a skip for when it does not."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from hodo.models import Claim, DateRange, Document, Entity, Quantity, Report, Sentence

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """../shared, or a clean skip on machines that do not have it."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is absent on this machine")
    return SHARED


# Builders for store and CLI tests that need stored records without running the pipeline.


def _document(doc_id: str, text: str, day: str | None = "2025-06-04") -> Document:
    """A one-report document whose sentences are the lines of ``text``."""
    sentences = []
    offset = 0
    for line in text.split("\n"):
        if line:
            sentences.append(Sentence(text=line, start=offset, end=offset + len(line), report=0))
        offset += len(line) + 1
    report = Report(index=0, start=0, end=len(text), style="plain", sentences=sentences)
    return Document(
        doc_id=doc_id,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        source=f"/tmp/{doc_id}",
        text=text,
        original=text,
        date=date.fromisoformat(day) if day else None,
        reports=[report],
    )


def _claim(doc: Document, index: int, claim_type: str, **fields: object) -> Claim:
    """A claim on sentence ``index`` of ``doc``'s first report."""
    sentence = doc.reports[0].sentences[index]
    return Claim(
        claim_id=f"{doc.doc_id}#{index}-{claim_type}",
        doc=doc.doc_id,
        sentence=sentence.text,
        span=(sentence.start, sentence.end),
        type=claim_type,
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture
def make_document() -> Callable[..., Document]:
    return _document


@pytest.fixture
def make_claim() -> Callable[..., Claim]:
    return _claim


MOD = Entity(id="ru.mod", name="Ministry of Defence (Russia)", kind="organization", text="露国防省")
ZELENSKY = Entity(id="ua.zelenskyy", name="Volodymyr Zelenskyy", kind="person", text="ゼレンスキー大統領")
SUMY = Entity(id="ua.sumy_oblast", name="Sumy Oblast", kind="place", text="スムイ州", lat=50.9, lon=34.8)


@pytest.fixture
def sample_records() -> tuple[list[Document], list[Claim]]:
    """Two small documents and four claims with claimants, places, figures and dates."""
    losses = _document(
        "mod.txt",
        "ウクライナ軍は過去24時間に900人以上の兵士を失った。\n防空部隊は無人機55機を撃墜した。\n"
        "ロシア軍はスムイ州の村を解放した。",
    )
    call = _document("call.txt", "ゼレンスキー大統領は攻撃で12機の航空機が破壊されたと述べた。", day="2025-06-02")
    week = DateRange(date(2025, 6, 3), date(2025, 6, 4))
    claims = [
        _claim(losses, 0, "personnel_losses", claimant=MOD, when=week, stated=date(2025, 6, 4),
               quantities=[Quantity(900, 900, None, False, "人", "soldiers")]),
        _claim(losses, 1, "air_defense", claimant=MOD, when=week,
               quantities=[Quantity(55, 55, 55, False, "機", "drones"), Quantity(3, 3, 3, True, "発", "rockets")]),
        _claim(losses, 2, "territorial_control", claimant=MOD, places=[SUMY], stated=date(2025, 6, 4)),
        _claim(call, 0, "equipment_losses", claimant=ZELENSKY, stated=date(2025, 6, 2),
               quantities=[Quantity(12, 12, 12, False, "機", "aircraft")]),
    ]
    return [losses, call], claims


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[..., Path]:
    """``make_pack(name, {"layout.toml": "..."}, extends="russia_ukraine")``: a pack folder in tmp_path.

    ``extends=None`` makes a pack that extends nothing.
    """

    def make(name: str, files: dict[str, str], extends: str | None = "russia_ukraine") -> Path:
        folder = tmp_path / name
        folder.mkdir()
        meta = f'name = "{name}"\n' + (f'extends = ["{extends}"]\n' if extends else "")
        (folder / "pack.toml").write_text(meta, encoding="utf-8")
        for file, text in files.items():
            (folder / file).write_text(text, encoding="utf-8")
        return folder

    return make
