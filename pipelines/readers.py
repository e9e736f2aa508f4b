"""Files -> Workbooks of Sheets with absolute cell positions and merged ranges.

Interim reader: .xlsx/.xlsm/.xls/.ods through python-calamine and CSV in UTF-8 (with or without BOM),
GBK or GB18030, detected without asking. Never raises for bad input: a file that cannot be read
becomes a ReadResult with an error Issue.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import itertools
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any
from xml.etree import ElementTree as ET

import python_calamine as pc

from pipelines.config import Limits
from pipelines.grid import HEAD_ROWS, CellValue, MergedRange, Sheet, Workbook
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
            heads, source = _big_xlsx_sheets(archive, data, limits)
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


def _calamine_rows(rows: list[list[Any]]) -> list[list[CellValue]]:
    return [[None if v == "" else v for v in row] for row in rows]


def _calamine_sheet(sheet: pc.CalamineSheet, name: str, hidden: bool, limits: Limits) -> Sheet:
    """A sheet calamine has read into its own memory: turned into Python values whole when small,
    else its first rows only (the parser asks for the rest if the sheet may be a return)."""
    merged = [MergedRange(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
    end = sheet.end or (-1, -1)
    cells = (end[0] + 1) * (end[1] + 1)  # to_python(skip_empty_area=False) fills from A1
    if cells <= limits.whole_sheet_cells:
        return Sheet(name, _calamine_rows(sheet.to_python(skip_empty_area=False)), merged, hidden)
    head = _calamine_rows(sheet.to_python(skip_empty_area=False, nrows=HEAD_ROWS))
    return Sheet(name, head, merged, hidden, rest=_CalamineRest(sheet, cells))


@dataclass
class _CalamineRest:
    sheet: pc.CalamineSheet
    cells: int

    def has_numbers(self) -> bool:
        return any(isinstance(v, (int, float)) and not isinstance(v, bool) for row in self.sheet.iter_rows() for v in row)

    def read(self) -> list[list[CellValue]]:
        return _calamine_rows(self.sheet.to_python(skip_empty_area=False))


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


# ---------------------------------------------------------------------------------------------
# big .xlsx/.xlsm sheets: their first rows are read from the XML as it streams out of the zip, so a
# 名册 of 600,000 rows attached to a return is judged (and skipped) without ever being held whole.
# Only text matters to that judgement; numbers and dates are kept just well enough to tell them from
# text. A sheet that may be a return is then read whole by calamine, like any other.

_MIN_CELL_BYTES = 20  # <c r="A1"><v>1</v></c> is 22 bytes: a sheet's XML bytes ÷ 20 bound its cells
_CHUNK = 1 << 20
_BUILTIN_DATE_FORMATS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}  # as calamine decides


def _big_xlsx_sheets(archive: zipfile.ZipFile, data: bytes, limits: Limits) -> tuple[dict[str, Sheet], bytes]:
    """Sheets whose XML is too big to read whole before knowing they matter, as first rows + rest; and
    the workbook for calamine to read the other sheets from (without the big ones, see _without)."""
    threshold = limits.whole_sheet_cells * _MIN_CELL_BYTES
    infos = {i.filename: i for i in archive.infolist()}
    if all(i.file_size <= threshold for i in infos.values()):
        return {}, data  # the usual case, decided without parsing anything
    parts, shared_strings = _xlsx_parts(archive)
    big = {name: member for name, member in parts.items() if member in infos and infos[member].file_size > threshold}
    if not big:
        return {}, data
    date_styles = _date_styles(archive) if "xl/styles.xml" in infos else set()
    scans = {name: _scan_sheet(archive, member, date_styles) for name, member in big.items()}
    wanted = {int(v) for scan in scans.values() for t, v, _ in scan.head.values() if t == "s" and v.isdigit()}
    strings = _shared_strings(archive, shared_strings, wanted) if wanted and shared_strings in infos else {}
    sheets = {}
    for name, scan in scans.items():
        rows: list[list[CellValue]] = []
        for (r, c), (kind, text, style) in sorted(scan.head.items()):
            while len(rows) <= r:
                rows.append([])
            row = rows[r]
            while len(row) <= c:
                row.append(None)
            row[c] = _head_value(kind, text, style in date_styles, strings)
        sheets[name] = Sheet(name, rows, scan.merged, rest=_XlsxRest(data, name, scan.cells, scan.numbers))
    small = [m for m in parts.values() if m in infos and m not in big.values()]
    return sheets, _without(archive, set(big.values()), small, shared_strings if shared_strings in infos else None)


def _without(archive: zipfile.ZipFile, big: set[str], small: list[str], shared: str | None) -> bytes:
    """The workbook with its big sheets emptied and only the shared strings the other sheets use.

    calamine copies the whole file into memory and reads every shared string when it opens a
    workbook; Excel and WPS keep the text of a 名册 there, so that alone can be several times the
    file. Here the strings keep their places (indices stay valid), unused ones are left empty, and
    the ones used are copied byte for byte, so calamine reads the other sheets exactly as before.
    """
    wanted: set[int] = set()
    for member in small:
        for _, el in ET.iterparse(io.BytesIO(b"".join(_xml(archive, member))), events=("end",)):
            if _local(el.tag) == "c" and el.get("t") == "s":
                v = next((x for x in el if _local(x.tag) == "v"), None)
                if v is not None and (v.text or "").strip().isdigit():
                    wanted.add(int((v.text or "").strip()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for info in archive.infolist():
            if info.filename in big:
                z.writestr(info.filename, _empty_sheet(archive, info.filename))
            elif info.filename == shared:
                z.writestr(info.filename, _kept_strings(archive, info.filename, wanted))
            else:
                z.writestr(info.filename, archive.read(info.filename))
    return out.getvalue()


def _empty_sheet(archive: zipfile.ZipFile, member: str) -> bytes:
    head = next(_xml(archive, member), b"")
    root = re.search(rb"<(\w+:)?worksheet\b[^>]*>", head)
    if root is None:
        raise ValueError("worksheet part without a worksheet element")
    p = root.group(1) or b""
    return head[:root.end()] + b"<" + p + b"sheetData/></" + p + b"worksheet>"


def _kept_strings(archive: zipfile.ZipFile, member: str, wanted: set[int]) -> bytes:
    """The shared strings part up to the last one in `wanted`, every other <si> emptied (<si/>), the
    wanted ones verbatim. Runs of strings nobody wants are only counted (bytes.count), so a part of
    millions costs about what inflating it costs, and its end is not even read."""
    out = io.BytesIO()
    carry = b""
    index = 0
    first = sorted(wanted)
    last = first[-1] if first else -1
    prefix: bytes | None = None
    pattern = re.compile(b"")
    for chunk in itertools.chain(_xml(archive, member), [b""]):  # b"": the end, when the rest is processed whole
        buf = carry + chunk
        if prefix is None:
            root = re.search(rb"<(\w+:)?sst\b[^>]*>", buf)
            if root is None:
                raise ValueError("shared strings part without an sst element")
            prefix = root.group(1) or b""
            q = re.escape(prefix)
            pattern = re.compile(rb"<" + q + rb"si\b[^>]*?(?:/>|>.*?</" + q + rb"si>)", re.DOTALL)
            out.write(re.sub(rb"""\s(?:count|uniqueCount)=["']\d+["']""", b"", buf[:root.end()]))
            buf = buf[root.end():]
        opening, empty = b"<" + prefix + b"si", b"<" + prefix + b"si/>"
        # Every <si> before the last opening one is whole (text cannot hold "<").
        cut = len(buf) if not chunk else max(buf.rfind(opening), 0)
        part, carry = buf[:cut], buf[cut:]
        count = part.count(opening)
        k = bisect.bisect_left(first, index)
        if k == len(first) or first[k] >= index + count:
            out.write(empty * min(count, last + 1 - index))
            index += count
        else:
            found = 0
            for m in pattern.finditer(part):
                if index <= last:
                    out.write(m.group(0) if index in wanted else empty)
                index += 1
                found += 1
            if found != count:
                raise ValueError("shared strings part not as expected")
        if index > last:
            break
    if index <= last:
        raise ValueError("shared strings part cut short")
    out.write(b"</" + (prefix or b"") + b"sst>")
    return out.getvalue()


@dataclass
class _XlsxRest:
    data: bytes
    name: str
    cells: int
    numbers: bool

    def has_numbers(self) -> bool:
        return self.numbers

    def read(self) -> list[list[CellValue]]:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(self.data))
        return _calamine_rows(wb.get_sheet_by_name(self.name).to_python(skip_empty_area=False))


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _events(parser: ET.XMLPullParser[ET.Element]) -> Iterator[tuple[str, ET.Element]]:
    for item in parser.read_events():
        if len(item) == 2 and isinstance(item[1], ET.Element):  # not a namespace event
            yield item[0], item[1]


def _xml(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The member's bytes in chunks as they are inflated; no DTD (none is allowed in OOXML)."""
    with archive.open(member) as fh:
        first = True
        while chunk := fh.read(_CHUNK):
            if first and b"<!DOCTYPE" in chunk[:4096]:
                raise ValueError("DTD in OOXML part")
            first = False
            yield chunk


def _parse(archive: zipfile.ZipFile, member: str) -> ET.Element:
    return ET.fromstring(b"".join(_xml(archive, member)))


def _xlsx_parts(archive: zipfile.ZipFile) -> tuple[dict[str, str], str]:
    """Sheet name -> worksheet part, and the shared strings part, from xl/workbook.xml and its rels."""
    rels = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    shared = "xl/sharedStrings.xml"
    found = _parse(archive, rels).iter() if rels in archive.NameToInfo else iter(())
    for rel in found:
        if _local(rel.tag) != "Relationship":
            continue
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id", "")] = member
        if rel.get("Type", "").endswith("/sharedStrings"):
            shared = member
    parts = {}
    for el in _parse(archive, "xl/workbook.xml").iter():
        if _local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id" and k.startswith("{")), "")
            if rid in targets:
                parts[el.get("name", "")] = targets[rid]
    return parts, shared


def _date_styles(archive: zipfile.ZipFile) -> set[str]:
    """Cell styles (the `s` attribute) whose number format makes calamine read a number as a date."""
    root = _parse(archive, "xl/styles.xml")
    custom = {el.get("numFmtId", ""): el.get("formatCode", "") for el in root.iter() if _local(el.tag) == "numFmt"}
    xfs = next((el for el in root.iter() if _local(el.tag) == "cellXfs"), None)
    dates = set()
    for i, xf in enumerate(x for x in (xfs if xfs is not None else []) if _local(x.tag) == "xf"):
        fmt = xf.get("numFmtId", "0")
        if (fmt in custom and _is_date_format(custom[fmt])) or (fmt not in custom and fmt.isdigit() and int(fmt) in _BUILTIN_DATE_FORMATS):
            dates.add(str(i))
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


@dataclass
class _Scan:
    head: dict[tuple[int, int], tuple[str, str, str]]  # (row, col) -> (type, text or shared index, style)
    merged: list[MergedRange]
    cells: int
    numbers: bool


def _column(ref: str) -> int:
    col = 0
    for ch in ref:
        if not ch.isalpha():
            break
        col = col * 26 + ord(ch.upper()) - 64
    return col - 1


def _address(ref: str) -> tuple[int, int]:
    digits = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    return int(digits) - 1, _column(ref)


def _rich_text(el: ET.Element) -> str:
    """Text of an <is> or <si>: its <t>, or the <t> of each run; phonetic guides (<rPh>) are no text."""
    parts = []
    for child in el:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


class _Head:
    """The cells of the first HEAD_ROWS rows of a worksheet, from its XML fed in chunks."""

    def __init__(self) -> None:
        self.parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
        self.cells: dict[tuple[int, int], tuple[str, str, str]] = {}
        self.done = False
        self.row = -1
        self.col = -1

    def feed(self, chunk: bytes) -> None:
        # In slices: the parser builds every element it is fed, and the head is usually near the top.
        for start in range(0, len(chunk), 1 << 16):
            self._feed(chunk[start:start + (1 << 16)])
            if self.done:
                self.parser = ET.XMLPullParser()  # let go of what was parsed past the head
                return

    def _feed(self, chunk: bytes) -> None:
        self.parser.feed(chunk)
        for event, el in _events(self.parser):
            name = _local(el.tag)
            if event == "start":
                if name == "row":
                    ref = el.get("r")
                    self.row, self.col = (int(ref) - 1 if ref else self.row + 1), -1
                    if self.row >= HEAD_ROWS:
                        self.done = True
                        return
                continue
            if name == "c":
                ref = el.get("r")
                self.col = _address(ref)[1] if ref else self.col + 1
                kind = el.get("t", "n")
                if kind == "inlineStr":
                    inline = next((x for x in el if _local(x.tag) == "is"), None)
                    text = _rich_text(inline) if inline is not None else ""
                else:
                    v = next((x for x in el if _local(x.tag) == "v"), None)
                    text = (v.text or "") if v is not None else ""
                self.cells[(self.row, self.col)] = (kind, text, el.get("s", "0"))
                el.clear()
            elif name == "sheetData":
                self.done = True
                return


def _scan_sheet(archive: zipfile.ZipFile, member: str, date_styles: set[str]) -> _Scan:
    """One pass over a worksheet's XML: its first rows parsed, the rest only searched as bytes for
    filled cells, numbers and merged ranges (merges come after the cells)."""
    head = _Head()
    cells = 0
    numbers = False
    merged: list[MergedRange] = []
    patterns: _Patterns | None = None
    carry = b""
    for chunk in _xml(archive, member):
        if not head.done:
            head.feed(chunk)
        if patterns is None:
            patterns = _Patterns.for_part(chunk)
        buf = carry + chunk
        # Search whole rows only, so no cell is cut in two between chunks.
        end = buf.rfind(patterns.row_end)
        cut = end + len(patterns.row_end) if end >= 0 else 0
        part, carry = buf[:cut], buf[cut:]
        cells += patterns.count_filled(part)
        numbers = numbers or patterns.has_number(part, date_styles)
    if patterns is not None and carry:
        cells += patterns.count_filled(carry)
        numbers = numbers or patterns.has_number(carry, date_styles)
        for ref in patterns.merge.findall(carry):
            a, _, b = ref.decode().partition(":")
            (r0, c0), (r1, c1) = _address(a), _address(b or a)
            merged.append(MergedRange(r0, c0, r1, c1))
    return _Scan(head.cells, merged, cells, numbers)


@dataclass
class _Patterns:
    """Byte patterns for one worksheet part (some writers prefix every tag, e.g. <x:c>)."""

    row_end: bytes
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
        return cls(b"</" + p + b"row>", b"<" + p + b"v>", b"<" + p + b"is>", re.compile(number), re.compile(merge))

    def count_filled(self, part: bytes) -> int:
        return part.count(self.value) + part.count(self.inline)

    def has_number(self, part: bytes, date_styles: set[str]) -> bool:
        for m in self.number.finditer(part):
            style = re.search(rb"""\ss=["'](\d+)["']""", m.group(1))
            if not date_styles or (style.group(1).decode() if style else "0") not in date_styles:
                return True
        return False


def _shared_strings(archive: zipfile.ZipFile, member: str, wanted: set[int]) -> dict[int, str]:
    """Only the shared strings the first rows use, read as the part streams past (it can be huge)."""
    found: dict[int, str] = {}
    last = max(wanted)
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    root: ET.Element | None = None
    index = 0
    for chunk in _xml(archive, member):
        parser.feed(chunk)
        for event, el in _events(parser):
            if event == "start":
                root = el if root is None else root
                continue
            if _local(el.tag) != "si":
                continue
            if index in wanted:
                found[index] = _rich_text(el)
            index += 1
            if root is not None:
                root.clear()  # drop strings already passed
            if index > last:
                return found
    return found


def _head_value(kind: str, text: str, is_date: bool, strings: dict[int, str]) -> CellValue:
    if kind == "s":
        value: CellValue = strings.get(int(text), "") if text.isdigit() else ""
    elif kind in ("inlineStr", "str", "d"):
        value = text
    elif kind == "b":
        value = text == "1"
    elif kind == "e" or is_date:
        value = None if kind == "e" else text  # a date is never a label; its serial number will do
    else:
        try:
            value = float(text)
        except ValueError:
            value = text
    return None if value == "" else value
