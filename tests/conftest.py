"""Shared test fixtures: where ../shared lies, and a skip for when it does not."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from datetime import date
from importlib.resources import files
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


# A store made by the pipeline from the bundled sample and the documents below, for the API,
# digest, series and export tests.

# Written for these tests: a contested claim about aircraft (two figures and a denial),
# and one claimant's daily figures on two days. URLs make the documents' ids.
FIXTURE_DOCUMENTS = [
    {
        "text": "ゼレンスキー大統領は5日、今回の作戦でロシア軍機40機に打撃を与えたと述べた。\n\n"
        "米政府当局者によると、この作戦で損傷したロシア軍機は約20機だった。\n\n"
        "ロシア国防省は、航空機が破壊されたとの報道を否定した。",
        "url": "https://example.org/news/airbases",
        "title": "Airbase strike",
        "date": "2025-06-05",
    },
    {
        "text": "ロシア国防省によると、防空システムは過去24時間にウクライナ軍の無人機95機を撃墜した。",
        "url": "https://example.org/news/mod-0605",
        "date": "2025-06-05",
    },
    {
        "text": "ロシア国防省によると、防空システムは過去24時間にウクライナ軍の無人機130機を撃墜した。",
        "url": "https://example.org/news/mod-0606",
        "date": "2025-06-06",
    },
]


def build_store(folder: Path) -> Path:
    """hodo.db in ``folder``: the bundled sample and the fixture documents, ingested by the pipeline."""
    from hodo.packs import load_pack
    from hodo.pipeline import ingest
    from hodo.store import Store

    inputs = folder / "inputs"
    inputs.mkdir()
    sample = Path(str(files("hodo") / "sample"))
    for path in sample.iterdir():
        if path.suffix == ".txt":
            shutil.copy(path, inputs / path.name)
    (inputs / "fixtures.jsonl").write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in FIXTURE_DOCUMENTS), encoding="utf-8"
    )
    db = folder / "hodo.db"
    with Store.open(db) as store:
        summary = ingest(store, [inputs], load_pack("russia_ukraine"))
    assert not summary.failed, summary.line()
    return db


@pytest.fixture(scope="session")
def api_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("api"))
