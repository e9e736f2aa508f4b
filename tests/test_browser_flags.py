"""数据疑点 on 报送情况 in Chromium at 1366×768 with the sidebar open (issue 16 part 2): on the sample city
with tests/test_flags.py's planted returns the matrix with its 疑n still fits, the section renders with
every 依据 read in full (never cut at its column's edge), the method is behind the ?, and a flag's source
link opens that submission in the history, whose original file downloads."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from insights import flags as fl
from pipelines.store import Store
from tests.browser import SCREENSHOTS, browser_page, streamlit_server, wait_for_app
from tests.test_flags import planted  # noqa: F401 - the module fixture: the sample city plus six planted returns

WIDTH, HEIGHT = 1366, 768

# Every 依据 cell of the 数据疑点 table: [text, right edge, text wider than its cell].
EVIDENCE_CELLS = """() => [...document.querySelectorAll('.st-key-flag_table table')].flatMap(t => {
    const heads = [...t.querySelectorAll('thead th')].map(h => h.innerText.trim());
    const col = heads.indexOf('依据');
    return [...t.querySelectorAll('tbody tr')].map(tr => {
        const cell = tr.children[col];
        const box = cell.getBoundingClientRect();
        return [cell.innerText.trim(), box.right, cell.scrollWidth > cell.clientWidth + 1];
    });
})"""


def retry_click(page, target, then) -> None:  # type: ignore[no-untyped-def]
    """A click landing while Streamlit redraws is dropped: a person clicks again, and so does this."""
    for attempt in range(3):
        target.click()
        try:
            then.wait_for(timeout=8_000)
            return
        except Exception:
            if attempt == 2:
                raise


@pytest.mark.browser
def test_flags_section_reads_in_full_and_a_source_opens_its_submission(planted, registry, tmp_path):  # noqa: F811
    db = tmp_path / "flags.duckdb"
    shutil.copy(planted[0], db)
    store = Store.open(db)
    try:
        periods = tuple(r[0] for r in store.rows("select distinct period from submissions where status = 'active' order by period desc limit 8"))
        evidence = set(fl.flags(store, registry, periods)["evidence"])
        sid, sha = store.rows("select id, sha256 from submissions where district = 'xishan' and period = '2026-Q3' "
                              "and form = 'coverage' and status = 'active'")[0]
    finally:
        store.close()
    assert len(evidence) > 5
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with streamlit_server(db) as url, browser_page(WIDTH, HEIGHT) as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{url}/status")
        grid = page.locator("[data-testid='stDataFrame']").first
        grid.wait_for(timeout=90_000)
        wait_for_app(page)
        page.wait_for_timeout(1000)
        # The matrix, now carrying 疑n, still fits: nothing scrolls sideways.
        box = grid.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
        scroll = page.evaluate("() => { const s = document.querySelector('[data-testid=\"stDataFrame\"] .dvn-scroller');"
                               " return [s.scrollWidth, s.clientWidth]; }")
        assert scroll[0] <= scroll[1], scroll
        page.screenshot(path=str(SCREENSHOTS / "flags-matrix-1366x768.png"))

        # The section: every 依据 in full, inside the window.
        section = page.locator(".st-key-flag_table")
        section.wait_for(timeout=60_000)
        page.get_by_role("heading", name="数据疑点").evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)
        page.screenshot(path=str(SCREENSHOTS / "flags-section-1366x768.png"))
        cells = page.evaluate(EVIDENCE_CELLS)
        assert {text for text, _, _ in cells} == evidence
        for text, right, cut in cells:
            assert right <= WIDTH and not cut, (text, right, cut)

        # The method, in plain Chinese, behind the ? beside the title.
        heading = page.locator("[data-testid='stHeadingWithActionElements']", has_text="数据疑点")
        heading.locator("[data-testid='stTooltipIcon'], [data-testid='stTooltipHoverTarget']").first.hover()
        tip = page.locator("[data-testid='stTooltipContent']")
        tip.wait_for(timeout=10_000)
        assert "数据疑点只是提醒，不影响导入" in tip.inner_text()
        page.wait_for_timeout(600)  # the tooltip fades in
        page.screenshot(path=str(SCREENSHOTS / "flags-method-1366x768.png"))
        page.mouse.move(5, 5)

        # Choose 西山区's copied 表一: its source cells, and a link that opens the submission below.
        chooser = page.get_by_role("combobox", name="选择一条疑点，查看原表单元格")
        option = page.get_by_role("option", name="西山区 2026年第三季度 疑似照抄上季度报表")
        retry_click(page, chooser, option)
        option.click()
        link = page.get_by_role("button", name=f"在下方打开 #{sid} 的报送记录和原始文件")
        link.wait_for(timeout=60_000)
        wait_for_app(page)
        link.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "flags-source-cells-1366x768.png"))
        opened = page.get_by_text(f"已在下方“查看某区县某季度”中打开 #{sid}")
        retry_click(page, link, opened)
        version = page.get_by_role("combobox", name="选择一个版本")
        page.wait_for_function("(sid) => [...document.querySelectorAll('input[role=\"combobox\"]')].some("
                               "e => e.getAttribute('aria-label') === '选择一个版本' && e.value.startsWith('#' + sid + ' 表一'))",
                               arg=sid, timeout=60_000)
        wait_for_app(page)
        download = page.get_by_role("button", name="下载原始文件")
        download.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "flags-opened-submission-1366x768.png"))
        assert version.input_value().startswith(f"#{sid} 表一 工会组织建设情况 第2版（当前版本）")
        with page.expect_download() as got:
            download.click()
        path = got.value.path()
        assert got.value.suggested_filename == "西山区2026Q3表一.xlsx"
        with open(path, "rb") as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == sha
        assert errors == []
