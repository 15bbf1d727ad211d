"""The web UI's test bench: a store built by the pipeline, a real server on loopback, a real headless Chromium.

The store holds the bundled sample, ``documents.jsonl`` and
``kyiv-strikes.md`` (written for these tests: a contested strike, one
claimant's daily figures, a document whose text, title and URL carry
markup, and a Markdown post with a URL that names Kyiv two ways). The browser is Debian's
Chromium (``/usr/bin/chromium``) driven by Playwright; without it the
browser tests skip and say why. Every page a test opens is watched: a
console error, an uncaught exception, a Content-Security-Policy violation,
a dialog (``alert``), a failed request or a request off this machine fails
the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

HERE = Path(__file__).resolve().parent
DOCUMENTS = HERE / "documents.jsonl"
# A file's claims carry its name, its store identity is its path, its URL is the front matter's: three different keys.
MARKDOWN = HERE / "kyiv-strikes.md"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Records what a page does that a person would call broken; installed before any page script runs.
WATCH_SCRIPT = """
window.__hodoViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__hodoViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def build_web_store(folder: Path) -> Path:
    """hodo.db in ``folder``: the bundled sample and the web fixture documents, ingested by the pipeline."""
    from hodo.packs import load_pack
    from hodo.pipeline import ingest
    from hodo.store import Store

    inputs = folder / "inputs"
    inputs.mkdir()
    for path in Path(str(files("hodo") / "sample")).iterdir():
        if path.suffix == ".txt":
            shutil.copy(path, inputs / path.name)
    for fixture in (DOCUMENTS, MARKDOWN):
        shutil.copy(fixture, inputs / fixture.name)
    db = folder / "hodo.db"
    with Store.open(db) as store:
        summary = ingest(store, [inputs], load_pack("russia_ukraine"))
    assert not summary.failed, summary.line()
    return db


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_web_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
def web_base(server, web_db: Path) -> Iterator[str]:
    """The base URL of a read-only ``hodo serve`` app over ``web_db``, on a free loopback port."""
    with server(web_db) as base:
        yield base


@pytest.fixture(scope="session")
def site(web_base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=web_base, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def contested_event(site: httpx.Client) -> dict[str, Any]:
    """The fixture's contested strike, as the API returns it (found through the API, not by id)."""
    events = site.get("/api/v1/events", params={"contested": "true", "contains": "燃料タンク"}).json()["items"]
    assert events, "the fixture's strike on the fuel depot must make a contested event"
    return events[0]


@pytest.fixture(scope="session")
def page_paths(site: httpx.Client) -> list[str]:
    """Every page the store has: the listings, each event, document and entity, each claim and chart."""
    paths = ["/", "/search", "/documents", "/entities", "/charts", "/map", "/map?contested=true"]
    paths += [f"/?day={day}" for day in ("2025-06-10", "2025-06-11", "2025-07-18", "2025-07-19", "2025-07-20")]
    events = site.get("/api/v1/events", params={"limit": 1000}).json()["items"]
    paths += [f"/events/{quote(e['event_id'], safe='')}" for e in events]
    documents = site.get("/api/v1/documents", params={"limit": 1000}).json()["items"]
    paths += [f"/documents/{quote(d['doc_id'], safe='/')}" for d in documents]
    entities = site.get("/api/v1/entities", params={"limit": 1000}).json()["items"]
    paths += [f"/entities/{quote(e['key'], safe='')}" for e in entities]
    claims = site.get("/api/v1/claims", params={"limit": 1000}).json()["items"]
    paths += [f"/claims/{quote(c['claim_id'], safe='')}" for c in claims]
    paths += [f"/search?type={c['type']}&claimant={quote(c['claimant']['id'] or c['claimant']['name'])}"
              for c in claims if c.get("claimant")]  # fmt: skip
    paths += [f"/search?doc={quote(d['doc_id'], safe='')}" for d in documents]
    paths += ["/charts?claimant=ru.mod&type=air_defense&kind=bar", "/entities?role=place", "/search?contains=%3Cscript"]
    return list(dict.fromkeys(paths))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium) for the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is absent (the dev extra)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Watched:
    """A page and what went wrong on it; ``problems()`` lists it all."""

    page: Any
    base: str
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, f"{path}: {response.status if response else 'no response'}"
        return response

    def violations(self) -> list[str]:
        try:
            return list(self.page.evaluate("window.__hodoViolations || []"))
        except Exception:  # a page closed or navigating: nothing to read
            return []

    def problems(self) -> list[str]:
        return [
            *(f"console: {m}" for m in self.console),
            *(f"page error: {m}" for m in self.errors),
            *(f"dialog: {m}" for m in self.dialogs),
            *(f"failed request: {m}" for m in self.failed),
            *(f"request off this machine: {m}" for m in self.offsite),
            *(f"CSP violation: {m}" for m in self.violations()),
        ]


def _watch(context: Any, base: str) -> Watched:
    context.add_init_script(WATCH_SCRIPT)
    page = context.new_page()
    watched = Watched(page, base)

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(base + "/") or url == base:
            request_route.continue_()
        else:
            watched.offsite.append(url)
            request_route.abort()

    context.route("**/*", route)
    page.on("console", lambda m: watched.console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.errors.append(str(e)))

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    def on_failed(request: Any) -> None:
        # A load the page itself gave up on, navigating away (a favicon mid-flight), is no fault of the page.
        if request.failure != "net::ERR_ABORTED":
            watched.failed.append(f"{request.url} ({request.failure})")

    page.on("requestfailed", on_failed)
    page.on("response", lambda r: watched.failed.append(f"{r.url} ({r.status})") if r.status >= 400 else None)
    return watched


def _open_context(browser: Any, web_base: str, **options: Any) -> Iterator[Watched]:
    context = browser.new_context(**options)
    try:
        watched = _watch(context, web_base)
        yield watched
        assert not watched.problems(), "\n".join(watched.problems())
    finally:
        context.close()


@pytest.fixture
def desk(browser: Any, web_base: str) -> Iterator[Watched]:
    """A desktop-sized page (1280×800, light theme) that fails the test on any console error or CSP violation."""
    yield from _open_context(browser, web_base, viewport=DESKTOP, color_scheme="light", locale="ja-JP")


@pytest.fixture
def phone(browser: Any, web_base: str) -> Iterator[Watched]:
    """A phone-sized page (390×844, touch), watched like ``desk``."""
    yield from _open_context(
        browser, web_base, viewport=PHONE, color_scheme="light", is_mobile=True, has_touch=True, locale="ja-JP"
    )


@pytest.fixture
def dark(browser: Any, web_base: str) -> Iterator[Watched]:
    """A desktop page whose system prefers a dark theme."""
    yield from _open_context(browser, web_base, viewport=DESKTOP, color_scheme="dark", locale="ja-JP")
