"""Issue 16 on the pages: 预计全年完成 beside 完成年度任务 on 会员发展 and in the overview's target table
and speech, a district map on every area page whose click filters to the district — on the sample city."""

from __future__ import annotations

import json

import pytest

from insights import fmt
from insights.projection import projection, speech_sentence, target_pair
from pipelines.registry import load_registry
from pipelines.store import Store
from tests.browser import browser_page, streamlit_server, wait_for_app
from tests.test_pages import app

PERIOD = "2026-Q3"


def _projected(db):
    reg = load_registry()
    s = Store.open(db)
    try:
        return reg, projection(s, reg, PERIOD)
    finally:
        s.close()


def test_membership_shows_the_projection_beside_progress(sample_db, monkeypatch):
    reg, frame = _projected(sample_db)
    at = app(sample_db, monkeypatch, "pages/membership.py")
    table = next(d.value for d in at.dataframe if "预计全年完成率" in d.value.columns)
    rows = frame[frame["level"] == "district"].set_index("区县")
    assert set(table["区县"]) == set(rows.index)
    for r in table.itertuples(index=False):
        assert r.预计全年完成率 == round(float(rows.loc[r.区县, "projected_rate"]) * 100, 1)
        assert r.推算方法 == rows.loc[r.区县, "method"]
    city = frame[frame["level"] == "city"].iloc[0]
    assert any(f"预计完成年度任务 {fmt.percent(city['projected_rate'])}" in m.value for m in at.markdown)


def test_overview_target_table_and_speech_carry_the_projection(sample_db, monkeypatch):
    reg, frame = _projected(sample_db)
    at = app(sample_db, monkeypatch, "pages/overview.py")
    table = next(d.value for d in at.dataframe if "预计全年完成率" in d.value.columns)
    assert {"预计区间", "预计"} <= set(table.columns)
    sentence = speech_sentence(frame, target_pair(reg, "joined_ytd"), PERIOD)
    assert sentence and sentence.startswith("按目前进度")
    assert any(sentence in m.value for m in at.markdown)
    # the speech and the table agree: every district the sentence says may fall short is not 能完成 there
    short = sum(1 for v in table["预计"] if v != "能完成")
    assert f"{short}个区县可能完不成" in sentence, (sentence, list(table["预计"]))


@pytest.mark.parametrize("page", ["pages/coverage.py", "pages/membership.py", "pages/competitions.py", "pages/aid.py"])
def test_every_area_page_has_a_district_map(sample_db, monkeypatch, page):
    at = app(sample_db, monkeypatch, page)
    maps = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    maps = [m for m in maps if any(t.get("type") in ("choropleth", "scattergeo") for t in m["data"])]
    assert len(maps) == 1
    codes = {c for t in maps[0]["data"] for c in (t.get("customdata") or []) if isinstance(c, str)}
    assert codes == {d.code for d in load_registry().districts}


@pytest.mark.browser
def test_clicking_a_district_on_the_map_opens_its_view(sample_db_copy):
    with streamlit_server(sample_db_copy) as url, browser_page(1366, 768) as page:
        page.goto(f"{url}/coverage")
        wait_for_app(page)
        geo = page.locator(".js-plotly-plot").filter(has=page.locator(".geo")).first
        geo.scroll_into_view_if_needed()
        page.wait_for_timeout(800)
        # the tile labels are text on the map; click the centre of 东湖区's tile
        label = geo.locator("text", has_text="东湖区").first
        box = label.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] + 4)
        page.get_by_text("范围：东湖区").wait_for(timeout=30_000)
