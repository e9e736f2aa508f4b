"""会员发展: stock trend, 新发展 per quarter, YTD against 年度任务, key groups, joins vs leaves."""

import streamlit as st

from insights import charts
from insights.metrics import wide_trend, with_ratios
from ui.data import q, registry
from ui.page import (
    RANKING_N,
    breakdown_rows,
    chart,
    district_map_section,
    header,
    plot,
    projection_table,
    scope_label,
    total_label,
)
from ui.widgets import kpi_grid

reg = registry()
source = reg.city["source_line"]
f, p = header("会员发展")
FLOWS = ("members_start", "members_joined", "members_left", "members_end", "joined_ytd", "joined_target")

now = q("totals", f.period, FLOWS, f.districts)
if not now:
    st.info("所选区县在本期没有报送表二（会员发展情况）。请换一个季度或区县。")
    st.stop()
groups = q("by_breakdown", f.period, ("members_end", "joined_ytd", "joined_target"), f.districts)
cards = q("page_kpis", "membership", f.period, f.districts)  # the row declared in data/registry/kpis.csv
kpi_grid(cards, f"{p.label}，{scope_label(f)}合计")

start, joined, lost, end = (float(now.get(k, 0)) for k in ("members_start", "members_joined", "members_left", "members_end"))
st.caption(f"本期：期初会员 {start:,.0f} 人，新发展 {joined:,.0f} 人，减少 {lost:,.0f} 人，期末 {end:,.0f} 人"
           + (f"（另有转入转出等差额 {end - start - joined + lost:+,.0f} 人）" if end != start + joined - lost else "") + "。")

st.subheader("年度发展任务完成情况")
targets = q("membership_targets", f.period, f.districts)
names = {d.code: d.name for d in reg.districts}
with_task = targets.dropna(subset=["progress"])
shown = charts.limit_ranking(with_task, "progress", RANKING_N)
if len(shown) < len(with_task):
    st.caption(f"共 {len(targets)} 个区县，图中为完成比例最高的 {RANKING_N} 个和最低的 {RANKING_N} 个。")
chart(plot(charts.progress_bars, shown.assign(区县=shown["district"].map(names)), label_col="区县", progress_col="progress", colour_col="district",
                           expected=p.end_month / 12, title=f"{p.ytd_label} {scope_label(f)}完成年度会员发展任务（%）", source=source),
      key="mem_progress", about=('target_progress',))
projection_table(p.code, f.districts, key="mem_projection")

st.subheader("会员总量与增减")
trend = wide_trend(q("trend", FLOWS, f.districts))
left, right = st.columns(2)
with left:
    chart(plot(charts.trend_lines, trend, x_col="季度", series=[("members_end", "期末会员数")], title=f"{total_label(f)}会员人数走势（人）",
                             unit="人", source=source), key="mem_stock", about=('members_end',))
with right:
    chart(plot(charts.trend_lines, trend, x_col="季度", series=[("members_joined", "新发展"), ("members_left", "减少")],
                             title=f"{total_label(f)}各季度新发展与减少会员（人）", unit="人", source=source, bars=True), key="mem_flows", about=('members_joined', 'members_left'))

st.subheader("重点群体")
key_groups = breakdown_rows(groups, "group", "群体")
key_groups = with_ratios(key_groups, "target_progress", reg=reg)
left, right = st.columns(2)
with left:
    chart(plot(charts.grouped_bars, key_groups, label_col="群体", series=[("members_end", "期末会员数")],
                              title=f"{p.label} {total_label(f)}重点群体会员人数（人）", unit="人", source=source), key="mem_groups", about=('members_end',))
with right:
    chart(plot(charts.grouped_bars, key_groups, label_col="群体", series=[("joined_ytd", "本年累计新发展"), ("joined_target", "年度任务")],
                              title=f"{p.ytd_label} {total_label(f)}重点群体新发展与任务（人）", unit="人", source=source), key="mem_groups_target", about=('joined_ytd', 'joined_target'))
st.caption("新就业形态劳动者包括货车司机、快递员、外卖配送员、网约车司机等；女职工、农民工为“其中”项，与其他群体有重叠。")

st.subheader("区县地图")
district_map_section(with_ratios(q("by_district", f.period, ("members_end", "joined_ytd", "joined_target")), "target_progress", reg=reg), {
    "members_end": ("期末会员数", "人", False),
    "joined_ytd": ("本年累计新发展会员", "人", False),
    "target_progress": ("完成年度发展任务", "%", True),
}, p.label, "mem_map")
