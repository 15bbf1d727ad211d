"""What the templates are given: escaped, marked sentences, page URLs, and links only to web URLs."""

from __future__ import annotations

from hodo.serve.web.rendering import document_url, entity_url, marked, page_url, source_link, web_link


def test_a_sentence_is_escaped_and_its_figures_and_search_marked() -> None:
    # Written for this test: markup in a sentence with a figure.
    out = str(marked('<b onclick="x">無人機</b>30機を撃墜', [{"value": 30, "unit": "機"}], "無人機"))
    assert out == (
        '&lt;b onclick=&#34;x&#34;&gt;<mark class="hit">無人機</mark>&lt;/b&gt;<mark class="figure">30機</mark>を撃墜'
    )
    assert str(marked("a<b", [], None)) == "a&lt;b"


def test_links_only_to_web_urls() -> None:
    assert web_link("https://example.org/a") == "https://example.org/a"
    for url in ("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "", None, "http://[x"):
        assert web_link(url) is None
    assert source_link("文。", "javascript:alert(1)") is None
    assert source_link("文。", "https://example.org/a").startswith("https://example.org/a#:~:text=")


def test_page_urls() -> None:
    assert document_url("a/b c.txt", "c#1") == "/documents/a/b%20c.txt#claim-c%231"
    assert document_url("javascript:alert(1)") == "/documents/javascript%3Aalert%281%29"
    assert entity_url("ブリャンスク州の知事") == "/entities/%E3%83%96%E3%83%AA%E3%83%A3%E3%83%B3%E3%82%B9%E3%82%AF%E5%B7%9E%E3%81%AE%E7%9F%A5%E4%BA%8B"
    assert page_url("/search", {"type": "strike", "contains": "", "claimant": "ru.mod"}, claimant=None) == "/search?type=strike"
    assert page_url("/charts", {"claimant": ["a", "b"]}) == "/charts?claimant=a&claimant=b"
    assert page_url("/map", {}) == "/map"
