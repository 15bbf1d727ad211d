"""``hodo ingest`` from the user's side: summaries, exit status, and every kind of bad input.

Each bad input must give one line on stderr naming it, a non-zero exit, while
the good inputs of the same call are stored and what was stored before stays.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = (
    "2025年6月12日\n\n"
    "【特別軍事作戦の概要 露国防省】\n\n"
    "🔸 ウクライナ軍は過去24時間に980人以上の兵士を失った。\n\n"
    "🔸 ロシアの防空システムは過去24時間に無人機64機を撃墜した。\n"
)


def _docs(hodo) -> set[str]:
    return {d["name"] for d in json.loads(hodo("docs", "--format", "json").out)}


def _error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("hodo: ")]


def test_ingest_stores_and_a_second_run_changes_nothing(hodo, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    first = hodo("ingest", str(good))
    assert first.code == 0, first.err
    assert first.err.strip().startswith("1 new, 0 unchanged, 0 failed;")
    claims = hodo("claims", "--format", "jsonl").out
    again = hodo("ingest", str(good))
    assert again.code == 0
    assert again.err.strip().startswith("0 new, 1 unchanged, 0 failed; 0 claims found")
    assert hodo("claims", "--format", "jsonl").out == claims


def test_new_content_under_the_same_name_replaces_the_old(hodo, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    hodo("ingest", str(good))
    good.write_text(GOOD.replace("980人", "1010人"), encoding="utf-8")
    result = hodo("ingest", str(good))
    assert result.code == 0, result.err
    assert "1 replaced" in result.err
    assert _docs(hodo) == {"good.txt"}
    sentences = [json.loads(line)["sentence"] for line in hodo("claims", "-f", "jsonl").out.splitlines()]
    assert not any("980人" in s for s in sentences)


def test_quiet_silences_the_summary(hodo, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = hodo("--quiet", "ingest", str(good))
    assert (result.code, result.err) == (0, "")


def test_date_option_is_checked(hodo, tmp_path):
    result = hodo("ingest", "--date", "12/06/2025", str(tmp_path))
    assert result.code == 2
    assert result.err.strip() == "hodo: --date '12/06/2025': expected a date as YYYY-MM-DD"


BAD_FILES = {
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "empty.txt": b"",
    "undecodable.txt": bytes(range(128, 256)) * 4,
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_one_line_and_the_rest_is_stored(hodo, tmp_path, filled_db, name):
    bad = tmp_path / name
    bad.write_bytes(BAD_FILES[name])
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = hodo("ingest", str(bad), str(good))
    assert result.code == 1
    [line] = _error_lines(result.err)
    assert line.startswith(f"hodo: {bad}: ")
    assert "1 new, 0 unchanged, 1 failed" in result.err
    assert _docs(hodo) == {"mod.txt", "call.txt", "good.txt"}


def test_a_file_over_the_size_limit(hodo, tmp_path, filled_db, monkeypatch):
    monkeypatch.setenv("HODO_MAX_BYTES", "2000")
    big = tmp_path / "big.txt"
    big.write_text("ロシア軍が攻撃した。" * 200, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = hodo("ingest", str(big), str(good))
    assert result.code == 1
    [line] = _error_lines(result.err)
    assert line.startswith(f"hodo: {big}: ") and "limit" in line
    assert _docs(hodo) == {"mod.txt", "call.txt", "good.txt"}


def test_a_malformed_jsonl_line_keeps_the_other_lines(hodo, tmp_path, filled_db):
    feed = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"url": "https://example.org/a", "text": GOOD}, ensure_ascii=False),
        '{"url": "https://example.org/b", "text": ',
        json.dumps({"url": "https://example.org/c", "text": GOOD.replace("64機", "71機")}, ensure_ascii=False),
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = hodo("ingest", str(feed))
    assert result.code == 1
    [line] = _error_lines(result.err)
    assert line.startswith(f"hodo: {feed}:2: ")
    assert _docs(hodo) == {"mod.txt", "call.txt", "https://example.org/a", "https://example.org/c"}


def test_a_path_that_does_not_exist(hodo, tmp_path, filled_db):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = hodo("ingest", str(tmp_path / "missing.txt"), str(good))
    assert result.code == 1
    assert _error_lines(result.err) == [f"hodo: {tmp_path / 'missing.txt'}: no such file or directory"]
    assert "good.txt" in _docs(hodo)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_in_a_folder(hodo, tmp_path, filled_db):
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    locked = folder / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        result = hodo("ingest", str(folder))
    finally:
        locked.chmod(0o644)
    assert result.code == 1
    [line] = _error_lines(result.err)
    assert line.startswith(f"hodo: {locked}: ")
    assert _docs(hodo) == {"mod.txt", "call.txt", "good.txt"}


def test_a_folder_with_a_broken_link(hodo, tmp_path, filled_db):
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    result = hodo("ingest", str(folder))
    assert result.code == 1
    [line] = _error_lines(result.err)
    assert line.startswith(f"hodo: {folder / 'gone.txt'}: ")
    assert _docs(hodo) == {"mod.txt", "call.txt", "good.txt"}


def test_stdin(hodo, filled_db):
    result = hodo("ingest", "-", stdin=GOOD.encode())
    assert result.code == 0, result.err
    assert len(_docs(hodo)) == 3
    empty = hodo("ingest", "-", stdin=b"")
    assert empty.code == 1
    [line] = _error_lines(empty.err)
    assert line.startswith("hodo: -: ")
    assert len(_docs(hodo)) == 3


def _subprocess(args: list[str], db: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hodo", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **kwargs,
    )


def test_stdin_closed_in_a_real_process(tmp_path, filled_db):
    """With file descriptor 0 closed before hodo starts: one line, exit 1, the store intact."""
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = subprocess.run(
        f'exec 0<&- ; "{sys.executable}" -m hodo --db "{filled_db}" ingest - "{good}"',
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    [line] = _error_lines(result.stderr)
    assert line.startswith("hodo: -: ")
    assert "Traceback" not in result.stderr
    listed = _subprocess(["docs", "--format", "json"], filled_db)
    assert {d["name"] for d in json.loads(listed.stdout)} == {"mod.txt", "call.txt", "good.txt"}


def test_the_console_script_entry_runs_as_a_process(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    db = tmp_path / "p.db"
    stored = _subprocess(["ingest", str(good)], db)
    assert stored.returncode == 0, stored.stderr
    assert stored.stdout == ""
    claims = _subprocess(["claims", "--format", "jsonl"], db)
    assert claims.returncode == 0
    for line in claims.stdout.splitlines():
        assert json.loads(line)["doc"] == "good.txt"
