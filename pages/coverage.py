"""建会入会: 建会率 and 入会率 (both 口径, labelled) by district and unit type, trends, shares, new unions."""

import streamlit as st

from insights import charts
from insights.metrics import RATE_COLUMN, RATE_NAMES, wide_trend, with_ratios
from ui.data import q, registry
from ui.page import breakdown_rows, chart, district_map_section, district_ranking, header, plot, scope_label, total_label
from ui.widgets import kpi_grid

reg = registry()
source = reg.city["source_line"]
f, p = header("建会入会")
COUNTS = ("units_total", "units_unionized", "unions", "unions_joint", "employees", "employees_in_unionized",
          "members", "members_female", "members_migrant", "unions_new_ytd")

now = q("totals", f.period, COUNTS, f.districts)
if not now:
    st.info("所选区县在本期没有报送表一（工会组织建设情况）。请换一个季度或区县。")
    st.stop()
cards = q("page_kpis", "coverage", f.period, f.districts)  # the row declared in data/registry/kpis.csv
kpi_grid(cards, f"{p.label}，{scope_label(f)}合计")

by_district = with_ratios(q("by_district", f.period, COUNTS), "unionization_rate", "rate_a", "rate_b", "female_share", "migrant_share", reg=reg)
rate_col = RATE_COLUMN[f.rate_basis]
left, right = st.columns(2)
with left:
    district_ranking(by_district, value_col="unionization_rate", title=f"{p.label} 各区县建会率（%）", unit="%", key="cov_rank_union", is_rate=True, about=("unionization_rate",))
with right:
    district_ranking(by_district, value_col=rate_col, title=f"{p.label} 各区县{RATE_NAMES[f.rate_basis]}", unit="%", key="cov_rank_rate", is_rate=True, about=("membership_rate",))
    st.caption("口径A：会员人数 ÷ 已建会单位职工人数；口径B：会员人数 ÷ 全部职工人数。两种口径差别很大，可在左侧“入会率口径”切换。")

st.subheader("按单位类型")
by_type = with_ratios(q("by_breakdown", f.period, COUNTS, f.districts), "unionization_rate", "rate_a", "rate_b", reg=reg)
by_type = breakdown_rows(by_type, "unit_type", "单位类型")
left, right = st.columns(2)
with left:
    chart(plot(charts.grouped_bars, by_type.assign(建会率=by_type["unionization_rate"] * 100, 入会率=by_type[rate_col] * 100),
                              label_col="单位类型", series=[("建会率", "建会率"), ("入会率", f"入会率（口径{f.rate_basis}）")],
                              title=f"{p.label} {total_label(f)}各类单位建会率与入会率（%）", unit="%", source=source), key="cov_type_rates", about=('unionization_rate', 'membership_rate'))
with right:
    chart(plot(charts.grouped_bars, by_type, label_col="单位类型", series=[("members", "会员"), ("members_female", "其中：女会员"), ("members_migrant", "其中：农民工会员")],
                              title=f"{p.label} {total_label(f)}各类单位会员人数（人）", unit="人", source=source), key="cov_type_groups", about=('members', 'members_female', 'members_migrant'))

st.subheader("趋势")
trend = with_ratios(wide_trend(q("trend", COUNTS, f.districts)), "unionization_rate", "rate_a", "rate_b", "female_share", "migrant_share", reg=reg)
left, right = st.columns(2)
with left:
    chart(plot(charts.trend_lines, trend, x_col="季度", series=[("unionization_rate", "建会率"), ("rate_a", "入会率（口径A）"), ("rate_b", "入会率（口径B）")],
                             title=f"{total_label(f)}建会率、入会率走势（%）", unit="%", source=source, is_rate=True), key="cov_trend_rates", about=('unionization_rate', 'membership_rate'))
with right:
    chart(plot(charts.trend_lines, trend, x_col="季度", series=[("female_share", "女会员占比"), ("migrant_share", "农民工会员占比")],
                             title=f"{total_label(f)}女会员、农民工会员占会员比例（%）", unit="%", source=source, is_rate=True), key="cov_trend_shares", about=('members_female', 'members_migrant'))

district_ranking(by_district, value_col="unions_new_ytd", title=f"{p.ytd_label} 各区县新建基层工会数（个）", unit="个", key="cov_rank_new", about=('unions_new_ytd',))

st.subheader("区县地图")
district_map_section(by_district, {
    rate_col: (RATE_NAMES[f.rate_basis].split("（")[0] + f"（口径{f.rate_basis}）", "%", True),
    "unionization_rate": ("建会率", "%", True),
    "members": ("工会会员人数", "人", False),
    "unions": ("基层工会数", "个", False),
}, p.label, "cov_map")
