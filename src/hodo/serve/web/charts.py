"""A figure series as a chart's geometry: axes, ticks, and one mark a point, ready for an SVG template.

Charts are drawn on the server as SVG rather than by a vendored chart
library: each point is an ``<a>`` to the claims behind it, so it can be
followed with a mouse or the keyboard, read by a screen reader, tested as
markup, and shown with scripts off; the few lines of scale arithmetic here
cost less than a library's weight and its own styling to make follow the
page's themes. What the points are is ``hodo.views.series``'s.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from hodo.views.figures import number_text
from hodo.views.series import Series, SeriesPoint

WIDTH = 760
HEIGHT = 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
KINDS = ("line", "bar")
# Colours are the stylesheet's (series-0 … series-5), repeating after six series.
PALETTE_SIZE = 6


@dataclass
class Tick:
    at: float
    label: str


@dataclass
class Mark:
    x: float
    y: float
    # A bar's width and height; 0 for a line's points.
    width: float
    height: float
    day: str
    value: float | int
    label: str
    href: str


@dataclass
class SeriesMarks:
    label: str
    unit: str
    colour: int
    marks: list[Mark]
    # The line through the points (SVG path data); "" for bars.
    path: str = ""


@dataclass
class ChartFigure:
    kind: str
    width: int
    height: int
    plot: tuple[float, float, float, float]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    series: list[SeriesMarks] = field(default_factory=list)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least ``value`` (1 for nothing)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def count_series(label: str, unit: str, counts: Mapping[str, int]) -> Series:
    """How many of something each day (day -> count) as a series, named ``label``, to chart like figures."""
    points = [SeriesPoint(day, n, [], []) for day, n in sorted(counts.items())]
    return Series({"name": label}, "", None, unit, points)


def chart_figure(
    series: Sequence[Series], kind: str, link: Callable[[Series, SeriesPoint], str]
) -> ChartFigure | None:
    """The chart of ``series`` as ``kind`` (line or bar), each point linking where ``link`` says; None when empty."""
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not a chart kind")
    drawn = [s for s in series if s.points]
    if not drawn:
        return None
    days = sorted({date.fromisoformat(p.day) for s in drawn for p in s.points})
    every_day = _days(days[0], days[-1])
    top = nice_ceiling(max(float(p.value) for s in drawn for p in s.points))
    left, right, upper, lower = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    slot = (right - left) / len(every_day)

    def x_of(day: date) -> float:
        return left + slot * ((day - every_day[0]).days + 0.5)

    def y_of(value: float) -> float:
        return lower - (lower - upper) * float(value) / top

    y_ticks = [Tick(y_of(top * i / 4), number_text(top * i / 4)) for i in range(5)]
    # At most about eight day labels, evenly spaced.
    step = max(1, math.ceil(len(every_day) / 8))
    x_ticks = [Tick(x_of(d), d.isoformat()[5:] if d.year == every_day[-1].year else d.isoformat()) for d in every_day[::step]]
    figure = ChartFigure(kind, WIDTH, HEIGHT, (left, upper, right, lower), x_ticks, y_ticks)
    bar_width = slot * 0.8 / len(drawn)
    for index, s in enumerate(drawn):
        marks = []
        for point in s.points:
            day = date.fromisoformat(point.day)
            label = f"{s.label}, {point.day}: {number_text(point.value)} {s.item or s.unit}".rstrip()
            if kind == "bar":
                x = x_of(day) - slot * 0.4 + bar_width * index
                y = y_of(point.value)
                marks.append(Mark(x, y, bar_width, lower - y, point.day, point.value, label, link(s, point)))
            else:
                marks.append(Mark(x_of(day), y_of(point.value), 0, 0, point.day, point.value, label, link(s, point)))
        path = "" if kind == "bar" else "M" + "L".join(f"{m.x:.1f},{m.y:.1f}" for m in marks)
        figure.series.append(SeriesMarks(s.label, s.unit, index % PALETTE_SIZE, marks, path))
    return figure
