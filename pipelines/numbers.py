"""Exact parsing of spreadsheet cells into Decimals. Never guesses: "近9.6万" is not a number.

A cell is either a number (exactly as written), a blank that means zero ("", "-", "—", "/", "无"), or an
error with the issue code to report (`value.not_number`, `value.qualified`). Sign and "%" are reported,
not judged: a negative value or a percentage where a count belongs is the caller's call
(`value.negative`, `value.percent`), because only the caller knows the indicator.

Units and magnitudes inside a cell ("9.6万", "3000元") are rejected rather than multiplied: the column's
unit comes from the header, and a cell that restates it may contradict it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Context, Decimal, Inexact, InvalidOperation, localcontext

from pipelines.grid import CellValue, ErrorValue, cell_text, float_text

# Both spellings Chinese offices use for "nothing here"; all mean a real zero.
BLANK_TEXTS = frozenset({"", "-", "—", "——", "－", "–", "/", "／", "\\", "无", "--", "－－", "―", "――", "−"})

# Longer words first: at one position the regex alternation takes the first listed, so "大约" beats "约".
QUALIFIERS = ("大约", "左右", "以上", "以下", "不足", "超过", "上下", "近", "约", "多", "余", "逾", "几", "数")
_QUALIFIER = re.compile("|".join(QUALIFIERS))
# What may surround a qualified estimate ("20多万元", "几十户"): magnitudes, units and Chinese numerals.
_ESTIMATE_NOISE = re.compile(r"[万亿千百十元人户个项家次条名件所座场位一二三四五六七八九〇零两]")

# Full-width forms (IME output) and the Unicode minus sign map one-to-one onto ASCII.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋％，（）ｅＥ−", "0123456789.-+%,()eE-")
# Characters a district may put between digit groups ("1 234"); tabs and newlines are not among them.
_GROUP_SPACES = "\u0020\u00a0\u2009\u202f"
_EDGE_SPACES = " \t\r\n\f\v\u00a0\u2009\u202f\u3000\u200b\ufeff"
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_COMMA_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_SPACE_GROUPED = re.compile(rf"[+-]?\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+(?:\.\d+)?")

# Beyond these a value is a typo or a corrupt cell, and honouring it would build enormous integers.
_MAX_DIGITS = 60
_MAX_EXPONENT = 60
# Wide enough that no arithmetic on accepted values ever rounds; Inexact is trapped to prove it.
_EXACT = Context(prec=200, traps=[InvalidOperation, Inexact])


@dataclass(frozen=True)
class ParsedNumber:
    """One cell read as a number.

    `params` always carries {"text": the cell as the analyst sees it}; for `value.qualified` it also
    carries {"word": the qualifier}. It is ready for `issues.issue(code, **params)`.
    """

    value: Decimal | None  # None only when error is set
    blank: bool = False  # blank, dash, slash or 无: the district meant zero
    percent: bool = False  # the text carried a % sign; value is the number before it ("96.5%" -> 96.5)
    error: str | None = None  # issue code: value.not_number or value.qualified
    params: dict[str, str] = field(default_factory=dict)


def _not_number(text: str) -> ParsedNumber:
    return ParsedNumber(None, error="value.not_number", params={"text": text})


def parse_number(value: CellValue | Decimal) -> ParsedNumber:
    """Read one cell exactly; see the module docstring for what counts as a number."""
    if isinstance(value, ErrorValue):
        if value:
            return ParsedNumber(None, error="value.error_cell", params={"text": str(value)})
        return ParsedNumber(None, error="value.formula_uncached", params={"text": ""})
    if value is None:
        return ParsedNumber(Decimal(0), blank=True, params={"text": ""})
    # bool is an int subclass and datetime a date subclass, so these checks must come first.
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        return _not_number(cell_text(value))
    if isinstance(value, int):
        return ParsedNumber(Decimal(value), params={"text": str(value)})
    if isinstance(value, float):
        # What Excel and WPS display: 15 significant digits, so a cached 575.4399999999999 is 575.44
        # and 12.34 stays 12.34 (Decimal(12.34) would not).
        if value != value or value in (float("inf"), float("-inf")):
            return _not_number(repr(value))
        return _finish(Decimal(float_text(value)), cell_text(value), percent=False)
    if isinstance(value, Decimal):
        return _finish(value, str(value), percent=False)
    return _parse_text(str(value))


def _finish(number: Decimal, text: str, *, percent: bool) -> ParsedNumber:
    if not number.is_finite():
        return _not_number(text)
    digits, exponent = number.as_tuple()[1:]
    if len(digits) > _MAX_DIGITS or abs(exponent) > _MAX_EXPONENT:  # type: ignore[arg-type]
        return _not_number(text)
    return ParsedNumber(_normal(number), percent=percent, params={"text": text})


def _parse_text(original: str) -> ParsedNumber:
    shown = original.strip(_EDGE_SPACES)
    text = shown.translate(_FULL_WIDTH)
    if text in BLANK_TEXTS:
        return ParsedNumber(Decimal(0), blank=True, params={"text": shown})
    qualifier = _qualifier(text)
    if qualifier is not None:
        return ParsedNumber(None, error="value.qualified", params={"text": shown, "word": qualifier})
    percent = text.endswith("%")
    if percent:
        text = text[:-1].rstrip(_GROUP_SPACES)
    elif text[:1] in ("¥", "￥"):
        # A currency mark a finance office types or copies from a ledger ("￥1,921,370.72"): the amount
        # is the number after it, in the column's unit.
        text = text[1:].lstrip(_GROUP_SPACES)
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        # Accounting style: (123) is -123. A sign inside the brackets would be a double negative.
        text = text[1:-1].strip(_GROUP_SPACES)
        if text[:1] in ("+", "-"):
            return _not_number(shown)
    if _COMMA_GROUPED.fullmatch(text):
        text = text.replace(",", "")
    elif _SPACE_GROUPED.fullmatch(text):
        text = re.sub(f"[{_GROUP_SPACES}]", "", text)
    if not _PLAIN.fullmatch(text):
        return _not_number(shown)
    number = Decimal(text)
    return _finish(-number if negative else number, shown, percent=percent)


def _qualifier(text: str) -> str | None:
    """The qualifier word when `text` is an estimate ("20多万元", "近9.6万", "几十"), else None.

    Only a text that is a number once the qualifier, magnitudes and units are removed counts: "数据见附表"
    contains 数 but is no estimate, and is reported as plainly not a number.
    """
    found = _QUALIFIER.search(text)
    if found is None:
        return None
    rest = _QUALIFIER.sub("", text)
    has_numeral = bool(re.search(r"\d", rest)) or bool(_ESTIMATE_NOISE.search(rest))
    core = _ESTIMATE_NOISE.sub("", rest).rstrip("%").strip(_GROUP_SPACES)
    numeric = core == "" or _PLAIN.fullmatch(core) is not None or _COMMA_GROUPED.fullmatch(core) is not None
    return found.group(0) if has_numeral and numeric else None


def _normal(value: Decimal) -> Decimal:
    """Same value without exponent or trailing zeros: 1.2E+5 -> 120000, 12.340 -> 12.34, -0 -> 0."""
    if value.is_zero():
        return Decimal(0)
    with localcontext(_EXACT):
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()


def scale(value: Decimal, factor: int) -> Decimal:
    """Exact multiplication (12.34 万元 -> 123400 元), without float drift or exponent.

    Raises decimal.Inexact rather than round, which cannot happen for any value `parse_number` accepts.
    """
    with localcontext(_EXACT):
        product = value * Decimal(factor)
    return _normal(product)


def format_decimal(value: Decimal) -> str:
    """Canonical text: no exponent, no trailing zeros, no "-0": 123400, 0.5, 1234.56."""
    if value.is_zero():
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
