"""Which disagreements make an event contested, and which do not."""

from __future__ import annotations

from datetime import date

from hodo.cluster.contest import discrepancies, interval
from hodo.models import Claim, DateRange, Entity, Outlet, Quantity

JUNE_1 = DateRange(date(2025, 6, 1), date(2025, 6, 1))


def who(name: str) -> Entity:
    return Entity(id=name.lower().replace(" ", "-"), name=name, kind="person")


def q(value: float, unit: str, item: str | None, *, approx: bool = False, at_least: bool = False) -> Quantity:
    return Quantity(value=value, min=value, max=None if at_least else value, approx=approx, unit=unit, item=item)


def claim(cid: str, claimant: Entity | None, *quantities: Quantity, type_: str = "equipment_losses",
          polarity: str = "affirmed", places: list[Entity] | None = None, when: DateRange | None = JUNE_1,
          outlet: str = "nhk") -> Claim:
    return Claim(claim_id=cid, doc="d.txt", sentence="…", span=(0, 1), type=type_, claimant=claimant,
                 outlet=Outlet(outlet, outlet.upper()), quantities=list(quantities), when=when,
                 places=places or [], polarity=polarity)


def test_figures_that_cannot_both_be_true_are_a_discrepancy() -> None:
    found = discrepancies([
        claim("a", who("Volodymyr Zelenskyy"), q(41, "機", "aircraft")),
        claim("b", who("US officials"), q(20, "機", "aircraft", approx=True)),
    ])
    assert len(found) == 1
    assert (found[0].about, found[0].unit) == ("aircraft", "機")
    assert {(v["claimant"], v["value"]) for v in found[0].values} == {("Volodymyr Zelenskyy", 41), ("US officials", 20)}


def test_opposite_polarity_between_claimants_is_a_discrepancy() -> None:
    found = discrepancies([
        claim("a", who("Russian MoD"), type_="territorial_control"),
        claim("b", who("Ukrainian General Staff"), type_="territorial_control", polarity="denied"),
    ])
    assert [d.about for d in found] == ["territorial_control"]
    assert {v["value"] for v in found[0].values} == {"affirmed", "denied"}


def test_overlapping_approximations_agree() -> None:
    assert not discrepancies([
        claim("a", who("A"), q(20, "機", "aircraft", approx=True)),
        claim("b", who("B"), q(20, "機", "aircraft")),
    ])
    assert not discrepancies([
        claim("a", who("A"), q(1470, "人", "soldiers", at_least=True), type_="personnel_losses"),
        claim("b", who("B"), q(1500, "人", "soldiers"), type_="personnel_losses"),
    ])


def test_one_agency_repeated_by_many_outlets_is_one_source() -> None:
    mod = who("Russian MoD")
    claims = [claim(f"c{i}", mod, q(343, "機", "drones"), type_="air_defense", outlet=o)
              for i, o in enumerate(["tass", "sputnik", "nhk"])]
    assert not discrepancies(claims)
    # Against one other claimant it is still one voice, listed once.
    found = discrepancies([*claims, claim("x", who("Kyiv"), q(100, "機", "drones"), type_="air_defense")])
    assert [v["claimant"] for v in found[0].values].count("Russian MoD") == 1


def test_a_sub_count_does_not_contest_the_total() -> None:
    assert not discrepancies([
        claim("a", who("A"), q(18, "人", "injured"), q(4, "人", "injured"), type_="civilian_harm"),
        claim("b", who("B"), q(18, "人", "injured"), type_="civilian_harm"),
    ])


def test_figures_about_different_things_are_not_compared() -> None:
    assert not discrepancies([
        claim("a", who("A"), q(126, "機", "drones"), type_="strike"),
        claim("b", who("B"), q(79, "機", "drones"), type_="air_defense"),
        claim("c", who("C"), q(5, "人", "killed"), type_="civilian_harm"),
        claim("d", who("D"), q(6, "人", "injured"), type_="civilian_harm"),
    ])


def test_figures_for_different_places_or_days_are_not_compared() -> None:
    kharkiv = Entity("ua.kharkiv", "Kharkiv", "place")
    sumy = Entity("ua.sumy", "Sumy", "place")
    assert not discrepancies([
        claim("a", who("A"), q(1, "人", "injured"), type_="civilian_harm", places=[kharkiv]),
        claim("b", who("B"), q(3, "人", "injured"), type_="civilian_harm", places=[sumy]),
    ])
    assert not discrepancies([
        claim("a", who("A"), q(343, "機", "drones"), type_="air_defense"),
        claim("b", who("B"), q(100, "機", "drones"), type_="air_defense",
              when=DateRange(date(2025, 6, 9), date(2025, 6, 9))),
    ])


def test_one_claimants_own_figures_and_unnamed_narration_never_contest() -> None:
    assert not discrepancies([
        claim("a", who("A"), q(41, "機", "aircraft")),
        claim("b", who("A"), q(20, "機", "aircraft")),
        claim("c", None, q(5, "機", "aircraft")),
        claim("d", None, q(5, "機", "aircraft"), polarity="denied"),
    ])


def test_interval_reads_the_wording() -> None:
    assert interval(q(20, "機", None)) == (20, 20)
    assert interval(q(1470, "人", None, at_least=True))[1] == float("inf")
    low, high = interval(q(20, "機", None, approx=True))
    assert low < 20 < high


def test_figures_about_different_sides_do_not_clash() -> None:
    from dataclasses import replace

    russia = Entity(id="ru", name="Russia", kind="country", side="ru")
    ukraine = Entity(id="ua", name="Ukraine", kind="country", side="ua")
    returned_to_russia = replace(claim("a", who("Russian MoD"), q(150, "人", "soldiers"), type_="agreement"),
                                 target=russia)
    returned_to_ukraine = replace(claim("b", who("Ukrainian government"), q(140, "人", "soldiers"),
                                        type_="agreement"), target=ukraine)
    assert not discrepancies([returned_to_russia, returned_to_ukraine])
    assert discrepancies([returned_to_russia, replace(returned_to_ukraine, target=russia)])


def test_one_figure_named_two_ways_agrees() -> None:
    assert not discrepancies([
        claim("a", who("A"), q(140, "人", "people")),
        claim("b", who("B"), q(95, "人", "people"), q(140, "人", "soldiers")),
    ])


def test_a_town_and_its_oblast_are_one_place_for_figures() -> None:
    oblast = Entity(id="ua.donetsk_oblast", name="Donetsk Oblast", kind="place")
    town = Entity(id="ua.makiivka", name="Makiivka", kind="place")
    found = discrepancies([
        claim("a", who("A"), q(60, "人", "soldiers"), type_="personnel_losses", places=[oblast, town]),
        claim("b", who("B"), q(400, "人", "soldiers"), type_="personnel_losses", places=[town]),
    ])
    assert found
    assert not discrepancies([
        claim("a", who("A"), q(60, "人", "soldiers"), type_="personnel_losses", places=[town]),
        claim("b", who("B"), q(400, "人", "soldiers"), type_="personnel_losses"),
    ])


def test_tallies_of_different_periods_do_not_clash() -> None:
    july = DateRange(date(2025, 7, 1), date(2025, 7, 31))
    since_2022 = DateRange(date(2022, 2, 24), date(2025, 8, 1))
    assert not discrepancies([
        claim("a", who("A"), q(36000, "人", "soldiers"), type_="personnel_losses", when=july),
        claim("b", who("B"), q(1080000, "人", "soldiers"), type_="personnel_losses", when=since_2022),
    ])
