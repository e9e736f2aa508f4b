"""劳动竞赛: participants by district and industry, industries covered, 重点工程, 合理化建议, 技术革新,
工人先锋号, 创经济效益; quarter values derived from YTD."""

import streamlit as st

from insights import charts
from insights.metrics import wide_trend, with_ratios
from ui.data import q, registry
from ui.page import (
    RANKING_N,
    breakdown_rows,
    chart,
    district_map_section,
    district_ranking,
    header,
    plot,
    scope_label,
    total_label,
)
from ui.widgets import kpi_grid

reg = registry()
source = reg.city["source_line"]
f, p = header("劳动和技能竞赛")
YTD = ("competitions", "units_participating", "participants", "participants_non_public", "key_projects",
       "suggestions_made", "suggestions_adopted", "innovations", "pioneer_awards", "economic_benefit")

now = q("totals", f.period, YTD, f.districts)
if not now:
    st.info("所选区县在本期没有报送表三（劳动和技能竞赛开展情况）。请换一个季度或区县。")
    st.stop()
cards = q("page_kpis", "competitions", f.period, f.districts)  # the row declared in data/registry/kpis.csv
kpi_grid(cards, f"{p.ytd_label}累计，{scope_label(f)}合计")

st.caption(f"参赛单位 {float(now.get('units_participating', 0)):,.0f} 家；非公企业参赛职工 {float(now.get('participants_non_public', 0)):,.0f} 人次；"
           f"技术革新成果 {float(now.get('innovations', 0)):,.0f} 项；命名工人先锋号 {float(now.get('pioneer_awards', 0)):,.0f} 个。")
every_district = with_ratios(q("by_district", f.period, YTD), "adoption_rate", reg=reg)  # a ranking places the chosen among all
left, right = st.columns(2)
with left:
    district_ranking(every_district, value_col="participants", title=f"{p.ytd_label} 各区县参赛职工（人次）", unit="人次", key="comp_rank_people", about=('participants',))
with right:
    district_ranking(every_district, value_col="economic_benefit", title=f"{p.ytd_label} 各区县创经济效益（万元）", unit="元", key="comp_rank_benefit", about=('economic_benefit',))

st.subheader("按行业")
by_industry = breakdown_rows(q("by_breakdown", f.period, YTD, f.districts), "industry", "行业")
left, right = st.columns(2)
with left:
    chart(plot(charts.grouped_bars, by_industry, label_col="行业", series=[("participants", "参赛职工"), ("participants_non_public", "其中：非公企业职工")],
                              title=f"{p.ytd_label} {total_label(f)}各行业参赛职工（人次）", unit="人次", source=source), key="comp_industry_people", about=('participants', 'participants_non_public'))
with right:
    chart(plot(charts.grouped_bars, by_industry, label_col="行业", series=[("competitions", "竞赛项目"), ("key_projects", "其中：重点工程")],
                              title=f"{p.ytd_label} {total_label(f)}各行业竞赛项目与重点工程（项/个）", unit="项", source=source), key="comp_industry_projects", about=('competitions', 'key_projects'))

st.subheader("合理化建议、技术革新与工人先锋号")
names_d = {d.code: d.name for d in reg.districts}
by_district = every_district[every_district["district"].isin(f.districts)] if f.districts else every_district
by_district = charts.limit_ranking(by_district.assign(区县=by_district["district"].map(names_d)), "suggestions_made", RANKING_N)
left, right = st.columns(2)
with left:
    chart(plot(charts.grouped_bars, by_district, label_col="区县", series=[("suggestions_made", "提出"), ("suggestions_adopted", "采纳实施")],
                              title=f"{p.ytd_label} 各区县合理化建议（条）", unit="条", source=source), key="comp_suggestions", about=('suggestions_made', 'suggestions_adopted'))
with right:
    chart(plot(charts.grouped_bars, by_district, label_col="区县", series=[("innovations", "技术革新成果（项）"), ("pioneer_awards", "工人先锋号（个）")],
                              title=f"{p.ytd_label} 各区县技术革新成果与工人先锋号", unit="", source=source), key="comp_innovations", about=('innovations', 'pioneer_awards'))

st.subheader("各季度开展情况（由本年累计数推算）")
quarters = wide_trend(q("quarter_trend", ("participants", "competitions"), f.districts))
chart(plot(charts.trend_lines, quarters, x_col="季度", series=[("participants", "当季参赛职工")], title=f"{total_label(f)}各季度参赛职工（人次）",
                         unit="人次", source=source, bars=True), key="comp_quarters", about=('participants',))
st.caption("当季值 = 本季度本年累计数 − 上季度本年累计数（一季度即为累计数）；缺少上季度报表时不推算。")

st.subheader("区县地图")
district_map_section(every_district, {
    "participants": ("参赛职工", "人次", False),
    "economic_benefit": ("创经济效益", "元", False),
    "competitions": ("竞赛项目数", "项", False),
    "adoption_rate": ("合理化建议采纳率", "%", True),
}, p.ytd_label, "comp_map")
