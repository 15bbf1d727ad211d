"""Reading RSS 2.0, Atom and sitemaps from bytes: entries, full text or not, days in their own timezone."""

from __future__ import annotations

import gzip
from datetime import date

import pytest

from hodo.ingest.fetch.client import Response
from hodo.ingest.fetch.feeds import FeedProblem, parse_feed
from hodo.ingest.fetch.pages import kind_of
from hodo.ingest.fetch.sitemaps import SitemapProblem, parse_sitemap

LONG = "ロシア軍は前線の複数の地点で攻撃を続け、ウクライナ軍は陣地を守ったと発表した。" * 6

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>北国通信 国際</title><link>https://kitaguni.example.jp/</link>
<item><title>短い紹介だけの記事</title><link>https://kitaguni.example.jp/a/1#top</link>
<description>続きはサイトで</description><pubDate>Thu, 05 Jun 2025 01:30:00 +0900</pubDate></item>
<item><title>全文つきの記事</title><link>https://kitaguni.example.jp/a/2</link>
<description>要約</description><content:encoded><![CDATA[<p>{LONG}</p><script>x()</script>]]></content:encoded>
<pubDate>Wed, 04 Jun 2025 22:00:00 +0900</pubDate></item>
</channel></rss>""".encode()

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>みなと新報</title>
<entry><title>アトムの記事</title><link href="https://minato.example.jp/n/7"/>
<published>2025-06-05T00:10:00+09:00</published><updated>2025-06-05T03:00:00+09:00</updated>
<content type="html">&lt;p&gt;{LONG}&lt;/p&gt;</content></entry>
<entry><title>要約だけ</title><link href="https://minato.example.jp/n/8"/>
<updated>2025-06-03T12:00:00Z</updated><summary>短い要約</summary></entry>
</feed>""".encode()


def test_rss_entries_with_links_days_and_full_text_only_when_carried() -> None:
    feed = parse_feed(RSS, "https://kitaguni.example.jp/rss.xml")
    assert feed.title == "北国通信 国際"
    teaser, full = feed.entries
    assert teaser.url == "https://kitaguni.example.jp/a/1#top"
    # 01:30 in Tokyo is still the 5th there, though the 4th in UTC.
    assert teaser.published == date(2025, 6, 5)
    assert teaser.text is None
    assert full.text is not None and full.text.startswith("ロシア軍は前線") and "x()" not in full.text
    assert full.published == date(2025, 6, 4)


def test_atom_entries_take_content_as_full_text_and_summary_as_a_teaser() -> None:
    feed = parse_feed(ATOM, "https://minato.example.jp/atom.xml")
    first, second = feed.entries
    assert (first.url, first.published, first.title) == ("https://minato.example.jp/n/7", date(2025, 6, 5), "アトムの記事")
    assert first.text is not None and len(first.text) >= 200
    assert second.text is None and second.published == date(2025, 6, 3)


def test_bytes_that_are_not_a_feed_are_refused() -> None:
    with pytest.raises(FeedProblem):
        parse_feed(b"<html><body><p>not a feed</p></body></html>", "https://x.example/")


def test_a_body_is_a_feed_a_sitemap_or_a_page_by_its_first_element() -> None:
    def kind(body: bytes) -> str:
        return kind_of(Response("u", "u", 200, body))

    assert kind(RSS) == "feed"
    assert kind(ATOM) == "feed"
    assert kind(b'<?xml version="1.0"?>\n<!-- made by hand -->\n<urlset xmlns="x"></urlset>') == "sitemap"
    assert kind(b"<sitemapindex></sitemapindex>") == "sitemap"
    assert kind(b"<!DOCTYPE html><html><body>rss feed</body></html>") == "page"
    assert kind(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>') == "feed"


SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://kitaguni.example.jp/a/1</loc><lastmod>2025-06-05T09:00:00+09:00</lastmod></url>
<url><loc> https://kitaguni.example.jp/a/2 </loc></url>
</urlset>"""


def test_a_sitemap_lists_pages_with_their_last_change() -> None:
    sitemap = parse_sitemap(SITEMAP, 10_000)
    assert sitemap.pages == [
        ("https://kitaguni.example.jp/a/1", date(2025, 6, 5)),
        ("https://kitaguni.example.jp/a/2", None),
    ]
    assert sitemap.sitemaps == []


def test_a_sitemap_index_lists_sitemaps_and_gzip_is_read() -> None:
    index = gzip.compress(
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://x.example/s1.xml</loc></sitemap></sitemapindex>"
    )
    assert parse_sitemap(index, 10_000).sitemaps == ["https://x.example/s1.xml"]
    with pytest.raises(SitemapProblem, match="once uncompressed"):
        parse_sitemap(gzip.compress(SITEMAP), 100)


def test_xml_entities_are_not_expanded() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa">]><urlset><url><loc>&a;</loc></url></urlset>'
    pages = parse_sitemap(bomb, 10_000).pages
    assert all("aaaaaaaaaa" not in loc for loc, _ in pages)
