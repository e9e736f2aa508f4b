"""The overview page, rendered by AppTest and in Chromium, shows what direct SQL says."""

from __future__ import annotations

from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from insights import fmt
from pipelines.periods import Period
from pipelines.store import Store
from tests.browser import ROOT, SCREENSHOTS, browser_page, streamlit_server, wait_for_app

LATEST = "2026-Q3"


def sql_totals(db, period: str) -> dict[str, Decimal]:
    s = Store.open(db)
    try:
        rows = s.rows(
            "select indicator, sum(value) from current_observations where period = ? and breakdown = 'all' group by indicator",
            [period],
        )
        return {i: Decimal(v) for i, v in rows}
    finally:
        s.close()


@pytest.fixture
def app(sample_db, monkeypatch) -> AppTest:
    monkeypatch.setenv("UNIONSTATS_DB", str(sample_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_overview_kpis_match_sql(app, sample_db):
    now, ago = sql_totals(sample_db, LATEST), sql_totals(sample_db, Period.parse_code(LATEST).year_ago().code)
    metrics = {m.label: m for m in app.metric}
    assert metrics["基层工会数"].value == fmt.amount(now["unions"], "个")
    assert metrics["会员人数"].value == fmt.amount(now["members"], "人")
    rate_now = now["members"] / now["employees_in_unionized"]
    rate_ago = ago["members"] / ago["employees_in_unionized"]
    assert metrics["入会率（口径A）"].value == fmt.percent(rate_now, 2)
    assert metrics["入会率（口径A）"].delta == fmt.points(rate_now, rate_ago)
    assert metrics["参赛职工"].value == fmt.amount(now["participants"], "人次")
    assert metrics["帮扶金额"].value == fmt.money(now['aid_amount'])
    assert metrics["会员人数"].delta == fmt.change(now["members"], ago["members"])
    assert app.title[0].value == f"示例市工会工作总览 · {Period.parse_code(LATEST).label}"


def test_overview_sentences_and_sample_notice(app, sample_db):
    now = sql_totals(sample_db, LATEST)
    text = "\n".join(m.value for m in app.markdown)
    assert f"全市共建立基层工会组织{fmt.grouped(now['unions'])}个，工会会员{fmt.amount(now['members'], '人')}。" in text
    s = Store.open(sample_db)
    cats = dict(s.rows("select breakdown, sum(value) from current_observations where period = ? and indicator = 'aid_amount' group by breakdown", [LATEST]))
    s.close()
    # 帮扶慰问资金 is the total, the named activities are said as its parts, at one money format
    assert (f"发放帮扶慰问资金{fmt.money(now['aid_amount'])}，其中送温暖慰问{fmt.money(cats['warmth'])}、金秋助学{fmt.money(cats['education'])}、"
            f"一线职工慰问{fmt.money(cats['frontline'])}。") in text
    # and the exact 元 is one click away, not only in a hover
    exact = app.table[0].value
    assert exact.loc["帮扶慰问资金（元）", "精确值"] == fmt.grouped(now["aid_amount"], 2)
    assert exact.loc["其中：送温暖慰问（元）", "精确值"] == fmt.grouped(cats["warmth"], 2)
    assert any("示例数据" in w.value for w in app.warning)


def test_overview_on_empty_database_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("UNIONSTATS_DB", str(tmp_path / "empty.duckdb"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.run()
    assert not at.exception
    assert "还没有任何报表" in at.info[0].value


@pytest.mark.browser
def test_overview_in_chromium_shows_filled_sentence(sample_db_copy):
    now = sql_totals(sample_db_copy, LATEST)
    expected = f"全市共建立基层工会组织{fmt.grouped(now['unions'])}个，工会会员{fmt.amount(now['members'], '人')}。"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with streamlit_server(sample_db_copy) as url, browser_page(1366, 768) as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url)
        wait_for_app(page)
        page.get_by_text(expected).wait_for(timeout=30_000)
        page.wait_for_selector(".js-plotly-plot", timeout=30_000)
        page.screenshot(path=str(SCREENSHOTS / "overview-1366.png"), full_page=True)
        assert page.locator("[data-testid='stException']").count() == 0
        assert errors == []
