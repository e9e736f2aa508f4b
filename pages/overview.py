"""总览: the latest quarter at a glance — KPIs with 同比, a district ranking, speech sentences."""

import streamlit as st

from insights import charts, fmt, narrative
from pipelines.periods import Period
from ui.data import q, registry, latest_period

reg = registry()
city = reg.city["city_name"]
source = reg.city["source_line"]

period = latest_period()
if period is None:
    st.title("总览")
    st.info("数据库中还没有任何报表。请先导入各区县的季度报表（命令：`python -m pipelines ingest 文件…`）。")
    st.stop()

p = Period.parse_code(period)
st.title(f"{city}工会工作总览 · {p.label}")

if q("sample_in_use"):
    st.warning("当前显示的是**示例数据**（虚构的“示例市”），仅用于演示。导入各区县的真实报表后，此提示会消失。", icon="⚠️")

kpis = q("overview_kpis", period, None)
cols = st.columns(len(kpis))
for col, k in zip(cols, kpis, strict=True):
    if k.value is None:
        col.metric(k.label, "—", help="本期无数据")
        continue
    if k.is_rate:
        value = fmt.percent(k.value, 2)
        delta = fmt.points(k.value, k.previous)
    elif k.unit == "元":
        value = f"{fmt.wan(k.value)}万元"
        delta = fmt.change(k.value, k.previous)
    else:
        value = fmt.amount(k.value, k.unit)
        delta = fmt.change(k.value, k.previous)
    col.metric(
        k.label,
        value,
        delta=f"同比 {delta}" if delta else "同比 新设" if k.previous is None else None,
        delta_color="normal",
        help=f"{p.label}，各区县合计；精确值 {fmt.grouped(k.value * 100, 2) + '%' if k.is_rate else fmt.grouped(k.value, 0 if k.unit != '元' else 2) + k.unit}",
    )

totals = q("totals", period, ("unions", "members", "participants", "aid_amount"), None)
industries = q("industries_covered", period, None)
scope = narrative.scope_name(city, None)
sentences = [
    narrative.coverage_sentence(scope, totals.get("unions"), totals.get("members")),
    narrative.competition_sentence(industries, totals.get("participants")),
    narrative.aid_sentence(totals.get("aid_amount")),
]
st.subheader("讲话稿参考")
st.markdown("\n".join(f"- {s}" for s in sentences if s))

frame = q("by_district", period, ("members", "employees_in_unionized"), None)
names = {d.code: d.name for d in reg.districts}
frame["区县"] = frame["district"].map(names)
frame["rate"] = frame["members"] / frame["employees_in_unionized"]
colours = charts.district_colours([d.code for d in reg.districts])
left, right = st.columns(2)
left.plotly_chart(
    charts.bar_ranking(
        frame, label_col="区县", value_col="members", colour_col="district", colours=colours,
        title=f"{p.label} 各区县工会会员人数（人）", unit="人", source=source,
    ),
    width="stretch",
)
right.plotly_chart(
    charts.bar_ranking(
        frame, label_col="区县", value_col="rate", colour_col="district", colours=colours,
        title=f"{p.label} 各区县入会率（口径A，%）", unit="%", source=source, is_rate=True,
    ),
    width="stretch",
)
