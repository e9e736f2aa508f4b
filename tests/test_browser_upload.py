"""An analyst in Chromium: upload a return, see its issues, commit, see the overview change;
download the issue report and a template and read both back with the pipeline."""

from __future__ import annotations

import io

import pytest
import python_calamine

from insights import fmt
from pipelines.planning import Planner
from pipelines.store import Store
from tests.browser import SCREENSHOTS, browser_page, open_page, streamlit_server
from tests.builders import consistent_values, write_return


def metric_value(page, label: str) -> str:
    card = page.locator("[data-testid='stMetric']", has_text=label).first
    return card.locator("[data-testid='stMetricValue']").inner_text().strip()


@pytest.mark.browser
def test_upload_commit_and_see_the_overview_change(sample_db_copy, registry, tmp_path):
    s = Store.open(sample_db_copy)
    before = s.scalar("select sum(value) from current_observations where period='2026-Q3' and indicator='unions' and breakdown='all'")
    donghu = s.scalar("select value from current_observations where period='2026-Q3' and indicator='unions' and breakdown='all' and district='donghu'")
    s.close()
    values = consistent_values(registry, "coverage", scale=3)
    good = write_return(tmp_path / "东湖区2026Q3.xlsx", registry, "donghu", "2026-Q3", "coverage", values)
    bad_values = dict(values)
    bad_values[("members", "institution")] = "近9.6万"
    bad = write_return(tmp_path / "西山区2026Q3.xlsx", registry, "xishan", "2026-Q3", "coverage", bad_values)
    expected_after = fmt.amount(before - donghu + values[("unions", "all")], "个")  # type: ignore[operator]

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with streamlit_server(sample_db_copy) as url, browser_page(1366, 900) as page:
        page.goto(f"{url}/upload")
        page.wait_for_selector("[data-testid='stFileUploader']")
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files([str(good), str(bad)])
        # st.dataframe draws on a canvas; its accessible cells are in the DOM but not "visible"
        page.get_by_text("“近9.6万”不是数字").first.wait_for(state="attached", timeout=60_000)
        page.screenshot(path=str(SCREENSHOTS / "upload-review.png"), full_page=True)

        with page.expect_download() as report:
            page.get_by_role("button", name="下载问题清单（发给区县修改）").click()
        report_bytes = report.value.path().read_bytes()
        rows = python_calamine.CalamineWorkbook.from_object(io.BytesIO(report_bytes)).get_sheet_by_index(0).to_python()
        assert rows[1][:5] == ["西山区", "西山区2026Q3.xlsx", "表一", "H6", "错误"]

        # A real return beside the sample city: the analyst is offered to clear the sample first.
        assert page.get_by_text("数据库中还有示例数据").count() == 1
        assert page.get_by_role("button", name="删除示例数据（可在“数据管理”重新载入）").count() == 1
        page.get_by_role("button", name="导入 1 个文件").click()
        page.get_by_text("已导入 1 个文件").wait_for(timeout=60_000)
        # Nothing is left to import: the button no longer invites a second click.
        page.get_by_role("button", name="导入 0 个文件").wait_for(timeout=60_000)
        assert page.get_by_role("button", name="导入 0 个文件").is_disabled()
        open_page(page, "总览", "/")
        page.wait_for_function(
            "(v) => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')].some(e => e.innerText.trim() === v)",
            arg=expected_after, timeout=60_000,
        )
        assert metric_value(page, "基层工会数") == expected_after

        open_page(page, "模板下载", "/templates")
        page.get_by_role("button", name="下载").first.wait_for()
        with page.expect_download() as template:
            page.locator("[data-testid='stDownloadButton'] button").first.click()
        path = tmp_path / template.value.suggested_filename
        template.value.save_as(path)
    [plan] = Planner(registry).plan(Planner(registry).read([path]))
    assert sorted(r.ret.form for r in plan.returns) == ["aid", "competitions", "coverage", "membership"]
    assert all(r.ret.district == "chengzhong" for r in plan.returns)
