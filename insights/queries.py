"""Every question the pages ask of the store, as small functions returning plain values or frames.

SQL longer than a line lives in insights/sql/*.sql. Functions take the store first and plain,
hashable arguments after it, so the app can cache them keyed on those arguments; one that needs the
registry takes it second, as `registry` (the app passes its own: ui.data.q).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pandas as pd

from pipelines.periods import Period
from pipelines.registry import Registry
from pipelines.store import Store, sql_text

SQL_DIR = Path(__file__).parent / "sql"


@cache
def _sql(name: str) -> str:
    return sql_text(name, SQL_DIR)


def _districts_param(districts: tuple[str, ...] | None) -> list[str] | None:
    return list(districts) if districts else None


def periods_with_data(store: Store) -> list[str]:
    rows = store.rows("select distinct period from submissions where status = 'active' order by period")
    return [r[0] for r in rows]


def latest_complete_period(store: Store, registry: Registry) -> str | None:
    """The newest quarter in which every district that should report has sent its 表一; else the newest."""
    frame = store.frame(_sql("reporting"), {"form": "coverage"})
    if frame.empty:
        return None
    for period, count in sorted(zip(frame["period"], frame["districts"], strict=True), reverse=True):
        p = Period.parse_code(period)
        expected = sum(1 for d in registry.districts if Period.parse_code(d.first_period) <= p)
        if count >= expected:
            return str(period)
    return str(frame["period"].iloc[-1])


def _city(store: Store, indicators: tuple[str, ...], period: str | None = None, breakdown: str | None = None) -> pd.DataFrame:
    """The whole city's sums from current_totals (one small table, kept at every write), for a page with no
    district chosen: the same figures as the district-by-district queries, without reading every district."""
    return store.frame(_sql("city_totals"), {"indicators": list(indicators), "period": period, "breakdown": breakdown})


def totals(store: Store, period: str, indicators: tuple[str, ...], districts: tuple[str, ...] | None = None) -> dict[str, Decimal]:
    """Sum of the 合计 row over the chosen districts; an indicator nobody reported is absent."""
    if _districts_param(districts) is None:
        rows = store.rows("select indicator, value from current_totals where period = ? and breakdown = 'all' and list_contains(?, indicator)",
                          [period, list(indicators)])
    else:
        rows = store.rows(_sql("totals"), {"period": period, "indicators": list(indicators), "districts": _districts_param(districts)})
    return {r[0]: Decimal(r[1]) for r in rows}


def reporters(store: Store, period: str, indicators: tuple[str, ...], districts: tuple[str, ...] | None = None) -> dict[str, frozenset[str]]:
    """For each indicator, the districts whose 合计 row of this period holds it (a total over fewer
    districts than should report must say so). A set: callers ask of each expected district whether
    it is in there, which for a tuple of 3,000 districts was 3,000 × 3,000 comparisons per card."""
    rows = store.rows(_sql("reporters"), {"period": period, "indicators": list(indicators), "districts": _districts_param(districts)})
    return {r[0]: frozenset(r[1]) for r in rows}


def expected_districts(registry: Registry, period: str, districts: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The districts that should report in a period (a district reports from its first period on)."""
    p = Period.parse_code(period)
    reporting = {first for first in {d.first_period for d in registry.districts} if Period.parse_code(first) <= p}  # few distinct starts
    chosen = set(districts) if districts else None
    return tuple(d.code for d in registry.districts if d.first_period in reporting and (chosen is None or d.code in chosen))


def by_district(store: Store, period: str, indicators: tuple[str, ...], districts: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per district, one column per indicator (floats, for charts); missing values are NaN."""
    frame = store.frame(
        _sql("by_district"), {"period": period, "indicators": list(indicators), "districts": _districts_param(districts)}
    )
    if frame.empty:
        return pd.DataFrame(columns=["district", *indicators])
    wide = frame.pivot(index="district", columns="indicator", values="value").reset_index()
    for ind in indicators:
        if ind not in wide.columns:
            wide[ind] = float("nan")
    wide.columns.name = None
    return wide[["district", *indicators]]


def industries_covered(store: Store, period: str, districts: tuple[str, ...] | None = None) -> int:
    return int(store.scalar(_sql("industries_covered"), {"period": period, "districts": _districts_param(districts)}) or 0)


def data_cutoff(store: Store, period: str) -> dt.datetime | None:
    """When the data of a quarter was last changed: the latest commit among the returns in force."""
    return store.scalar("select max(uploaded_at) from submissions where status = 'active' and period = ?", [period])


def sample_in_use(store: Store) -> bool:
    """True while any data in force came from the generated sample city."""
    return bool(store.scalar("select count(*) from submissions where status = 'active' and is_sample"))


@dataclass(frozen=True)
class Kpi:
    code: str
    label: str
    value: Decimal | None
    previous: Decimal | None  # the same quarter a year earlier, when there is one
    unit: str
    is_rate: bool = False
    last_quarter: Decimal | None = None  # the quarter before (环比), for period-end stocks only
    stock: bool = False  # 环比 is shown for stocks; for year-to-date flows it would compare unlike things
    higher_is_better: bool = True  # False for e.g. members leaving: a rise is shown in red
    indicators: tuple[str, ...] = ()  # the stored indicators it is computed from (for its coverage)

    @property
    def sources(self) -> tuple[str, ...]:
        return self.indicators or (self.code,)


def page_kpis(store: Store, registry: Registry, page: str, period: str, districts: tuple[str, ...] | None = None) -> list[Kpi]:
    """A leader page's KPI row as kpis.csv declares it (see insights.kpis)."""
    from insights.kpis import page_kpis as build

    return build(store, registry, page, period, districts)


def year_end_projection(store: Store, registry: Registry, period: str, districts: tuple[str, ...] | None = None,
                        indicator: str = "joined_ytd") -> pd.DataFrame:
    """预计全年完成 per district and for the chosen total (see insights.projection)."""
    from insights.projection import projection

    return projection(store, registry, period, indicator, districts)


def trend(store: Store, indicators: tuple[str, ...], districts: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Long frame: period, indicator, value (sum of 合计 over districts), districts (how many reported)."""
    if _districts_param(districts) is None:
        return _city(store, indicators, breakdown="all")[["period", "indicator", "value", "districts"]]
    return store.frame(_sql("trend"), {"indicators": list(indicators), "districts": _districts_param(districts)})


def by_breakdown(store: Store, period: str, indicators: tuple[str, ...], districts: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per breakdown code, one column per indicator (summed over the chosen districts)."""
    if _districts_param(districts) is None:
        frame = _city(store, indicators, period=period)[["breakdown", "indicator", "value"]]
    else:
        frame = store.frame(_sql("by_breakdown"), {"period": period, "indicators": list(indicators), "districts": _districts_param(districts)})
    if frame.empty:
        return pd.DataFrame(columns=["breakdown", *indicators])
    wide = frame.pivot(index="breakdown", columns="indicator", values="value").reset_index()
    wide.columns.name = None
    for ind in indicators:
        if ind not in wide.columns:
            wide[ind] = float("nan")
    return wide[["breakdown", *indicators]]


def quarter_trend(store: Store, indicators: tuple[str, ...], districts: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Quarter values of YTD indicators (合计), summed over districts; NaN where a quarter can't be derived."""
    if _districts_param(districts) is None:
        city = _city(store, indicators, breakdown="all")
        city = city[city["period"].str.fullmatch(r"\d{4}-Q\d")]
        return city[["period", "indicator", "quarter_value"]].rename(columns={"quarter_value": "value"}).reset_index(drop=True)
    frame = store.frame(
        f"select period, indicator, case when count(*) = count(value) then sum(value) end as value "
        f"from ({_sql('quarter_values')}) where breakdown = 'all' group by period, indicator order by period",
        {"indicators": list(indicators), "districts": _districts_param(districts)},
    )
    return frame


def membership_targets(store: Store, registry: Registry, period: str, districts: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Per district: 本年累计新发展 against 年度发展任务 (合计), with progress = the registry's target_progress."""
    from insights.metrics import with_ratios

    frame = by_district(store, period, ("joined_ytd", "joined_target"), districts)
    return with_ratios(frame, "target_progress", reg=registry).rename(columns={"target_progress": "progress"})


STATUS_LABELS = {"missing": "缺报", "partial": "部分报送", "late": "逾期报送", "warnings": "有提醒", "corrected": "已更正", "received": "已报送"}


def completeness(store: Store, registry: Registry, periods: tuple[str, ...], deadline_days: int) -> pd.DataFrame:
    """District × quarter, one row per cell: its strongest state (状态) and every state with details (详情).

    States strongest first are insights.completeness.STATES: 缺报, 部分报送 (a form missing, or a form in
    force holding fewer indicators than the form has), 逾期报送, 已更正, 有提醒, 已报送."""
    from insights import completeness as cmp

    frame = store.frame(_sql("completeness"), {"periods": list(periods)})
    got: dict[tuple[str, str], dict[str, cmp.FormReceipt]] = {}
    for r in frame.itertuples():
        got.setdefault((r.district, r.period), {})[r.form] = cmp.FormReceipt(
            form=r.form, active=bool(r.active), active_version=None if pd.isna(r.active_version) else int(r.active_version),
            indicators=int(r.indicators), warnings=int(r.warnings), submissions=int(r.submissions),
            rolled_back=int(r.rolled_back), first_received=r.first_received.to_pydatetime(),
        )
    rows = []
    for d in registry.districts:
        for period in periods:
            if Period.parse_code(period) < Period.parse_code(d.first_period):
                continue
            forms = got.get((d.code, period), {})
            states = cmp.cell_states(registry, period, forms, deadline_days)
            received = cmp.receipt_line(registry, forms, deadline_days, period)
            rows.append({
                "district": d.code, "区县": d.name, "period": period, "status": states[0][0], "状态": cmp.STATES[states[0][0]],
                "states": tuple(code for code, _ in states), "情况": cmp.describe(states), "报送时间": received,
                "详情": cmp.describe(states, received),
            })
    return pd.DataFrame(rows, columns=["district", "区县", "period", "status", "状态", "states", "情况", "报送时间", "详情"])


def submission_history(store: Store, district: str, period: str) -> pd.DataFrame:
    return store.frame(sql_text("history"), [district, district, period, period])


def submission_warnings(store: Store, submission_id: int) -> pd.DataFrame:
    return store.frame("select sheet, cell, message, advice from submission_issues where submission_id = ? order by sheet, cell", [submission_id])


def observations_with_source(store: Store, period: str | None, districts: tuple[str, ...] | None, form: str | None,
                             limit: int = 50_000) -> pd.DataFrame:
    """The data in force with where each value came from (file, sheet, cell, version)."""
    return store.frame(_sql("provenance"), {"period": period, "districts": _districts_param(districts), "form": form, "limit": limit})


def audit_entries(store: Store, since: str | None = None, until: str | None = None, actions: tuple[str, ...] | None = None,
                  actor: str | None = None, limit: int = 5000) -> pd.DataFrame:
    """The audit log, newest first: logged_at, actor, action, detail (dates as YYYY-MM-DD, inclusive)."""
    return store.frame(_sql("audit_entries"), {
        "since": since, "until": until, "actions": list(actions) if actions else None,
        "actor": actor or None, "limit": limit,
    })


def audit_actions(store: Store) -> list[str]:
    return [r[0] for r in store.rows("select distinct action from audit_log order by action")]


# --- 数据疑点 (insights.flags) on 报送情况 --------------------------------------------------------------------


def data_flags(store: Store, registry: Registry, periods: tuple[str, ...], districts: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every 数据疑点 of these quarters and districts (None: all), verified ones included (insights.flags.flags)."""
    from insights.flags import flags

    return flags(store, registry, periods, districts)


def submissions_by_id(store: Store, ids: tuple[int, ...]) -> pd.DataFrame:
    """The submissions a flag's sources name: id, district, period, form, version, status, file, sheet, who and when."""
    return store.frame("select id, district, period, form, version, status, file_name, sheet, uploaded_by, uploaded_at "
                       "from submissions where list_contains(?, id) order by id", [list(ids)])


def submission_cells(store: Store, submission_id: int) -> pd.DataFrame:
    """The stored sheet of a submission as it was sent: row_index, col_index (from 0), address, text."""
    return store.frame("select row_index, col_index, address, text from raw_cells where submission_id = ? "
                       "order by row_index, col_index", [submission_id])
