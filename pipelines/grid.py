"""What a reader hands to the parser: sheets as rectangular grids of raw cell values.

Positions are absolute and 0-based (row 0, col 0 is cell A1), whatever the file format, so every
value can be traced back to the cell an analyst sees in Excel or WPS.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

CellValue = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

# Excel and WPS show at most 15 significant digits: a cached 575.4399999999999 is 575.44 on screen.
SIGNIFICANT_DIGITS = 15
# Excel's own limit on the text of one cell; longer text cannot come from a spreadsheet program.
MAX_CELL_TEXT = 32767


class ErrorValue(str):
    """A cell holding an Excel error ("#N/A", "#DIV/0!" …) or a formula with no cached result ("").

    It reads as its text wherever a label is read, but is never a number and never a blank."""


def has_value(value: CellValue) -> bool:
    """Whether a cell holds anything (an error or an uncached formula counts)."""
    return value is not None and (value != "" or isinstance(value, ErrorValue))


def float_text(value: float) -> str:
    """A float as Excel and WPS display it: 15 significant digits, no exponent for everyday sizes."""
    text = format(value, f".{SIGNIFICANT_DIGITS}g")
    if "e" in text:
        exponent = int(text.partition("e")[2])
        if -7 < exponent < 21:
            text = format(float(text), "f")
            text = text.rstrip("0").rstrip(".") if "." in text else text
    return text

# A reader may hand over a big sheet as its first HEAD_ROWS rows only; the parser judges from them
# whether the sheet can be a return (title and header lie within them) before it is read whole.
HEAD_ROWS = 40


# Excel's own bounds: no reader places a cell outside them.
MAX_ROWS = 1_048_576
MAX_COLS = 16_384

# Every empty row of every sheet is this one list: a stray cell a million rows down costs a million
# references, not a million lists. Rows are never changed after reading (the parser only reads them).
_NO_CELLS: list[CellValue] = []


def calamine_rows(rows: list[list[Any]]) -> list[list[CellValue]]:
    """Rows as python-calamine returns them, with its "" for an empty cell made None."""
    return [[None if v == "" else v for v in row] for row in rows]


def clip_text(text: str) -> str:
    """Text as a spreadsheet cell can hold it: at most MAX_CELL_TEXT characters."""
    return text if len(text) <= MAX_CELL_TEXT else text[:MAX_CELL_TEXT]


class SparseRows:
    """Filled cells, in any order, gathered into a Sheet's ragged `rows`.

    Memory follows the filled cells: a row is as long as its last filled cell, an empty row is the
    shared empty list, so a sheet with one stray cell at XFD1048576 costs one long row and a list of
    a million references, never a dense box. `cells` counts the filled cells kept."""

    def __init__(self) -> None:
        self._rows: dict[int, list[CellValue]] = {}
        self.cells = 0
        self.height = 0

    def put(self, r: int, c: int, value: CellValue) -> None:
        """Cell (r, c) holds value (None is no value: nothing is kept). A cell put twice keeps the last."""
        if value is None:
            return
        row = self._rows.get(r)
        if row is None:
            row = self._rows[r] = []
            if r >= self.height:
                self.height = r + 1
        n = len(row)
        if c == n:
            row.append(value)
        elif c > n:
            row.extend([None] * (c - n))
            row.append(value)
        else:
            if row[c] is not None:
                self.cells -= 1
            row[c] = value
        self.cells += 1

    def head(self, n: int) -> SparseRows:
        """The cells of the first n rows only."""
        kept = SparseRows()
        for r, row in self._rows.items():
            if r < n:
                kept._rows[r] = row
                kept.cells += sum(1 for v in row if v is not None)
                kept.height = max(kept.height, r + 1)
        return kept

    def rows(self) -> list[list[CellValue]]:
        out = [_NO_CELLS] * self.height
        for r, row in self._rows.items():
            out[r] = row
        return out


@cache  # at most 16,384 columns; every observation and raw cell asks
def column_letters(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_address(row: int, col: int) -> str:
    return f"{column_letters(col)}{row + 1}"


@dataclass(frozen=True)
class MergedRange:
    """Inclusive 0-based bounds of a merged block; the value lives in the top-left cell."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int

    def contains(self, row: int, col: int) -> bool:
        return self.first_row <= row <= self.last_row and self.first_col <= col <= self.last_col


class SheetRest(Protocol):
    """What a reader can still tell about a sheet it handed over as its first rows only."""

    @property
    def cells(self) -> int:
        """Filled cells of the whole sheet: what reading it whole would cost."""

    def has_numbers(self) -> bool:
        """Whether any cell of the sheet holds a number (dates and booleans are no numbers)."""

    def read(self) -> list[list[CellValue]]:
        """Every row of the sheet, as a Sheet's `rows`."""


@dataclass
class Sheet:
    name: str
    rows: list[list[CellValue]]  # rows[r][c] is cell (r, c); rows may be ragged, missing cells are None
    merged: list[MergedRange] = field(default_factory=list)
    hidden: bool = False
    rest: SheetRest | None = None  # set while `rows` holds only the first HEAD_ROWS rows (merged is whole)

    def read_whole(self) -> None:
        """Replace the first rows by all of them, in place (the workbook keeps the same Sheet)."""
        if self.rest is not None:
            self.rows = self.rest.read()
            self.rest = None
            self.__dict__.pop("_width", None)

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        # Rows are not changed after reading; the parser asks for the width thousands of times.
        cached = self.__dict__.get("_width")
        if cached is None or cached[0] != len(self.rows):
            cached = (len(self.rows), max((len(r) for r in self.rows), default=0))
            self.__dict__["_width"] = cached
        return cached[1]

    def value(self, row: int, col: int) -> CellValue:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    def text(self, row: int, col: int) -> str:
        """The cell as the analyst would read it (numbers without a spurious .0)."""
        return cell_text(self.value(row, col))


def cell_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else float_text(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


@dataclass
class Workbook:
    """One spreadsheet-like file. `display_name` is what the analyst called it (for messages)."""

    display_name: str
    format: str  # xlsx, xlsm, xls, ods, xml2003, csv
    sheets: list[Sheet]
    sha256: str
    size: int
