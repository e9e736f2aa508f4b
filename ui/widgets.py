"""Small display pieces shared by pages: KPI cards."""

from __future__ import annotations

import re
from dataclasses import replace

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from insights import fmt
from insights.queries import Kpi
from pipelines.registry import Registry


def kpi_value(k: Kpi) -> str:
    if k.value is None:
        return "—"
    if k.is_rate:
        return fmt.percent(k.value, 2)
    if k.unit == "元":
        return fmt.money(k.value)
    return fmt.amount(k.value, k.unit)


def kpi_delta(k: Kpi) -> str | None:
    """同比 as shown: a % change for counts, 个百分点 for rates, None when there is no prior value."""
    if k.is_rate:
        return fmt.points(k.value, k.previous)
    return fmt.change(k.value, k.previous)


def kpi_qoq(k: Kpi) -> str | None:
    """环比 line for period-end stocks: "环比 +0.8%", or an honest note when the quarter before is missing."""
    if not k.stock or k.value is None:
        return None
    if k.last_quarter is None:
        return "环比：上季度无数据"
    change = fmt.points(k.value, k.last_quarter) if k.is_rate else fmt.change(k.value, k.last_quarter)
    if not change:
        return "环比：上季度为0"
    # A change that rounds to nothing is said as 持平, as the 同比 beside it is (never "+0.0%").
    return "环比持平" if _rounds_to_zero(change) else f"环比 {change}"


def _rounds_to_zero(change: str) -> bool:
    return change.lstrip("+-").startswith(("0.0%", "0.0个百分点"))


def kpi_card(where: DeltaGenerator, k: Kpi, period_label: str, missing: tuple[str, ...] = (), of: int = 0) -> None:
    """One KPI card; `missing` names the districts (of `of` that should report) its total lacks."""
    if missing:
        k = replace(k, label=f"{k.label}（{of - len(missing)}/{of}个区县）")
        period_label = f"{period_label}；未报：{'、'.join(missing)}（合计只含已报的区县）"
        if k.value is not None:
            # A total over fewer districts than a year ago is no like-for-like 同比: say so instead of a drop.
            where.metric(k.label, kpi_value(k), delta="缺报，不计同比", delta_color="off", delta_arrow="off",
                         help=period_label, border=True)
            return
    if k.value is None:
        where.metric(k.label, "—", help=f"{period_label}无数据", border=True)
        return
    qoq = kpi_qoq(k)
    if qoq:
        period_label = f"{period_label}；{qoq}"
    exact = fmt.grouped(k.value * 100, 2) + "%" if k.is_rate else fmt.grouped(k.value, 2 if k.unit == "元" else 0) + k.unit
    delta = kpi_delta(k)
    if delta is None:
        # No prior period (a new district, or the first year of data): say so, never an infinite %.
        where.metric(k.label, kpi_value(k), delta="新设" if k.previous is None else "上年为0", delta_color="off",
                     delta_arrow="off", delta_description="同比" + (f"　{qoq}" if qoq else ""), help=f"{period_label}；精确值 {exact}", border=True)
        return
    flat = _rounds_to_zero(delta)
    where.metric(k.label, kpi_value(k), delta="持平" if flat else delta, delta_description="同比" + (f"　{qoq}" if qoq else ""),
                 delta_color="off" if flat else ("normal" if k.higher_is_better else "inverse"), delta_arrow="off" if flat else "auto",
                 help=f"{period_label}；精确值 {exact}", border=True)


# The projection's three outcomes in words that agree with the speech ("x个区县可能完不成" counts 黄 and 红).
OUTLOOK = {"绿": "能完成", "黄": "完不成·差距小", "红": "完不成·差距大"}
RAG_TINTS = {"green": "#DDF2E5", "amber": "#FCEFC7", "red": "#F8DADA"}


def rag_table(targets, expected: float, projected=None) -> None:  # DataFrames from queries.membership_targets, year_end_projection
    """Districts against their annual targets, as a sortable table with a progress column; with
    `projected`, the year-end projection beside it (rate, range, status coloured by the projection).
    The styled table is drawn once per data version and contents, then replayed from the cache (pandas'
    Styler is most of the overview's run otherwise)."""
    from ui.data import data_version

    _rag_table(data_version(), targets, expected, projected)


@st.cache_data(show_spinner=False, max_entries=64)
def _rag_table(version: str, targets, expected: float, projected) -> None:  # noqa: ARG001 - version: a commit draws anew
    import pandas as pd

    from insights import charts
    from ui.data import registry

    if targets.empty:
        st.info("所选范围在本期没有年度任务数据。")
        return
    total_rows = len(targets)
    targets = charts.limit_ranking(targets, "progress", missing_last=True)  # the furthest ahead and the furthest behind
    names = {d.code: d.name for d in registry().districts}
    marks = {"green": "达到进度", "amber": "略有落后", "red": "明显落后"}
    colours = {marks[k]: v for k, v in charts.RAG_COLOURS.items()}
    table = pd.DataFrame(
        {
            "区县": targets["district"].map(names).fillna(targets["district"]),
            "年度发展任务（人）": targets["joined_target"].astype(float),
            "本年累计新发展（人）": targets["joined_ytd"].astype(float),
            "完成年度任务": (targets["progress"].astype(float) * 100).round(1),
            "状态": [marks[charts.rag(v, expected)] for v in targets["progress"]],
        }
    )
    if projected is not None and not projected.empty:
        from insights.projection import range_text

        by_code = projected[projected["level"] == "district"].set_index("district")
        rows = [by_code.loc[c] if c in by_code.index else None for c in targets["district"]]
        table["预计全年完成率"] = [None if r is None else round(float(r["projected_rate"]) * 100, 1) for r in rows]
        table["预计区间"] = ["—" if r is None else range_text(r["low_rate"], r["high_rate"]) for r in rows]
        table["预计"] = ["—" if r is None else OUTLOOK.get(r["status"], "—") for r in rows]
    table = table.sort_values("完成年度任务", ascending=False)
    # A table's progress bar has one colour for all rows (the theme's red): the share itself is tinted
    # with its row's status instead, so a district ahead of the time line is never drawn red.
    tints = {marks[k]: v for k, v in RAG_TINTS.items()}
    status = table["状态"]
    styled = (table.style
              .map(lambda v: f"color: white; background-color: {colours[v]}; font-weight: 600", subset=["状态"])
              .apply(lambda col: [f"background-color: {tints[s]}" for s in status], subset=["完成年度任务"]))
    if "预计" in table.columns:
        outlook = table["预计"]
        ahead = {OUTLOOK["绿"]: RAG_TINTS["green"], OUTLOOK["黄"]: RAG_TINTS["amber"], OUTLOOK["红"]: RAG_TINTS["red"]}
        styled = styled.apply(lambda col: [f"background-color: {ahead.get(s, 'white')}" for s in outlook], subset=["预计全年完成率", "预计"])
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        column_config={
            "年度发展任务（人）": st.column_config.NumberColumn(format="localized"),
            "本年累计新发展（人）": st.column_config.NumberColumn(format="localized"),
            "完成年度任务": st.column_config.NumberColumn(format="%.1f%%"),
            "预计全年完成率": st.column_config.NumberColumn(format="%.1f%%", help="按各区县往年进度推算的全年完成率，方法见“会员发展”页"),
        },
    )
    if len(targets) < total_rows:
        n = charts.RANKING_N
        st.caption(f"共 {total_rows} 个区县，表中为完成比例最高的 {n} 个和最低的 {n} 个；可在左侧选择区县查看其他区县。")




def kpi_grid(cards: list[Kpi], period_label: str, per_row: int | None = None) -> None:
    """KPI cards in rows of three (wide enough for 2,780.57万元 on a laptop). A total that covers fewer
    districts than should report says so in its label ("帮扶金额（8/10个区县）"), naming the missing
    ones on hover."""
    import streamlit as st

    from ui.present import kpis_per_row

    per_row = per_row or kpis_per_row(len(cards))
    missing = missing_districts(cards)
    expected = len(_expected())
    for start in range(0, len(cards), per_row):
        row = list(zip(cards, missing, strict=True))[start:start + per_row]
        for col, (k, lacking) in zip(st.columns(per_row), row, strict=False):
            kpi_card(col, k, stock_label(period_label) if k.stock else period_label, lacking, expected)


def stock_label(period_label: str) -> str:
    """A period-end count is not a year-to-date sum: "2026年1-9月累计，全市合计" reads "2026年9月末，全市合计"."""
    return re.sub(r"(\d{4})年1-(\d{1,2})月累计", r"\1年\2月末（期末数）", period_label)


def _expected() -> tuple[str, ...]:
    from insights.queries import expected_districts
    from ui.data import registry
    from ui.filters import current

    f = current()
    return expected_districts(registry(), f.period, f.districts) if f.period else ()


def missing_districts(cards: list[Kpi]) -> list[tuple[str, ...]]:
    """For each card, the names of the districts that should report but whose 合计 lacks one of its indicators."""
    from ui.data import q, registry
    from ui.filters import current

    f = current()
    if f.period is None:
        return [() for _ in cards]
    expected = _expected()
    indicators = tuple(sorted({i for k in cards for i in k.sources if i in _stored(registry())}))
    reported = q("reporters", f.period, indicators, f.districts)
    reg = registry()
    found = []
    for k in cards:
        lacking = {d for i in k.sources if i in _stored(reg) for d in expected if d not in reported.get(i, ())}
        # Nobody at all: the card says 无数据 instead.
        found.append(tuple(reg.district(d).name for d in expected if d in lacking) if len(lacking) < len(expected) else ())
    return found


def _stored(reg: Registry) -> set[str]:
    return {i.code for i in reg.indicators if not i.derived}
