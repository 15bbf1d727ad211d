"""Blog archives: Movable Type / Hatena and WordPress exports become one document per published post."""

from __future__ import annotations

from datetime import date

from hodo.ingest import InputError, read_inputs

MT_EXPORT = """AUTHOR: kansatsu
TITLE: 東部戦線のまとめ
BASENAME: 2025/06/05/120000
STATUS: Publish
ALLOW COMMENTS: 1
CONVERT BREAKS: 0
DATE: 06/05/2025 12:00:00
CATEGORY: ウクライナ
-----
BODY:
<p>ロシア国防省は5日、ドネツク州の集落を掌握したと発表した。</p>
<p>ウクライナ軍は発表を否定している。<br>現地の状況は不明だ。</p>
-----
EXTENDED BODY:
<p>続きの段落。</p>
-----
EXCERPT:

-----
KEYWORDS:

-----
COMMENT:
AUTHOR: 読者
DATE: 06/05/2025 13:00:00
コメント欄の感想は記事ではない。
-----
--------
AUTHOR: kansatsu
TITLE: 下書き
BASENAME: 2025/06/06/090000
STATUS: Draft
DATE: 06/06/2025 09:00:00
-----
BODY:
<p>まだ公開していない。</p>
-----
--------
AUTHOR: kansatsu
TITLE: 改行のまま書いた記事
BASENAME: 2025/06/07/080000
STATUS: Publish
CONVERT BREAKS: 1
DATE: 06/07/2025 08:00:00 PM
-----
BODY:
一行目の文。
二行目の文。
-----
--------
"""

WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>戦況ノート</title><link>https://note.example.org</link>
  <item>
    <title>ザポリージャ州の砲撃</title><link>https://note.example.org/2025/06/05/shelling/</link>
    <pubDate>Wed, 04 Jun 2025 16:30:00 +0000</pubDate>
    <content:encoded><![CDATA[<p>州知事によると、砲撃で住民2人が負傷した。</p><p>住宅5棟が損壊した。</p>]]></content:encoded>
    <wp:post_id>11</wp:post_id><wp:post_date>2025-06-05 01:30:00</wp:post_date>
    <wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
  </item>
  <item>
    <title>このブログについて</title><link>https://note.example.org/about/</link>
    <content:encoded><![CDATA[<p>固定ページ。</p>]]></content:encoded>
    <wp:post_id>2</wp:post_id><wp:status>publish</wp:status><wp:post_type>page</wp:post_type>
  </item>
  <item>
    <title>下書き</title><link>https://note.example.org/?p=12</link>
    <content:encoded><![CDATA[<p>未公開。</p>]]></content:encoded>
    <wp:post_id>12</wp:post_id><wp:status>draft</wp:status><wp:post_type>post</wp:post_type>
  </item>
</channel>
</rss>
"""


def _read(tmp_path, name: str, content: str | bytes) -> list:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return list(read_inputs([str(path)]))


def test_a_hatena_export_gives_each_published_post_with_its_address_and_date(tmp_path) -> None:
    first, second = _read(tmp_path, "kansatsu.hatenablog.com.export.txt", MT_EXPORT)
    assert first.doc_id == first.url == "https://kansatsu.hatenablog.com/entry/2025/06/05/120000"
    assert first.title == "東部戦線のまとめ" and first.date == date(2025, 6, 5)
    assert first.text == (
        "ロシア国防省は5日、ドネツク州の集落を掌握したと発表した。\n\n"
        "ウクライナ軍は発表を否定している。\n現地の状況は不明だ。\n\n続きの段落。"
    )
    assert "コメント" not in first.text
    assert second.date == date(2025, 6, 7) and second.text == "一行目の文。\n二行目の文。"


def test_a_movable_type_export_without_addresses_keys_posts_by_file_and_number(tmp_path) -> None:
    posts = _read(tmp_path, "blog.txt", MT_EXPORT.replace("\n", "\r\n"))
    assert [p.doc_id for p in posts] == ["blog.txt#1", "blog.txt#3"]
    assert all(p.url is None for p in posts)


def test_a_plain_post_that_starts_like_a_header_is_not_an_export(tmp_path) -> None:
    [post] = _read(tmp_path, "note.txt", "TITLE: 覚え書き\n\nロシア軍が攻撃した。\n-----\n以上。\n")
    assert post.name == "note.txt" and post.text.startswith("TITLE: 覚え書き")


def test_a_wordpress_export_gives_each_published_post(tmp_path) -> None:
    [post] = _read(tmp_path, "export.xml", WXR)
    assert post.doc_id == "https://note.example.org/2025/06/05/shelling/"
    # wp:post_date is the blog's local time: the 5th, though pubDate in UTC says the 4th.
    assert post.date == date(2025, 6, 5)
    assert post.text == "州知事によると、砲撃で住民2人が負傷した。\n\n住宅5棟が損壊した。"
    assert post.outlet_hint == "戦況ノート"


def test_a_wordpress_export_in_shift_jis_is_read(tmp_path) -> None:
    sjis = WXR.replace('encoding="UTF-8"', 'encoding="Shift_JIS"').encode("cp932")
    [post] = _read(tmp_path, "export.xml", sjis)
    assert post.title == "ザポリージャ州の砲撃"


def test_other_xml_and_broken_exports_are_one_line_errors(tmp_path) -> None:
    [error] = _read(tmp_path, "sitemap.xml", "<urlset><url><loc>https://x.example/</loc></url></urlset>")
    assert isinstance(error, InputError) and "not a WordPress export" in str(error)
    [broken] = _read(tmp_path, "export.xml", WXR[:600])
    assert isinstance(broken, InputError) and "not well-formed XML" in broken.problem
    [empty] = _read(tmp_path, "e.xml", WXR.replace("<wp:post_type>post", "<wp:post_type>attachment"))
    assert isinstance(empty, InputError) and empty.problem == "a blog export with no published post"


def test_xml_files_in_a_folder_are_left_alone(tmp_path) -> None:
    (tmp_path / "export.xml").write_text(WXR, encoding="utf-8")
    (tmp_path / "post.txt").write_text("ロシア軍が攻撃した。", encoding="utf-8")
    assert [d.name for d in read_inputs([str(tmp_path)])] == ["post.txt"]
