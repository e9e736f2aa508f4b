"""区县地图: the tile map from district_tiles.csv, a choropleth from a boundary file, and both drawn
without network (plotly.js would otherwise fetch a world topojson from its CDN)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from insights import maps
from pipelines.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "data" / "registry"


def _frame(registry, skip: tuple[str, ...] = ()) -> pd.DataFrame:
    rows = [{"district": d.code, "members": 100_000 + 1_000 * i} for i, d in enumerate(registry.districts) if d.code not in skip]
    return pd.DataFrame(rows)


def _choropleths(fig):
    return [t for t in fig.data if t.type == "choropleth"]


def test_the_tile_map_has_one_named_square_per_district(registry):
    fig = maps.district_map(_frame(registry, skip=("jingkai",)), registry, value_col="members",
                            title="各区县会员人数 2026年第三季度（人）", unit="人", source="数据来源：测试")
    tiles = _choropleths(fig)
    located = [c for t in tiles for c in t.locations]
    assert sorted(located) == sorted(d.code for d in registry.districts)
    for t in tiles:
        assert list(t.customdata) == list(t.locations)  # clicking a tile gives its district code
    labels = fig.data[0]
    assert labels.type == "scattergeo"
    for d in registry.districts:
        i = list(labels.customdata).index(d.code)
        assert labels.text[i].startswith(f"<b>{d.name}</b>")
    assert "无数据" in labels.text[list(labels.customdata).index("jingkai")]
    assert "10.0万人" in labels.text[list(labels.customdata).index(registry.districts[0].code)]
    coloured = tiles[-1]
    assert coloured.colorbar.title.text == "万人"  # the legend names the unit as shown
    assert fig.layout.title.text.endswith("（万人）")
    assert fig.layout.title.subtitle.text == "数据来源：测试"

    # the squares are where district_tiles.csv puts them, all the same size
    with open(REGISTRY / "district_tiles.csv", encoding="utf-8") as fh:
        placed = {r["code"]: (int(r["row"]), int(r["col"])) for r in csv.DictReader(fh)}
    shapes = {f["id"]: f["geometry"]["coordinates"][0] for t in tiles for f in t.geojson["features"]}
    for code, (row, col) in placed.items():
        xs = sorted({p[0] for p in shapes[code]})
        ys = sorted({p[1] for p in shapes[code]})
        assert xs == [col, col + 1] and ys == [-row - 1, -row]


def test_each_layer_carries_only_the_shapes_it_fills(registry):
    # a province's boundaries are megabytes: the grey layer and the coloured one must not each hold all of them
    fig = maps.district_map(_frame(registry, skip=("jingkai", "xishan")), registry, value_col="members", title="t", unit="人", source="s")
    grey, coloured = _choropleths(fig)
    for layer in (grey, coloured):
        assert sorted(f["id"] for f in layer.geojson["features"]) == sorted(layer.locations)
    assert sorted(grey.locations) == ["jingkai", "xishan"]


def test_a_tile_map_of_hundreds_of_districts_is_a_sentence_instead(registry, tmp_path):
    import dataclasses

    assert maps.too_many_tiles(registry) is None  # a city is drawn
    many = dataclasses.replace(registry, districts=tuple(
        dataclasses.replace(registry.districts[0], code=f"d{i:04d}", name=f"第{i + 1}县") for i in range(maps.MAX_TILES + 1)))
    assert maps.too_many_tiles(dataclasses.replace(many, districts=many.districts[:maps.MAX_TILES])) is None
    sentence = maps.too_many_tiles(many)
    assert sentence and sentence.startswith(f"共 {maps.MAX_TILES + 1} 个区县") and "排名" in sentence and "districts.geojson" in sentence
    # with real boundaries a province is drawn whatever its size
    bounded = dataclasses.replace(many, boundaries=tmp_path / "districts.geojson")
    assert maps.too_many_tiles(bounded) is None


def test_a_district_without_a_tile_still_gets_one(registry):
    import dataclasses

    fewer = dataclasses.replace(registry, tiles=registry.tiles[:-1])
    layout = maps.tile_layout(fewer)
    assert len(layout) == len(registry.districts)
    left_out = registry.tiles[-1].code
    assert layout[left_out][0] == max(t.row for t in registry.tiles) + 1


def test_the_map_never_makes_plotly_fetch_a_world_map(registry):
    fig = maps.district_map(_frame(registry), registry, value_col="members", title="t", unit="人", source="s")
    first = fig.data[0]
    # plotly.js asks cdn.plot.ly for a topojson when the first geo trace has a locationmode
    assert first.type == "scattergeo" and first.locations is None and first.locationmode is None
    assert fig.layout.geo.visible is False and fig.layout.geo.fitbounds == "locations"
    assert "mapbox" not in fig.to_plotly_json()["layout"] and "map" not in fig.to_plotly_json()["layout"]


def _square(x: float, y: float, ccw: bool) -> list[list[float]]:
    ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]  # counter-clockwise (RFC 7946)
    return ring if ccw else ring[::-1]


def _registry_with_boundaries(tmp_path: Path):
    folder = tmp_path / "registry"
    shutil.copytree(REGISTRY, folder)
    features = [
        {"type": "Feature", "id": "chengzhong", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [_square(113.0, 30.0, True)]}},
        {"type": "Feature", "properties": {"code": "donghu"}, "geometry": {"type": "Polygon", "coordinates": [_square(113.1, 30.0, False)]}},
        {"type": "Feature", "id": "xishan", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [
            [_square(112.9, 30.0, True)], [_square(112.85, 30.2, True)]]}},
    ]
    (folder / "districts.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return load_registry(folder)


def test_a_choropleth_from_the_registry_boundary_file(tmp_path):
    registry = _registry_with_boundaries(tmp_path)
    assert registry.boundaries is not None
    frame = pd.DataFrame({"district": ["chengzhong", "donghu", "xishan"], "rate": [0.92, 0.95, float("nan")]})
    fig = maps.district_map(frame, registry, value_col="rate", title="入会率", unit="%", source="s", is_rate=True)
    tiles = _choropleths(fig)
    assert sorted(c for t in tiles for c in t.locations) == ["chengzhong", "donghu", "xishan"]
    coloured = tiles[-1]
    assert list(coloured.locations) == ["chengzhong", "donghu"] and list(coloured.z) == pytest.approx([92.0, 95.0])
    assert coloured.colorbar.title.text == "%"
    assert fig.layout.geo.projection.type == "mercator"
    # every ring comes out clockwise (d3-geo's winding), whichever way the file wound it
    for f in coloured.geojson["features"]:
        polygons = [f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon" else f["geometry"]["coordinates"]
        for poly in polygons:
            ring = poly[0]
            area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))
            assert area < 0
    labels = fig.data[0]
    i = list(labels.customdata).index("xishan")
    assert (labels.lon[i], labels.lat[i]) == pytest.approx((112.95, 30.05))  # the larger of its two parts
    assert "无数据" in labels.text[i]
    note = fig.layout.annotations[-1].text
    assert note.startswith("边界文件中没有：") and "南港区" in note


def test_a_broken_boundary_file_says_what_is_wrong(tmp_path):
    bad = tmp_path / "districts.geojson"
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                                          "geometry": {"type": "Point", "coordinates": [1, 2]}}]}))
    with pytest.raises(maps.BoundaryError, match="第 1 个区域没有区县代码"):
        maps.load_boundaries(bad)


RENDER = """
import sys
import pandas as pd
from insights import maps
from pipelines.registry import load_registry
reg = load_registry()
frame = pd.DataFrame({"district": [d.code for d in reg.districts], "v": range(len(reg.districts))})
png = maps.district_map(frame, reg, value_col="v", title="各区县测试", unit="个", source="s").to_image(format="png", width=800, height=460)
open(sys.argv[1], "wb").write(png)
"""


def test_the_map_renders_to_png_with_the_network_cut_off(tmp_path):
    assert os.geteuid() == 0 and shutil.which("unshare") and shutil.which("ip"), (
        "这个测试需要 root、unshare 和 ip（iproute2）来建立没有外网的网络命名空间；CI 以 root 运行。")
    out = tmp_path / "map.png"
    script = tmp_path / "render.py"
    script.write_text(RENDER, encoding="utf-8")
    done = subprocess.run(["unshare", "--net", "sh", "-c", f"ip link set lo up && exec {sys.executable} {script} {out}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-3000:]
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
