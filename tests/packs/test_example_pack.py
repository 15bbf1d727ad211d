"""A pack of one's own adds an outlet and an actor without touching hodo: by folder, and installed.

The example pack (tests/packs/example, a distribution of its own) extends the
Russia–Ukraine pack with the Hokkaido Shimbun and Serhiy Lysak. Installed, its
entry point in the group ``hodo.packs`` makes ``--pack example`` work; the test
installs it as pip would, as a package and its .dist-info in a folder on the
path, without building it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from hodo.cli import run
from hodo.link.catalog import build_catalog
from hodo.packs import PackError, available_packs, load_pack

EXAMPLE = Path(__file__).parent / "example"
FOLDER = EXAMPLE / "hodo_pack_example"
POST = "【キーウ道新】ドニプロペトロウシク州のリサク知事は3日、ロシア軍の無人機攻撃で住民2人が負傷したと明らかにした。\n"


def _install(site: Path, broken: bool = False) -> None:
    """Put the example pack into ``site`` the way pip lays out an installed distribution.

    ``broken``: its entry point (then named "broken") names a module that is not there.
    """
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    shutil.copytree(FOLDER, site / FOLDER.name)
    info = site / f"hodo_pack_example-{project['version']}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n", encoding="utf-8"
    )
    points = project["entry-points"]["hodo.packs"]
    lines = ["broken = hodo_pack_missing"] if broken else [f"{name} = {value}" for name, value in points.items()]
    (info / "entry_points.txt").write_text("[hodo.packs]\n" + "\n".join(lines) + "\n", encoding="utf-8")


def _claims(db: Path, *args: str, env: dict[str, str] | None = None) -> list[dict]:
    hodo = Path(sys.executable).with_name("hodo")
    done = subprocess.run(
        [str(hodo), "--db", str(db), *args, "claims", "--format", "jsonl"],
        capture_output=True, text=True, env=env, check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_example_pack_holds_one_outlet_and_one_actor_more() -> None:
    ids = {spec.id for spec in build_catalog(load_pack(str(FOLDER))).entities}
    base = {spec.id for spec in build_catalog(load_pack("russia_ukraine")).entities}
    assert ids - base == {"hokkaido_shimbun", "ua.lysak"}


def test_loaded_by_folder_it_names_the_outlet_and_the_claimant(tmp_path: Path, capsys) -> None:
    post = tmp_path / "post.txt"
    post.write_text(POST, encoding="utf-8")
    found = {}
    for pack in ("russia_ukraine", str(FOLDER)):
        db = tmp_path / f"{Path(pack).name}.db"
        assert run(["-q", "--db", str(db), "--pack", pack, "ingest", "--date", "2025-06-03", str(post)]) == 0
        assert run(["--db", str(db), "claims", "--format", "jsonl"]) == 0
        found[pack] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    with_example = found[str(FOLDER)]
    assert {c["type"] for c in with_example} >= {"civilian_harm"}
    assert {c["claimant"]["id"] for c in with_example} == {"ua.lysak"}
    assert {c["outlet"]["id"] for c in with_example} == {"hokkaido_shimbun"}
    # What the example pack extends comes with it: the crosswalks code the harm.
    harm = next(c for c in with_example if c["type"] == "civilian_harm")
    assert harm["acled"]["event_type"] == "Violence against civilians" and harm["cameo"] == "18"
    # Without it, hodo knows neither.
    assert all((c["claimant"] or {}).get("id") != "ua.lysak" and c["outlet"] is None for c in found["russia_ukraine"])


def test_installed_it_is_found_by_its_entry_point(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    _install(site)
    post = tmp_path / "post.txt"
    post.write_text(POST, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    hodo = Path(sys.executable).with_name("hodo")
    listed = subprocess.run([str(hodo), "pack", "check", "example", "--format", "jsonl"],
                            capture_output=True, text=True, env=env, check=True)
    assert any(json.loads(line)["pack"] == "example" for line in listed.stdout.splitlines())
    db = tmp_path / "hodo.db"
    subprocess.run([str(hodo), "-q", "--db", str(db), "--pack", "example", "ingest", "--date", "2025-06-03", str(post)],
                   env=env, check=True)
    claims = _claims(db, env=env)
    assert claims and {c["outlet"]["id"] for c in claims} == {"hokkaido_shimbun"}
    assert {c["claimant"]["name"] for c in claims} == {"Serhiy Lysak"}


def test_an_installed_pack_on_the_path_is_listed_and_loaded(tmp_path: Path, monkeypatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    _install(site)
    monkeypatch.syspath_prepend(str(site))
    assert "example" in available_packs()
    pack = load_pack("example")
    assert pack.folders[-1] == site / FOLDER.name and pack.name == "example"


def test_a_broken_entry_point_is_the_packs_error(tmp_path: Path, monkeypatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    _install(site, broken=True)
    monkeypatch.syspath_prepend(str(site))
    with pytest.raises(PackError, match=r"pack 'broken' \(entry point 'hodo_pack_missing' of hodo.packs\): cannot be loaded"):
        load_pack("broken")
