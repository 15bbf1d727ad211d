"""The map's and the charts' geometry: the packaged atlas decoded, views fitted and clipped, series scaled."""

from __future__ import annotations

import pytest

from hodo.serve.web.charts import chart_figure, count_series, nice_ceiling
from hodo.serve.web.geo import (
    HEIGHT,
    MIN_SPAN,
    WIDTH,
    Extent,
    _clip,
    countries,
    map_figure,
    project,
    view_extent,
)
from hodo.views.places import PlacePoint
from hodo.views.series import Series, SeriesPoint


def _place(name: str, lat: float, lon: float) -> PlacePoint:
    return PlacePoint(name, name, name, lat, lon)


def test_the_packaged_atlas_holds_every_country() -> None:
    found = {c.name: c for c in countries()}
    assert len(found) > 200
    [(west, south, east, north), _] = max(found["Ukraine"].rings, key=lambda ring: len(ring[1]))
    assert 22 < west < 23 and 40 < east < 41 and 44 < south < 46 and 52 < north < 53


def test_a_view_fits_its_places_with_room_and_the_map_s_proportions() -> None:
    extent = view_extent([_place("Kyiv", 50.45, 30.52)])
    assert extent.west < 30.52 < extent.east and extent.south < 50.45 < extent.north
    assert extent.east - extent.west >= MIN_SPAN
    spread = view_extent([_place("Lviv", 49.84, 24.03), _place("Kharkiv", 49.99, 36.23)])
    ratio = (spread.east - spread.west) * spread.x_scale / (spread.north - spread.south)
    assert ratio == pytest.approx(WIDTH / HEIGHT)
    assert view_extent([]) is None


def test_clipping_keeps_the_part_inside() -> None:
    square = [(-50.0, -50.0), (50.0, -50.0), (50.0, 50.0), (-50.0, 50.0)]
    clipped = _clip(square, 0.0, 100.0, 100.0)
    assert {(round(x), round(y)) for x, y in clipped} == {(0, 0), (50, 0), (50, 50), (0, 50)}
    assert _clip([(200.0, 200.0), (300.0, 200.0), (300.0, 300.0)], 0.0, 100.0, 100.0) == []


def test_the_map_draws_the_countries_in_view_and_a_point_a_place() -> None:
    places = [_place("Kyiv", 50.45, 30.52), _place("Belgorod", 50.6, 36.6)]
    figure = map_figure(places)
    names = {name for name, _ in figure.countries}
    assert {"Ukraine", "Russia", "Belarus"} <= names and "Japan" not in names
    for point in figure.points:
        assert 0 < point.x < WIDTH and 0 < point.y < HEIGHT
    kyiv = next(p for p in figure.points if p.place.name == "Kyiv")
    assert (kyiv.x, kyiv.y) == project(figure.extent, 30.52, 50.45)
    assert map_figure([]) is None


def test_projection_puts_north_up_and_east_right() -> None:
    extent = Extent(20.0, 40.0, 40.0, 50.0)
    assert project(extent, 20.0, 50.0) == (0.0, 0.0)
    assert project(extent, 40.0, 40.0) == (WIDTH, HEIGHT)


def test_nice_ceilings() -> None:
    assert [nice_ceiling(v) for v in (0, 1, 7, 12, 48, 52, 130, 2400)] == [1, 1, 10, 20, 50, 100, 200, 2500]


def _series(points: list[tuple[str, int]], claims: int = 1) -> Series:
    return Series({"id": "ru.mod", "name": "MOD"}, "air_defense", "drones", "機",
                  [SeriesPoint(day, value, [], [f"{day}-{i}" for i in range(claims)]) for day, value in points])  # fmt: skip


def test_a_line_chart_puts_each_day_in_its_place_and_links_each_point() -> None:
    chart = chart_figure([_series([("2025-07-18", 35), ("2025-07-20", 48)])], "line", lambda s, p: f"/c/{p.day}")
    [line] = chart.series
    first, last = line.marks
    left, top, right, bottom = chart.plot
    assert left < first.x < last.x < right
    assert (last.x - first.x) == pytest.approx((right - left) / 3 * 2), "three days wide: the missing day keeps its slot"
    assert bottom > first.y > last.y > top, "48 stands higher than 35"
    assert chart.y_ticks[-1].label == "50" and chart.y_ticks[0].label == "0"
    assert [m.href for m in line.marks] == ["/c/2025-07-18", "/c/2025-07-20"]
    assert line.path.startswith("M") and "L" in line.path
    assert first.label == "MOD: drones, 2025-07-18: 35 drones"


def test_bars_of_two_series_stand_side_by_side() -> None:
    chart = chart_figure(
        [_series([("2025-07-18", 35)]), _series([("2025-07-18", 20)])], "bar", lambda s, p: "/"
    )
    a, b = (s.marks[0] for s in chart.series)
    assert a.x + a.width == pytest.approx(b.x)
    assert a.y + a.height == pytest.approx(b.y + b.height) == chart.plot[3], "both stand on the axis"
    assert a.height > b.height
    assert [s.colour for s in chart.series] == [0, 1]


def test_counts_chart_like_figures_and_nothing_charts_as_nothing() -> None:
    counts = count_series("claimant", "claims", {"2025-07-19": 2, "2025-07-18": 1})
    assert [(p.day, p.value) for p in counts.points] == [("2025-07-18", 1), ("2025-07-19", 2)]
    assert chart_figure([counts], "bar", lambda s, p: "/").series[0].label == "claimant"
    assert chart_figure([_series([])], "line", lambda s, p: "/") is None
    with pytest.raises(ValueError):
        chart_figure([counts], "pie", lambda s, p: "/")
