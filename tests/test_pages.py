"""Every leader page renders in AppTest with the sample city and shows what direct SQL says."""

from __future__ import annotations

from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from insights import fmt
from pipelines.store import Store
from tests.browser import ROOT
from tests.builders import resync_current

PAGES = ["pages/overview.py", "pages/coverage.py", "pages/membership.py", "pages/competitions.py", "pages/aid.py", "pages/glossary.py"]


def sql(db, query: str, params=()) -> list[tuple]:
    s = Store.open(db)
    try:
        return s.rows(query, params)
    finally:
        s.close()


def total(db, period: str, indicator: str, districts: tuple[str, ...] | None = None, breakdown: str = "all") -> Decimal | None:
    rows = sql(db, "select sum(value) from current_observations where period = ? and indicator = ? and breakdown = ? "
                   "and (? is null or list_contains(?, district))",
               [period, indicator, breakdown, list(districts) if districts else None, list(districts) if districts else None])
    return rows[0][0]


def app(db, monkeypatch, page: str, **state) -> AppTest:
    monkeypatch.setenv("UNIONSTATS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, object]:
    return {m.label: m for m in at.metric}


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_error(sample_db, monkeypatch, page):
    at = app(sample_db, monkeypatch, page)
    assert at.title and "·" in at.title[0].value or page.endswith("glossary.py")


def test_coverage_rates_are_recomputed_from_summed_counts(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch, "pages/coverage.py")
    m = metrics(at)
    p = "2026-Q3"
    rate_a = total(sample_db, p, "members") / total(sample_db, p, "employees_in_unionized")
    rate_b = total(sample_db, p, "members") / total(sample_db, p, "employees")
    union = total(sample_db, p, "units_unionized") / total(sample_db, p, "units_total")
    assert m["入会率（口径A）"].value == fmt.percent(rate_a, 2)
    assert m["入会率（口径B）"].value == fmt.percent(rate_b, 2)
    assert m["建会率"].value == fmt.percent(union, 2)
    # An average of district rates would differ: prove the test can tell the two apart.
    per = sql(sample_db, "select sum(value) filter (where indicator='members') / sum(value) filter (where indicator='employees_in_unionized') "
                         "from current_observations where period = ? and breakdown = 'all' group by district", [p])
    average = sum(r[0] for r in per) / len(per)
    assert fmt.percent(average, 2) != m["入会率（口径A）"].value


def test_membership_page_numbers(sample_db, monkeypatch):
    m = metrics(app(sample_db, monkeypatch, "pages/membership.py"))
    p = "2026-Q3"
    assert m["期末会员数"].value == fmt.amount(total(sample_db, p, "members_end"), "人")
    assert m["完成年度发展任务"].value == fmt.percent(total(sample_db, p, "joined_ytd") / total(sample_db, p, "joined_target"), 2)
    assert m["新就业形态劳动者会员"].value == fmt.amount(total(sample_db, p, "members_end", breakdown="new_forms"), "人")


def test_competitions_page_numbers(sample_db, monkeypatch):
    m = metrics(app(sample_db, monkeypatch, "pages/competitions.py"))
    p = "2026-Q3"
    assert m["参赛职工"].value == fmt.amount(total(sample_db, p, "participants"), "人次")
    assert m["创经济效益"].value == fmt.money(total(sample_db, p, 'economic_benefit'))
    industries = sql(sample_db, "select count(*) from (select breakdown from current_observations where period = ? and indicator = 'competitions' "
                                "and breakdown <> 'all' group by breakdown having sum(value) > 0)", [p])[0][0]
    assert m["涉及行业数"].value == f"{industries}个"


def test_aid_page_numbers(sample_db, monkeypatch):
    m = metrics(app(sample_db, monkeypatch, "pages/aid.py"))
    p = "2026-Q3"
    assert m["帮扶金额"].value == fmt.money(total(sample_db, p, 'aid_amount'))
    assert m["送温暖慰问"].value == fmt.money(total(sample_db, p, 'aid_amount', breakdown='warmth'))
    assert m["在档困难职工户数"].value == fmt.amount(total(sample_db, p, "hardship_households"), "户")


def test_year_on_year_for_a_district_without_prior_period_says_new(sample_db, monkeypatch):
    """经开区 reports from 2024-Q1: its 2024-Q3 has no 2023-Q3 to compare with."""
    at = app(sample_db, monkeypatch, "pages/overview.py", district=["jingkai"], period="2024-Q3")
    m = metrics(at)
    assert m["会员人数"].value == fmt.amount(total(sample_db, "2024-Q3", "members", ("jingkai",)), "人")
    assert m["会员人数"].delta == "新设"
    assert m["入会率（口径A）"].delta == "新设"
    assert "经开区共建立基层工会组织" in "\n".join(x.value for x in at.markdown)
    # a year later the same district has a real 同比
    later = metrics(app(sample_db, monkeypatch, "pages/overview.py", district=["jingkai"], period="2025-Q3"))
    now, ago = total(sample_db, "2025-Q3", "members", ("jingkai",)), total(sample_db, "2024-Q3", "members", ("jingkai",))
    assert later["会员人数"].delta == fmt.change(now, ago)


def ranking(at: AppTest, title: str) -> dict[str, float]:
    """The values a ranking chart whose title holds `title` shows, by district code."""
    import base64
    import json

    import numpy as np

    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if title in (spec["layout"].get("title", {}).get("text") or ""):
            bars = next(t for t in spec["data"] if t.get("customdata"))  # the marks (the other trace draws the stems)
            x = bars["x"]
            values = np.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"]) if isinstance(x, dict) else x
            return dict(zip(bars["customdata"], map(float, values), strict=True))
    raise AssertionError(f"no chart titled …{title}…")


def test_rate_basis_switch_changes_the_overviews_ranking(sample_db, monkeypatch):
    """Each 口径 ranks the districts by its own rate, as direct SQL computes it from summed counts: a switch
    that changed only the title (or a caption) fails here."""
    p = "2026-Q3"
    shown = {}
    for basis, denominator in (("A", "employees_in_unionized"), ("B", "employees")):
        at = app(sample_db, monkeypatch, "pages/overview.py", basis=basis)
        shown[basis] = ranking(at, f"各区县入会率（口径{basis}，%）")
        rows = sql(sample_db, "select district, sum(value) filter (where indicator = 'members'), sum(value) filter (where indicator = ?) "
                              "from current_observations where period = ? and breakdown = 'all' group by district", [denominator, p])
        assert shown[basis] == pytest.approx({d: float(m / e * 100) for d, m, e in rows})
    assert all(shown["A"][d] > shown["B"][d] for d in shown["A"])


def test_glossary_explains_every_indicator_as_the_registry_does(sample_db, monkeypatch, registry):
    """指标说明: one table per form, each indicator with its code, unit, formula (or what it is a part of) and
    every header it may be written as, exactly as the registry says."""
    at = app(sample_db, monkeypatch, "pages/glossary.py")
    assert [s.value for s in at.subheader] == [f.title for f in registry.forms]
    for form, table in zip(registry.forms, at.table, strict=True):
        rows = table.value
        assert list(rows.index) == [i.name for i in registry.indicators_of(form.code)]
        for ind in registry.indicators_of(form.code):
            row = rows.loc[ind.name]
            assert (row["代码"], row["单位"]) == (ind.code, ind.unit), ind.code
            if ind.formula:
                assert row["口径与公式"] == ind.formula, ind.code
            elif ind.parent:
                assert registry.indicator(ind.parent).name in row["口径与公式"], ind.code
            assert row["表头可写作"].split("、") == ([*ind.synonyms] if ind.synonyms else [""]), ind.code


def test_empty_selection_is_a_friendly_message(tmp_path, monkeypatch):
    for page in PAGES[:5]:
        at = app(tmp_path / "empty.duckdb", monkeypatch, page)
        assert at.info and "还没有任何报表" in at.info[0].value


def test_quarter_on_quarter_for_stocks_and_missing_quarter(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch, "pages/overview.py")
    now, last = total(sample_db, "2026-Q3", "members"), total(sample_db, "2026-Q2", "members")
    members = metrics(at)["会员人数"]
    assert f"环比 {fmt.change(now, last)}" in members.proto.delta_description
    # 经开区's first quarter has no quarter before it
    first = metrics(app(sample_db, monkeypatch, "pages/overview.py", district=["jingkai"], period="2024-Q1"))["会员人数"]
    assert "环比：上季度无数据" in first.proto.delta_description


@pytest.mark.parametrize("page", PAGES[:5])
def test_every_chart_downloads_as_a_2x_png_named_in_chinese(sample_db, monkeypatch, page):
    import json
    import re

    at = app(sample_db, monkeypatch, page)
    charts = at.get("plotly_chart")
    assert charts
    for chart in charts:
        config = json.loads(chart.proto.config)["toImageButtonOptions"]
        assert config["format"] == "png" and config["scale"] >= 2
        # named after period, scope and area, e.g. 2026年第三季度_各区县工会会员人数 or 2026年1-9月_各区县参赛职工
        assert re.match(r"^(2026年(第三季度|1-9月)_|各区县|全市)", config["filename"]), config["filename"]
        assert not re.search(r'[\\/:*?"<>|]', config["filename"])


def test_local_mode_banner_and_no_listening_beyond_this_computer(sample_db, monkeypatch):
    import subprocess
    import sys

    at = app(sample_db, monkeypatch, "pages/overview.py")
    assert any("本机模式" in c.value for c in at.sidebar.caption)
    done = subprocess.run([sys.executable, "-m", "ui.serve", "--server.address", "0.0.0.0"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "本机模式只能在 127.0.0.1 上提供看板" in done.stderr


def test_a_total_over_fewer_districts_says_so_and_names_the_missing(sample_db_copy, monkeypatch):
    """A district whose 表四 lacks 帮扶金额 makes the card read 帮扶金额（9/10个区县）, naming it on hover;
    cards whose indicators every district reported keep their plain label."""
    period = sql(sample_db_copy, "select max(period) from submissions where status = 'active'")[0][0]
    s = Store.open(sample_db_copy)
    with s.transaction() as tx:
        tx.execute("delete from observations where indicator = 'aid_amount' and district = 'donghu' and period = ?", [period])
        resync_current(tx)
    s.close()
    at = app(sample_db_copy, monkeypatch, "pages/aid.py")
    labels = {m.label: m for m in at.metric}
    assert "帮扶金额（9/10个区县）" in labels, list(labels)
    assert "未报：东湖区" in labels["帮扶金额（9/10个区县）"].help
    assert "帮扶户数" in labels  # reported by every district
    assert labels["帮扶金额（9/10个区县）"].value == fmt.money(total(sample_db_copy, period, "aid_amount"))
    assert labels["帮扶金额（9/10个区县）"].delta == "缺报，不计同比"  # 9 districts against 10 a year ago is no 同比


@pytest.mark.parametrize(("value", "last", "rate", "said"), [
    ("100000", "100020", False, "环比持平"),          # -0.02%: rounds to nothing
    ("100000", "99000", False, "环比 +1.0%"),
    ("0.70391", "0.70389", True, "环比持平"),         # +0.002个百分点
    ("0.7040", "0.7000", True, "环比 +0.4个百分点"),
    ("5", "0", False, "环比：上季度为0"),
])
def test_a_quarter_on_quarter_change_that_rounds_to_nothing_is_said_flat(value, last, rate, said):
    """A stock's 环比 line never reads "+0.0%" beside a 同比 that says 持平."""
    from decimal import Decimal

    from insights.queries import Kpi
    from ui.widgets import kpi_qoq

    k = Kpi("members", "会员人数", Decimal(value), None, "人", is_rate=rate, last_quarter=Decimal(last), stock=True)
    assert kpi_qoq(k) == said
