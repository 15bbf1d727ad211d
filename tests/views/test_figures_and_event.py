"""Figures in words, and one event side by side with its disagreement in one line."""

from __future__ import annotations

from datetime import date

from hodo.cluster import cluster_claims
from hodo.models import Claim, DateRange, Entity, Outlet, Quantity
from hodo.views.event import event_side_by_side
from hodo.views.figures import figure_text, number_text

JUNE_1 = DateRange(date(2025, 6, 1), date(2025, 6, 1))


def test_figures_in_words() -> None:
    assert figure_text(Quantity(1470, 1470, None, False, "人", "soldiers")) == "at least 1,470 soldiers"
    assert figure_text(Quantity(20, None, None, True, "機", "aircraft")) == "about 20 aircraft"
    assert figure_text(Quantity(5, None, 5, False, "発", "missiles")) == "up to 5 missiles"
    assert figure_text(Quantity(2.5, 2.5, 2.5, False, "時間", None)) == "2.5 時間"
    assert number_text(86000000000) == "86,000,000,000"


def _claim(cid: str, who: Entity | None, value: float | None, *, approx: bool = False, polarity: str = "affirmed") -> Claim:
    # Sentences written for this test.
    return Claim(
        claim_id=cid, doc="d.txt", sentence=f"{cid}: 作戦で航空機に損害", span=(0, 10), type="equipment_losses",
        claimant=who, outlet=Outlet("nhk", "NHK"), when=JUNE_1, polarity=polarity,
        quantities=[Quantity(value, value, value, approx, "機", "aircraft")] if value is not None else [],
    )  # fmt: skip


KYIV = Entity("ua.zelensky", "Volodymyr Zelenskyy", "person")
US = Entity(None, "US officials", "organization")
MOSCOW = Entity("ru.mod", "Ministry of Defence (Russia)", "organization")


def test_an_event_side_by_side_states_its_disagreement_in_one_line() -> None:
    claims = [
        _claim("a", KYIV, 41),
        _claim("b", US, 20, approx=True),
        _claim("c", MOSCOW, None, polarity="denied"),
        _claim("d", None, 41),
    ]
    [event] = cluster_claims(claims)
    view = event_side_by_side(event.to_record(), claims)
    assert view.summary == (
        "Volodymyr Zelenskyy: 41 aircraft; US officials: about 20 aircraft;"
        " Ministry of Defence (Russia): denies the equipment losses"
    )
    assert [g.name for g in view.claimants] == ["Volodymyr Zelenskyy", "US officials", "Ministry of Defence (Russia)", ""]
    assert view.claimants[-1].claimant is None, "unattributed claims come last"
    [column] = view.columns
    assert column.label == "aircraft (機)"
    cells = {g.name: [f for row in g.claims for f in row.figures.get(column.key, [])] for g in view.claimants}
    assert [(f.text, f.clash) for f in cells["Volodymyr Zelenskyy"]] == [("41 aircraft", True)]
    assert [(f.text, f.clash) for f in cells["US officials"]] == [("about 20 aircraft", True)]
    assert [(f.text, f.clash) for f in cells[""]] == [("41 aircraft", False)]
    assert view.claimants[2].claims[0].disputed_denial
    lines = {d.about: d.line for d in view.discrepancies}
    assert lines["aircraft"] == "Volodymyr Zelenskyy: 41 aircraft; US officials: about 20 aircraft"


def test_an_agreed_event_has_no_summary() -> None:
    claims = [_claim("a", KYIV, 20), _claim("b", US, 20, approx=True)]
    [event] = cluster_claims(claims)
    view = event_side_by_side(event.to_record(), claims)
    assert not event.contested and view.summary == "" and view.discrepancies == []
    assert [g.outlets for g in view.claimants] == [["NHK"], ["NHK"]]
