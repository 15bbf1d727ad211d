"""Screenshots of the web UI for the README: the front page, an event page and a search, on a desktop and a phone.

    .venv/bin/python scripts/screenshots.py [--db PATH] [--out docs/screenshots]

Without ``--db`` it builds a store in a temporary folder from the bundled
sample and the web tests' fixture documents (tests/serve/web/kyiv-strikes.md
and documents.jsonl, all but the one that carries markup for the escaping
tests), so the front page has a contested event. It serves the store on a
free loopback port and photographs each page's first screen with Debian's Chromium
(``/usr/bin/chromium``, through Playwright): 1280×800 for a desktop, 390×844
for a phone, in the light theme. Japanese needs fonts-noto-cjk; emoji in the
sample's posts need fonts-noto-color-emoji. Where Debian's pngquant is
installed, each image is reduced to 256 colours (a third of the size, for the
README; flat page colours lose nothing visible).
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "serve" / "web" / "documents.jsonl"
MARKDOWN = ROOT / "tests" / "serve" / "web" / "kyiv-strikes.md"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
# What the search shows: a word of the fixture documents and the sample, narrowed by a facet.
SEARCH = "/search?contains=" + quote("無人機") + "&type=air_defense"


def build_store(folder: Path) -> Path:
    from hodo.packs import load_pack
    from hodo.pipeline import ingest
    from hodo.store import Store

    inputs = folder / "inputs"
    inputs.mkdir()
    for path in Path(str(files("hodo") / "sample")).iterdir():
        if path.suffix == ".txt":
            shutil.copy(path, inputs / path.name)
    shutil.copy(MARKDOWN, inputs / MARKDOWN.name)
    documents = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]
    plain = [d for d in documents if "<" not in d["text"] + (d.get("title") or "")]
    (inputs / "fixtures.jsonl").write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in plain), encoding="utf-8"
    )
    db = folder / "hodo.db"
    with Store.open(db) as store:
        summary = ingest(store, [inputs], load_pack("russia_ukraine"))
    if summary.failed:
        raise SystemExit(f"screenshots: {summary.line()}")
    return db


@contextmanager
def serving(db: Path) -> Iterator[str]:
    import uvicorn

    from hodo.serve.api import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(db), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def event_path(base: str) -> str:
    """The page of the latest contested event, else of the latest event."""
    for contested in ("true", None):
        params = {"limit": "1", **({"contested": contested} if contested else {})}
        items = httpx.get(base + "/api/v1/events", params=params, timeout=30).json()["items"]
        if items:
            return "/events/" + quote(items[0]["event_id"], safe="")
    raise SystemExit("screenshots: the store has no events")


def shrink(png: Path) -> None:
    """``png`` in 256 colours, in place, when pngquant is installed."""
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--strip", "--output", str(png), "256", str(png)],
                       check=False)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a store to photograph (default: one built from the sample)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="hodo-shots-") as folder:
        db = args.db or build_store(Path(folder))
        args.out.mkdir(parents=True, exist_ok=True)
        with serving(db) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            pages = {"front": "/", "event": event_path(base), "search": SEARCH}
            for size, viewport in SIZES.items():
                context = browser.new_context(
                    viewport=viewport, color_scheme="light", device_scale_factor=1,
                    is_mobile=size == "phone", has_touch=size == "phone", locale="ja-JP",
                )  # fmt: skip
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(base + path)
                    page.evaluate("document.fonts.ready")
                    target = args.out / f"{name}-{size}.png"
                    page.screenshot(path=str(target))
                    shrink(target)
                    print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: {path}")
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
