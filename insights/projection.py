"""预计全年完成: the year-end value of a target indicator, projected from its year-to-date value and each
district's own seasonal pattern.

The pattern is the share of the year's total that earlier years had reached by the same quarter
(本年累计 at Qn ÷ 本年累计 at Q4), the median over the years on record:
- a district with two or more earlier years uses its own years (本区往年进度);
- with fewer, the city's years (all districts' Qn summed ÷ their Q4 summed, per year) (全市往年进度);
- with no earlier year anywhere, the share of the year elapsed (按时间直线推算: Q1 25%, Q2 50%, Q3 75%).
projected = ytd ÷ share; the range divides by the highest and the lowest of the years' shares.

A target indicator is any annual target (kind T) the dictionary divides a year-to-date indicator by
(a derived indicator whose formula reads "<本年累计…> ÷ <…任务>"), so a city that adds a target adds a
projection with it.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from insights import fmt
from insights.charts import RANKING_N
from insights.narrative import scope_name
from pipelines.periods import QUARTER_NAMES, Period
from pipelines.registry import District, Registry
from pipelines.store import Store, sql_text

SQL_DIR = Path(__file__).parent / "sql"

# Status of the projection: 绿 on course to reach the task, 黄 within 10 points of it, 红 further off.
GREEN_AT = 1.0
AMBER_AT = 0.9
STATUS_RULE = "绿：预计全年完成率达到100%；黄：预计完成90%至100%（不含100%）；红：预计完成不到90%。"
STATUS_KEYS = {"绿": "green", "黄": "amber", "红": "red"}  # as insights.charts.RAG_COLOURS

OWN_YEARS_NEEDED = 2  # fewer earlier years of its own and a district borrows the city's pattern

METHOD_OWN = "本区往年进度（{n}年中位数）"
METHOD_CITY = "全市往年进度（{n}年中位数）"
METHOD_LINE = "按时间直线推算"
METHOD_DONE = "全年数已报（第四季度）"
METHOD_NONE = "本期未报送"
METHOD_SUM = "各区县预计数相加"

COLUMNS = ["district", "区县", "level", "ytd", "target", "progress", "share", "years", "pattern", "method",
           "projected", "low", "high", "projected_rate", "low_rate", "high_rate", "status", "status_key"]


@cache
def _sql(name: str) -> str:
    return sql_text(name, SQL_DIR)


@dataclass(frozen=True)
class TargetPair:
    """A year-to-date indicator and the annual task it is measured against."""

    ytd: str  # joined_ytd
    target: str  # joined_target
    progress: str  # target_progress, the derived 完成年度任务
    ytd_name: str  # 本年累计新发展会员
    target_name: str  # 年度发展任务
    unit: str

    @property
    def what(self) -> str:
        """The flow a speech names: 本年累计新发展会员 -> 新发展会员."""
        for prefix in ("本年累计", "本年", "累计"):
            if self.ytd_name.startswith(prefix) and len(self.ytd_name) > len(prefix):
                return self.ytd_name[len(prefix):]
        return self.ytd_name


def target_pairs(registry: Registry) -> tuple[TargetPair, ...]:
    """Every (year-to-date, annual task) pair the dictionary defines through a derived "A ÷ B" indicator."""
    found = []
    for derived in registry.indicators:
        if not derived.derived or "÷" not in derived.formula:
            continue
        num_name, _, den_name = (part.strip() for part in derived.formula.partition("÷"))
        same_form = {i.name: i for i in registry.indicators_of(derived.form)}
        num, den = same_form.get(num_name), same_form.get(den_name)
        if num is not None and den is not None and num.kind == "Y" and den.kind == "T":
            found.append(TargetPair(num.code, den.code, derived.code, num.name, den.name, num.unit))
    return tuple(found)


def target_pair(registry: Registry, code: str = "joined_ytd") -> TargetPair:
    """The pair one of whose codes (year-to-date, task or progress) is `code`."""
    for pair in target_pairs(registry):
        if code in (pair.ytd, pair.target, pair.progress):
            return pair
    raise KeyError(f"指标 {code} 没有年度任务（指标字典中没有“本年累计 ÷ 年度任务”的派生指标）")


def status_of(rate: float | None) -> str:
    """红/黄/绿 of a projected completion rate (0..1); "" when there is none."""
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return ""
    if rate >= GREEN_AT:
        return "绿"
    return "黄" if rate >= AMBER_AT else "红"


def ytd_history(store: Store, indicators: tuple[str, ...]) -> pd.DataFrame:
    """district, year, quarter, indicator, value (float) of the 合计 row, every quarter on record."""
    return store.frame(_sql("ytd_by_quarter"), {"indicators": list(indicators)})


def projection(store: Store, registry: Registry, period: str, indicator: str = "joined_ytd",
               districts: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per district that should report in `period` (registry order), then one row for the city
    (or the chosen districts together, level "city", district ""). Columns: see COLUMNS; rates 0..1."""
    pair = target_pair(registry, indicator)
    p, quarter = _quarter(period)
    # Only what one quarter's projection reads, paired in the database (ytd_for_projection.sql): with 3,000
    # districts × 40 quarters, bringing every district's quarters to Python took longer than the projection.
    rows = store.frame(_sql("ytd_for_projection"), {"ytd": pair.ytd, "target": pair.target, "year": p.year, "quarter": quarter})
    done = rows[rows["kind"] == pair.ytd].set_index("district")["value"]
    target = rows[rows["kind"] == pair.target].set_index("district")["value"]
    earlier = rows[rows["kind"] == "earlier"][["district", "year", "value", "full"]].reset_index(drop=True)
    return _project(registry, period, districts, done, target, earlier)


def project(history: pd.DataFrame, registry: Registry, period: str, pair: TargetPair,
            districts: tuple[str, ...] | None = None) -> pd.DataFrame:
    """`projection` over a history frame already read (district, year, quarter, indicator, value; any
    order, more quarters than needed allowed)."""
    p, quarter = _quarter(period)
    year = p.year
    history = history.drop_duplicates(subset=["district", "year", "quarter", "indicator"], keep="last")
    this_quarter = history[(history["year"] == year) & (history["quarter"] == quarter)]
    done = this_quarter[this_quarter["indicator"] == pair.ytd].set_index("district")["value"]
    target = this_quarter[this_quarter["indicator"] == pair.target].set_index("district")["value"]

    # One row per district and earlier year with a positive Q4: the share of the year reached by this quarter.
    ytd = history[(history["indicator"] == pair.ytd) & (history["year"] < year)]
    earlier = ytd[ytd["quarter"] == quarter][["district", "year", "value"]].merge(
        ytd[ytd["quarter"] == 4][["district", "year", "value"]].rename(columns={"value": "full"}), on=["district", "year"])
    # A year with nothing done by this quarter says nothing about the pace (and would divide by zero): left out.
    earlier = earlier[(earlier["full"] > 0) & (earlier["value"] > 0)].sort_values(["district", "year"])
    return _project(registry, period, districts, done, target, earlier.reset_index(drop=True))


def _project(registry: Registry, period: str, districts: tuple[str, ...] | None, done: pd.Series,
             target: pd.Series, earlier: pd.DataFrame) -> pd.DataFrame:
    """The projection from this quarter's values (done, target: by district code) and the earlier years
    (district, year, value, full; both positive; ordered by district and year)."""
    p, quarter = _quarter(period)
    earlier = earlier.assign(share=earlier["value"] / earlier["full"])
    shown = [d for d in registry.districts if not (_starts(d.first_period) > p or (districts and d.code not in districts))]
    frame = _district_rows(shown, done, target, quarter, _own_years(earlier, quarter), _city_years(earlier))
    names = [d.name for d in registry.districts if d.code in districts] if districts else None
    city_row = _city_row(frame, scope_name(registry.city.get("city_name", ""), names))
    return pd.concat([frame, pd.DataFrame([city_row], columns=COLUMNS)], ignore_index=True)


def _quarter(period: str) -> tuple[Period, int]:
    p = Period.parse_code(period)
    if p.quarter is None:
        raise ValueError(f"预计全年完成按季度推算，{p.label}不是季度。")
    return p, p.quarter


@cache
def _starts(first_period: str) -> Period:
    return Period.parse_code(first_period)


def _city_years(earlier: pd.DataFrame) -> list[tuple[int, float]]:
    """(year, the city's share) per earlier year: the districts' values summed ÷ their Q4 summed. Added up
    one after another in district order (np.cumsum), as the figures have always been made: pandas' sum
    compensates rounding and would move the last digit of every projection that uses the city's years."""
    out = []
    for y, rows in earlier.groupby("year", sort=True):
        num = float(np.cumsum(rows["value"].to_numpy())[-1])
        den = float(np.cumsum(rows["full"].to_numpy())[-1])
        out.append((int(y), num / den))
    return out


def _own_years(earlier: pd.DataFrame, quarter: int) -> pd.DataFrame:
    """Per district with earlier years of its own (index: code): years, share (their median), lowest,
    highest, and the pattern that names them."""
    own = earlier.groupby("district", sort=False)["share"].agg(["size", "median", "min", "max"])  # the keys factorized once
    own.columns = ["years", "share", "lowest", "highest"]
    # The years listed in the rows' order (by year within a district): one pass over plain lists, as a
    # pandas string aggregation per district took most of the projection's time with 3,000 districts.
    listed: dict[str, list[str]] = {}
    for d, y, s in zip(earlier["district"].tolist(), earlier["year"].tolist(), earlier["share"].tolist(), strict=True):
        listed.setdefault(d, []).append(f"{y}年{s * 100:.1f}%")  # fmt.percent of a positive share, inlined
    own["pattern"] = [f"本区往年{QUARTER_NAMES[quarter]}末完成全年的比例：{'、'.join(listed[d])}，取中位数{fmt.percent(share)}"
                      for d, share in zip(own.index, own["share"], strict=True)]
    return own


def _district_rows(shown: list[District], done_by: pd.Series, target_by: pd.Series, quarter: int,
                   own: pd.DataFrame, city: list[tuple[int, float]]) -> pd.DataFrame:
    """One row per district of `shown` (COLUMNS): projected with its own years where it has enough of
    them, else the city's, else the straight line; at Q4 the year itself; nothing when it has not reported."""
    if not shown:
        return pd.DataFrame([], columns=COLUMNS)
    codes = [d.code for d in shown]
    n = len(codes)
    done = done_by.reindex(codes).to_numpy(dtype=float)
    target = target_by.reindex(codes).to_numpy(dtype=float)
    if quarter == 4:
        share, years = np.ones(n), np.zeros(n, dtype=int)
        pattern = np.full(n, "第四季度的本年累计数即全年数", dtype=object)
        method = np.full(n, METHOD_DONE, dtype=object)
        projected = low = high = done
    else:
        # What a district without enough years of its own uses: the city's years, or the straight line.
        if city:
            shares = [s for _, s in city]
            c_share, c_highest, c_lowest = statistics.median(shares), max(shares), min(shares)
            c_pattern = (f"全市往年{QUARTER_NAMES[quarter]}末完成全年的比例："
                         + "、".join(f"{y}年{fmt.percent(s)}" for y, s in city) + f"，取中位数{fmt.percent(c_share)}")
            c_method = METHOD_CITY.format(n=len(city))
        else:
            c_share, c_highest, c_lowest = quarter / 4, math.nan, math.nan
            c_pattern = f"没有往年数据，{QUARTER_NAMES[quarter]}末按全年的{fmt.percent(c_share, 0)}计"
            c_method = METHOD_LINE
        own = own.reindex(codes)
        own_years = own["years"].fillna(0).to_numpy(dtype=int)
        uses_own = own_years >= OWN_YEARS_NEEDED
        share = np.where(uses_own, own["share"].to_numpy(dtype=float), c_share)
        years = np.where(uses_own, own_years, len(city))
        pattern = np.where(uses_own, own["pattern"].to_numpy(dtype=object), c_pattern)
        method = np.where(uses_own, np.array([METHOD_OWN.format(n=k) for k in own_years], dtype=object), c_method)
        projected = done / share
        low = done / np.where(uses_own, own["highest"].to_numpy(dtype=float), c_highest)  # the range: the years' ends
        high = done / np.where(uses_own, own["lowest"].to_numpy(dtype=float), c_lowest)
    reported = ~np.isnan(done)
    has_target = target > 0
    per_target = np.where(has_target, target, 1.0)  # no division by a missing or zero task

    rows = pd.DataFrame({
        "district": codes, "区县": [d.name for d in shown], "level": "district", "ytd": done, "target": target,
        "progress": np.where(has_target, done / per_target, math.nan),
        "share": np.where(reported, share, math.nan), "years": np.where(reported, years, 0),
        "pattern": np.where(reported, pattern, ""), "method": np.where(reported, method, METHOD_NONE),
        "projected": np.where(reported, projected, math.nan), "low": np.where(reported, low, math.nan),
        "high": np.where(reported, high, math.nan),
    })
    for col, rate_col in (("projected", "projected_rate"), ("low", "low_rate"), ("high", "high_rate")):
        rows[rate_col] = np.where(has_target, rows[col].to_numpy() / per_target, math.nan)
    rate = rows["projected_rate"]  # status_of, row by row
    rows["status"] = np.select([rate >= GREEN_AT, rate >= AMBER_AT, rate.notna()], ["绿", "黄", "红"], "")
    rows["status_key"] = rows["status"].map(STATUS_KEYS).fillna("")
    return rows[COLUMNS]


def _rates(row: dict[str, object]) -> dict[str, object]:
    target = float(row["target"])  # type: ignore[arg-type]
    for col, rate_col in (("projected", "projected_rate"), ("low", "low_rate"), ("high", "high_rate")):
        v = float(row[col])  # type: ignore[arg-type]
        row[rate_col] = v / target if target > 0 and not math.isnan(v) else math.nan
    rate = float(row["projected_rate"])  # type: ignore[arg-type]
    row["status"] = status_of(rate)
    row["status_key"] = STATUS_KEYS.get(str(row["status"]), "")
    return row


def _city_row(frame: pd.DataFrame, label: str) -> dict[str, object]:
    """The chosen districts together: sums of their numbers (a district without a projection is left out
    and counted in the method text); the range sums the districts' ends, a straight-line district
    contributing its projection to both."""
    counted = frame.dropna(subset=["projected", "target"])
    counted = counted[counted["target"] > 0]
    n, total = len(counted), len(frame)
    low = counted["low"].fillna(counted["projected"]).sum()
    high = counted["high"].fillna(counted["projected"]).sum()
    method = METHOD_SUM if n == total else f"{METHOD_SUM}（{n}/{total}个区县）"
    done, target = counted["ytd"].sum(), counted["target"].sum()
    row: dict[str, object] = {
        "district": "", "区县": label, "level": "city", "ytd": done if n else math.nan, "target": target if n else math.nan,
        "progress": done / target if n else math.nan, "share": done / counted["projected"].sum() if n else math.nan,
        "years": 0, "pattern": "", "method": method,
        "projected": counted["projected"].sum() if n else math.nan, "low": low if n else math.nan, "high": high if n else math.nan,
    }
    return _rates(row)


def range_text(low_rate: float, high_rate: float) -> str:
    """The range as a table shows it: "92%–104%"; "—" when there is none (no earlier year)."""
    if pd.isna(low_rate) or pd.isna(high_rate):
        return "—"
    if round(low_rate * 100) == round(high_rate * 100):
        return f"{low_rate * 100:.0f}%"
    return f"{low_rate * 100:.0f}%–{high_rate * 100:.0f}%"


def speech_sentence(frame: pd.DataFrame, pair: TargetPair, period: str) -> str | None:
    """按目前进度，预计全年新发展会员x万人，完成年度任务x%；x个区县可能完不成：… (None without a projection)."""
    city = frame[frame["level"] == "city"].iloc[0]
    if pd.isna(city["projected_rate"]):
        return None
    quarter = Period.parse_code(period).quarter
    districts = frame[frame["level"] == "district"]
    short = districts[districts["projected_rate"] < GREEN_AT].sort_values("projected_rate")
    scope = "" if city["区县"].startswith("全") else str(city["区县"])
    amount = fmt.amount(city["projected"], pair.unit)
    rate = fmt.percent(city["projected_rate"])
    if quarter == 4:
        head = f"{scope}全年{pair.what}{amount}，完成年度任务{rate}"
        tail_word, none_left = "未完成", "各区县均已完成年度任务"
    else:
        head = f"按目前进度，{scope}预计全年{pair.what}{amount}，完成年度任务{rate}"
        tail_word, none_left = "可能完不成", "各区县均有望完成年度任务"
    if len(districts) == 1:
        return head + "。"
    if short.empty:
        return f"{head}；{none_left}。"
    # A province has hundreds short of their task: a speech names the slowest RANKING_N, as a ranking shows them.
    slowest = short.head(RANKING_N)
    word = "完成" if quarter == 4 else "预计"
    named = "、".join(f"{name}（{word}{fmt.percent(rate)}）" for name, rate in zip(slowest["区县"], slowest["projected_rate"], strict=True))
    if len(short) > RANKING_N:
        lowest = "完成率最低" if quarter == 4 else "预计完成率最低"
        return f"{head}；{len(short)}个区县{tail_word}，{lowest}的{RANKING_N}个：{named}。"
    return f"{head}；{len(short)}个区县{tail_word}：{named}。"


def method_text(pair: TargetPair) -> str:
    """How the projection is made, in plain Chinese, for the ? beside it."""
    return (
        f"预计全年{pair.what} = 本年累计数 ÷ 往年同一季度末已完成全年的比例。"
        f"比例按各区县自己往年的数据计算（如第二季度末累计数 ÷ 当年第四季度累计数），取各年的中位数；"
        f"某区县往年数据不足两年时，改用全市往年的比例；全市也没有往年数据时，按时间直线推算"
        f"（第一季度末按全年的25%、第二季度末按50%、第三季度末按75%）。每个区县用的是哪种方法，表中“推算方法”一列写明。"
        f"区间：用往年比例中最高和最低的一年分别推算，数据越整齐，区间越窄。"
        f"全市（或所选区县）的预计数是各区县预计数之和。预计全年完成率 = 预计全年{pair.what} ÷ {pair.target_name}。"
        f"颜色：{STATUS_RULE}"
    )
