"""Series points: which claims count for a day, and how repeated and differing figures fold."""

from __future__ import annotations

from datetime import date

from hodo.models import Claim, DateRange, Entity, Quantity
from hodo.views.series import claimant_series, point_day, series_grid, series_rows

MOD = Entity("ru.mod", "Ministry of Defence (Russia)", "organization")


def _claim(cid: str, start: str | None, end: str | None, *values: float, stated: str = "2025-06-30",
           polarity: str = "affirmed", item: str = "drones") -> Claim:  # fmt: skip
    when = DateRange(date.fromisoformat(start), date.fromisoformat(end)) if start and end else None
    return Claim(
        claim_id=cid, doc="d", sentence="s", span=(0, 1), type="air_defense", claimant=MOD, when=when,
        stated=date.fromisoformat(stated), polarity=polarity,
        quantities=[Quantity(v, v, v, False, "機", item) for v in values],
    )  # fmt: skip


def test_the_day_of_a_point() -> None:
    assert point_day(_claim("a", "2025-06-03", "2025-06-04", 1)) == "2025-06-04"
    assert point_day(_claim("b", None, None, 1, stated="2025-06-07")) == "2025-06-07"
    assert point_day(_claim("c", "2025-06-01", "2025-06-07", 1)) is None, "a week's total is no daily figure"


def test_points_fold_repeats_and_keep_every_claim() -> None:
    claims = [
        _claim("a", "2025-06-03", "2025-06-04", 100),
        _claim("b", "2025-06-03", "2025-06-04", 100),  # another outlet, the same figure
        _claim("c", "2025-06-04", "2025-06-04", 120),  # an update the same day
        _claim("d", "2025-06-04", "2025-06-05", 90),
        _claim("e", "2025-06-01", "2025-06-07", 700),  # weekly: left out
        _claim("f", "2025-06-05", "2025-06-05", 5, polarity="denied"),  # a denial: left out
        _claim("g", "2025-06-05", "2025-06-05", 3, item="missiles"),
    ]
    [drones] = claimant_series("ru.mod", claims, "air_defense", "Drones")
    assert drones.claimant == {"query": "ru.mod", "id": "ru.mod", "name": "Ministry of Defence (Russia)"}
    assert [(p.day, p.value, p.claims) for p in drones.points] == [
        ("2025-06-04", 120, ["a", "b", "c"]),
        ("2025-06-05", 90, ["d"]),
    ]
    assert [f["value"] for f in drones.points[0].figures] == [100, 120]
    every = claimant_series("ru.mod", claims, "air_defense")
    assert [(s.item, len(s.points)) for s in every] == [("drones", 2), ("missiles", 1)]
    header, rows = series_grid(every)
    assert header == ["day", "Ministry of Defence (Russia): drones", "Ministry of Defence (Russia): missiles"]
    assert rows == [["2025-06-04", 120, None], ["2025-06-05", 90, 3]]
    assert series_rows(every)[0] == {
        "day": "2025-06-04", "claimant_id": "ru.mod", "claimant": "Ministry of Defence (Russia)",
        "type": "air_defense", "item": "drones", "unit": "機", "value": 120, "claims": "a b c",
    }  # fmt: skip


def test_a_claimant_with_no_claims_has_no_series() -> None:
    assert claimant_series("nobody", [], "air_defense") == []
