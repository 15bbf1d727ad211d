"""hodo fetch and hodo watch, in-process and as a real process stopped by a signal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>攻撃</title>"
    "<meta property='og:site_name' content='北国通信'>"
    "<meta property='article:published_time' content='2025-06-05T08:00:00+09:00'></head><body><article>"
    "<p>ウクライナ空軍は6月5日、ロシア軍が前夜に無人機60機で東部を攻撃し、このうち52機を撃墜したと発表した。</p>"
    "</article></body></html>"
)


def rss(link: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>北国通信</title>'
        f"<item><title>攻撃</title><link>{link}</link><pubDate>Thu, 05 Jun 2025 01:30:00 +0900</pubDate></item>"
        "</channel></rss>"
    )


FAST = ["--delay", "0", "--timeout", "2", "--retries", "0"]


def test_fetch_stores_a_page_and_says_what_it_found(hodo, web) -> None:
    url = web.page("/a/1.html", PAGE)
    result = hodo("fetch", *FAST, url)
    assert result.code == 0, result.err
    assert f"{url}: page; 1 new, 0 unchanged, 0 failed;" in result.err
    docs = json.loads(hodo("docs", "--format", "json").out)
    assert [d["doc_id"] for d in docs] == [url]
    claims = [json.loads(line) for line in hodo("claims", "--format", "jsonl").out.splitlines()]
    assert claims and {c["doc"] for c in claims} == {url}
    assert {c["outlet"]["name"] for c in claims} == {"北国通信"}
    again = hodo("fetch", *FAST, url)
    assert again.code == 0 and "0 new, 1 unchanged" in again.err


def test_fetch_with_an_outlet_credits_the_packs_outlet(hodo, web) -> None:
    url = web.page("/a/1.html", PAGE)
    assert hodo("fetch", *FAST, "--outlet", "kyodo", url).code == 0
    claims = [json.loads(line) for line in hodo("claims", "--format", "jsonl").out.splitlines()]
    assert {c["outlet"]["id"] for c in claims} == {"kyodo"}


def test_fetch_failures_are_one_line_each_and_exit_1_keeping_the_rest(hodo, web) -> None:
    good = web.page("/a/1.html", PAGE)
    missing = web.url("/gone.html")
    big = web.page("/big.html", "<p>" + "あ" * 5000 + "</p>")
    result = hodo("fetch", *FAST, "--max-bytes", "5000", missing, good, big)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if line.startswith("hodo: ")]
    assert errors == [
        f"hodo: {missing}: HTTP 404 Not Found",
        f"hodo: {big}: 15,007 bytes, over the limit of 5,000 bytes",
    ]
    assert [d["doc_id"] for d in json.loads(hodo("docs", "--format", "json").out)] == [good]


def test_fetch_a_feed_then_its_304(hodo, web) -> None:
    page = web.page("/a/1.html", PAGE)
    feed = web.page("/rss.xml", rss(page), etag='"1"')
    first = hodo("fetch", *FAST, feed)
    assert f"{feed}: feed, 1 entries, 1 new; 1 new" in first.err
    second = hodo("fetch", *FAST, feed)
    assert second.code == 0 and f"{feed}: not modified" in second.err


def _feeds_file(tmp_path: Path, *feeds: tuple[str, str, str]) -> Path:
    path = tmp_path / "FEEDS.toml"
    path.write_text(
        "".join(f'[[feed]]\nurl = "{u}"\noutlet = "{o}"\ninterval = "{i}"\n\n' for u, o, i in feeds),
        encoding="utf-8",
    )
    return path


def test_watch_runs_rounds_with_a_line_per_fetch_and_a_summary(hodo, web, tmp_path) -> None:
    page = web.page("/a/1.html", PAGE)
    feeds = _feeds_file(
        tmp_path,
        (web.page("/rss.xml", rss(page), etag='"1"'), "kyodo", "1s"),
        (web.page("/down.xml", "x", status=500, content_type="text/plain"), "nhk", "1s"),
    )
    result = hodo("watch", *FAST, "--rounds", "2", str(feeds))
    assert result.code == 0, result.err
    lines = result.err.strip().splitlines()
    fetches = [line for line in lines if "/rss.xml" in line or "/down.xml" in line]
    assert len(fetches) == 4
    assert sum(" kyodo " in line and "feed, 1 entries, 1 new" in line for line in fetches) == 1
    assert sum(" kyodo " in line and line.endswith("not modified") for line in fetches) == 1
    assert sum(" nhk " in line and "failed: HTTP 500" in line for line in fetches) == 2
    assert lines[-1].startswith("watched 2 feeds for ") and "4 fetches (2 failed), 1 new documents" in lines[-1]


def test_a_bad_feeds_file_is_a_one_line_error(hodo, tmp_path) -> None:
    path = tmp_path / "FEEDS.toml"
    path.write_text('[[feed]]\nurl = "ftp://x"\n', encoding="utf-8")
    result = hodo("watch", str(path))
    assert result.code == 2
    assert result.err.strip() == f"hodo: {path}: feed 1: url must be an http(s) address"
    path.write_text('[[feed]]\nurl = "https://x.example/rss"\ninterval = "soon"\n', encoding="utf-8")
    assert "interval 'soon': expected seconds" in hodo("watch", str(path)).err
    assert "cannot read" in hodo("watch", str(tmp_path / "none.toml")).err


def test_an_outlet_the_pack_does_not_know_is_warned_about(hodo, web, tmp_path) -> None:
    feeds = _feeds_file(tmp_path, (web.page("/rss.xml", rss(web.url("/none"))), "みなと新報", "1s"))
    result = hodo("watch", *FAST, "--rounds", "1", str(feeds))
    assert "outlet 'みなと新報'" in result.err and "not in the pack; credited unlinked" in result.err


def test_watch_runs_until_sigterm_then_prints_its_summary(web, tmp_path) -> None:
    page = web.page("/a/1.html", PAGE)
    feeds = _feeds_file(tmp_path, (web.page("/rss.xml", rss(page), etag='"1"'), "kyodo", "1s"))
    env = {**os.environ, "HODO_DB": str(tmp_path / "w.db"), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "hodo", "watch", *FAST, str(feeds)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while len(web.hits("/rss.xml")) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert len(web.hits("/rss.xml")) >= 2 and len(web.hits("/a/1.html")) == 1
    assert err.strip().splitlines()[-1].startswith("watched 1 feeds for ")
    assert out == ""


def test_the_commands_defaults_are_the_clients() -> None:
    from hodo.cli import fetch
    from hodo.ingest.fetch.limits import Limits
    from hodo.ingest.fetch.sources import MAX_PAGES

    limits = Limits()
    assert (
        limits.host_delay, limits.timeout, limits.max_bytes, limits.retries,
    ) == (fetch.DEFAULT_DELAY, fetch.DEFAULT_TIMEOUT, fetch.DEFAULT_MAX_BYTES, fetch.DEFAULT_RETRIES)
    assert fetch.DEFAULT_MAX_PAGES == MAX_PAGES
