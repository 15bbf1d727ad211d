"""``hodo ingest --workers N`` and ``--engine``: the options, and the same store whatever the workers."""

from __future__ import annotations

BULLETIN = "ロシア国防省は{day}日、防空部隊が無人機{drones}機を撃墜したと発表した。\n"


def _folder(tmp_path):
    folder = tmp_path / "posts"
    folder.mkdir()
    for i in range(5):
        (folder / f"p{i}.txt").write_text(BULLETIN.format(day=i + 1, drones=40 + i), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_cli_workers_option_matches_one_worker(hodo, tmp_path):
    corpus = _folder(tmp_path)
    for workers in ("1", "2"):
        db = tmp_path / f"w{workers}.db"
        result = hodo("--db", str(db), "-q", "ingest", "--workers", workers, str(corpus))
        assert result.code == 1  # the empty file
    outputs = [hodo("--db", str(tmp_path / f"w{w}.db"), "events", "-f", "jsonl").out for w in "12"]
    assert outputs[0] == outputs[1] != ""
    claims = [hodo("--db", str(tmp_path / f"w{w}.db"), "claims", "-f", "jsonl").out for w in "12"]
    assert claims[0] == claims[1] != ""


def test_cli_rejects_an_unknown_engine(hodo, tmp_path):
    corpus = _folder(tmp_path)
    result = hodo("ingest", "--engine", "spark", str(corpus))
    assert result.code != 0
    assert "--engine" in result.err


def test_cli_ray_address_needs_the_ray_engine(hodo, tmp_path):
    result = hodo("ingest", "--ray-address", "127.0.0.1:6379", str(_folder(tmp_path)))
    assert result.code != 0
    assert "--engine ray" in result.err
