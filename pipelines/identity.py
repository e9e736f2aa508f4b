"""Whose return and for which period: district and period from the title rows, the 填报单位 line, the
sheet name and the file name. Two signals that disagree are an error naming both places."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from pipelines.match import Matcher
from pipelines.periods import Period, PeriodMention, find_periods, to_quarter
from pipelines.registry import District

FILLER_LINE = re.compile(r"填报单位|填表单位|报送单位|单位名称")


@dataclass(frozen=True)
class Signal:
    where: str  # Chinese description of where the signal was found
    text: str


def signals(title_rows: list[tuple[int, str]], sheet_name: str, file_name: str) -> list[Signal]:
    found: list[Signal] = []
    for r, text in title_rows:
        if not text:
            continue
        where = "填报单位行" if FILLER_LINE.search(re.sub(r"\s", "", text)) else "标题"
        found.append(Signal(f"{where}（第{r + 1}行）", text))
    found.append(Signal("工作表名", sheet_name))
    found.append(Signal("文件名", PurePath(file_name.split(" › ")[-1]).stem))
    return found


def _strip_filing_date(text: str) -> str:
    # "填报日期：2025年10月12日" is when it was filled, not the period it covers.
    text = re.sub(r"(填报|报送|填表|制表|报出|导出)(日期|时间)[:：]?\s*\S*", "", text)
    # The header block of an official form: 表号, 制定机关, 批准文号〔2023〕, 有效期至2026年12月.
    return re.sub(r"(表\s*号|制定机关|批准(机关|文号)|文\s*号|有效期(至|限)?)[:：]?\s*\S*", "", text)


class TextMemo:
    """District and period mentions by text, shared by the sheets of one workbook: the file name, the
    filler line and sheet names repeat, and find_period reads every text twice."""

    def __init__(self, matcher: Matcher):
        self.matcher = matcher
        self._districts: dict[str, list[District]] = {}
        self._periods: dict[tuple[str, int | None], list[PeriodMention]] = {}

    def districts_in(self, text: str) -> list[District]:
        found = self._districts.get(text)
        if found is None:
            found = self._districts[text] = self.matcher.districts_in(text)
        return found

    def size(self) -> int:
        """Texts kept, here and in the matcher."""
        return len(self._districts) + len(self._periods) + self.matcher.size()

    def periods_in(self, text: str, year_hint: int | None = None) -> list[PeriodMention]:
        found = self._periods.get((text, year_hint))
        if found is None:
            found = self._periods[(text, year_hint)] = find_periods(_strip_filing_date(text), year_hint=year_hint)
        return found


def find_district(memo: TextMemo, found_in: list[Signal]) -> tuple[District | None, list[tuple[District, str]]]:
    found: list[tuple[District, str]] = []
    for s in found_in:
        named = memo.districts_in(s.text)
        if len(named) > 1 and s.where.startswith("填报单位行"):
            # "填报单位：经开区总工会　原属城中区的单位已划转": the unit is the one named first.
            flat = re.sub(r"\s", "", s.text)
            named = [min(named, key=lambda d: min(i for n in d.names if (i := flat.find(re.sub(r"\s", "", n))) >= 0))]
        elif len(named) > 1 and s.where in ("文件名", "工作表名"):
            # "帮扶统计（城中区、云台市）.xlsx": a workbook of several districts' sheets; its name speaks for none.
            continue
        for d in named:
            if all(d.code != f.code for f, _ in found):
                found.append((d, s.where))
    return (found[0][0] if len(found) == 1 else None), found


@dataclass(frozen=True)
class PeriodFinding:
    quarters: list[tuple[Period, str]]  # quarter periods found, with where
    not_quarter: list[tuple[str, str]]  # texts naming a non-quarter month, with where
    quarter_flow: list[tuple[str, str]]  # texts naming one quarter's own months ("7-9月"), with where


def find_period(memo: TextMemo, found_in: list[Signal]) -> PeriodFinding:
    years: list[int] = []
    for s in found_in:
        for m in memo.periods_in(s.text):
            if m.period is not None:
                years.append(m.period.year)
    year_hint = years[0] if len(set(years)) == 1 else None
    quarters: list[tuple[Period, str]] = []
    bad: list[tuple[str, str]] = []
    flows: list[tuple[str, str]] = []
    for s in found_in:
        for m in memo.periods_in(s.text, year_hint):
            p = m.period
            if p is None:
                continue
            if p.quarter is None and p.month is None:
                continue  # a bare year is too weak to be a period on its own
            q = to_quarter(p)
            if q is None:
                bad.append((m.text, s.where))
                continue
            if m.quarter_flow:
                flows.append((m.text, s.where))
            if all(q != f for f, _ in quarters):
                quarters.append((q, s.where))
    return PeriodFinding(quarters, bad, flows)
