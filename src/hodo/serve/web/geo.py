"""The map's geometry: country outlines from a packaged Natural Earth atlas, and places, projected to SVG.

The outlines are world-atlas's ``countries-50m.json`` (Natural Earth's 1:50m
admin-0 countries as TopoJSON, vendored from npm with its licence under
``geodata/``), read once and kept. The map is drawn on the server as SVG: no
tile server, no request leaves the machine, and the page needs no script.

Why our own code: decoding TopoJSON is a few lines (quantized, delta-coded
arcs stitched into rings), and the Python packages that read it pull in GEOS
(shapely) for what is here a clip to a rectangle. The projection is
equirectangular, its x scaled by the cosine of the view's middle latitude,
which keeps shapes true enough at the scale of one country or region.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from hodo.views.places import PlacePoint

WIDTH = 800
HEIGHT = 500
# Degrees: the least a view spans, so one place is shown among its neighbours.
MIN_SPAN = 8.0
# Pixels beyond the view that clipping keeps, so no clipped edge shows at the border.
_CLIP_MARGIN = 12.0
# Pixels: points closer than this to the last one kept are dropped.
_TOLERANCE = 0.6

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Country:
    name: str
    # Each ring (outer boundaries and holes alike) with its bounding box (west, south, east, north).
    rings: tuple[tuple[tuple[float, float, float, float], tuple[tuple[float, float], ...]], ...]


@dataclass(frozen=True)
class Extent:
    west: float
    south: float
    east: float
    north: float

    @property
    def x_scale(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))


@dataclass
class MapPoint:
    x: float
    y: float
    r: float
    place: PlacePoint


@dataclass
class MapFigure:
    width: int
    height: int
    extent: Extent
    # One SVG path a country that shows in the view: (name, path data).
    countries: list[tuple[str, str]]
    points: list[MapPoint]


def _decode_arcs(topology: dict) -> list[Ring]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            ring.append((x * sx + tx, y * sy + ty))
        arcs.append(ring)
    return arcs


def _stitch(arcs: list[Ring], indexes: Sequence[int]) -> tuple[tuple[float, float], ...]:
    """One ring from arc indexes; ``~i`` is arc ``i`` reversed; each arc repeats the last point of the one before."""
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return tuple(points)


def _bbox(ring: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


@cache
def countries() -> tuple[Country, ...]:
    """Every country of the packaged atlas, its rings in longitude and latitude."""
    source = files("hodo.serve.web") / "geodata" / "countries-50m.json"
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry["type"], []
        )
        rings = tuple((_bbox(ring), ring) for polygon in polygons for ring in (_stitch(arcs, r) for r in polygon) if ring)
        found.append(Country((geometry.get("properties") or {}).get("name", ""), rings))
    return tuple(found)


def view_extent(points: Sequence[PlacePoint]) -> Extent | None:
    """The smallest view around ``points`` with a margin, at least ``MIN_SPAN`` wide, in the map's proportions."""
    if not points:
        return None
    west, east = min(p.lon for p in points), max(p.lon for p in points)
    south, north = min(p.lat for p in points), max(p.lat for p in points)
    lat_mid, lon_mid = (south + north) / 2, (west + east) / 2
    lat_span = max((north - south) * 1.3, MIN_SPAN * HEIGHT / WIDTH)
    x_scale = math.cos(math.radians(lat_mid))
    lon_span = max((east - west) * 1.3, MIN_SPAN)
    # Widen whichever side is short of the map's proportions (in projected units).
    if lon_span * x_scale / lat_span < WIDTH / HEIGHT:
        lon_span = lat_span * WIDTH / HEIGHT / x_scale
    else:
        lat_span = lon_span * x_scale * HEIGHT / WIDTH
    lat_span = min(lat_span, 170.0)
    return Extent(lon_mid - lon_span / 2, max(lat_mid - lat_span / 2, -85.0), lon_mid + lon_span / 2, min(lat_mid + lat_span / 2, 85.0))


def project(extent: Extent, lon: float, lat: float) -> tuple[float, float]:
    x = (lon - extent.west) / (extent.east - extent.west) * WIDTH
    y = (extent.north - lat) / (extent.north - extent.south) * HEIGHT
    return x, y


def _clip(ring: Ring, low: float, high_x: float, high_y: float) -> Ring:
    """Sutherland–Hodgman: the part of a closed ring inside the rectangle (low, low)–(high_x, high_y)."""
    edges = (
        (lambda p: p[0] >= low, lambda a, b: _cross_x(a, b, low)),
        (lambda p: p[0] <= high_x, lambda a, b: _cross_x(a, b, high_x)),
        (lambda p: p[1] >= low, lambda a, b: _cross_y(a, b, low)),
        (lambda p: p[1] <= high_y, lambda a, b: _cross_y(a, b, high_y)),
    )
    points = ring
    for inside, cross in edges:
        if not points:
            break
        kept: Ring = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    kept.append(cross(previous, point))
                kept.append(point)
            elif inside(previous):
                kept.append(cross(previous, point))
            previous = point
        points = kept
    return points


def _cross_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _cross_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def _path(rings: list[Ring]) -> str:
    parts = []
    for ring in rings:
        kept: Ring = []
        for point in ring:
            if not kept or abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= _TOLERANCE:
                kept.append(point)
        if len(kept) >= 3:
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z")
    return "".join(parts)


def map_figure(points: Sequence[PlacePoint]) -> MapFigure | None:
    """The map of ``points``: the outlines of the countries in view, clipped to it, and a circle a place."""
    extent = view_extent(points)
    if extent is None:
        return None
    margin_lon = _CLIP_MARGIN / WIDTH * (extent.east - extent.west)
    margin_lat = _CLIP_MARGIN / HEIGHT * (extent.north - extent.south)
    shapes = []
    for country in countries():
        rings = []
        for (west, south, east, north), ring in country.rings:
            if east < extent.west - margin_lon or west > extent.east + margin_lon:
                continue
            if north < extent.south - margin_lat or south > extent.north + margin_lat:
                continue
            projected = [project(extent, lon, lat) for lon, lat in ring]
            clipped = _clip(projected, -_CLIP_MARGIN, WIDTH + _CLIP_MARGIN, HEIGHT + _CLIP_MARGIN)
            if clipped:
                rings.append(clipped)
        path = _path(rings)
        if path:
            shapes.append((country.name, path))
    # The busiest places are drawn last, on top of the others.
    circles = [
        MapPoint(*project(extent, p.lon, p.lat), r=4.0 + 2.0 * math.sqrt(len(p.events)), place=p)
        for p in sorted(points, key=lambda p: len(p.events))
    ]
    return MapFigure(WIDTH, HEIGHT, extent, shapes, circles)
