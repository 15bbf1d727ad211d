"""The read commands on a store filled without the pipeline: every format parses, filters apply."""

from __future__ import annotations

import csv
import importlib
import io
import json

import pytest

from hodo.cli.output import CLAIM_COLUMNS
from hodo.models import Entity, Quantity
from hodo.pipeline import update_events
from hodo.store import Store

SPEC_CLAIM_FIELDS = {
    "claim_id", "doc", "sentence", "span", "type", "claimant", "outlet", "actor", "target",
    "quantities", "when", "stated", "places", "polarity", "modality",
}  # fmt: skip
SPEC_EVENT_FIELDS = {
    "event_id", "type", "title", "when", "places", "participants", "claims", "claimants", "outlets",
    "contested", "discrepancies",
}  # fmt: skip


MEDIA = Entity(None, "Russian media", "organization", text="露メディア")


@pytest.fixture
def with_event(filled_db, sample_records, make_document, make_claim):
    """The sample store with its events, one of them contested: another source counts other drones."""
    _, claims = sample_records
    other = make_document("media.txt", "露メディアによると、防空部隊は過去24時間に無人機60機を撃墜した。")
    counted = make_claim(other, 0, "air_defense", claimant=MEDIA, when=claims[1].when,
                         quantities=[Quantity(60, 60, 60, False, "機", "drones")])
    with Store.open(filled_db) as store:
        store.save_document(other, [counted])
        update_events(store)
    return filled_db


def test_claims_jsonl_lines_are_spec_records(hodo, filled_db, sample_records):
    result = hodo("claims", "--format", "jsonl")
    assert result.code == 0
    records = [json.loads(line) for line in result.out.splitlines()]
    assert len(records) == 4
    for record in records:
        assert set(record) >= SPEC_CLAIM_FIELDS
    _, claims = sample_records
    assert {r["claim_id"]: r for r in records}[claims[0].claim_id] == claims[0].to_record()


def test_claims_json_is_an_array_and_csv_has_the_flat_columns(hodo, filled_db):
    array = json.loads(hodo("claims", "--format", "json").out)
    assert len(array) == 4
    rows = list(csv.DictReader(io.StringIO(hodo("claims", "-f", "csv", "--type", "air_defense").out)))
    assert list(rows[0]) == list(CLAIM_COLUMNS)
    assert rows[0]["quantities"] == "55機; 約3発"
    assert rows[0]["claimant"] == "Ministry of Defence (Russia)"
    assert (rows[0]["when_start"], rows[0]["when_end"]) == ("2025-06-03", "2025-06-04")


@pytest.mark.parametrize(
    ("args", "count"),
    [
        (["--claimant", "露国防省"], 3),
        (["--claimant", "RU.MOD"], 3),
        (["--place", "Sumy Oblast"], 1),
        (["--since", "2025-06-04"], 3),
        (["--until", "2025-06-02"], 1),
        (["--doc", "call.txt"], 1),
        (["--contains", "撃墜"], 1),
        (["--contains", "航空機が"], 1),
        (["--limit", "1"], 1),
    ],
)
def test_claims_filters(hodo, filled_db, args, count):
    result = hodo("claims", "--format", "jsonl", *args)
    assert result.code == 0, result.err
    assert len(result.out.splitlines()) == count


def test_claims_table_fits_80_columns(hodo, filled_db):
    result = hodo("claims")
    assert result.code == 0
    assert "ウクライナ軍は" in result.out
    from rich.cells import cell_len

    assert max(cell_len(line) for line in result.out.splitlines()) <= 80


def test_bad_filter_values_are_one_line_errors(hodo, filled_db):
    for args in (["--type", "opinion"], ["--since", "June"], ["--format", "xml"], ["--limit", "-1"]):
        result = hodo("claims", *args)
        assert result.code != 0
        assert result.out == ""
        assert len(result.err.strip().splitlines()) == 1
        assert result.err.startswith("hodo: ")


def test_events_formats_and_filters(hodo, with_event, sample_records):
    _, claims = sample_records
    records = [json.loads(line) for line in hodo("events", "--format", "jsonl").out.splitlines()]
    assert all(set(r) >= SPEC_EVENT_FIELDS for r in records)
    # Every claim is in exactly one event.
    members = sorted(i for r in records for i in r["claims"])
    assert members == sorted([*(c.claim_id for c in claims), "media.txt#0-air_defense"])
    contested = json.loads(hodo("events", "--contested", "--format", "json").out)
    assert [sorted(e["claims"]) for e in contested] == [sorted([claims[1].claim_id, "media.txt#0-air_defense"])]
    by_claimant = hodo("events", "--claimant", "Volodymyr Zelenskyy", "-f", "jsonl").out.splitlines()
    assert [json.loads(line)["claims"] for line in by_claimant] == [[claims[3].claim_id]]
    rows = list(csv.DictReader(io.StringIO(hodo("events", "-f", "csv").out)))
    assert sorted(r["contested"] for r in rows) == ["no", "no", "no", "yes"]
    table = hodo("events")
    assert "迎撃" in table.out and "contested" in table.out


def test_event_view_and_unknown_event(hodo, with_event):
    pytest.importorskip("hodo.serve.event_view")
    [event] = json.loads(hodo("events", "--contested", "--format", "json").out)
    shown = hodo("event", event["event_id"])
    assert shown.code == 0, shown.err
    assert shown.out.strip()
    missing = hodo("event", "nope")
    assert missing.code == 1
    assert missing.err.strip() == "hodo: nope: no such event (see hodo events)"


def test_docs_in_every_format(hodo, filled_db):
    docs = json.loads(hodo("docs", "--format", "json").out)
    assert {d["doc_id"]: d["claims"] for d in docs} == {"call.txt": 1, "mod.txt": 3}
    assert len(hodo("docs", "-f", "jsonl").out.splitlines()) == 2
    assert hodo("docs", "-f", "csv").out.splitlines()[0] == "doc_id,name,date,source,title,reports,sentences,claims"
    assert "mod.txt" in hodo("docs").out


def test_show_prints_the_document_plain_when_piped(hodo, filled_db):
    result = hodo("show", "mod.txt")
    assert result.code == 0
    assert "\x1b[" not in result.out
    assert "防空部隊は無人機55機を撃墜した。  [air_defense]" in result.out
    assert hodo("show", "nope.txt").code == 1


def test_entities_and_entity(hodo, filled_db):
    listed = json.loads(hodo("entities", "--format", "json").out)
    assert listed[0]["id"] == "ru.mod" and listed[0]["claimant"] == 3
    assert [e["id"] for e in json.loads(hodo("entities", "zelensk", "-f", "json").out)] == ["ua.zelenskyy"]
    assert "Sumy Oblast" in hodo("entities").out
    detail = json.loads(hodo("entity", "ua.sumy_oblast", "--format", "json").out)
    assert detail["surface_forms"] == ["スムイ州"]
    assert [c["type"] for c in detail["roles"]["place"]] == ["territorial_control"]
    assert "露国防省" in hodo("entity", "ru.mod").out
    assert hodo("entity", "nobody").code == 1


def test_reading_a_store_that_does_not_exist_is_one_line_and_makes_nothing(hodo, tmp_path):
    for db in (tmp_path / "new" / "x.db", tmp_path / "x.db"):
        result = hodo("--db", str(db), "claims", "--format", "json")
        assert result.code == 1
        assert result.err.count("\n") == 1 and "no such database" in result.err
        assert not db.exists()
    assert not (tmp_path / "new").exists()


def test_a_db_in_a_missing_folder_is_created_only_when_asked(hodo, tmp_path, sample_records):
    post = tmp_path / "post.txt"
    post.write_text("ロシア国防省は5日、防空部隊が無人機30機を撃墜したと発表した。", encoding="utf-8")
    typo = tmp_path / "tpyo" / "hodo.db"
    refused = hodo("--db", str(typo), "ingest", str(post))
    assert refused.code == 1 and "--create" in refused.err and not typo.parent.exists()
    made = hodo("--db", str(typo), "--create", "-q", "ingest", str(post))
    assert made.code == 0, made.err
    assert json.loads(hodo("--db", str(typo), "claims", "-f", "json").out)


def test_tables_stop_at_a_limit_and_say_how_many_are_left_out(hodo, filled_db, monkeypatch):
    monkeypatch.setattr(importlib.import_module("hodo.cli.app"), "TABLE_LIMIT", 2)
    shown = hodo("claims")
    assert "2 more claims not shown" in shown.err
    # Machine formats write every record unless --limit says otherwise.
    assert len(hodo("claims", "-f", "jsonl").out.splitlines()) == 4
    assert len(hodo("claims", "-f", "jsonl", "--limit", "3").out.splitlines()) == 3
    assert "not shown" not in hodo("claims", "--limit", "10").err
    assert "2 more documents not shown" not in hodo("docs").err


def test_since_after_until_is_an_error(hodo, filled_db):
    result = hodo("claims", "--since", "2025-06-05", "--until", "2025-06-01")
    assert result.code == 2 and "after --until" in result.err


def test_entity_in_csv_and_jsonl_is_one_claim_a_row(hodo, filled_db):
    lines = [json.loads(line) for line in hodo("entity", "ru.mod", "-f", "jsonl").out.splitlines()]
    assert [(r["role"], r["type"]) for r in lines] == [
        ("claimant", "personnel_losses"), ("claimant", "air_defense"), ("claimant", "territorial_control"),
    ]  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(hodo("entity", "ru.mod", "-f", "csv").out)))
    assert list(rows[0])[:3] == ["role", "claim_id", "doc"] and len(rows) == 3


def test_version_and_usage_errors(hodo):
    assert hodo("--version").out.startswith("hodo ")
    missing = hodo()
    assert missing.code == 2 and missing.err.startswith("hodo: ")
    assert hodo("frobnicate").code == 2


def test_a_file_that_is_not_a_database_is_one_line(hodo, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 64)
    result = hodo("--db", str(junk), "claims")
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1 and "junk.db" in result.err
