"""Big sheets are judged from their first rows before they are read whole (issue 3, memory).

`Limits.whole_sheet_cells` is set small here so that small workbooks take the same path as a
600,000-row 名册 does with the default limits; nothing here is timed.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
import python_calamine as pc
import xlsxwriter
from openpyxl import load_workbook  # test-only: edits a workbook in place

from pipelines.config import Limits
from pipelines.grid import HEAD_ROWS
from pipelines.planning import FilePlan, Planner
from pipelines.xlsx import _is_date_format
from tests.builders import consistent_values, write_return

QUIRKS = Path(__file__).parent / "quirks" / "files"
SMALL = Limits(whole_sheet_cells=500)


def planner_with(limits: Limits, registry) -> Planner:  # type: ignore[no-untyped-def]
    return Planner(registry, limits)


def outcome(plan: FilePlan) -> tuple:
    returns = [(r.ret.sheet, r.ret.key, r.ret.values(), r.ret.cells, [i.render() for i in r.ret.issues]) for r in plan.returns]
    return plan.accepted, returns, [i.render() for i in plan.all_issues]


def with_detail_sheet(path: Path, rows: int, *, numbers: bool = True, dates: bool = False) -> Path:
    """The workbook rewritten by xlsxwriter, which keeps text as shared strings as Excel and WPS do
    (values, merges and hidden sheets copied), plus a 名册 sheet whose header names nothing any form
    knows. An .xls comes back as an .xlsx next to it."""
    src = pc.CalamineWorkbook.from_path(str(path))
    copies = []
    for meta in src.sheets_metadata:
        if meta.typ == pc.SheetTypeEnum.WorkSheet:
            sheet = src.get_sheet_by_name(meta.name)
            copies.append((meta.name, meta.visible != pc.SheetVisibleEnum.Visible, sheet.to_python(skip_empty_area=False),
                           sheet.merged_cell_ranges or []))
    out = path.with_suffix(".xlsx")
    wb = xlsxwriter.Workbook(str(out))
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})

    def put(ws, r: int, c: int, v: object) -> None:  # type: ignore[no-untyped-def]
        if isinstance(v, dt.date):
            ws.write_datetime(r, c, v, date_format)
        elif isinstance(v, str):
            ws.write_string(r, c, v)  # never a formula, even when it starts with "="
        elif v is not None:
            ws.write(r, c, v)

    for name, hidden, grid, merges in copies:
        ws = wb.add_worksheet(name)
        if hidden:
            ws.hide()
        covered = set()
        for (r0, c0), (r1, c1) in merges:
            ws.merge_range(r0, c0, r1, c1, None)
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
        for r, row in enumerate(grid):
            for c, v in enumerate(row):
                if v != "" and (r, c) not in covered:
                    put(ws, r, c, v)
    ws = wb.add_worksheet("附表 基层工会名册")
    ws.write_row(0, 0, ["序号", "基层工会名称", "工会主席", "成立日期"])
    for i in range(1, rows + 1):
        ws.write(i, 0, i) if numbers else ws.write_string(i, 0, f"第{i}号")
        ws.write_string(i, 1, f"示例市第{i:05d}号基层工会委员会")
        ws.write_string(i, 2, f"主席{i * 7919 % 99991:05d}")
        put(ws, i, 3, dt.date(2020, 1, 1) + dt.timedelta(days=i % 900) if dates else f"20{10 + i % 15}年")
    wb.close()
    with zipfile.ZipFile(out) as z:
        assert "xl/sharedStrings.xml" in z.namelist()
    return out


def detail_sheet(plan: FilePlan):  # type: ignore[no-untyped-def]
    assert plan.workbook is not None
    return next(s for s in plan.workbook.sheets if s.name == "附表 基层工会名册")


@pytest.mark.parametrize("name", sorted(p.name for p in QUIRKS.iterdir()))
def test_every_quirk_reads_the_same_when_judged_from_its_first_rows(name, registry, tmp_path):
    whole = planner_with(Limits(), registry)
    first_rows = planner_with(Limits(whole_sheet_cells=0), registry)  # every sheet takes the big-sheet path
    path = QUIRKS / name
    assert [outcome(p) for p in first_rows.plan(first_rows.read([path]))] == [outcome(p) for p in whole.plan(whole.read([path]))]


@pytest.mark.parametrize("name", sorted(p.name for p in QUIRKS.iterdir() if p.suffix in (".xlsx", ".xls") and "xml2003" not in p.name))
def test_every_quirk_reads_the_same_beside_a_big_sheet(name, registry, tmp_path):
    """The other sheets are then read from a copy of the workbook without the big sheet and with only
    the shared strings they use: calamine never holds the 名册's strings."""
    source = tmp_path / name
    source.write_bytes((QUIRKS / name).read_bytes())
    path = with_detail_sheet(source, 400)
    whole = planner_with(Limits(), registry)
    small = planner_with(SMALL, registry)
    [plan] = small.plan(small.read([path]))
    assert detail_sheet(plan).rest is not None
    assert [outcome(plan)] == [outcome(p) for p in whole.plan(whole.read([path]))]


def test_every_sample_return_reads_the_same_when_judged_from_its_first_rows(sample, registry, tmp_path):
    whole = planner_with(Limits(), registry)
    first_rows = planner_with(Limits(whole_sheet_cells=0), registry)
    files = sorted(sample.files)[::3]  # xlsx of every layout and the legacy .xls files
    assert any(f.suffix == ".xls" for f in files)
    assert [outcome(p) for p in first_rows.plan(first_rows.read(files))] == [outcome(p) for p in whole.plan(whole.read(files))]


def test_a_big_sheet_of_numbers_that_is_no_return_is_skipped_unread(registry, tmp_path):
    path = with_detail_sheet(write_return(tmp_path / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "coverage",
                                          consistent_values(registry, "coverage")), 3000)
    [plan] = planner_with(SMALL, registry).plan(planner_with(SMALL, registry).read([path]))
    assert plan.accepted
    assert [(i.code, i.sheet) for i in plan.issues] == [("sheet.not_return", "附表 基层工会名册")]
    assert [r.ret.sheet for r in plan.returns] == ["表一"]
    detail = detail_sheet(plan)
    assert detail.rest is not None and len(detail.rows) <= HEAD_ROWS  # never turned into Python cells whole
    assert detail.rows[0] == ["序号", "基层工会名称", "工会主席", "成立日期"]  # shared strings resolved


def test_a_big_sheet_of_text_and_dates_is_skipped_without_a_notice(registry, tmp_path):
    path = with_detail_sheet(write_return(tmp_path / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "coverage",
                                          consistent_values(registry, "coverage")), 3000, numbers=False, dates=True)
    small = planner_with(SMALL, registry)
    whole = planner_with(Limits(), registry)
    [plan] = small.plan(small.read([path]))
    assert plan.accepted and plan.issues == []  # dates are no numbers: as when the sheet is read whole
    assert [outcome(p) for p in whole.plan(whole.read([path]))] == [outcome(plan)]
    assert detail_sheet(plan).rest is not None


def with_list_below(path: Path, rows: int) -> Path:
    """A return with a list of 基层工会 typed below its signature lines, on the same sheet."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    start = ws.max_row + 3
    ws.cell(start, 1, "附：基层工会名单")
    for i in range(1, rows + 1):
        ws.cell(start + i, 1, f"示例市第{i:05d}号基层工会委员会")
        ws.cell(start + i, 2, 50 + i % 700)
    wb.save(path)
    return path


def test_a_big_return_with_a_list_below_is_read_whole(registry, tmp_path):
    values = consistent_values(registry, "coverage")
    plain = write_return(tmp_path / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "coverage", values)
    [expected] = planner_with(Limits(), registry).plan(planner_with(Limits(), registry).read([plain]))
    path = with_list_below(plain, 3000)
    small = planner_with(SMALL, registry)
    [plan] = small.plan(small.read([path]))
    assert plan.accepted, [i.render() for i in plan.errors]
    assert plan.returns[0].ret.values() == expected.returns[0].ret.values()
    assert plan.workbook is not None and plan.workbook.sheets[0].rest is None  # the return was read whole
    assert plan.workbook.sheets[0].height > 3000


def test_a_return_too_big_to_read_is_refused_with_a_clear_message(registry, tmp_path):
    path = with_list_below(
        write_return(tmp_path / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "coverage", consistent_values(registry, "coverage")), 3000)
    limits = Limits(whole_sheet_cells=500, max_cells_per_sheet=5000)
    [plan] = planner_with(limits, registry).plan(planner_with(limits, registry).read([path]))
    assert not plan.accepted and plan.returns == []
    [error] = plan.errors
    assert (error.code, error.sheet) == ("sheet.too_large", "表一")
    assert "单元格过多" in error.message and "5,000" in error.message
    assert "请" in error.render()


def test_a_big_xls_sheet_that_is_no_return_is_skipped_unread(registry, tmp_path):
    import xlwt  # test-only, as tests/quirks/build.py

    book = xlwt.Workbook()
    ws = book.add_sheet("名册")
    ws.write(0, 0, "序号")
    ws.write(0, 1, "单位名称")
    for i in range(1, 2000):
        ws.write(i, 0, i)
        ws.write(i, 1, f"单位{i}")
    path = tmp_path / "名册.xls"
    book.save(str(path))
    [plan] = planner_with(SMALL, registry).plan(planner_with(SMALL, registry).read([path]))
    assert [i.code for i in plan.issues] == ["sheet.not_return", "form.no_returns"]
    sheet = plan.workbook.sheets[0] if plan.workbook else None
    assert sheet is not None and sheet.rest is not None and len(sheet.rows) <= HEAD_ROWS


@pytest.mark.parametrize(("fmt", "is_date"), [
    ("General", False), ("0.00", False), ("0.00%", False), ('#,##0"元"', False), ("[Red]0.00", False),
    ("yyyy-mm-dd", True), ('yyyy"年"m"月"d"日"', True), ("h:mm AM/PM", True), ("[h]:mm:ss", True), ("0;[Red]-0", False),
    ('"date"0', False), ("\\d0", False),
])
def test_date_formats_are_told_as_calamine_tells_them(fmt, is_date):
    assert _is_date_format(fmt) is is_date


def _rows_of_csv(path: Path) -> list[list[str]]:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


@pytest.mark.parametrize("fmt", ["csv", "xls", "xml2003"])
def test_a_big_return_of_any_format_with_a_list_below_is_read_whole(fmt, registry, tmp_path):
    """As above for the other readers: the sheet is handed over as its first rows, then read whole
    (that sheet only) when the parser asks, and gives the same values as the return alone."""
    seed = QUIRKS / "coverage__csv_utf8_bom__东湖区2025Q3_utf8.csv"
    [expected] = planner_with(Limits(), registry).plan(planner_with(Limits(), registry).read([seed]))
    rows = _rows_of_csv(seed) + [[]] * 2 + [["附：基层工会名单"]] + [[f"示例市第{i:05d}号基层工会委员会", str(50 + i % 700)] for i in range(1, 3001)]
    if fmt == "csv":
        path = tmp_path / "东湖区2025Q3.csv"
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    elif fmt == "xls":
        import xlwt  # test-only, as tests/quirks/build.py

        book = xlwt.Workbook()
        ws = book.add_sheet("表一")
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v:
                    ws.write(r, c, float(v) if v.isdigit() else v)
        ws2 = book.add_sheet("名册")
        for i in range(2000):
            ws2.write(i, 0, f"单位{i}")
        path = tmp_path / "东湖区2025Q3.xls"
        book.save(str(path))
    else:
        from xml.sax.saxutils import escape

        cells = "".join("<Row>" + "".join(f'<Cell ss:Index="{c + 1}"><Data ss:Type="{"Number" if v.isdigit() else "String"}">{escape(v)}</Data></Cell>'
                                          for c, v in enumerate(row) if v) + "</Row>" for row in rows)
        path = tmp_path / "东湖区2025Q3_wps.xls"
        path.write_text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="说明"><Table><Row><Cell>'
                        '<Data ss:Type="String">填表说明</Data></Cell></Row></Table></Worksheet>'
                        f'<Worksheet ss:Name="表一"><Table>{cells}</Table></Worksheet></Workbook>', encoding="utf-8")
    small = planner_with(SMALL, registry)
    [plan] = small.plan(small.read([path]))
    assert plan.accepted, [i.render() for i in plan.errors]
    assert plan.returns[0].ret.values() == expected.returns[0].ret.values()
    sheet = next(s for s in plan.workbook.sheets if s.name in ("表一", "东湖区2025Q3")) if plan.workbook else None
    assert sheet is not None and sheet.rest is None and sheet.height > 3000  # read whole, through the sandbox
