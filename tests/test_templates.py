"""The template workbook round-trips through the pipeline exactly; the issue report reads back."""

from __future__ import annotations

from decimal import Decimal

import python_calamine

from pipelines.issues import issue
from pipelines.planning import Planner
from pipelines.templates import build_template, issue_report
from tests.builders import consistent_values


def test_filled_template_round_trips_exactly(tmp_path, registry):
    values = {}
    for form in ("coverage", "membership", "competitions", "aid"):
        values.update(consistent_values(registry, form))
    values[("economic_benefit", "it")] = 12345678  # 1234.5678 万元 in the sheet, exactly 12345678 元 stored
    values[("economic_benefit", "all")] = sum(values[("economic_benefit", b.code)] for b in registry.breakdowns_of("industry") if b.code != "all")
    path = tmp_path / "东湖区2025Q3.xlsx"
    path.write_bytes(build_template(registry, "donghu", "2025-Q3", values))
    planner = Planner(registry)
    [plan] = planner.plan(planner.read([path]))
    planner.soft_check(plan)
    assert [i.render() for i in plan.all_issues] == []
    assert sorted(r.ret.form for r in plan.returns) == ["aid", "competitions", "coverage", "membership"]
    got = {k: v for r in plan.returns for k, v in r.ret.values().items()}
    assert got == {k: Decimal(v) for k, v in values.items()}


def test_empty_template_is_the_official_layout(registry):
    data = build_template(registry, "gaoxin", "2026-Q1")
    wb = python_calamine.CalamineWorkbook.from_object(__import__("io").BytesIO(data))
    assert wb.sheet_names == ["填表说明", "表一", "表二", "表三", "表四"]
    sheet = wb.get_sheet_by_name("表四").to_python(skip_empty_area=False)
    assert sheet[0][0] == "高新区2026年第一季度困难职工帮扶和慰问情况统计表"
    assert sheet[2][:4] == ["项目", "帮扶户数（户）", "帮扶人次（人次）", "帮扶金额（万元）"]
    assert [row[0] for row in sheet[3:11]] == ["合计", "生活救助", "医疗救助", "助学救助", "就业帮扶", "送温暖慰问", "一线职工慰问", "其他"]


def test_issue_report_has_one_row_per_issue_with_the_cell_apart(tmp_path):
    issues = [
        issue("value.qualified", "东湖区2025Q3.xlsx", "表四", "D9", text="近9.6万", word="近"),
        issue("check.breakdown_sum", "东湖区2025Q3.xlsx", "表三", "F4", indicator="=1+1", parts_value="80", total_value="82", diff="-2"),
    ]
    data = issue_report(issues, {("东湖区2025Q3.xlsx", "表四"): "东湖区"})
    wb = python_calamine.CalamineWorkbook.from_object(__import__("io").BytesIO(data))
    rows = wb.get_sheet_by_name("问题清单").to_python()
    # What a county clerk needs, in Chinese only: no internal codes.
    assert rows[0] == ["区县", "文件", "工作表", "单元格", "严重程度", "问题", "处理办法"]
    assert rows[1][:6] == ["东湖区", "东湖区2025Q3.xlsx", "表四", "D9", "错误", "“近9.6万”不是数字（含“近”，是估计值）"]
    assert rows[2][:5] == ["", "东湖区2025Q3.xlsx", "表三", "F4", "提醒"]
    assert rows[2][5].startswith("“=1+1”各分组之和")  # text stays text, never a formula
    assert not any("." in str(v) and str(v).islower() for r in rows for v in r)  # no codes such as value.qualified


def test_template_notes_fit_each_form_and_it_prints_on_a4_landscape(registry):
    import io
    import zipfile

    data = build_template(registry, "donghu", "2025-Q3")
    wb = python_calamine.CalamineWorkbook.from_object(io.BytesIO(data))
    notes = {name: [r[0] for r in wb.get_sheet_by_name(name).to_python() if str(r[0]).startswith("注：")][0] for name in ("表一", "表二", "表三", "表四")}
    assert notes["表一"] == "注：黄色单元格为填报项。“合计”行自动求和，请勿修改。"
    assert notes["表二"] == "注：黄色单元格为填报项。"  # its groups overlap: no 合计 formula, no money
    assert notes["表四"] == "注：黄色单元格为填报项。“合计”行自动求和，请勿修改。金额单位为万元，保留两位小数。"
    archive = zipfile.ZipFile(io.BytesIO(data))
    sheet = archive.read("xl/worksheets/sheet2.xml").decode()
    assert 'orientation="landscape"' in sheet and 'paperSize="9"' in sheet and 'fitToHeight="0"' in sheet
    assert "_xlnm.Print_Titles" in archive.read("xl/workbook.xml").decode()
