"""报送情况: district × quarter matrix; a cell's history, warnings, original file and rollback."""

import pandas as pd
import streamlit as st

from insights import completeness
from pipelines import access
from pipelines.periods import Period
from ui import auth
from ui.data import clear_caches, q, registry
from ui.review import show_problems

user = auth.require("history")
reg = registry()
st.title("报送情况")
deadline = int(reg.city.get("deadline_days", "15"))
periods = tuple(sorted(q("periods_with_data"), reverse=True)[:8])
if not periods:
    st.info("还没有任何报送记录。请到“数据上报”导入报表。")
    st.stop()
st.caption(f"最近 {len(periods)} 个季度。季度结束后 {deadline} 天内报送为按时（截止天数可由管理员在城市设置中修改）。")

matrix = q("completeness", periods, deadline)
# A district uploader sees its own districts only.
own = access.visible_districts(user)
shown_districts = [d for d in reg.districts if own is None or d.code in own]
matrix = matrix[matrix["district"].isin([d.code for d in shown_districts])]
quarter_labels = {c: Period.parse_code(c).label for c in periods}
codes_by_label = {label: c for c, label in quarter_labels.items()}
districts_by_row = [d.code for d in shown_districts]
NOT_YET = "—"
COLOURS = {"缺报": ("#D64545", "white"), "部分报送": ("#F08C3A", ""), "逾期报送": ("#F5C242", ""), "已更正": ("#A9C8F0", ""),
           "有提醒": ("#FFE9A8", ""), "已报送": ("#C8E6C9", ""), NOT_YET: ("#F0F0F0", "#888888")}


def _cell_text(r: pd.Series) -> str:
    """The strongest state; '+2' says two more states hold (named in the tooltip and the detail below)."""
    # Another count (e.g. 数据疑点) would be appended here.
    return r["状态"] + (f" +{len(r['states']) - 1}" if len(r["states"]) > 1 else "")


def _wide(column: pd.Series) -> pd.DataFrame:
    """One row per district (by name), one column per quarter (by its full label), newest first."""
    wide = matrix.assign(_v=column).pivot(index="区县", columns="period", values="_v").reindex(
        index=[d.name for d in shown_districts], columns=list(periods))
    wide.columns = [quarter_labels[c] for c in wide.columns]
    wide.index.name = "区县"
    return wide


def _colour(text: str) -> str:
    background, colour = COLOURS.get(text.split(" ")[0], ("", ""))
    return f"background-color: {background}" + (f"; color: {colour}" if colour else "") if background else ""


def _quarter_help(period: str) -> str:
    """A quarter header's tooltip: each district of the quarter that is not simply 已报送, with all its states."""
    cells = matrix[(matrix["period"] == period) & (matrix["status"] != "received")]
    lines = [f"**{quarter_labels[period]}**（截止 {completeness.deadline(period, deadline):%Y-%m-%d}）", ""]
    lines += [f"- **{r['区县']}**　" + "；".join(r["情况"].split("\n")) for _, r in cells.head(12).iterrows()]
    if len(cells) > 12:
        lines.append(f"- ……另有 {len(cells) - 12} 个区县，点击单元格查看")
    if cells.empty:
        lines.append("各区县均已按时报齐，没有提醒。")
    return "\n".join(lines)


def _open_cell() -> None:
    """Clicking a cell of the matrix opens that district and quarter below."""
    cells = st.session_state["status_matrix"]["selection"]["cells"]
    if cells:
        row, column = cells[0]
        st.session_state["status_district"] = districts_by_row[int(row)]
        st.session_state["status_period"] = codes_by_label[str(column)]


table = _wide(matrix.apply(_cell_text, axis=1) if not matrix.empty else pd.Series(dtype=str)).fillna(NOT_YET)
details = _wide(matrix["详情"])
# Short headers (2025Q3) keep all eight quarters on a 1366 px screen with the sidebar open; a header's
# tooltip names the full quarter and every district's states (st.dataframe has no tooltip per cell).
config = {"_index": st.column_config.TextColumn("区县", width=80)}
config.update({quarter_labels[c]: st.column_config.TextColumn(Period.parse_code(c).short_label, width=96, help=_quarter_help(c)) for c in periods})
st.dataframe(table.style.map(_colour), width="stretch", column_config=config,  # type: ignore[arg-type]
             key="status_matrix", on_select=_open_cell, selection_mode="single-cell")
st.html("<div style='display:flex;flex-wrap:wrap;gap:4px 14px;font-size:0.85rem;color:#555'>" + "".join(
    f"<span><span style='background:{COLOURS[label][0]};color:{COLOURS[label][1] or 'inherit'};padding:1px 6px;border-radius:3px'>{label}</span>"
    f" {meaning}</span>"
    for label, meaning in [*((completeness.STATES[c], completeness.MEANINGS[c]) for c in completeness.STATES), (NOT_YET, "尚未开始单独报送")]) + "</div>")
st.caption("每格显示最需要处理的一种情况，从强到弱：" + " > ".join(completeness.STATES.values())
           + "；“+2”表示同一格还有 2 种其他情况。鼠标移到季度上，看该季度各区县的全部情况；点击单元格，在下方看该区县该季度的全部情况和报送记录。")

st.subheader("查看某区县某季度")
left, right = st.columns(2)
district = left.selectbox("区县", [d.code for d in shown_districts], format_func=lambda c: reg.district(c).name, key="status_district")
period = right.selectbox("季度", periods, format_func=lambda c: Period.parse_code(c).label, key="status_period")
access.require(user, "history", district)
chosen_cell = details.loc[reg.district(district).name, quarter_labels[period]] if district in districts_by_row else None
if isinstance(chosen_cell, str):
    st.markdown("\n".join(f"- {line}" for line in chosen_cell.split("\n")))
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

# Open on the first version in force with warnings, so a 有提醒 cell shows them at once.
warned = [i for i, n, status in zip(history["id"], history["n_warnings"], history["status"], strict=True) if n and status == "active"]
ids = list(history["id"])
chosen = st.selectbox("选择一个版本", ids, index=ids.index(warned[0]) if warned else 0, format_func=lambda i: f"#{i} " + shown.set_index("编号").loc[i, "报表"]
                      + f" 第{shown.set_index('编号').loc[i, '版本']}版（{shown.set_index('编号').loc[i, '状态']}）", key="status_version")
warnings = q("submission_warnings", int(chosen))
if not warnings.empty:
    show_problems(pd.DataFrame({"位置": warnings["sheet"] + " › " + warnings["cell"], "提醒": warnings["message"], "处理办法": warnings["advice"]}), "位置")
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
