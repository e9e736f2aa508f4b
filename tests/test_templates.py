"""The template workbook round-trips through the pipeline exactly; the issue report reads back."""

from __future__ import annotations

from decimal import Decimal

import python_calamine

from pipelines.issues import issue
from pipelines.ledger import Ledger
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
    ledger = Ledger(None, registry)
    [plan] = ledger.plan(ledger.read([path]))
    ledger.compare(plan)
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
    data = issue_report(issues)
    wb = python_calamine.CalamineWorkbook.from_object(__import__("io").BytesIO(data))
    rows = wb.get_sheet_by_name("问题清单").to_python()
    assert rows[0] == ["文件", "工作表", "单元格", "严重程度", "问题", "处理办法", "代码"]
    assert rows[1][:5] == ["东湖区2025Q3.xlsx", "表四", "D9", "错误", "“近9.6万”不是数字（含“近”，是估计值）"]
    assert rows[2][2:4] == ["F4", "提醒"]
    assert rows[2][4].startswith("“=1+1”各分组之和")  # text stays text, never a formula
