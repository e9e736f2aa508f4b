"""Periods: codes, Chinese labels, arithmetic, and every way districts write a period."""

from __future__ import annotations

import pytest

from pipelines.periods import Period, PeriodMention, find_periods, to_quarter


def codes(text: str, year_hint: int | None = None) -> list[str | None]:
    return [m.period.code if m.period else None for m in find_periods(text, year_hint)]


# --- find_periods: text -> exact list of period codes ------------------------------------------

SPELLINGS: list[tuple[str, list[str | None]]] = [
    # quarters
    ("城中区2025年第三季度工会组织建设情况统计表", ["2025-Q3"]),
    ("2025年第三季度", ["2025-Q3"]),
    ("2025年三季度", ["2025-Q3"]),
    ("2025年3季度", ["2025-Q3"]),
    ("2025年第3季度", ["2025-Q3"]),
    ("2025年度第三季度", ["2025-Q3"]),
    ("2025年第三季", ["2025-Q3"]),
    ("2025 年 第 三 季 度", ["2025-Q3"]),
    ("2025-3季度", ["2025-Q3"]),
    ("2025年一季度", ["2025-Q1"]),
    ("2025年第二季度", ["2025-Q2"]),
    ("2025年第四季度", ["2025-Q4"]),
    ("2025年四季度", ["2025-Q4"]),
    ("二〇二五年第三季度", ["2025-Q3"]),
    ("二零二五年三季度", ["2025-Q3"]),
    ("二O二五年三季度", ["2025-Q3"]),
    ("２０２５年第三季度", ["2025-Q3"]),
    ("2025Q3", ["2025-Q3"]),
    ("2025-Q3", ["2025-Q3"]),
    ("2025 Q3", ["2025-Q3"]),
    ("2025q3", ["2025-Q3"]),
    ("2025_Q3", ["2025-Q3"]),
    ("2025年Q3", ["2025-Q3"]),
    ("２０２５Ｑ３", ["2025-Q3"]),
    ("东湖区2025Q3.xlsx", ["2025-Q3"]),
    ("东湖区2025Q3", ["2025-Q3"]),
    ("西山区_2025_Q3_表二.xls", ["2025-Q3"]),
    ("表一2025年第三季度", ["2025-Q3"]),
    # year to date
    ("2025年1-9月", ["2025-Q3"]),
    ("2025年1—9月", ["2025-Q3"]),
    ("2025年1～9月", ["2025-Q3"]),
    ("2025年1~9月", ["2025-Q3"]),
    ("2025年1–9月", ["2025-Q3"]),
    ("2025年1至9月", ["2025-Q3"]),
    ("2025年1到9月", ["2025-Q3"]),
    ("2025年1－9月", ["2025-Q3"]),
    ("2025年1月至9月", ["2025-Q3"]),
    ("2025年1-9月份", ["2025-Q3"]),
    ("2025年 1 - 9 月", ["2025-Q3"]),
    ("2025年01-09月", ["2025-Q3"]),
    ("2025年一至九月", ["2025-Q3"]),
    ("2025年度1-9月", ["2025-Q3"]),
    ("2025年1月-2025年9月", ["2025-Q3"]),
    ("2025年1月1日至2025年9月30日", ["2025-Q3"]),
    ("2025年1月1日至9月30日", ["2025-Q3"]),
    ("2025年1-3月", ["2025-Q1"]),
    ("2025年1-6月", ["2025-Q2"]),
    ("2025年1-12月", ["2025-Q4"]),
    ("2025年1-8月", ["2025-08"]),
    ("2025年前三季度", ["2025-Q3"]),
    ("2025年度前三季度", ["2025-Q3"]),
    ("2025年前3季度", ["2025-Q3"]),
    ("2025年1-3季度", ["2025-Q3"]),
    ("2025年第一至第三季度", ["2025-Q3"]),
    ("2025年上半年", ["2025-Q2"]),
    ("2025年度上半年", ["2025-Q2"]),
    # a range that is exactly one quarter is that quarter (its own flow)
    ("2025年7-9月", ["2025-Q3"]),
    ("2025年10-12月", ["2025-Q4"]),
    ("2025年4月至6月", ["2025-Q2"]),
    # ranges no quarterly return covers: period None
    ("2025年4-9月", [None]),
    ("2025年下半年", [None]),
    ("2024年10月-2025年9月", [None]),
    # the full year is the Q4 year-to-date return; a bare year is only a year
    ("2025年全年", ["2025-Q4"]),
    ("2025年度", ["2025-Q4"]),
    ("2025年全年度", ["2025-Q4"]),
    ("2025年度工会组织建设情况统计表", ["2025-Q4"]),
    ("2025年", ["2025"]),
    ("二零二五年", ["2025"]),
    ("二〇二五年", ["2025"]),
    ("2025年1-9", ["2025"]),
    # months
    ("2025年9月", ["2025-09"]),
    ("2025年09月", ["2025-09"]),
    ("2025年 9月", ["2025-09"]),
    ("2025年9月份", ["2025-09"]),
    ("2025年9月末", ["2025-09"]),
    ("2025年九月", ["2025-09"]),
    ("2025年十二月", ["2025-12"]),
    ("2025年8月", ["2025-08"]),
    ("2025.9", ["2025-09"]),
    ("2025.09", ["2025-09"]),
    ("2025-09", ["2025-09"]),
    ("2025-9", ["2025-09"]),
    ("2025/09", ["2025-09"]),
    ("2025.12", ["2025-12"]),
    # the year's report (年报) is the fourth quarter's year to date; a 2025 报表 or 报送 is not
    ("东湖区2025年报（终稿）", ["2025-Q4"]),
    ("南港区总工会2025年年报", ["2025-Q4"]),
    ("西山区2025年度统计年报", ["2025-Q4"]),
    ("2025年年报表", ["2025-Q4"]),
    ("东湖区2025年报表", ["2025"]),
    ("2025年报送", ["2025"]),
    # a month range written as a date is (a county archive's 2026.01-06)
    ("2026.01-06", ["2026-Q2"]),
    ("（2026.01-06）", ["2026-Q2"]),
    ("2026.1-6月", ["2026-Q2"]),
    ("2025/01-2025/09", ["2025-Q3"]),
    ("2025.07-09", ["2025-Q3"]),
    ("2025.01-2024.12", [None]),
    ("2026.01-06 / 2025.01-06", ["2026-Q2", "2025-Q2"]),
    ("截至2025年9月底", ["2025-09"]),
    ("截至2025年9月末", ["2025-09"]),
    ("截止2025年9月底", ["2025-09"]),
    ("截至2025年9月30日", ["2025-09"]),
    ("截止2025年6月30日", ["2025-06"]),
    ("截至二〇二五年九月三十日", ["2025-09"]),
    ("截至9月底", [None]),
    ("截至9月30日", [None]),
    ("第三季度", [None]),
    ("1-9月", [None]),
    # several mentions, in order of appearance
    ("2025年第三季度（1-9月）", ["2025-Q3", None]),
    ("2025年上半年（1-6月）", ["2025-Q2", None]),
    ("东湖区2024Q4与2025Q1", ["2024-Q4", "2025-Q1"]),
    ("2025年1-9月 联系电话：0571-88886666 填报日期：2025-10-12", ["2025-Q3"]),
    ("2025年第二季度 填报日期：2025年7月10日", ["2025-Q2"]),
]


@pytest.mark.parametrize(("text", "expected"), SPELLINGS, ids=[t for t, _ in SPELLINGS])
def test_find_periods(text: str, expected: list[str | None]) -> None:
    assert codes(text) == expected


NOT_PERIODS: list[str] = [
    "填报日期：2025年10月12日",
    "填报日期：2025年10月12号",
    "2025年10月12日",
    "二〇二五年十月十二日",
    "2025-09-30",
    "2025/9/30",
    "2025.09.30",
    "2025.9.30",
    "2026-01-06",
    "2026.01.06",
    "2025-09-1",
    "20250930",
    "填报日期：20251012",
    "联系电话：0571-88886666",
    "联系电话：13912345678",
    "电话 2025-0930",
    "0571-2025-09",
    "12025-09",
    "2025Q5",
    "表15—4",
    "表15-4",
    "一二三四年",
    "截至2025年9月15日",
    "上年同期1-9月",
    "年度发展任务（人）",
    "全年任务",
    "会员人数（人）",
    "东湖区202509.xlsx",
    "",
]


@pytest.mark.parametrize("text", NOT_PERIODS)
def test_not_periods(text: str) -> None:
    assert find_periods(text) == []


def test_invalid_quarter_number_leaves_only_the_year() -> None:
    assert codes("2025年第五季度") == ["2025"]


# --- mention details ------------------------------------------------------------------------

MENTIONS: list[tuple[str, PeriodMention]] = [
    ("城中区2025年第三季度工会组织建设情况统计表", PeriodMention(Period(2025, 3), "2025年第三季度", 9)),
    ("东湖区2025Q3.xlsx", PeriodMention(Period(2025, 3), "2025Q3", 9)),
    ("西山区_2025_Q3_表二.xls", PeriodMention(Period(2025, 3), "2025_Q3", 9)),
    ("２０２５年第三季度", PeriodMention(Period(2025, 3), "２０２５年第三季度", 9)),
    ("2025年1-9月", PeriodMention(Period(2025, 3), "2025年1-9月", 9)),
    ("2025年1-9月 联系电话", PeriodMention(Period(2025, 3), "2025年1-9月", 9)),
    ("2025年上半年", PeriodMention(Period(2025, 2), "2025年上半年", 6)),
    ("2025年全年", PeriodMention(Period(2025, 4), "2025年全年", 12)),
    ("2025年度", PeriodMention(Period(2025, 4), "2025年度", 12)),
    ("2025年1-12月", PeriodMention(Period(2025, 4), "2025年1-12月", 12)),
    ("2025年", PeriodMention(Period(2025), "2025年", None)),
    ("2025年9月", PeriodMention(Period(2025, month=9), "2025年9月", 9)),
    ("截至2025年9月底", PeriodMention(Period(2025, month=9), "截至2025年9月底", 9)),
    ("城中区截至9月底会员情况", PeriodMention(None, "截至9月底", 9)),
    ("2025年下半年", PeriodMention(None, "2025年下半年", 12)),
    ("2025年4-9月", PeriodMention(None, "2025年4-9月", 9)),
    ("二〇二五年第三季度", PeriodMention(Period(2025, 3), "二〇二五年第三季度", 9)),
]


@pytest.mark.parametrize(("text", "expected"), MENTIONS, ids=[t for t, _ in MENTIONS])
def test_mention_text_and_month_end(text: str, expected: PeriodMention) -> None:
    assert find_periods(text) == [expected]


YEAR_HINTED: list[tuple[str, list[str | None]]] = [
    ("截至9月底", ["2025-09"]),
    ("截至9月末", ["2025-09"]),
    ("截止6月底", ["2025-06"]),
    ("截至9月30日", ["2025-09"]),
    ("1-9月", ["2025-Q3"]),
    ("第三季度", ["2025-Q3"]),
    ("二季度表一", ["2025-Q2"]),  # a sheet named by its quarter, without 第
    ("三季度", ["2025-Q3"]),
    ("一二季度", []),  # not one quarter
    ("前三季度", []),  # needs its year (2025年前三季度)
    ("2025年第三季度（1-9月）", ["2025-Q3", "2025-Q3"]),
    ("2024年第三季度", ["2024-Q3"]),  # a written year beats the hint
    ("上年同期1-9月", []),  # a comparison with another year: the hint would be wrong
    ("比去年第三季度", []),
]


@pytest.mark.parametrize(("text", "expected"), YEAR_HINTED, ids=[t for t, _ in YEAR_HINTED])
def test_year_hint(text: str, expected: list[str | None]) -> None:
    assert codes(text, year_hint=2025) == expected


def test_month_without_year_keeps_month_end() -> None:
    [mention] = find_periods("截至9月底")
    assert mention.period is None
    assert mention.month_end == 9
    assert mention.text == "截至9月底"
    [hinted] = find_periods("截至9月底", year_hint=2025)
    assert hinted == PeriodMention(Period(2025, month=9), "截至9月底", 9)
    assert to_quarter(hinted.period) == Period(2025, 3)  # type: ignore[arg-type]


def test_no_duplicate_spans_and_ordered() -> None:
    text = "2025年第三季度 2025Q3 2025年1-9月 2025年"
    found = find_periods(text)
    assert [m.text for m in found] == ["2025年第三季度", "2025Q3", "2025年1-9月", "2025年"]
    cursor = 0
    for m in found:  # each mention is found after the previous one ends: ordered, no overlap
        cursor = text.index(m.text, cursor) + len(m.text)


# --- to_quarter --------------------------------------------------------------------------------

TO_QUARTER: list[tuple[Period, Period | None]] = [
    (Period(2025, 3), Period(2025, 3)),
    (Period(2025, month=3), Period(2025, 1)),
    (Period(2025, month=6), Period(2025, 2)),
    (Period(2025, month=9), Period(2025, 3)),
    (Period(2025, month=12), Period(2025, 4)),
    (Period(2025, month=8), None),
    (Period(2025, month=1), None),
    (Period(2025), None),
]


@pytest.mark.parametrize(("period", "expected"), TO_QUARTER, ids=[p.code for p, _ in TO_QUARTER])
def test_to_quarter(period: Period, expected: Period | None) -> None:
    assert to_quarter(period) == expected


# --- Period ------------------------------------------------------------------------------------

LABELS: list[tuple[Period, str, str, str]] = [
    (Period(2025, 1), "2025-Q1", "2025年第一季度", "2025年1-3月"),
    (Period(2025, 2), "2025-Q2", "2025年第二季度", "2025年1-6月"),
    (Period(2025, 3), "2025-Q3", "2025年第三季度", "2025年1-9月"),
    (Period(2025, 4), "2025-Q4", "2025年第四季度", "2025年1-12月"),
    (Period(2025, month=9), "2025-09", "2025年9月", "2025年1-9月"),
    (Period(2025, month=1), "2025-01", "2025年1月", "2025年1-1月"),
    (Period(2025, month=12), "2025-12", "2025年12月", "2025年1-12月"),
    (Period(2025), "2025", "2025年", "2025年1-12月"),
]


@pytest.mark.parametrize(("period", "code", "label", "ytd"), LABELS, ids=[c for _, c, _, _ in LABELS])
def test_code_label_ytd_label(period: Period, code: str, label: str, ytd: str) -> None:
    assert period.code == code
    assert period.label == label
    assert period.ytd_label == ytd
    assert Period.parse_code(code) == period


def test_short_label_and_end_month() -> None:
    assert Period(2025, 3).short_label == "2025Q3"
    assert Period(2025, month=9).short_label == "2025-09"
    assert Period(2025, 3).end_month == 9
    assert Period(2025, month=8).end_month == 8
    assert Period(2025).end_month == 12


PREVIOUS: list[tuple[Period, Period]] = [
    (Period(2025, 1), Period(2024, 4)),
    (Period(2025, 2), Period(2025, 1)),
    (Period(2025, 4), Period(2025, 3)),
    (Period(2025, month=1), Period(2024, month=12)),
    (Period(2025, month=10), Period(2025, month=9)),
    (Period(2025), Period(2024)),
]


@pytest.mark.parametrize(("period", "expected"), PREVIOUS, ids=[p.code for p, _ in PREVIOUS])
def test_previous(period: Period, expected: Period) -> None:
    assert period.previous() == expected


YEAR_AGO: list[tuple[Period, Period]] = [
    (Period(2025, 1), Period(2024, 1)),
    (Period(2025, 4), Period(2024, 4)),
    (Period(2025, month=1), Period(2024, month=1)),
    (Period(2025, month=12), Period(2024, month=12)),
    (Period(2025), Period(2024)),
]


@pytest.mark.parametrize(("period", "expected"), YEAR_AGO, ids=[p.code for p, _ in YEAR_AGO])
def test_year_ago(period: Period, expected: Period) -> None:
    assert period.year_ago() == expected


def test_ordering_within_a_kind() -> None:
    quarters = [Period(2025, 1), Period(2024, 4), Period(2024, 1), Period(2025, 3)]
    assert sorted(quarters) == [Period(2024, 1), Period(2024, 4), Period(2025, 1), Period(2025, 3)]
    assert Period(2024, 4) < Period(2025, 1)


BAD_CODES = ["", "2025Q3", "2025-Q5", "2025-Q0", "2025-13", "2025-00", "2025-9", "25-Q3", "2025-Q3-01", "二〇二五"]


@pytest.mark.parametrize("code", BAD_CODES)
def test_parse_code_rejects(code: str) -> None:
    with pytest.raises(ValueError):
        Period.parse_code(code)


def test_parse_code_tolerates_surrounding_spaces() -> None:
    assert Period.parse_code(" 2025-Q3 ") == Period(2025, 3)


@pytest.mark.parametrize(("quarter", "month"), [(5, None), (0, None), (None, 13), (None, 0), (3, 9)])
def test_invalid_period_is_refused(quarter: int | None, month: int | None) -> None:
    with pytest.raises(ValueError):
        Period(2025, quarter, month)
