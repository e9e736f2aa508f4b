""".xlsx/.xlsm: every worksheet's XML streamed out of the zip into sparse cells.

Nothing is ever allocated by what a file declares (<dimension>, a merge, a cell's address): a cell
costs memory only if it holds a value, so a stray cell at XFD1048576 costs one long row (see
grid.SparseRows). Shared strings are read once, and only those some kept cell uses.

A worksheet whose XML is too big to be read at once before knowing it matters (a 名册 of 600,000
rows attached to a return) is handed over as its first HEAD_ROWS rows: the rest of it is only searched
as bytes (filled cells, numbers, merged ranges). The parser decides from those rows whether the sheet
can be a return; only then is it read whole (`read_whole_sheet`).

Error cells (t="e") become ErrorValue("#N/A") etc.; a formula without a cached value ErrorValue("").
A broken part (a missing worksheet, malformed XML, a shared string that does not exist, a cell
address outside the sheet) is an Issue naming the file, the sheet and, where known, the cell.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from lxml import etree

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
    cell_address,
    clip_text,
)
from pipelines.issues import Issue, issue

_MIN_CELL_BYTES = 20  # <c r="A1"><v>1</v></c> is 22 bytes: a sheet's XML bytes ÷ 20 bound its cells
_CHUNK = 1 << 16
_MAX_PART_BYTES = 64 * 1024 * 1024  # workbook.xml, its relationships, styles.xml: parsed whole
_BUILTIN_DATE_FORMATS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}  # as calamine decides
_BUILTIN_DURATIONS = {46}
_NUMBER = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*")


class XlsxProblem(Exception):
    """A part of the workbook that cannot be read: becomes an Issue of the file (and sheet, cell)."""

    def __init__(self, code: str, sheet: str = "", cell: str = "", **params: object):
        super().__init__(code, sheet, cell, params)
        self.code, self.sheet, self.cell, self.params = code, sheet, cell, params

    def as_issue(self, file: str) -> Issue:
        return issue(self.code, file, self.sheet, self.cell, **self.params)


# ---------------------------------------------------------------------------------------------
# the zip's parts


class _Budget:
    """Bytes inflated out of one workbook so far: a part that inflates without end is stopped."""

    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0

    def take(self, n: int) -> None:
        self.used += n
        if self.used > self.limit:
            raise XlsxProblem("file.unpacked_too_large", limit=f"{self.limit / 1024 / 1024:.0f} MB")


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""  # lxml gives comments a function as tag


def events(parser: ET.XMLPullParser) -> Iterator[tuple[str, ET.Element]]:
    """The parser's (event, element) pairs so far (start and end events only are asked for)."""
    yield from parser.read_events()  # type: ignore[misc]


def _chunks(archive: zipfile.ZipFile, member: str, budget: _Budget, sheet: str = "") -> Iterator[bytes]:
    """The member's bytes in chunks as they are inflated; no DTD (none is allowed in OOXML)."""
    try:
        with archive.open(member) as fh:
            first = True
            while chunk := fh.read(_CHUNK):
                budget.take(len(chunk))
                if first and b"<!DOCTYPE" in chunk[:4096]:
                    raise XlsxProblem("sheet.corrupt" if sheet else "file.corrupt", sheet, detail="含有 DTD 声明")
                first = False
                yield chunk
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError, NotImplementedError) as exc:
        raise XlsxProblem("sheet.corrupt" if sheet else "file.corrupt", sheet, detail=f"{member} 无法解压（{'数据损坏' if isinstance(exc, zlib.error) else type(exc).__name__}）") from exc


def _parse(archive: zipfile.ZipFile, member: str, budget: _Budget) -> ET.Element:
    info = archive.getinfo(member)
    if info.file_size > _MAX_PART_BYTES:
        raise XlsxProblem("file.corrupt", detail=f"{member} 过大")
    try:
        return ET.fromstring(b"".join(_chunks(archive, member, budget)))
    except ET.ParseError as exc:
        raise XlsxProblem("file.corrupt", detail=f"{member} 格式错误：{exc}") from exc


@dataclass
class SheetPart:
    name: str
    member: str
    hidden: bool


@dataclass
class _Book:
    sheets: list[SheetPart]
    shared: str | None
    date1904: bool
    date_styles: dict[str, str] = field(default_factory=dict)  # style index -> "date" | "duration"


def _book(archive: zipfile.ZipFile, budget: _Budget) -> _Book:
    """Worksheets in order (name, part, hidden), the shared strings part, the date system."""
    names = set(archive.namelist())
    rels = "xl/_rels/workbook.xml.rels"
    targets: dict[str, tuple[str, str]] = {}
    shared = None
    if rels in names:
        for rel in _parse(archive, rels, budget).iter():
            if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            kind = rel.get("Type", "").rpartition("/")[2]
            targets[rel.get("Id", "")] = (member, kind)
            if kind == "sharedStrings":
                shared = member
    if shared is None and "xl/sharedStrings.xml" in names:
        shared = "xl/sharedStrings.xml"
    root = _parse(archive, "xl/workbook.xml", budget)
    sheets: list[SheetPart] = []
    date1904 = False
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "workbookPr":
            date1904 = el.get("date1904", "0").lower() in ("1", "true")
        elif tag == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id" and k.startswith("{")), "")
            member, kind = targets.get(rid, ("", "worksheet"))
            if kind != "worksheet":
                continue  # chart sheets, dialog and macro sheets hold no cells
            name = clip_text(el.get("name", "") or f"Sheet{len(sheets) + 1}")
            sheets.append(SheetPart(name, member, el.get("state", "visible") in ("hidden", "veryHidden")))
    book = _Book(sheets, shared if shared in names else None, date1904)
    if "xl/styles.xml" in names:
        try:
            book.date_styles = _date_styles(_parse(archive, "xl/styles.xml", budget))
        except XlsxProblem:
            book.date_styles = {}  # unreadable styles: numbers stay numbers, as when none are dates
    return book


def _date_styles(root: ET.Element) -> dict[str, str]:
    """Cell styles (the `s` attribute) whose number format makes a number a date (or a duration)."""
    custom = {el.get("numFmtId", ""): el.get("formatCode", "") for el in root.iter() if _local(el.tag) == "numFmt"}
    xfs = next((el for el in root.iter() if _local(el.tag) == "cellXfs"), None)
    dates = {}
    for i, xf in enumerate(x for x in (xfs if xfs is not None else []) if _local(x.tag) == "xf"):
        fmt = xf.get("numFmtId", "0")
        if fmt in custom:
            if _is_date_format(custom[fmt]):
                dates[str(i)] = "duration" if re.search(r"\[[hms]+\]", custom[fmt], re.IGNORECASE) else "date"
        elif fmt.isdigit() and int(fmt) in _BUILTIN_DATE_FORMATS:
            dates[str(i)] = "duration" if int(fmt) in _BUILTIN_DURATIONS else "date"
    return dates


def _is_date_format(fmt: str) -> bool:
    """calamine's reading of a custom number format: date/time codes outside quotes and brackets."""
    escaped = quoted = ampm = hms = False
    brackets = 0
    prev = " "
    for ch in fmt:
        if escaped:
            escaped = False
        elif ch in "_\\":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return False  # only the first section counts
        elif ch == "[":
            brackets += 1
        elif ch == "]" and brackets == 1 and hms:
            return True  # [h], [mm], [ss]: elapsed time
        elif ch == "]":
            brackets = max(0, brackets - 1)
        elif ch in "aA" and not ampm and brackets == 0:
            ampm = True
        elif brackets == 0 and ((ampm and ch in "pmPM/") or (not ampm and ch in "dmhysDMHYS")):
            return True
        elif not (hms and ch.lower() == prev.lower()):
            hms = prev == "[" and ch in "mhsMHS"
        prev = ch
    return False


# ---------------------------------------------------------------------------------------------
# cells


_COLUMNS: dict[str, int] = {}  # "AB" -> 27: at most 16,384 entries


def _address(ref: str) -> tuple[int, int] | None:
    """"B7" -> (6, 1); None for anything that is no cell of a sheet."""
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    col = _COLUMNS.get(letters)
    if col is None:
        if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
            return None
        col = 0
        for ch in letters.upper():
            col = col * 26 + ord(ch) - 64
        col -= 1
        if col >= MAX_COLS:
            return None
        _COLUMNS[letters] = col
    if not digits or len(digits) > 7:
        return None
    row = int(digits)
    if not 1 <= row <= MAX_ROWS:
        return None
    return row - 1, col


def excel_serial(value: float, kind: str, date1904: bool) -> CellValue:
    """An Excel serial number in a date or duration format, as calamine gives it."""
    if kind == "duration":
        return dt.timedelta(days=value)
    if 0 <= value < 1:
        seconds = round(value * 86400)
        return dt.time(seconds // 3600 % 24, seconds // 60 % 60, seconds % 60)
    if date1904:
        base = dt.datetime(1904, 1, 1)
    elif value < 60:
        base = dt.datetime(1899, 12, 31)  # before Excel's phantom 1900-02-29
    else:
        base = dt.datetime(1899, 12, 30)
    try:
        moment = base + dt.timedelta(days=value)
    except OverflowError:
        return value
    if moment.year < 1900 or moment.year > 9999:
        return value
    if value == int(value):
        return moment.date()
    return moment.replace(microsecond=0) if moment.microsecond < 500_000 else (moment + dt.timedelta(seconds=1)).replace(microsecond=0)


def _rich_text(el: ET.Element) -> str:
    """Text of an <is> or <si>: its <t>, or the <t> of each run; phonetic guides (<rPh>) are no text."""
    parts = []
    for child in el:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return clip_text("".join(parts))


@dataclass
class _Cells:
    """What one worksheet holds: values placed, shared strings still to look up, merges, problems."""

    sheet: str
    rows: SparseRows = field(default_factory=SparseRows)
    shared: list[tuple[int, int, int]] = field(default_factory=list)  # (row, col, string index)
    merged: list[MergedRange] = field(default_factory=list)
    problems: list[XlsxProblem] = field(default_factory=list)
    numbers: bool = False


class _CellReader:
    """Turns <c> elements into values on a _Cells (the sheet's date styles and date system known)."""

    def __init__(self, sheet: str, date_styles: dict[str, str], date1904: bool, cells: _Cells):
        self.sheet, self.date_styles, self.date1904, self.out = sheet, date_styles, date1904, cells
        self.namespace("")

    def namespace(self, ns: str) -> None:
        """The worksheet's namespace ("{…}" or ""), as its root element says."""
        self.v_tag, self.f_tag, self.is_tag = ns + "v", ns + "f", ns + "is"

    def problem(self, code: str, r: int | None, c: int | None, **params: object) -> None:
        if len(self.out.problems) < 20:
            where = cell_address(r, c) if r is not None and c is not None else ""
            self.out.problems.append(XlsxProblem(code, self.sheet, where, **params))

    def cell(self, el: ET.Element, r: int, c: int) -> None:
        kind = el.get("t", "n")
        v = f = inline = None
        for child in el:
            tag = child.tag
            if tag == self.v_tag:
                v = child
            elif tag == self.f_tag:
                f = child
            elif tag == self.is_tag:
                inline = child
        text = (v.text or "") if v is not None else None  # <v/> is an empty value, no <v> none at all
        out = self.out
        if kind == "inlineStr":
            value: CellValue = _rich_text(inline) if inline is not None else (clip_text(text) if text else None)
            out.rows.put(r, c, value or None)
            return
        if text is None or (text == "" and kind != "str"):
            if f is not None:
                out.rows.put(r, c, ErrorValue(""))  # a formula no program has calculated
            return
        if kind == "s":
            index = text.strip()
            if not index.isdigit():
                self.problem("sheet.bad_cell", r, c, detail=f"共享字符串编号“{index[:20]}”不是数字")
                return
            out.shared.append((r, c, int(index)))
        elif kind == "str":
            out.rows.put(r, c, clip_text(text) or None)
        elif kind == "e":
            out.rows.put(r, c, ErrorValue(clip_text(text.strip())))
        elif kind == "b":
            out.rows.put(r, c, text.strip() in ("1", "true", "TRUE"))
        elif kind == "d":
            try:
                out.rows.put(r, c, dt.datetime.fromisoformat(text.strip()))
            except ValueError:
                out.rows.put(r, c, clip_text(text))
        else:
            if not _NUMBER.fullmatch(text) or not math.isfinite(number := float(text)):
                self.problem("sheet.bad_cell", r, c, detail=f"数字“{text[:30]}”无法读取")
                return
            style = self.date_styles.get(el.get("s", "0")) if self.date_styles else None
            if style is None:
                out.numbers = True
                out.rows.put(r, c, number)
            else:
                out.rows.put(r, c, excel_serial(number, style, self.date1904))


def _read_cells(archive: zipfile.ZipFile, part: SheetPart, book: _Book, budget: _Budget) -> _Cells:
    """Every filled cell and merged range of a worksheet, its XML parsed as it is inflated, a row at a
    time (lxml hands over only <row> and <mergeCell> elements; rows read are let go)."""
    out = _Cells(part.name)
    reader = _CellReader(part.name, book.date_styles, book.date1904, out)
    parser = etree.XMLPullParser(events=("end",), tag=("{*}row", "{*}mergeCell"), resolve_entities=False, no_network=True,
                                 load_dtd=False, huge_tree=True)
    ns: str | None = None
    c_tag = ""
    r = -1
    try:
        for chunk in _chunks(archive, part.member, budget, part.name):
            parser.feed(chunk)
            for _, el in parser.read_events():
                tag = el.tag
                if ns is None:
                    ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
                    c_tag = ns + "c"
                    reader.namespace(ns)
                if tag.endswith("mergeCell"):
                    _merge(el.get("ref", ""), out, reader)
                    continue
                ref = el.get("r")
                if ref is None:
                    r += 1
                elif ref.isdigit() and ref.isascii() and 1 <= int(ref) <= MAX_ROWS:
                    r = int(ref) - 1
                else:
                    reader.problem("sheet.bad_cell", None, None, detail=f"行号“{ref[:20]}”无效")
                    r += 1
                c = -1
                for cell in el:
                    if cell.tag != c_tag:
                        continue
                    ref = cell.get("r")
                    if ref is None:
                        c += 1
                        at: tuple[int, int] | None = (max(r, 0), c) if c < MAX_COLS else None
                    else:
                        at = _address(ref)
                    if at is None:
                        reader.problem("sheet.bad_cell", None, None, detail=f"单元格地址“{(ref or '')[:20]}”无效")
                        continue
                    c = at[1]
                    reader.cell(cell, at[0], c)
                el.clear()
                while el.getprevious() is not None:  # rows already read are let go
                    del el.getparent()[0]
        parser.close()
    except etree.LxmlError as exc:
        raise XlsxProblem("sheet.corrupt", part.name, detail=f"XML 格式错误：{str(exc)[:120]}") from exc
    return out


def _merge(ref: str, out: _Cells, reader: _CellReader) -> None:
    first, _, last = ref.partition(":")
    a, b = _address(first), _address(last or first)
    if a is None or b is None:
        reader.problem("sheet.bad_cell", None, None, detail=f"合并区域“{ref[:30]}”无效")
        return
    out.merged.append(MergedRange(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])))


# ---------------------------------------------------------------------------------------------
# big sheets: the first rows parsed, the rest searched as bytes


class _Head:
    """The cells of the first HEAD_ROWS rows of a worksheet, from its XML fed in chunks."""

    def __init__(self, reader: _CellReader):
        self.parser: ET.XMLPullParser = ET.XMLPullParser(events=("start", "end"))
        self.reader = reader
        self.done = False
        self.row = -1
        self.col = -1
        self.ns: str | None = None

    def feed(self, chunk: bytes) -> None:
        # In slices: the parser builds every element it is fed, and the head is usually near the top.
        for start in range(0, len(chunk), 1 << 14):
            self._feed(chunk[start:start + (1 << 14)])
            if self.done:
                self.parser = ET.XMLPullParser()  # let go of what was parsed past the head
                return

    def _feed(self, chunk: bytes) -> None:
        self.parser.feed(chunk)
        for event, el in events(self.parser):
            name = _local(el.tag)
            if event == "start":
                if self.ns is None:
                    self.ns = el.tag[: el.tag.index("}") + 1] if el.tag.startswith("{") else ""
                    self.reader.namespace(self.ns)
                if name == "row":
                    ref = el.get("r")
                    self.row = int(ref) - 1 if ref and ref.isdigit() else self.row + 1
                    self.col = -1
                    if self.row >= HEAD_ROWS:
                        self.done = True
                        return
                continue
            if name == "c":
                ref = el.get("r")
                at = _address(ref) if ref else (self.row, self.col + 1)
                if at is not None and at[0] < HEAD_ROWS:
                    self.col = at[1]
                    self.reader.cell(el, at[0], at[1])
                el.clear()
            elif name == "sheetData":
                self.done = True
                return


@dataclass
class _Patterns:
    """Byte patterns for one worksheet part (some writers prefix every tag, e.g. <x:c>)."""

    row_end: bytes
    cells_end: bytes
    value: bytes
    inline: bytes
    number: re.Pattern[bytes]
    merge: re.Pattern[bytes]

    @classmethod
    def for_part(cls, first_chunk: bytes) -> _Patterns:
        m = re.search(rb"<(\w+:)?worksheet\b", first_chunk)
        p = (m.group(1) or b"") if m else b""
        q = re.escape(p)
        attr = rb"""\s+[\w:.-]+=(?:"[^"]*"|'[^']*')"""
        # A cell holding a number: no t attribute, or t="n" (t="s", "str", "b", "e", "d", "inlineStr"
        # are text, booleans, errors and dates), then an optional formula, then its value.
        number = (rb"<" + q + rb"c((?:(?!\s+t=[\"'][^n])" + attr + rb")*)\s*>"
                  rb"(?:<" + q + rb"f\b[^>]*/>|<" + q + rb"f\b[^>]*>[^<]*</" + q + rb"f>)?<" + q + rb"v>(?=[^<])")
        merge = rb"<" + q + rb"""mergeCell\s+ref=["']([A-Za-z]+\d+(?::[A-Za-z]+\d+)?)["']"""
        return cls(b"</" + p + b"row>", b"</" + p + b"sheetData>", b"<" + p + b"v>", b"<" + p + b"is>", re.compile(number), re.compile(merge))

    def count_filled(self, part: bytes) -> int:
        return part.count(self.value) + part.count(self.inline)

    def has_number(self, part: bytes, date_styles: dict[str, str]) -> bool:
        for m in self.number.finditer(part):
            style = re.search(rb"""\ss=["'](\d+)["']""", m.group(1))
            if not date_styles or (style.group(1).decode() if style else "0") not in date_styles:
                return True
        return False


def _scan_big(archive: zipfile.ZipFile, part: SheetPart, book: _Book, budget: _Budget, max_merges: int) -> tuple[_Cells, int]:
    """One pass over a big worksheet's XML: its first rows parsed, the rest only searched as bytes
    for filled cells, numbers and merged ranges (merges come after the cells). Returns the first
    rows' cells and the count of filled cells of the whole sheet."""
    out = _Cells(part.name)
    head = _Head(_CellReader(part.name, book.date_styles, book.date1904, out))
    cells = 0
    numbers = False
    patterns: _Patterns | None = None
    in_cells = True
    carry = b""
    try:
        for chunk in _chunks(archive, part.member, budget, part.name):
            if not head.done:
                head.feed(chunk)
            if patterns is None:
                patterns = _Patterns.for_part(chunk)
            buf = carry + chunk
            if in_cells:
                end = buf.find(patterns.cells_end)
                if end >= 0:
                    done, buf, in_cells = buf[:end], buf[end:], False
                else:
                    # Search whole rows only, so no cell is cut in two between chunks (a row longer
                    # than 4 MB is cut anyway: a cell split there is missed, not worth a second pass).
                    last = buf.rfind(patterns.row_end)
                    cut = last + len(patterns.row_end) if last >= 0 else (len(buf) - 1024 if len(buf) > (4 << 20) else 0)
                    done, carry = buf[:cut], buf[cut:]
                cells += patterns.count_filled(done)
                numbers = numbers or patterns.has_number(done, book.date_styles)
                if in_cells:
                    continue
            taken = 0
            for m in patterns.merge.finditer(buf):
                _merge(m.group(1).decode(), out, head.reader)
                taken = m.end()
                if len(out.merged) > max_merges:
                    raise XlsxProblem("sheet.too_many_merges", part.name, count=f"{max_merges:,} 个以上", limit=f"{max_merges:,}")
            carry = buf[max(taken, len(buf) - 1024):]  # a merge is never longer than that
        if patterns is not None and in_cells and carry:
            cells += patterns.count_filled(carry)
            numbers = numbers or patterns.has_number(carry, book.date_styles)
    except ET.ParseError as exc:
        raise XlsxProblem("sheet.corrupt", part.name, detail=f"XML 格式错误：{exc}") from exc
    out.numbers = numbers
    return out, cells


# ---------------------------------------------------------------------------------------------
# shared strings


def _strings(archive: zipfile.ZipFile, member: str | None, wanted: set[int], budget: _Budget) -> tuple[dict[int, str], int]:
    """The shared strings some kept cell uses, read as the part streams past (it can be huge); and how
    many strings the part holds up to the last one wanted (all of them if it ends before)."""
    found: dict[int, str] = {}
    if not wanted or member is None:
        return found, 0
    last = max(wanted)
    parser: ET.XMLPullParser = ET.XMLPullParser(events=("start", "end"))
    root: ET.Element | None = None
    index = 0
    try:
        for chunk in _chunks(archive, member, budget):
            for start in range(0, len(chunk), 1 << 14):
                parser.feed(chunk[start:start + (1 << 14)])
                for event, el in events(parser):
                    if event == "start":
                        if root is None:
                            root = el
                        continue
                    if _local(el.tag) != "si":
                        continue
                    if index in wanted:
                        found[index] = _rich_text(el)
                    index += 1
                    if root is not None:
                        root.clear()  # drop strings already passed
                    if index > last:
                        return found, index
        parser.close()
    except ET.ParseError as exc:
        raise XlsxProblem("file.corrupt", detail=f"{member} 格式错误：{exc}") from exc
    return found, index


# ---------------------------------------------------------------------------------------------
# the workbook


def read_whole_sheet(data: bytes, member: str, name: str, limits: Limits) -> list[list[CellValue]]:
    """Every row of one worksheet of the workbook (a big sheet the parser wants whole). Raises
    XlsxProblem when it cannot be read."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    budget = _Budget(limits.max_unpacked_bytes)
    book = _book(archive, budget)
    part = next((p for p in book.sheets if p.member == member), SheetPart(name, member, False))
    cells = _read_cells(archive, part, book, budget)
    if cells.problems:
        raise cells.problems[0]
    _resolve(archive, book, [cells], budget)
    if cells.problems:
        raise cells.problems[0]
    return cells.rows.rows()


def _resolve(archive: zipfile.ZipFile, book: _Book, sheets: list[_Cells], budget: _Budget) -> None:
    """Shared strings put in place; an index beyond the part's strings is a problem at its cell."""
    wanted = {i for s in sheets for _, _, i in s.shared}
    strings, count = _strings(archive, book.shared, wanted, budget)
    for s in sheets:
        for r, c, i in s.shared:
            text = strings.get(i)
            if text is None:
                if len(s.problems) < 20:
                    s.problems.append(XlsxProblem("sheet.bad_cell", s.sheet, cell_address(r, c),
                                                  detail=f"引用的共享字符串第 {i} 个不存在（共 {count} 个）"))
                continue
            s.rows.put(r, c, text or None)
        s.shared = []


def read_xlsx(archive: zipfile.ZipFile, display_name: str, limits: Limits) -> tuple[list[Sheet], list[Issue], dict[int, tuple[str, int, bool]]]:
    """Every worksheet of an .xlsx/.xlsm, and for each big one handed over as its first rows (by its
    place among the sheets): its part, its filled cells and whether any is a number. A part that
    cannot be read is an error Issue, and no sheets."""
    budget = _Budget(limits.max_unpacked_bytes)
    try:
        book = _book(archive, budget)
        infos = {i.filename: i for i in archive.infolist()}
        threshold = limits.whole_sheet_cells * _MIN_CELL_BYTES
        read: list[tuple[SheetPart, _Cells, int | None]] = []
        problems: list[XlsxProblem] = []
        for part in book.sheets:
            info = infos.get(part.member)
            if info is None:
                problems.append(XlsxProblem("sheet.part_missing", part.name, sheet_name=part.name, part=part.member or "（未登记）"))
                continue
            if info.file_size > threshold:
                cells, count = _scan_big(archive, part, book, budget, limits.max_merges_per_sheet)
                read.append((part, cells, count))
            else:
                cells = _read_cells(archive, part, book, budget)
                read.append((part, cells, None))
            if len(cells.merged) > limits.max_merges_per_sheet:
                problems.append(XlsxProblem("sheet.too_many_merges", part.name, count=f"{len(cells.merged):,}",
                                            limit=f"{limits.max_merges_per_sheet:,}"))
        _resolve(archive, book, [c for _, c, _ in read], budget)
    except XlsxProblem as exc:
        return [], [exc.as_issue(display_name)], {}
    problems.extend(p for _, cells, _ in read for p in cells.problems)
    if problems:
        return [], [p.as_issue(display_name) for p in problems], {}
    sheets = [Sheet(part.name, cells.rows.rows(), cells.merged, part.hidden) for part, cells, _ in read]
    big = {i: (part.member, count, cells.numbers) for i, (part, cells, count) in enumerate(read) if count is not None}
    return sheets, [], big
