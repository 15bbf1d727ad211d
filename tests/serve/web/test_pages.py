"""The web pages over HTTP: every page answers, escapes what documents hold, carries its policy, and never writes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import httpx
import pytest
from lxml import html as lxml_html

from hodo.serve.web.security import CONTENT_SECURITY_POLICY

PAGES = ["/", "/search", "/documents", "/entities", "/charts", "/map", "/?day=2025-06-11"]
_HANDLER = re.compile(r"^on", re.IGNORECASE)


def _problems_of_markup(page: str) -> list[str]:
    """What in a page's markup could run or style inline (the policy forbids it, and the page must not need it) or write."""
    tree = lxml_html.fromstring(page)
    problems = []
    for script in tree.iter("script"):
        if not script.get("src") or (script.text or "").strip():
            problems.append("an inline <script>")
    problems += ["a <style> element" for _ in tree.iter("style")]
    problems += [f"a form that would {f.get('method')}" for f in tree.iter("form") if f.get("method", "get").lower() != "get"]
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if _HANDLER.match(name):
                problems.append(f"<{element.tag} {name}=…>")
            if name == "style":
                problems.append(f"<{element.tag} style=…>")
            if name in ("href", "src", "action") and value.strip().lower().startswith(("javascript:", "data:")):
                problems.append(f"<{element.tag} {name}={value!r}>")
            if name in ("href", "src") and re.match(r"^(https?:)?//", value) and element.tag != "a":
                problems.append(f"<{element.tag} {name}={value!r}> loads from elsewhere")
    return problems


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_with_its_policy(site: httpx.Client, path: str) -> None:
    response = site.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert _problems_of_markup(response.text) == []


@dataclass
class Crawl:
    pages: dict[str, httpx.Response]
    store_before: str
    store_after: str


@pytest.fixture(scope="module")
def crawl(site: httpx.Client, page_paths: list[str], web_db: Path) -> Crawl:
    """Every page of the store, fetched once, and the store file's digest before and after."""
    before = hashlib.sha256(web_db.read_bytes()).hexdigest()
    pages = {path: site.get(path, follow_redirects=True) for path in page_paths}
    return Crawl(pages, before, hashlib.sha256(web_db.read_bytes()).hexdigest())


def test_no_page_of_the_store_holds_inline_code_or_unescaped_markup(crawl: Crawl) -> None:
    assert len(crawl.pages) > 20
    for path, response in crawl.pages.items():
        assert response.status_code == 200, path
        assert _problems_of_markup(response.text) == [], path
        assert "<script>alert" not in response.text and "<img src=x" not in response.text, path


def test_the_payload_is_escaped_where_it_is_shown(site: httpx.Client) -> None:
    page = site.get("/documents/" + quote("javascript:alert(3)", safe="")).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<title>&#34;&gt;&lt;img src=x onerror=alert(4)&gt;&lt;script&gt;alert(5)&lt;/script&gt; · hodo</title>" in page


def test_static_files_are_served_from_the_package(site: httpx.Client) -> None:
    page = lxml_html.fromstring(site.get("/").text)
    linked = [e.get("href") for e in page.iter("link")] + [e.get("src") for e in page.iter("script")]
    assert len(linked) == 3
    for url in linked:
        response = site.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_the_api_and_its_docs_are_untouched(site: httpx.Client) -> None:
    api = site.get("/api/v1/events", params={"limit": 1})
    assert api.headers["content-type"] == "application/json"
    assert "content-security-policy" not in api.headers
    missing = site.get("/api/v1/nowhere")
    assert missing.status_code == 404 and missing.json()["error"]["message"].startswith("no such endpoint")
    docs = site.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert site.get("/openapi.json").json()["paths"], "the schema lists the API"
    assert not [p for p in site.get("/openapi.json").json()["paths"] if not p.startswith("/api/v1")]


@pytest.mark.parametrize(
    ("path", "status", "needle"),
    [
        ("/events/ev-000000000000", 404, "ev-000000000000: no such event"),
        ("/documents/nothing.txt", 404, "nothing.txt: no such document"),
        ("/entities/nobody.at.all", 404, "no such entity"),
        ("/claims/no-such-claim", 404, "no such claim"),
        ("/nowhere", 404, "no such page: /nowhere"),
        ("/search?type=tanks", 400, "type=&#39;tanks&#39;: expected one of"),
        ("/search?colour=red", 400, "unknown parameter &#39;colour&#39;"),
        ("/?day=someday", 400, "day=&#39;someday&#39;: expected a date"),
        ("/map?since=2025-07-02&until=2025-07-01", 400, "after until"),
        ("/charts?kind=pie", 400, "kind=&#39;pie&#39;"),
    ],
)
def test_errors_are_pages_that_say_what_went_wrong(site: httpx.Client, path: str, status: int, needle: str) -> None:
    response = site.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert needle in response.text
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_a_claim_opens_at_its_sentence_in_its_document(site: httpx.Client, contested_event: dict) -> None:
    claim_id = contested_event["claims"][0]
    response = site.get(f"/claims/{claim_id}")
    assert response.status_code == 302
    location = response.headers["location"]
    assert unquote(location).startswith("/documents/https://example.org/web/bryansk-depot#claim-")
    assert location.endswith(claim_id)
    page = site.get(location.split("#")[0]).text
    assert f'id="claim-{claim_id}"' in page and f'id="card-{claim_id}"' in page


def test_the_pages_never_write(site: httpx.Client, crawl: Crawl) -> None:
    assert crawl.store_after == crawl.store_before, "reading every page left the store as it was"
    # One page of each route: none takes anything but GET.
    kinds = {re.sub(r"^(/[^/?]*/?).*", r"\1", path): path for path in crawl.pages}
    assert len(kinds) >= 8
    for path in [*kinds.values(), "/static/hodo.css"]:
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            answer = site.request(method, path.split("?")[0])
            assert answer.status_code == 405, f"{method} {path}: {answer.status_code}"
    assert site.post("/api/v1/documents", json={"text": "x"}).status_code == 403, "this server has no write token"
