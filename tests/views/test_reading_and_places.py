"""A document as running text, figures found in their sentence, an event's timeline and sides, places as points."""

from __future__ import annotations

from datetime import date

from hodo.cluster import cluster_claims
from hodo.models import Claim, DateRange, Entity, Outlet, Quantity
from hodo.views.document import document_reading
from hodo.views.event import event_side_by_side, statement_timeline
from hodo.views.figures import figure_marks
from hodo.views.places import event_places


def test_a_document_reads_as_passages_that_join_to_its_text(make_document, make_claim) -> None:
    # Sentences written for this test.
    doc = make_document("d.txt", "防空部隊は無人機30機を撃墜した。\n\n天気は晴れ。\n兵士10人が負傷した。")
    claims = [
        make_claim(doc, 0, "air_defense").to_record(),
        make_claim(doc, 2, "civilian_harm").to_record(),
        make_claim(doc, 2, "personnel_losses").to_record(),
    ]
    [report] = document_reading(doc, claims)
    assert "".join(p.text for p in report.passages) == doc.text, "joined, the passages are the text"
    shown = [(p.text, p.claims, p.types) for p in report.passages if p.sentence is not None]
    assert shown == [
        ("防空部隊は無人機30機を撃墜した。", ["d.txt#0-air_defense"], ["air_defense"]),
        ("天気は晴れ。", [], []),
        ("兵士10人が負傷した。", ["d.txt#2-civilian_harm", "d.txt#2-personnel_losses"], ["civilian_harm", "personnel_losses"]),
    ]
    assert [p.text for p in report.passages if p.sentence is None] == ["\n\n", "\n"], "line breaks kept between sentences"


def test_figures_are_found_as_written() -> None:
    sentence = "過去24時間に1,250人以上が死亡し、戦車12両と2両が破壊された。"
    pieces = figure_marks(sentence, [{"value": 1250, "unit": "人"}, {"value": 2, "unit": "両"}, {"value": 3, "unit": "発"}])
    assert "".join(text for text, _ in pieces) == sentence
    assert [text for text, marked in pieces if marked] == ["1,250人", "2両"], "2 is not found inside 12; 3 is not there"
    assert figure_marks("", []) == [("", False)]


def _claim(cid: str, who: Entity, value: float | None, stated: date, polarity: str = "affirmed") -> Claim:
    # Sentences written for this test.
    return Claim(
        claim_id=cid, doc="d.txt", sentence=f"{cid}: 製油所で燃料タンクが損傷", span=(0, 10), type="equipment_losses",
        claimant=who, outlet=Outlet("nhk", "NHK"), when=DateRange(date(2025, 7, 1), date(2025, 7, 1)),
        stated=stated, polarity=polarity,
        quantities=[Quantity(value, value, value, False, "基", "tanks")] if value is not None else [],
    )  # fmt: skip


def test_an_event_s_statements_in_order_and_each_side_in_words() -> None:
    kyiv = Entity("ua.general_staff", "General Staff", "organization")
    governor = Entity(None, "Governor", "person")
    moscow = Entity("ru.mod", "Ministry of Defence (Russia)", "organization")
    claims = [
        _claim("late", governor, 2, date(2025, 7, 3)),
        _claim("early", kyiv, 12, date(2025, 7, 1)),
        _claim("denial", moscow, None, date(2025, 7, 2), polarity="denied"),
    ]
    [event] = cluster_claims(claims)
    view = event_side_by_side(event.to_record(), claims)
    assert [(s.day, s.claim_id) for s in statement_timeline(view)] == [
        ("2025-07-01", "early"), ("2025-07-02", "denial"), ("2025-07-03", "late"),
    ]  # fmt: skip
    assert statement_timeline(view)[0].figures == ["12 tanks"]
    tanks = next(d for d in view.discrepancies if d.about == "tanks")
    assert {(s.claimant, s.text) for s in tanks.sides} == {("General Staff", "12 tanks"), ("Governor", "2 tanks")}
    assert all(s.claim_id in {"early", "late"} for s in tanks.sides)


def _event(eid: str, places: list[dict], contested: bool = False) -> dict:
    return {"event_id": eid, "type": "strike", "title": eid, "when": None, "places": places, "contested": contested}


def test_places_become_points_with_their_events() -> None:
    kyiv = {"id": "ua.kyiv", "name": "Kyiv", "text": "キーウ", "lat": 50.45, "lon": 30.52}
    kiev = {**kyiv, "text": "キエフ"}
    sea = {"id": None, "name": "黒海", "text": "黒海", "lat": 43.4, "lon": 34.3}
    nowhere = {"id": "ru", "name": "Russia", "text": "ロシア"}
    found = event_places([
        _event("a", [kyiv, kiev, nowhere]), _event("b", [kiev], contested=True), _event("c", [sea, nowhere]),
    ])  # fmt: skip
    assert [(p.key, [e.event_id for e in p.events]) for p in found.points] == [("ua.kyiv", ["a", "b"]), ("~黒海", ["c"])]
    assert found.points[0].contested == 1
    assert found.unplaced == {"Russia": 2}
