"""数据疑点: soft checks across returns, with their evidence. They never block an import; an analyst can
mark one 已核实 with a note (audited), after which it stops counting.

Each check looks at the values in force (or, for the upload review, those plus the returns about to be
imported) and raises a `Flag` for one district and quarter, with the numbers that raised it as a
Chinese sentence and the cells they came from:

- copy_previous  a return identical, or identical up to one constant factor, to the same district's
                 return of the quarter before (a copied sheet);
- copy_other     the same against another district's return of the same quarter;
- round_numbers  far more values divisible by 100 than the district's own earlier returns of the form;
- ratio_outlier  a ratio far from the other districts' in the same quarter (robust z-score); the ratios
                 are listed in data/registry/flag_ratios.csv, not here;
- stock_spike    a period-end stock that jumps and falls back the next quarter (a typo pattern);
- ytd_negative   a year-to-date value below the previous quarter's: the implied quarter is negative;
- ytd_spike      an implied quarter far above every earlier quarter of the series.

A flag's key is stable: the kind, district, quarter, form, indicator and what it was compared with,
plus the submission ids involved, so a corrected return (a new version) is looked at afresh.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from insights import fmt
from pipelines.access import PermissionDenied, audit, plain
from pipelines.periods import Period
from pipelines.registry import FlagRatio, Registry
from pipelines.store import Store, sql_text
from pipelines.users import Role, User

SQL_DIR = Path(__file__).parent / "sql"

KINDS = {
    "copy_previous": "疑似照抄上季度报表",
    "copy_other": "疑似照抄其他区县报表",
    "round_numbers": "整百数偏多",
    "ratio_outlier": "比率与其他区县差异大",
    "stock_spike": "期末数突变后回落",
    "ytd_negative": "推算的本季度数为负",
    "ytd_spike": "推算的本季度数远超以往",
}
AUDIT_ACTIONS = {"verify_flag": "核实数据疑点", "reopen_flag": "撤销数据疑点的核实"}
VERIFY_ROLES = frozenset({Role.analyst, Role.admin})

# --- thresholds (why each is what it is, next to it) ------------------------------------------------
COPY_MIN_VALUES = 6  # fewer non-zero values than this and two returns can agree by chance
COPY_MIN_SHARED = 0.8  # share of the larger return's cells the two must have in common
COPY_FACTORS = (0.2, 5.0)  # a "copy" scaled by more than this is no longer recognisable as one
ROUND_MIN_VALUES = 8  # values of 100 or more needed in a return before its round numbers mean anything
ROUND_MIN_HISTORY = 20  # and in the district's earlier returns of the form
ROUND_EXCESS = 0.25  # the share of round values must exceed the district's usual share by this much
ROUND_TAIL = 1e-4  # and be this unlikely at the usual share (binomial tail)
RATIO_MIN_DISTRICTS = 5  # a median of fewer districts says little
SPIKE_FACTOR = 1.5  # a stock moving by half (up) or a third (down) in one quarter
SPIKE_BACK = 0.2  # and the next quarter back within a fifth of that move from where it was
SPIKE_MIN = 100  # stocks below this move by chance (a handful of unions)
YTD_SPIKE_FACTOR = 3.0  # an implied quarter more than three times every earlier quarter
YTD_SPIKE_HISTORY = 4  # earlier quarters with a value needed (a whole year, so seasons are in it)
YTD_SPIKE_MIN = 50
# Spikes are looked for in 合计 rows: a single industry or category comes and goes from year to year,
# and a typo in one of its cells already shows as parts not summing to the 合计 (a stored warning).
SPIKE_BREAKDOWNS = frozenset({"all"})

COLUMNS = ["key", "kind", "类型", "district", "区县", "period", "季度", "form", "报表", "indicator", "指标", "evidence",
           "sources", "来源", "submission_id", "verified", "note", "verified_by", "verified_at"]


@cache
def _sql(name: str) -> str:
    return sql_text(name, SQL_DIR)


@dataclass(frozen=True)
class Source:
    """Where a number came from. submission_id is None for a return not yet imported (upload review)."""

    submission_id: int | None
    file: str
    sheet: str
    cell: str = ""

    @property
    def text(self) -> str:
        return " › ".join(p for p in (self.file, self.sheet, self.cell) if p)


@dataclass(frozen=True)
class Flag:
    key: str
    kind: str
    district: str
    period: str
    form: str
    indicator: str  # "" when the whole return is in question
    evidence: str
    sources: tuple[Source, ...]

    @property
    def label(self) -> str:
        return KINDS[self.kind]


@dataclass
class _Return:
    district: str
    period: str
    form: str
    submission_id: int | None
    file: str
    sheet: str
    values: dict[tuple[str, str], float] = field(default_factory=dict)
    cells: dict[tuple[str, str], str] = field(default_factory=dict)

    def source(self, key: tuple[str, str] | None = None) -> Source:
        return Source(self.submission_id, self.file, self.sheet, self.cells.get(key, "") if key else "")

    @property
    def sid(self) -> str:
        return f"s{self.submission_id}" if self.submission_id else "new"


Returns = dict[tuple[str, str, str], _Return]


# --- reading --------------------------------------------------------------------------------------------


def observations(store: Store, until: str | None = None) -> pd.DataFrame:
    """Values in force for every quarter up to `until`: district, period, form, indicator, breakdown,
    value (float), submission_id, file_name, sheet, cell."""
    return store.frame(_sql("flag_observations"), {"until": until})


def _returns(frame: pd.DataFrame) -> Returns:
    found: Returns = {}
    for r in frame.itertuples(index=False):
        key = (r.district, r.period, r.form)
        ret = found.get(key)
        if ret is None:
            sid = int(r.submission_id) if pd.notna(r.submission_id) and int(r.submission_id) > 0 else None
            ret = found[key] = _Return(r.district, r.period, r.form, sid, r.file_name, r.sheet)
        ret.values[(r.indicator, r.breakdown)] = float(r.value)
        ret.cells[(r.indicator, r.breakdown)] = r.cell
    return found


def _plan_frame(plans: Iterable[Any]) -> pd.DataFrame:
    """The returns of upload plans (pipelines.planning.FilePlan) that would be stored, as observation rows."""
    rows = []
    for plan in plans:
        if not plan.accepted:
            continue
        for r in plan.returns:
            ret = r.ret
            if not Period.parse_code(ret.period).quarter:
                continue
            for o in ret.observations:
                rows.append((ret.district, ret.period, ret.form, o.indicator, o.breakdown, float(o.value), 0, plan.display_name,
                             ret.sheet, o.cell))
    return pd.DataFrame(rows, columns=["district", "period", "form", "indicator", "breakdown", "value", "submission_id",
                                       "file_name", "sheet", "cell"])


# --- helpers ----------------------------------------------------------------------------------------------


def _next(period: str) -> str:
    p = Period.parse_code(period)
    return Period(p.year + 1, 1).code if p.quarter == 4 else Period(p.year, (p.quarter or 0) + 1).code


def _prev(period: str) -> str:
    return Period.parse_code(period).previous().code


def _label(period: str) -> str:
    return Period.parse_code(period).label


def _key(kind: str, district: str, period: str, *rest: str) -> str:
    return ":".join((kind, district, period, *rest))


def _number(value: float, unit: str) -> str:
    if unit == "%":
        return fmt.percent(value)
    decimals = 2 if unit == "元" and value != int(value) else 0
    return f"{fmt.grouped(value, decimals)}{unit}"


def _what(registry: Registry, indicator: str, breakdown: str) -> str:
    """指标（分组）as a sentence names it: 会员人数（合计）, 帮扶金额（送温暖慰问）."""
    ind = registry.indicator(indicator)
    dim = registry.form(ind.form).dimension
    try:
        name = registry.breakdown(dim, breakdown).name
    except KeyError:
        name = breakdown
    return f"{ind.name}（{name}）"


def _comparable(registry: Registry) -> set[str]:
    """Indicators a district writes itself each quarter (not tasks, not derived)."""
    return {i.code for i in registry.indicators if i.kind in ("S", "P", "Y")}


# --- 1. copies -------------------------------------------------------------------------------------------------


def _factor(v: dict[tuple[str, str], float], w: dict[tuple[str, str], float]) -> float | None:
    """f when every value of v is f times the same value of w (to the rounding a person would do), else None."""
    shared = v.keys() & w.keys()
    if len(shared) < COPY_MIN_SHARED * max(len(v), len(w)):
        return None
    nonzero = [k for k in shared if v[k] or w[k]]
    if len(nonzero) < COPY_MIN_VALUES or any((v[k] == 0) != (w[k] == 0) for k in nonzero):
        return None
    sv, sw = sum(v[k] for k in nonzero), sum(w[k] for k in nonzero)
    if sv <= 0 or sw <= 0:
        return None
    if all(v[k] == w[k] for k in nonzero):
        return 1.0
    f = sv / sw
    if not COPY_FACTORS[0] <= f <= COPY_FACTORS[1]:
        return None
    if all(abs(v[k] - f * w[k]) <= max(0.5, 2e-4 * abs(v[k])) for k in nonzero):
        return f
    return None


def _vector(ret: _Return, keep: set[str]) -> dict[tuple[str, str], float]:
    return {k: v for k, v in ret.values.items() if k[0] in keep}


def _copy_sentence(registry: Registry, ret: _Return, n: int, f: float, other: str, whose: str) -> str:
    form = registry.form(ret.form).title
    if f == 1.0:
        return f"{form}的{n}个数值与{other}完全相同，像是照抄了{whose}的报表。"
    return f"{form}的{n}个数值都约是{other}的{f:.3f}倍（按比例放大或缩小后四舍五入），像是由{whose}的报表换算而来。"


def copy_flags(returns: Returns, registry: Registry, scope: Callable[[str, str], bool]) -> list[Flag]:
    keep = _comparable(registry)
    names = {d.code: d.name for d in registry.districts}
    flags: list[Flag] = []
    for (district, period, form), ret in returns.items():
        if not scope(district, period):
            continue
        prev = returns.get((district, _prev(period), form))
        if prev is None:
            continue
        v, w = _vector(ret, keep), _vector(prev, keep)
        f = _factor(v, w)
        if f is not None:
            n = sum(1 for k in v.keys() & w.keys() if v[k] or w[k])
            flags.append(Flag(
                _key("copy_previous", district, period, form, "", f"{ret.sid}-{prev.sid}"), "copy_previous", district, period, form, "",
                _copy_sentence(registry, ret, n, f, f"上季度（{_label(prev.period)}）", "上季度"), (ret.source(), prev.source()),
            ))
    # Another district's same quarter: candidates share the pattern of non-zero cells and nearly the same
    # share of the total in one fixed cell, so a province's thousands of returns are not compared pairwise.
    groups: dict[tuple[str, str, frozenset[tuple[str, str]]], list[tuple[float, _Return, dict[tuple[str, str], float]]]] = {}
    periods_in_scope = {p for d, p, _ in returns if scope(d, p)}
    for (_, period, form), ret in returns.items():
        if period not in periods_in_scope:
            continue
        v = _vector(ret, keep)
        nonzero = frozenset(k for k, x in v.items() if x)
        total = sum(v[k] for k in nonzero)
        if len(nonzero) < COPY_MIN_VALUES or total <= 0:
            continue
        anchor = min(nonzero)
        groups.setdefault((period, form, nonzero), []).append((v[anchor] / total, ret, v))
    for members in groups.values():
        members.sort(key=lambda m: m[0])
        for i, (share, ret, v) in enumerate(members):
            for share_b, other, w in members[i + 1:]:
                if share_b - share > 1e-3:
                    break
                f = _factor(v, w)
                if f is None:
                    continue
                n = sum(1 for k in v.keys() & w.keys() if v[k] or w[k])
                for a, b, fa in ((ret, other, f), (other, ret, 1 / f if f != 1.0 else 1.0)):
                    if scope(a.district, a.period):
                        flags.append(Flag(
                            _key("copy_other", a.district, a.period, a.form, b.district, f"{a.sid}-{b.sid}"), "copy_other",
                            a.district, a.period, a.form, "",
                            _copy_sentence(registry, a, n, fa, f"{names.get(b.district, b.district)}同季度", names.get(b.district, b.district)),
                            (a.source(), b.source()),
                        ))
    return flags


# --- 2. round numbers --------------------------------------------------------------------------------------


def _round_counts(ret: _Return, registry: Registry, keep: set[str]) -> tuple[int, int]:
    """(values ≥ 100, of which divisible by 100), money and tasks left out: 万元 sheets make 元 round."""
    n = k = 0
    for (ind, _), v in ret.values.items():
        if ind not in keep or registry.indicator(ind).is_money or abs(v) < 100:
            continue
        n += 1
        k += v % 100 == 0
    return n, k


def _binomial_tail(n: int, k: int, p: float) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p)."""
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k, n + 1))


def round_number_flags(returns: Returns, registry: Registry, scope: Callable[[str, str], bool]) -> list[Flag]:
    keep = _comparable(registry)
    series: dict[tuple[str, str], list[_Return]] = {}
    for (district, _, form), ret in returns.items():
        series.setdefault((district, form), []).append(ret)
    flags = []
    for rets in series.values():
        rets.sort(key=lambda r: r.period)
        hist_n = hist_k = 0
        for hist_returns, ret in enumerate(rets):
            n, k = _round_counts(ret, registry, keep)
            if scope(ret.district, ret.period) and n >= ROUND_MIN_VALUES and hist_n >= ROUND_MIN_HISTORY and hist_returns >= 2:
                usual = hist_k / hist_n
                share = k / n
                if share >= usual + ROUND_EXCESS and _binomial_tail(n, k, max(usual, 0.02)) < ROUND_TAIL:
                    form = registry.form(ret.form).title
                    flags.append(Flag(
                        _key("round_numbers", ret.district, ret.period, ret.form, "", ret.sid), "round_numbers",
                        ret.district, ret.period, ret.form, "",
                        f"{form}中100及以上的{n}个数值（不含金额）有{k}个是100的整数倍（{fmt.percent(share, 0)}）；"
                        f"该区县此前{hist_returns}期同一报表中这一比例为{fmt.percent(usual, 0)}（{hist_n}个数值中{hist_k}个）。"
                        f"数字可能是估的，请核对。",
                        (ret.source(),),
                    ))
            hist_n += n
            hist_k += k
    return flags


# --- 3. ratios far from the other districts' ------------------------------------------------------------------


def _ratio_text(x: float, unit: str) -> str:
    return fmt.percent(x) if unit == "%" else f"{fmt.grouped(x, 2 if abs(x) < 10 else 0)}{unit}"


def ratio_flags(returns: Returns, registry: Registry, scope: Callable[[str, str], bool],
                ratios: Iterable[FlagRatio] | None = None) -> list[Flag]:
    cells: dict[tuple[str, str, str, str], tuple[float, _Return]] = {}
    for (district, period, _), ret in returns.items():
        for (ind, bd), v in ret.values.items():
            cells[(district, period, ind, bd)] = (v, ret)
    periods = sorted({p for d, p, _ in returns if scope(d, p)})
    districts = sorted({d for d, _, _ in returns})
    flags = []
    for ratio in (registry.flag_ratios if ratios is None else ratios):
        num_what = _what(registry, ratio.numerator, ratio.numerator_breakdown)
        den_what = _what(registry, ratio.denominator, ratio.denominator_breakdown)
        num_unit, den_unit = registry.indicator(ratio.numerator).unit, registry.indicator(ratio.denominator).unit
        for period in periods:
            found: dict[str, tuple[float, float, float, _Return, _Return]] = {}
            for d in districts:
                num = cells.get((d, period, ratio.numerator, ratio.numerator_breakdown))
                den = cells.get((d, period, ratio.denominator, ratio.denominator_breakdown))
                if num is None or den is None or den[0] <= 0:
                    continue
                found[d] = (num[0] / den[0], num[0], den[0], num[1], den[1])
            if len(found) < RATIO_MIN_DISTRICTS:
                continue
            xs = [share for share, *_ in found.values()]
            median = statistics.median(xs)
            mad = statistics.median(abs(x - median) for x in xs)
            if mad == 0:
                continue
            for d, (x, num_value, den_value, num_ret, den_ret) in found.items():
                z = 0.6745 * (x - median) / mad
                # A tight cluster makes a small difference a large z: it must also be a real gap.
                if abs(z) <= ratio.threshold or abs(x / median - 1) < ratio.min_gap or not scope(d, period):
                    continue
                shown, usual = _ratio_text(x, ratio.unit), _ratio_text(median, ratio.unit)
                flags.append(Flag(
                    _key("ratio_outlier", d, period, num_ret.form, ratio.code, f"{num_ret.sid}-{den_ret.sid}"), "ratio_outlier",
                    d, period, num_ret.form, ratio.numerator,
                    f"{ratio.name}为{shown}（{num_what}{_number(num_value, num_unit)} ÷ {den_what}{_number(den_value, den_unit)}），"
                    f"同季度{len(found)}个区县的中位数为{usual}，明显偏{'高' if z > 0 else '低'}"
                    f"（相差{fmt.percent(abs(x / median - 1), 0)}，稳健z值{z:+.1f}；相差超过{fmt.percent(ratio.min_gap, 0)}"
                    f"且z值超过±{ratio.threshold:g}时提示）。",
                    (num_ret.source((ratio.numerator, ratio.numerator_breakdown)),
                     den_ret.source((ratio.denominator, ratio.denominator_breakdown))),
                ))
    return flags


# --- 4 and 5. series: stocks that jump and fall back, year-to-date values ------------------------------------


def _series(returns: Returns, kinds: set[str], registry: Registry) -> dict[tuple[str, str, str], dict[str, tuple[float, _Return]]]:
    codes = {i.code for i in registry.indicators if i.kind in kinds}
    found: dict[tuple[str, str, str], dict[str, tuple[float, _Return]]] = {}
    for (district, period, _), ret in returns.items():
        for (ind, bd), v in ret.values.items():
            if ind in codes:
                found.setdefault((district, ind, bd), {})[period] = (v, ret)
    return found


def stock_flags(returns: Returns, registry: Registry, scope: Callable[[str, str], bool]) -> list[Flag]:
    flags = []
    for (district, ind, bd), by_period in _series(returns, {"S"}, registry).items():
        unit = registry.indicator(ind).unit
        for period, (b, ret) in by_period.items():
            if not scope(district, period):
                continue
            before, after = by_period.get(_prev(period)), by_period.get(_next(period))
            if before is None or after is None:
                continue
            a, c = before[0], after[0]
            move = b - a
            if max(a, b) < SPIKE_MIN or min(a, b) * SPIKE_FACTOR > max(a, b) or abs(c - a) > SPIKE_BACK * abs(move):
                continue
            times = b / a if a else math.inf
            size = f"约为前一季度的{times:.1f}倍" if times >= 1 else f"只有前一季度的{fmt.percent(times, 0)}"
            flags.append(Flag(
                _key("stock_spike", district, period, ret.form, ind, bd, ret.sid), "stock_spike", district, period, ret.form, ind,
                f"{_what(registry, ind, bd)}上季度{_number(a, unit)}，本季度{_number(b, unit)}（{size}），"
                f"下季度又回到{_number(c, unit)}：本季度的数可能录错了（多一位、少一位或数字颠倒）。",
                (ret.source((ind, bd)), before[1].source((ind, bd)), after[1].source((ind, bd))),
            ))
    return flags


def ytd_flags(returns: Returns, registry: Registry, scope: Callable[[str, str], bool]) -> list[Flag]:
    flags = []
    for (district, ind, bd), by_period in _series(returns, {"Y"}, registry).items():
        unit = registry.indicator(ind).unit
        quarters: list[tuple[str, float]] = []  # implied quarter values so far, oldest first
        for period in sorted(by_period):
            v, ret = by_period[period]
            p = Period.parse_code(period)
            if p.quarter == 1:
                q, prev = v, None
            else:
                prev = by_period.get(_prev(period))
                if prev is None:
                    continue
                q = v - prev[0]
            in_scope = scope(district, period)
            what = _what(registry, ind, bd)
            if in_scope and q < 0 and prev is not None:
                flags.append(Flag(
                    _key("ytd_negative", district, period, ret.form, ind, bd, ret.sid), "ytd_negative", district, period, ret.form, ind,
                    f"本年累计{what}本季度为{_number(v, unit)}，比上季度的{_number(prev[0], unit)}还少，"
                    f"推算出的本季度数为{_number(q, unit)}。累计数不应减少，请核对是否填成了单季度数或上季度数有误。",
                    (ret.source((ind, bd)), prev[1].source((ind, bd))),
                ))
            earlier = [x for _, x in quarters if x > 0]
            if (in_scope and bd in SPIKE_BREAKDOWNS and len(earlier) >= YTD_SPIKE_HISTORY and q >= YTD_SPIKE_MIN
                    and q > YTD_SPIKE_FACTOR * max(earlier)):
                top_period, top = max(quarters, key=lambda t: t[1])
                sources = (ret.source((ind, bd)),) + ((prev[1].source((ind, bd)),) if prev is not None else ())
                flags.append(Flag(
                    _key("ytd_spike", district, period, ret.form, ind, bd, ret.sid), "ytd_spike", district, period, ret.form, ind,
                    f"由本年累计{what}推算，本季度为{_number(q, unit)}，是以往{len(earlier)}个季度中最多的"
                    f"（{_label(top_period)}，{_number(top, unit)}）的{q / top:.1f}倍。请核对是否多填了一位或把全年数填进了本季度。",
                    sources,
                ))
            quarters.append((period, q))
    return flags


CHECKS = (copy_flags, round_number_flags, ratio_flags, stock_flags, ytd_flags)


def compute(frame: pd.DataFrame, registry: Registry, periods: tuple[str, ...] | None = None,
            districts: tuple[str, ...] | None = None) -> list[Flag]:
    """Every flag for a district and quarter in scope, from observation rows (see `observations`)."""
    returns = _returns(frame)

    def scope(district: str, period: str) -> bool:
        return (not periods or period in periods) and (not districts or district in districts)

    found: dict[str, Flag] = {}
    for check in CHECKS:
        for flag in check(returns, registry, scope):
            found.setdefault(flag.key, flag)
    return list(found.values())


# --- what the pages call ------------------------------------------------------------------------------------


def flags(store: Store, registry: Registry, periods: tuple[str, ...] | None = None,
          districts: tuple[str, ...] | None = None, include_verified: bool = True) -> pd.DataFrame:
    """The flags of the chosen quarters and districts (None: all), newest quarter first, one row each (COLUMNS):
    kind and 类型 (Chinese), evidence (a Chinese sentence with the numbers), sources (tuple of Source) and
    来源 (文件 › 工作表 › 单元格, one per line), submission_id of the return in question, and whether it is
    verified (note, verified_by, verified_at)."""
    until = _next(max(periods)) if periods else None  # a stock's next quarter tells a typo from a change
    found = compute(observations(store, until), registry, periods, districts)
    return _frame(found, registry, verified_flags(store), include_verified)


def flags_for_plans(store: Store, registry: Registry, plans: Iterable[Any]) -> pd.DataFrame:
    """The upload review: flags the accepted returns of these plans (pipelines.planning.FilePlan) would
    raise once imported, against the values in force (which they would replace). Sources name the
    uploaded file; submission_id is empty."""
    planned = _plan_frame(plans)
    if planned.empty:
        return _frame([], registry, verified_flags(store), True)
    stored = observations(store, _next(planned["period"].max()))
    replaced = set(zip(planned["district"], planned["period"], planned["form"], strict=True))
    keep = [k not in replaced for k in zip(stored["district"], stored["period"], stored["form"], strict=True)]
    frame = pd.concat([stored[keep], planned], ignore_index=True)
    scope = set(zip(planned["district"], planned["period"], strict=True))
    found = [f for f in compute(frame, registry, tuple(sorted({p for _, p in scope}))) if (f.district, f.period) in scope]
    return _frame(found, registry, verified_flags(store), True)


def flag_counts(store: Store, registry: Registry, periods: tuple[str, ...] | None = None) -> pd.DataFrame:
    """district, period, flags: how many flags not yet verified, for the 报送情况 matrix (cells without any are left out)."""
    frame = flags(store, registry, periods, include_verified=False)
    if frame.empty:
        return pd.DataFrame({"district": pd.Series(dtype=str), "period": pd.Series(dtype=str), "flags": pd.Series(dtype=int)})
    return frame.groupby(["district", "period"]).size().rename("flags").reset_index()


def _frame(found: list[Flag], registry: Registry, reviews: pd.DataFrame, include_verified: bool) -> pd.DataFrame:
    reviewed = {r.flag_key: r for r in reviews.itertuples(index=False)}
    names = {d.code: (d.name, d.sort_order) for d in registry.districts}
    kind_order = {k: i for i, k in enumerate(KINDS)}
    rows = []
    for f in found:
        review = reviewed.get(f.key)
        if review is not None and not include_verified:
            continue
        rows.append({
            "key": f.key, "kind": f.kind, "类型": f.label, "district": f.district, "区县": names.get(f.district, (f.district, 0))[0],
            "period": f.period, "季度": _label(f.period), "form": f.form, "报表": registry.form(f.form).title if f.form else "",
            "indicator": f.indicator, "指标": registry.indicator(f.indicator).name if f.indicator else "",
            "evidence": f.evidence, "sources": f.sources, "来源": "\n".join(s.text for s in f.sources),
            "submission_id": f.sources[0].submission_id if f.sources else None,
            "verified": review is not None, "note": review.note if review is not None else "",
            "verified_by": review.verified_by if review is not None else "",
            "verified_at": review.verified_at if review is not None else pd.NaT,
            "_order": (-int(f.period[:4]), -int(f.period[-1]), names.get(f.district, ("", 10**9))[1], kind_order[f.kind], f.key),
        })
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.DataFrame(rows).sort_values("_order").drop(columns="_order").reset_index(drop=True)
    return frame[COLUMNS]


def method_text(registry: Registry) -> str:
    """What the checks look for, in plain Chinese, for the ? beside 数据疑点."""
    ratios = "、".join(r.name for r in registry.flag_ratios) or "（未设置）"
    return (
        "数据疑点只是提醒，不影响导入；每条都列出引起怀疑的数字和原表单元格。统计员核实后可标记“已核实”并写明情况，"
        "标记后不再计数（记入审计日志）。检查以下几种情况："
        f"①疑似照抄：某张报表与本区县上季度、或与其他区县同季度的同一报表完全相同，或每个数都是对方的同一倍数（至少{COPY_MIN_VALUES}个非零数值）；"
        f"②整百数偏多：一张报表中100及以上的数值（不含金额）里，100的整数倍所占比例比本区县以往同一报表高出{ROUND_EXCESS * 100:.0f}个百分点以上；"
        f"③比率与其他区县差异大：{ratios}，与同季度各区县的中位数相差较多（稳健z值，按中位数和绝对偏差的中位数计算，不受个别极端值影响）；"
        f"④期末数突变后回落：期末数比上季度增加一半以上或减少三分之一以上，下季度又回到原来水平（像是多一位、少一位）；"
        f"⑤累计数推算的本季度数为负，或超过以往每个季度（至少{YTD_SPIKE_HISTORY}个季度）最大值的{YTD_SPIKE_FACTOR:g}倍。"
    )


# --- 已核实 ------------------------------------------------------------------------------------------------


def _parse_key(key: str) -> tuple[str, str, str]:
    parts = key.split(":")
    if len(parts) < 3 or parts[0] not in KINDS:
        raise ValueError(f"不是数据疑点的编号：{key!r}")
    Period.parse_code(parts[2])
    return parts[0], parts[1], parts[2]


def _require(store: Store, user: User, what: str) -> None:
    if user.role not in VERIFY_ROLES:
        audit(store, user.name, "denied", f"{AUDIT_ACTIONS['verify_flag']}：{what}")
        raise PermissionDenied(f"{user.label}无权核实数据疑点。如需此权限，请联系管理员。")


def verify(store: Store, key: str, note: str, user: User, evidence: str = "",
           now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
    """Mark a flag 已核实 with the analyst's note (what was checked, why the number stands), with an audit
    entry in the same transaction. Marking it again replaces the note. Analysts and administrators only."""
    kind, district, period = _parse_key(key)
    _require(store, user, key)
    note = note.strip()
    if not note:
        raise ValueError("请写明核实情况（例如：已电话核实，数据无误）。")
    when = now().replace(microsecond=0)
    with store.transaction() as tx:
        tx.execute("delete from flag_reviews where flag_key = ?", [key])
        tx.execute("insert into flag_reviews values (?, ?, ?, ?, ?, ?, ?, ?)",
                   [key, district, period, kind, plain(evidence, 2000), plain(note, 2000), plain(user.name, 200), when])
        tx.execute("insert into audit_log values (?, ?, 'verify_flag', ?)",
                   [when, plain(user.name, 200), plain(f"{district} {period} {KINDS[kind]}（{key}）已核实：{note}", 2000)])


def reopen(store: Store, key: str, user: User, now: Callable[[], dt.datetime] = dt.datetime.now) -> bool:
    """Take back a 已核实 mark (the flag counts again); False when the flag was not marked."""
    kind, district, period = _parse_key(key)
    _require(store, user, key)
    when = now().replace(microsecond=0)
    with store.transaction() as tx:
        if not tx.scalar("select count(*) from flag_reviews where flag_key = ?", [key]):
            return False
        tx.execute("delete from flag_reviews where flag_key = ?", [key])
        tx.execute("insert into audit_log values (?, ?, 'reopen_flag', ?)",
                   [when, plain(user.name, 200), plain(f"{district} {period} {KINDS[kind]}（{key}）撤销核实", 2000)])
    return True


def verified_flags(store: Store) -> pd.DataFrame:
    """flag_key, district, period, kind, evidence, note, verified_by, verified_at of every flag marked 已核实."""
    return store.frame(_sql("flag_reviews"))
