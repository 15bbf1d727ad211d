"""The API over a PostgreSQL store answers as it does over the SQLite file built from the same inputs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

V1 = "/api/v1"

# The same inputs were ingested at slightly different times and are served on two ports:
# that is all that may differ.
_WHEN_STORED = {"ingested_at"}


def _comparable(value: Any, base: str) -> Any:
    if isinstance(value, dict):
        return {k: _comparable(v, base) for k, v in value.items() if k not in _WHEN_STORED}
    if isinstance(value, list):
        return [_comparable(v, base) for v in value]
    if isinstance(value, str):
        return value.replace(base, "http://server")
    return value


def _answer(client: httpx.Client, path: str, params: dict[str, Any] | None = None) -> Any:
    reply = client.get(path, params=params or {})
    assert reply.status_code == 200, reply.text
    return _comparable(reply.json(), str(client.base_url).rstrip("/"))


@pytest.fixture
def pg_api(api_pg_db: str, server) -> Iterator[httpx.Client]:
    with server(api_pg_db) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield client


REQUESTS: list[tuple[str, dict[str, Any]]] = [
    (V1, {}),
    (f"{V1}/claims", {"limit": 1000}),
    (f"{V1}/claims", {"limit": 3, "sort": "date"}),
    (f"{V1}/claims", {"limit": 3, "sort": "-date"}),
    (f"{V1}/claims", {"claimant": "RU.MOD", "type": "air_defense"}),
    (f"{V1}/claims", {"contains": "撃墜", "limit": 1000}),
    (f"{V1}/claims", {"contains": "無人機", "limit": 1000}),
    (f"{V1}/claims", {"place": "ハルキウ", "limit": 1000}),
    (f"{V1}/claims", {"polarity": "denied"}),
    (f"{V1}/events", {"limit": 1000}),
    (f"{V1}/events", {"contested": "true"}),
    (f"{V1}/events", {"claimant": "Volodymyr Zelenskyy"}),
    (f"{V1}/events", {"since": "2025-03-06", "until": "2025-03-06"}),
    (f"{V1}/documents", {"limit": 1000}),
    (f"{V1}/documents", {"sort": "-date", "limit": 2}),
    (f"{V1}/documents/{quote('https://example.org/news/airbases', safe='')}", {}),
    (f"{V1}/entities", {"limit": 1000}),
    (f"{V1}/entities", {"q": "国防省"}),
    (f"{V1}/entities/ru.mod", {"limit": 1000}),
    (f"{V1}/facets", {}),
    (f"{V1}/facets", {"claimant": "ru.mod", "facet": ["type", "day"]}),
    (f"{V1}/series", {"claimant": "ru.mod", "type": "air_defense", "item": "drones"}),
    (f"{V1}/digest/2025-03-05", {}),
]


@pytest.mark.parametrize(("path", "params"), REQUESTS, ids=[f"{p}?{q}" for p, q in REQUESTS])
def test_the_same_request_gets_the_same_answer_from_both_backends(api, pg_api, path, params):
    assert _answer(pg_api, path, params) == _answer(api, path, params)


def test_a_claim_with_its_context_and_an_event_read_the_same(api, pg_api):
    claims = api.get(f"{V1}/claims", params={"limit": 1000}).json()["items"]
    events = api.get(f"{V1}/events", params={"limit": 1000}).json()["items"]
    for path in (f"{V1}/claims/{quote(claims[0]['claim_id'], safe='')}", f"{V1}/events/{events[0]['event_id']}"):
        assert _answer(pg_api, path) == _answer(api, path)
