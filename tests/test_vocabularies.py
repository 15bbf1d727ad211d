"""The closed vocabularies of the records (hodo.models) are all that the stages produce."""

from __future__ import annotations

from pathlib import Path

from hodo.link import Linker
from hodo.models import (
    CLAIM_TYPES,
    MENTION_METHODS,
    MODALITIES,
    POLARITIES,
    REPORT_STYLES,
    ClaimType,
    RawDocument,
)
from hodo.packs import load_pack
from hodo.pipeline import analyse

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "hodo" / "sample"


def test_the_sample_uses_only_the_closed_vocabularies() -> None:
    pack = load_pack()
    linker = Linker.for_pack(pack)
    styles, types, polarities, modalities, methods = set(), set(), set(), set(), set()
    for path in sorted(SAMPLE.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc, claims = analyse(RawDocument(path.name, text, str(path)), pack)
        styles |= {r.style for r in doc.reports}
        types |= {c.type for c in claims}
        polarities |= {c.polarity for c in claims}
        modalities |= {c.modality for c in claims}
        methods |= {m.method for m in linker.mentions(doc.text)}
    assert styles <= set(REPORT_STYLES) and len(styles) >= 3
    assert types <= set(CLAIM_TYPES) and polarities <= set(POLARITIES) and modalities <= set(MODALITIES)
    assert methods <= set(MENTION_METHODS) and "alias" in methods


def test_the_claim_types_are_the_specs() -> None:
    assert ClaimType.__args__ == CLAIM_TYPES
    assert len(CLAIM_TYPES) == 10 and "strike" in CLAIM_TYPES
