"""Minimal reader (placeholder until the full one lands): xlsx/xls via python-calamine."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path, PurePath

import python_calamine as pc

from pipelines.config import Limits
from pipelines.grid import MergedRange, Sheet, Workbook
from pipelines.issues import Issue, issue


@dataclass
class ReadResult:
    display_name: str
    workbook: Workbook | None
    issues: list[Issue]
    data: bytes


def read_path(path: Path, display_name: str | None = None, limits: Limits = Limits()) -> list[ReadResult]:
    return read_bytes(Path(path).read_bytes(), display_name or Path(path).name, limits)


def read_bytes(data: bytes, display_name: str, limits: Limits = Limits()) -> list[ReadResult]:
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001
        return [ReadResult(display_name, None, [issue("file.corrupt", display_name, detail=type(exc).__name__)], data)]
    sheets = []
    for meta in wb.sheets_metadata:
        s = wb.get_sheet_by_name(meta.name)
        rows = s.to_python(skip_empty_area=False)
        merged = [MergedRange(a[0], a[1], b[0], b[1]) for a, b in (s.merged_cell_ranges or [])]
        rows = [[None if v == "" else v for v in r] for r in rows]
        sheets.append(Sheet(meta.name, rows, merged, meta.visible != pc.SheetVisibleEnum.Visible))
    fmt = PurePath(display_name).suffix.lower().lstrip(".") or "xlsx"
    return [ReadResult(display_name, Workbook(display_name, fmt, sheets, hashlib.sha256(data).hexdigest(), len(data)), [], data)]
