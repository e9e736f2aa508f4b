"""Files -> Workbooks of Sheets with absolute cell positions and merged ranges.

A file is judged by its content, not its name: .xlsx/.xlsm/.xls/.ods through python-calamine (big
.xlsx sheets first as their head, see xlsx_heads.py), WPS "XML Spreadsheet 2003", CSV in UTF-8 (with or
without BOM), GBK or GB18030 detected without asking, and .zip archives member by member. Never raises
for bad input: a file that cannot be read becomes a ReadResult with an error Issue.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any
from xml.etree import ElementTree as ET

import python_calamine as pc

from pipelines.config import Limits
from pipelines.grid import HEAD_ROWS, CellValue, MergedRange, Sheet, Workbook, calamine_rows
from pipelines.issues import Issue, issue
from pipelines.xlsx_heads import big_xlsx_sheets


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
    kind, archive = _sniff(data)
    if kind == "zip" and suffix not in (".xlsx", ".xlsm", ".ods", ".xls", ".et"):
        return _read_zip(data, display_name, limits)
    if kind in NOT_SPREADSHEETS:
        return [ReadResult(display_name, None, [issue("file.not_spreadsheet", display_name, kind=NOT_SPREADSHEETS[kind])], data)]
    if kind == "password":
        return [ReadResult(display_name, None, [issue("file.password", display_name)], data)]
    if kind == "xml2003":
        return [_read_xml2003(data, display_name, sha)]
    if kind == "text" and suffix not in (".csv", ".txt"):
        return [ReadResult(display_name, None, [issue("file.unsupported", display_name, suffix=suffix or "（无扩展名）")], data)]
    if suffix in (".csv", ".txt"):
        return [_read_csv(data, display_name, sha)]
    heads: dict[str, Sheet] = {}
    source = data
    if archive is not None:
        try:
            heads, source = big_xlsx_sheets(archive, data, limits)
        except (ET.ParseError, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
            return [ReadResult(display_name, None, [issue("file.corrupt", display_name, detail=type(exc).__name__)], data)]
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(source))
    except pc.PasswordError:
        return [ReadResult(display_name, None, [issue("file.password", display_name)], data)]
    except Exception as exc:  # noqa: BLE001 - calamine raises many kinds for broken files
        return [ReadResult(display_name, None, [issue("file.corrupt", display_name, detail=type(exc).__name__)], data)]
    sheets: list[Sheet] = []
    warnings: list[Issue] = []
    for meta in wb.sheets_metadata:
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        hidden = meta.visible != pc.SheetVisibleEnum.Visible
        if hidden:
            warnings.append(issue("sheet.hidden", display_name, meta.name, sheet_name=meta.name))
        if meta.name in heads:
            sheet = heads[meta.name]
            sheet.hidden = hidden
        else:
            sheet = _calamine_sheet(wb.get_sheet_by_name(meta.name), meta.name, hidden, limits)
        sheets.append(sheet)
    fmt = suffix.lstrip(".") or "xlsx"
    return [ReadResult(display_name, Workbook(display_name, fmt, sheets, sha, len(data)), warnings, data)]


def _calamine_sheet(sheet: pc.CalamineSheet, name: str, hidden: bool, limits: Limits) -> Sheet:
    """A sheet calamine has read into its own memory: turned into Python values whole when small,
    else its first rows only (the parser asks for the rest if the sheet may be a return)."""
    merged = [MergedRange(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
    end = sheet.end or (-1, -1)
    cells = (end[0] + 1) * (end[1] + 1)  # to_python(skip_empty_area=False) fills from A1
    if cells <= limits.whole_sheet_cells:
        return Sheet(name, calamine_rows(sheet.to_python(skip_empty_area=False)), merged, hidden)
    head = calamine_rows(sheet.to_python(skip_empty_area=False, nrows=HEAD_ROWS))
    return Sheet(name, head, merged, hidden, rest=_CalamineRest(sheet, cells))


@dataclass
class _CalamineRest:
    sheet: pc.CalamineSheet
    cells: int

    def has_numbers(self) -> bool:
        return any(isinstance(v, (int, float)) and not isinstance(v, bool) for row in self.sheet.iter_rows() for v in row)

    def read(self) -> list[list[CellValue]]:
        return calamine_rows(self.sheet.to_python(skip_empty_area=False))


NOT_SPREADSHEETS = {"pdf": "PDF 文件", "image": "图片", "html": "网页（HTML）文件", "word": "Word 文档", "pptx": "PowerPoint 演示文稿"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes) -> str:
    """What the bytes really are, whatever the file is called."""
    return _sniff(data)[0]


def _sniff(data: bytes) -> tuple[str, zipfile.ZipFile | None]:
    """The kind of file, and for an .xlsx/.xlsm its opened zip (kept to look inside big sheets)."""
    head = data[:4096]
    if head.startswith(b"%PDF"):
        return "pdf", None
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        return "image", None
    if head.startswith(_OLE):
        streams = data[:1 << 20]
        if "EncryptionInfo".encode("utf-16-le") in streams:
            return "password", None  # an encrypted xlsx travels inside an OLE container
        if "WordDocument".encode("utf-16-le") in streams:
            return "word", None
        return "ole", None
    if head.startswith(b"PK"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(archive.namelist())
        except zipfile.BadZipFile:
            return "zip", None
        if "word/document.xml" in names:
            return "word", None
        if "ppt/presentation.xml" in names:
            return "pptx", None
        if "xl/workbook.xml" in names:
            return "workbook", archive
        if "mimetype" in names:
            return "workbook", None
        return "zip", None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in data[:20000].lower():
        return "xml2003", None
    if text.startswith((b"<html", b"<!doctype html")) or b"<table" in text[:2048]:
        return "html", None
    if b"\0" not in head:
        return "text", None
    return "binary", None


def _read_xml2003(data: bytes, name: str, sha: str) -> ReadResult:
    """WPS/Excel "XML Spreadsheet 2003" (often saved with an .xls name): Worksheet/Table/Row/Cell,
    with ss:Index for skipped cells and ss:MergeAcross/MergeDown for merges. No DTDs or entities."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        return ReadResult(name, None, [issue("file.corrupt", name, detail="XML 含有实体声明")], data)
    ns = "{urn:schemas-microsoft-com:office:spreadsheet}"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return ReadResult(name, None, [issue("file.corrupt", name, detail=f"XML 格式错误：{exc}")], data)
    sheets: list[Sheet] = []
    warnings: list[Issue] = []
    for ws in root.iter(f"{ns}Worksheet"):
        title = ws.get(f"{ns}Name", f"Sheet{len(sheets) + 1}")
        rows: list[list[object]] = []
        merged: list[MergedRange] = []
        r = -1
        for row in ws.iter(f"{ns}Row"):
            r = int(row.get(f"{ns}Index", r + 2)) - 1
            while len(rows) <= r:
                rows.append([])
            c = -1
            for cell in row.findall(f"{ns}Cell"):
                c = int(cell.get(f"{ns}Index", c + 2)) - 1
                data_el = cell.find(f"{ns}Data")
                value: object = None
                if data_el is not None:
                    text = "".join(data_el.itertext())
                    if data_el.get(f"{ns}Type") == "Number":
                        value = float(text) if any(ch in text for ch in ".eE") else int(text)
                    else:
                        value = text
                target = rows[r]
                while len(target) <= c:
                    target.append(None)
                target[c] = value
                across, down = int(cell.get(f"{ns}MergeAcross", 0)), int(cell.get(f"{ns}MergeDown", 0))
                if across or down:
                    merged.append(MergedRange(r, c, r + down, c + across))
                c += across
        options = ws.find("{urn:schemas-microsoft-com:office:excel}WorksheetOptions")
        hidden = ws.get(f"{ns}Visible", "") == "SheetHidden" or (
            options is not None and options.find("{urn:schemas-microsoft-com:office:excel}Visible") is not None)
        if hidden:
            warnings.append(issue("sheet.hidden", name, title, sheet_name=title))
        sheets.append(Sheet(title, rows, merged, hidden))  # type: ignore[arg-type]
    return ReadResult(name, Workbook(name, "xml2003", sheets, sha, len(data)), warnings, data)


def _read_csv(data: bytes, name: str, sha: str) -> ReadResult:
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    # GB18030 maps almost any bytes to some character: NULs and control characters mean it was not
    # text in any of our encodings (UTF-16, a binary file called .csv).
    if text is None or any(ch < " " and ch not in "\t\r\n" for ch in text[:65536]):
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
