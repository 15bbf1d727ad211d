"""Linking names in Japanese war news to the Russia–Ukraine pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hodo.link import Linker, Mention
from hodo.packs import load_pack

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.for_pack(load_pack("russia_ukraine"))


def _rows(name: str) -> list[str]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def _found(mentions: list[Mention]) -> list[tuple[str, str | None]]:
    return [(m.text, m.entity.id) for m in mentions]


def test_alias_set_links_at_least_97_percent(linker: Linker) -> None:
    pairs = [row.split("\t") for row in _rows("aliases.tsv")]
    assert len(pairs) >= 150
    wrong = [(surface, want) for surface, want in pairs if (linker.link(surface) or _NONE).id != want]
    assert 1 - len(wrong) / len(pairs) >= 0.97, wrong


class _NONE:
    id = None


def test_unknown_names_never_link_with_confidence(linker: Linker) -> None:
    for name in _rows("unknown_names.txt"):
        entity = linker.link(name)
        assert entity is None or entity.confidence < 0.8, (name, entity)


def test_mention_spans_keep_titles_and_prefixes(linker: Linker) -> None:
    text = "プーチン露大統領とトランプ米大統領が電話会談し、ドミトリー・ペスコフ大統領報道官が説明した。"
    assert _found(linker.mentions(text)) == [
        ("プーチン露大統領", "ru.putin"),
        ("トランプ米大統領", "us.trump"),
        ("ドミトリー・ペスコフ大統領報道官", "ru.peskov"),
    ]


def test_abbreviations_count_only_in_context(linker: Linker) -> None:
    found = _found(linker.mentions("露国防省と宇軍、米政権は米露協議について。期間中の米価は上がった。"))
    assert found == [("露国防省", "ru.mod"), ("宇軍", "ua.armed_forces"), ("米政権", "us.government"),
                     ("米", "us"), ("露", "ru")]


def test_sides_are_set_for_actors(linker: Linker) -> None:
    sides = {m.entity.id: m.entity.side for m in linker.mentions("ウクライナ空軍とロシア軍、ルカシェンコ大統領")}
    assert sides == {"ua.air_force": "ua", "ru.armed_forces": "ru", "by.lukashenko": "by"}


def test_variant_spellings_found_in_text(linker: Linker) -> None:
    found = linker.mentions("ゼレンスキイ氏はヴォルチャンスクとハルキーウを訪れた")
    assert [(m.entity.id, m.method) for m in found] == [
        ("ua.zelensky", "alias"), ("ua.vovchansk", "alias"), ("ua.kharkiv", "variant")]


def test_katakana_names_are_not_found_inside_longer_words(linker: Linker) -> None:
    assert linker.mentions("新しいタスクとロシアゲート") == []


def test_unknown_village_gets_gazetteer_guess_in_named_oblast(linker: Linker) -> None:
    (oblast, village) = linker.mentions("ドネツク人民共和国のレドコドゥブ村を解放した")
    assert oblast.entity.id == "ua.donetsk_oblast"
    assert village.method == "gazetteer" and village.text == "レドコドゥブ村"
    assert village.entity.name == "Ridkodub" and village.entity.id.startswith("ua.donetsk_oblast.")
    assert 0.6 <= village.entity.confidence < 1 and village.entity.lat is not None


def test_unknown_place_and_person_stay_unlinked(linker: Linker) -> None:
    found = linker.mentions("ズブズブズ村でクワクワ英国防相が語った。ソビャーニン市長も。")
    assert [(m.text, m.entity.id, m.entity.kind, m.method) for m in found] == [
        ("ズブズブズ村", None, "place", "unlinked"),
        ("クワクワ英国防相", None, "person", "unlinked"),
        ("ソビャーニン市長", "ru.sobyanin", "person", "alias"),
    ]
    assert found[1].entity.side == "nato" and found[1].entity.name == "クワクワ"


def test_places_carry_coordinates(linker: Linker) -> None:
    kyiv = linker.link("キエフ")
    assert kyiv is not None and kyiv.name == "Kyiv" and abs(kyiv.lat - 50.45) < 0.1


def test_get_and_outlets(linker: Linker) -> None:
    assert linker.get("ru.mod").name == "Ministry of Defence (Russia)"
    assert linker.get("no.such") is None
    outlets = {o.id: o for o in linker.outlets()}
    assert "原題" in outlets["bloomberg"].markers["block_end_re"][0]
    assert "ブルームバーグ" in outlets["bloomberg"].aliases
    assert "🔸" in outlets["sputnik"].markers["bullet"]


def test_for_pack_is_cached() -> None:
    assert Linker.for_pack(load_pack()) is Linker.for_pack(load_pack())


def test_every_gold_entity_is_known(linker: Linker, shared_dir: Path) -> None:
    """Each claimant and place the dev gold accepts is one of our entities, by id or name."""
    known = {spec.id for spec in linker._cat.entities} | {spec.name for spec in linker._cat.entities}
    missing = set()
    for path in sorted((shared_dir / "eval" / "gold").glob("*.gold.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            lists = [gold.get("claimant") or []] + (gold.get("places") or [])
            for accepted in lists:
                if accepted and not known & set(accepted) and not _links_into(linker, accepted):
                    missing.add(accepted[0])
    assert missing <= ALLOWED_MISSING, missing - ALLOWED_MISSING


def _links_into(linker: Linker, accepted: list[str]) -> bool:
    """Villages come from the gazetteer or stay unlinked: their mention must still carry an accepted name."""
    mentions = [m for name in accepted if name.endswith("村") for m in linker.mentions(name)]
    return any(m.entity.name in accepted or m.entity.text in accepted for m in mentions)


# Anonymous sources are the extractor's to name, not the pack's.
ALLOWED_MISSING = {"Russian diplomatic source"}


def test_a_long_text_read_in_parts_gives_the_mentions_of_reading_it_whole(linker: Linker, monkeypatch) -> None:
    import hodo.link.linker as module
    from hodo.normalize import normalize

    sample = Path(module.__file__).resolve().parents[1] / "sample"
    text = normalize("\n\n".join(p.read_text(encoding="utf-8") for p in sorted(sample.glob("*.txt")))).text
    whole = linker.mentions(text)
    monkeypatch.setattr(module, "MENTION_PART", 200)
    parts = linker.mentions(text)
    assert len(whole) > 30
    assert parts == whole
