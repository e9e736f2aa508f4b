"""Sheets -> returns: find each form's table, whose return it is and for which period, and turn its
cells into observations.

Nothing is guessed. A header or label nobody knows, a value that is not a number, two signals naming
different districts: each becomes an Issue naming file › sheet › cell. A table whose columns are not
recognised, or that holds fewer than half of its form's indicators, is an error: never half a form
stored quietly. Values are Decimals scaled exactly to the dictionary's unit (money in 元).

The parts: `table` finds tables (header rows, label column, columns), `match` reads headers, labels
and districts by meaning (with the aliases analysts taught), `identity` finds district and period,
`cells` turns one cell into a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from pipelines.cells import CellProblem, line_value, table_value
from pipelines.config import Limits
from pipelines.grid import CellValue, ErrorValue, MergedRange, Sheet, Workbook, cell_address, cell_text, has_value
from pipelines.identity import Signal, TextMemo, find_district, find_period, signals
from pipelines.issues import Issue, issue
from pipelines.match import Aliases, Candidate, Matcher
from pipelines.periods import Period
from pipelines.registry import Breakdown, District, Form, Registry, normalise_label, without_gloss
from pipelines.table import (
    FOOTER,
    FRAME_WORDS,
    UNIT_LINE,
    UNIT_WORD,
    Column,
    Grid,
    Table,
    TableFinder,
    flat,
    is_number,
    title_form,
)

_UNIT_FACTORS = {"元": 1, "万元": 10_000, "亿元": 100_000_000, "千元": 1_000, "百万元": 1_000_000}
# A row that starts another table's title block ends the table above it (forms stacked on one sheet).
_NEXT_TABLE = re.compile(r"^(填报单位|填表单位|报送单位|单位名称|(金额)?单位[:：]|表[一二三四五六七八九十\d]+[\s:：、—-]*\S*(情况|统计)|.*(统计表|情况表)$)")
# Below this share of its form's indicators a table is not stored at all.
MIN_INDICATOR_SHARE = 0.5


@dataclass(frozen=True)
class Observation:
    indicator: str
    breakdown: str
    value: Decimal
    cell: str  # A1 address in the source sheet


@dataclass(frozen=True)
class Unplaced:
    """A header or row label the pipeline could not place: the review asks the analyst about it."""

    kind: str  # "header" or "row"
    scope: str  # form code (header) or dimension (row)
    text: str
    cell: str
    candidates: tuple[Candidate, ...]


@dataclass
class ParsedReturn:
    """One form of one district for one period, read from one table of one sheet."""

    file: str
    sheet: str
    form: str
    district: str
    period: str
    observations: list[Observation]
    reported_rates: list[Observation]  # rates as the district computed them; checked, never stored as data
    issues: list[Issue]
    cells: list[tuple[int, int, str]]  # the raw grid of the table's area: every non-empty cell as text
    missing: list[str] = field(default_factory=list)  # indicators of the form the table does not have
    unplaced: list[Unplaced] = field(default_factory=list)

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


def _normalise_unit(unit: str) -> str:
    return flat(unit).replace("单位", "").strip(":：")


class SheetParser:
    """Reads every table of one sheet; collects issues instead of raising."""

    def __init__(self, registry: Registry, file_name: str, sheet: Sheet, memo: TextMemo | None = None, matcher: Matcher | None = None,
                 transposed_from: Sheet | None = None):
        self.registry = registry
        # A table laid out the other way round (indicators down the rows, breakdowns across) is read
        # from the transposed sheet; addresses and title rows still come from the sheet as it is.
        self.original = transposed_from or sheet
        self.transposed = transposed_from is not None
        self.matcher = matcher or Matcher(registry)
        self.memo = memo or TextMemo(self.matcher)
        self.file = file_name
        self.sheet = sheet
        self.grid = Grid(sheet)
        self._ends: dict[int, tuple[Table, int]] = {}  # id(table) -> (table, its last data row)
        self._kinds: dict[tuple[int, int], tuple[Table, str]] = {}  # (id(table), row) -> (table, the row's kind)
        # Aliases are taught per district: read the sheet with its district's, when the top rows, the
        # sheet name and the file name name one district.
        if self.matcher.aliases.entries:
            top = [(r, self.grid.row_text(r)) for r in range(min(sheet.height, 12))]
            district, _ = find_district(self.memo, signals(top, sheet.name, file_name))
            if district is not None:
                self.matcher = self.matcher.for_district(district.code)
        self.finder = TableFinder(registry, self.matcher, self.grid)

    def addr(self, r: int, c: int) -> str:
        return cell_address(c, r) if self.transposed else cell_address(r, c)

    def tables(self) -> list[Table]:
        found: list[Table] = []
        start = 0
        while (table := self.finder.find(start)) is not None:
            found.append(table)
            start = self._table_end(table) + 1
        return found

    def could_be_return(self) -> bool:
        """Whether the first rows show a table or a title naming a form (a big sheet is then read whole)."""
        # A header naming indicators is not enough: a 基层工会名册 has 职工人数 and 会员人数 columns too,
        # but its rows are units, not the form's breakdowns. A return's table has both.
        if TableFinder(self.registry, self.matcher, self.grid).find(0) is not None:
            return True
        return self._titled() is not None

    def _titled(self) -> Form | None:
        title = " ".join(self.grid.row_text(r) for r in range(min(self.sheet.height, 6))) + " " + self.sheet.name
        return title_form(self.registry, title)

    def parse(self) -> list[ParsedReturn] | None:
        """Every return on the sheet; None when the sheet is not a return at all."""
        if self._pivot():
            return None
        found = self.tables()
        tables = [t for t in found if not self._ledger(t)]
        if found and not tables:
            return None  # a ledger only: skipped, and said so (sheet.not_return)
        if not tables and not self.transposed and self.sheet.height * self.sheet.width <= 40_000:
            flipped = SheetParser(self.registry, self.file, transpose(self.sheet), self.memo, self.matcher, transposed_from=self.sheet)
            if flipped.tables():
                return flipped.parse()
        if not tables:
            titled = self._titled()
            if titled is None or not _has_numbers(self.sheet):
                return None
            return [self._unrecognised(titled)]
        returns = []
        beside = [t.span_end for t in tables if t.span_end is not None]
        if beside:
            # Forms side by side: the tables right of this column are read from the sheet without its left part.
            right = SheetParser(self.registry, self.file, _without_left(self.sheet, min(beside), min(t.top for t in tables)),
                                self.memo, self.matcher)
            returns.extend(right.parse() or [])
        ends = [self._table_end(t) for t in tables]
        for i, table in enumerate(tables):
            floor = ends[i - 1] + 1 if i else 0
            ceiling = tables[i + 1].top if i + 1 < len(tables) else self.sheet.height
            returns.append(_TableReader(self, table, floor, ceiling, first_top=tables[0].top).read())
        return returns

    def _pivot(self) -> bool:
        """A pivot table (数据透视表: 行标签, 求和项:…) summarising a working sheet: never a return."""
        return any(PIVOT_WORDS.match(flat(t)) for r in range(min(self.sheet.height, 12)) for _, t in self.grid.texts(r))

    def _ledger(self, table: Table) -> bool:
        """A working ledger (明细, 台账: a row per unit, its 单位类型 in a column) that only looks like the form:
        one breakdown on three rows or more and no 合计 row. A return with a row written twice is not one."""
        counts: dict[str, int] = {}
        for r in range(table.first_data, self._table_end(table) + 1):
            if r in table.skip_rows or self._row_kind(table, r) != "data":
                continue
            label = self.grid.label(r, table.label_col)
            code = self.matcher.breakdown(table.form.dimension, label).code if label else None
            if code:
                counts[code] = counts.get(code, 0) + 1
        return "all" not in counts and max(counts.values(), default=0) >= 3

    def _unrecognised(self, form: Form) -> ParsedReturn:
        """A sheet titled as a form whose header names too few of its indicators."""
        rows = [r for r in range(min(self.sheet.height, 12)) if self.grid.row_text(r)]
        seen = "；".join(f"第{r + 1}行：{self.grid.row_text(r)[:60]}" for r in rows[:6])
        expected = "、".join(i.name for i in self.registry.indicators_of(form.code) if i.layout != "none" and not i.derived)
        issues = [issue("header.unrecognised", self.file, self.sheet.name, rows="前 12 行", found=f"没有一列能确定（读到 {seen}）", expected=expected)]
        return ParsedReturn(self.file, self.sheet.name, form.code, "", "", [], [], issues, [])

    def _table_end(self, table: Table) -> int:
        """The last row of the table's data (rows end where data rows end; footers end them too).

        Asked three times per table (finding the next table, the area of each, the notes below it),
        always before its reader changes anything: worked out once."""
        known = self._ends.get(id(table))
        if known is not None and known[0] is table:
            return known[1]
        last = self._find_end(table)
        self._ends[id(table)] = (table, last)
        return last

    def _find_end(self, table: Table) -> int:
        last = table.first_data
        blank_run = 0
        for r in range(table.first_data, self.sheet.height):
            if r in table.skip_rows:
                continue
            kind = self._row_kind(table, r)
            if kind == "stop":
                break
            if kind == "blank":
                blank_run += 1
                if blank_run > 20:
                    break
                continue
            blank_run = 0
            if kind == "data":
                last = r
        return last

    def _repeats_header(self, table: Table, r: int, texts: list[tuple[int, str]]) -> bool:
        """Whether row r, below the header, is one of the header's rows again, cell for cell (a sheet
        printed on several pages with 打印标题 typed in, or copied from a printout)."""
        if r <= table.first_data:
            return False
        row = _header_texts(table, texts)
        if len(row) < 2:
            return False
        return any(row == _header_texts(table, self.grid.texts(h)) for h in table.header_rows)

    def _row_kind(self, table: Table, r: int) -> str:
        """data (a breakdown label or values), blank, note (text only), or stop (footer, next table).

        Asked twice per row (where the table ends, then its rows), of a table no longer changed: once."""
        known = self._kinds.get((id(table), r))
        if known is not None and known[0] is table:
            return known[1]
        kind = self._kind_of(table, r)
        self._kinds[(id(table), r)] = (table, kind)
        return kind

    def _kind_of(self, table: Table, r: int) -> str:
        texts = self.grid.texts(r)
        if not texts and not any(self.grid.label(r, col.col) for col in table.columns):
            return "blank"
        if self._repeats_header(table, r, texts):
            return "note"  # the header printed again at the top of the next page: the table goes on
        span = max((col.col for col in table.columns), default=table.label_col)
        for c, t in texts:
            if c > span or not table.spans(c):
                continue
            f = flat(t)
            if FOOTER.search(f) or _NEXT_TABLE.search(f) or self.matcher.line_indicator(table.form.code, t) is not None:
                return "stop"
        if r > table.first_data and self.finder.row_form(r, table.span_end)[1] >= 2:
            return "stop"  # the header of the next table
        label = self.grid.label(r, table.label_col)
        if label and self.matcher.breakdown(table.form.dimension, label).code:
            return "data"
        if label and normalise_label(label) in FRAME_WORDS:
            return "note"  # a 代码 or 计量单位 line of a transposed official form
        if label and normalise_label(label) in _indicator_names(self.registry, table.form.code):
            return "stop"  # a line naming one of the form's indicators ("涉及行业数（个）") is no breakdown
        row = self.grid.row(r)
        # A row without a known label is data only if it holds numbers (or errors) in the table's columns.
        if any(col.col < len(row) and (is_number(row[col.col]) or isinstance(row[col.col], ErrorValue)) for col in table.columns):
            return "data"
        return "note"


_PART = re.compile(r"^\s*(?:其中|[#＃])")
PIVOT_WORDS = re.compile(r"^(?:行标签|列标签|求和项[:：]|计数项[:：]|平均值项[:：]|RowLabels|Sumof)", re.I)


def _header_texts(table: Table, texts: list[tuple[int, str]]) -> dict[int, str]:
    return {c: flat(t) for c, t in texts if c >= table.label_col and table.spans(c) and flat(t)}


@cache
def _indicator_names(registry: Registry, form: str) -> frozenset[str]:
    """The form's indicators' names and synonyms, normalised as labels are."""
    return frozenset(normalise_label(n) for i in registry.indicators_of(form) for n in (i.name, *i.synonyms))


def _has_numbers(sheet: Sheet) -> bool:
    if sheet.rest is not None:
        return sheet.rest.has_numbers()
    return any(isinstance(v, (int, float)) and not isinstance(v, bool) for row in sheet.rows for v in row)


class _TableReader:
    """One table -> one ParsedReturn."""

    def __init__(self, parser: SheetParser, table: Table, floor: int, ceiling: int, first_top: int):
        self.p = parser
        self.t = table
        self.floor = floor  # first row of this table's area (its title rows)
        self.ceiling = ceiling  # first row of the next table
        self.first_top = first_top
        self.issues: list[Issue] = []
        self.unplaced: list[Unplaced] = []

    def _issue(self, code: str, r: int | None = None, c: int | None = None, **params: object) -> None:
        cell = self.p.addr(r, c) if r is not None and c is not None else ""
        self.issues.append(issue(code, self.p.file, self.p.sheet.name, cell, **params))

    def read(self) -> ParsedReturn:
        p, t = self.p, self.t
        form = t.form
        title_rows = [(r, p.grid.row_text(r)) for r in range(self.floor, t.top)]
        if p.transposed:
            top = Grid(p.original)
            title_rows = [(r, top.row_text(r)) for r in range(min(p.original.height, t.label_col))]
        elif self.floor > 0:  # a stacked table: the sheet's own title and 填报单位 line speak for it too
            title_rows = [(r, p.grid.row_text(r)) for r in range(0, min(self.first_top, self.floor))] + title_rows
        found_in = signals(title_rows, p.sheet.name, p.file)
        end = p._table_end(t)
        below = [(r, p.grid.row_text(r)) for r in range(end + 1, min(self.ceiling, end + 16, p.sheet.height))]
        district, period = self._district_and_period(form, found_in, signals(below, "", "")[:-2])
        self._report_columns()
        unit_line = self._unit_line(title_rows)
        self._apply_units(unit_line)
        observations, reported, last = self._rows()
        observations += self._line_values(last)
        missing = self._check_coverage(observations)
        grid_rows = range(min(self.floor, t.top), min(self.ceiling, last + 12, p.sheet.height))
        cells = [
            ((c, r) if p.transposed else (r, c)) + (text[:2000],)
            for r in grid_rows
            for c, v in enumerate(p.grid.row(r))
            if v is not None and (text := v if type(v) is str else cell_text(v)).strip()
        ]
        return ParsedReturn(
            file=p.file,
            sheet=p.sheet.name,
            form=form.code,
            district=district.code if district else "",
            period=period.code if period else "",
            observations=observations,
            reported_rates=reported,
            issues=self.issues,
            cells=cells,
            missing=missing,
            unplaced=self.unplaced,
        )

    # --- identity ----------------------------------------------------------------------------

    def _district_and_period(self, form: Form, found_in: list[Signal], fallback: list[Signal]) -> tuple[District | None, Period | None]:
        """From the title rows, sheet and file name; the notes under the table (填报说明：统计时段…)
        speak only when those say nothing."""
        memo = self.p.memo
        if not find_district(memo, found_in)[1]:
            found_in = [*found_in, *fallback]
        elif not (find_period(memo, found_in).quarters or find_period(memo, found_in).not_quarter):
            found_in = [*found_in, *(s for s in fallback if not memo.districts_in(s.text))]
        district, districts = find_district(memo, found_in)
        if len(districts) > 1:
            (d1, w1), (d2, w2) = districts[0], districts[1]
            self._issue("district.conflict", first=d1.name, first_where=w1, second=d2.name, second_where=w2)
        elif not districts:
            self._issue("district.unknown")
            # A 填报单位 line naming a unit the registry does not know ("示例新区工会"): the review asks
            # which district it is, and remembers the answer.
            for sig in found_in:
                named = re.search(r"(?:填报单位|填表单位|报送单位|单位名称)(?:（盖章）|\(盖章\))?[:：]\s*([^\s　:：]{2,30})", sig.text)
                if sig.where.startswith("填报单位行") and named:
                    self.unplaced.append(Unplaced("district", "", named.group(1), "", ()))
                    break
        finding = find_period(memo, found_in)
        period: Period | None = None
        if len(finding.quarters) > 1:
            (p1, w1), (p2, w2) = finding.quarters[0], finding.quarters[1]
            self._issue("period.conflict", first=p1.label, first_where=w1, second=p2.label, second_where=w2)
        elif finding.quarters:
            period, where = finding.quarters[0]
            dated = self.t.header_period
            if dated is not None and dated.period != period:
                # The header dates this year's column (2026.01-06 beside 2025.01-06): it must be the return's.
                row = self.t.header_rows[-1] if self.t.header_rows else self.t.anchor
                self._issue("period.conflict", first=period.label, first_where=where, second=dated.period.label,
                            second_where=f"表头 {self.p.addr(row, dated.col)}“{dated.text}”")
                period = None
        elif finding.not_quarter:
            self._issue("period.not_quarter", text=finding.not_quarter[0][0])
        else:
            self._issue("period.unknown")
        if period is not None and finding.quarter_flow and _year_to_date(self.p.registry, form) and period.quarter != 1:
            text, where = finding.quarter_flow[0]
            self._issue("period.quarter_flow", form=form.title, text=text, where=where)
        if district is not None and period is not None:
            first = Period.parse_code(district.first_period)
            if period < first:
                self._issue("district.not_started", district=district.name, first_period=first.label)
        return district, period

    # --- header ------------------------------------------------------------------------------

    def _report_columns(self) -> None:
        t = self.t
        expected = "、".join(i.name for i in self.p.registry.indicators_of(t.form.code) if i.layout == "column")
        for u in t.unknown:
            self._issue("header.unknown_label", u.row, u.col, label=u.label, expected=expected)
            self.unplaced.append(Unplaced("header", t.form.code, u.label, self.p.addr(u.row, u.col), u.candidates))
        for u in t.ambiguous:
            names = "“" + "”或“".join(c.name for c in u.candidates[:3]) + "”"
            self._issue("header.ambiguous", u.row, u.col, label=u.label, candidates=names)
            self.unplaced.append(Unplaced("header", t.form.code, u.label, self.p.addr(u.row, u.col), u.candidates))
        where = t.header_rows[-1] if t.header_rows else t.anchor
        if len(t.extra) == 1:
            c, label = t.extra[0]
            self._issue("header.extra_column", where, c, label=label, expected=expected)
        elif t.extra:
            # 上年同期, 同比, 占比 … beside every indicator: one note for the table, not one per column.
            (c, _), (last, _) = t.extra[0], t.extra[-1]
            labels = "、".join(dict.fromkeys(label.split(" / ")[-1] for _, label in t.extra))
            self._issue("header.extra_columns", where, c, count=len(t.extra), labels=labels,
                        first=self.p.addr(where, c), last=self.p.addr(where, last))

    def _unit_line(self, title_rows: list[tuple[int, str]]) -> str:
        for _, text in title_rows:
            m = UNIT_LINE.search(flat(text))
            if m:
                return m.group(1)
        return ""

    def _apply_units(self, unit_line: str) -> None:
        line_units = [u for u in re.split(r"[、，,/]", unit_line) if u]
        line_money = next((u for u in line_units if u in _UNIT_FACTORS), "")
        # Money columns of one table share a unit stated over some of them only ("帮扶金额（万元）" beside
        # "资金来源 / 工会经费"), when the ones that state it agree.
        stated = {_normalise_unit(col.label_unit) for col in self.t.columns if col.indicator.is_money and col.label_unit}
        shared = next(iter(stated)) if len(stated) == 1 and next(iter(stated)) in _UNIT_FACTORS else ""
        for col in self.t.columns:
            ind = col.indicator
            label_unit = _normalise_unit(col.label_unit)
            if ind.is_money:
                if label_unit and label_unit not in _UNIT_FACTORS:
                    self._issue("unit.unknown", unit=col.label_unit)
                    continue
                if label_unit and line_money and label_unit != line_money:
                    self._issue("unit.conflict", label_unit=label_unit, line_unit=line_money)
                col.factor = _UNIT_FACTORS[label_unit or line_money or shared or "元"]
            elif label_unit.startswith("万") and label_unit[1:] == ind.unit:
                col.factor = 10_000

    # --- values ------------------------------------------------------------------------------

    def _rows(self) -> tuple[list[Observation], list[Observation], int]:
        p, t = self.p, self.t
        observations: list[Observation] = []
        reported: list[Observation] = []
        seen: dict[str, int] = {}
        expected = "、".join(b.name for b in p.registry.breakdowns_of(t.form.dimension))
        parent: Breakdown | None = None  # the breakdown of the last data row: what a 其中 row below is part of
        rows = p.registry.breakdowns_of(t.form.dimension)
        leaves = {b.code for b in rows if b.parent == "all" and not any(c.parent == b.code for c in rows)}
        last = t.first_data
        for r in range(t.first_data, min(self.ceiling, p.sheet.height)):
            if r in t.skip_rows:
                continue
            kind = p._row_kind(t, r)
            if kind == "stop":
                break
            if kind != "data":
                continue
            last = r
            covered = p.grid.anchor(r, t.label_col)
            if covered is not None and covered[0] < r and not self._numbers_of_its_own(r):
                continue  # the lower half of a label merged over two rows: one data row, not two
            label = p.grid.label(r, t.label_col)
            match = p.matcher.breakdown(t.form.dimension, label) if label else None
            known = match is not None and match.code is not None and not (match.taught and match.code == "")
            close = bool(match and match.candidates and match.candidates[0].score >= 0.5)
            if (label and parent is not None and parent.code in leaves and _PART.match(without_gloss(label))
                    and ((not known and not close) or (match and match.code == parent.code))):
                # 其中：港澳台企业 under 非公有制企业: a part of the row above that the form does not have. The
                # row above holds the whole; the part is said, not stored, and never a second 非公有制企业.
                # Only under a row of the form's first level without sub-rows of its own, and only for a label
                # like none of the form's rows: a misspelt 其中：货车司机 stays an error, never a row left out.
                self._issue("row.extra_part", r, t.label_col, label=label, parent=parent.name)
                continue
            if match is None or match.code is None:
                self._issue("row.unknown_label", r, t.label_col, label=label or "（空白）", expected=expected)
                self.unplaced.append(Unplaced("row", t.form.dimension, label, self.p.addr(r, t.label_col),
                                              match.candidates if match else ()))
                continue
            if match.taught and match.code == "":
                continue
            breakdown = p.registry.breakdown(t.form.dimension, match.code)
            if breakdown.code in seen:
                self._issue("row.duplicate", r, t.label_col, breakdown=breakdown.name, first=seen[breakdown.code] + 1, second=r + 1)
                continue
            seen[breakdown.code] = r
            parent = breakdown if breakdown.code != "all" else None
            for col in t.columns:
                obs = self._value(r, col, breakdown.code)
                if obs is not None:
                    (reported if col.indicator.derived else observations).append(obs)
        if "all" not in seen and seen:
            self._issue("row.no_total")
        return observations, reported, last

    def _numbers_of_its_own(self, r: int) -> bool:
        """Whether row r holds values of its own in the table's columns (not cells merged from above)."""
        grid = self.p.grid
        return any(has_value(grid.sheet.value(r, col.col)) and grid.anchor(r, col.col) is None for col in self.t.columns)

    def _value(self, r: int, col: Column, breakdown: str) -> Observation | None:
        c = col.col
        anchor = self.p.grid.anchor(r, c)
        if anchor is not None:
            ar, ac = anchor
            if has_value(self.p.sheet.value(ar, ac)) and ac != c:
                self._issue("value.merged", r, c, anchor=self.p.addr(ar, ac))
                return None
        result = table_value(self.p.sheet.value(r, c), col.indicator, col.factor)
        if isinstance(result, CellProblem):
            self._issue(result.code, r, c, **result.params)
            return None
        return Observation(col.indicator.code, breakdown, result, self.p.addr(r, c))

    def _line_values(self, after: int) -> list[Observation]:
        """Single-value lines below the table: "在档困难职工户数：1234户" or label | value | unit."""
        p, t = self.p, self.t
        found: list[Observation] = []
        wanted = [i for i in p.registry.indicators_of(t.form.code) if i.layout == "line"]
        if not wanted:
            return found
        done: set[str] = set()
        for r in range(after + 1, min(self.ceiling, after + 40, p.sheet.height)):
            for c, text in p.grid.texts(r):
                # One cell may hold several lines as a sentence: "在档困难职工户数：293户；本年解困脱困户数：26户。"
                clauses = [x for x in re.split(r"[；;。\n]", text) if x.strip()] if re.search(r"[:：]", text) else [text]
                for clause in clauses:
                    ind = p.matcher.line_indicator(t.form.code, clause)
                    if ind is None or ind.code in done:
                        continue
                    done.add(ind.code)
                    parts = re.split(r"[:：]", clause, maxsplit=1)
                    if len(parts) == 2 and parts[1].strip():
                        raw: object = parts[1].strip().rstrip("，,")
                        vr, vc = r, c
                    else:
                        vc = self._line_cell(r, c)
                        if vc < 0:
                            self._issue("value.not_number", r, c, text=clause)
                            continue
                        vr, raw = r, p.sheet.value(r, vc)
                    result = line_value(raw, ind)  # type: ignore[arg-type]
                    if isinstance(result, CellProblem):
                        self._issue(result.code, vr, vc, **result.params)
                        continue
                    found.append(Observation(ind.code, "all", result, self.p.addr(vr, vc)))
        return found

    def _line_cell(self, r: int, c: int) -> int:
        """The value of a line label at (r, c): the last filled cell right of it before the next label,
        skipping a 代码 or 计量单位 cell ("在档困难职工户数 | 09 | 户 | 185")."""
        p = self.p
        found = -1
        beside = {k for k, _ in self.t.extra}  # 上年同期, 同比 … columns: not this return's figure
        for k, v in enumerate(p.grid.row(r)):
            if k <= c or not has_value(v) or p.grid.anchor(r, k) is not None or k in beside or not self.t.spans(k):
                continue
            text = cell_text(v).strip()
            if isinstance(v, str) and not isinstance(v, ErrorValue) and p.matcher.line_indicator(self.t.form.code, text) is not None:
                break
            if isinstance(v, str) and (UNIT_WORD.fullmatch(flat(text)) or normalise_label(text) in FRAME_WORDS):
                continue  # a 计量单位 cell ("户") or a heading of the small table
            found = k
        return found

    def _check_coverage(self, observations: list[Observation]) -> list[str]:
        """Fewer than half of the form's indicators is an error; a few missing is a loud warning."""
        p, t = self.p, self.t
        wanted = [i for i in p.registry.indicators_of(t.form.code) if i.layout in ("column", "line") and not i.derived]
        present = {col.indicator.code for col in t.columns} | {o.indicator for o in observations}
        missing = [i for i in wanted if i.code not in present]
        if len(wanted) - len(missing) < MIN_INDICATOR_SHARE * len(wanted):
            rows = f"第 {t.top + 1}–{t.first_data} 行" if t.first_data - 1 > t.top else f"第 {t.top + 1} 行"
            found = "、".join(f"{col.label}→{col.indicator.name}" for col in t.columns if not col.indicator.derived) or "没有"
            expected = "、".join(i.name for i in wanted)
            self._issue("header.unrecognised", rows=rows, found=f"只认出 {len(wanted) - len(missing)}/{len(wanted)} 个（{found}）", expected=expected)
        else:
            for ind in missing:
                self._issue("header.missing_indicator", indicator=ind.name)
        return [i.code for i in missing]


def _without_left(sheet: Sheet, column: int, from_row: int) -> Sheet:
    """The sheet with the cells left of `column` emptied from `from_row` down (rows above it are the
    sheet's own title and 填报单位 line, shared by the tables side by side)."""
    rows = [row if r < from_row else [None] * min(column, len(row)) + row[column:] for r, row in enumerate(sheet.rows)]
    merged = [m for m in sheet.merged if m.last_row < from_row or m.first_col >= column]
    return Sheet(sheet.name, rows, merged, sheet.hidden)


def transpose(sheet: Sheet) -> Sheet:
    """The sheet with rows and columns swapped (merges too)."""
    columns: list[list[CellValue]] = [[] for _ in range(sheet.width)]
    for r, row in enumerate(sheet.rows):
        for c, v in enumerate(row):
            if v is not None:
                col = columns[c]
                col.extend([None] * (r + 1 - len(col)))
                col[r] = v
    merged = [MergedRange(m.first_col, m.first_row, m.last_col, m.last_row) for m in sheet.merged]
    return Sheet(sheet.name, columns, merged, sheet.hidden)


def _year_to_date(registry: Registry, form: Form) -> bool:
    """A form whose table columns are all year-to-date figures (表三, 表四)."""
    kinds = {i.kind for i in registry.indicators_of(form.code) if i.layout == "column" and not i.derived}
    return kinds == {"Y"}


def parse_workbook(workbook: Workbook, registry: Registry, limits: Limits = Limits(), aliases: Aliases | None = None,
                   memo: TextMemo | None = None) -> WorkbookResult:
    """Every return in a workbook. Sheets that are no return are reported and skipped.

    A big sheet the reader handed over as its first rows is read whole only if those rows say it may be
    a return, and only up to `limits.max_cells_per_sheet`: beyond that the file is refused, never cut.
    `memo` (with its matcher, for the same registry and aliases) may be shared by the workbooks of an
    upload: their texts repeat (row labels, headers, lines); else one is made for this workbook.
    """
    result = WorkbookResult()
    if memo is None or memo.matcher.registry is not registry or (aliases is not None and memo.matcher.aliases is not aliases):
        memo = TextMemo(Matcher(registry, aliases))
    matcher = memo.matcher
    for sheet in workbook.sheets:
        if not sheet.rows and (sheet.rest is None or not sheet.rest.cells):
            continue
        parser = SheetParser(registry, workbook.display_name, sheet, memo, matcher)
        if sheet.rest is not None:
            if not parser.could_be_return():
                if sheet.rest.has_numbers():
                    result.issues.append(issue("sheet.not_return", workbook.display_name, sheet.name, sheet_name=sheet.name))
                continue
            if sheet.rest.cells > limits.max_cells_per_sheet:
                result.issues.append(issue("sheet.too_large", workbook.display_name, sheet.name,
                                           count=f"{sheet.rest.cells:,}", limit=f"{limits.max_cells_per_sheet:,}"))
                continue
            sheet.read_whole()
            parser = SheetParser(registry, workbook.display_name, sheet, memo, matcher)
        parsed = parser.parse()
        if parsed is None:
            # A sheet of numbers that is no return may be data the district meant to send: say so.
            # A sheet of text only (填表说明, 下拉选项) is not worth a warning.
            if _has_numbers(sheet):
                result.issues.append(issue("sheet.not_return", workbook.display_name, sheet.name, sheet_name=sheet.name))
            continue
        result.returns.extend(parsed)
    if not result.returns and not result.has_errors:
        result.issues.append(issue("form.no_returns", workbook.display_name))
    return result
