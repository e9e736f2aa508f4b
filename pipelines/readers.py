"""Files -> Workbooks of Sheets with absolute cell positions and merged ranges.

Interim reader: .xlsx/.xlsm/.xls/.ods through python-calamine and CSV in UTF-8 (with or without BOM),
GBK or GB18030, detected without asking. Never raises for bad input: a file that cannot be read
becomes a ReadResult with an error Issue.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

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
    if suffix == ".zip":
        return _read_zip(data, display_name, limits)
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


_SKIP = ("__MACOSX/", ".DS_Store", "Thumbs.db")


def _member_name(info: zipfile.ZipInfo) -> str:
    """Chinese names from Windows zip tools are GBK bytes without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _read_zip(data: bytes, display_name: str, limits: Limits) -> list[ReadResult]:
    """Each member handled as a file; sizes are checked before and while unpacking (zip bombs)."""
    def fail(code: str, **params: Any) -> list[ReadResult]:
        return [ReadResult(display_name, None, [issue(code, display_name, **params)], data)]

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir() and not any(x in m.filename for x in _SKIP)
                   and not PurePath(_member_name(m)).name.startswith("~$")]
    except zipfile.BadZipFile as exc:
        return fail("zip.corrupt", detail=str(exc))
    if len(members) > limits.max_zip_members:
        return fail("zip.too_many", count=len(members), limit=limits.max_zip_members)
    declared = sum(m.file_size for m in members)
    if declared > limits.max_zip_total_bytes or any(m.compress_size and m.file_size / m.compress_size > limits.max_zip_ratio for m in members):
        return fail("zip.bomb", detail=f"声明解压后共 {_mb(declared)}")
    if not members:
        return fail("zip.empty")
    results: list[ReadResult] = []
    total = 0
    for m in members:
        name = f"{display_name} › {PurePath(_member_name(m)).name}"
        try:
            with archive.open(m) as fh:
                chunks = []
                while chunk := fh.read(1 << 20):
                    total += len(chunk)
                    if total > limits.max_zip_total_bytes:  # declared sizes can lie
                        return fail("zip.bomb", detail=f"实际解压超过 {_mb(limits.max_zip_total_bytes)}")
                    chunks.append(chunk)
        except (RuntimeError, zipfile.BadZipFile, OSError) as exc:  # encrypted or damaged member
            return fail("zip.corrupt", detail=type(exc).__name__)
        if PurePath(name).suffix.lower() == ".zip":
            results.append(ReadResult(name, None, [issue("file.unsupported", name, suffix=".zip（压缩包中的压缩包）")], b"".join(chunks)))
            continue
        results.extend(read_bytes(b"".join(chunks), name, limits))
    return results


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"
