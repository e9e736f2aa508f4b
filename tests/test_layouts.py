"""Layouts first seen in the county_archive foreign corpus, each built here small so a failure names the
rule: sub-columns headed by periods (this year's beside last year's), the header printed again on the
next page, and a tab-separated export with the forms stacked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter

from pipelines.planning import Planner
from tests.builders import consistent_values


def _aid_inds(registry):
    return [i for i in registry.indicators_of("aid") if i.layout == "column" and not i.derived]


def _plan(registry, path: Path):
    planner = Planner(registry)
    [plan] = planner.plan(planner.read([path]))
    return plan


def _stored(plan) -> dict[tuple[str, str], Decimal]:
    return {(o.indicator, o.breakdown): o.value for r in plan.returns for o in r.ret.observations}


def _dated(path: Path, registry, title: str) -> tuple[Path, dict[tuple[str, str], int]]:
    """表四 whose every indicator has two sub-columns, 2025.01-06 and 2024.01-06 (last year's = this year's + 1)."""
    values = consistent_values(registry, "aid")
    rows = registry.breakdowns_of("category")
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表四")
    ws.write(0, 0, title)
    ws.write(1, 0, "填报单位：东湖区总工会")
    ws.merge_range(2, 0, 3, 0, "项目")
    for n, ind in enumerate(_aid_inds(registry)):
        ws.merge_range(2, 1 + 2 * n, 2, 2 + 2 * n, f"{ind.name}（{ind.unit}）")
        ws.write(3, 1 + 2 * n, "2025.01-06")
        ws.write(3, 2 + 2 * n, "2024.01-06")
    for k, b in enumerate(rows):
        ws.write(4 + k, 0, b.name)
        for n, ind in enumerate(_aid_inds(registry)):
            ws.write(4 + k, 1 + 2 * n, values[(ind.code, b.code)])
            ws.write(4 + k, 2 + 2 * n, values[(ind.code, b.code)] + 1)
    r = 5 + len(rows)
    ws.write(r, 0, "在档困难职工户数")
    ws.write(r, 1, values[("hardship_households", "all")])
    ws.write(r + 1, 0, "本年解困脱困户数")
    ws.write(r + 1, 1, values[("hardship_exited_ytd", "all")])
    wb.close()
    return path, values


def test_sub_columns_headed_by_periods_store_the_returns_period_and_note_the_other(registry, tmp_path):
    path, values = _dated(tmp_path / "东湖区2025年上半年帮扶.xlsx", registry, "东湖区总工会困难职工帮扶和慰问情况统计表（2025.01-06）")
    plan = _plan(registry, path)
    assert [i.render() for i in plan.errors] == []
    [ret] = [r.ret for r in plan.returns]
    assert (ret.district, ret.period) == ("donghu", "2025-Q2")
    assert _stored(plan) == {k: Decimal(v) for k, v in values.items()}  # never last year's (+1) figures
    [note] = [i for i in plan.all_issues if i.code == "header.extra_columns"]
    assert note.message.startswith(f"{len(_aid_inds(registry))} 列不是本表的数据，未导入（2024.01-06；")


def test_a_title_of_another_period_than_the_dated_header_is_a_conflict(registry, tmp_path):
    """The title says 1-9月 but the newest column is headed 2025.01-06: which figures are 1-9月 is not guessed."""
    path, _ = _dated(tmp_path / "东湖区帮扶.xlsx", registry, "东湖区总工会2025年1-9月困难职工帮扶和慰问情况统计表")
    plan = _plan(registry, path)
    assert not plan.accepted
    [error] = [i for i in plan.errors if i.code == "period.conflict"]
    assert "统计期不一致：2025年第三季度" in error.render()
    assert "与 2025年第二季度（表头 B4“2025.01-06”）" in error.render(), error.render()


def test_a_header_printed_again_on_the_next_page_continues_the_table(registry, tmp_path):
    values = consistent_values(registry, "aid")
    rows = registry.breakdowns_of("category")
    inds = _aid_inds(registry)
    path = tmp_path / "南港区2025年1-9月帮扶.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表四")
    ws.write(0, 0, "南港区2025年1-9月困难职工帮扶和慰问情况统计表")
    header = ["项　　目", *(f"{i.name}\n（{i.unit}）" for i in inds)]
    ws.write_row(1, 0, header)
    r = 2
    for k, b in enumerate(rows):
        if k == 3:
            ws.write_row(r, 0, header)  # page 2 starts with the header again
            r += 1
        ws.write_row(r, 0, [b.name, *(values[(i.code, b.code)] for i in inds)])
        r += 1
    ws.write_row(r + 1, 0, ["在档困难职工户数", values[("hardship_households", "all")]])
    ws.write_row(r + 2, 0, ["本年解困脱困户数", values[("hardship_exited_ytd", "all")]])
    wb.close()
    plan = _plan(registry, path)
    assert [i.render() for i in plan.errors] == []
    assert len(plan.returns) == 1
    assert _stored(plan) == {k: Decimal(v) for k, v in values.items()}


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16"])
def test_a_tab_separated_export_with_forms_of_different_widths(registry, tmp_path, encoding):
    """No comma anywhere, the title lines without a tab: still tab-separated. GB18030 (with a name GBK
    lacks), or UTF-16 with its byte-order mark as Excel's "Unicode 文本" writes it."""
    values = consistent_values(registry, "aid")
    inds = _aid_inds(registry)
    lines = ["南港区工会2025年1-9月工会统计报表", "填报单位：南港区工会\t\t填报日期：2025年10月8日", "",
             "表四　困难职工帮扶和慰问情况统计表", "\t".join(["项目", *(f"{i.name}（{i.unit}）" for i in inds)])]
    lines += ["\t".join([b.name, *(str(values[(i.code, b.code)]) for i in inds)]) for b in registry.breakdowns_of("category")]
    lines += [f"在档困难职工户数（户）\t{values[('hardship_households', 'all')]}", f"本年解困脱困户数（户）\t{values[('hardship_exited_ytd', 'all')]}",
              "", "填表人：刘䶮\t审核人：钱卫东"]
    path = tmp_path / "南港区工会2025年1-9月统计报表.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    plan = _plan(registry, path)
    assert [i.render() for i in plan.errors] == []
    assert _stored(plan) == {k: Decimal(v) for k, v in values.items()}


def test_a_bilingual_template_reads_the_chinese_and_a_part_row_is_said_not_stored(registry, tmp_path):
    """Labels glossed in English ("Total 合计", "incl. female 其中：女会员") are read by their Chinese; a 其中 row
    the form does not have (其中：港澳台企业 under 非公有制企业) is a warning naming it, never data."""
    values = consistent_values(registry, "coverage")
    inds = [i for i in registry.indicators_of("coverage") if i.layout == "column" and not i.derived]
    english = {"all": "Total", "government": "Government", "institution": "Public institutions", "soe": "SOEs",
               "collective": "Collective", "non_public": "Non-public", "social_org": "Social organisations"}
    path = tmp_path / "高新区2025年1-9月组织建设.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表一 Table 1")
    ws.write(0, 0, "高新区2025年1-9月工会组织建设情况统计表 Union coverage")
    ws.write_row(1, 0, ["Item 项目", *(f"Indicator {n} {i.name}（{i.unit}）" for n, i in enumerate(inds))])
    r = 2
    for b in registry.breakdowns_of("unit_type"):
        ws.write_row(r, 0, [f"{english[b.code]} {b.name}", *(values[(i.code, b.code)] for i in inds)])
        r += 1
        if b.code == "non_public":
            ws.write_row(r, 0, ["incl. HK/Macao/Taiwan 其中：港澳台企业", *(1 for _ in inds)])
            r += 1
    wb.close()
    plan = _plan(registry, path)
    assert [i.render() for i in plan.errors] == []
    assert _stored(plan) == {k: Decimal(v) for k, v in values.items()}
    [part] = [i for i in plan.all_issues if i.code == "row.extra_part"]
    assert part.render() == ("高新区2025年1-9月组织建设.xlsx › 表一 Table 1 › A9：其中行“incl. HK/Macao/Taiwan 其中：港澳台企业”不是本表的分组，"
                             "未导入。它是上一行“非公有制企业”的一部分，“非公有制企业”已按其本身的数字导入，无需处理；如这一行应单独统计，请与市总工会联系。")


def _ledger_sheet(wb, registry) -> None:
    """明细: a row per street and unit type, as a clerk's working ledger (no 合计)."""
    inds = _aid_inds(registry)
    ws = wb.add_worksheet("明细")
    ws.write_row(0, 0, ["序号", "街道", "类别", *(f"{i.name}（{i.unit}）" for i in inds)])
    r = 1
    for b in registry.breakdowns_of("category")[1:]:
        for street in ("东湖街道", "湖滨街道", "梅林镇"):
            ws.write_row(r, 0, [r, street, b.name, *(3 for _ in inds)])
            r += 1


def test_a_pivot_table_and_a_working_ledger_are_skipped_and_said(registry, tmp_path):
    path, _ = _dated(tmp_path / "东湖区2025年上半年帮扶.xlsx", registry, "东湖区总工会困难职工帮扶和慰问情况统计表（2025.01-06）")
    wb = xlsxwriter.Workbook(str(tmp_path / "东湖区2025年1-6月帮扶（含透视表）.xlsx"))
    _ledger_sheet(wb, registry)
    pivot = wb.add_worksheet("数据透视表")
    pivot.write_row(0, 0, ["类别", "(全部)"])
    pivot.write_row(2, 0, ["行标签", "求和项:帮扶户数（户）", "求和项:帮扶金额（元）"])
    pivot.write_row(3, 0, ["东湖街道", 21, 63000])
    pivot.write_row(4, 0, ["总计", 21, 63000])
    wb.close()
    planner = Planner(registry)
    plans = planner.plan(planner.read([path, tmp_path / "东湖区2025年1-6月帮扶（含透视表）.xlsx"]))
    by_name = {p.display_name: p for p in plans}
    assert by_name["东湖区2025年上半年帮扶.xlsx"].accepted
    ledger_plan = by_name["东湖区2025年1-6月帮扶（含透视表）.xlsx"]
    # Nothing of the working sheets is stored, and the file says so rather than passing silently.
    assert ledger_plan.returns == [] and not ledger_plan.accepted
    codes = sorted(i.code for i in ledger_plan.all_issues)
    assert codes == ["form.no_returns", "sheet.not_return", "sheet.not_return"], codes


def test_a_workbook_named_for_two_districts_reads_each_sheets_own(registry, tmp_path):
    """"帮扶统计（城中区、云台市）.xlsx" holds each district's 表四 on its own sheet: the name speaks for
    neither (it made both a district conflict); each sheet's title says whose it is."""
    from tests.builders import write_return

    values = consistent_values(registry, "aid")
    parts = [write_return(tmp_path / f"{d}.xlsx", registry, d, "2025-Q2", "aid", values) for d in ("chengzhong", "yuntai")]
    import python_calamine

    path = tmp_path / "2025年二季度困难职工帮扶统计（城中区、云台市）.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for name, part in zip(("城中区", "云台市"), parts, strict=True):
        ws = wb.add_worksheet(name)
        for r, row in enumerate(python_calamine.CalamineWorkbook.from_path(str(part)).get_sheet_by_index(0).to_python()):
            ws.write_row(r, 0, row)
    wb.close()
    plan = _plan(registry, path)
    assert [i.render() for i in plan.errors] == []
    assert sorted(r.ret.district for r in plan.returns) == ["chengzhong", "yuntai"]


def test_a_misspelt_sub_row_is_an_error_never_a_part_left_out(registry, tmp_path):
    """其中 rows the form does have (货车司机 under 新就业形态劳动者) are never taken for an extra part: a misspelt
    one is an unknown row, so 表二 is not stored without it."""
    values = consistent_values(registry, "membership")
    inds = [i for i in registry.indicators_of("membership") if i.layout == "column" and not i.derived]
    path = tmp_path / "东湖区2025年1-9月会员发展.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表二")
    ws.write(0, 0, "东湖区2025年1-9月会员发展情况统计表")
    ws.write_row(1, 0, ["项目", *(f"{i.name}（{i.unit}）" for i in inds)])
    for k, b in enumerate(registry.breakdowns_of("group")):
        label = "其中：货车司几" if b.code == "truck" else b.name
        ws.write_row(2 + k, 0, [label, *(values[(i.code, b.code)] for i in inds)])
    wb.close()
    plan = _plan(registry, path)
    assert not plan.accepted
    assert [i.code for i in plan.errors] == ["row.unknown_label"], [i.render() for i in plan.errors]
    assert "row.extra_part" not in {i.code for i in plan.all_issues}
