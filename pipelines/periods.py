"""Periods (2025-Q3, 2025-09, 2025) and every way districts write them in titles and file names."""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int | None = None
    month: int | None = None

    @property
    def code(self) -> str:
        if self.quarter is not None:
            return f"{self.year}-Q{self.quarter}"
        if self.month is not None:
            return f"{self.year}-{self.month:02d}"
        return f"{self.year}"

    @property
    def label(self) -> str:
        if self.quarter is not None:
            return f"{self.year}年{QUARTER_NAMES[self.quarter]}"
        if self.month is not None:
            return f"{self.year}年{self.month}月"
        return f"{self.year}年"

    @property
    def end_month(self) -> int:
        if self.quarter is not None:
            return self.quarter * 3
        return self.month or 12

    @property
    def ytd_label(self) -> str:
        return f"{self.year}年1-{self.end_month}月"

    @property
    def short_label(self) -> str:
        """For chart axes: 2025Q3."""
        if self.quarter is not None:
            return f"{self.year}Q{self.quarter}"
        return self.code

    def previous(self) -> Period:
        if self.quarter is not None:
            return Period(self.year - 1, 4) if self.quarter == 1 else Period(self.year, self.quarter - 1)
        if self.month is not None:
            return Period(self.year - 1, month=12) if self.month == 1 else Period(self.year, month=self.month - 1)
        return Period(self.year - 1)

    def year_ago(self) -> Period:
        return Period(self.year - 1, self.quarter, self.month)

    @classmethod
    def parse_code(cls, code: str) -> Period:
        m = re.fullmatch(r"(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?", code.strip())
        if not m:
            raise ValueError(f"不是有效的期间代码：{code!r}（应为 2025-Q3、2025-09 或 2025）")
        year = int(m.group(1))
        if m.group(2):
            return cls(year, int(m.group(2)))
        if m.group(3):
            return cls(year, month=int(m.group(3)))
        return cls(year)


@dataclass(frozen=True)
class PeriodMention:
    period: Period | None  # None when a month was found without any year ("截至9月底")
    text: str
    month_end: int | None = None


def to_quarter(period: Period) -> Period | None:
    """A quarter stays itself; a quarter-end month becomes its quarter; anything else is None."""
    if period.quarter is not None:
        return period
    if period.month is not None and period.month % 3 == 0:
        return Period(period.year, period.month // 3)
    return None


def _cn_year(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    digits = [CN_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


_YEAR = r"(?P<year>(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})"
_MONTH = r"(?P<m2>1[0-2]|0?[1-9])"
_DASH = r"\s*[-—–~～至到－]+\s*"

# Order matters: longer, more specific spellings first; spans already taken are skipped.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("range", re.compile(_YEAR + r"\s*年度?\s*(?P<m1>1[0-2]|0?[1-9])\s*月?" + _DASH + _MONTH + r"\s*月(?:份)?")),
    ("quarter", re.compile(_YEAR + r"\s*年度?\s*第?\s*(?P<q>[一二三四1-4])\s*季度")),
    ("quarter", re.compile(_YEAR + r"\s*年?\s*[-_ ]?\s*[QqＱｑ](?P<q>[1-4])(?![0-9])")),
    ("first_n", re.compile(_YEAR + r"\s*年度?\s*前\s*(?P<n>[一二三1-3])\s*(?:个)?季度")),
    ("half", re.compile(_YEAR + r"\s*年度?\s*(?P<h>上|下)半年")),
    ("full", re.compile(_YEAR + r"\s*年\s*(?:全年|度(?!第))")),
    ("deadline", re.compile(r"截至\s*" + _YEAR + r"\s*年\s*" + _MONTH + r"\s*月\s*(?:底|末)")),
    ("month", re.compile(_YEAR + r"\s*年\s*" + _MONTH + r"\s*月(?!\s*\d{1,2}\s*日)(?![-—–~～至到]\s*\d)")),
    ("month", re.compile(r"(?<![\d.])" + r"(?P<year>20\d{2})\s*[.\-/]\s*" + r"(?P<m2>1[0-2]|0?[1-9])(?![\d.\-/])")),
    ("bare_deadline", re.compile(r"截至\s*" + _MONTH + r"\s*月\s*(?:底|末)")),
    ("year", re.compile(_YEAR + r"\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")),
]
_DAY_DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{2}[.\-/]\d{1,2}[.\-/]\d{1,2}|(?<!\d)(?:19|20)\d{6}(?!\d)")


def find_periods(text: str, year_hint: int | None = None) -> list[PeriodMention]:
    """Every period mention in `text`, in order of appearance.

    A range not starting in January ("2025年7-9月") is that quarter's own flow and maps to the quarter.
    "2025年全年" / "2025年度" are the Q4 (year-to-date) return of a quarterly series. A bare "2025年"
    is a year Period and callers treat it as weak. Day-precise dates (填报日期) are never periods.
    """
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in _DAY_DATE.finditer(text)]
    found: list[tuple[int, PeriodMention]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            mention = _mention(kind, m, year_hint)
            if mention is None:
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), mention))
    return [m for _, m in sorted(found, key=lambda x: x[0])]


def _mention(kind: str, m: re.Match[str], year_hint: int | None) -> PeriodMention | None:
    groups = m.groupdict()
    year = _cn_year(groups["year"]) if groups.get("year") else year_hint
    text = m.group(0)
    if kind == "bare_deadline":
        month = int(groups["m2"])
        return PeriodMention(Period(year_hint, month=month) if year_hint else None, text, month)
    if year is None:
        return None
    if kind == "quarter":
        return PeriodMention(Period(year, CN_QUARTER[groups["q"]]), text, CN_QUARTER[groups["q"]] * 3)
    if kind == "range":
        first, last = int(groups["m1"]), int(groups["m2"])
        if last < first:
            return None
        if last % 3 == 0 and (first == 1 or first == last - 2):
            return PeriodMention(Period(year, last // 3), text, last)
        return PeriodMention(Period(year, month=last), text, last)
    if kind == "first_n":
        n = CN_QUARTER[groups["n"]]
        return PeriodMention(Period(year, n), text, n * 3)
    if kind == "half":
        q = 2 if groups["h"] == "上" else 4
        return PeriodMention(Period(year, q), text, q * 3)
    if kind == "full":
        return PeriodMention(Period(year, 4), text, 12)
    if kind in ("deadline", "month"):
        month = int(groups["m2"])
        return PeriodMention(Period(year, month=month), text, month)
    return PeriodMention(Period(year), text, None)
