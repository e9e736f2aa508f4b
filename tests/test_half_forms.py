"""Never half a form stored quietly: a table with fewer than half of its form's indicators, or none
recognised, is an error naming the header rows read and what was found there."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from pipelines.planning import Planner


def _write(path: Path, header: list[str], rows: list[list[object]], title: str) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表四")
    ws.write(0, 0, title)
    ws.write(1, 0, "填报单位：南港区总工会")
    ws.write_row(2, 0, header)
    for n, row in enumerate(rows):
        ws.write_row(3 + n, 0, row)
    wb.close()
    return path


CATEGORIES = ["合计", "生活救助", "医疗救助"]


def test_a_table_with_two_of_its_eight_indicators_is_an_error_naming_what_it_read(registry, tmp_path):
    path = _write(tmp_path / "南港区2025年1-9月帮扶.xlsx", ["项目", "帮扶户数（户）", "帮扶金额（元）"],
                  [["合计", 30, 9000], ["生活救助", 20, 6000], ["医疗救助", 10, 3000]], "南港区2025年1-9月困难职工帮扶和慰问情况统计表")
    planner = Planner(registry)
    [plan] = planner.plan(planner.read([path]))
    assert not plan.accepted
    [error] = [i for i in plan.errors if i.code == "header.unrecognised"]
    assert error.render() == (
        "南港区2025年1-9月帮扶.xlsx › 表四：表头（第 3 行）中认出的本表指标太少：只认出 2/8 个（帮扶户数（户）→帮扶户数、帮扶金额（元）→帮扶金额）。"
        "本表应有的指标为：帮扶户数、帮扶人次、帮扶金额、工会经费、财政资金、社会捐助、在档困难职工户数、本年解困脱困户数。"
        "请使用市总工会下发的模板表头；如表头只是写法不同，请在“数据上报”页为每一列选择对应的指标。"
    )


def test_a_titled_form_whose_header_names_nothing_is_an_error_not_a_skipped_sheet(registry, tmp_path):
    path = _write(tmp_path / "南港区2025年1-9月帮扶.xlsx", ["项目", "甲指标", "乙指标"],
                  [["合计", 30, 9000], ["生活救助", 20, 6000], ["医疗救助", 10, 3000]], "南港区2025年1-9月困难职工帮扶和慰问情况统计表")
    planner = Planner(registry)
    [plan] = planner.plan(planner.read([path]))
    assert not plan.accepted
    [error] = [i for i in plan.errors if i.code == "header.unrecognised"]
    assert error.sheet == "表四" and "没有一列能确定" in error.message and "第3行：项目 甲指标 乙指标" in error.message
    assert not any(o for r in plan.returns for o in r.ret.observations)


def test_a_table_missing_a_few_indicators_is_stored_with_a_warning_for_each(registry, tmp_path):
    header = ["项目", "帮扶户数（户）", "帮扶人次（人次）", "帮扶金额（元）", "其中：工会经费（元）", "财政资金（元）"]
    rows = [["合计", 30, 40, 9000, 5000, 4000], ["生活救助", 20, 25, 6000, 3000, 3000], ["医疗救助", 10, 15, 3000, 2000, 1000]]
    path = _write(tmp_path / "南港区2025年1-9月帮扶.xlsx", header, rows, "南港区2025年1-9月困难职工帮扶和慰问情况统计表")
    planner = Planner(registry)
    [plan] = planner.plan(planner.read([path]))
    assert plan.accepted, [i.render() for i in plan.errors]
    assert plan.returns[0].ret.missing == ["aid_amount_donations", "hardship_households", "hardship_exited_ytd"]
    warned = [i.params["indicator"] for i in plan.all_issues if i.code == "header.missing_indicator"]
    assert warned == ["社会捐助", "在档困难职工户数", "本年解困脱困户数"]
    assert plan.returns[0].ret.values()[("aid_amount_fiscal", "medical")] == 1000
