"""Exact parsing of spreadsheet cells into Decimals. Never guesses: "近9.6万" is not a number."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from pipelines.grid import CellValue

BLANK_TEXTS = {"", "-", "—", "——", "－", "–", "/", "／", "\\", "无", "--", "－－", "―"}
QUALIFIERS = ("大约", "左右", "以上", "以下", "不足", "超过", "上下", "近", "约", "多", "余", "逾", "几", "数")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋％，（）ｅＥ", "0123456789.-+%,()eE")
_SPACES = re.compile(r"[\s\u3000\u00a0\u2009\u202f]+")
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_SPACE_GROUPED = re.compile(r"[+-]?\d{1,3}( \d{3})+(\.\d+)?")


@dataclass(frozen=True)
class ParsedNumber:
    value: Decimal | None  # None only when error is set
    blank: bool = False  # blank, dash or slash: the district meant zero
    percent: bool = False  # the text carried a % sign; value is the number before it
    error: str | None = None  # issue code: value.not_number or value.qualified
    params: dict[str, str] = field(default_factory=dict)


def _not_number(text: str) -> ParsedNumber:
    return ParsedNumber(None, error="value.not_number", params={"text": text})


def parse_number(value: CellValue) -> ParsedNumber:
    if value is None:
        return ParsedNumber(Decimal(0), blank=True)
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return _not_number(str(value))
    if isinstance(value, int):
        return ParsedNumber(Decimal(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return _not_number(str(value))
        # repr gives the shortest text that round-trips, so 12.34 stays exactly 12.34.
        return ParsedNumber(_normal(Decimal(repr(value))))
    return _parse_text(str(value))


def _parse_text(original: str) -> ParsedNumber:
    text = original.translate(_FULL_WIDTH)
    text = _SPACES.sub(" ", text).strip()
    if text in BLANK_TEXTS:
        return ParsedNumber(Decimal(0), blank=True)
    for word in QUALIFIERS:
        if word in text and re.search(r"\d", text):
            return ParsedNumber(None, error="value.qualified", params={"text": original.strip(), "word": word})
    percent = False
    if text.endswith("%"):
        percent = True
        text = text[:-1].strip()
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative = True  # accounting style (123) is -123
        text = text[1:-1].strip()
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    elif _SPACE_GROUPED.fullmatch(text):
        text = text.replace(" ", "")
    if not _PLAIN.fullmatch(text):
        return _not_number(original.strip())
    try:
        number = Decimal(text)
    except InvalidOperation:
        return _not_number(original.strip())
    if negative:
        number = -number
    return ParsedNumber(_normal(number), percent=percent)


def _normal(value: Decimal) -> Decimal:
    """Same value without exponent noise: Decimal('1.2E+5') -> 120000, '-0' -> 0."""
    if value == 0:
        return Decimal(0)
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize() if value.normalize().as_tuple().exponent < 0 else value  # type: ignore[operator]


def scale(value: Decimal, factor: int) -> Decimal:
    """Exact multiplication (12.34 万元 -> 123400 元), without float drift or exponent."""
    return _normal(value * Decimal(factor))


def format_decimal(value: Decimal) -> str:
    """Canonical text: no exponent, no trailing zeros, no "-0": 123400, 0.5, 1234.56."""
    if value == 0:
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
