"""hodo digest, series, export and datasette-metadata on the test store."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest


@pytest.fixture
def db(api_db, tmp_path):
    target = tmp_path / "api.db"
    shutil.copy(api_db, target)
    return str(target)


def test_digest_in_each_format(hodo, db) -> None:
    markdown = hodo("--db", db, "digest", "2025-03-05")
    assert markdown.code == 0, markdown.err
    assert markdown.out.startswith("# hodo digest, 2025-03-05")
    assert "**Disagreement:** Volodymyr Zelenskyy: 40 aircraft; US officials: about 20 aircraft" in markdown.out
    assert "1 events on 2025-03-05, 1 contested" in markdown.err
    html = hodo("--db", db, "digest", "2025-06-11", "--format", "html", "--base-url", "http://example.net:9")
    assert "<h2>Air defense</h2>" in html.out and 'href="http://example.net:9/api/v1/claims/' in html.out
    record = json.loads(hodo("--db", db, "-q", "digest", "2025-03-06", "-f", "json").out)
    assert [s["type"] for s in record["uncontested"]] == ["air_defense"]
    bad = hodo("--db", db, "digest", "June")
    assert bad.code == 2 and bad.err.startswith("hodo: DATE 'June'")


def test_series_in_each_format(hodo, db) -> None:
    table = hodo("--db", db, "series", "--claimant", "ru.mod", "--type", "air_defense", "--item", "drones")
    assert table.code == 0, table.err
    assert "2025-03-05" in table.out and "95" in table.out and "130" in table.out
    rows = list(csv.DictReader(io.StringIO(
        hodo("--db", db, "series", "--claimant", "ru.mod", "--claimant", "Ukrainian Air Force", "--type", "air_defense",
             "--item", "drones", "-f", "csv").out
    )))  # fmt: skip
    assert {r["claimant"] for r in rows} == {"Ministry of Defence (Russia)", "Ukrainian Air Force"}
    assert ("2025-03-06", "130") in {(r["day"], r["value"]) for r in rows}
    record = json.loads(hodo("--db", db, "series", "--claimant", "ru.mod", "--type", "air_defense", "-f", "json").out)
    assert {s["item"] for s in record["series"]} >= {"drones"}
    assert hodo("--db", db, "series", "--claimant", "x", "--type", "tanks").code == 2


def test_export_to_stdout_and_to_a_folder(hodo, db, tmp_path) -> None:
    claims = list(csv.DictReader(io.StringIO(hodo("--db", db, "export").out)))
    stored = [json.loads(line) for line in hodo("--db", db, "claims", "-f", "jsonl").out.splitlines()]
    assert [r["claim_id"] for r in claims] == [c["claim_id"] for c in stored]
    assert all(r["event_id"] for r in claims), "every claim is in an event"
    aircraft = next(r for r in claims if r["item"] == "aircraft" and r["claimant_name"] == "US officials")
    assert (aircraft["value"], aircraft["approx"], aircraft["doc_url"]) == ("20", "true", "https://example.org/news/airbases")
    events = [json.loads(line) for line in hodo("--db", db, "export", "--table", "events", "-f", "jsonl").out.splitlines()]
    assert sum(e["claims"] for e in events) == len(claims)
    assert hodo("--db", db, "export", "--table", "claims", "--table", "events").code == 2
    out = tmp_path / "out"
    done = hodo("--db", db, "export", "--format", "parquet", "--out", str(out))
    assert done.code == 0, done.err
    assert sorted(p.name for p in out.iterdir()) == ["claims.parquet", "events.parquet", "figures.parquet"]
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(out / "claims.parquet")
    assert table.num_rows == len(claims)
    assert str(table.schema.field("latitude").type) == "double"
    figures = pq.read_table(out / "figures.parquet").to_pylist()
    assert sum(1 for f in figures if f["claim_id"] == aircraft["claim_id"]) == 1
    hodo("--db", db, "export", "-f", "csv", "--out", str(out))
    assert (out / "events.csv").read_text(encoding="utf-8").startswith("event_id,type,title,")


def test_datasette_metadata_names_the_database(hodo, db) -> None:
    metadata = json.loads(hodo("--db", db, "datasette-metadata").out)
    tables = metadata["databases"]["api"]["tables"]
    assert tables["claims"]["fts_table"] == "claim_text"
    assert {"place_name", "claimant_name", "outlet_name", "type", "day"} <= set(tables["claim_list"]["facets"])
