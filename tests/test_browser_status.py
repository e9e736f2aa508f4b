"""报送情况 and the upload review in Chromium at 1366×768 with the sidebar open: all eight quarters of the
matrix fit (the last header is inside the viewport, its tooltip names the quarter), a click on a cell
opens its states and warnings, and every 处理办法 is read in full, never cut at a column's edge."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.config import Settings
from pipelines.ledger import Ledger
from pipelines.periods import Period
from pipelines.planning import Planner
from pipelines.store import Store
from tests.browser import SCREENSHOTS, browser_page, streamlit_server
from tests.builders import consistent_values, write_return

ROW = 35  # st.dataframe's row and header height in px
INDEX = 80  # the 区县 column's width (pages/status.py)

# Every 处理办法 cell of static tables on the page: [text, right edge, text wider than its cell].
ADVICE_CELLS = """() => [...document.querySelectorAll('[data-testid="stTable"] table')].flatMap(t => {
    const heads = [...t.querySelectorAll('thead th')].map(h => h.innerText.trim());
    const col = heads.indexOf('处理办法');
    if (col < 0) return [];
    return [...t.querySelectorAll('tbody tr')].map(tr => {
        const cell = tr.children[col];
        const box = cell.getBoundingClientRect();
        return [cell.innerText.trim(), box.right, cell.scrollWidth > cell.clientWidth + 1];
    });
})"""


def corrected_with_warning(db: Path, registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """东湖区 sends 表一 of 2026年第三季度 again, with one group raised so the groups no longer add up."""
    store = Store.open(db)
    try:
        ledger = Ledger(store, registry, Settings(db_path=db, archive_dir=tmp_path / "archive"))
        values = consistent_values(registry, "coverage")
        values[("unions_new_ytd", "government")] = int(values[("unions_new_ytd", "government")]) + 300  # type: ignore[call-overload]
        [plan] = ledger.ingest(ledger.planner.read([write_return(tmp_path / "东湖区2026Q3.xlsx", registry, "donghu", "2026-Q3", "coverage", values)]),
                               actor="测试")
        assert plan.accepted and any(i.severity == "warning" for i in plan.all_issues)
    finally:
        store.close()


def advice_of(db: Path) -> set[str]:
    store = Store.open(db)
    try:
        return {r[0] for r in store.rows("select advice from submission_issues")}
    finally:
        store.close()


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_status_matrix_fits_and_a_cell_opens_with_every_advice_in_full(sample_db_copy, registry, tmp_path, width, height):
    corrected_with_warning(sample_db_copy, registry, tmp_path)
    advice = advice_of(sample_db_copy)
    store = Store.open(sample_db_copy)
    quarters = [r[0] for r in store.rows("select distinct period from submissions where status = 'active' order by period desc limit 8")]
    store.close()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with streamlit_server(sample_db_copy) as url, browser_page(width, height) as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{url}/status")
        grid = page.locator("[data-testid='stDataFrame']").first
        grid.wait_for(timeout=90_000)
        page.wait_for_timeout(1500)
        assert page.locator("[data-testid='stSidebar']").is_visible()
        box = grid.bounding_box()
        assert box is not None
        # The whole grid is inside the viewport, and nothing in it scrolls sideways: no quarter is cut off.
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        scroll = page.evaluate("() => { const s = document.querySelector('[data-testid=\"stDataFrame\"] .dvn-scroller');"
                               " return [s.scrollWidth, s.clientWidth]; }")
        assert scroll[0] <= scroll[1], scroll
        column = (box["width"] - INDEX) / len(quarters)
        assert column >= 90  # room for '部分报送 +2'
        # The last header, at the grid's right edge inside the viewport, is the eighth quarter: its tooltip says so.
        page.mouse.move(box["x"] + box["width"] - column / 2, box["y"] + ROW / 2)
        tip = page.locator("[data-testid='stDataFrameTooltipContent']")
        tip.wait_for(timeout=10_000)
        assert tip.inner_text().startswith(Period.parse_code(quarters[-1]).label)
        page.screenshot(path=str(SCREENSHOTS / f"status-last-quarter-tooltip-{width}x{height}.png"))
        # The first quarter's tooltip names the corrected district with all its states.
        page.mouse.move(box["x"] + INDEX + column / 2, box["y"] + ROW / 2)
        page.wait_for_function("() => (document.querySelector('[data-testid=\"stDataFrameTooltipContent\"]') || {}).innerText?.includes('东湖区')",
                               timeout=10_000)
        text = tip.inner_text()
        assert "已更正：表一更正 1 次（现为第 2 版）" in text and "有提醒" in text
        page.screenshot(path=str(SCREENSHOTS / f"status-quarter-tooltip-{width}x{height}.png"))

        # A click on 东湖区 (second row) × the newest quarter opens its states and the warnings of the corrected 表一.
        page.mouse.click(box["x"] + INDEX + column / 2, box["y"] + ROW + ROW * 1.5)
        page.get_by_text("已更正：表一更正 1 次（现为第 2 版）").last.wait_for(timeout=60_000)
        page.locator("[data-testid='stTable']").first.wait_for(timeout=60_000)
        page.wait_for_timeout(500)
        cells = page.evaluate(ADVICE_CELLS)
        assert cells, "no 处理办法 column in a static table"
        for text, right, cut in cells:
            assert text in advice and right <= width and not cut, (text, right, cut)
        page.screenshot(path=str(SCREENSHOTS / f"status-cell-opened-{width}x{height}.png"), full_page=True)
        assert errors == []


@pytest.mark.browser
def test_upload_review_shows_every_advice_in_full_even_for_a_long_list(sample_db_copy, registry, tmp_path):
    """63 problems in one file: still a wrapping table (scrolling in a box), not a grid that cuts 处理办法."""
    values = consistent_values(registry, "coverage")
    columns = [i.code for i in registry.indicators_of("coverage") if i.layout == "column" and not i.derived]
    for key in list(values):
        if key[0] in columns[1:]:
            values[key] = f"约{values[key]}"
    bad = write_return(tmp_path / "西山区2026Q3.xlsx", registry, "xishan", "2026-Q3", "coverage", values)
    [plan] = Planner(registry).plan(Planner(registry).read([bad]))
    assert len(plan.all_issues) > 60
    advice = {i.advice for i in plan.all_issues}
    with streamlit_server(sample_db_copy) as url, browser_page(1366, 768) as page:
        page.goto(f"{url}/upload")
        page.wait_for_selector("[data-testid='stFileUploader']", timeout=90_000)
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files([str(bad)])
        page.locator("[data-testid='stTable']").first.wait_for(timeout=60_000)
        page.wait_for_timeout(500)
        cells = page.evaluate(ADVICE_CELLS)
        assert len(cells) == len(plan.all_issues)
        for text, right, cut in cells:
            assert text in advice and right <= 1366 and not cut, (text, right, cut)
        page.screenshot(path=str(SCREENSHOTS / "upload-long-problem-list-1366x768.png"))
