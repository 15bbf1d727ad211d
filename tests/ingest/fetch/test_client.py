"""The HTTP client against a real server on loopback: what it asks, how often, and what it refuses."""

from __future__ import annotations

import itertools
import socket

import pytest

from hodo.ingest.fetch.client import Fetcher, FetchError, Limits, Validators

FAST = Limits(timeout=2.0, host_delay=0.0, retries=2, backoff=0.01, max_backoff=0.5)


def test_a_page_is_fetched_once_with_our_user_agent(web) -> None:
    url = web.page("/a.html", "<p>本文</p>")
    with Fetcher(FAST) as fetcher:
        response = fetcher.get(url)
    assert response.status == 200
    assert response.body == "<p>本文</p>".encode()
    assert response.charset == "utf-8"
    hits = web.hits("/a.html")
    assert len(hits) == 1
    assert hits[0].headers["user-agent"].startswith("hodo/")


def test_etag_makes_the_next_request_conditional_and_a_304_has_no_body(web) -> None:
    url = web.page("/feed.xml", "<rss/>", etag='"v1"')
    with Fetcher(FAST) as fetcher:
        first = fetcher.get(url)
        second = fetcher.get(url, first.validators)
    assert first.validators == Validators('"v1"', None)
    assert second.not_modified and second.body == b""
    assert [h.headers.get("if-none-match") for h in web.hits("/feed.xml")] == [None, '"v1"']


def test_last_modified_makes_the_next_request_conditional(web) -> None:
    stamp = "Thu, 05 Jun 2025 00:00:00 GMT"
    url = web.page("/page.html", "<p>x</p>", last_modified=stamp)
    with Fetcher(FAST) as fetcher:
        first = fetcher.get(url)
        second = fetcher.get(url, first.validators)
    assert second.status == 304
    assert web.hits("/page.html")[1].headers["if-modified-since"] == stamp


def test_429_is_retried_after_the_wait_it_asks_for(web) -> None:
    url = web.replies(
        "/busy.html",
        (429, "slow down", {"Retry-After": "0", "Content-Type": "text/plain"}),
        (200, "<p>やっと</p>", {"Content-Type": "text/html"}),
    )
    slept: list[float] = []
    with Fetcher(FAST, sleep=slept.append) as fetcher:
        response = fetcher.get(url)
    assert response.status == 200 and response.attempts == 2
    assert len(web.hits("/busy.html")) == 2
    assert slept == [0.0]


def test_5xx_is_retried_with_doubling_waits_then_given_up(web) -> None:
    url = web.page("/down.html", "oops", status=503, content_type="text/plain")
    slept: list[float] = []
    with Fetcher(FAST, sleep=slept.append) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(url)
    assert "HTTP 503" in str(err.value) and "after 3 attempts" in str(err.value)
    assert not err.value.lasting
    assert len(web.hits("/down.html")) == 3
    assert slept == [0.01, 0.02]


def test_a_404_is_not_retried(web) -> None:
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(web.url("/missing.html"))
    assert str(err.value).endswith("HTTP 404 Not Found")
    assert err.value.lasting
    assert len(web.hits("/missing.html")) == 1


def test_a_response_slower_than_the_timeout_fails_after_its_retries(web) -> None:
    url = web.page("/slow.html", "<p>遅い</p>", delay=1.5)
    limits = Limits(timeout=0.3, host_delay=0.0, retries=1, backoff=0.01)
    with Fetcher(limits) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(url)
    assert "timed out after 0.3 s (after 2 attempts)" in str(err.value)
    assert len(web.hits("/slow.html")) == 2


def test_a_page_over_the_size_limit_is_refused_by_its_length(web) -> None:
    url = web.page("/big.html", "あ" * 4000)
    with Fetcher(Limits(max_bytes=10_000, host_delay=0.0)) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(url)
    assert "12,000 bytes, over the limit of 10,000 bytes" in str(err.value)
    assert err.value.lasting
    assert len(web.hits("/big.html")) == 1


def test_a_page_over_the_size_limit_without_a_length_is_cut_as_it_comes(web) -> None:
    url = web.page("/stream.html", b"x" * 50_000, headers={"Transfer-Encoding": "chunked"})
    with Fetcher(Limits(max_bytes=10_000, host_delay=0.0)) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(url)
    assert "larger than the limit of 10,000 bytes" in str(err.value)


def test_robots_txt_forbids_a_path_and_is_read_once_per_host(web) -> None:
    web.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    web.page("/private/a.html", "<p>秘密</p>")
    open_page = web.page("/public/a.html", "<p>公開</p>")
    with Fetcher(FAST) as fetcher:
        for _ in range(2):
            with pytest.raises(FetchError, match=r"forbidden by the site's robots\.txt"):
                fetcher.get(web.url("/private/a.html"))
        assert fetcher.get(open_page).status == 200
    assert web.hits("/private/a.html") == []
    assert len(web.hits("/robots.txt")) == 1


def test_robots_txt_that_cannot_be_had_forbids_the_host(web) -> None:
    web.page("/robots.txt", "error", status=500, content_type="text/plain")
    web.page("/a.html", "<p>x</p>")
    with Fetcher(FAST, sleep=lambda _: None) as fetcher, pytest.raises(FetchError, match="robots"):
        fetcher.get(web.url("/a.html"))
    assert web.hits("/a.html") == []


def test_requests_to_one_host_are_spaced_by_the_delay(web) -> None:
    urls = [web.page(f"/p{i}.html", "<p>x</p>") for i in range(3)]
    with Fetcher(Limits(host_delay=0.25)) as fetcher:
        for url in urls:
            fetcher.get(url)
    times = [web.hits(f"/p{i}.html")[0].at for i in range(3)]
    assert all(later - earlier >= 0.24 for earlier, later in itertools.pairwise(times))


def test_crawl_delay_in_robots_txt_lengthens_the_delay(web) -> None:
    web.page("/robots.txt", "User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    urls = [web.page(f"/c{i}.html", "<p>x</p>") for i in range(2)]
    with Fetcher(Limits(host_delay=0.0)) as fetcher:
        for url in urls:
            fetcher.get(url)
    first, second = (web.hits(f"/c{i}.html")[0].at for i in range(2))
    assert second - first >= 0.99


def test_only_http_addresses_are_fetched() -> None:
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError, match="not an http"):
        fetcher.get("file:///etc/passwd")


def test_nothing_outside_loopback_is_contacted(blocked) -> None:
    """The session's guard refuses any other address, so a test that tried would fail loudly."""
    before = len(blocked)
    with Fetcher(Limits(retries=0, host_delay=0.0, robots=False)) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get("http://192.0.2.10/page.html")
    assert "cannot connect" in str(err.value)
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.com", 80)
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("192.0.2.10", 80))
    assert blocked[before:] == ["192.0.2.10", "example.com", ("192.0.2.10", 80)]


def test_a_malformed_address_is_a_lasting_failure_not_a_crash() -> None:
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get("http://127.0.0.1:99999/a.html")
    assert err.value.lasting and err.value.problem.startswith("not a valid address")
