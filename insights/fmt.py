"""Chinese number formatting for leaders: 12.3万人, 1.2亿元, 0.5个百分点."""

from __future__ import annotations

import math
from decimal import Decimal

Number = int | float | Decimal


def _f(value: Number) -> float:
    return float(value)


def grouped(value: Number, decimals: int = 0) -> str:
    """1234567 -> "1,234,567"; decimals kept as asked."""
    return f"{_f(value):,.{decimals}f}"


def amount(value: Number, unit: str = "", decimals: int = 1) -> str:
    """A quantity the way a briefing writes it: below 1万 whole units, then 万, then 亿 (12.3万人, 1.2亿元)."""
    v = _f(value)
    if math.isnan(v):
        return "—"
    sign = "-" if v < 0 else ""
    v = abs(v)
    if v >= 1e8:
        return f"{sign}{_trim(v / 1e8, decimals)}亿{unit}"
    if v >= 1e4:
        return f"{sign}{_trim(v / 1e4, decimals)}万{unit}"
    return f"{sign}{_trim(v, 0)}{unit}"


def _trim(v: float, decimals: int) -> str:
    text = f"{v:,.{decimals}f}"
    return text


def wan(value: Number, decimals: int = 2) -> str:
    """元 -> "1,234.56" in 万元 (the unit is written by the caller)."""
    return f"{_f(value) / 1e4:,.{decimals}f}"


def money(value: Number) -> str:
    """元 as a briefing writes money: "2,780.57万元" below 1亿元, "3.25亿元" from there on."""
    v = _f(value)
    if abs(v) >= 1e8:
        return f"{v / 1e8:,.2f}亿元"
    return f"{wan(v)}万元"


def percent(value: Number | None, decimals: int = 1) -> str:
    """A share 0..1 -> "96.5%"."""
    if value is None or math.isnan(_f(value)):
        return "—"
    return f"{_f(value) * 100:.{decimals}f}%"


def change(current: Number | None, previous: Number | None, decimals: int = 1) -> str | None:
    """同比/环比 of a count: "+3.2%"; None when there is no usable prior value."""
    if current is None or previous is None or _f(previous) == 0:
        return None
    return f"{(_f(current) / _f(previous) - 1) * 100:+.{decimals}f}%"


def points(current: Number | None, previous: Number | None, decimals: int = 1) -> str | None:
    """Change of a rate (both 0..1) in 个百分点: "+0.5个百分点"."""
    if current is None or previous is None:
        return None
    return f"{(_f(current) - _f(previous)) * 100:+.{decimals}f}个百分点"


def axis_tick_format(max_value: float) -> tuple[float, str]:
    """Divisor and unit prefix for a chart axis whose largest value is `max_value`."""
    if max_value >= 1e8:
        return 1e8, "亿"
    if max_value >= 1e4:
        return 1e4, "万"
    return 1.0, ""
