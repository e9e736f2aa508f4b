"""总览: KPIs with 同比 and target progress, districts against targets, the speech sentences."""

import pandas as pd
import streamlit as st

from insights import fmt, narrative, projection
from insights.metrics import RATE_COLUMN, with_ratios
from ui import present
from ui.data import pack_bytes, q, registry
from ui.page import district_ranking, header, scope_label
from ui.widgets import kpi_grid, rag_table

reg = registry()
city = reg.city["city_name"]
f, p = header(f"{city}工会工作总览")

kpis = q("page_kpis", "overview", f.period, f.districts)  # the row declared in data/registry/kpis.csv
kpi_grid(kpis, f"{p.label}，{scope_label(f)}合计")

totals = q("totals", f.period, ("unions", "members", "participants", "aid_amount", "joined_ytd", "joined_target"), f.districts)
members_ago = q("totals", p.year_ago().code, ("members",), f.districts).get("members")
industries = q("industries_covered", f.period, f.districts)
scope = narrative.scope_name(city, f.district_names or None)
by_category = q("by_breakdown", f.period, ("aid_amount",), f.districts)
category_amount = by_category.set_index("breakdown")["aid_amount"].to_dict() if not by_category.empty else {}
aid_parts = {name: category_amount.get(code) for code, name in narrative.AID_ACTIVITIES.items()}
projected = q("year_end_projection", f.period, f.districts)
sentences = [
    s
    for s in (
        narrative.coverage_sentence(scope, totals.get("unions"), totals.get("members")),
        narrative.competition_sentence(industries, totals.get("participants")),
        narrative.aid_sentence(totals.get("aid_amount"), aid_parts),
        narrative.target_sentence("本年新发展会员", totals.get("joined_ytd"), totals.get("joined_target"), "人"),
        f"工会会员{narrative.yoy(totals.get('members'), members_ago)}。" if totals.get("members") is not None else None,
        projection.speech_sentence(projected, projection.target_pair(reg, "joined_ytd"), p.code),
    )
    if s
]


def exact_figures() -> pd.DataFrame:
    """The figures the sentences round (万/亿), exact to the unit, for a speaker asked "how much exactly"."""
    rows = [("基层工会组织（个）", totals.get("unions"), 0), ("工会会员（人）", totals.get("members"), 0),
            ("参赛职工（人次）", totals.get("participants"), 0), ("帮扶慰问资金（元）", totals.get("aid_amount"), 2),
            *((f"其中：{name}（元）", value, 2) for name, value in aid_parts.items()),
            ("本年新发展会员（人）", totals.get("joined_ytd"), 0), ("年度发展任务（人）", totals.get("joined_target"), 0)]
    return pd.DataFrame({"数字": [r[0] for r in rows],
                         "精确值": ["—" if r[1] is None else fmt.grouped(r[1], r[2]) for r in rows]}).set_index("数字")


def speech() -> None:
    st.subheader("讲话稿参考")
    if sentences:
        st.markdown("\n".join(f"- {s}" for s in sentences))
        if not present.is_on():  # copying is for the desk
            st.code("".join(sentences), language=None, wrap_lines=True)
            st.caption("点击右上角的复制按钮即可复制全部句子。")
            with st.expander("句中数字的精确值"):
                st.table(exact_figures())
    else:
        st.info("所选范围在本期没有可用于讲话稿的数据。")


def rankings() -> None:
    left, right = st.columns(2)
    with left:
        frame = with_ratios(q("by_district", f.period, ("members", "employees_in_unionized", "employees")), "rate_a", "rate_b", reg=reg)
        frame["rate"] = frame[RATE_COLUMN[f.rate_basis]]
        district_ranking(frame, value_col="members", title=f"{p.label} 各区县工会会员人数（人）", unit="人", key="rank_members", about=('members',))
    with right:
        district_ranking(frame, value_col="rate", title=f"{p.label} 各区县入会率（口径{f.rate_basis}，%）", unit="%", key="rank_rate", is_rate=True, about=("membership_rate",))


# On the wall the charts come first (the speech is for the speaker); at the desk the speech leads.
for part in ((rankings, speech) if present.is_on() else (speech, rankings)):
    part()

st.subheader("会员发展任务完成情况")
targets = q("membership_targets", f.period, f.districts)
expected = p.end_month / 12
rag_table(targets, expected, projected)
st.caption(f"时间进度 {expected * 100:.0f}%（{p.ytd_label}）：绿色“达到进度”；黄色“略有落后”（不超过 10 个百分点）；红色“明显落后”（超过 10 个百分点或无任务数）。")

st.subheader("汇报材料")
st.caption("一键生成 16:9 的 PowerPoint：封面、各领域图表与要点、各区县主要指标表、数据来源说明（约需十秒）。")
if st.button("生成本季度汇报材料（PPTX）", key="make_pack", icon=":material/slideshow:"):
    with st.spinner("正在生成图表和幻灯片……"):
        st.session_state["pack"] = (p.code, pack_bytes(p.code))
if st.session_state.get("pack") and st.session_state["pack"][0] == p.code:
    st.download_button("下载汇报材料", st.session_state["pack"][1], file_name=f"{city}{p.label}工会工作汇报.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation", key="pack_download", type="primary")
