"""Files -> Workbooks of Sheets with absolute cell positions and merged ranges.

Interim reader: .xlsx/.xlsm/.xls/.ods through python-calamine and CSV in UTF-8 (with or without BOM),
GBK or GB18030, detected without asking. Never raises for bad input: a file that cannot be read
becomes a ReadResult with an error Issue.
"""

from __future__ import annotations

import csv
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
    if not data:
        return [ReadResult(display_name, None, [issue("file.empty", display_name)], data)]
    if len(data) > limits.max_file_bytes:
        return [ReadResult(display_name, None, [issue("file.too_large", display_name, size=_mb(len(data)), limit=_mb(limits.max_file_bytes))], data)]
    suffix = PurePath(display_name).suffix.lower()
    sha = hashlib.sha256(data).hexdigest()
    if suffix in (".csv", ".txt"):
        return [_read_csv(data, display_name, sha)]
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError:
        return [ReadResult(display_name, None, [issue("file.password", display_name)], data)]
    except Exception as exc:  # noqa: BLE001 - calamine raises many kinds for broken files
        return [ReadResult(display_name, None, [issue("file.corrupt", display_name, detail=type(exc).__name__)], data)]
    sheets: list[Sheet] = []
    warnings: list[Issue] = []
    for meta in wb.sheets_metadata:
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        sheet = wb.get_sheet_by_name(meta.name)
        rows = [[None if v == "" else v for v in row] for row in sheet.to_python(skip_empty_area=False)]
        merged = [MergedRange(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
        hidden = meta.visible != pc.SheetVisibleEnum.Visible
        if hidden:
            warnings.append(issue("sheet.hidden", display_name, meta.name, sheet_name=meta.name))
        sheets.append(Sheet(meta.name, rows, merged, hidden))
    fmt = suffix.lstrip(".") or "xlsx"
    return [ReadResult(display_name, Workbook(display_name, fmt, sheets, sha, len(data)), warnings, data)]


def _read_csv(data: bytes, name: str, sha: str) -> ReadResult:
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        return ReadResult(name, None, [issue("file.encoding", name)], data)
    rows = [[cell if cell.strip() else None for cell in row] for row in csv.reader(io.StringIO(text))]
    sheet = Sheet(PurePath(name).stem, rows)  # type: ignore[arg-type]
    return ReadResult(name, Workbook(name, "csv", [sheet], sha, len(data)), [], data)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"
