"""Sheets -> returns: find the form, district, period, header and rows; turn cells into observations.

Nothing is guessed. A label nobody knows, a value that is not a number, two signals naming different
districts: each becomes an Issue naming file › sheet › cell. Values are Decimals scaled exactly to the
dictionary's unit (money in 元).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from pipelines.config import Limits
from pipelines.grid import HEAD_ROWS, Sheet, Workbook, cell_address, cell_text
from pipelines.issues import Issue, issue
from pipelines.numbers import parse_number, scale
from pipelines.periods import Period, PeriodMention, find_periods, to_quarter
from pipelines.registry import Breakdown, District, Form, Indicator, Registry, normalise_label

MAX_HEADER_SCAN_ROWS = HEAD_ROWS  # a sheet handed over as its first rows holds exactly these
MAX_DECIMALS = 6

_SPACES = re.compile(r"[\s\u3000]+")
_FILLER_LINE = re.compile(r"填报单位|填表单位|报送单位|单位名称")
_UNIT_LINE = re.compile(r"(?:金额)?单位[:：]\s*([^\s，,。;；]*(?:[、，,][^\s，,。;；]+)*)")
_FOOTER = re.compile(
    r"^(填表人|填报人|制表人|制表|审核人|审核|负责人|单位负责人|分管领导|联系人|联系电话|电话|注[:：]|注\d|注$|"
    r"说明[:：]|备注[:：]|资料来源|数据来源|填报日期|报送日期)"
)
_SUBTOTAL_LEAVES = {"小计", "合计", "计", "总计", "小计数", "数量", "总数"}
_EXTRA_COLUMN_WORDS = ("备注", "序号", "同比", "增长", "上年", "去年", "说明", "排名", "环比", "比上年", "增减")
_LABEL_HEADER_WORDS = {"项目", "单位类型", "行业", "类别", "类型", "分类", "指标", "项目名称", "帮扶类别", "群体", "行业类别", "分组", "名称"}
_UNIT_FACTORS = {"元": 1, "万元": 10_000, "亿元": 100_000_000, "千元": 1_000}
_UNIT_IN_TEXT = re.compile(r"[（(]\s*([^（）()]*?)\s*[）)]")


@dataclass(frozen=True)
class Observation:
    indicator: str
    breakdown: str
    value: Decimal
    cell: str  # A1 address in the source sheet


@dataclass
class ParsedReturn:
    """One form of one district for one period, read from one sheet."""

    file: str
    sheet: str
    form: str
    district: str
    period: str
    observations: list[Observation]
    reported_rates: list[Observation]  # rates as the district computed them; checked, never stored as data
    issues: list[Issue]
    cells: list[tuple[int, int, str]]  # the raw grid: every non-empty cell as text

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.district, self.period, self.form)

    def values(self) -> dict[tuple[str, str], Decimal]:
        return {(o.indicator, o.breakdown): o.value for o in self.observations}


@dataclass
class WorkbookResult:
    returns: list[ParsedReturn] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)  # issues not tied to one parsed return

    @property
    def all_issues(self) -> list[Issue]:
        return [*self.issues, *(i for r in self.returns for i in r.issues)]

    @property
    def has_errors(self) -> bool:
        return any(i.severity == "error" for i in self.all_issues)


# ---------------------------------------------------------------------------------------------
# grid helpers


def _flat(text: str) -> str:
    return _SPACES.sub("", text)


@dataclass
class _Grid:
    """A sheet with merged values spread over their block, for reading labels (never values)."""

    sheet: Sheet
    anchors: dict[tuple[int, int], tuple[int, int]]  # covered cell -> its merge's top-left cell

    @classmethod
    def of(cls, sheet: Sheet) -> _Grid:
        anchors: dict[tuple[int, int], tuple[int, int]] = {}
        for m in sheet.merged:
            for r in range(m.first_row, m.last_row + 1):
                for c in range(m.first_col, m.last_col + 1):
                    if (r, c) != (m.first_row, m.first_col):
                        anchors[(r, c)] = (m.first_row, m.first_col)
        return cls(sheet, anchors)

    def label(self, r: int, c: int) -> str:
        """Text of a cell as a label: a covered cell reads its merge anchor."""
        r, c = self.anchors.get((r, c), (r, c))
        return cell_text(self.sheet.value(r, c)).strip()

    def row_text(self, r: int) -> str:
        rows = self.sheet.rows
        seen: list[str] = []
        for c, v in enumerate(rows[r] if 0 <= r < len(rows) else ()):
            if v is None or (r, c) in self.anchors:
                continue
            t = cell_text(v).strip()
            if t:
                seen.append(t)
        return " ".join(seen)


# ---------------------------------------------------------------------------------------------
# header


@dataclass
class _Column:
    col: int
    indicator: Indicator
    factor: int
    label: str
    label_unit: str


def _units_in(text: str) -> list[str]:
    return [u.strip() for u in _UNIT_IN_TEXT.findall(text) if u.strip()]


def _match_indicator(registry: Registry, form: str, texts: list[str]) -> Indicator | None:
    """Header texts of one column, top to bottom (merged cells repeated once).

    The longest reading wins: a label wrapped over two cells ("已建会单位" / "职工人数") must not be
    read as its second half; a group label over a child ("合理化建议" / "提出") reads as one name; a
    child "小计" is its group itself.
    """
    if not texts:
        return None
    keys = [normalise_label(t) for t in texts]
    candidates = ["".join(keys[i:]) for i in range(len(keys))]
    if keys[-1] in _SUBTOTAL_LEAVES and len(keys) > 1:
        candidates += ["".join(keys[i:-1]) for i in range(len(keys) - 1)]
    for text in candidates:
        found = registry.indicator_for_label(form, text)
        if found is not None:
            return found
    return None


def _column_texts(grid: _Grid, rows: range, c: int) -> list[str]:
    texts: list[str] = []
    for r in rows:
        t = grid.label(r, c)
        if t and (not texts or texts[-1] != t):
            texts.append(t)
    return texts


def _score_row(grid: _Grid, registry: Registry, form: str, r: int) -> int:
    """How many distinct indicators of `form` this row names (a merged label counts once)."""
    found = set()
    for c in range(grid.sheet.width):
        if (r, c) in grid.anchors:
            continue
        t = cell_text(grid.sheet.value(r, c)).strip()
        if t:
            ind = registry.indicator_for_label(form, t)
            if ind is not None:
                found.add(ind.code)
    return len(found)


# ---------------------------------------------------------------------------------------------
# district and period


@dataclass(frozen=True)
class _Signal:
    where: str  # Chinese description of where the signal was found
    text: str


def _signals(grid: _Grid, header_top: int, sheet_name: str, file_name: str) -> list[_Signal]:
    signals: list[_Signal] = []
    for r in range(header_top):
        text = grid.row_text(r)
        if not text:
            continue
        where = "填报单位行" if _FILLER_LINE.search(text) else "标题"
        signals.append(_Signal(f"{where}（第{r + 1}行）", text))
    signals.append(_Signal("工作表名", sheet_name))
    signals.append(_Signal("文件名", PurePath(file_name.split(" › ")[-1]).stem))
    return signals


def _strip_filing_date(text: str) -> str:
    # "填报日期：2025年10月12日" is when it was filled, not the period it covers.
    return re.sub(r"(填报|报送|填表|制表)(日期|时间)[:：]?\s*\S*", "", text)


class _TextMemo:
    """District and period mentions by text, shared by the sheets of one workbook: the file name, the
    filler line and sheet names repeat, and _find_period reads every text twice."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._districts: dict[str, list[District]] = {}
        self._periods: dict[tuple[str, int | None], list[PeriodMention]] = {}

    def districts_in(self, text: str) -> list[District]:
        found = self._districts.get(text)
        if found is None:
            found = self._districts[text] = self.registry.districts_in(text)
        return found

    def periods_in(self, text: str, year_hint: int | None = None) -> list[PeriodMention]:
        found = self._periods.get((text, year_hint))
        if found is None:
            found = self._periods[(text, year_hint)] = find_periods(_strip_filing_date(text), year_hint=year_hint)
        return found


def _find_district(memo: _TextMemo, signals: list[_Signal]) -> tuple[District | None, list[tuple[District, str]]]:
    found: list[tuple[District, str]] = []
    for s in signals:
        for d in memo.districts_in(s.text):
            if all(d.code != f.code for f, _ in found):
                found.append((d, s.where))
    return (found[0][0] if len(found) == 1 else None), found


def _find_period(memo: _TextMemo, signals: list[_Signal]) -> tuple[list[tuple[Period, str]], list[tuple[str, str]]]:
    """Quarter periods found (with where), and texts that name a non-quarter month (with where)."""
    years: list[int] = []
    mentions: list[tuple[object, str]] = []
    for s in signals:
        for m in memo.periods_in(s.text):
            mentions.append((m, s.where))
            if m.period is not None:
                years.append(m.period.year)
    year_hint = years[0] if len(set(years)) == 1 else None
    quarters: list[tuple[Period, str]] = []
    bad: list[tuple[str, str]] = []
    for s in signals:
        for m in memo.periods_in(s.text, year_hint):
            p = m.period
            if p is None:
                continue
            if p.quarter is None and p.month is None:
                continue  # a bare year is too weak to be a period on its own
            q = to_quarter(p)
            if q is None:
                bad.append((m.text, s.where))
            elif all(q != f for f, _ in quarters):
                quarters.append((q, s.where))
    return quarters, bad


# ---------------------------------------------------------------------------------------------
# the sheet


def _detect_form(grid: _Grid, registry: Registry, scan: range) -> tuple[Form | None, int, int]:
    """The form whose indicator labels best match one header row: (form, anchor row, score).

    Each row's labels are read once and matched against every form's dictionary at the same time.
    """
    best: tuple[Form | None, int, int] = (None, -1, 0)
    forms = registry.forms
    for r in scan:
        row = grid.sheet.rows[r] if r < len(grid.sheet.rows) else []
        labels = {
            cell_text(v).strip()
            for c, v in enumerate(row)
            if v is not None and not isinstance(v, (int, float)) and (r, c) not in grid.anchors
        }
        labels.discard("")
        if not labels:
            continue
        for form in forms:
            found = {ind.code for t in labels if (ind := registry.indicator_for_label(form.code, t)) is not None}
            if len(found) > best[2]:
                best = (form, r, len(found))
    return best


def _title_form(registry: Registry, text: str) -> Form | None:
    flat = _flat(text)
    for form in registry.forms:
        if form.name in flat or any(k in flat for k in form.title_keywords):
            return form
    return None


class SheetParser:
    """Reads one sheet of one workbook; collects issues instead of raising."""

    def __init__(self, registry: Registry, file_name: str, sheet: Sheet, memo: _TextMemo | None = None):
        self.registry = registry
        self.memo = memo or _TextMemo(registry)
        self.file = file_name
        self.sheet = sheet
        self.grid = _Grid.of(sheet)
        self.issues: list[Issue] = []

    def _issue(self, code: str, r: int | None = None, c: int | None = None, **params: object) -> None:
        cell = cell_address(r, c) if r is not None and c is not None else ""
        self.issues.append(issue(code, self.file, self.sheet.name, cell, **params))

    def _identify(self) -> tuple[Form | None, int, int, Form | None]:
        """Form, header anchor row and score from the header; form named by the title. Reads only the
        first MAX_HEADER_SCAN_ROWS rows, so a sheet handed over as its first rows can be judged."""
        height = self.sheet.height
        scan = range(min(height, MAX_HEADER_SCAN_ROWS))
        form, anchor, score = _detect_form(self.grid, self.registry, scan)
        title_text = " ".join(self.grid.row_text(r) for r in range(min(height, 6))) + " " + self.sheet.name
        return form, anchor, score, _title_form(self.registry, title_text)

    def could_be_return(self) -> bool:
        """False exactly when parse() would return None."""
        form, _, score, titled = self._identify()
        return (form is not None and score >= 2) or titled is not None

    def parse(self) -> ParsedReturn | None:
        """None when the sheet is not a return at all (the caller reports it as skipped)."""
        form, anchor, score, titled = self._identify()
        if form is None or score < 2:
            if titled is not None:
                expected = "、".join(i.name for i in self.registry.indicators_of(titled.code) if i.layout == "column")
                self._issue("header.not_found", expected=expected)
                return self._empty_return(titled)
            return None
        label_col, first_data = self._find_label_column(form, anchor)
        if label_col is None:
            self._issue("row.no_total")
            return self._empty_return(form)
        header_top = self._header_top(anchor, label_col)
        header_rows = range(header_top, first_data)
        columns = self._columns(form, header_rows, label_col)
        signals = _signals(self.grid, header_top, self.sheet.name, self.file)
        district, period = self._district_and_period(signals)
        unit_line = self._unit_line(header_top)
        self._apply_units(columns, unit_line)
        observations, reported, last_row = self._rows(form, columns, label_col, first_data)
        observations += self._line_values(form, last_row)
        cells = [
            (r, c, text)
            for r, row in enumerate(self.sheet.rows)
            for c, v in enumerate(row)
            if v is not None and (text := v if type(v) is str else cell_text(v)).strip()
        ]
        return ParsedReturn(
            file=self.file,
            sheet=self.sheet.name,
            form=form.code,
            district=district.code if district else "",
            period=period.code if period else "",
            observations=observations,
            reported_rates=reported,
            issues=self.issues,
            cells=cells,
        )

    def _empty_return(self, form: Form) -> ParsedReturn:
        return ParsedReturn(self.file, self.sheet.name, form.code, "", "", [], [], self.issues, [])

    # --- structure ---------------------------------------------------------------------------

    def _find_label_column(self, form: Form, anchor: int) -> tuple[int | None, int]:
        """The column holding breakdown labels, and the first row below the header that has one."""
        width = self.sheet.width
        for r in range(anchor + 1, min(self.sheet.height, anchor + 8)):
            for c in range(width):
                t = self.grid.label(r, c)
                if t and self.registry.breakdown_for_label(form.dimension, t) is not None:
                    # The leftmost column with this label (a label merged across A:B counts once).
                    while c > 0 and self.grid.anchors.get((r, c)) is not None and self.grid.anchors[(r, c)][1] < c:
                        c = self.grid.anchors[(r, c)][1]
                    return c, r
        return None, anchor + 1

    def _header_top(self, anchor: int, label_col: int) -> int:
        """Walk up from the best header row while rows still look like header rows."""
        top = anchor
        while top > 0:
            r = top - 1
            text = self.grid.row_text(r)
            flat = _flat(text)
            if not text or _FILLER_LINE.search(flat) or _UNIT_LINE.search(flat):
                break
            if re.search(r"统计表|情况表|报表|^表[一二三四五六七八九十\d]", flat):
                break
            starts = [self.grid.anchors.get((r, c), (r, c))[1] for c in range(self.sheet.width) if self.grid.label(r, c)]
            distinct = {self.grid.label(r, c) for c in range(self.sheet.width) if self.grid.label(r, c)}
            # One text starting at the label column is a title; one text over the data columns
            # only (e.g. "本年累计") is the top row of a three-row header.
            if len(distinct) == 1 and min(starts) <= label_col:
                break
            top = r
        return top

    def _columns(self, form: Form, header_rows: range, label_col: int) -> list[_Column]:
        columns: list[_Column] = []
        seen: dict[str, int] = {}
        expected = "、".join(i.name for i in self.registry.indicators_of(form.code) if i.layout == "column")
        for c in range(label_col + 1, self.sheet.width):
            texts = _column_texts(self.grid, header_rows, c)
            # Labels merged across from the label column (e.g. "项目" over A:B) are not data columns.
            if not texts or all(self.grid.anchors.get((r, c), (r, c))[1] <= label_col for r in header_rows if self.grid.label(r, c)):
                continue
            indicator = _match_indicator(self.registry, form.code, texts)
            where_r = header_rows.stop - 1
            if indicator is None:
                joined = "".join(texts)
                if normalise_label(texts[-1]) in _LABEL_HEADER_WORDS:
                    continue
                other_form = any(
                    self.registry.indicator_for_label(f.code, texts[-1]) is not None for f in self.registry.forms
                )
                if other_form or any(w in joined for w in _EXTRA_COLUMN_WORDS):
                    self._issue("header.extra_column", where_r, c, label=joined, expected=expected)
                elif self._column_has_values(c, header_rows.stop):
                    self._issue("header.unknown_label", where_r, c, label=" / ".join(texts), expected=expected)
                continue
            if indicator.code in seen:
                self._issue(
                    "header.duplicate",
                    where_r,
                    c,
                    indicator=indicator.name,
                    first=cell_address(where_r, seen[indicator.code])[:-len(str(where_r + 1))] + "列",
                    second=cell_address(where_r, c)[:-len(str(where_r + 1))] + "列",
                )
                continue
            seen[indicator.code] = c
            units = [u for t in texts for u in _units_in(t)]
            columns.append(_Column(c, indicator, 1, " / ".join(texts), units[-1] if units else ""))
        for ind in self.registry.indicators_of(form.code):
            if ind.layout == "column" and not ind.derived and ind.code not in seen:
                self._issue("header.missing_indicator", indicator=ind.name)
        return columns

    def _column_has_values(self, c: int, first_data: int) -> bool:
        return any(self.grid.label(r, c) for r in range(first_data, self.sheet.height))

    def _unit_line(self, header_top: int) -> str:
        for r in range(header_top):
            m = _UNIT_LINE.search(_flat(self.grid.row_text(r)))
            if m:
                return m.group(1)
        return ""

    def _apply_units(self, columns: list[_Column], unit_line: str) -> None:
        line_units = [u for u in re.split(r"[、，,/]", unit_line) if u]
        line_money = next((u for u in line_units if u in _UNIT_FACTORS), "")
        for col in columns:
            ind = col.indicator
            label_unit = _normalise_unit(col.label_unit)
            if ind.is_money:
                if label_unit and label_unit not in _UNIT_FACTORS:
                    self._issue("unit.unknown", None, None, unit=col.label_unit)
                    continue
                if label_unit and line_money and label_unit != line_money:
                    self._issue("unit.conflict", label_unit=label_unit, line_unit=line_money)
                unit = label_unit or line_money or "元"
                col.factor = _UNIT_FACTORS[unit]
            elif label_unit.startswith("万") and label_unit[1:] == ind.unit:
                col.factor = 10_000

    def _district_and_period(self, signals: list[_Signal]) -> tuple[District | None, Period | None]:
        district, districts = _find_district(self.memo, signals)
        if len(districts) > 1:
            (d1, w1), (d2, w2) = districts[0], districts[1]
            self._issue("district.conflict", first=d1.name, first_where=w1, second=d2.name, second_where=w2)
        elif not districts:
            self._issue("district.unknown")
        quarters, bad = _find_period(self.memo, signals)
        period: Period | None = None
        if len(quarters) > 1:
            (p1, w1), (p2, w2) = quarters[0], quarters[1]
            self._issue("period.conflict", first=p1.label, first_where=w1, second=p2.label, second_where=w2)
        elif quarters:
            period = quarters[0][0]
        elif bad:
            self._issue("period.not_quarter", text=bad[0][0])
        else:
            self._issue("period.unknown")
        if district is not None and period is not None:
            first = Period.parse_code(district.first_period)
            if period < first:
                self._issue("district.not_started", district=district.name, first_period=first.label)
        return district, period

    # --- values ------------------------------------------------------------------------------

    def _row_label(self, r: int, label_col: int) -> str:
        # Labels sometimes sit one column right (an indented sub-item typed in column B).
        return self.grid.label(r, label_col)

    def _rows(
        self, form: Form, columns: list[_Column], label_col: int, first_data: int
    ) -> tuple[list[Observation], list[Observation], int]:
        observations: list[Observation] = []
        reported: list[Observation] = []
        seen: dict[str, int] = {}
        expected = "、".join(b.name for b in self.registry.breakdowns_of(form.dimension))
        r = first_data
        last = first_data
        for r in range(first_data, self.sheet.height):
            label = self._row_label(r, label_col)
            row = self.sheet.rows[r]
            has_values = any(col.col < len(row) and row[col.col] not in (None, "") for col in columns)
            if label and _FOOTER.search(_flat(label)):
                break
            if label and self._line_indicator(form, label) is not None:
                break
            if not label and not has_values:
                continue
            breakdown = self.registry.breakdown_for_label(form.dimension, label) if label else None
            if breakdown is None:
                if has_values:
                    self._issue("row.unknown_label", r, label_col, label=label or "（空白）", expected=expected)
                last = r
                continue
            if breakdown.code in seen:
                self._issue("row.duplicate", r, label_col, breakdown=breakdown.name, first=seen[breakdown.code] + 1, second=r + 1)
                continue
            seen[breakdown.code] = r
            last = r
            for col in columns:
                obs = self._value(r, col, breakdown)
                if obs is None:
                    continue
                (reported if col.indicator.derived else observations).append(obs)
        if "all" not in seen and seen:
            self._issue("row.no_total")
        return observations, reported, last

    def _value(self, r: int, col: _Column, breakdown: Breakdown) -> Observation | None:
        c = col.col
        ind = col.indicator
        if (r, c) in self.grid.anchors:
            ar, ac = self.grid.anchors[(r, c)]
            if self.sheet.value(ar, ac) not in (None, "") and ac != c:
                self._issue("value.merged", r, c, anchor=cell_address(ar, ac))
                return None
        raw = self.sheet.value(r, c)
        if not ind.derived and (whole := whole_number(raw, col.factor)) is not None:
            if whole < 0:
                self._issue("value.negative", r, c, value=cell_text(raw))
                return None
            return Observation(ind.code, breakdown.code, whole, cell_address(r, c))
        parsed = parse_number(raw)
        if parsed.error:
            self._issue(parsed.error, r, c, **parsed.params)
            return None
        assert parsed.value is not None
        if ind.derived:
            value = parsed.value
            if not parsed.percent and isinstance(raw, float) and value <= Decimal("1.5"):
                value = scale(value, 100)  # an Excel percentage cell holds 0.965 for 96.5%
            return Observation(ind.code, breakdown.code, value, cell_address(r, c))
        if parsed.percent:
            self._issue("value.percent", r, c, text=cell_text(raw), indicator=ind.name, unit=ind.unit)
            return None
        value = scale(parsed.value, col.factor)
        if value < 0:
            self._issue("value.negative", r, c, value=cell_text(raw))
            return None
        if not ind.is_money and value != value.to_integral_value():
            self._issue("value.not_integer", r, c, value=cell_text(raw), unit=ind.unit)
            return None
        if value.as_tuple().exponent < -MAX_DECIMALS:  # type: ignore[operator]
            self._issue("value.too_precise", r, c, text=cell_text(raw))
            return None
        return Observation(ind.code, breakdown.code, value, cell_address(r, c))

    def _line_indicator(self, form: Form, label: str) -> Indicator | None:
        head = re.split(r"[:：]", label, maxsplit=1)[0]
        found = self.registry.indicator_for_label(form.code, head)
        return found if found is not None and found.layout == "line" else None

    def _line_values(self, form: Form, after: int) -> list[Observation]:
        """Single-value lines below the table: "在档困难职工户数：1234户" or label | value | unit."""
        found: list[Observation] = []
        wanted = [i for i in self.registry.indicators_of(form.code) if i.layout == "line"]
        if not wanted:
            return found
        done: set[str] = set()
        for r in range(after + 1, self.sheet.height):
            for c in range(self.sheet.width):
                if (r, c) in self.grid.anchors:
                    continue
                text = cell_text(self.sheet.value(r, c)).strip()
                if not text:
                    continue
                ind = self._line_indicator(form, text)
                if ind is None or ind.code in done:
                    continue
                done.add(ind.code)
                obs = self._line_value(r, c, text, ind)
                if obs is not None:
                    found.append(obs)
        for ind in wanted:
            if ind.code not in done:
                self._issue("header.missing_indicator", indicator=ind.name)
        return found

    def _line_value(self, r: int, c: int, text: str, ind: Indicator) -> Observation | None:
        parts = re.split(r"[:：]", text, maxsplit=1)
        if len(parts) == 2 and parts[1].strip():
            raw: object = parts[1].strip()
            vr, vc = r, c
        else:
            vc = next((k for k in range(c + 1, self.sheet.width) if cell_text(self.sheet.value(r, k)).strip()), -1)
            if vc < 0:
                self._issue("value.not_number", r, c, text=text)
                return None
            vr, raw = r, self.sheet.value(r, vc)
        if isinstance(raw, str):
            raw = re.sub(rf"\s*{re.escape(ind.unit)}\s*$", "", raw.strip())
        parsed = parse_number(raw)  # type: ignore[arg-type]
        if parsed.error or parsed.value is None:
            self._issue(parsed.error or "value.not_number", vr, vc, **(parsed.params or {"text": text}))
            return None
        if parsed.value < 0:
            self._issue("value.negative", vr, vc, value=cell_text(raw))  # type: ignore[arg-type]
            return None
        if parsed.value != parsed.value.to_integral_value():
            self._issue("value.not_integer", vr, vc, value=cell_text(raw), unit=ind.unit)  # type: ignore[arg-type]
            return None
        return Observation(ind.code, "all", parsed.value, cell_address(vr, vc))


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


def _normalise_unit(unit: str) -> str:
    unit = _flat(unit).replace("单位", "").strip(":：")
    return unit


def _has_numbers(sheet: Sheet) -> bool:
    if sheet.rest is not None:
        return sheet.rest.has_numbers()
    return any(isinstance(v, (int, float)) and not isinstance(v, bool) for row in sheet.rows for v in row)


def parse_workbook(workbook: Workbook, registry: Registry, limits: Limits = Limits()) -> WorkbookResult:
    """Every return in a workbook. Sheets that are no return are reported and skipped.

    A big sheet the reader handed over as its first rows is read whole only if those rows say it may be
    a return, and only up to `limits.max_cells_per_sheet`: beyond that the file is refused, never cut.
    """
    result = WorkbookResult()
    memo = _TextMemo(registry)
    for sheet in workbook.sheets:
        if not sheet.rows and (sheet.rest is None or not sheet.rest.cells):
            continue
        parser = SheetParser(registry, workbook.display_name, sheet, memo)
        if sheet.rest is not None and parser.could_be_return():
            if sheet.rest.cells > limits.max_cells_per_sheet:
                result.issues.append(issue("sheet.too_large", workbook.display_name, sheet.name,
                                           count=f"{sheet.rest.cells:,}", limit=f"{limits.max_cells_per_sheet:,}"))
                continue
            sheet.read_whole()
            parser = SheetParser(registry, workbook.display_name, sheet, memo)
        parsed = parser.parse() if sheet.rest is None else None
        if parsed is None:
            # A sheet of numbers that is no return may be data the district meant to send: say so.
            # A sheet of text only (填表说明, 下拉选项) is not worth a warning.
            if _has_numbers(sheet):
                result.issues.append(issue("sheet.not_return", workbook.display_name, sheet.name, sheet_name=sheet.name))
            continue
        result.returns.append(parsed)
    if not result.returns and not result.has_errors:
        result.issues.append(issue("form.no_returns", workbook.display_name))
    return result
