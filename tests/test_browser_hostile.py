"""The worst hostile files uploaded through the dashboard: each gets its message, nothing is stored from
the bad ones, and the dashboard keeps serving another browser session meanwhile."""

from __future__ import annotations

import pytest

from pipelines.store import Store
from tests.browser import browser_page, streamlit_server, wait_for_app
from tests.hostile import build


@pytest.mark.browser
def test_the_worst_files_get_messages_and_the_dashboard_keeps_serving(sample_db_copy, tmp_path):
    # What took the process down before: a stray cell at XFD1048576 (calamine allocated 512 GB), a merge
    # over the whole sheet, an XML 2003 merge of 10^8 rows; and a 1e33 that sank its batch at the store.
    stray = next(p for p in build.stray_cell(tmp_path) if "XFD1048576" in p.name)
    merged = next(p for p in build.merged_to_last_cell(tmp_path) if "over_table" in p.name)
    xml = next(p for p in build.xml2003_huge_merge(tmp_path) if "across" in p.name)
    huge = next(p for p in build.count_1e33(tmp_path, district="西山区") if p.suffix == ".xlsx")
    s = Store.open(sample_db_copy)
    before = s.scalar("select count(*) from observations")
    s.close()
    with streamlit_server(sample_db_copy) as url, browser_page(1366, 900) as page:
        other = page.context.browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN").new_page()
        page.goto(f"{url}/upload")
        page.wait_for_selector("[data-testid='stFileUploader']")
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files([str(stray), str(merged), str(xml), str(huge)])
        page.get_by_text("可导入的文件").wait_for(timeout=90_000)
        wait_for_app(page)
        # 1e33 in a count cell: named at its cell with the bound, never a crash at the store.
        page.get_by_text("超过上限").first.wait_for(timeout=30_000)
        assert page.get_by_text("B5").count() >= 1
        # Every file has its line in the review: read, judged and shown.
        for path in (stray, merged, xml, huge):
            assert page.get_by_text(path.name).count() >= 1, path.name
        assert page.get_by_text("Traceback").count() == 0
        # Meanwhile another person reads the overview.
        other.goto(f"{url}/")
        other.wait_for_function("() => document.querySelectorAll('[data-testid=\"stMetric\"]').length >= 5", timeout=60_000)
        assert other.get_by_text("会员人数").count() >= 1
    s = Store.open(sample_db_copy)
    after = s.scalar("select count(*) from observations")
    s.close()
    assert after == before  # nothing committed: the review only reads
