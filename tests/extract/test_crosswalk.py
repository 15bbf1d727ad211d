"""Claims carry their happening as ACLED and CAMEO code it (the pack's crosswalks.toml)."""

from __future__ import annotations

import pytest

from hodo.extract.crosswalk import with_codings
from hodo.models import AcledCoding, Claim
from hodo.packs import PackError, load_pack

PACK = load_pack("russia_ukraine")


def _coded(type_: str, evidence: str) -> Claim:
    claim = Claim(claim_id="c", doc="d", sentence=evidence, span=(0, len(evidence)), type=type_, evidence=evidence)
    [coded] = with_codings([claim], PACK)
    return coded


@pytest.mark.parametrize(
    ("type_", "evidence", "acled", "cameo"),
    [
        ("strike", "ロシア軍は東部の町をミサイルで攻撃した", ("Explosions/Remote violence", "Shelling/artillery/missile attack"), "19"),
        ("strike", "ロシア軍は無人機で港を攻撃した", ("Explosions/Remote violence", "Air/drone strike"), "19"),
        ("air_defense", "防空部隊が無人機12機を撃墜した", ("Strategic developments", "Disrupted weapons use"), "19"),
        ("civilian_harm", "砲撃で住民3人が負傷した", ("Violence against civilians", "Attack"), "18"),
        ("territorial_control", "集落を制圧した", ("Battles", "Armed clash"), "19"),
        ("diplomacy", "両国の外相が会談した", None, "04"),
        ("agreement", "両国は捕虜の交換で合意した", ("Strategic developments", "Agreement"), "08"),
        ("agreement", "ロシアは停戦案を拒否した", None, "12"),
        ("agreement", "米国は30日間の停戦を提案した", None, "03"),
        ("agreement", "ウクライナは停戦案を受け入れた", ("Strategic developments", "Agreement"), "05"),
        ("aid_and_finance", "追加の軍事支援を表明した", None, "07"),
        ("force_strength", "部隊を国境に配備した", ("Strategic developments", "Change to group/activity"), "15"),
    ],
)
def test_claim_types_map_to_acled_and_cameo(type_: str, evidence: str, acled: tuple[str, str] | None, cameo: str) -> None:
    claim = _coded(type_, evidence)
    assert claim.acled == (AcledCoding(*acled) if acled else None)
    assert claim.cameo == cameo


def test_the_codings_are_written_with_the_record_and_read_back() -> None:
    claim = _coded("strike", "ロシア軍は無人機で港を攻撃した")
    record = claim.to_record()
    assert record["acled"] == {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
    assert record["cameo"] == "19"
    assert Claim.from_record(record) == claim
    talks = _coded("diplomacy", "両国の外相が会談した").to_record()
    assert "acled" not in talks and talks["cameo"] == "04"


def test_every_claim_type_has_a_cameo_code() -> None:
    types = [row["name"] for row in PACK.table("triggers")["type"]]
    coded = {row["name"]: row for row in PACK.table("crosswalks")["type"]}
    assert set(types) <= set(coded) and all(coded[t].get("cameo") for t in types)


def test_codes_outside_the_codebooks_are_refused(make_pack) -> None:
    crosswalk = '[[type]]\nname = "strike"\ncameo = "21"\nacled = { event_type = "Battles", sub_event_type = "Drone" }\n'
    folder = make_pack("bad_codes", {"crosswalks.toml": crosswalk})
    with pytest.raises(PackError) as caught:
        load_pack(str(folder))
    problems = "\n".join(caught.value.problems)
    assert "crosswalks.toml: type['strike'].cameo: '21' is not one of" in problems
    assert "crosswalks.toml: type['strike'].acled.sub_event_type: 'Drone' is not one of" in problems
