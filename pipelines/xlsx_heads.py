"""Big .xlsx/.xlsm sheets, judged before they are read whole.

A sheet whose XML is too big to read at once is streamed out of the zip: its first rows are parsed,
the rest is only searched (filled cells, numbers, merged ranges). The parser then decides from those
rows whether the sheet can be a return; only then is it read whole by calamine. readers.py calls
`big_xlsx_sheets`; nothing here knows the forms.
"""

from __future__ import annotations

import bisect
import io
import itertools
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree as ET

import python_calamine as pc

from pipelines.config import Limits
from pipelines.grid import HEAD_ROWS, CellValue, MergedRange, Sheet, calamine_rows

# A 名册 of 600,000 rows attached to a return is judged (and skipped) without ever being held whole.
# Only text matters to that judgement; numbers and dates are kept just well enough to tell them from
# text. A sheet that may be a return is then read whole by calamine, like any other.

_MIN_CELL_BYTES = 20  # <c r="A1"><v>1</v></c> is 22 bytes: a sheet's XML bytes ÷ 20 bound its cells
_CHUNK = 1 << 20
_BUILTIN_DATE_FORMATS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}  # as calamine decides


def big_xlsx_sheets(archive: zipfile.ZipFile, data: bytes, limits: Limits) -> tuple[dict[str, Sheet], bytes]:
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
        return calamine_rows(wb.get_sheet_by_name(self.name).to_python(skip_empty_area=False))


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
