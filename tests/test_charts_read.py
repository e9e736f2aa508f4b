"""Charts that read at a glance (issue 13): titles say what is drawn, rankings in one colour with the
chosen district highlighted in its place among all, one precision per chart, quarter labels level,
long category names on horizontal bars, progress colours that follow the status, a stock's tooltip
naming its date — checked on the figures the pages send, with the sample city."""

from __future__ import annotations

import json
import re

import pandas as pd

from insights import charts
from tests.test_pages import app, sql

PERIOD = "2026-Q3"


def figures(at) -> dict[str, dict]:
    """The pages' plotly figures by title (the spec Streamlit sends to the browser)."""
    out = {}
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        out[spec["layout"]["title"]["text"]] = spec
    return out


def test_ranking_is_one_colour_with_the_chosen_district_highlighted_among_all(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch, "pages/coverage.py", district=["donghu"])
    fig = figures(at)["2026年第三季度 各区县建会率（%）"]
    dots = fig["data"][0]
    assert len(dots["y"]) == 10  # every district, not a single bar
    chosen = [i for i, c in enumerate(dots["customdata"]) if c == "donghu"]
    assert len(chosen) == 1
    colours = dots["marker"]["color"]
    assert colours[chosen[0]] == charts.HIGHLIGHT_COLOUR
    assert {c for i, c in enumerate(colours) if i != chosen[0]} == {charts.RANK_COLOUR}
    # its place is said in words, computed here from the store
    rates = dict(sql(sample_db, "select district, sum(value) filter (where indicator = 'units_unionized') / sum(value) filter "
                                "(where indicator = 'units_total') from current_observations where period = ? and breakdown = 'all' "
                                "group by district", [PERIOD]))
    place = sorted(rates, key=lambda d: -rates[d]).index("donghu") + 1
    assert any(f"东湖区第 {place} 名（共 10 个区县）" in c.value for c in at.caption)


def test_city_wide_lines_say_whose_total_they_draw(sample_db, monkeypatch):
    titles = set(figures(app(sample_db, monkeypatch, "pages/coverage.py")))
    assert "全市建会率、入会率走势（%）" in titles
    titles = set(figures(app(sample_db, monkeypatch, "pages/coverage.py", district=["donghu"])))
    assert "东湖区建会率、入会率走势（%）" in titles
    titles = set(figures(app(sample_db, monkeypatch, "pages/coverage.py", district=["donghu", "xishan"])))
    assert "东湖区、西山区合计建会率、入会率走势（%）" in titles


def test_one_precision_per_chart():
    frame = pd.DataFrame({"区县": ["甲", "乙", "丙"], "code": ["a", "b", "c"], "v": [8044.0, 29213.0, 123456.0]})
    fig = charts.bar_ranking(frame, label_col="区县", value_col="v", key_col="code", title="各区县参赛职工（人次）", unit="人次", source="")
    places = {len(t.split("万")[0].split(".")[1]) for t in fig.data[0].text}
    assert places == {2}, list(fig.data[0].text)


def test_quarter_labels_stand_level_and_short(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch, "pages/membership.py")
    fig = figures(at)["全市会员人数走势（万人）"]
    axis = fig["layout"]["xaxis"]
    assert axis["tickangle"] == 0
    assert all(re.fullmatch(r"\d\dQ[1-4]", t) for t in axis["ticktext"]), axis["ticktext"]
    assert axis["ticktext"][-1] == "26Q3"  # the latest quarter is always labelled


def test_long_category_names_lie_on_horizontal_bars():
    long = pd.DataFrame({"行业": ["电力、热力、燃气及水生产和供应业", "建筑业", "制造业"], "a": [1.0, 2.0, 3.0]})
    fig = charts.grouped_bars(long, label_col="行业", series=[("a", "参赛职工")], title="各行业参赛职工（人次）", unit="人次", source="")
    assert fig.data[0].orientation == "h"
    short = pd.DataFrame({"群体": ["女职工", "农民工", "新就业"], "a": [1.0, 2.0, 3.0]})
    fig = charts.grouped_bars(short, label_col="群体", series=[("a", "会员")], title="会员（人）", unit="人", source="")
    assert fig.data[0].orientation != "h" and fig.layout.xaxis.tickangle == 0


def test_progress_colours_follow_the_status(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch, "pages/overview.py")
    table = next(d for d in at.dataframe if "完成年度任务" in d.value.columns)
    frame = table.value
    ahead = frame[frame["状态"] == "达到进度"]
    behind = frame[frame["状态"] == "明显落后"]
    assert len(ahead) and len(behind)
    # no bar in the theme's red for everyone: the share is a number, tinted with its row's status
    assert "progress" not in table.proto.columns
    tint_of = {}
    for rule in table.proto.arrow_data.styler.styles.splitlines():
        cells, css = rule.split("{")
        for cell in re.findall(r"row(\d+)_col3\b", cells):
            tint_of[int(cell)] = re.search(r"background-color: (#\w+)", css).group(1)
    expected = {"达到进度": "#DDF2E5", "略有落后": "#FCEFC7", "明显落后": "#F8DADA"}
    assert {i: tint_of[i] for i in range(len(frame))} == {i: expected[s] for i, s in enumerate(frame["状态"])}


def test_a_stock_card_names_its_date_not_a_year_to_date_span(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch, "pages/aid.py")
    cards = {m.label: m for m in at.metric}
    assert "2026年9月末（期末数）" in cards["在档困难职工户数"].help
    assert "1-9月累计" not in cards["在档困难职工户数"].help
    assert "2026年1-9月累计" in cards["帮扶金额"].help


def test_one_top_and_bottom_rule_for_rankings_charts_and_tables():
    """charts.limit_ranking is the one rule (rankings, the 会员发展 progress chart and the target table call it):
    more than 2×N rows keep the best and the worst N, best first; a row without a value is left out, or
    with missing_last kept among the worst (a district without a task is the furthest behind)."""
    n = charts.RANKING_N
    frame = pd.DataFrame({"district": [f"d{i:02d}" for i in range(2 * n + 3)], "v": [float(i) for i in range(2 * n + 2)] + [None]})
    cut = charts.limit_ranking(frame, "v")
    assert list(cut["v"]) == [float(i) for i in range(2 * n + 1, n + 1, -1)] + [float(i) for i in range(n - 1, -1, -1)]
    kept = charts.limit_ranking(frame, "v", missing_last=True)
    assert len(kept) == 2 * n and kept["v"].iloc[-1] != kept["v"].iloc[-1] and kept["v"].iloc[0] == 2 * n + 1  # NaN last
    short = frame.head(2 * n)
    assert list(charts.limit_ranking(short, "v")["district"]) == list(short.sort_values("v", ascending=False)["district"])
