"""extract_html: main text without page furniture, paragraph breaks kept, metadata from the page only."""

from __future__ import annotations

from datetime import date

from hodo.ingest.html import extract_html


def _page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def test_navigation_scripts_styles_and_footers_are_dropped() -> None:
    page = _page(
        "<header><div>サイト名</div></header><nav><a href='/'>ホーム</a> | <a href='/n'>ニュース</a></nav>"
        "<style>p { color: red }</style><script>track('visit')</script><noscript>JSを有効に</noscript>"
        "<main><p>ザポリージャ州で砲撃があり、住民2人が負傷した。</p></main>"
        "<aside>関連記事の一覧</aside><footer>著作権表示</footer>"
    )
    text = extract_html(page).text
    assert text == "ザポリージャ州で砲撃があり、住民2人が負傷した。"


def test_paragraphs_are_separated_by_a_blank_line_and_line_breaks_kept() -> None:
    paragraphs = "".join(f"<p>第{i}段落の本文である。部隊は前進を続けたという。</p>" for i in range(5))
    page = _page(f"<article><h2>【戦況 露国防省】</h2><p>一行目。<br>二行目。</p>{paragraphs}</article>")
    text = extract_html(page).text
    assert text.startswith("【戦況 露国防省】\n\n一行目。\n二行目。\n\n第0段落の本文である。")
    assert text.count("\n\n") == 6


def test_list_items_become_bullet_lines() -> None:
    page = _page(
        "<article><p>国防省は前線での戦果を次のように発表した。</p>"
        "<ul><li>無人機40機を撃墜</li><li>ミサイル2発を迎撃</li></ul><p>以上が発表の内容である。</p></article>"
    )
    assert "\n\n- 無人機40機を撃墜\n- ミサイル2発を迎撃\n\n" in extract_html(page).text


def test_metadata_comes_from_the_page_head() -> None:
    head = (
        "<title>停戦協議の行方 | 例ニュース</title><link rel='canonical' href='https://example.jp/n/3'>"
        "<meta property='article:published_time' content='2025-05-16T10:00:00+09:00'>"
        "<meta property='og:site_name' content='例ニュース'>"
    )
    page = _page("<article><h1>停戦協議の行方</h1><p>両国の代表団が会談した。</p></article>", head)
    found = extract_html(page)
    assert found.url == "https://example.jp/n/3"
    assert found.date == date(2025, 5, 16)
    assert found.site == "例ニュース"
    assert found.title is not None and "停戦協議の行方" in found.title


def test_dates_in_the_text_do_not_date_the_page() -> None:
    paragraphs = "".join(f"<p>2024年3月{i + 1}日、前線で戦闘が続いたと伝えられた。</p>" for i in range(5))
    assert extract_html(_page(f"<article>{paragraphs}</article>")).date is None


def test_page_trafilatura_finds_nothing_in_falls_back_to_the_cleaned_body() -> None:
    page = _page("<nav>メニュー</nav><div id='comments'><p>本文は  この\n箇所にある。</p></div>")
    assert extract_html(page).text == "本文は この 箇所にある。"


def test_page_without_text() -> None:
    assert extract_html(_page("<script>only()</script>")).text == ""
    assert extract_html("").text == ""


def test_xml_declaration_is_accepted() -> None:
    page = "<?xml version='1.0' encoding='utf-8'?>" + _page("<p>宣言付きの文書。</p>")
    assert extract_html(page).text == "宣言付きの文書。"
