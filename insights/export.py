"""Tables for people: Chinese column names, units, and exports that spreadsheets cannot execute."""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd

from pipelines.periods import Period
from pipelines.registry import Registry

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell starting with = + - @ would run as a formula in Excel/WPS: prefix it with '."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def provenance_table(reg: Registry, frame: pd.DataFrame) -> pd.DataFrame:
    dims = {f.code: f.dimension for f in reg.forms}
    names = {d.code: d.name for d in reg.districts}
    return pd.DataFrame({
        "区县": frame["district"].map(names).fillna(frame["district"]),
        "统计期": [Period.parse_code(p).label for p in frame["period"]],
        "报表": [reg.form(f).title for f in frame["form"]],
        "指标": [reg.indicator(i).name for i in frame["indicator"]],
        "分组": [reg.breakdown(dims[f], b).name for f, b in zip(frame["form"], frame["breakdown"], strict=True)],
        # A number stays a number (sortable in the grid, a number cell in Excel and WPS); 15 significant
        # digits hold every stored value exactly.
        "数值": [float(Decimal(v)) for v in frame["value"]],
        "单位": [reg.indicator(i).unit for i in frame["indicator"]],
        "来源文件": frame["file_name"],
        "工作表": frame["sheet"],
        "单元格": frame["cell"],
        "版本": frame["version"],
    })


def to_csv(table: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel and WPS on Windows open the Chinese text correctly; numbers as plain numbers."""
    return table.map(neutralise).to_csv(index=False, float_format="%.15g").encode("utf-8-sig")


NUMBER_FORMATS = {"元": "#,##0.00", "%": "0.00"}  # every other unit is a count


def to_xlsx(table: pd.DataFrame) -> bytes:
    """Text as text (never a formula), numbers as numbers in the number format of their unit."""
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
    ws = wb.add_worksheet("数据")
    head = wb.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    formats = {unit: wb.add_format({"num_format": f}) for unit, f in NUMBER_FORMATS.items()}
    count = wb.add_format({"num_format": "#,##0"})
    columns = list(table.columns)
    units = table["单位"].tolist() if "单位" in table.columns else [""] * len(table)
    for c, name in enumerate(columns):
        ws.write_string(0, c, str(name), head)
        ws.set_column(c, c, max(8, min(40, 2 * len(str(name)) + 4)))
    for r, row in enumerate(table.itertuples(index=False), 1):
        for c, value in enumerate(row):
            if isinstance(value, bool) or value is None or (isinstance(value, float) and value != value):
                ws.write_blank(r, c, None)
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value, formats.get(units[r - 1], count))
            else:
                ws.write_string(r, c, str(neutralise(str(value))))
    ws.autofilter(0, 0, max(1, len(table)), len(columns) - 1)
    ws.freeze_panes(1, 0)
    wb.close()
    return out.getvalue()
