"""The digest's order and links, and the flat export rows with crosswalk columns."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from urllib.parse import unquote

import pytest

from hodo.models import Claim, DateRange, Entity, Outlet, Quantity
from hodo.serve.digest_page import markdown_escape, render_digest
from hodo.serve.tables import write_csv, write_jsonl, write_parquet
from hodo.views.digest import build_digest, sentence_link
from hodo.views.export import CLAIM_COLUMNS, claim_row, claims_table, events_table, figures_table

DAY = date(2025, 6, 4)
ONE_DAY = DateRange(DAY, DAY)
MOD = Entity("ru.mod", "Ministry of Defence (Russia)", "organization")


def _claim(cid: str, claim_type: str, value: float, sentence: str, doc: str = "a.txt") -> Claim:
    return Claim(claim_id=cid, doc=doc, sentence=sentence, span=(0, len(sentence)), type=claim_type, claimant=MOD,
                 outlet=Outlet("tass", "TASS"), when=ONE_DAY, quantities=[Quantity(value, value, value, False, "機", "drones")])  # fmt: skip


def _event(eid: str, claim_type: str, claim_ids: list[str], contested: bool = False) -> dict:
    return {"event_id": eid, "type": claim_type, "title": eid, "when": ONE_DAY.to_record(), "places": [],
            "claims": claim_ids, "contested": contested, "discrepancies": []}  # fmt: skip


def test_contested_events_come_first_then_types_in_their_order() -> None:
    # Sentences written for this test; one holds Markdown and HTML markup.
    claims = {
        "c1": _claim("c1", "air_defense", 50, "防空部隊が無人機50機を撃墜[速報]"),
        "c2": _claim("c2", "strike", 3, "<b>攻撃</b>で3機", doc="https://example.org/p"),
        "c3": _claim("c3", "personnel_losses", 10, "兵士10人"),
    }
    events = [_event("e1", "air_defense", ["c1"]), _event("e2", "strike", ["c2"], contested=True),
              _event("e3", "personnel_losses", ["c3"]), _event("e4", "strike", ["gone"])]  # fmt: skip
    digest = build_digest(DAY, events, claims, {"https://example.org/p": "https://example.org/p"}, base_url="http://h:1/")
    assert [e.event_id for e in digest.contested] == ["e2"]
    assert [s.type for s in digest.uncontested] == ["personnel_losses", "air_defense"]
    assert digest.events == 3 and digest.claims == 3, "an event whose claims are gone is left out"
    [c2] = digest.contested[0].claimants[0].claims
    assert c2.link.startswith("https://example.org/p#:~:text=")
    assert c2.api_link == "http://h:1/api/v1/claims/c2"
    assert digest.uncontested[1].events[0].claimants[0].claims[0].link == "http://h:1/api/v1/claims/c1"
    markdown = render_digest(digest, "md")
    assert "\\[速報\\]" in markdown and "<b>" not in markdown.replace("\\<b\\>", "")
    html = render_digest(digest, "html")
    assert "&lt;b&gt;攻撃&lt;/b&gt;" in html and "<b>攻撃" not in html


def test_a_long_sentence_is_named_by_its_ends() -> None:
    sentence = "ロシア国防省によると、防空システムは過去24時間にウクライナ軍の無人機95機と巡航ミサイル4発を撃墜したという。"
    assert len(sentence) > 48
    link = sentence_link(sentence, "https://example.org/a#top")
    start, end = unquote(link.split("#:~:text=")[1]).split(",")
    assert sentence.startswith(start) and sentence.endswith(end)
    assert link.startswith("https://example.org/a#:~:text=")
    assert "-" not in link.split("#:~:text=")[1]
    assert markdown_escape("a*b_c\n d") == "a\\*b\\_c d"


RECORD = {
    "claim_id": "c1", "doc": "a.txt", "sentence": "s", "span": [3, 9], "type": "air_defense",
    "claimant": {"id": "ru.mod", "name": "Ministry of Defence (Russia)", "kind": "organization", "text": "露国防省"},
    "outlet": {"id": "tass", "name": "TASS"}, "actor": None, "target": None,
    "quantities": [{"value": 50, "min": 50, "max": 50, "approx": False, "unit": "機", "item": "drones"},
                   {"value": 2, "min": None, "max": None, "approx": True, "unit": "発", "item": "missiles"}],
    "when": {"start": "2025-06-03", "end": "2025-06-04"}, "stated": "2025-06-04",
    "places": [{"id": "ua.kyiv", "name": "Kyiv", "kind": "place", "text": "キーウ", "lat": 50.45, "lon": 30.52}],
    "polarity": "affirmed", "modality": "asserted",
    "acled": {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}, "cameo": "19",
}  # fmt: skip


def test_a_claim_as_a_flat_row() -> None:
    row = claim_row(RECORD, "ev-1", "https://example.org/a")
    assert (row["value"], row["unit"], row["item"], row["figures"]) == (50, "機", "drones", 2)
    assert (row["place_name"], row["latitude"], row["longitude"]) == ("Kyiv", 50.45, 30.52)
    assert (row["claimant_id"], row["outlet_name"], row["day"], row["event_id"]) == ("ru.mod", "TASS", "2025-06-04", "ev-1")
    assert row["acled_event_type"] == "Explosions/Remote violence" and row["cameo"] == "19"
    table = claims_table([RECORD], {"c1": "ev-1"}, {})
    assert table.names == [c.name for c in CLAIM_COLUMNS]
    assert {"acled_event_type", "acled_sub_event_type", "cameo"} <= set(table.names)
    other = {**RECORD, "acled": {**RECORD["acled"], "notes": "x"}}
    assert claims_table([other], {}, {}).names == [*table.names, "acled_notes"], "unknown crosswalk keys go last"
    figures = figures_table([RECORD], {"c1": "ev-1"})
    assert [(r["figure"], r["value"], r["item"]) for r in figures.rows] == [(0, 50, "drones"), (1, 2, "missiles")]


def test_tables_in_three_formats(tmp_path) -> None:
    table = claims_table([RECORD], {"c1": "ev-1"}, {})
    out = io.StringIO()
    write_csv(table, out)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["approx"], row["target_id"], row["cameo"]) == ("false", "", "19")
    out = io.StringIO()
    write_jsonl(table, out)
    assert json.loads(out.getvalue())["latitude"] == 50.45
    pq = pytest.importorskip("pyarrow.parquet")
    write_parquet(table, str(tmp_path / "c.parquet"))
    read = pq.read_table(tmp_path / "c.parquet")
    assert str(read.schema.field("value").type) == "double"
    assert str(read.schema.field("day").type) == "date32[day]"
    assert str(read.schema.field("approx").type) == "bool"
    assert read.to_pylist()[0]["day"] == date(2025, 6, 4)
    event = {"event_id": "ev-1", "type": "air_defense", "title": "t", "when": None, "places": [], "participants": [],
             "claims": ["c1", "c2"], "claimants": [RECORD["claimant"]], "outlets": [RECORD["outlet"]],
             "contested": True, "discrepancies": [{"about": "drones", "unit": "機", "values": [{"claimant": "A", "value": 1}]}]}  # fmt: skip
    [erow] = events_table([event]).rows
    assert (erow["claims"], erow["claimants"], erow["outlets"], erow["contested"]) == (2, 1, 1, True)
    assert erow["discrepancies"] == "drones: A=1"
