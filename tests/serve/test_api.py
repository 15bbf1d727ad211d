"""The HTTP API over a real server: every endpoint, every filter, paging, formats and error statuses."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import quote

import httpx
import pytest

from hodo.views.export import CLAIM_COLUMNS, EVENT_COLUMNS

V1 = "/api/v1"


def _all(api: httpx.Client, path: str, **params: object) -> list[dict]:
    """Every item of a list endpoint, following the cursors to the end."""
    items: list[dict] = []
    cursor = None
    while True:
        page = api.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            assert len(items) == body["total"]
            return items


@pytest.fixture(scope="module")
def claims(api: httpx.Client) -> list[dict]:
    return api.get(f"{V1}/claims", params={"limit": 1000}).json()["items"]


@pytest.fixture(scope="module")
def events(api: httpx.Client) -> list[dict]:
    return api.get(f"{V1}/events", params={"limit": 1000}).json()["items"]


def _ids(items: list[dict], key: str = "claim_id") -> set[str]:
    return {item[key] for item in items}


def _day(claim: dict) -> str:
    return (claim["when"] or {}).get("end") or claim["stated"] or ""


def _error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    return body["error"]["message"]


def test_the_index_counts_what_the_store_holds(api, claims, events) -> None:
    index = api.get(V1).json()
    assert index["documents"] == 7
    assert index["claims"] == len(claims) > 15
    assert index["events"] >= len(events)
    assert index["writes"] is False


def _check_filter(api, claims, params: dict, expected: set[str]) -> None:
    got = api.get(f"{V1}/claims", params={**params, "limit": 1000})
    assert got.status_code == 200, got.text
    ids = _ids(got.json()["items"])
    assert ids == expected, params
    assert 0 < len(ids) < len(claims), f"{params} should select some claims, not all"


def test_every_claim_filter_selects_what_it_names(api, claims, events) -> None:
    def where(test) -> set[str]:
        return {c["claim_id"] for c in claims if test(c)}

    mod = where(lambda c: (c["claimant"] or {}).get("id") == "ru.mod")
    for name in ("ru.mod", "Ministry of Defence (Russia)", "露国防省", "RU.MOD"):
        _check_filter(api, claims, {"claimant": name}, mod)
    _check_filter(api, claims, {"type": "air_defense"}, where(lambda c: c["type"] == "air_defense"))
    _check_filter(
        api, claims, {"place": "Belgorod Oblast"}, where(lambda c: any(p.get("name") == "Belgorod Oblast" for p in c["places"]))
    )
    _check_filter(api, claims, {"since": "2025-03-06"}, where(lambda c: _day(c) >= "2025-03-06"))
    _check_filter(
        api, claims, {"until": "2025-03-05"},
        where(lambda c: ((c["when"] or {}).get("start") or c["stated"] or "9999") <= "2025-03-05"),
    )  # fmt: skip
    _check_filter(api, claims, {"doc": "reuters_belgorod.txt"}, where(lambda c: c["doc"] == "reuters_belgorod.txt"))
    _check_filter(api, claims, {"contains": "防空システム"}, where(lambda c: "防空システム" in c["sentence"]))
    _check_filter(api, claims, {"contains": "撃墜"}, where(lambda c: "撃墜" in c["sentence"]))  # under 3 characters
    sputnik = where(lambda c: (c["outlet"] or {}).get("id") == "sputnik")
    _check_filter(api, claims, {"outlet": "sputnik"}, sputnik)
    _check_filter(api, claims, {"outlet": "Sputnik"}, sputnik)
    _check_filter(api, claims, {"actor": "ru.armed_forces"}, where(lambda c: (c["actor"] or {}).get("id") == "ru.armed_forces"))
    _check_filter(api, claims, {"target": "ua.armed_forces"}, where(lambda c: (c["target"] or {}).get("id") == "ua.armed_forces"))
    _check_filter(api, claims, {"polarity": "denied"}, where(lambda c: c["polarity"] == "denied"))
    contested = next(e for e in events if e["contested"])
    _check_filter(api, claims, {"event": contested["event_id"]}, set(contested["claims"]))
    both = api.get(f"{V1}/claims", params={"claimant": "ru.mod", "type": "air_defense"}).json()["items"]
    assert _ids(both) == mod & where(lambda c: c["type"] == "air_defense") != set()


def test_a_modality_filter_matches_the_records(api, claims) -> None:
    for modality in ("asserted", "estimated", "rumored", "planned"):
        got = api.get(f"{V1}/claims", params={"modality": modality, "limit": 1000}).json()["items"]
        assert _ids(got) == {c["claim_id"] for c in claims if c["modality"] == modality}


@pytest.mark.parametrize("sort", ["doc", "date", "-date"])
def test_paging_visits_every_claim_once_in_order(api, claims, sort) -> None:
    pages = []
    cursor = None
    while True:
        params = {"limit": 3, "sort": sort, **({"cursor": cursor} if cursor else {})}
        response = api.get(f"{V1}/claims", params=params)
        body = response.json()
        assert body["count"] == len(body["items"]) <= 3
        assert response.headers["X-Total-Count"] == str(len(claims))
        pages.append(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            assert "Link" not in response.headers
            break
        assert response.headers["X-Next-Cursor"] == cursor
        assert 'rel="next"' in response.headers["Link"]
    seen = [c["claim_id"] for page in pages for c in page]
    assert len(seen) == len(set(seen)) == len(claims)
    if sort == "doc":
        assert seen == [c["claim_id"] for c in claims]
    else:
        keys = [(_day(c), c["claim_id"]) for page in pages for c in page]
        assert keys == sorted(keys, reverse=sort == "-date")


def test_a_filtered_list_pages_to_its_end(api) -> None:
    mod = _all(api, f"{V1}/claims", claimant="ru.mod", limit=1)
    assert len(mod) > 3
    assert all(c["claimant"]["id"] == "ru.mod" for c in mod)


def test_claims_as_jsonl_and_csv(api, claims) -> None:
    jsonl = api.get(f"{V1}/claims", params={"format": "jsonl", "limit": 1000})
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert [json.loads(line) for line in jsonl.text.splitlines()] == claims
    page = api.get(f"{V1}/claims", params={"format": "csv", "limit": 4})
    assert page.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(page.text)))
    assert list(rows[0]) == [c.name for c in CLAIM_COLUMNS]
    assert [r["claim_id"] for r in rows] == [c["claim_id"] for c in claims[:4]]
    assert page.headers["X-Next-Cursor"]
    follow = api.get(f"{V1}/claims", params={"format": "csv", "limit": 4, "cursor": page.headers["X-Next-Cursor"]})
    assert [r["claim_id"] for r in csv.DictReader(io.StringIO(follow.text))] == [c["claim_id"] for c in claims[4:8]]


def test_a_claim_with_its_context_and_offsets(api, claims) -> None:
    claim = next(c for c in claims if c["doc"] == "https://example.org/news/airbases" and c["quantities"])
    got = api.get(f"{V1}/claims/{claim['claim_id']}", params={"context": 15}).json()
    assert got["claim"]["claim_id"] == claim["claim_id"]
    assert got["document"]["url"] == "https://example.org/news/airbases"
    assert got["event_id"] == claim["event_id"]
    context = got["context"]
    assert context["sentence"] == claim["sentence"]
    assert len(context["before"]) <= 15 and len(context["after"]) <= 15
    assert context["before"] + context["sentence"] + context["after"]
    document = api.get(f"{V1}/documents/{claim['doc']}").json()
    start, end = got["span"]
    assert document["text"][start:end] == claim["sentence"]
    assert document["text"][context["start"] : context["end"]] == context["before"] + context["sentence"] + context["after"]
    if got["evidence_span"]:
        evidence = document["text"][got["evidence_span"][0] : got["evidence_span"][1]]
        assert evidence == claim["evidence"]


def test_events_filters_paging_and_formats(api, events, claims) -> None:
    assert len(events) >= 8
    contested = api.get(f"{V1}/events", params={"contested": "true"}).json()["items"]
    assert contested and all(e["contested"] for e in contested)
    assert _ids(contested, "event_id") == {e["event_id"] for e in events if e["contested"]}
    calm = api.get(f"{V1}/events", params={"contested": "false", "limit": 1000}).json()["items"]
    assert len(calm) + len(contested) == len(events)
    air = api.get(f"{V1}/events", params={"type": "air_defense"}).json()["items"]
    assert air and all(e["type"] == "air_defense" for e in air)
    by_claimant = api.get(f"{V1}/events", params={"claimant": "Volodymyr Zelenskyy"}).json()["items"]
    zelensky = {c["claim_id"] for c in claims if (c["claimant"] or {}).get("name") == "Volodymyr Zelenskyy"}
    assert by_claimant and all(set(e["claims"]) & zelensky for e in by_claimant)
    dated = api.get(f"{V1}/events", params={"since": "2025-03-06", "until": "2025-03-06"}).json()["items"]
    assert dated and all(e["when"]["start"] <= "2025-03-06" <= e["when"]["end"] for e in dated)
    everything = _all(api, f"{V1}/events", limit=2)
    assert _ids(everything, "event_id") == _ids(events, "event_id")
    starts = [(e["when"] or {}).get("start") or "" for e in everything]
    assert starts == sorted(starts, reverse=True)
    rows = list(csv.DictReader(io.StringIO(api.get(f"{V1}/events", params={"format": "csv", "limit": 1000}).text)))
    assert list(rows[0]) == [c.name for c in EVENT_COLUMNS]
    assert {r["event_id"]: int(r["claims"]) for r in rows} == {e["event_id"]: len(e["claims"]) for e in events}
    lines = api.get(f"{V1}/events", params={"format": "jsonl", "limit": 1000}).text.splitlines()
    assert [json.loads(line) for line in lines] == events


def test_an_event_side_by_side(api, events) -> None:
    aircraft = next(e for e in events if e["contested"] and any(d["about"] == "aircraft" for d in e["discrepancies"]))
    view = api.get(f"{V1}/events/{aircraft['event_id']}").json()
    assert view["event"]["event_id"] == aircraft["event_id"]
    assert [g["name"] for g in view["claimants"]] == ["Volodymyr Zelenskyy", "US officials", "Ministry of Defence (Russia)"]
    [column] = [c for c in view["columns"] if c["item"] == "aircraft"]
    figures = {g["name"]: [f for row in g["claims"] for f in row["figures"].get(column["key"], [])] for g in view["claimants"]}
    assert [f["text"] for f in figures["Volodymyr Zelenskyy"]] == ["40 aircraft"]
    assert [f["text"] for f in figures["US officials"]] == ["about 20 aircraft"]
    assert all(f["clash"] for f in figures["Volodymyr Zelenskyy"] + figures["US officials"])
    assert view["summary"] == (
        "Volodymyr Zelenskyy: 40 aircraft; US officials: about 20 aircraft;"
        " Ministry of Defence (Russia): denies the equipment losses"
    )
    denial = view["claimants"][2]["claims"][0]
    assert denial["polarity"] == "denied" and denial["disputed_denial"]


def test_documents_list_and_one_document(api, claims) -> None:
    docs = _all(api, f"{V1}/documents", limit=2)
    assert len(docs) == 7
    assert [d["doc_id"] for d in docs] == sorted(d["doc_id"] for d in docs)
    assert {d["doc_id"]: d["claims"] for d in docs} == {
        doc: sum(1 for c in claims if c["doc_id"] == doc) for doc in {d["doc_id"] for d in docs}
    }
    march_6 = api.get(f"{V1}/documents", params={"since": "2025-03-06", "until": "2025-03-06"}).json()["items"]
    assert [d["doc_id"] for d in march_6] == ["https://example.org/news/mod-0606"]
    newest = api.get(f"{V1}/documents", params={"sort": "-date", "limit": 1}).json()["items"]
    assert newest[0]["date"] == max(d["date"] for d in docs)
    rows = list(csv.DictReader(io.StringIO(api.get(f"{V1}/documents", params={"format": "csv"}).text)))
    assert len(rows) == 7 and "sentences" in rows[0]
    doc = api.get(f"{V1}/documents/https://example.org/news/airbases").json()
    assert doc["title"] == "Airbase strike"
    held = {c["claim_id"] for c in claims if c["doc_id"] == doc["doc_id"]}
    assert _ids(doc["claims"]) == held
    marked = {i for r in doc["reports"] for s in r["sentences"] for i in s["claims"]}
    assert marked == held
    for report in doc["reports"]:
        for sentence in report["sentences"]:
            assert doc["text"][sentence["start"] : sentence["end"]] == sentence["text"]


def test_entities_list_filters_and_one_entity(api, claims) -> None:
    entities = _all(api, f"{V1}/entities", limit=4)
    counts = [e["claims"] for e in entities]
    assert counts == sorted(counts, reverse=True)
    assert len({e["key"] for e in entities}) == len(entities)
    mod = next(e for e in entities if e["id"] == "ru.mod")
    assert mod["claimant"] == sum(1 for c in claims if (c["claimant"] or {}).get("id") == "ru.mod")
    found = api.get(f"{V1}/entities", params={"q": "国防省"}).json()["items"]
    assert "ru.mod" in {e["id"] for e in found} and len(found) < len(entities)
    places = api.get(f"{V1}/entities", params={"kind": "place", "limit": 1000}).json()["items"]
    assert places and all(e["kind"] == "place" for e in places)
    claimants = api.get(f"{V1}/entities", params={"role": "claimant", "limit": 1000}).json()["items"]
    assert claimants and all(e["claimant"] > 0 for e in claimants)
    one = api.get(f"{V1}/entities/ru.mod", params={"limit": 2}).json()
    assert one["entity"]["id"] == "ru.mod"
    assert {"露国防省", "ロシア国防省"} <= set(one["surface_forms"])
    assert one["claims"]["total"] == mod["claims"] and len(one["claims"]["items"]) == 2
    rest = api.get(f"{V1}/entities/ru.mod", params={"limit": 1000, "cursor": one["claims"]["next_cursor"]}).json()
    ids = [c["claim_id"] for c in one["claims"]["items"] + rest["claims"]["items"]]
    assert len(ids) == len(set(ids)) == mod["claims"]
    assert all("claimant" in c["roles"] for c in rest["claims"]["items"])
    by_form = api.get(f"{V1}/entities/{quote('露国防省')}").json()
    assert by_form["entity"]["id"] == "ru.mod"
    as_target = api.get(f"{V1}/entities/ua.armed_forces", params={"role": "target"}).json()
    assert as_target["claims"]["items"] and all("target" in c["roles"] for c in as_target["claims"]["items"])


def test_facets_count_the_matching_claims(api, claims) -> None:
    facets = api.get(f"{V1}/facets").json()
    assert facets["total"] == len(claims)
    by_type = {v["value"]: v["count"] for v in facets["facets"]["type"]}
    assert by_type == {t: sum(1 for c in claims if c["type"] == t) for t in {c["type"] for c in claims}}
    assert sum(v["count"] for v in facets["facets"]["polarity"]) == len(claims)
    claimants = {v["value"]: v for v in facets["facets"]["claimant"]}
    assert claimants["ru.mod"]["label"] == "Ministry of Defence (Russia)"
    outlets = {v["value"]: v["label"] for v in facets["facets"]["outlet"]}
    assert outlets["sputnik"] == "Sputnik"
    days = {v["value"]: v["count"] for v in facets["facets"]["day"]}
    assert days["2025-03-06"] == sum(1 for c in claims if _day(c) == "2025-03-06")
    assert {v["value"] for v in facets["facets"]["place"]} >= {"ru.belgorod_oblast"}
    narrowed = api.get(f"{V1}/facets", params={"claimant": "ru.mod", "facet": ["type", "day"]}).json()
    assert set(narrowed["facets"]) == {"type", "day"}
    mod = [c for c in claims if (c["claimant"] or {}).get("id") == "ru.mod"]
    assert narrowed["total"] == len(mod)
    assert {v["value"]: v["count"] for v in narrowed["facets"]["type"]} == {
        t: sum(1 for c in mod if c["type"] == t) for t in {c["type"] for c in mod}
    }
    top = api.get(f"{V1}/facets", params={"facet": "type", "facet_limit": 2}).json()["facets"]["type"]
    assert len(top) == 2 and top[0]["count"] >= top[1]["count"]


def test_series_of_two_claimants(api, claims) -> None:
    got = api.get(f"{V1}/series", params={"claimant": ["ru.mod", "Ukrainian Air Force"], "type": "air_defense",
                                          "item": "drones"}).json()  # fmt: skip
    mod, air_force = got["series"]
    assert mod["claimant"]["id"] == "ru.mod" and mod["item"] == "drones"
    points = {p["day"]: p["value"] for p in mod["points"]}
    assert points["2025-03-05"] == 95 and points["2025-03-06"] == 130
    by_id = {c["claim_id"]: c for c in claims}
    for point in mod["points"]:
        for claim_id in point["claims"]:
            claim = by_id[claim_id]
            assert claim["claimant"]["id"] == "ru.mod" and _day(claim) == point["day"]
            assert point["value"] in [q["value"] for q in claim["quantities"]]
    assert air_force["claimant"]["name"] == "Ukrainian Air Force" and air_force["points"]
    rows = list(csv.DictReader(io.StringIO(
        api.get(f"{V1}/series", params={"claimant": "ru.mod", "type": "air_defense", "format": "csv"}).text
    )))  # fmt: skip
    assert {(r["day"], r["item"], r["value"]) for r in rows} >= {("2025-03-05", "drones", "95")}
    window = api.get(f"{V1}/series", params={"claimant": "ru.mod", "type": "air_defense", "item": "drones",
                                             "since": "2025-03-06", "until": "2025-03-06"}).json()  # fmt: skip
    assert [p["day"] for p in window["series"][0]["points"]] == ["2025-03-06"]


def test_the_digest_in_three_formats(api) -> None:
    digest = api.get(f"{V1}/digest/2025-03-05").json()
    assert digest["date"] == "2025-03-05"
    [contested] = digest["contested"]
    assert contested["summary"].startswith("Volodymyr Zelenskyy: 40 aircraft; US officials: about 20 aircraft")
    links = [c["link"] for g in contested["claimants"] for c in g["claims"]]
    assert all(link.startswith("https://example.org/news/airbases#:~:text=") for link in links)
    assert all(c["api_link"].startswith(str(api.base_url)) for g in contested["claimants"] for c in g["claims"])
    # The daily drone figures make one event of 4-6 June: it belongs to its last day only.
    assert digest["uncontested"] == []
    march_6 = api.get(f"{V1}/digest/2025-03-06").json()
    assert [s["type"] for s in march_6["uncontested"]] == ["air_defense"] and not march_6["contested"]
    markdown = api.get(f"{V1}/digest/2025-03-05", params={"format": "md"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "**Disagreement:** Volodymyr Zelenskyy: 40 aircraft" in markdown.text
    html = api.get(f"{V1}/digest/2025-03-05", params={"format": "html"})
    assert html.headers["content-type"].startswith("text/html")
    assert '<a href="https://example.org/news/airbases#:~:text=' in html.text
    sample_day = api.get(f"{V1}/digest/2025-06-11").json()  # the bundled sample: documents without URLs
    events = sample_day["contested"] + [e for s in sample_day["uncontested"] for e in s["events"]]
    claim_links = [c["link"] for e in events for g in e["claimants"] for c in g["claims"]]
    assert claim_links and all(re.match(r"http://127\.0\.0\.1:\d+/api/v1/claims/\w+$", link) for link in claim_links)
    empty = api.get(f"{V1}/digest/2024-01-01").json()
    assert empty["events"] == 0 and not empty["contested"]


def test_openapi_and_offline_docs(api) -> None:
    schema = api.get("/openapi.json").json()
    for path in ("/claims", "/claims/{claim_id}", "/events", "/events/{event_id}", "/documents",
                 "/entities", "/facets", "/series", "/digest/{day}"):  # fmt: skip
        assert V1 + path in schema["paths"], path
    assert "post" in schema["paths"][f"{V1}/documents"]
    claim_params = {p["name"] for p in schema["paths"][f"{V1}/claims"]["get"]["parameters"]}
    assert {"type", "claimant", "outlet", "modality", "event", "cursor", "limit", "format"} <= claim_params
    for page in ("/docs", "/redoc"):
        html = api.get(page)
        assert html.status_code == 200
        assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html.text)
        assert assets
        for asset in assets:
            assert not re.match(r"(?:https?:)?//", asset), f"{page} loads {asset} from elsewhere"
            assert api.get(asset).status_code == 200, asset
        assert "cdn." not in html.text


@pytest.mark.parametrize(
    ("path", "params", "status", "needle"),
    [
        ("/claims", {"bogus": "1"}, 400, "unknown parameter 'bogus'"),
        ("/claims", {"type": "tanks"}, 400, "type='tanks'"),
        ("/claims", {"since": "June"}, 400, "since='June'"),
        ("/claims", {"since": "2025-06-07", "until": "2025-06-01"}, 400, "after until"),
        ("/claims", {"limit": "0"}, 400, "limit=0"),
        ("/claims", {"limit": "1001"}, 400, "limit=1001"),
        ("/claims", {"limit": "many"}, 400, "limit"),
        ("/claims", {"cursor": "not-a-cursor"}, 400, "cursor"),
        ("/claims", {"format": "xml"}, 400, "format='xml'"),
        ("/claims", {"sort": "size"}, 400, "sort='size'"),
        ("/claims", {"polarity": "maybe"}, 400, "polarity='maybe'"),
        ("/events", {"contested": "perhaps"}, 400, "contested='perhaps'"),
        ("/entities", {"role": "victim"}, 400, "role='victim'"),
        ("/facets", {"facet": "colour"}, 400, "facet='colour'"),
        ("/series", {"claimant": "ru.mod"}, 400, "type"),
        ("/series", {"type": "air_defense"}, 400, "claimant"),
        ("/digest/yesterday", {}, 400, "date='yesterday'"),
        ("/claims/no-such-claim", {}, 404, "no such claim"),
        ("/events/ev-000000000000", {}, 404, "no such event"),
        ("/documents/nothing.txt", {}, 404, "no such document"),
        ("/entities/nobody.at.all", {}, 404, "no such entity"),
        ("/nowhere", {}, 404, "no such endpoint"),
    ],
)
def test_errors_are_json_with_the_right_status(api, path, params, status, needle) -> None:
    assert needle in _error(api.get(V1 + path, params=params), status)


def test_a_cursor_of_another_order_is_refused(api) -> None:
    cursor = api.get(f"{V1}/claims", params={"limit": 1, "sort": "doc"}).json()["next_cursor"]
    assert "sort=doc" in _error(api.get(f"{V1}/claims", params={"limit": 1, "sort": "date", "cursor": cursor}), 400)


