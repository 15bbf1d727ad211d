"""read_inputs and count_inputs over real files made in tmp_path: formats, folders, stdin, bad inputs."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest

from hodo.ingest import DEFAULT_MAX_BYTES, InputError, count_inputs, max_bytes_limit, read_inputs
from hodo.models import RawDocument

POST = "ロシア国防省は5日、ウクライナ軍が過去24時間に900人以上の兵士を失ったと発表した。\n\n防空部隊は無人機30機を撃墜した。\n"


def _read(*paths: str | Path, **kwargs: object) -> list[RawDocument | InputError]:
    return list(read_inputs([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def _only_doc(items: list[RawDocument | InputError]) -> RawDocument:
    assert len(items) == 1
    assert isinstance(items[0], RawDocument), items[0]
    return items[0]


def _only_error(items: list[RawDocument | InputError]) -> InputError:
    assert len(items) == 1
    assert isinstance(items[0], InputError), items[0]
    return items[0]


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "post.txt"
    path.write_text(POST, encoding="utf-8")
    doc = _only_doc(_read(path))
    assert (doc.name, doc.text, doc.source, doc.encoding) == ("post.txt", POST, str(path), "utf-8")
    # tmp_path lies outside the working folder: the identity is the absolute path.
    assert doc.doc_id == str(path)


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "shift_jis", "cp932", "euc_jp", "utf-16"])
def test_text_file_in_each_encoding(tmp_path: Path, codec: str) -> None:
    text = POST + ("①～②\n" if codec == "cp932" else "")
    path = tmp_path / "post.txt"
    path.write_bytes(text.encode(codec))
    doc = _only_doc(_read(path))
    assert doc.text == text
    assert doc.encoding == codec


def test_markdown_file(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(
        "---\ntitle: 前線の状況\ndate: 2025-06-05\nurl: https://example.jp/p/1\nsource: 例通信\n---\n"
        "# 見出し\n\n**ロシア国防省**は[発表](https://example.jp)した。\n\n* 無人機30機を撃墜\n#ロシア(250605)\n",
        encoding="utf-8",
    )
    doc = _only_doc(_read(path))
    assert doc.text == "見出し\n\nロシア国防省は発表した。\n\n- 無人機30機を撃墜\n#ロシア(250605)"
    assert (doc.title, doc.date, doc.url, doc.outlet_hint) == (
        "前線の状況",
        date(2025, 6, 5),
        "https://example.jp/p/1",
        "例通信",
    )


def test_html_file_keeps_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    paragraphs = "".join(
        f"<p>段落{i}。ウクライナ軍は前線で{i}つの村を奪還したと発表した。</p>" for i in range(6)
    )
    path.write_text(
        "<html><head><title>キーウ情勢</title><meta property='og:url' content='https://example.jp/a/2'>"
        "<meta name='date' content='2025-03-11'></head><body><nav>ホーム | ニュース</nav>"
        f"<script>var tracker = 1;</script><article><h1>キーウ情勢</h1>{paragraphs}</article>"
        "<footer>著作権表示</footer></body></html>",
        encoding="utf-8",
    )
    doc = _only_doc(_read(path))
    assert "段落0。" in doc.text and "段落5。" in doc.text
    assert "ホーム" not in doc.text and "tracker" not in doc.text and "著作権" not in doc.text
    assert (doc.title, doc.url, doc.date) == ("キーウ情勢", "https://example.jp/a/2", date(2025, 3, 11))


def test_html_in_shift_jis_with_its_charset_declared(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    html = "<html><head><meta charset='Shift_JIS'></head><body><p>ハルキウで爆発があった。</p></body></html>"
    path.write_bytes(html.encode("cp932"))
    doc = _only_doc(_read(path))
    assert doc.text == "ハルキウで爆発があった。"
    assert doc.encoding in ("shift_jis", "cp932")


def test_jsonl_lines_with_a_malformed_line_between_them(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {
                "text": "一つ目の記事。",
                "url": "https://example.jp/1",
                "date": "2025-06-04",
                "source": "例通信",
            }
        ),
        "{not json",
        "",
        json.dumps({"text": "三つ目の記事。", "title": "題", "date": "2025-06-04T09:30:00+09:00"}),
        json.dumps({"title": "本文なし"}),
        json.dumps({"text": "日付が変。", "date": "6月4日"}),
        json.dumps(["not", "an", "object"]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    docs = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [d.name for d in docs] == ["https://example.jp/1", "feed.jsonl#4"]
    assert [d.doc_id for d in docs] == ["https://example.jp/1", f"{path}#4"]
    assert docs[0].outlet_hint == "例通信" and docs[0].date == date(2025, 6, 4)
    assert docs[1].title == "題" and docs[1].date == date(2025, 6, 4)
    assert [e.path for e in errors] == [f"{path}:2", f"{path}:5", f"{path}:6", f"{path}:7"]
    assert "malformed JSON" in str(errors[0])
    assert str(errors[0]).startswith(f"{path}:2: ")


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    for rel in ("b.txt", "a/z.md", "a/c.txt", "c.html.bak", ".hidden.txt", ".git/x.txt", "img.png", "d.TXT"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(POST, encoding="utf-8")
    items = _read(tmp_path)
    assert [Path(i.source).relative_to(tmp_path).as_posix() for i in items] == [  # type: ignore[union-attr]
        "a/c.txt",
        "a/z.md",
        "b.txt",
        "d.TXT",
    ]
    assert count_inputs([str(tmp_path)]) == 4


def test_unknown_extension_given_explicitly_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.log"
    path.write_text(POST, encoding="utf-8")
    assert _only_doc(_read(path)).text == POST
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02binary")
    assert _only_error(_read(binary)).problem == "binary file (contains NUL bytes), not text"


def test_stdin(tmp_path: Path) -> None:
    doc = _only_doc(_read("-", stdin=io.BytesIO(POST.encode("euc_jp"))))
    assert (doc.text, doc.encoding) == (POST, "euc_jp")
    assert doc.doc_id == doc.name and doc.doc_id.startswith("stdin:")
    again = _only_doc(_read("-", stdin=io.BytesIO(POST.encode("utf-8"))))
    other = _only_doc(_read("-", stdin=io.BytesIO(b"other text")))
    named = _only_doc(_read("-", stdin=io.BytesIO(b"other text"), stdin_id="notes-1"))
    # Keyed by the text, not by where it came from: the same text is the same document.
    assert again.doc_id == doc.doc_id != other.doc_id
    assert (named.doc_id, named.name) == ("notes-1", "notes-1")


def test_stdin_html_is_recognized() -> None:
    page = "<!DOCTYPE html><html><body><p>ドネツクで戦闘が続いた。</p></body></html>"
    assert _only_doc(_read("-", stdin=io.BytesIO(page.encode()))).text == "ドネツクで戦闘が続いた。"


def test_empty_and_closed_stdin() -> None:
    assert _only_error(_read("-", stdin=io.BytesIO(b""))).path == "-"
    closed = io.BytesIO(POST.encode())
    closed.close()
    error = _only_error(_read("-", stdin=closed))
    assert str(error).startswith("-: cannot read stdin")


def test_stdin_over_the_limit_reads_no_more_than_the_limit() -> None:
    stream = io.BytesIO(b"a" * 1000)
    error = _only_error(_read("-", stdin=stream, max_bytes=100))
    assert "limit of 100 bytes" in error.problem
    assert stream.tell() == 101


def test_missing_path(tmp_path: Path) -> None:
    error = _only_error(_read(tmp_path / "nope.txt"))
    assert str(error) == f"{tmp_path / 'nope.txt'}: no such file or directory"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty file"),
        (" \n\u3000\n\t".encode(), "only whitespace"),
        (b"text\x00with NUL", "NUL"),
        (b"ok " + bytes(range(0x80, 0x100)) * 3, "cannot decode"),
    ],
)
def test_bad_file_contents(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert words in _only_error(_read(path)).problem


def test_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 3 * 1024 * 1024)
    error = _only_error(_read(path, max_bytes=2 * 1024 * 1024))
    assert "3.0 MiB" in error.problem and "2.0 MiB" in error.problem and "HODO_MAX_BYTES" in error.problem


def test_size_limit_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "post.txt"
    path.write_text(POST, encoding="utf-8")
    monkeypatch.setenv("HODO_MAX_BYTES", "10")
    assert max_bytes_limit() == 10
    assert "over the limit of 10 bytes" in _only_error(_read(path)).problem
    monkeypatch.setenv("HODO_MAX_BYTES", "lots")
    with pytest.warns(UserWarning, match="HODO_MAX_BYTES"):
        assert max_bytes_limit() == DEFAULT_MAX_BYTES


def test_unreadable_entries_in_a_folder_do_not_stop_the_rest(tmp_path: Path) -> None:
    # Permission bits do not stop root, so these are files no one can read as documents.
    (tmp_path / "a_good.txt").write_text(POST, encoding="utf-8")
    (tmp_path / "b_dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "c_loop.txt").symlink_to(tmp_path / "c_loop.txt")
    os.mkfifo(tmp_path / "d_pipe.txt")
    (tmp_path / "e_good.md").write_text(POST, encoding="utf-8")
    items = _read(tmp_path)
    assert [type(i).__name__ for i in items] == [
        "RawDocument",
        "InputError",
        "InputError",
        "InputError",
        "RawDocument",
    ]
    problems = [i.problem for i in items if isinstance(i, InputError)]
    assert problems[0] == "cannot read: broken symbolic link"
    assert problems[1].startswith("cannot read")
    assert problems[2] == "not a regular file"


def test_count_inputs_counts_files_stdin_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(POST, encoding="utf-8")
    (tmp_path / "two.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n', encoding="utf-8")
    assert count_inputs([str(tmp_path), "-", str(tmp_path / "missing.txt")]) == 4


def test_input_error_message() -> None:
    error = InputError("x.txt", "empty file")
    assert (str(error), error.path, error.problem) == ("x.txt: empty file", "x.txt", "empty file")
