"""Packs are checked against their schema when loaded: every mistake named by file and key, once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hodo.cli import run
from hodo.packs import PackError, load_pack, summarize
from hodo.packs.schema import FILES, check_file


def _problems(folder: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(str(folder))
    return caught.value.problems


def test_the_bundled_packs_are_sound() -> None:
    for name in ("ja_news", "russia_ukraine"):
        pack = load_pack(name)
        for folder in pack.folders:
            for path in folder.glob("*.toml"):
                assert check_file(path.stem, pack.contents[folder][path.stem]) == [], path


def test_a_bad_regex_names_the_file_and_the_key(make_pack) -> None:
    folder = make_pack("bad_regex", {"layout.toml": "boilerplate = ['^ok$', '^(unclosed']\n"})
    [problem] = _problems(folder)
    assert problem.startswith(f"{folder / 'layout.toml'}: boilerplate[1]: bad regular expression '^(unclosed'")


def test_an_unknown_key_is_named_with_the_nearest_known_one(make_pack) -> None:
    folder = make_pack("typo", {"cues.toml": "[polarity]\ndenials = ['否定']\n"})
    [problem] = _problems(folder)
    assert problem == f"{folder / 'cues.toml'}: polarity.denials: unknown key (did you mean 'denial'?)"


def test_an_empty_list_is_refused(make_pack) -> None:
    folder = make_pack("empty", {"layout.toml": "report_end = []\n"})
    [problem] = _problems(folder)
    assert problem.startswith(f"{folder / 'layout.toml'}: report_end: empty list")


def test_wrong_types_and_empty_matches_are_refused(make_pack) -> None:
    folder = make_pack(
        "types",
        {
            "cues.toml": "[attribution]\ntail_chars = '40'\nspeech_predicates = '述べた'\n",
            "triggers.toml": "[[type]]\nname = 'strike'\ntriggers = ['(?:攻撃)?']\nsides = 'sideways'\n",
        },
    )
    problems = _problems(folder)
    cues, triggers = folder / "cues.toml", folder / "triggers.toml"
    assert problems == [
        f"{cues}: attribution.tail_chars: expected an integer, got a string",
        f"{cues}: attribution.speech_predicates: expected a list of regular expressions (strings), got a string",
        f"{triggers}: type['strike'].triggers[0]: '(?:攻撃)?' matches the empty string, so it would match everywhere",
        f"{triggers}: type['strike'].sides: 'sideways' is not one of combat, meeting, holder",
    ]


def test_patterns_that_compile_alone_but_not_together_are_refused(make_pack) -> None:
    folder = make_pack("groups", {"layout.toml": "attribution_line = ['(?P<who>A)より$', '(?P<who>B)から$']\n"})
    [problem] = _problems(folder)
    assert problem.startswith(f"{folder / 'layout.toml'}: attribution_line: the patterns do not combine into one")


def test_unknown_claim_types_and_files_are_refused(make_pack) -> None:
    folder = make_pack(
        "unknown",
        {"triggers.toml": "[[type]]\nname = 'weather'\ntriggers = ['雨']\n", "trigger.toml": "x = 1\n"},
    )
    problems = _problems(folder)
    assert any(p.startswith(f"{folder / 'trigger.toml'}: not a pack file") for p in problems)
    assert f"{folder / 'triggers.toml'}: type['weather'].name: 'weather' is not one of" in "\n".join(problems)


def test_the_error_message_is_the_first_problem_and_counts_the_rest(make_pack) -> None:
    folder = make_pack("many", {"layout.toml": "report_end = []\nbulet = '^x'\n"})
    with pytest.raises(PackError) as caught:
        load_pack(str(folder))
    assert str(caught.value) == caught.value.problems[0] + " (and 1 more: see hodo pack check)"


def test_a_broken_pack_stops_ingest_before_any_document(make_pack, tmp_path: Path, capsys) -> None:
    folder = make_pack("broken", {"layout.toml": "boilerplate = ['[unclosed']\n"})
    post = tmp_path / "post.txt"
    post.write_text("ロシア国防省は2日、無人機10機を撃墜したと発表した。\n", encoding="utf-8")
    db = tmp_path / "hodo.db"
    code = run(["--db", str(db), "--pack", str(folder), "ingest", str(post)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0
    assert len(err) == 1 and "layout.toml: boilerplate[0]: bad regular expression" in err[0]
    # Nothing was stored: the pack failed before the store was even made.
    assert not db.exists()


def test_pack_check_lists_what_a_pack_holds(capsys) -> None:
    assert run(["pack", "check", "russia_ukraine", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    holds = {(r["file"], r["key"]): r["counts"] for r in rows}
    pack = load_pack("russia_ukraine")
    assert holds[("outlets.toml", "outlet")]["outlets"] == len(pack.table("outlets")["outlet"])
    assert holds[("actors.toml", "person")]["people"] == len(pack.table("actors")["person"])
    assert holds[("triggers.toml", "type")]["claim types"] == len(pack.table("triggers")["type"])
    assert holds[("cues.toml", "polarity")]["patterns"] == sum(map(len, pack.table("cues")["polarity"].values()))
    # What ja_news holds is part of what the pack holds.
    assert ("counters.toml", "unit") in holds and rows == [{"pack": "russia_ukraine", **r} for r in summarize(pack)]


def test_pack_check_prints_every_problem_and_fails(make_pack, capsys) -> None:
    folder = make_pack("two_problems", {"layout.toml": "report_end = []\n", "cues.toml": "[sides]\npasive = ['され']\n"})
    assert run(["pack", "check", str(folder)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"hodo: {folder / 'cues.toml'}: sides.pasive: unknown key (did you mean 'passive'?)",
        f"hodo: {folder / 'layout.toml'}: report_end: empty list (an alternation of nothing never matches; leave the key out)",
    ]


def test_every_file_of_the_schema_is_documented() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "packs.md").read_text(encoding="utf-8")
    for name in FILES:
        assert f"{name}.toml" in guide, name
