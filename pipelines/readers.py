"""Files -> Workbooks of Sheets with absolute cell positions and merged ranges.

A file is judged by its content, not its name: .xlsx/.xlsm streamed sheet by sheet (xlsx.py), legacy
.xls through xlrd, .ods through python-calamine, WPS "XML Spreadsheet 2003" streamed, CSV in UTF-8
(with or without BOM), GBK or GB18030 detected without asking, and .zip archives member by member.
Never raises for bad input: a file that cannot be read becomes a ReadResult with an error Issue.

Reading is bounded by the filled cells, never by what a file declares: rows are built sparse
(grid.SparseRows), positions and merges are clipped to Excel's bounds, text per cell to Excel's
32,767 characters. A sheet with more than `Limits.whole_sheet_cells` filled cells is handed over as
its first HEAD_ROWS rows and a `Remainder` that can read it whole; the parser asks for that only when
the first rows say the sheet may be a return. Whatever a reader still cannot bound (calamine's and
xlrd's own memory) is bounded by the child process every file is read in (sandbox.py).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import math
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import Any
from xml.etree import ElementTree as ET

from pipelines.config import Limits
from pipelines.grid import (
    HEAD_ROWS,
    MAX_COLS,
    MAX_ROWS,
    CellValue,
    ErrorValue,
    MergedRange,
    Sheet,
    SparseRows,
    Workbook,
    cell_address,
    clip_text,
)
from pipelines.issues import Issue, issue
from pipelines.numbers import parse_number
from pipelines.xlsx import XlsxProblem, events, read_whole_sheet, read_xlsx


@dataclass
class ReadResult:
    display_name: str
    workbook: Workbook | None
    issues: list[Issue]
    data: bytes


class ReadFailure(Exception):
    """A sheet the parser asked to read whole could not be read: the file's issue says why."""

    def __init__(self, problem: Issue):
        super().__init__(problem.render())
        self.issue = problem


@dataclass
class Remainder:
    """A big sheet handed over as its first rows: how many cells it fills, whether any is a number,
    and how to read it whole (`kind` names the reader, `key` the sheet within the file).

    `data` (the file's bytes) is not pickled: the process that holds them binds them again, and may
    set `reader` so that the whole sheet is read in a child process too (sandbox.py)."""

    kind: str
    key: str
    name: str
    cells: int
    numbers: bool
    limits: Limits
    display_name: str = ""
    data: bytes | None = None
    reader: Callable[[Remainder], list[list[CellValue]]] | None = None

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "data": None, "reader": None}

    def has_numbers(self) -> bool:
        return self.numbers

    def read(self) -> list[list[CellValue]]:
        """Every row of the sheet. Raises ReadFailure when it cannot be read."""
        if self.data is None:
            raise ReadFailure(issue("file.read_failed", self.display_name, self.name, detail="文件内容已不在内存中"))
        if self.reader is not None:
            return self.reader(self)
        return read_remainder(self)


def read_remainder(rest: Remainder) -> list[list[CellValue]]:
    """What Remainder.read does in the process it is called in."""
    assert rest.data is not None
    try:
        if rest.kind == "xlsx":
            return read_whole_sheet(rest.data, rest.key, rest.name, rest.limits)
        # This sheet only, and never cut to its first rows (the parser checked its size first).
        whole = replace(rest.limits, whole_sheet_cells=max(rest.limits.whole_sheet_cells, rest.limits.max_cells_per_sheet))
        sheets, problems = _READERS[rest.kind](rest.data, rest.display_name, whole, None, int(rest.key))
    except XlsxProblem as exc:
        raise ReadFailure(exc.as_issue(rest.display_name)) from exc
    if problems or not sheets:
        raise ReadFailure(problems[0] if problems else issue("file.read_failed", rest.display_name, rest.name, detail="工作表不见了"))
    return sheets[0].rows


def read_path(path: Path, display_name: str | None = None, limits: Limits = Limits()) -> list[ReadResult]:
    return read_bytes(Path(path).read_bytes(), display_name or Path(path).name, limits)


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods")


def read_bytes(data: bytes, display_name: str, limits: Limits = Limits()) -> list[ReadResult]:
    if not data:
        return [ReadResult(display_name, None, [issue("file.empty", display_name)], data)]
    if len(data) > limits.max_file_bytes:
        return [ReadResult(display_name, None, [issue("file.too_large", display_name, size=_mb(len(data)), limit=_mb(limits.max_file_bytes))], data)]
    suffix = PurePath(display_name).suffix.lower()
    sha = hashlib.sha256(data).hexdigest()
    kind, archive = _sniff(data)

    def fail(code: str, **params: Any) -> list[ReadResult]:
        return [ReadResult(display_name, None, [issue(code, display_name, **params)], data)]

    if kind == "zip":
        if archive is None:
            return fail("zip.corrupt", detail="不是完整的压缩包") if suffix == ".zip" else fail("file.corrupt", detail="压缩结构损坏")
        if suffix in WORKBOOK_SUFFIXES:
            return fail("file.zip_named_workbook", suffix=suffix)
        return _read_zip(data, display_name, limits)
    if kind in NOT_SPREADSHEETS:
        return fail("file.not_spreadsheet", kind=NOT_SPREADSHEETS[kind])
    if kind == "password":
        return fail("file.password")
    if kind == "text" and suffix not in (".csv", ".txt"):
        if suffix in WORKBOOK_SUFFIXES:
            return fail("file.text_named_workbook", suffix=suffix)
        return fail("file.unsupported", suffix=suffix or "（无扩展名）")
    if kind == "binary":
        if suffix not in (".csv", ".txt"):
            return fail("file.corrupt", detail="无法识别的文件内容")
        kind = "text"  # UTF-16 and the like: told by the CSV reader's encoding check
    fmt = {"xml2003": "xml2003", "text": "csv", "ole": "xls", "ods": "ods"}.get(kind, suffix.lstrip(".") if suffix in (".xlsx", ".xlsm") else "xlsx")
    try:
        if kind == "xlsx":
            assert archive is not None
            sheets, problems, big = read_xlsx(archive, display_name, limits)
            for i, (member, cells, numbers) in big.items():
                sheets[i].rest = Remainder("xlsx", member, sheets[i].name, cells, numbers, limits, display_name, data)
        else:
            sheets, problems = _READERS[kind](data, display_name, limits, data, None)
    except MemoryError:
        return fail("file.too_complex", limit=_mb(limits.read_memory_bytes))
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a member that does not inflate
        return fail("file.corrupt", detail=type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - a reader's fault on a strange file is that file's message
        return fail("file.read_failed", detail=f"{type(exc).__name__}: {str(exc)[:80]}")
    if problems and any(p.severity == "error" for p in problems) and not sheets:
        return [ReadResult(display_name, None, problems, data)]
    warnings = [issue("sheet.hidden", display_name, s.name, sheet_name=s.name) for s in sheets if s.hidden]
    return [ReadResult(display_name, Workbook(display_name, fmt, sheets, sha, len(data)), [*problems, *warnings], data)]


# ---------------------------------------------------------------------------------------------
# what the bytes are


NOT_SPREADSHEETS = {"pdf": "PDF 文件", "image": "图片", "html": "网页（HTML）文件", "word": "Word 文档", "pptx": "PowerPoint 演示文稿"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _sniff(data: bytes) -> tuple[str, zipfile.ZipFile | None]:
    """The kind of file, and for a zip its opened archive."""
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
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "zip", None
        if "word/document.xml" in names:
            return "word", None
        if "ppt/presentation.xml" in names:
            return "pptx", None
        if "xl/workbook.xml" in names:
            return "xlsx", archive
        if "mimetype" in names:
            return "ods", archive
        return "zip", archive
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in data[:20000].lower():
        return "xml2003", None
    if text.startswith((b"<html", b"<!doctype html")) or b"<table" in text[:2048]:
        return "html", None
    if b"\0" not in head:
        return "text", None
    return "binary", None


# ---------------------------------------------------------------------------------------------
# sheets bounded by their filled cells


class _SheetBuilder:
    """One sheet's cells as a reader finds them: kept whole while small, else its first rows only
    (and counted), so no sheet holds more than `whole_sheet_cells` cells before the parser asks."""

    def __init__(self, name: str, limits: Limits):
        self.name = clip_text(name)
        self.limits = limits
        self.rows = SparseRows()
        self.cells = 0
        self.numbers = False
        self.big = False
        self.merged: list[MergedRange] = []
        self.hidden = False

    def put(self, r: int, c: int, value: CellValue) -> None:
        if value is None or (value == "" and type(value) is str):
            return
        self.cells += 1
        if type(value) in (int, float):
            self.numbers = True
        if not self.big:
            self.rows.put(r, c, value)
            if self.cells > self.limits.whole_sheet_cells:
                self.big = True
                self.rows = self.rows.head(HEAD_ROWS)
        elif r < HEAD_ROWS:
            self.rows.put(r, c, value)

    def merge(self, m: MergedRange) -> bool:
        """False once the sheet has more merges than a sheet may have."""
        self.merged.append(m)
        return len(self.merged) <= self.limits.max_merges_per_sheet

    def sheet(self, kind: str, key: int, display_name: str, data: bytes | None) -> Sheet:
        rest = Remainder(kind, str(key), self.name, self.cells, self.numbers, self.limits, display_name, data) if self.big else None
        return Sheet(self.name, self.rows.rows(), self.merged, self.hidden, rest=rest)


# ---------------------------------------------------------------------------------------------
# legacy .xls (BIFF) through xlrd: error cells are errors, merges are known


def _read_xls(data: bytes, name: str, limits: Limits, keep: bytes | None, only: int | None = None) -> tuple[list[Sheet], list[Issue]]:
    import xlrd

    from pipelines.xlsx import excel_serial

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, ragged_rows=True, on_demand=True,
                                  logfile=io.StringIO())
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            return [], [issue("file.password", name)]
        return [], [issue("file.corrupt", name, detail=str(exc)[:80])]
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - xlrd raises many kinds for broken files
        return [], [issue("file.corrupt", name, detail=type(exc).__name__)]
    sheets: list[Sheet] = []
    try:
        for i in range(book.nsheets) if only is None else [only]:
            sh = book.sheet_by_index(i)
            b = _SheetBuilder(sh.name, limits)
            b.hidden = sh.visibility != 0
            for r in range(min(sh.nrows, MAX_ROWS)):
                types, values = sh.row_types(r), sh.row_values(r)
                for c, t in enumerate(types):
                    if t == xlrd.XL_CELL_EMPTY or t == xlrd.XL_CELL_BLANK:
                        continue
                    v = values[c]
                    if t == xlrd.XL_CELL_TEXT:
                        b.put(r, c, clip_text(v) if v else None)
                    elif t == xlrd.XL_CELL_NUMBER:
                        b.put(r, c, v if math.isfinite(v) else ErrorValue("#NUM!"))
                    elif t == xlrd.XL_CELL_DATE:
                        b.put(r, c, excel_serial(v, "date", book.datemode == 1) if math.isfinite(v) else ErrorValue("#NUM!"))
                    elif t == xlrd.XL_CELL_BOOLEAN:
                        b.put(r, c, bool(v))
                    elif t == xlrd.XL_CELL_ERROR:
                        b.put(r, c, ErrorValue(xlrd.error_text_from_code.get(v, "#错误")))
            for rlo, rhi, clo, chi in sh.merged_cells:
                if rhi > rlo and chi > clo and not b.merge(MergedRange(rlo, clo, min(rhi, MAX_ROWS) - 1, min(chi, MAX_COLS) - 1)):
                    return [], [issue("sheet.too_many_merges", name, b.name, count=f"{len(sh.merged_cells):,}",
                                      limit=f"{limits.max_merges_per_sheet:,}")]
            sheets.append(b.sheet("xls", i, name, keep))
            book.unload_sheet(i)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet record
        return [], [issue("file.corrupt", name, detail=type(exc).__name__)]
    return sheets, []


# ---------------------------------------------------------------------------------------------
# .ods through python-calamine (values), row by row


def _read_ods(data: bytes, name: str, limits: Limits, keep: bytes | None, only: int | None = None) -> tuple[list[Sheet], list[Issue]]:
    import python_calamine as pc

    from pipelines.ods import ods_merges

    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        metas = [m for m in wb.sheets_metadata if m.typ == pc.SheetTypeEnum.WorkSheet]
    except pc.PasswordError:
        return [], [issue("file.password", name)]
    except Exception as exc:  # noqa: BLE001 - calamine raises many kinds for broken files
        return [], [issue("file.corrupt", name, detail=type(exc).__name__)]
    merges = ods_merges(data, limits.max_merges_per_sheet)  # calamine does not report them
    sheets = []
    for i, meta in enumerate(metas):
        if only is not None and i != only:
            continue
        b = _SheetBuilder(meta.name, limits)
        b.hidden = meta.visible != pc.SheetVisibleEnum.Visible
        try:
            sheet = wb.get_sheet_by_name(meta.name)
            # iter_rows gives the rows from the first (python-calamine 0.9) or from the range's start,
            # and the columns from the range's start or the first: told apart by how many there are.
            (r0, c0), (r1, c1) = sheet.start or (0, 0), sheet.end or (-1, -1)
            found: list[tuple[int, int, CellValue]] = []
            rows = 0
            for i, row in enumerate(sheet.iter_rows()):
                rows += 1
                col_base = 0 if len(row) == c1 + 1 else c0
                for j, v in enumerate(row):
                    if v != "" and v is not None:
                        if isinstance(v, float) and not math.isfinite(v):
                            v = ErrorValue("#NUM!")
                        found.append((i, col_base + j, clip_text(v) if isinstance(v, str) else v))
            row_base = 0 if rows == r1 + 1 else r0
            for i, c, value in found:
                if row_base + i < MAX_ROWS and c < MAX_COLS:
                    b.put(row_base + i, c, value)
            for m in merges.get(meta.name, []):
                b.merge(m)
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001
            return [], [issue("file.corrupt", name, detail=type(exc).__name__)]
        sheets.append(b.sheet("ods", i, name, keep))
    return sheets, []


# ---------------------------------------------------------------------------------------------
# SpreadsheetML 2003 (WPS "XML 表格", often saved as .xls), streamed


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_X = "{urn:schemas-microsoft-com:office:excel}"
_XML_NUMBER = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*")


class _XmlSheet(_SheetBuilder):
    def __init__(self, name: str, limits: Limits):
        super().__init__(name, limits)
        self.problems: list[Issue] = []
        self.r = -1
        self.c = -1

    def problem(self, file: str, code: str, cell: str = "", **params: Any) -> None:
        if len(self.problems) < 20:
            self.problems.append(issue(code, file, self.name, cell, **params))


def _index(text: str | None, after: int, limit: int) -> tuple[int, str | None]:
    """A 0-based position from a 1-based ss:Index (None: the one after `after`); and what is wrong with it."""
    if text is None:
        return after + 1, None if after + 1 < limit else "beyond"
    t = text.strip()
    if not t.isdigit() or int(t) < 1:
        return after + 1, "malformed"
    n = int(t) - 1
    return (n, None) if n < limit else (limit - 1, "beyond")


def _span(text: str | None) -> tuple[int, bool]:
    if text is None:
        return 0, True
    t = text.strip()
    return (int(t), True) if t.isdigit() else (0, False)


def _read_xml2003(data: bytes, name: str, limits: Limits, keep: bytes | None, only: int | None = None) -> tuple[list[Sheet], list[Issue]]:
    """Worksheet/Table/Row/Cell with ss:Index for skipped rows and cells and ss:MergeAcross/MergeDown
    for merges, read as it streams. No DTDs or entities."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        return [], [issue("file.corrupt", name, detail="XML 含有实体声明")]
    parser: ET.XMLPullParser = ET.XMLPullParser(events=("start", "end"))
    sheets: list[_XmlSheet] = []
    ws: _XmlSheet | None = None
    table: ET.Element | None = None
    try:
        for start in range(0, len(data), 1 << 16):
            parser.feed(data[start:start + (1 << 16)])
            for event, el in events(parser):
                tag = el.tag
                if event == "start":
                    if tag == _SS + "Worksheet":
                        ws = _XmlSheet(el.get(_SS + "Name") or f"Sheet{len(sheets) + 1}", limits)
                        ws.hidden = el.get(_SS + "Visible", "") in ("SheetHidden", "SheetVeryHidden")
                        sheets.append(ws)
                    elif tag == _SS + "Table":
                        table = el
                    elif tag == _SS + "Row" and ws is not None and (only is None or len(sheets) - 1 == only):
                        text = el.get(_SS + "Index")
                        ws.r, wrong = _index(text, ws.r, MAX_ROWS)
                        ws.c = -1
                        if wrong == "malformed":
                            ws.problem(name, "sheet.bad_cell", detail=f"行号 ss:Index=“{(text or '')[:20]}”不是有效的行号")
                        elif wrong == "beyond":
                            ws.problem(name, "sheet.too_many_rows", row=f"{int(text or MAX_ROWS + 1):,}" if (text or "").strip().isdigit() else f"{MAX_ROWS + 1:,}",
                                       limit=f"{MAX_ROWS:,}")
                    continue
                if ws is None:
                    continue
                if only is not None and len(sheets) - 1 != only:
                    if tag == _SS + "Row" and table is not None:
                        table.clear()
                    continue
                if tag == _SS + "Cell":
                    _xml_cell(el, ws, name)
                elif tag == _SS + "Row":
                    if table is not None:
                        table.clear()
                elif tag == _SS + "Worksheet":
                    if any(ch.tag == _X + "WorksheetOptions" and ch.find(_X + "Visible") is not None for ch in el):
                        ws.hidden = True
                    el.clear()
                    ws, table = None, None
        parser.close()
    except ET.ParseError as exc:
        return [], [issue("file.corrupt", name, detail=f"XML 格式错误：{exc}")]
    if only is not None:
        sheets = sheets[only:only + 1]
        return [s.sheet("xml2003", only, name, keep) for s in sheets], [p for s in sheets for p in s.problems]
    problems = [p for s in sheets for p in s.problems]
    return [s.sheet("xml2003", i, name, keep) for i, s in enumerate(sheets)], problems


def _xml_cell(cell: ET.Element, ws: _XmlSheet, name: str) -> None:
    text = cell.get(_SS + "Index")
    c, wrong = _index(text, ws.c, MAX_COLS)
    r = max(ws.r, 0)
    if wrong == "malformed":
        ws.problem(name, "sheet.bad_cell", cell_address(r, c), detail=f"列号 ss:Index=“{(text or '')[:20]}”不是有效的列号")
    elif wrong == "beyond":
        ws.problem(name, "sheet.bad_cell", detail=f"第 {r + 1} 行的单元格超出了工作表的最大列数 {MAX_COLS:,}")
        ws.c = MAX_COLS
        return
    ws.c = c
    where = cell_address(r, c)
    data = cell.find(_SS + "Data")
    value: CellValue = None
    if data is not None:
        body = clip_text("".join(data.itertext()))
        kind = data.get(_SS + "Type")
        if kind == "Number":
            if _XML_NUMBER.fullmatch(body) and math.isfinite(float(body)):
                value = float(body) if any(ch in body for ch in ".eE") else int(body)
            else:
                # Kept as text: "Infinity" the parser reports as no number at its cell. What it would
                # read as a number ("2,510") or a blank ("") is said here, at its cell.
                value = body if body.strip() else None
                if not parse_number(body).error:
                    ws.problem(name, "sheet.bad_cell", where, detail=f"类型为数字，但内容“{body[:30]}”不是数字")
        elif kind == "Error":
            value = ErrorValue(body.strip())
        else:
            value = body
    elif cell.get(_SS + "Formula"):
        value = ErrorValue("")  # a formula with no result written
    ws.put(r, c, value)
    across, ok_a = _span(cell.get(_SS + "MergeAcross"))
    down, ok_d = _span(cell.get(_SS + "MergeDown"))
    if not (ok_a and ok_d):
        ws.problem(name, "sheet.bad_cell", where, detail="合并单元格的范围无效")
    elif (across or down) and not ws.merge(MergedRange(r, c, min(r + down, MAX_ROWS - 1), min(c + across, MAX_COLS - 1))):
        if len(ws.merged) == ws.limits.max_merges_per_sheet + 1:
            ws.problem(name, "sheet.too_many_merges", count=f"{ws.limits.max_merges_per_sheet:,} 个以上", limit=f"{ws.limits.max_merges_per_sheet:,}")
        ws.merged.pop()
    ws.c = min(c + across, MAX_COLS)
    cell.clear()


# ---------------------------------------------------------------------------------------------
# CSV


_MAX_LINE = 1 << 20  # characters in one line of a CSV: a return's lines have a few hundred


class _LineTooLong(Exception):
    pass


def _csv_encoding(data: bytes) -> str | None:
    """utf-8-sig when the whole file is UTF-8, utf-16 when it starts with a UTF-16 byte-order mark (Excel's
    "Unicode 文本" export), else gb18030 (GBK is a subset); None when it is not text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            sample = codecs.getincrementaldecoder("utf-16")().decode(data[:65536])
        except UnicodeDecodeError:
            return None
        return "utf-16" if not any(ch < " " and ch not in "\t\r\n" for ch in sample) else None
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), 1 << 20):
            decoder.decode(data[start:start + (1 << 20)], final=start + (1 << 20) >= len(data))
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "gb18030"
    try:
        sample = codecs.getincrementaldecoder(encoding)().decode(data[:65536])
    except UnicodeDecodeError:
        return None
    # GB18030 maps almost any bytes to some character: NULs and control characters mean it was not
    # text in any of our encodings (UTF-16, a binary file called .csv).
    if any(ch < " " and ch not in "\t\r\n" for ch in sample):
        return None
    return encoding


def _lines(data: bytes, encoding: str) -> Iterator[str]:
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="strict", newline="")
    while line := stream.readline(_MAX_LINE):
        if len(line) >= _MAX_LINE and not line.endswith(("\n", "\r")):
            raise _LineTooLong
        yield line


def _delimiter(data: bytes, encoding: str) -> str:
    """A comma, unless the first lines have no comma and the same number of semicolons (or tabs) each, or
    tabs on at least half of them: an export from another system; a Chinese Excel or WPS writes commas."""
    head = data[:65536].decode(encoding, errors="ignore").splitlines()[:30]
    lines = [x for x in head if x.strip()]
    if not lines or any("," in x for x in lines):
        return ","
    for sep in (";", "\t"):
        counts = {x.count(sep) for x in lines[1:] or lines}
        if len(counts) == 1 and counts != {0}:
            return sep
    # Tab-separated with the forms stacked (rows of different widths, the title lines without any tab):
    # no comma anywhere and tabs on at least half the lines.
    if 2 * sum("\t" in x for x in lines) >= len(lines):
        return "\t"
    return ","


def _read_csv(data: bytes, name: str, limits: Limits, keep: bytes | None, only: int | None = None) -> tuple[list[Sheet], list[Issue]]:
    encoding = _csv_encoding(data)
    if encoding is None:
        return [], [issue("file.encoding", name)]
    b = _SheetBuilder(PurePath(name.split(" › ")[-1]).stem, limits)
    reader = csv.reader(_lines(data, encoding), strict=True, delimiter=_delimiter(data, encoding))
    line = 0
    try:
        for r, row in enumerate(reader):
            if r >= MAX_ROWS:
                return [], [issue("sheet.too_many_rows", name, b.name, row=f"{r + 1:,}", limit=f"{MAX_ROWS:,}")]
            if len(row) > MAX_COLS:
                return [], [issue("csv.malformed", name, line=f"{reader.line_num:,}", detail=f"超过 {MAX_COLS:,} 列")]
            for c, cell in enumerate(row):
                if cell and not cell.isspace():
                    b.put(r, c, clip_text(cell))
            line = reader.line_num
    except csv.Error as exc:
        return [], [issue("csv.malformed", name, line=f"{reader.line_num:,}", detail=_csv_problem(str(exc)))]
    except _LineTooLong:
        return [], [issue("csv.malformed", name, line=f"{line + 1:,}", detail=f"一行超过 {_MAX_LINE:,} 个字符")]
    except UnicodeDecodeError:
        return [], [issue("file.encoding", name)]
    return [b.sheet("csv", 0, name, keep)], []


def _csv_problem(message: str) -> str:
    if "field larger than field limit" in message:
        return f"某一格超过 {csv.field_size_limit():,} 个字符，多半是引号没有配对"
    if "unexpected end of data" in message:
        return "引号没有配对：从这一行起的引号一直没有结束"
    if "expected after" in message:
        return "引号后面紧跟着其他字符：引号内的文字应整格用引号括起"
    return message


_READERS: dict[str, Callable[[bytes, str, Limits, bytes | None, int | None], tuple[list[Sheet], list[Issue]]]] = {
    "ole": _read_xls, "xls": _read_xls, "ods": _read_ods, "xml2003": _read_xml2003, "text": _read_csv, "csv": _read_csv,
}


# ---------------------------------------------------------------------------------------------
# .zip


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
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
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
        except (RuntimeError, zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:  # encrypted or damaged
            return fail("zip.corrupt", detail=type(exc).__name__)
        if PurePath(name).suffix.lower() == ".zip":
            results.append(ReadResult(name, None, [issue("file.unsupported", name, suffix=".zip（压缩包中的压缩包）")], b"".join(chunks)))
            continue
        results.extend(read_bytes(b"".join(chunks), name, limits))
    return results


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"
