"""报送情况: district × quarter matrix; a cell's history, warnings, original file and rollback."""

import pandas as pd
import streamlit as st

from pipelines import access
from pipelines.periods import Period
from ui import auth
from ui.data import clear_caches, q, registry

user = auth.require("history")
reg = registry()
st.title("报送情况")
deadline = int(reg.city.get("deadline_days", "15"))
periods = tuple(sorted(q("periods_with_data"), reverse=True)[:8])
if not periods:
    st.info("还没有任何报送记录。请到“数据上报”导入报表。")
    st.stop()
st.caption(f"最近 {len(periods)} 个季度。季度结束后 {deadline} 天内报送为按时（截止天数在 data/registry/city.csv 的 deadline_days 中设置）。")

matrix = q("completeness", periods, deadline)
# A district uploader sees its own districts only.
own = access.visible_districts(user)
shown_districts = [d for d in reg.districts if own is None or d.code in own]
table = matrix.pivot(index="区县", columns="period", values="状态").reindex([d.name for d in shown_districts])
table = table[[p for p in periods if p in table.columns]]
codes_by_label = {Period.parse_code(c).label: c for c in table.columns}
districts_by_row = [d.code for d in shown_districts]
table.columns = [Period.parse_code(c).label for c in table.columns]
colours = {"缺报": "#D64545", "部分报送": "#F2A900", "逾期报送": "#F2A900", "有提醒": "#FFE08A", "已更正": "#BFD7F2", "已报送": "#BFE5CC"}


def _open_cell() -> None:
    """Clicking a cell of the matrix opens that district and quarter below."""
    cells = st.session_state["status_matrix"]["selection"]["cells"]
    if cells:
        row, column = cells[0]
        st.session_state["status_district"] = districts_by_row[int(row)]
        st.session_state["status_period"] = codes_by_label[str(column)]


st.dataframe(table.style.map(lambda v: f"background-color: {colours.get(v, 'white')}"), width="stretch",
             key="status_matrix", on_select=_open_cell, selection_mode="single-cell")
st.caption("点击单元格查看该区县该季度的报送记录。缺报：本季度没有任何报表；部分报送：四张表未齐；逾期报送：首次报送晚于截止日；"
           "有提醒：有需核对的提醒；已更正：报送过新版本。")

st.subheader("查看某区县某季度")
left, right = st.columns(2)
district = left.selectbox("区县", [d.code for d in shown_districts], format_func=lambda c: reg.district(c).name, key="status_district")
period = right.selectbox("季度", periods, format_func=lambda c: Period.parse_code(c).label, key="status_period")
access.require(user, "history", district)
history = q("submission_history", district, period)
if history.empty:
    st.info(f"{reg.district(district).name}{Period.parse_code(period).label}没有报送记录。")
    st.stop()
labels = {"active": "当前版本", "superseded": "已被新版本替代", "rolled_back": "已回退"}
shown = pd.DataFrame({
    "编号": history["id"], "报表": [reg.form(f).title for f in history["form"]], "版本": history["version"],
    "状态": history["status"].map(labels), "文件": history["file_name"], "工作表": history["sheet"],
    "报送人": history["uploaded_by"], "时间": history["uploaded_at"], "提醒": history["n_warnings"],
})
st.dataframe(shown, hide_index=True, width="stretch")

chosen = st.selectbox("选择一个版本", list(history["id"]), format_func=lambda i: f"#{i} " + shown.set_index("编号").loc[i, "报表"]
                      + f" 第{shown.set_index('编号').loc[i, '版本']}版（{shown.set_index('编号').loc[i, '状态']}）", key="status_version")
warnings = q("submission_warnings", int(chosen))
if not warnings.empty:
    st.dataframe(warnings.rename(columns={"sheet": "工作表", "cell": "单元格", "message": "提醒", "advice": "处理办法"}), hide_index=True, width="stretch")
lg = auth.guarded_ledger()
if access.can(user, "download_original", district):
    original = lg.original(int(chosen))
    if original:
        st.download_button("下载原始文件", original[1], file_name=original[0], key="download_original")
row = history.set_index("id").loc[chosen]
if row["status"] == "active" and access.can(user, "rollback", district):
    confirm = st.checkbox("我确认要回退这个版本（上一版本将恢复为当前版本；没有上一版本时该报表变为未报送）", key="confirm_rollback")
    if st.button("回退此版本", disabled=not confirm, key="rollback"):
        sid, restored = lg.rollback(int(chosen))
        clear_caches()
        st.success(f"已回退 #{sid}" + (f"，恢复为 #{restored}。" if restored else "。"))
        st.rerun()
