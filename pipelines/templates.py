"""The standard return workbook for one district and quarter, and the issue report sent back to a
district. Both are .xlsx written with xlsxwriter; both read back through the same pipeline."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipelines.grid import cell_address, column_letters
from pipelines.issues import Issue
from pipelines.periods import Period
from pipelines.registry import Breakdown, Registry

Values = dict[tuple[str, str], Decimal | int]  # (indicator, breakdown) -> value in the dictionary's unit

FIRST_DATA_ROW = 4  # 0-based: title, 填报单位 line, header, then 合计


def _wan(value: Decimal | int) -> Decimal:
    return Decimal(value) / Decimal(10000)


def build_template(registry: Registry, district: str, period: str, values: Values | None = None) -> bytes:
    """The four forms as sheets in the city's layout; input cells unlocked and validated, 合计 as
    formulas over the rows that add up to it, money in 万元 with two decimals, an instructions sheet.
    `values` pre-fills the cells (and the formulas' cached results), e.g. to return a corrected copy."""
    d = registry.district(district)
    p = Period.parse_code(period)
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    wb.set_properties({"title": f"{d.name}{p.label}工会统计报表", "author": registry.city["federation_name"], "created": dt.datetime(2025, 1, 1)})
    title = wb.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
    head = wb.add_format({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1, "bg_color": "#F2F2F2"})
    label = wb.add_format({"border": 1})
    total_label = wb.add_format({"border": 1, "bold": True})
    count_in = wb.add_format({"border": 1, "locked": False, "num_format": "#,##0", "bg_color": "#FFF9E6"})
    money_in = wb.add_format({"border": 1, "locked": False, "num_format": "#,##0.00", "bg_color": "#FFF9E6"})
    count_total = wb.add_format({"border": 1, "bold": True, "num_format": "#,##0"})
    money_total = wb.add_format({"border": 1, "bold": True, "num_format": "#,##0.00"})
    note = wb.add_format({"font_color": "#555555"})
    values = values or {}

    _instructions(wb, registry, d.name, p)
    for form in registry.forms:
        ws = wb.add_worksheet(form.number)
        inds = [i for i in registry.indicators_of(form.code) if i.layout == "column" and not i.derived]
        rows = registry.breakdowns_of(form.dimension)
        last_col = len(inds)
        ws.merge_range(0, 0, 0, last_col, f"{d.name}{p.label}{form.name}统计表", title)
        money = any(i.is_money for i in inds)
        ws.write(1, 0, f"填报单位（盖章）：{d.name}总工会")
        ws.write(1, last_col, "金额单位：万元" if money else "单位：个、人")
        ws.write(2, 0, "项目", head)
        for c, ind in enumerate(inds, 1):
            unit = "万元" if ind.is_money else ind.unit
            ws.write(2, c, f"{ind.name}（{unit}）", head)
            ws.set_column(c, c, 14)
        ws.set_column(0, 0, 30)
        ws.set_row(2, 36)
        parts = [b for b in rows if b.sums_to_parent and b.parent == "all"]
        r = FIRST_DATA_ROW - 1
        positions: dict[str, int] = {}
        for b in rows:
            positions[b.code] = r
            ws.write(r, 0, b.name if b.code == "all" or b.parent == "all" or not b.parent else f"　　{b.name}",
                     total_label if b.code == "all" else label)
            r += 1
        for c, ind in enumerate(inds, 1):
            letter = column_letters(c)
            fmt_in, fmt_total = (money_in, money_total) if ind.is_money else (count_in, count_total)
            for b in rows:
                rr = positions[b.code]
                v = values.get((ind.code, b.code))
                shown = (_wan(v) if ind.is_money else v) if v is not None else None
                if b.code == "all" and parts:
                    cells = f"{letter}{positions[parts[0].code] + 1}:{letter}{positions[parts[-1].code] + 1}"
                    cached = sum(((_wan(values[(ind.code, x.code)]) if ind.is_money else Decimal(values[(ind.code, x.code)]))
                                  for x in parts if (ind.code, x.code) in values), Decimal(0))
                    ws.write_formula(rr, c, f"=SUM({cells})", fmt_total, float(cached) if ind.is_money else int(cached))
                else:
                    ws.write(rr, c, float(shown) if isinstance(shown, Decimal) else shown, fmt_in)
            _validate(ws, positions, rows, parts, c, ind.is_money)
        for ind in registry.indicators_of(form.code):
            if ind.layout == "line":
                r += 1
                ws.write(r, 0, ind.name, label)
                v = values.get((ind.code, "all"))
                ws.write(r, 1, v, count_in)
                ws.write(r, 2, ind.unit)
                ws.data_validation(r, 1, r, 1, {"validate": "integer", "criteria": ">=", "value": 0,
                                                 "error_title": "输入有误", "error_message": "请填写不小于 0 的整数。"})
        ws.write(r + 2, 0, "填表人：            审核人：            联系电话：", note)
        ws.write(r + 3, 0, "注：黄色单元格为填报项。" + ("“合计”行自动求和，请勿修改。" if parts else "")
                 + ("金额单位为万元，保留两位小数。" if money else ""), note)
        # Printed on A4 landscape, one page wide, the title and header on every page.
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0, FIRST_DATA_ROW - 2)
        ws.center_horizontally()
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True, "format_rows": True})
        ws.freeze_panes(FIRST_DATA_ROW - 1, 1)
    wb.close()
    return out.getvalue()


def _validate(ws: Worksheet, positions: dict[str, int], rows: tuple[Breakdown, ...], parts: list[Breakdown], c: int, money: bool) -> None:
    for b in rows:
        if b.code == "all" and parts:
            continue
        r = positions[b.code]
        rule = ({"validate": "decimal", "criteria": ">=", "value": 0, "error_message": "请填写不小于 0 的数字，金额单位为万元，最多两位小数。"}
                if money else {"validate": "integer", "criteria": ">=", "value": 0, "error_message": "请填写不小于 0 的整数。"})
        ws.data_validation(r, c, r, c, {**rule, "error_title": "输入有误"})


def _instructions(wb: Workbook, registry: Registry, district: str, p: Period) -> None:
    ws = wb.add_worksheet("填表说明")
    bold = wb.add_format({"bold": True, "font_size": 14})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    ws.set_column(0, 0, 100)
    lines = [
        f"{district}{p.label}（{p.ytd_label}）工会统计报表 填表说明",
        "1. 本工作簿包含表一至表四，请在黄色单元格中填写；合计行由公式自动计算，请勿改动表头和行名。",
        "2. 表一为期末数；表二“本期”为本季度发生数，“本年累计”为1月至本季度末累计数；表三、表四为本年累计数。",
        "3. 金额单位为万元，保留两位小数；其他为整数。没有发生的请填 0，不要写“约”“近”“多”等字样。",
        "4. “其中”项不能大于总数；各分组之和应等于合计。",
        f"5. 填好后发送给{registry.city['federation_name']}；系统会自动检查，有问题会列出具体单元格。",
    ]
    for r, text in enumerate(lines):
        ws.write(r, 0, text, bold if r == 0 else wrap)


def issue_report(issues: list[Issue], districts: dict[tuple[str, str], str] | None = None) -> bytes:
    """One row per issue for the clerk who fixes the return: 区县, file, sheet, cell apart, problem, what
    to do — in Chinese only. `districts` names the district of a (file, sheet) where it is known."""
    districts = districts or {}
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = wb.add_worksheet("问题清单")
    head = wb.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    red = wb.add_format({"font_color": "#C00000", "bold": True, "valign": "top", "border": 1})
    columns = [("区县", 10), ("文件", 28), ("工作表", 14), ("单元格", 8), ("严重程度", 10), ("问题", 60), ("处理办法", 50)]
    for c, (name, width) in enumerate(columns):
        ws.write(0, c, name, head)
        ws.set_column(c, c, width)
    for r, i in enumerate(issues, 1):
        district = districts.get((i.file, i.sheet)) or districts.get((i.file, "")) or ""
        row = [district, i.file, i.sheet, i.cell, "错误" if i.severity == "error" else "提醒", i.message, i.advice]
        for c, v in enumerate(row):
            # write_string: a value such as "=1+1" in a message stays text, never a formula.
            ws.write_string(r, c, str(v), red if c == 4 and i.severity == "error" else wrap)
    ws.autofilter(0, 0, max(1, len(issues)), len(columns) - 1)
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    wb.close()
    return out.getvalue()


__all__ = ["build_template", "issue_report", "cell_address"]
