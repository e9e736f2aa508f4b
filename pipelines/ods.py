"""Merged ranges of an OpenDocument spreadsheet (.ods), which python-calamine does not report.

content.xml is streamed: each table:table-cell may span columns and rows
(table:number-columns-spanned / number-rows-spanned) and repeat (number-columns-repeated, and
number-rows-repeated on rows). Positions are counted, never materialised, so a sheet that repeats an
empty row a million times costs nothing; the count of merges kept is bounded.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from pipelines.grid import MergedRange

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_MAX_ROWS = 1_048_576
_MAX_COLS = 16_384


def _int(value: str | None, default: int, limit: int) -> int:
    try:
        n = int(value) if value is not None else default
    except ValueError:
        return default
    return max(1, min(n, limit))


def ods_merges(data: bytes, max_merges: int = 100_000) -> dict[str, list[MergedRange]]:
    """Sheet name -> merged ranges (0-based, inclusive). Empty when the file is no readable ODS."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        source = archive.open("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return {}
    found: dict[str, list[MergedRange]] = {}
    sheet: list[MergedRange] | None = None
    row = -1
    col = 0
    row_repeat = 1
    count = 0
    t = "{" + _TABLE + "}"
    try:
        for event, el in ET.iterparse(source, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == t + "table":
                    sheet = found.setdefault(el.get(t + "name", f"Sheet{len(found) + 1}"), [])
                    row = -1
                elif tag == t + "table-row":
                    row += 1
                    col = 0
                    row_repeat = _int(el.get(t + "number-rows-repeated"), 1, _MAX_ROWS)
                elif tag in (t + "table-cell", t + "covered-table-cell"):
                    across = _int(el.get(t + "number-columns-spanned"), 1, _MAX_COLS)
                    down = _int(el.get(t + "number-rows-spanned"), 1, _MAX_ROWS)
                    repeat = _int(el.get(t + "number-columns-repeated"), 1, _MAX_COLS)
                    if (across > 1 or down > 1) and sheet is not None and count < max_merges and tag == t + "table-cell":
                        sheet.append(MergedRange(row, col, min(row + down - 1, _MAX_ROWS - 1), min(col + across - 1, _MAX_COLS - 1)))
                        count += 1
                    col = min(col + repeat, _MAX_COLS)
                continue
            if tag == t + "table-row":
                row = min(row + row_repeat - 1, _MAX_ROWS)
                el.clear()
            elif tag == t + "table":
                sheet = None
                el.clear()
    except ET.ParseError:
        return found
    return found
