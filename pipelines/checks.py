"""The checks of docs/domain.md (the data contract), declared as data and applied to parsed returns.

Hard checks (severity "error" in the issue catalogue) reject the whole file; soft checks ("warning")
are stored with the submission and shown on the upload screen and in the data-quality view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, partial

from pipelines.issues import Issue, issue
from pipelines.numbers import format_decimal
from pipelines.parse import ParsedReturn
from pipelines.periods import Period
from pipelines.registry import Breakdown, Indicator, Registry

Values = Mapping[tuple[str, str], Decimal]  # (indicator, breakdown) -> value
PreviousLookup = Callable[[str, str, str], Values]  # (district, period, form) -> stored values


@dataclass(frozen=True)
class SubItems:
    """Indicators that are 其中 of `parent` (same row): each, or their sum, may not exceed it."""

    parent: str
    children: tuple[str, ...]
    summed: bool = False


@dataclass(frozen=True)
class SubRows:
    """Rows that are 其中 of row `parent` (same column): each, or their sum, may not exceed it."""

    dimension: str
    parent: str
    children: tuple[str, ...]
    summed: bool = False


@cache
def hard_sub_items(registry: Registry) -> tuple[SubItems, ...]:
    """其中 indicators from indicators.csv's `parent` column: each may not exceed its parent, and when
    they are `disjoint` (资金来源) neither may their sum."""
    found: dict[str, list[Indicator]] = {}
    for ind in registry.indicators:
        if ind.parent:
            found.setdefault(ind.parent, []).append(ind)
    return tuple(SubItems(parent, tuple(k.code for k in kids), summed=all(k.disjoint for k in kids)) for parent, kids in found.items())


@cache
def hard_sub_rows(registry: Registry) -> tuple[SubRows, ...]:
    """其中 rows from breakdowns.csv's `parent` column, for rows that do not add up to their parent (those
    that do are compared with it by the softer breakdown-sum check): each may not exceed it, and rows that
    are `disjoint` (the four new-form occupations) not their sum either."""
    found: dict[tuple[str, str], list[Breakdown]] = {}
    for b in registry.breakdowns:
        if b.parent and not b.sums_to_parent:
            found.setdefault((b.dimension, b.parent), []).append(b)
    return tuple(SubRows(dim, parent, tuple(k.code for k in kids), summed=all(k.disjoint for k in kids))
                 for (dim, parent), kids in found.items())


SUM_TOLERANCE_SHARE = Decimal("0.005")  # breakdown rows may miss 合计 by 0.5% (or one unit)
RATE_TOLERANCE_PP = Decimal("0.1")
LARGE_CHANGE_SHARE = Decimal("0.3")
PER_UNIT_RANGES = {
    # category: (what, per, low, high, denominator: the count indicator) in 元 per household or per person-time
    "education": ("金秋助学金额", "人", Decimal(1000), Decimal(5000), "aid_person_times"),
    "warmth": ("送温暖慰问金额", "户", Decimal(1500), Decimal(20000), "aid_households"),
}


def _same_row(breakdown: str, indicator: str) -> tuple[str, str]:
    return (indicator, breakdown)


def _same_column(indicator: str, breakdown: str) -> tuple[str, str]:
    return (indicator, breakdown)


def _fmt(v: Decimal) -> str:
    return format_decimal(v)


class ReturnChecker:
    def __init__(self, registry: Registry, ret: ParsedReturn):
        self.registry = registry
        self.ret = ret
        self.values = ret.values()
        self.cells = {(o.indicator, o.breakdown): o.cell for o in ret.observations}
        self.issues: list[Issue] = []

    def _add(self, code: str, key: tuple[str, str] | None, **params: object) -> None:
        cell = self.cells.get(key, "") if key else ""
        self.issues.append(issue(code, self.ret.file, self.ret.sheet, cell, **params))

    def _name(self, indicator: str) -> str:
        return self.registry.indicator(indicator).name

    def _row_name(self, breakdown: str) -> str:
        dim = self.registry.form(self.ret.form).dimension
        return self.registry.breakdown(dim, breakdown).name

    def _breakdowns(self) -> list[str]:
        return sorted({b for _, b in self.values})

    # --- hard ----------------------------------------------------------------------------------

    def hard(self) -> list[Issue]:
        for rule in hard_sub_items(self.registry):
            for b in self._breakdowns():
                parent = self.values.get((rule.parent, b))
                if parent is None:
                    continue
                kids = [(c, self.values[(c, b)]) for c in rule.children if (c, b) in self.values]
                self._exceeds(parent, (rule.parent, b), kids, rule.summed, partial(_same_row, b), self._name, b)
        dim = self.registry.form(self.ret.form).dimension
        for rows in hard_sub_rows(self.registry):
            if rows.dimension != dim:
                continue
            for ind in sorted({i for i, _ in self.values}):
                parent = self.values.get((ind, rows.parent))
                if parent is None:
                    continue
                kids = [(k, self.values[(ind, k)]) for k in rows.children if (ind, k) in self.values]
                self._exceeds(parent, (ind, rows.parent), kids, rows.summed, partial(_same_column, ind), self._row_name, ind)
        return self.issues

    def _exceeds(
        self,
        parent_value: Decimal,
        parent_key: tuple[str, str],
        kids: list[tuple[str, Decimal]],
        summed: bool,
        key_of: Callable[[str], tuple[str, str]],
        name_of: Callable[[str], str],
        context: str,
    ) -> None:
        parent_name = self._label(parent_key)
        if summed:
            total = sum((v for _, v in kids), Decimal(0))
            if kids and total > parent_value:
                parts = "、".join(f"“{self._label(key_of(k))}”" for k, _ in kids)
                self._add("check.parts_exceed_total", key_of(kids[0][0]), parts=parts, parts_value=_fmt(total), parent=parent_name, parent_value=_fmt(parent_value))
            return
        for k, v in kids:
            if v > parent_value:
                self._add("check.sub_exceeds_total", key_of(k), child=self._label(key_of(k)), child_value=_fmt(v), parent=parent_name, parent_value=_fmt(parent_value))

    def _label(self, key: tuple[str, str]) -> str:
        indicator, breakdown = key
        if breakdown == "all":
            return self._name(indicator)
        return f"{self._row_name(breakdown)}·{self._name(indicator)}"

    # --- soft, within the return -----------------------------------------------------------

    def soft(self) -> list[Issue]:
        self.issues = []
        self._breakdown_sums()
        self._members_vs_employees()
        self._reported_rates()
        self._stock_identity()
        self._per_unit_ranges()
        return self.issues

    def _breakdown_sums(self) -> None:
        dim = self.registry.form(self.ret.form).dimension
        parts = [b for b in self.registry.breakdowns_of(dim) if b.sums_to_parent and b.parent == "all"]
        if not parts:
            return
        for ind in sorted({i for i, _ in self.values}):
            total = self.values.get((ind, "all"))
            present = [self.values[(ind, b.code)] for b in parts if (ind, b.code) in self.values]
            if total is None or not present:
                continue
            s = sum(present, Decimal(0))
            unit = Decimal(10_000) if self.registry.indicator(ind).is_money else Decimal(1)
            tolerance = max(abs(total) * SUM_TOLERANCE_SHARE, unit)
            if abs(s - total) > tolerance:
                self._add("check.breakdown_sum", (ind, "all"), indicator=self._name(ind), parts_value=_fmt(s), total_value=_fmt(total), diff=_fmt(s - total))

    def _members_vs_employees(self) -> None:
        for b in self._breakdowns():
            m, e = self.values.get(("members", b)), self.values.get(("employees_in_unionized", b))
            if m is not None and e is not None and m > e:
                self._add("check.members_exceed_employees", ("members", b), members=_fmt(m), employees=_fmt(e))

    def _reported_rates(self) -> None:
        # A reported rate is checked against every ratio the registry computes for that indicator
        # (入会率 has two bases: either may be what the district wrote).
        for rep in self.ret.reported_rates:
            options = [(r.numerator, r.denominator) for r in self.registry.ratios if r.indicator == rep.indicator]
            computed: list[Decimal] = []
            for num, den in options:
                n, d = self.values.get((num, rep.breakdown)), self.values.get((den, rep.breakdown))
                if n is not None and d:
                    computed.append(n / d * 100)
            if computed and all(abs(rep.value - c) > RATE_TOLERANCE_PP for c in computed):
                self.issues.append(
                    issue(
                        "check.reported_rate",
                        self.ret.file,
                        self.ret.sheet,
                        rep.cell,
                        indicator=self._name(rep.indicator),
                        reported=f"{_fmt(rep.value)}%",
                        computed=f"{computed[0]:.2f}%",
                    )
                )

    def _stock_identity(self) -> None:
        for b in self._breakdowns():
            keys = ("members_start", "members_joined", "members_left", "members_end")
            if any((k, b) not in self.values for k in keys):
                continue
            start, joined, left, end = (self.values[(k, b)] for k in keys)
            expected = start + joined - left
            if end != expected:
                self._add("check.stock_identity", ("members_end", b), end=_fmt(end), start=_fmt(start), joined=_fmt(joined),
                          left=_fmt(left), diff=_fmt(end - expected))

    def _per_unit_ranges(self) -> None:
        for category, (what, per, low, high, denominator) in PER_UNIT_RANGES.items():
            amount = self.values.get(("aid_amount", category))
            count = self.values.get((denominator, category))
            if not amount or not count:
                continue
            per_unit = amount / count
            if not (low <= per_unit <= high):
                self._add("check.per_unit_range", ("aid_amount", category), what=what, per=per, value=f"{per_unit:.0f}", low=_fmt(low), high=_fmt(high))

    # --- soft, against the stored history ------------------------------------------------------

    def history(self, previous: PreviousLookup) -> list[Issue]:
        self.issues = []
        if not self.ret.period:
            return self.issues
        period = Period.parse_code(self.ret.period)
        prev_period = period.previous()
        prev = previous(self.ret.district, prev_period.code, self.ret.form)
        if not prev:
            return self.issues
        for b in self._breakdowns():
            start, prev_end = self.values.get(("members_start", b)), prev.get(("members_end", b))
            if start is not None and prev_end is not None and start != prev_end:
                self._add("check.start_vs_previous_end", ("members_start", b), start=_fmt(start), previous=prev_period.label, previous_end=_fmt(prev_end))
        for (ind, b), value in sorted(self.values.items()):
            old = prev.get((ind, b))
            if old is None or b != "all":
                continue
            kind = self.registry.indicator(ind).kind
            if kind == "Y" and prev_period.year == period.year and value < old:
                self._add("check.ytd_decrease", (ind, b), indicator=self._name(ind), value=_fmt(value), previous=prev_period.label, previous_value=_fmt(old))
            elif kind == "S" and old > 0 and abs(value - old) / old > LARGE_CHANGE_SHARE:
                change = (value - old) / old * 100
                self._add("check.large_change", (ind, b), indicator=self._name(ind), value=_fmt(value), previous=prev_period.label, previous_value=_fmt(old), change=f"{change:+.1f}%")
        return self.issues


def hard_issues(registry: Registry, ret: ParsedReturn) -> list[Issue]:
    return ReturnChecker(registry, ret).hard()


def soft_issues(registry: Registry, ret: ParsedReturn, previous: PreviousLookup) -> list[Issue]:
    checker = ReturnChecker(registry, ret)
    return [*checker.soft(), *checker.history(previous)]
