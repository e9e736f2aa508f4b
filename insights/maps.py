"""区县地图: a choropleth of one district-level indicator, drawn by plotly with no map tiles and no network.

With `data/registry/districts.geojson` (features keyed by district code: the feature's `id`, or its
`properties.code`) the districts are drawn with their boundaries; without one, as a tile map: one equal
square per district at the row and column `district_tiles.csv` gives it, so every city has a map on day
one. Both are the same figure: a `go.Choropleth` over a GeoJSON (for tiles, squares made here) on a
`geo` with nothing of its own drawn (visible=False, fitbounds="locations").

Offline: plotly.js fetches its world topojson from cdn.plot.ly whenever the *first* trace of a geo
subplot has a `locationmode` (a choropleth always has one, even with its own GeoJSON: plotly.js issue
6767); kaleido then fails ("Error 525 … fetching topojson") and a browser without network asks a CDN.
So the first trace is always the labels, a `Scattergeo` placed by lon/lat (no locationmode); the
choropleth comes after it. tests/test_maps.py renders a map in a network namespace without network.

Colours: a single-hue sequential blue scale (light to dark), readable in greyscale print and by
colour-blind readers; the colour bar names the unit; every tile carries the district's name and value
as text and its code as `customdata` (clicking a tile can set the district filter, as the ranking bars do).
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from insights import fmt
from insights.charts import _layout, label_in, shown_unit_title
from pipelines.registry import Registry

# ColorBrewer Blues without its near-white end, so the lowest district never looks like a blank.
SCALE = [[0.0, "#DEEBF7"], [0.25, "#9ECAE1"], [0.5, "#6BAED6"], [0.75, "#3182BD"], [1.0, "#08519C"]]
NO_DATA = "#F3F4F6"
BORDER = "#FFFFFF"
DARK_TEXT = "#1F2329"
LIGHT_TEXT = "#FFFFFF"
TILE = 1.0  # a tile's side in degrees, near the equator, where a degree is as wide as it is high
# More squares than this and a tile map says nothing: on a laptop screen a square is then narrower than the
# district's name and value written in it. A boundary file is drawn at any size (a province's real shape reads).
MAX_TILES = 200


class BoundaryError(ValueError):
    """The boundary file cannot be used; the message says why in Chinese."""


# --- geometry ------------------------------------------------------------------------------------------


def tile_layout(registry: Registry) -> dict[str, tuple[int, int]]:
    """(row, col) of every district: from district_tiles.csv; a district the file leaves out gets a
    square in a row of its own below the others, so nobody is missing from the map."""
    placed = {t.code: (t.row, t.col) for t in registry.tiles}
    extra_row = max((r for r, _ in placed.values()), default=-1) + 1
    col = 0
    for d in registry.districts:
        if d.code not in placed:
            placed[d.code] = (extra_row, col)
            col += 1
    return placed


def tile_geojson(registry: Registry) -> dict[str, Any]:
    """One square Polygon feature per district (id = district code), row 0 at the top; marked as
    tiles (a foreign member GeoJSON allows) so the map picks the projection that keeps them square."""
    features = []
    for code, (row, col) in tile_layout(registry).items():
        x0, y0 = col * TILE, -row * TILE
        ring = [[x0, y0], [x0 + TILE, y0], [x0 + TILE, y0 - TILE], [x0, y0 - TILE], [x0, y0]]  # clockwise, as d3-geo wants
        features.append({"type": "Feature", "id": code, "properties": {"code": code}, "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": features, "tiles": True}


def too_many_tiles(registry: Registry) -> str | None:
    """Why the city gets no map, in Chinese: without a boundary file, more districts than MAX_TILES
    squares; None when the map is drawn."""
    n = len(registry.districts)
    if registry.boundaries is not None or n <= MAX_TILES:
        return None
    return (f"共 {n} 个区县，超过 {MAX_TILES} 个时方块地图看不清，这里不画；各区县的数值请看本页的排名图，"
            "或在左侧选择区县查看。放入区县边界文件（data/registry/districts.geojson）后，将按真实边界画地图。")


def _is_tiles(geojson: dict[str, Any]) -> bool:
    return bool(geojson.get("tiles"))


def load_boundaries(path: Path) -> dict[str, Any]:
    """A GeoJSON FeatureCollection with every feature's `id` set to its district code."""
    return _load_boundaries(str(path), path.stat().st_mtime_ns)


@cache
def _load_boundaries(path: str, _mtime: int) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BoundaryError(f"区县边界文件 {path} 无法读取（{exc}）。请提供 UTF-8 编码的 GeoJSON 文件。") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise BoundaryError(f"区县边界文件 {path} 不是 GeoJSON FeatureCollection。")
    features = []
    for i, f in enumerate(data["features"]):
        props = f.get("properties") or {}
        code = f.get("id", props.get("code"))
        if code is None or (f.get("geometry") or {}).get("type") not in ("Polygon", "MultiPolygon"):
            raise BoundaryError(f"区县边界文件 {path} 的第 {i + 1} 个区域没有区县代码（id 或 properties.code）或不是多边形。")
        features.append({**f, "id": str(code), "geometry": _rewound(f["geometry"])})
    return {"type": "FeatureCollection", "features": features}


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def _rewound(geometry: dict[str, Any]) -> dict[str, Any]:
    """Outer rings clockwise and holes counter-clockwise, as plotly's d3-geo reads them. GeoJSON files
    (RFC 7946) wind the other way; d3-geo would then fill the whole globe except the district."""

    def polygon(rings: list[list[list[float]]]) -> list[list[list[float]]]:
        out = []
        for i, ring in enumerate(rings):
            clockwise = _signed_area(ring) < 0
            out.append(ring if clockwise == (i == 0) else ring[::-1])
        return out

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(geometry["coordinates"])}
    return {"type": "MultiPolygon", "coordinates": [polygon(p) for p in geometry["coordinates"]]}


def _ring_centre(ring: list[list[float]]) -> tuple[float, float, float]:
    """Centroid (lon, lat) and |area| of a closed ring (shoelace; plane coordinates are enough for a city)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-15:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return sum(xs) / len(xs), sum(ys) / len(ys), 0.0
    return cx / (3 * a), cy / (3 * a), abs(a) / 2


def label_points(geojson: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Where each district's name goes: the centroid of its largest polygon."""
    points = {}
    for f in geojson["features"]:
        geom = f["geometry"]
        polygons = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        best = max((_ring_centre(poly[0]) for poly in polygons), key=lambda c: c[2])
        points[str(f["id"])] = (best[0], best[1])
    return points


# --- the figure ----------------------------------------------------------------------------------------


def _text_colour(fill: str) -> str:
    """White on dark fills, dark on light ones (relative luminance)."""
    r, g, b = (int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5)) if fill.startswith("#") else _rgb(fill)

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return LIGHT_TEXT if 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) < 0.3 else DARK_TEXT


def _rgb(text: str) -> tuple[float, float, float]:
    parts = text[text.index("(") + 1: text.index(")")].split(",")
    r, g, b = (float(p) / 255 for p in parts[:3])
    return r, g, b


def district_map(
    frame: pd.DataFrame,
    registry: Registry,
    *,
    value_col: str,
    title: str,
    unit: str,
    source: str,
    code_col: str = "district",
    is_rate: bool = False,
    geojson: dict[str, Any] | None = None,
    height: int = 460,
) -> go.Figure:
    """The map of `value_col` per district: boundaries from `geojson`, else the registry's
    districts.geojson, else tiles. `frame` holds one row per district (code in `code_col`); a district
    without a row or a value is drawn grey with 无数据. Rates are shares 0..1 and shown in %."""
    if geojson is None and registry.boundaries is not None:
        geojson = load_boundaries(registry.boundaries)
    shapes = geojson if geojson is not None else tile_geojson(registry)
    # Tiles lie on the equator, where equirectangular keeps squares square and fills the frame best;
    # real boundaries (a city at 30°N) keep their shapes in mercator.
    projection = "mercator" if geojson is not None and not _is_tiles(geojson) else "equirectangular"
    names = {d.code: d.name for d in registry.districts}
    drawn = {str(f["id"]) for f in shapes["features"]}
    order = [d.code for d in registry.districts if d.code in drawn]
    missing = [names[d.code] for d in registry.districts if d.code not in drawn]

    values = {str(c): float(v) for c, v in zip(frame[code_col], frame[value_col], strict=True) if pd.notna(v)}
    have = [c for c in order if c in values and not math.isnan(values[c])]
    lacking = [c for c in order if c not in have]
    raw = [values[c] for c in have]

    if is_rate:
        shown = [v * 100 for v in raw]
        shown_unit, divisor, prefix = "%", 1.0, ""
        labels = {c: fmt.percent(values[c]) for c in have}
        hovers = {c: fmt.percent(values[c], 2) for c in have}
    else:
        divisor, prefix = fmt.axis_tick_format(max(raw, default=0.0))
        shown = [v / divisor for v in raw]
        shown_unit = f"{prefix}{unit}"
        labels = {c: label_in(values[c], divisor, prefix, unit) for c in have}
        decimals = 2 if unit == "元" else 0
        hovers = {c: f"{fmt.grouped(values[c], decimals)}{unit}" for c in have}
        title = shown_unit_title(title, unit, shown_unit)

    low, high = (min(shown), max(shown)) if shown else (0.0, 1.0)
    if high == low:
        high = low + 1.0
    # One call for every district: plotly checks the scale on each call, 3,000 calls took over a second.
    fills = dict(zip(have, sample_colorscale(SCALE, [(s - low) / (high - low) for s in shown]), strict=True))

    points = label_points(shapes)
    label_codes = [c for c in order if c in points]
    # The figure in one go from plain dicts: plotly validates (and copies) each trace once, where adding
    # traces and updating the layout step by step copied a province's boundaries several times.
    traces: list[dict[str, Any]] = [{
        # First: the labels, placed by lon/lat (see the module docstring: this keeps plotly.js off the network).
        "type": "scattergeo",
        "lon": [points[c][0] for c in label_codes],
        "lat": [points[c][1] for c in label_codes],
        "mode": "text",
        "text": [f"<b>{names[c]}</b><br>{labels.get(c, '无数据')}" for c in label_codes],
        "textfont": {"size": 13, "color": [_text_colour(fills[c]) if c in fills else DARK_TEXT for c in label_codes]},
        "customdata": label_codes,
        "hovertext": [f"{names[c]}：{hovers.get(c, '无数据')}" for c in label_codes],
        "hoverinfo": "text",
        "showlegend": False,
        "name": "",
    }]
    if lacking:
        traces.append({
            "type": "choropleth", "geojson": _only(shapes, lacking), "locations": lacking, "z": [0] * len(lacking),
            "featureidkey": "id", "colorscale": [[0, NO_DATA], [1, NO_DATA]], "showscale": False,
            "marker": {"line": {"color": "#9CA3AF", "width": 1}},
            "customdata": lacking, "hovertext": [f"{names[c]}：无数据" for c in lacking], "hoverinfo": "text", "name": "",
        })
    if have:
        traces.append({
            "type": "choropleth", "geojson": _only(shapes, have), "locations": have, "z": shown, "featureidkey": "id",
            "colorscale": SCALE, "zmin": low, "zmax": high,
            "marker": {"line": {"color": BORDER, "width": 2}},
            # Under the map, where it stays next to the tiles however wide the page is.
            "colorbar": {"title": {"text": shown_unit, "side": "right"}, "orientation": "h", "thickness": 12, "len": 0.5,
                         "x": 0.5, "xanchor": "center", "y": 0, "yanchor": "top", "tickformat": ",~f", "outlinewidth": 0},
            "customdata": have, "hovertext": [f"{names[c]}：{hovers[c]}" for c in have], "hoverinfo": "text", "name": "",
        })
    layout: dict[str, Any] = {"geo": {"visible": False, "fitbounds": "locations", "projection": {"type": projection}, "bgcolor": "white"}}
    if missing:
        layout["annotations"] = [{"text": "边界文件中没有：" + "、".join(missing), "showarrow": False, "x": 0, "xref": "paper",
                                  "xanchor": "left", "y": 0, "yref": "paper", "yanchor": "top", "yshift": -52,
                                  "font": {"size": 12, "color": "#6B7280"}}]
    fig = _layout(go.Figure(data=traces, layout=layout), title, source, height=height)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 84, "b": 64 if not missing else 84})
    return fig


def _only(shapes: dict[str, Any], codes: list[str]) -> dict[str, Any]:
    """The features of `codes` only: each choropleth carries the shapes it fills, not the whole map's."""
    wanted = set(codes)
    return {**shapes, "features": [f for f in shapes["features"] if str(f["id"]) in wanted]}


def method_text(registry: Registry) -> str:
    """How the map is drawn, in plain Chinese, for the ? beside it."""
    if registry.boundaries is not None:
        how = "按区县边界文件（data/registry/districts.geojson）绘制。"
    else:
        how = ("没有区县边界文件，每个区县画成一个同样大小的方块，方块的位置大致对应区县的方位"
               "（data/registry/district_tiles.csv 中的行、列；放入 districts.geojson 后改画真实边界）。")
    return how + "颜色越深数值越大，图下色条标明单位；灰色为本期没有数据。比率由各区县人数计算，不是各区县比率的平均。不联网，不使用在线底图。"


def tile_map(frame: pd.DataFrame, registry: Registry, **kwargs: Any) -> go.Figure:
    """`district_map` with tiles even when the city has a boundary file (e.g. for a compact slide)."""
    return district_map(frame, registry, geojson=tile_geojson(registry), **kwargs)
