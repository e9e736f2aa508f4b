"""总览: the latest quarter at a glance — KPIs with 同比, a district ranking, speech sentences."""

import streamlit as st

from insights import charts, narrative
from pipelines.periods import Period
from ui.data import latest_period, q, registry
from ui.widgets import kpi_card

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
for col, k in zip(st.columns(len(kpis)), kpis, strict=True):
    kpi_card(col, k, f"{p.label}，各区县合计")

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
