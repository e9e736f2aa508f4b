"""Small display pieces shared by pages: KPI cards."""

from __future__ import annotations

from streamlit.delta_generator import DeltaGenerator

from insights import fmt
from insights.queries import Kpi


def kpi_value(k: Kpi) -> str:
    if k.value is None:
        return "—"
    if k.is_rate:
        return fmt.percent(k.value, 2)
    if k.unit == "元":
        return f"{fmt.wan(k.value)}万元"
    return fmt.amount(k.value, k.unit)


def kpi_delta(k: Kpi) -> str | None:
    """同比 as shown: a % change for counts, 个百分点 for rates, None when there is no prior value."""
    if k.is_rate:
        return fmt.points(k.value, k.previous)
    return fmt.change(k.value, k.previous)


def kpi_card(where: DeltaGenerator, k: Kpi, period_label: str) -> None:
    if k.value is None:
        where.metric(k.label, "—", help=f"{period_label}无数据", border=True)
        return
    exact = fmt.grouped(k.value * 100, 2) + "%" if k.is_rate else fmt.grouped(k.value, 2 if k.unit == "元" else 0) + k.unit
    delta = kpi_delta(k)
    if delta is None:
        # No prior period (a new district, or the first year of data): say so, never an infinite %.
        where.metric(k.label, kpi_value(k), delta="新设" if k.previous is None else "上年为0", delta_color="off",
                     delta_arrow="off", delta_description="同比", help=f"{period_label}；精确值 {exact}", border=True)
        return
    where.metric(k.label, kpi_value(k), delta=delta, delta_description="同比", help=f"{period_label}；精确值 {exact}", border=True)
