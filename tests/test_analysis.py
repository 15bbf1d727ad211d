"""The Python API: ``hodo.Pipeline`` analyses texts without a store."""

from __future__ import annotations

from datetime import date

import pytest

import hodo
from hodo.ingest.sources import identity
from hodo.packs import load_pack
from hodo.pipeline import ingest
from hodo.store import Store
from hodo.store.queries import select_claims

# Our own fixture sentences.
AIR = "ロシア国防省は4日、防空部隊が無人機40機を撃墜したと発表した。"
TALK = "ウクライナのゼレンスキー大統領は5日、キーウ州の集合住宅への攻撃で市民3人が死亡したと述べた。"


@pytest.fixture(scope="module")
def nlp() -> hodo.Pipeline:
    return hodo.Pipeline(pack="russia_ukraine")


def test_analyse_gives_reports_sentences_and_claims_with_their_words(nlp):
    doc = nlp.analyse(AIR + "\n\n" + TALK, date="2025-06-04", source="tass.com")
    assert isinstance(doc, hodo.Document)
    assert doc.date == date(2025, 6, 4)
    assert [s.text for s in doc.sentences] == [AIR, TALK]
    assert doc.reports and doc.reports[0].sentences[0].text == AIR
    types = {c.type for c in doc.claims}
    assert {"air_defense", "strike"} <= types
    for claim in doc.claims:
        assert isinstance(claim, hodo.Claim)
        (t0, t1), (e0, e1), (s0, s1) = claim.trigger_span, claim.evidence_span, claim.span
        assert s0 <= e0 <= t0 < t1 <= e1 <= s1
        assert doc.text[e0:e1] == claim.evidence
    air = next(c for c in doc.claims if c.type == "air_defense")
    assert doc.text[slice(*air.trigger_span)] == "撃墜"
    record = air.to_record()
    assert record["trigger_span"] == list(air.trigger_span)
    assert record["evidence_span"] == list(air.evidence_span)
    assert record["claimant"]["id"] == "ru.mod"


def test_spans_map_back_to_the_text_as_given(nlp):
    # Full-width digits and CR LF line ends are normalized; original_span finds the words as written.
    text = "前置き。\r\n\r\nロシア国防省は４日、防空部隊が無人機４０機を撃墜したと発表した。\r\n"
    doc = nlp.analyse(text)
    assert doc.original == text
    air = next(c for c in doc.claims if c.type == "air_defense")
    start, end = doc.original_span(*air.trigger_span)
    assert text[start:end] == "撃墜"
    start, end = doc.original_span(*air.evidence_span)
    assert text[start:end].startswith("ロシア国防省は４日")


def test_identity_defaults_to_the_texts_hash_and_can_be_given(nlp):
    first, again = nlp.analyse(AIR), nlp.analyse(AIR)
    assert first.doc_id == again.doc_id and first.doc_id.startswith("text:")
    assert [c.claim_id for c in first.claims] == [c.claim_id for c in again.claims]
    named = nlp.analyse(AIR, doc_id="mod-0604")
    assert named.doc_id == "mod-0604"
    assert {c.doc for c in named.claims} == {"mod-0604"}


def test_bad_items_are_named(nlp):
    with pytest.raises(hodo.AnalysisError, match="item 1: no text"):
        list(nlp.pipe([AIR, "  "]))
    with pytest.raises(hodo.AnalysisError, match="date"):
        nlp.analyse(AIR, date="4 June")


def test_pipe_yields_in_order_and_workers_change_nothing(nlp):
    items = [
        {"text": AIR.replace("40", str(40 + i)), "date": f"2025-06-{i + 1:02d}", "id": f"d{i}"} for i in range(8)
    ]
    # A long one first, so that the workers finish the others before it.
    items.insert(0, {"text": (TALK + "\n") * 300, "id": "long"})
    items.append(TALK)
    one = list(nlp.pipe(items))
    two = list(nlp.pipe(items, workers=2))
    assert [d.doc_id for d in one] == ["long", *(f"d{i}" for i in range(8)), one[-1].doc_id]
    assert [d.doc_id for d in two] == [d.doc_id for d in one]
    assert [[c.to_record() for c in d.claims] for d in two] == [[c.to_record() for c in d.claims] for d in one]
    assert [[c.to_record() for c in d.claims] for d in one[1:-1]] == [
        [c.to_record() for c in nlp.analyse(i["text"], date=i["date"], doc_id=i["id"]).claims] for i in items[1:-1]
    ]


def test_pipe_gives_the_claims_ingest_stores_for_the_shared_corpus(nlp, shared_dir, tmp_path):
    corpus = shared_dir / "corpus"
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
    with Store.open(tmp_path / "hodo.db") as store:
        ingest(store, files, load_pack())
        stored = [c.to_record() for c in select_claims(store.conn)]
    records = [{"text": p.read_text(encoding="utf-8"), "id": identity(str(p))} for p in files]
    found = [c for doc in nlp.pipe(records, workers=2) for c in doc.claims]
    # The store names a claim's document by its file name (``doc``); the API by its identity.
    analysed = sorted((_without_doc(c.to_record()) for c in found), key=_order)
    assert analysed == sorted((_without_doc(r) for r in stored), key=_order)
    assert len(analysed) > 100


def _without_doc(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "doc"}


def _order(record: dict) -> tuple:
    return record["doc_id"], record["span"], record["claim_id"]


def test_the_package_imports_the_api_only_when_asked():
    import subprocess
    import sys

    code = "import sys, hodo; print('hodo.pipeline' in sys.modules); hodo.Pipeline; print('hodo.pipeline' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]


def test_show_marks_the_trigger_and_the_evidence(nlp, tmp_path):
    from rich.text import Text

    from hodo.cli.output import document_view

    doc = nlp.analyse("前置きの文。" + AIR)
    view = document_view(doc, doc.claims)
    line = next(part for part in view.renderables if isinstance(part, Text) and "撃墜" in part.plain)
    styled = {line.plain[span.start : span.end]: str(span.style) for span in line.spans}
    assert styled.get("撃墜") == "bold red"
    air = next(c for c in doc.claims if c.type == "air_defense")
    assert styled.get(doc.text[slice(*air.evidence_span)]) == "underline"

