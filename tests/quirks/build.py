"""Writes the reference samples: tiny returns, one real-world quirk each, that must all yield exactly
the observations in expected_<form>.csv (see tests/test_quirks.py). Run after changing a quirk:

    .venv/bin/python -m tests.quirks.build

Each quirk is a small function that edits a canonical layout (the city's template); the layout is
then written as .xlsx (or .xls / CSV / XML 2003 where the quirk is the format itself).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pipelines.numbers import format_decimal
from pipelines.registry import Registry, load_registry
from tests.builders import consistent_values

HERE = Path(__file__).parent
FILES = HERE / "files"
DISTRICT, PERIOD = "donghu", "2025-Q3"


@dataclass
class Layout:
    """A sheet as rows of cell values plus merges; quirks edit it before it is written."""

    form: str
    sheet: str
    rows: list[list[object]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: list[int] = field(default_factory=list)
    hidden_sheet: bool = False
    extra_sheets: list[tuple[str, list[list[object]], bool]] = field(default_factory=list)  # name, rows, hidden
    number_formats: dict[tuple[int, int], str] = field(default_factory=dict)
    file_name: str = "东湖区2025Q3.xlsx"

    def find(self, text: str) -> tuple[int, int]:
        for r, row in enumerate(self.rows):
            for c, v in enumerate(row):
                if v == text:
                    return r, c
        raise KeyError(text)

    def width(self) -> int:
        return max(len(r) for r in self.rows)


def columns(reg: Registry, form: str) -> list[str]:
    return [i.code for i in reg.indicators_of(form) if i.layout == "column" and not i.derived]


def base(reg: Registry, form: str) -> Layout:
    """The template: title, 填报单位 line, one header row, 合计 first, single-value lines, footer."""
    values = consistent_values(reg, form)
    f = reg.form(form)
    inds = columns(reg, form)
    width = len(inds) + 1
    title = f"东湖区2025年第三季度{f.name}统计表"
    rows: list[list[object]] = [[title] + [None] * (width - 1)]
    filler: list[object] = [None] * width
    filler[0] = "填报单位（盖章）：东湖区总工会"
    filler[width // 2] = "填报日期：2025年10月12日"
    filler[-1] = "单位：元、个、人"
    rows.append(filler)
    rows.append(["项目", *(f"{reg.indicator(i).name}（{reg.indicator(i).unit}）" for i in inds)])
    for b in reg.breakdowns_of(f.dimension):
        rows.append([b.name, *(values[(i, b.code)] for i in inds)])
    for ind in reg.indicators_of(form):
        if ind.layout == "line":
            rows.append([ind.name, values[(ind.code, "all")], ind.unit] + [None] * (width - 3))
    rows.append(["填表人：张三    审核人：李四    联系电话：0571-88886666"] + [None] * (width - 1))
    return Layout(form, f.number, rows, merges=[(0, 0, 0, width - 1)])


def expected(reg: Registry, form: str) -> dict[tuple[str, str], Decimal]:
    return {k: Decimal(str(v)) for k, v in consistent_values(reg, form).items()}


# ---------------------------------------------------------------------------------------------
# quirks: each edits a Layout in place; the docstring is the Chinese description in the manifest


def data_rows(lay: Layout) -> range:
    start = lay.find("项目")[0] + 1
    end = start
    while end < len(lay.rows) and lay.rows[end][0] not in (None, "") and not str(lay.rows[end][0]).startswith(("填表人", "在档")):
        end += 1
    return range(start, end)


def q_table_number(lay: Layout) -> None:
    """标题上方另有表号行“表15—4”"""
    lay.rows.insert(0, ["表15—4"] + [None] * (lay.width() - 1))
    lay.merges = [(r0 + 1, c0, r1 + 1, c1) for r0, c0, r1, c1 in lay.merges]


def q_unit_line_wan(lay: Layout) -> None:
    """单位行写“金额单位：万元”，金额按万元填写"""
    reg = load_registry()
    r, _ = lay.find("填报单位（盖章）：东湖区总工会")
    lay.rows[r][-1] = "金额单位：万元"
    hr = lay.find("项目")[0]
    for c, label in enumerate(lay.rows[hr]):
        code = _code_of(reg, lay.form, label)
        if code and reg.indicator(code).is_money:
            lay.rows[hr][c] = reg.indicator(code).name
            for rr in data_rows(lay):
                lay.rows[rr][c] = _wan(lay.rows[rr][c])


def q_label_unit_wins(lay: Layout) -> None:
    """单位行写“万元”，表头写“（元）”：以表头为准（另给提醒）"""
    r, _ = lay.find("填报单位（盖章）：东湖区总工会")
    lay.rows[r][-1] = "单位：万元"


def q_label_unit_wan(lay: Layout) -> None:
    """表头写“金额(万元)”，数值按万元填写（含四位小数）"""
    reg = load_registry()
    hr = lay.find("项目")[0]
    for c, label in enumerate(lay.rows[hr]):
        code = _code_of(reg, lay.form, label)
        if code and reg.indicator(code).is_money:
            lay.rows[hr][c] = f"{reg.indicator(code).name}(万元)"
            for rr in data_rows(lay):
                lay.rows[rr][c] = str(_wan(lay.rows[rr][c]))


def q_two_row_header(lay: Layout) -> None:
    """两行表头：分组标题横向合并，下面是“小计”“其中：…”"""
    reg = load_registry()
    hr = lay.find("项目")[0]
    labels = lay.rows[hr]
    top: list[object] = list(labels)
    bottom: list[object] = [None] * len(labels)
    groups = _groups(reg, lay.form)
    c = 1
    while c < len(labels):
        code = _code_of(reg, lay.form, labels[c])
        parent = next((p for p, kids in groups.items() if code == p or code in kids), None)
        if parent is None:
            lay.merges.append((hr, c, hr + 1, c))
            c += 1
            continue
        span = [parent, *groups[parent]]
        end = c + len(span) - 1
        top[c] = reg.indicator(parent).name + f"（{reg.indicator(parent).unit}）"
        for k, member in enumerate(span):
            top[c + k] = top[c] if k == 0 else None
            bottom[c + k] = "小计" if k == 0 else f"其中：{reg.indicator(member).name}"
        lay.merges.append((hr, c, hr, end))
        c = end + 1
    lay.merges.append((hr, 0, hr + 1, 0))
    lay.rows[hr] = top
    lay.rows.insert(hr + 1, bottom)


def q_three_row_header(lay: Layout) -> None:
    """三行表头：最上面一行“本年累计”横跨全部数据列"""
    q_two_row_header(lay)
    hr = lay.find("项目")[0]
    lay.rows.insert(hr, [None, "本年累计"] + [None] * (lay.width() - 2))
    lay.merges = [(r0 + (r0 >= hr), c0, r1 + (r1 >= hr), c1) for r0, c0, r1, c1 in lay.merges]
    lay.merges = [(hr, 0, hr + 2, 0) if (r0, c0) == (hr + 1, 0) else (r0, c0, r1, c1) for r0, c0, r1, c1 in lay.merges]
    lay.merges.append((hr, 1, hr, lay.width() - 1))


def q_wrapped_labels(lay: Layout) -> None:
    """表头文字折成上下两个单元格（“已建会单位” / “职工人数”）"""
    hr = lay.find("项目")[0]
    top: list[object] = [None] * lay.width()
    for c, label in enumerate(lay.rows[hr]):
        text = str(label)
        if c == 0:
            continue
        if len(text) > 6:
            top[c], lay.rows[hr][c] = text[:4], text[4:]
        else:
            lay.merges.append((hr, c, hr + 1, c))
    lay.rows.insert(hr, top)
    lay.merges = [(r0 + (r0 >= hr), c0, r1 + (r1 >= hr), c1) if (r0, c0, r1, c1) != (0, 0, 0, lay.width() - 1) else (r0, c0, r1, c1) for r0, c0, r1, c1 in lay.merges]
    lay.rows[hr][0] = "项目"
    lay.rows[hr + 1][0] = None
    lay.merges.append((hr, 0, hr + 1, 0))


def _relabel_rows(lay: Layout, labels: dict[str, str]) -> None:
    for r in data_rows(lay):
        if lay.rows[r][0] in labels:
            lay.rows[r][0] = labels[str(lay.rows[r][0])]


def q_sub_colon_full(lay: Layout) -> None:
    """其中行写作“其中：女职工”“其中:农民工”“其中、新就业形态劳动者”"""
    _relabel_rows(lay, {"女职工": "其中：女职工", "农民工": "其中:农民工", "新就业形态劳动者": "其中、新就业形态劳动者"})


def q_sub_hash_nested(lay: Layout) -> None:
    """其中用“#”标记，嵌套其中用“##”"""
    _relabel_rows(lay, {"女职工": "#女职工", "农民工": "#农民工", "新就业形态劳动者": "#新就业形态劳动者",
                        "货车司机": "##货车司机", "快递员": "##快递员", "外卖配送员": "##外卖配送员", "网约车司机": "##网约车司机"})


def q_sub_indented(lay: Layout) -> None:
    """其中用缩进（全角空格）表示，嵌套其中缩进更深"""
    _relabel_rows(lay, {"女职工": "　　女职工", "农民工": "　　农民工", "新就业形态劳动者": "　　新就业形态劳动者",
                        "货车司机": "　　　　货车司机", "快递员": "　　　　快递员", "外卖配送员": "　　　　外卖配送员", "网约车司机": "　　　　网约车司机"})


def q_total_last(lay: Layout) -> None:
    """合计行在最后，写作“全区合计”"""
    rows = list(data_rows(lay))
    total = lay.rows.pop(rows[0])
    total[0] = "全区合计"
    lay.rows.insert(rows[-1], total)


def q_total_zongji(lay: Layout) -> None:
    """合计行写作“总计”"""
    lay.rows[data_rows(lay)[0]][0] = "总计"


def q_spacers(lay: Layout) -> None:
    """空白间隔行和空白间隔列"""
    rows = list(data_rows(lay))
    lay.rows.insert(rows[2], [None] * lay.width())
    for row in lay.rows:
        row.insert(1, None)
    lay.merges = [(r0, c0 + (c0 >= 1), r1, c1 + (c1 >= 1)) for r0, c0, r1, c1 in lay.merges]


def q_offset(lay: Layout) -> None:
    """表格不从 A1 开始：上方两行空、左侧一列空"""
    lay.rows = [[None] * (lay.width() + 1), [None] * (lay.width() + 1)] + [[None, *r] for r in lay.rows]
    lay.merges = [(r0 + 2, c0 + 1, r1 + 2, c1 + 1) for r0, c0, r1, c1 in lay.merges]


def q_hidden_rows(lay: Layout) -> None:
    """部分数据行被隐藏（仍是报表的一部分，照常读取）"""
    lay.hidden_rows = [data_rows(lay)[2]]


def q_hidden_sheet(lay: Layout) -> None:
    """工作簿里另有一个隐藏的说明表"""
    lay.extra_sheets.append(("下拉选项", [["机关"], ["事业单位"], ["国有企业"]], True))


def q_footers(lay: Layout) -> None:
    """表尾：填表人、审核人、联系电话、注、资料来源"""
    lay.rows += [
        ["审核人：李四"] + [None] * (lay.width() - 1),
        ["联系电话：0571-88886666"] + [None] * (lay.width() - 1),
        ["注：1. 本表数据为本年累计数；2. 各项之和应等于合计。"] + [None] * (lay.width() - 1),
        ["资料来源：各基层工会报送"] + [None] * (lay.width() - 1),
    ]


def _map_numbers(lay: Layout, fn: Callable[[int, int, int], object]) -> None:
    for r in data_rows(lay):
        for c in range(1, lay.width()):
            v = lay.rows[r][c]
            if isinstance(v, int) and not isinstance(v, bool):
                lay.rows[r][c] = fn(r, c, v)


def q_text_separators(lay: Layout) -> None:
    """数字存为文本，带千分位“12,345”"""
    _map_numbers(lay, lambda r, c, v: f"{v:,}")


def q_text_fullwidth(lay: Layout) -> None:
    """数字存为全角文本“１２３４５”"""
    _map_numbers(lay, lambda r, c, v: str(v).translate(str.maketrans("0123456789", "０１２３４５６７８９")))


def q_text_spaces(lay: Layout) -> None:
    """数字文本前后有空格"""
    _map_numbers(lay, lambda r, c, v: f" {v}  ")


def q_zero_marks(lay: Layout) -> None:
    """零写作空白、“-”、“—”、“/”"""
    marks = [None, "-", "—", "/", "0"]
    k = 0
    for r in data_rows(lay):
        for c in range(1, lay.width()):
            if lay.rows[r][c] == 0:
                lay.rows[r][c] = marks[k % len(marks)]
                k += 1


def q_dash_format(lay: Layout) -> None:
    """会计格式把 0 显示为“-”（实际是数字 0）"""
    for r in data_rows(lay):
        for c in range(1, lay.width()):
            if lay.rows[r][c] == 0:
                lay.number_formats[(r, c)] = '_-* #,##0_-;-* #,##0_-;_-* "-"_-;_-@_-'


def q_formulas(lay: Layout) -> None:
    """合计行是公式（读取缓存值）"""
    rows = list(data_rows(lay))
    from pipelines.grid import column_letters

    for c in range(1, lay.width()):
        letter = column_letters(c)
        lay.formulas[(rows[0], c)] = f"=SUM({letter}{rows[1] + 1}:{letter}{rows[-1] + 1})"


def q_merged_district_column(lay: Layout) -> None:
    """数据区有合并单元格：左边一列“东湖区”纵向合并，行标题在第二列"""
    hr = lay.find("项目")[0]
    rows = list(data_rows(lay))
    for row in lay.rows:
        row.insert(0, None)
    lay.rows[hr][0] = "区县"
    lay.rows[rows[0]][0] = "东湖区"
    lay.merges = [(r0, c0 + 1, r1, c1 + 1) if c0 > 0 or r0 > 0 else (r0, 0, r1, c1 + 1) for r0, c0, r1, c1 in lay.merges]
    lay.merges.append((rows[0], 0, rows[-1], 0))


def q_district_in_filler_only(lay: Layout) -> None:
    """标题不写区县，区县只在“填报单位”行（使用别名“东湖区总工会”）"""
    lay.rows[0][0] = str(lay.rows[0][0]).replace("东湖区", "")
    lay.file_name = "2025年第三季度报表.xlsx"


def q_district_in_file_name(lay: Layout) -> None:
    """区县只在文件名中"""
    lay.rows[0][0] = str(lay.rows[0][0]).replace("东湖区", "")
    r, _ = lay.find("填报单位（盖章）：东湖区总工会")
    lay.rows[r][0] = "填报单位（盖章）："
    lay.file_name = "东湖区2025Q3.xlsx"


def q_district_in_sheet_name(lay: Layout) -> None:
    """区县只在工作表名中，统计期只在文件名中"""
    lay.rows[0][0] = str(lay.rows[0][0]).replace("东湖区", "").replace("2025年第三季度", "")
    r, _ = lay.find("填报单位（盖章）：东湖区总工会")
    lay.rows[r][0] = "填报单位（盖章）："
    lay.sheet = "东湖区"
    lay.file_name = "2025年1-9月报表.xlsx"


def _period_quirk(text: str) -> Callable[[Layout], None]:
    def quirk(lay: Layout) -> None:
        lay.rows[0][0] = str(lay.rows[0][0]).replace("2025年第三季度", text)

    quirk.__doc__ = f"统计期写作“{text}”"
    return quirk


def q_deadline_with_year_in_file(lay: Layout) -> None:
    """标题写“截至9月底”，年份在文件名中"""
    lay.rows[0][0] = str(lay.rows[0][0]).replace("2025年第三季度", "截至9月底")
    lay.file_name = "东湖区2025年报表.xlsx"


def q_xls(lay: Layout) -> None:
    """旧版 .xls 格式"""
    lay.file_name = "东湖区2025Q3.xls"


def q_xml2003(lay: Layout) -> None:
    """WPS 保存的“XML 表格 2003”，扩展名却是 .xls"""
    lay.file_name = "东湖区2025Q3_wps.xls"


def q_csv_gbk(lay: Layout) -> None:
    """CSV 文件，GBK 编码"""
    lay.file_name = "东湖区2025Q3.csv"


def q_csv_utf8_bom(lay: Layout) -> None:
    """CSV 文件，UTF-8 带 BOM"""
    lay.file_name = "东湖区2025Q3_utf8.csv"


QUIRKS: dict[str, list[Callable[[Layout], None]]] = {
    "base": [],
    "table_number": [q_table_number],
    "unit_line_wan": [q_unit_line_wan],
    "label_unit_wins": [q_label_unit_wins],
    "label_unit_wan": [q_label_unit_wan],
    "two_row_header": [q_two_row_header],
    "three_row_header": [q_three_row_header],
    "wrapped_labels": [q_wrapped_labels],
    "total_last": [q_total_last],
    "total_zongji": [q_total_zongji],
    "spacers": [q_spacers],
    "offset": [q_offset],
    "hidden_rows": [q_hidden_rows],
    "hidden_sheet": [q_hidden_sheet],
    "footers": [q_footers],
    "text_separators": [q_text_separators],
    "text_fullwidth": [q_text_fullwidth],
    "text_spaces": [q_text_spaces],
    "zero_marks": [q_zero_marks],
    "dash_format": [q_dash_format],
    "formulas": [q_formulas],
    "merged_district_column": [q_merged_district_column],
    "district_in_filler_only": [q_district_in_filler_only],
    "district_in_file_name": [q_district_in_file_name],
    "district_in_sheet_name": [q_district_in_sheet_name],
    "period_sanjidu": [_period_quirk("2025年三季度")],
    "period_range": [_period_quirk("2025年1-9月")],
    "period_range_dash": [_period_quirk("2025年1—9月")],
    "period_q": [_period_quirk("2025Q3")],
    "period_qian_san": [_period_quirk("2025年前三季度")],
    "period_deadline": [q_deadline_with_year_in_file],
    "xls": [q_xls],
    "xml2003": [q_xml2003],
    "csv_gbk": [q_csv_gbk],
    "csv_utf8_bom": [q_csv_utf8_bom],
}
# Which forms each quirk is written for (the quirk has to make sense for the form).
FORMS_OF = {
    "sub_colon_full": ["membership"], "sub_hash_nested": ["membership"], "sub_indented": ["membership"],
    "unit_line_wan": ["aid", "competitions"], "label_unit_wan": ["aid", "competitions"], "label_unit_wins": ["aid"],
}
QUIRKS |= {"sub_colon_full": [q_sub_colon_full], "sub_hash_nested": [q_sub_hash_nested], "sub_indented": [q_sub_indented]}
DEFAULT_FORMS = {
    "two_row_header": ["coverage", "aid"], "three_row_header": ["aid"], "wrapped_labels": ["coverage"],
    "zero_marks": ["membership"], "dash_format": ["membership"], "formulas": ["competitions"], "xml2003": ["coverage", "aid"],
}


def _groups(reg: Registry, form: str) -> dict[str, list[str]]:
    """Indicators with 其中 children in this form, in column order."""
    groups: dict[str, list[str]] = {}
    for ind in reg.indicators_of(form):
        if ind.parent and ind.layout == "column" and not ind.derived and ind.code not in ("units_unionized",):
            parent = reg.indicator(ind.parent)
            if parent.form == form and parent.code not in ("units_total",):
                groups.setdefault(parent.code, []).append(ind.code)
    return groups


def _code_of(reg: Registry, form: str, label: object) -> str | None:
    ind = reg.indicator_for_label(form, str(label)) if label else None
    return ind.code if ind else None


def _wan(v: object) -> object:
    if isinstance(v, int):
        return Decimal(v) / Decimal(10000)
    return v


# ---------------------------------------------------------------------------------------------
# writing


def _plain(v: object) -> object:
    if isinstance(v, Decimal):
        return float(v)
    return v


def write_xlsx(lay: Layout, path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": dt.datetime(2025, 1, 1)})
    ws = wb.add_worksheet(lay.sheet)
    covered = set()
    for r0, c0, r1, c1 in lay.merges:
        ws.merge_range(r0, c0, r1, c1, _plain(lay.rows[r0][c0]) if lay.rows[r0][c0] is not None else "")
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    formats = {}
    for r, row in enumerate(lay.rows):
        for c, v in enumerate(row):
            if (r, c) in covered:
                continue
            fmt = None
            if (r, c) in lay.number_formats:
                key = lay.number_formats[(r, c)]
                fmt = formats.setdefault(key, wb.add_format({"num_format": key}))
            if (r, c) in lay.formulas:
                ws.write_formula(r, c, lay.formulas[(r, c)], fmt, _plain(v))
            elif v is not None:
                ws.write(r, c, _plain(v), fmt)
    for r in lay.hidden_rows:
        ws.set_row(r, None, None, {"hidden": True})
    for name, rows, hidden in lay.extra_sheets:
        extra = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                extra.write(r, c, v)
        if hidden:
            extra.hide()
    wb.close()


def write_xls(lay: Layout, path: Path) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(lay.sheet)
    covered = set()
    for r0, c0, r1, c1 in lay.merges:
        ws.write_merge(r0, r1, c0, c1, _plain(lay.rows[r0][c0]) if lay.rows[r0][c0] is not None else "")
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(lay.rows):
        for c, v in enumerate(row):
            if (r, c) not in covered and v is not None:
                ws.write(r, c, _plain(v))
    wb.save(str(path))


def write_xml2003(lay: Layout, path: Path) -> None:
    """WPS/Excel "XML Spreadsheet 2003", saved with an .xls name as WPS does."""
    from xml.sax.saxutils import escape

    covered = {(r, c) for r0, c0, r1, c1 in lay.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)}
    merges = {(r0, c0): (r1 - r0, c1 - c0) for r0, c0, r1, c1 in lay.merges}
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<?mso-application progid="Excel.Sheet"?>',
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">',
           f'<Worksheet ss:Name="{escape(lay.sheet)}"><Table>']
    for r, row in enumerate(lay.rows):
        cells = []
        for c, v in enumerate(row):
            if v is None or (r, c) in covered:
                continue
            attrs = f' ss:Index="{c + 1}"'
            if (r, c) in merges:
                down, across = merges[(r, c)]
                attrs += (f' ss:MergeAcross="{across}"' if across else "") + (f' ss:MergeDown="{down}"' if down else "")
            kind = "Number" if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) else "String"
            text = format_decimal(v) if isinstance(v, Decimal) else str(v)
            cells.append(f'<Cell{attrs}><Data ss:Type="{kind}">{escape(text)}</Data></Cell>')
        if cells:
            out.append(f'<Row ss:Index="{r + 1}">' + "".join(cells) + "</Row>")
    out.append("</Table></Worksheet></Workbook>")
    path.write_text("\n".join(out), encoding="utf-8")


def write_csv(lay: Layout, path: Path, encoding: str) -> None:
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        for row in lay.rows:
            w.writerow(["" if v is None else format_decimal(v) if isinstance(v, Decimal) else v for v in row])


def build(reg: Registry | None = None) -> list[tuple[str, str, str]]:
    """Write every reference sample; returns (file, form, description) rows of the manifest."""
    reg = reg or load_registry()
    FILES.mkdir(parents=True, exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    manifest = []
    for name, quirks in QUIRKS.items():
        forms = FORMS_OF.get(name) or DEFAULT_FORMS.get(name) or ["coverage"]
        for form in forms:
            lay = base(reg, form)
            for quirk in quirks:
                quirk(lay)
            stem, suffix = lay.file_name.rsplit(".", 1)
            target = FILES / f"{form}__{name}__{stem}.{suffix}"
            if name == "xml2003":
                write_xml2003(lay, target)
            elif suffix == "xls":
                write_xls(lay, target)
            elif suffix == "csv":
                write_csv(lay, target, "utf-8-sig" if "utf8" in stem else "gbk")
            else:
                write_xlsx(lay, target)
            doc = "；".join(" ".join((fn.__doc__ or "").split()) for fn in quirks) or "模板原样"
            manifest.append((target.name, form, doc))
    with open(HERE / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["file", "form", "quirk"])
        w.writerows(sorted(manifest))
    for form in ("coverage", "membership", "competitions", "aid"):
        with open(HERE / f"expected_{form}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["indicator", "breakdown", "value"])
            for (i, b), v in sorted(expected(reg, form).items()):
                w.writerow([i, b, format_decimal(v)])
    return manifest


if __name__ == "__main__":
    rows = build()
    print(f"wrote {len(rows)} reference samples to {FILES}")
