"""The whole pipeline through the command line, on the shared corpus and on the bundled sample."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hodo.models import CLAIM_TYPES, ENTITY_KINDS

SPEC_CLAIM_FIELDS = (
    "claim_id", "doc", "sentence", "span", "type", "claimant", "outlet", "actor", "target",
    "quantities", "when", "stated", "places", "polarity", "modality",
)  # fmt: skip


def _hodo(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hodo", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _check_entity(entity: object) -> None:
    assert isinstance(entity, dict)
    assert {"text", "id", "name", "kind"} <= set(entity)
    assert entity["kind"] in ENTITY_KINDS


def _check_claim(record: dict, texts: dict[str, str]) -> None:
    assert list(record)[: len(SPEC_CLAIM_FIELDS)] == list(SPEC_CLAIM_FIELDS)
    assert record["type"] in CLAIM_TYPES
    assert record["polarity"] in ("affirmed", "denied")
    assert record["modality"] in ("asserted", "estimated", "rumored", "planned")
    start, end = record["span"]
    assert texts[record["doc_id"]][start:end] == record["sentence"]
    assert Path(record["doc_id"]).name == record["doc"]
    for key in ("claimant", "actor", "target"):
        if record[key] is not None:
            _check_entity(record[key])
    for place in record["places"]:
        _check_entity(place)
    for q in record["quantities"]:
        assert {"value", "min", "max", "approx", "unit", "item"} <= set(q)
    if record["when"] is not None:
        assert record["when"]["start"] <= record["when"]["end"]


def _stored_texts(db: Path) -> dict[str, str]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT doc_id, text FROM documents"))


def test_shared_corpus_gives_valid_records_for_every_post(shared_dir, tmp_path):
    db = tmp_path / "corpus.db"
    corpus = shared_dir / "corpus"
    ingested = _hodo(db, "--quiet", "ingest", str(corpus))
    assert ingested.returncode == 0, ingested.stderr
    claims = [json.loads(line) for line in _hodo(db, "claims", "--format", "jsonl").stdout.splitlines()]
    texts = _stored_texts(db)
    posts = {p.name for p in corpus.glob("*.txt")}
    # Documents are known by their paths; claim records name them by file name, as the spec says.
    assert set(texts) == {str(p) for p in corpus.glob("*.txt")}
    assert {c["doc"] for c in claims} == posts
    for record in claims:
        _check_claim(record, texts)
    assert len({c["claim_id"] for c in claims}) == len(claims)
    events = [json.loads(line) for line in _hodo(db, "events", "--format", "jsonl").stdout.splitlines()]
    ids = {c["claim_id"] for c in claims}
    for event in events:
        assert event["claims"] and set(event["claims"]) <= ids
    again = _hodo(db, "ingest", str(corpus))
    assert again.stderr.strip().startswith(f"0 new, {len(posts)} unchanged, 0 failed")


def test_demo_ingests_the_bundled_sample(tmp_path):
    db = tmp_path / "sample.db"
    result = _hodo(db, "demo")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("4 new, 0 unchanged, 0 failed")
    claims = [json.loads(line) for line in _hodo(db, "claims", "--format", "jsonl").stdout.splitlines()]
    texts = _stored_texts(db)
    assert len(texts) == 4
    assert len({c["doc"] for c in claims}) >= 3
    for record in claims:
        _check_claim(record, texts)
    assert "claims in the sample" in result.stdout
    last = result.stdout.strip().splitlines()[-1]
    assert last == f"Open the web UI: hodo --db {db} serve, then http://127.0.0.1:8000/"


def test_demo_store_holds_a_contested_event(tmp_path):
    """The sample tells one strike claimed by one side and denied by the other: its event is contested,
    and the other side's overnight attack on the defender's own country stays an event of its own."""
    db = tmp_path / "sample.db"
    assert _hodo(db, "demo").returncode == 0
    claims = {c["claim_id"]: c for c in map(json.loads, _hodo(db, "claims", "--format", "jsonl").stdout.splitlines())}
    events = [json.loads(line) for line in _hodo(db, "events", "--format", "jsonl").stdout.splitlines()]
    contested = [e for e in events if e["contested"]]
    assert contested, [e["title"] for e in events]
    for event in contested:
        polarities = {claims[cid]["polarity"] for cid in event["claims"]}
        assert polarities == {"affirmed", "denied"}
        # Strikes landing in different countries are different happenings.
        theatres = {p["id"].split(".")[0] for cid in event["claims"] for p in claims[cid]["places"] if p.get("id")}
        assert len(theatres) <= 1, theatres
