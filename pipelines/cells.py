"""One cell -> one value in the dictionary's unit, or the issue that says why not.

Money is scaled exactly to 元; counts must be whole; an error cell, an uncached formula, an estimate
("近9.6万"), a negative number or a value beyond what one district can have are errors naming the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipelines.grid import CellValue, cell_text
from pipelines.numbers import format_decimal, parse_number, scale
from pipelines.registry import Indicator

MAX_DECIMALS = 6
# No district of any city reaches these (a prefecture city has 1–2 million members); a larger value is
# a typo, a unit slip or a corrupt cell, and the database column would overflow long before infinity.
MAX_VALUE_BY_UNIT = {
    "人": Decimal(10) ** 8,
    "人次": Decimal(10) ** 9,
    "户": Decimal(10) ** 7,
    "个": Decimal(10) ** 7,
    "项": Decimal(10) ** 7,
    "家": Decimal(10) ** 7,
    "条": Decimal(10) ** 8,
    "元": Decimal(10) ** 12,
    "%": Decimal(10) ** 4,
}
_DEFAULT_MAX = Decimal(10) ** 9


@dataclass(frozen=True)
class CellProblem:
    code: str
    params: dict[str, object]


def limit_text(limit: Decimal, unit: str) -> str:
    if limit >= 10 ** 8:
        return f"{format_decimal(limit / 10 ** 8)}亿{unit}"
    if limit >= 10 ** 4:
        return f"{format_decimal(limit / 10 ** 4)}万{unit}"
    return f"{format_decimal(limit)}{unit}"


def _bounded(value: Decimal, ind: Indicator, raw: CellValue) -> CellProblem | None:
    limit = MAX_VALUE_BY_UNIT.get(ind.unit, _DEFAULT_MAX)
    if value > limit:
        return CellProblem("value.too_large", {"value": cell_text(raw), "limit": limit_text(limit, ind.unit), "indicator": ind.name})
    return None


def whole_number(raw: object, factor: int) -> Decimal | None:
    """`scale(parse_number(raw).value, factor)` for the cell almost every return is made of, a float
    (or int) holding a whole number below 10^15, where it is exactly that integer: no text to read, no
    decimal context needed. None for anything else, which takes the general path."""
    if type(raw) is float:
        if not raw.is_integer() or not -1e15 < raw < 1e15:
            return None
        return Decimal(int(raw) * factor)
    if type(raw) is int:
        return Decimal(raw * factor)
    return None


def table_value(raw: CellValue, ind: Indicator, factor: int) -> Decimal | CellProblem:
    """A table cell of `ind`'s column, whose header unit multiplies it by `factor`."""
    if not ind.derived and (whole := whole_number(raw, factor)) is not None:
        if whole < 0:
            return CellProblem("value.negative", {"value": cell_text(raw)})
        return _bounded(whole, ind, raw) or whole
    parsed = parse_number(raw)
    if parsed.error:
        return CellProblem(parsed.error, dict(parsed.params))
    assert parsed.value is not None
    if ind.derived:
        value = parsed.value
        if not parsed.percent and isinstance(raw, float) and value <= Decimal("1.5"):
            value = scale(value, 100)  # an Excel percentage cell holds 0.965 for 96.5%
        if abs(value) > MAX_VALUE_BY_UNIT["%"]:
            return CellProblem("value.not_number", {"text": cell_text(raw)})
        return value
    if parsed.percent:
        return CellProblem("value.percent", {"text": cell_text(raw), "indicator": ind.name, "unit": ind.unit})
    value = scale(parsed.value, factor)
    if value < 0:
        return CellProblem("value.negative", {"value": cell_text(raw)})
    if not ind.is_money and value != value.to_integral_value():
        return CellProblem("value.not_integer", {"value": cell_text(raw), "unit": ind.unit})
    if value.as_tuple().exponent < -MAX_DECIMALS:  # type: ignore[operator]
        return CellProblem("value.too_precise", {"text": cell_text(raw)})
    return _bounded(value, ind, raw) or value


def line_value(raw: CellValue, ind: Indicator) -> Decimal | CellProblem:
    """The value of a single-value line ("在档困难职工户数：1234户" or label | value | unit)."""
    if type(raw) is str:  # not an ErrorValue, which stays what it is
        raw = re.sub(rf"\s*{re.escape(ind.unit)}\s*$", "", raw.strip())
    return table_value(raw, ind, 1)
