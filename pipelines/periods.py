"""Periods (2025-Q3, 2025-09, 2025) and every way districts write them in titles and file names.

Quarterly returns are calendar-year year-to-date: the Q3 return is "2025年1-9月". `find_periods` reports
what a text says and `to_quarter` turns a quarter-end month into its quarter; deciding which mention wins
(title, sheet name, file name) is the caller's job.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass

QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


@dataclass(frozen=True, order=True)
class Period:
    """A year, a quarter of a year, or a month of a year. Never both a quarter and a month.

    Ordering is by (year, quarter, month) and only meaningful between periods of the same kind.
    """

    year: int
    quarter: int | None = None  # 1..4
    month: int | None = None  # 1..12 for a monthly period (quarter is then None)

    def __post_init__(self) -> None:
        if self.quarter is not None and self.month is not None:
            raise ValueError(f"期间不能同时有季度和月份：{self.year} Q{self.quarter} {self.month}月")
        if self.quarter is not None and not 1 <= self.quarter <= 4:
            raise ValueError(f"季度应为 1-4：{self.quarter}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"月份应为 1-12：{self.month}")

    @property
    def code(self) -> str:
        """2025-Q3, 2025-09 or 2025: the key stored with every observation."""
        if self.quarter is not None:
            return f"{self.year}-Q{self.quarter}"
        if self.month is not None:
            return f"{self.year}-{self.month:02d}"
        return f"{self.year}"

    @property
    def label(self) -> str:
        """2025年第三季度, 2025年9月 or 2025年."""
        if self.quarter is not None:
            return f"{self.year}年{QUARTER_NAMES[self.quarter]}"
        if self.month is not None:
            return f"{self.year}年{self.month}月"
        return f"{self.year}年"

    @property
    def end_month(self) -> int:
        """The last calendar month the period covers (12 for a year)."""
        if self.quarter is not None:
            return self.quarter * 3
        return self.month or 12

    @property
    def ytd_label(self) -> str:
        """Calendar year to date up to the period's end: 2025年1-9月 (Q3 or September), 2025年1-12月 (year)."""
        return f"{self.year}年1-{self.end_month}月"

    @property
    def short_label(self) -> str:
        """For chart axes: 2025Q3."""
        if self.quarter is not None:
            return f"{self.year}Q{self.quarter}"
        return self.code

    def previous(self) -> Period:
        """The period of the same kind just before: 2025-Q1 -> 2024-Q4, 2025-01 -> 2024-12, 2025 -> 2024."""
        if self.quarter is not None:
            return Period(self.year - 1, 4) if self.quarter == 1 else Period(self.year, self.quarter - 1)
        if self.month is not None:
            return Period(self.year - 1, month=12) if self.month == 1 else Period(self.year, month=self.month - 1)
        return Period(self.year - 1)

    def year_ago(self) -> Period:
        """The same period one year earlier (同期)."""
        return Period(self.year - 1, self.quarter, self.month)

    @classmethod
    def parse_code(cls, code: str) -> Period:
        """Inverse of `code`; ValueError (with a Chinese message) on anything else."""
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
    """One period found in a text.

    `period` is None when the text names a month or quarter but no year and no `year_hint` was given
    ("截至9月底"), or when it names a span no quarterly return can cover ("2025年下半年", "2025年4-9月");
    `month_end` still says which month the text points at.
    """

    period: Period | None
    text: str  # the exact substring of the input that was matched
    month_end: int | None = None  # the month the text points at; None for a bare year
    quarter_flow: bool = False  # the months of one quarter only ("7-9月"), not the year to date


def to_quarter(period: Period) -> Period | None:
    """A quarter stays itself; a quarter-end month (3, 6, 9, 12) becomes its quarter; anything else is None."""
    if period.quarter is not None:
        return period
    if period.month is not None and period.month % 3 == 0:
        return Period(period.year, period.month // 3)
    return None


# ---------------------------------------------------------------------------------------------
# finding periods in free text

# Full-width digits and letters come from Chinese IMEs; mapping one character to one keeps match offsets
# valid in the original text, so `PeriodMention.text` is always the district's own spelling.
_NORMALISE = str.maketrans("０１２３４５６７８９ＱｑＯ－．／\u3000", "0123456789QqO-./ ")

_CN_NUM = "〇零○O一二两三四五六七八九"
# A year is not part of a longer number ("120251") nor of a longer run of Chinese numerals.
_YEAR = rf"(?P<year>(?<!\d)(?:19|20)\d{{2}}(?!\d)|(?<![{_CN_NUM}])[{_CN_NUM}]{{4}}(?![{_CN_NUM}]))"
_YEAR2 = rf"(?:(?P<year2>(?:19|20)\d{{2}}|[{_CN_NUM}]{{4}})\s*年\s*)?"
_YEAR_MARK = r"\s*年\s*度?\s*"
_M1 = r"(?P<m1>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_M2 = r"(?P<m2>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_Q1 = r"(?P<q1>[一二三四1-4])"
_Q = r"(?P<q>[一二三四1-4])"
_DASH = r"\s*(?:[-—–~～―]+|至|到)\s*"
_QUARTER_WORD = r"\s*季(?:\s*度)?"
_MONTH_TAIL = r"\s*月(?:\s*(?:份|底|末))?"
# Words that make a year-less mention a comparison ("上年同期1-9月"), whose year is not the hint.
_COMPARISON = re.compile(r"(?:上年|去年|同期|较|比)\s*$")

_DAY_DATES = re.compile(
    "|".join(
        [
            _YEAR + r"\s*年\s*" + _M2 + r"\s*月\s*" + _DAY + r"\s*[日号]",
            r"(?<![\d.\-/])(?:19|20)\d{2}\s*([.\-/])\s*(?:1[0-2]|0?[1-9])\s*\1\s*(?:[12]\d|3[01]|0?[1-9])(?!\d)",
            r"(?<!\d)(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)",
            r"(?<![\d年])(?:1[0-2]|0?[1-9])\s*月\s*(?:[12]\d|3[01]|0?[1-9])\s*[日号]",
        ]
    )
    .replace("(?P<year>", "(?:")
    .replace("(?P<m2>", "(?:")
    .replace("(?P<day>", "(?:")
)


def _cn_int(text: str) -> int:
    """9, 09, 九, 十, 十二, 二十, 三十一 -> int (up to 99, enough for months and days)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    return _CN_DIGITS[text]


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text) if text.isdigit() else int("".join(str(_CN_DIGITS[ch]) for ch in text))
    return year if 1900 <= year <= 2099 else None


def _ytd_or_quarter(year: int | None, first: int, last: int, text: str) -> PeriodMention | None:
    """A month range: from January it is year-to-date; three months ending a quarter are that quarter."""
    if not (1 <= first <= last <= 12):
        return None
    if year is None:
        return PeriodMention(None, text, last)
    if first == 1 or (first == last - 2 and last % 3 == 0):
        # 1-9月 is the Q3 YTD return; 7-9月 is Q3's own flow: either way the return belongs to Q3.
        quarter = to_quarter(Period(year, month=last))
        return PeriodMention(quarter or Period(year, month=last), text, last, quarter_flow=first != 1)
    if first == last:
        return PeriodMention(Period(year, month=last), text, last)
    return PeriodMention(None, text, last)  # 4-9月 is neither year-to-date nor a quarter


def _range(m: re.Match[str], year: int | None, text: str) -> PeriodMention | None:
    second = _year(m.group("year2"))
    if second is not None and second != year:
        return PeriodMention(None, text, _cn_int(m.group("m2")))  # a statistical year such as 2024年10月-2025年9月
    return _ytd_or_quarter(year, _cn_int(m.group("m1")), _cn_int(m.group("m2")), text)


def _day_range(m: re.Match[str], year: int | None, text: str) -> PeriodMention | None:
    # Only whole months (from the 1st to a month end) are a period; 1月5日至9月20日 is not.
    if year is None or _cn_int(m.group("d1")) != 1 or not _is_month_end(year, _cn_int(m.group("m2")), _cn_int(m.group("day"))):
        return None
    return _range(m, year, text)


def _quarter(m: re.Match[str], year: int | None, text: str) -> PeriodMention:
    q = _cn_int(m.group("q"))
    return PeriodMention(Period(year, q) if year else None, text, q * 3)


def _quarter_range(m: re.Match[str], year: int | None, text: str) -> PeriodMention | None:
    q1, q2 = _cn_int(m.group("q1")), _cn_int(m.group("q"))
    if q1 > q2:
        return None
    if year is None or not (q1 == 1 or q1 == q2):
        return PeriodMention(None, text, q2 * 3)
    return PeriodMention(Period(year, q2), text, q2 * 3)


def _half(m: re.Match[str], year: int | None, text: str) -> PeriodMention:
    if m.group("h") == "上":
        return PeriodMention(Period(year, 2) if year else None, text, 6)
    return PeriodMention(None, text, 12)  # 下半年 = 7-12月, neither year-to-date nor one quarter


def _full(m: re.Match[str], year: int | None, text: str) -> PeriodMention | None:
    return PeriodMention(Period(year, 4), text, 12) if year else None


def _month(m: re.Match[str], year: int | None, text: str) -> PeriodMention | None:
    month = _cn_int(m.group("m2"))
    if not 1 <= month <= 12:
        return None
    return PeriodMention(Period(year, month=month) if year else None, text, month)


def _deadline_day(m: re.Match[str], year: int | None, text: str) -> PeriodMention | None:
    month = _cn_int(m.group("m2"))
    if not 1 <= month <= 12 or not _is_month_end(year, month, _cn_int(m.group("day"))):
        return None
    return PeriodMention(Period(year, month=month) if year else None, text, month)


def _bare_year(m: re.Match[str], year: int | None, text: str) -> PeriodMention | None:
    return PeriodMention(Period(year), text, None) if year else None


def _is_month_end(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12:
        return False
    if year is None:
        return day == calendar.monthrange(2024, month)[1] or (month == 2 and day == 28)
    return day == calendar.monthrange(year, month)[1]


_Builder = Callable[[re.Match[str], int | None, str], PeriodMention | None]


@dataclass(frozen=True)
class _Spelling:
    pattern: re.Pattern[str]
    build: _Builder
    year_optional: bool = False  # without a year, the year comes from year_hint


# Most specific first: a span taken by an earlier spelling is never matched again, which is how
# "2025年度第三季度" stays Q3 rather than also being read as "2025年度" (the full year).
_SPELLINGS: list[_Spelling] = [
    # 2025年1月1日至2025年9月30日 / 2025年1月1日-9月30日
    _Spelling(
        re.compile(
            _YEAR + r"\s*年\s*" + _M1 + r"\s*月\s*(?P<d1>0?1|一)\s*日" + _DASH + _YEAR2 + _M2 + r"\s*月\s*" + _DAY + r"\s*日"
        ),
        _day_range,
    ),
    # 截至2025年9月30日 / 截止9月30日: a day-precise deadline at a month end is that month.
    _Spelling(
        re.compile(r"截[至止]\s*(?:" + _YEAR + r"\s*年\s*)?" + _M2 + r"\s*月\s*" + _DAY + r"\s*[日号]"), _deadline_day, True
    ),
    # 2026.01-06, 2025.7-9, 2025/01-2025/09, 2026.01-06月: a month range written the way a date is
    # (not 2026-01-06, which is a day)
    _Spelling(
        re.compile(
            r"(?<![\d.\-/])(?P<year>(?:19|20)\d{2})\s*[./]\s*" + _M1.replace("|十[一二]?|[一二三四五六七八九]", "")
            + r"\s*(?:[-—–~～]|至)\s*(?:(?P<year2>(?:19|20)\d{2})\s*[./]\s*)?"
            + _M2.replace("|十[一二]?|[一二三四五六七八九]", "") + r"(?![\d.\-/])(?:\s*月(?:\s*份)?)?(?!\s*[日号])"
        ),
        _range,
    ),
    # 2025年1-9月, 2025年1月至9月, 2025年度1—9月份, 2025年1月-2025年9月, 2025年一至九月, 1-9月
    _Spelling(
        re.compile(
            r"(?:"
            + _YEAR
            + _YEAR_MARK
            + r")?(?(year)|(?<![\d年度第]))"
            + _M1
            + r"\s*月?\s*份?"
            + _DASH
            + _YEAR2
            + _M2
            + _MONTH_TAIL
        ),
        _range,
        True,
    ),
    # 2025年1-3季度, 2025年第一至第三季度
    _Spelling(
        re.compile(
            _YEAR + _YEAR_MARK + r"第?\s*" + _Q1 + r"(?:" + _QUARTER_WORD + r")?" + _DASH + r"第?\s*" + _Q + _QUARTER_WORD
        ),
        _quarter_range,
    ),
    # 2025年第三季度, 2025年三季度, 2025年度第3季度, 2025-3季度, 2025.3季度, 二〇二五年第三季度, 第三季度
    _Spelling(
        re.compile(r"(?:" + _YEAR + r"(?:" + _YEAR_MARK + r"|\s*[-_.]\s*))?(?(year)第?|(?:第|(?<![\d一二三四五六七八九十〇零○至到~～—\-前])))\s*"
                   + _Q + _QUARTER_WORD),
        _quarter,
        True,
    ),
    # 2025Q3, 2025-Q3, 2025 Q3, 2025q3, 2025_Q3, 2025年Q3
    _Spelling(re.compile(_YEAR + r"\s*(?:年\s*度?)?\s*[-_.]?\s*[Qq]\s*" + _Q + r"(?!\d)"), _quarter),
    # 2025年前三季度
    _Spelling(re.compile(_YEAR + _YEAR_MARK + r"前\s*" + _Q + r"\s*(?:个\s*)?" + _QUARTER_WORD), _quarter),
    # 2025年上半年 / 下半年
    _Spelling(re.compile(_YEAR + _YEAR_MARK + r"(?P<h>上|下)\s*半\s*年(?:\s*度)?"), _half),
    # 2025年全年, 2025年度
    # 2025年报, 2025年年报, 2025年度统计年报 (the year's report, the fourth quarter's year to date)
    # (2025年报表 is "a 2025 report", 2025年报送 "sent in 2025": neither)
    _Spelling(re.compile(_YEAR + r"\s*(?:年\s*(?:度\s*)?(?:统\s*计\s*)?年\s*报(?!\s*送)|(?:统\s*计\s*)?年\s*报(?!\s*[表送]))"), _full),
    _Spelling(re.compile(_YEAR + r"\s*年\s*(?:全\s*年(?:\s*度)?|度)"), _full),
    # 截至2025年9月底, 截至9月底, 截止9月末
    _Spelling(re.compile(r"截[至止]\s*(?:" + _YEAR + r"\s*年\s*)?" + _M2 + _MONTH_TAIL), _month, True),
    # 2025年9月, 2025年09月份, 二〇二五年九月
    _Spelling(re.compile(_YEAR + r"\s*年\s*" + _M2 + _MONTH_TAIL), _month),
    # 2025.9, 2025-09, 2025/09 (not part of a longer number, a phone number or a date)
    _Spelling(
        re.compile(r"(?<![\d.\-/])(?P<year>(?:19|20)\d{2})[.\-/](?P<m2>1[0-2]|0?[1-9])(?![\d.\-/])(?!\s*[季月日号])"), _month
    ),
    # 2025年, 二零二五年: a year on its own, which callers should treat as weak
    _Spelling(re.compile(_YEAR + r"\s*年"), _bare_year),
]


def find_periods(text: str, year_hint: int | None = None) -> list[PeriodMention]:
    """Every period mention in `text`, in order of appearance, each span reported once.

    Spellings understood (year in Arabic, full-width or Chinese numerals, "二〇二五年"):

    - quarters: 2025年第三季度, 2025年三季度, 2025年3季度, 2025年度第三季度, 2025-3季度, 2025Q3, 2025-Q3,
      2025 Q3, 2025q3, 2025_Q3 -> Period(2025, 3);
    - year to date: 2025年1-9月 (also —, ～, 至, 到, 1月至9月, 一至九月, 月份), 2026.01-06, 2025/1-9, 2025年前三季度,
      2025年1-3季度 -> Period(2025, 3); 2025年上半年 -> Period(2025, 2); 2025年1-8月 -> month Period(2025, month=8);
    - a range not starting in January that is exactly one quarter ("2025年7-9月") is that quarter's own flow
      and also maps to Period(2025, 3): the quarterly return it belongs to. Any other range ("4-9月",
      "下半年", "2024年10月-2025年9月") has period None and month_end set, because no quarterly return
      covers it;
    - the full year: 2025年全年, 2025年度, 2025年1-12月 -> Period(2025, 4) with month_end 12, because in a
      quarterly series the full-year report is the Q4 year-to-date return. A bare "2025年" is Period(2025);
    - months: 2025年9月, 2025年09月, 2025.9, 2025-09, 截至2025年9月底, 截至2025年9月30日 (a month-end day)
      -> Period(2025, month=9); `to_quarter` turns a quarter-end month into its quarter.

    Without a year ("截至9月底", "1-9月", "第三季度"), the year is `year_hint`; with no hint, period is None
    and month_end says which month is meant. A year-less mention right after 上年/去年/同期/较/比 is a
    comparison with another year and is skipped.

    Never periods: dates with a day (填报日期：2025年10月12日, 2025-09-30, 20250930; except a month-end day
    after 截至), telephone numbers (0571-88886666) and numbers that merely contain a year.
    """
    norm = text.translate(_NORMALISE)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, PeriodMention]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or e <= start for s, e in taken)

    # Day-precise deadlines and date ranges come before dates are blocked; everything else after.
    for spelling in _SPELLINGS[:2]:
        _scan(spelling, norm, text, year_hint, free, taken, found)
    taken.extend(m.span() for m in _DAY_DATES.finditer(norm) if free(*m.span()))
    for spelling in _SPELLINGS[2:]:
        _scan(spelling, norm, text, year_hint, free, taken, found)
    return [mention for _, mention in sorted(found, key=lambda item: item[0])]


def _scan(
    spelling: _Spelling,
    norm: str,
    text: str,
    year_hint: int | None,
    free: Callable[[int, int], bool],
    taken: list[tuple[int, int]],
    found: list[tuple[int, PeriodMention]],
) -> None:
    for m in spelling.pattern.finditer(norm):
        start, end = m.span()
        if not free(start, end):
            continue
        written = m.groupdict().get("year")
        year = _year(written)
        if written and year is None:
            continue  # "一二三四年" is not a year
        if written is None:
            if not spelling.year_optional:
                continue
            if _COMPARISON.search(norm[:start]):
                taken.append((start, end))
                continue
            year = year_hint
        mention = spelling.build(m, year, text[start:end])
        if mention is not None:
            taken.append((start, end))
            found.append((start, mention))
