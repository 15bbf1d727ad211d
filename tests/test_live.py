"""Live sources end to end: a loopback site's pages, feeds and sitemap fetched into a real store."""

from __future__ import annotations

import itertools
import threading
from datetime import date

import pytest

from hodo.ingest.fetch.client import Fetcher, Limits
from hodo.ingest.fetch.watch import FeedSpec
from hodo.live import fetch_source, watch_feeds
from hodo.packs import load_pack
from hodo.store import Store
from hodo.store.queries import list_documents, select_claims

LIMITS = Limits(timeout=2.0, host_delay=0.0, retries=1, backoff=0.01)


@pytest.fixture(scope="module")
def pack():
    return load_pack("russia_ukraine")


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "live.db") as opened:
        yield opened


def article(title: str, body: str, *, site: str | None = None, published: str | None = None) -> str:
    head = f"<meta charset='utf-8'><title>{title}</title>"
    if site:
        head += f"<meta property='og:site_name' content='{site}'>"
    if published:
        head += f"<meta property='article:published_time' content='{published}'>"
    paragraphs = "".join(f"<p>{line}</p>" for line in body.split("\n"))
    return (
        f"<!DOCTYPE html><html><head>{head}</head><body><nav><a href='/'>トップ</a> <a href='/w'>国際</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article><footer>無断転載を禁じます</footer></body></html>"
    )


STRIKE = (
    "ウクライナ空軍は6月5日、ロシア軍が前夜に無人機60機で東部を攻撃し、このうち52機を撃墜したと発表した。\n"
    "ハルキウ州の知事によると、住宅2棟が損傷し、住民4人がけがをした。"
)
TALKS = (
    "トルコの仲介でロシアとウクライナの代表団が6月4日に会談し、捕虜の交換で合意した。\n"
    "交渉は約2時間に及んだという。"
)


def rss(items: list[tuple[str, str, str]], title: str = "北国通信") -> str:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>続きはサイトで</description>"
        f"<pubDate>{day}</pubDate></item>"
        for t, link, day in items
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'


def test_a_page_is_stored_under_its_url_dated_and_credited_to_its_site(web, store, pack) -> None:
    url = web.page("/news/1.html", article("無人機攻撃", STRIKE, site="北国通信", published="2025-06-05T08:00:00+09:00"))
    with Fetcher(LIMITS) as fetcher:
        outcome = fetch_source(store, url, fetcher, pack)
    assert outcome.run.kind == "page" and outcome.summary.count("new") == 1
    [doc] = list_documents(store.conn)
    assert doc.doc_id == url and doc.date == date(2025, 6, 5)
    claims = select_claims(store.conn)
    assert claims and all(c.doc == url for c in claims)
    # The text names no outlet, so the site is credited: unlinked, under its host.
    assert {(c.outlet.id, c.outlet.name) for c in claims if c.outlet} == {("127.0.0.1", "北国通信")}


def test_the_feed_outlet_links_to_the_pack_and_the_text_naming_another_outlet_keeps_it(web, store, pack) -> None:
    byline = "【モスクワ共同】" + STRIKE
    url = web.page("/news/2.html", article("攻撃", byline, site="北国通信", published="2025-06-05T08:00:00+09:00"))
    other = web.page("/news/3.html", article("会談", TALKS, published="2025-06-05T08:00:00+09:00"))
    with Fetcher(LIMITS) as fetcher:
        fetch_source(store, url, fetcher, pack, outlet="nhk")
        fetch_source(store, other, fetcher, pack, outlet="nhk")
    by_doc = {}
    for claim in select_claims(store.conn):
        by_doc.setdefault(claim.doc, set()).add(claim.outlet.id if claim.outlet else None)
    assert by_doc[url] == {"kyodo"}
    assert by_doc[other] == {"nhk"}


def test_a_feed_fetches_each_entry_page_once_and_then_asks_conditionally(web, store, pack) -> None:
    one = web.page("/a/1.html", article("攻撃", STRIKE, site="北国通信"))
    two = web.page("/a/2.html", article("会談", TALKS, site="北国通信"))
    feed = web.page(
        "/rss.xml",
        rss([("攻撃", one, "Thu, 05 Jun 2025 01:30:00 +0900"), ("会談", two, "Wed, 04 Jun 2025 20:00:00 +0900")]),
        content_type="application/rss+xml",
        etag='"f1"',
    )
    with Fetcher(LIMITS) as fetcher:
        first = fetch_source(store, feed, fetcher, pack)
        again = fetch_source(store, feed, fetcher, pack)
    assert (first.run.kind, first.run.listed, first.run.new) == ("feed", 2, 2)
    assert first.summary.count("new") == 2
    assert again.run.kind == "unchanged" and again.summary.outcomes == []
    assert [h.headers.get("if-none-match") for h in web.hits("/rss.xml")] == [None, '"f1"']
    assert len(web.hits("/a/1.html")) == len(web.hits("/a/2.html")) == 1
    docs = {d.doc_id: d for d in list_documents(store.conn)}
    # Pages without a date of their own take their feed entry's.
    assert docs[one].date == date(2025, 6, 5) and docs[two].date == date(2025, 6, 4)


def test_a_changed_feed_fetches_only_its_new_entries(web, store, pack) -> None:
    one = web.page("/a/1.html", article("攻撃", STRIKE))
    two = web.page("/a/2.html", article("会談", TALKS))
    web.page("/rss.xml", rss([("攻撃", one, "Thu, 05 Jun 2025 01:30:00 +0900")]), etag='"v1"')
    with Fetcher(LIMITS) as fetcher:
        fetch_source(store, web.url("/rss.xml"), fetcher, pack)
        web.page(
            "/rss.xml",
            rss([("会談", two, "Fri, 06 Jun 2025 09:00:00 +0900"), ("攻撃", one, "Thu, 05 Jun 2025 01:30:00 +0900")]),
            etag='"v2"',
        )
        second = fetch_source(store, web.url("/rss.xml"), fetcher, pack)
    assert (second.run.listed, second.run.new) == (2, 1)
    assert len(web.hits("/a/1.html")) == 1 and len(web.hits("/a/2.html")) == 1
    assert {d.doc_id for d in list_documents(store.conn)} == {one, two}


def test_an_atom_feed_with_full_text_needs_no_page(web, store, pack) -> None:
    long_strike = STRIKE + "\n" + "市当局は被害の全容を調べているとしている。" * 8
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>みなと新報</title>'
        f'<entry><title>攻撃</title><link href="{web.url("/n/7")}"/><published>2025-06-05T00:10:00+09:00</published>'
        f"<content type='html'>&lt;p&gt;{long_strike.replace(chr(10), '&lt;/p&gt;&lt;p&gt;')}&lt;/p&gt;</content></entry></feed>"
    )
    feed = web.page("/atom.xml", atom, content_type="application/atom+xml")
    with Fetcher(LIMITS) as fetcher:
        outcome = fetch_source(store, feed, fetcher, pack)
    assert outcome.summary.count("new") == 1
    assert web.hits("/n/7") == []
    [doc] = list_documents(store.conn)
    assert doc.doc_id == web.url("/n/7") and doc.date == date(2025, 6, 5)
    assert {c.outlet.name for c in select_claims(store.conn) if c.outlet} == {"みなと新報"}


def test_a_sitemap_fetches_its_pages_dated_by_lastmod(web, store, pack) -> None:
    one = web.page("/s/1.html", article("攻撃", STRIKE))
    two = web.page("/s/2.html", article("会談", TALKS))
    sitemap = web.page(
        "/sitemap.xml",
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{one}</loc><lastmod>2025-06-05</lastmod></url><url><loc>{two}</loc></url></urlset>",
        content_type="application/xml",
    )
    with Fetcher(LIMITS) as fetcher:
        outcome = fetch_source(store, sitemap, fetcher, pack)
        fetch_source(store, sitemap, fetcher, pack)
    assert (outcome.run.kind, outcome.run.listed, outcome.summary.count("new")) == ("sitemap", 2, 2)
    assert {d.doc_id: d.date for d in list_documents(store.conn)}[one] == date(2025, 6, 5)
    # Seen pages are not fetched again when the sitemap is.
    assert len(web.hits("/s/1.html")) == len(web.hits("/s/2.html")) == 1


def test_entries_forbidden_or_failing_are_reported_and_a_passing_failure_is_retried(web, store, pack) -> None:
    web.page("/robots.txt", "User-agent: *\nDisallow: /members/\n", content_type="text/plain")
    good = web.page("/a/1.html", article("攻撃", STRIKE))
    closed = web.page("/members/2.html", article("会談", TALKS))
    flaky = web.replies(
        "/a/3.html",
        (503, "busy", {"Content-Type": "text/plain"}),
        (503, "busy", {"Content-Type": "text/plain"}),
        (200, article("会談", TALKS.replace("6月4日", "6月3日")), {"Content-Type": "text/html"}),
    )
    feed = web.page("/rss.xml", rss([("a", good, ""), ("b", closed, ""), ("c", flaky, "")]), etag='"v1"')
    with Fetcher(LIMITS) as fetcher:
        first = fetch_source(store, feed, fetcher, pack)
        second = fetch_source(store, feed, fetcher, pack)
    failures = {o.name: o.problem for o in first.summary.outcomes if o.status == "failed"}
    assert failures == {closed: "forbidden by the site's robots.txt", flaky: "HTTP 503 (after 2 attempts)"}
    assert web.hits("/members/2.html") == []
    # The 503 entry was not marked seen, nor the feed's ETag kept: the next run asks again and gets it.
    assert web.hits("/rss.xml")[1].headers.get("if-none-match") is None
    assert [o.name for o in second.summary.outcomes] == [flaky]
    assert second.summary.count("new") == 1
    assert len(web.hits("/a/1.html")) == 1


def test_watch_fetches_each_feed_on_its_interval_and_a_failing_feed_fails_alone(web, store, pack) -> None:
    page = web.page("/a/1.html", article("攻撃", STRIKE))
    fast = FeedSpec(web.page("/fast.xml", rss([("a", page, "")]), etag='"f"'), "nhk", 0.5)
    slow = FeedSpec(web.page("/slow.xml", rss([]), etag='"s"'), None, 1.5)
    broken = FeedSpec(web.page("/broken.xml", "oops", status=500, content_type="text/plain"), None, 0.5)
    lines: list[tuple[str, str]] = []
    with Fetcher(LIMITS) as fetcher:
        totals = watch_feeds(
            store, [fast, slow, broken], fetcher, pack, stop=threading.Event(),
            on_line=lambda feed, line: lines.append((feed.url, line)), duration=2.2,
        )
    per_feed = totals.schedule.per_feed
    assert per_feed[fast.url] >= 3 and per_feed[slow.url] < per_feed[fast.url]
    # The failing feed keeps its own schedule and fails alone.
    assert abs(per_feed[broken.url] - per_feed[fast.url]) <= 1
    assert totals.schedule.failures == per_feed[broken.url]
    assert all("failed: HTTP 500" in line for url, line in lines if url == broken.url)
    # Never sooner than its interval. The schedule counts from when each fetch began; the server
    # sees a request a connection later, which a busy machine delays by tens of milliseconds.
    times = [h.at for h in web.hits("/fast.xml")]
    assert all(later - earlier >= 0.5 - 0.1 for earlier, later in itertools.pairwise(times))
    assert len(lines) == totals.schedule.fetches
    assert [line.endswith("not modified") for url, line in lines if url == fast.url] == [False] + [True] * (
        per_feed[fast.url] - 1
    )
    assert len(web.hits("/a/1.html")) == 1
    assert totals.documents == 1
    assert "watched 3 feeds" in totals.line() and "1 new documents" in totals.line()


def test_watch_state_persists_across_runs(web, tmp_path, pack) -> None:
    page = web.page("/a/1.html", article("攻撃", STRIKE))
    feed = FeedSpec(web.page("/rss.xml", rss([("a", page, "")]), last_modified="Thu, 05 Jun 2025 00:00:00 GMT"), None, 1.0)
    for _ in range(2):
        with Store.open(tmp_path / "w.db") as store, Fetcher(LIMITS) as fetcher:
            watch_feeds(store, [feed], fetcher, pack, stop=threading.Event(), on_line=lambda f, line: None, rounds=1)
    hits = web.hits("/rss.xml")
    assert [h.headers.get("if-modified-since") for h in hits] == [None, "Thu, 05 Jun 2025 00:00:00 GMT"]
    # The second run waited out the rest of the feed's interval before asking.
    assert hits[1].at - hits[0].at >= 0.9
    assert len(web.hits("/a/1.html")) == 1
