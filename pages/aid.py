"""帮扶慰问: amounts by category and source, households and 人次, per-household amounts,
送温暖/金秋助学/一线慰问 highlighted, 在档困难职工 and 解困脱困 progress."""

import streamlit as st

from insights import charts
from insights.metrics import wide_trend, with_ratios
from insights.queries import Kpi
from ui import present
from ui.data import q, registry
from ui.page import breakdown_rows, chart, district_map_section, district_ranking, header, plot, scope_label, total_label
from ui.widgets import kpi_card, kpi_grid

reg = registry()
source = reg.city["source_line"]
f, p = header("困难职工帮扶和慰问")
AID = ("aid_households", "aid_person_times", "aid_amount", "aid_amount_union_funds", "aid_amount_fiscal", "aid_amount_donations")
LINES = ("hardship_households", "hardship_exited_ytd")

now = q("totals", f.period, AID + LINES, f.districts)
if not now:
    st.info("所选区县在本期没有报送表四（困难职工帮扶和慰问情况）。请换一个季度或区县。")
    st.stop()
cards = q("page_kpis", "aid", f.period, f.districts)  # the row declared in data/registry/kpis.csv
kpi_grid(cards, f"{p.ytd_label}累计，{scope_label(f)}合计")

by_cat = breakdown_rows(with_ratios(q("by_breakdown", f.period, AID, f.districts), "per_household", "per_person_time", reg=reg), "category", "类别")
by_cat = by_cat.set_index("breakdown", drop=False)
cat_ago = q("by_breakdown", p.year_ago().code, ("aid_amount",), f.districts).set_index("breakdown")["aid_amount"].to_dict()

if not present.is_on():  # on the wall the three cards follow the others, so the first chart row still fits
    st.subheader("重点慰问活动")
for col, (code, title, per) in zip(st.columns(3), [("warmth", "送温暖慰问", "户"), ("education", "金秋助学", "人"), ("frontline", "一线职工慰问", "人次")], strict=True):
    if code not in by_cat.index:
        col.info(f"{title}：本期无数据")
        continue
    row = by_cat.loc[code]
    count = row["aid_households"] if per == "户" else row["aid_person_times"]
    kpi_card(col, Kpi("aid_amount", title, row["aid_amount"], cat_ago.get(code), "元", indicators=("aid_amount",)), p.ytd_label)
    col.caption(f"惠及 {int(count):,} {per}，平均每{per} {float(row['aid_amount']) / float(count):,.0f} 元" if count else "本期未开展")

left, right = st.columns(2)
with left:
    chart(plot(charts.aid_sources, by_cat, label_col="类别", title=f"{p.ytd_label} {total_label(f)}各类帮扶金额及资金来源（万元）", source=source),
          key="aid_sources", about=('aid_amount', 'aid_amount_union_funds', 'aid_amount_fiscal', 'aid_amount_donations'))
with right:
    chart(plot(charts.grouped_bars, by_cat, label_col="类别", series=[("aid_households", "帮扶户数（户）"), ("aid_person_times", "帮扶人次（人次）")],
                              title=f"{p.ytd_label} {total_label(f)}各类帮扶户数与人次", unit="", source=source), key="aid_counts", about=('aid_households', 'aid_person_times'))

by_district = with_ratios(q("by_district", f.period, AID + LINES), "per_household", reg=reg)
left, right = st.columns(2)
with left:
    district_ranking(by_district, value_col="aid_amount", title=f"{p.ytd_label} 各区县帮扶金额（万元）", unit="元", key="aid_rank_amount", about=('aid_amount',))
with right:
    district_ranking(by_district, value_col="per_household", title=f"{p.ytd_label} 各区县户均帮扶金额（元/户）", unit="元", key="aid_rank_per", about=('aid_amount', 'aid_households'))

st.subheader("在档困难职工与解困脱困")
trend = wide_trend(q("trend", LINES, f.districts))
chart(plot(charts.trend_lines, trend, x_col="季度", series=[("hardship_households", "在档困难职工户数"), ("hardship_exited_ytd", "本年解困脱困户数（累计）")],
                         title=f"{total_label(f)}在档困难职工与解困脱困（户）", unit="户", source=source), key="aid_hardship", about=('hardship_households', 'hardship_exited_ytd'))

st.subheader("区县地图")
district_map_section(by_district, {
    "aid_amount": ("帮扶金额", "元", False),
    "per_household": ("户均帮扶金额", "元/户", False),
    "hardship_households": ("在档困难职工户数", "户", False),
}, p.ytd_label, "aid_map")
