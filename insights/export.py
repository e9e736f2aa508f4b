"""Tables for people: Chinese column names, units, and exports that spreadsheets cannot execute."""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd

from pipelines.numbers import format_decimal
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
        "数值": [format_decimal(Decimal(v)) for v in frame["value"]],
        "单位": [reg.indicator(i).unit for i in frame["indicator"]],
        "来源文件": frame["file_name"],
        "工作表": frame["sheet"],
        "单元格": frame["cell"],
        "版本": frame["version"],
    })


def to_csv(table: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel and WPS on Windows open the Chinese text correctly."""
    return table.map(neutralise).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(table: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="xlsxwriter", engine_kwargs={"options": {"strings_to_formulas": False}}) as writer:
        table.map(neutralise).to_excel(writer, index=False, sheet_name="数据")
    return out.getvalue()
