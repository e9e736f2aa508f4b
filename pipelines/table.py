"""Finding the tables on a sheet by their content: header rows, label column, data columns, units.

A table is anchored at a row that names at least two indicators of one form. Its data rows start
where numbers start (not where a word like 合计 first appears: 合计/小计/总计 inside a grouped header
are header words); the header is everything from the top of that block down to the first data row,
less a 栏次 row (甲 | 乙 | 1 | 2 | 3 …). The label column is the one whose cells below the header
name the form's breakdowns. Several forms stacked on one sheet are several tables, found one after
the other. Work is bounded by the filled cells, never by a sheet's declared size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.grid import CellValue, ErrorValue, Sheet, cell_text, has_value
from pipelines.match import Candidate, Matcher
from pipelines.numbers import parse_number
from pipelines.periods import Period, find_periods
from pipelines.registry import Form, Indicator, Registry, normalise_label

MAX_SCAN_ROWS = 2000  # header rows are looked for this far down a sheet (stacked forms included)
MAX_HEADER_DEPTH = 8  # rows between a header anchor and the first data row
MAX_LABEL_TEXT = 60  # longer texts are titles or notes, never a header or a row label
_SMALL_MERGE = 4096  # merges up to this many cells are indexed cell by cell

_SPACES = re.compile(r"[\s\u3000]+")
FOOTER = re.compile(
    r"^(填表人|填报人|制表人|制表|审核人|审核|负责人|单位负责人|分管领导|联系人|联系电话|电话|手机|注[:：]|注\d|注$|"
    r"说明[:：]|备注[:：]|资料来源|数据来源|填报日期|报送日期|填表日期|报出日期|统计负责人|单位盖章)"
)
UNIT_LINE = re.compile(r"(?:金额)?单位[:：]\s*([^\s，,。;；]*(?:[、，,][^\s，,。;；]+)*)")
UNIT_WORD = re.compile(r"(?:计量单位[:：]?)?(?:元|万元|亿元|千元|人|人次|万人|户|个|项|家|条|件|次|%|％|—|-|/|——)")
_TITLE = re.compile(r"统计表|情况表|报表|^表[一二三四五六七八九十\d]")
# Columns every official form may have that are not data: never reported.
_FRAME_COLUMNS = {"序号", "代码", "行次", "栏次", "计量单位", "单位", "编号", "甲", "乙", "丙"}
FRAME_WORDS = frozenset(_FRAME_COLUMNS)
# Columns a district adds that are not part of the form: reported as not imported.
EXTRA_COLUMN_WORDS = ("备注", "同比", "增长", "上年", "去年", "说明", "排名", "环比", "比上年", "增减", "占比", "比例")
# Words of a column beside the data that compares or analyses it.
COMPARISON_WORDS = ("辅助", "校验", "核对", "检验", "上年同期", "去年同期", "同期", "同比", "环比", "增长", "增减", "增幅", "占比", "比重", "排名", "排序", "户均", "人均", "比上年")
LABEL_HEADER_WORDS = {"项目", "单位类型", "行业", "类别", "类型", "分类", "指标", "项目名称", "帮扶类别", "群体", "行业类别", "分组",
                      "名称", "指标名称", "地区", "区县", "单位", "行业分类", "人员类别", "救助类别", "帮扶项目"}


def flat(text: str) -> str:
    return _SPACES.sub("", text)


class Grid:
    """A sheet with merged values spread over their block, for reading labels (never values).

    Merges are clipped to the sheet's filled area; small ones are indexed cell by cell, the rare big
    one is checked directly, so a merge over a whole sheet costs nothing."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.anchors: dict[tuple[int, int], tuple[int, int]] = {}
        self.big: list[tuple[int, int, int, int]] = []
        self._texts: dict[int, list[tuple[int, str]]] = {}
        self._row_texts: dict[int, str] = {}
        height, width = sheet.height, sheet.width
        for m in sheet.merged:
            r0, c0 = m.first_row, m.first_col
            r1, c1 = min(m.last_row, height - 1), min(m.last_col, width - 1)
            if r1 < r0 or c1 < c0 or (r1 == r0 and c1 == c0):
                continue
            if (r1 - r0 + 1) * (c1 - c0 + 1) > _SMALL_MERGE:
                self.big.append((r0, c0, r1, c1))
                continue
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        self.anchors[(r, c)] = (r0, c0)

    def anchor(self, r: int, c: int) -> tuple[int, int] | None:
        """The top-left cell of the merge covering (r, c), if (r, c) is a covered cell."""
        found = self.anchors.get((r, c))
        if found is None and self.big:
            for r0, c0, r1, c1 in self.big:
                if r0 <= r <= r1 and c0 <= c <= c1 and (r, c) != (r0, c0):
                    return (r0, c0)
        return found

    def label(self, r: int, c: int) -> str:
        """Text of a cell as a label: a covered cell reads its merge anchor."""
        r, c = self.anchor(r, c) or (r, c)
        return cell_text(self.sheet.value(r, c)).strip()

    def row(self, r: int) -> list[CellValue]:
        rows = self.sheet.rows
        return rows[r] if 0 <= r < len(rows) else []

    def texts(self, r: int) -> list[tuple[int, str]]:
        """Non-empty texts of a row with their columns, merge-covered cells left out. Worked out once per
        row (a sheet's rows do not change once read; the parser asks for a row's texts many times):
        the list is shared, not to be changed."""
        found = self._texts.get(r)
        if found is None:
            found = []
            for c, v in enumerate(self.row(r)):
                if v is None or self.anchor(r, c) is not None:
                    continue
                t = cell_text(v).strip()
                if t:
                    found.append((c, t))
            self._texts[r] = found
        return found

    def row_text(self, r: int) -> str:
        text = self._row_texts.get(r)
        if text is None:
            text = self._row_texts[r] = " ".join(t for _, t in self.texts(r))
        return text


def is_number(v: CellValue) -> bool:
    """A number a data row holds: a numeric cell, or text that reads as a number (not a blank mark)."""
    if isinstance(v, bool) or v is None:
        return False
    if isinstance(v, (int, float)):
        return True
    if isinstance(v, ErrorValue):
        return True
    if isinstance(v, str) and len(v) < 40:
        parsed = parse_number(v)
        return parsed.error is None and not parsed.blank
    return False


def is_column_number_row(grid: Grid, r: int) -> bool:
    """A 栏次 row under an official header: 甲 | 乙 | 1 | 2 | 3 …, or 栏次 / 行次 written out."""
    texts = grid.texts(r)
    if not texts:
        return False
    words = {flat(t) for _, t in texts}
    if words & {"甲", "乙", "栏次", "行次", "栏号"}:
        return True
    numbers = [t for _, t in texts if re.fullmatch(r"\d{1,2}", t.replace(".0", ""))]
    if len(numbers) >= 3 and len(numbers) == len(texts):
        values = [int(t.replace(".0", "")) for t in numbers]
        return values == list(range(values[0], values[0] + len(values)))
    return False


@dataclass
class Column:
    col: int
    indicator: Indicator
    label: str
    label_unit: str
    factor: int = 1
    taught: bool = False


@dataclass
class UnknownColumn:
    col: int
    row: int  # the header row to name in messages
    label: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class HeaderPeriod:
    """A header that dates its sub-columns (应建会单位数 / 2026.01-06 | 2025.01-06): the latest period, as
    written, and the first column it heads."""

    period: Period
    text: str
    col: int


def period_only(text: str) -> Period | None:
    """The period a header cell names and nothing else ("2026.01-06", "（2025年1-6月）", "2025年第二季度")."""
    mentions = find_periods(text)
    if len(mentions) != 1 or mentions[0].period is None:
        return None
    rest = flat(text).replace(flat(mentions[0].text), "", 1)
    return mentions[0].period if rest.strip("（）()[]【】") == "" else None


@dataclass
class Table:
    """One form's table on a sheet (rows are 0-based and absolute)."""

    form: Form
    anchor: int  # the row that named most indicators
    top: int  # first header row
    first_data: int  # first row below the header
    label_col: int
    header_rows: list[int]  # top..first_data-1 without 栏次 rows
    skip_rows: set[int] = field(default_factory=set)  # 栏次 rows
    columns: list[Column] = field(default_factory=list)
    unknown: list[UnknownColumn] = field(default_factory=list)
    extra: list[tuple[int, str]] = field(default_factory=list)  # (col, label) of columns not imported
    ambiguous: list[UnknownColumn] = field(default_factory=list)
    span_end: int | None = None  # first column of another table beside this one (forms side by side)
    header_period: HeaderPeriod | None = None  # the period heading this return's sub-columns, if the header dates them

    def spans(self, c: int) -> bool:
        return self.span_end is None or c < self.span_end


def units_in(text: str) -> list[str]:
    return [u.strip() for u in re.findall(r"[（(]\s*([^（）()]*?)\s*[）)]", text) if u.strip()]


class TableFinder:
    """Finds every table on one sheet."""

    def __init__(self, registry: Registry, matcher: Matcher, grid: Grid):
        self.registry = registry
        self.matcher = matcher
        self.grid = grid
        self._scores: dict[tuple[int, int | None], tuple[Form | None, int]] = {}

    def row_form(self, r: int, before: int | None = None) -> tuple[Form | None, int]:
        """The form whose indicators this row names most (a merged label counts once), and how many;
        `before` limits the row to the columns left of it."""
        cached = self._scores.get((r, before))
        if cached is not None:
            return cached
        labels = {t for c, t in self.grid.texts(r) if len(t) <= MAX_LABEL_TEXT and not isinstance(self.grid.row(r)[c], (int, float))
                  and (before is None or c < before)}
        best: tuple[Form | None, int] = (None, 0)
        if labels:
            for form in self.registry.forms:
                found = {m.code for t in labels if (m := self.matcher.indicator(form.code, [t])).code}
                if len(found) > best[1]:
                    best = (form, len(found))
        self._scores[(r, before)] = best
        return best

    def anchors(self, start: int, stop: int) -> list[int]:
        return [r for r in range(start, stop) if self.row_form(r)[1] >= 2]

    def first_data_row(self, anchor: int, stop: int) -> tuple[int, set[int]]:
        """The first row below `anchor` holding a number (栏次 rows are no data), and the 栏次 rows."""
        skip: set[int] = set()
        for r in range(anchor + 1, min(stop, anchor + 1 + MAX_HEADER_DEPTH)):
            if is_column_number_row(self.grid, r):
                skip.add(r)
                continue
            if any(is_number(v) for c, v in enumerate(self.grid.row(r)) if self.grid.anchor(r, c) is None):
                return r, skip
        # A table of blanks and dashes only: its first labelled row.
        for r in range(anchor + 1, min(stop, anchor + 1 + MAX_HEADER_DEPTH)):
            if r not in skip and self._row_has_breakdown(r, None):
                return r, skip
        return -1, skip

    def _row_has_breakdown(self, r: int, dimension: str | None) -> bool:
        dims = [dimension] if dimension else sorted({f.dimension for f in self.registry.forms})
        return any(self.matcher.breakdown(d, t).code for _, t in self.grid.texts(r) if len(t) <= MAX_LABEL_TEXT for d in dims)

    def label_column(self, form: Form, first_data: int, stop: int) -> int | None:
        """The column whose cells below the header name the form's breakdowns most often."""
        counts: dict[int, int] = {}
        for r in range(first_data, min(stop, first_data + 15)):
            for c, t in self.grid.texts(r):
                if len(t) <= MAX_LABEL_TEXT and self.matcher.breakdown(form.dimension, t).code:
                    counts[c] = counts.get(c, 0) + 1
        if not counts:
            return None
        best = max(counts.values())
        return min(c for c, n in counts.items() if n == best)

    def header_top(self, anchor: int, label_col: int, floor: int) -> int:
        """Walk up from the anchor row while rows still look like header rows."""
        top = anchor
        while top > floor:
            r = top - 1
            text = self.grid.row_text(r)
            f = flat(text)
            if not text or re.search(r"填报单位|填表单位|报送单位|单位名称", f) or UNIT_LINE.search(f):
                break
            if _TITLE.search(f):
                break
            cells = [(c, t) for c in range(len(self.grid.row(r)) + 1) if (t := self.grid.label(r, c))]
            starts = [(self.grid.anchor(r, c) or (r, c))[1] for c, _ in cells]
            distinct = {t for _, t in cells}
            # One text starting at the label column is a title; one text over the data columns only
            # (e.g. "本年累计") is the top row of a three-row header.
            if not cells or (len(distinct) == 1 and min(starts) <= label_col):
                break
            top = r
        return top

    def find(self, start: int = 0) -> Table | None:
        """The next table at or below row `start`."""
        stop = min(self.grid.sheet.height, MAX_SCAN_ROWS)
        for anchor in self.anchors(start, stop):
            form = self.row_form(anchor)[0]
            assert form is not None
            first_data, skip = self.first_data_row(anchor, self.grid.sheet.height)
            if first_data < 0:
                continue
            label_col = self.label_column(form, first_data, self.grid.sheet.height)
            if label_col is None:
                continue
            top = self.header_top(anchor, label_col, start)
            header_rows = [r for r in range(top, first_data) if r not in skip]
            table = Table(form, anchor, top, first_data, label_col, header_rows, skip)
            self.read_columns(table)
            return table
        return None

    def read_columns(self, table: Table) -> None:
        """Match every column right of the label column to an indicator, one column per indicator."""
        grid = self.grid
        width = max((len(grid.row(r)) for r in range(table.top, min(grid.sheet.height, table.first_data + 30))), default=0)
        found: list[tuple[float, Column]] = []
        periods: list[tuple[int, list[str], list[str], Period]] = []  # (col, texts, units, the period heading it)
        for c in range(table.label_col + 1, width):
            if self._second_label_column(table, c):
                table.span_end = c  # another form's table starts here, beside this one
                break
            texts: list[str] = []
            for r in table.header_rows:
                t = grid.label(r, c)
                if not t or (texts and texts[-1] == t):
                    continue
                # Labels merged across from the label column (e.g. "项目" over A:B) are not data columns.
                anchor = grid.anchor(r, c)
                if anchor is not None and anchor[1] <= table.label_col:
                    continue
                texts.append(t)
            # A 计量单位 row under the header gives units, not names: "万元", "人", "—".
            units = [t for t in texts if UNIT_WORD.fullmatch(flat(t))]
            texts = [t for t in texts if t not in units]
            if not texts:
                continue
            if len(texts) > 1 and (dated := period_only(texts[-1])) is not None:
                periods.append((c, texts, units, dated))  # 应建会单位数 / 2026.01-06 beside … / 2025.01-06: decided below
                continue
            self._read_column(table, c, texts, units, found)
        # Sub-columns headed by periods (this year's beside last year's): the latest is this return's
        # figure, the others are comparisons; parse checks that the latest is the return's period.
        if periods:
            latest = max(p for *_, p in periods)
            first = min((c, texts[-1]) for c, texts, _, p in periods if p == latest)
            table.header_period = HeaderPeriod(latest, first[1], first[0])
            for c, texts, units, dated in periods:
                if dated != latest:
                    table.extra.append((c, " / ".join(texts)))
                else:
                    self._read_column(table, c, texts[:-1], units, found)
        # One column per indicator: the clearer reading wins, the other column is reported.
        taken: dict[str, Column] = {}
        for score, col in sorted(found, key=lambda item: -item[0]):
            if col.indicator.code in taken:
                other = taken[col.indicator.code]
                table.ambiguous.append(UnknownColumn(col.col, table.header_rows[-1] if table.header_rows else table.anchor,
                                                     col.label, (Candidate(other.indicator.code, other.indicator.name, score),)))
                continue
            taken[col.indicator.code] = col
        table.columns = sorted(taken.values(), key=lambda col: col.col)

    def _read_column(self, table: Table, c: int, texts: list[str], units: list[str], found: list[tuple[float, Column]]) -> None:
        """One column right of the label column, by its header texts (a 计量单位 row's `units` apart):
        an indicator's column goes to `found`; a comparison, another form's or an unknown column is noted."""
        joined = "".join(texts)
        leaf = normalise_label(texts[-1])
        if FOOTER.search(flat(joined)) or any(normalise_label(t) in _FRAME_COLUMNS for t in texts) or leaf in LABEL_HEADER_WORDS:
            return
        where = table.header_rows[-1] if table.header_rows else table.anchor
        if any(w in flat(leaf) for w in COMPARISON_WORDS):
            table.extra.append((c, " / ".join(texts)))  # 上年同期, 同比, 占比 … beside the data: not this return's data
            return
        match = self.matcher.indicator(table.form.code, texts)
        if match.taught and match.code == "":
            return  # an analyst said: not data
        if match.other_kind:
            table.extra.append((c, " / ".join(texts)))
            return
        if match.code is None:
            has_values = self._column_has_values(table, c)
            if (any(w in joined for w in EXTRA_COLUMN_WORDS) or self._other_form(texts[-1], table.form)
                    or self._derived_name(texts[-1], table.form) or not self._column_has_numbers(table, c)):
                # Not this form's data: another form's column, an analysis (采纳率, 涉及行业数), or a
                # column without numbers (最后修改时间, 备注).
                table.extra.append((c, " / ".join(texts)))
            elif has_values:
                unknown = UnknownColumn(c, where, " / ".join(texts), match.candidates)
                (table.ambiguous if match.candidates and match.candidates[0].score >= 0.5 else table.unknown).append(unknown)
            return
        indicator = self.registry.indicator(match.code)
        units = [u for t in texts for u in units_in(t)] + [flat(u) for u in units if flat(u) not in ("—", "-", "/")]
        score = 2.0 if match.taught else (match.candidates[0].score if match.candidates else 1.0)
        found.append((score, Column(c, indicator, " / ".join(texts), units[-1] if units else "", taught=match.taught)))

    def _column_has_values(self, table: Table, c: int) -> bool:
        return any(has_value(self.grid.sheet.value(r, c)) for r in range(table.first_data, min(self.grid.sheet.height, table.first_data + 40)))

    def _second_label_column(self, table: Table, c: int) -> bool:
        """A column of breakdown labels right of the label column: the label column of a table beside."""
        dims = {f.dimension for f in self.registry.forms}
        hits = 0
        for r in range(table.first_data, min(self.grid.sheet.height, table.first_data + 8)):
            t = cell_text(self.grid.sheet.value(r, c)).strip()
            if t and not is_number(self.grid.sheet.value(r, c)) and any(self.matcher.breakdown(d, t).code for d in dims):
                hits += 1
        return hits >= 2

    def _column_has_numbers(self, table: Table, c: int) -> bool:
        return any(is_number(self.grid.sheet.value(r, c)) for r in range(table.first_data, min(self.grid.sheet.height, table.first_data + 40)))

    def _derived_name(self, text: str, form: Form) -> bool:
        """A rate or a count derived from the table (建会率, 采纳率, 涉及行业数): shown, never stored."""
        key = normalise_label(text)
        if key.endswith("率") or "%" in text or "％" in text:
            return True
        return any(normalise_label(n) == key for i in self.registry.indicators_of(form.code) if i.layout == "none" for n in (i.name, *i.synonyms))

    def _other_form(self, text: str, form: Form) -> bool:
        return any(self.registry.indicator_for_label(f.code, text) is not None for f in self.registry.forms if f.code != form.code)


def title_form(registry: Registry, text: str) -> Form | None:
    f = flat(text)
    for form in registry.forms:
        if form.name in f or any(k in f for k in form.title_keywords):
            return form
    return None
