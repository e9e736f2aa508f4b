"""报送情况: district × quarter matrix (with each cell's 数据疑点 not yet verified); the 数据疑点 with their
evidence, source cells and 已核实; a cell's history, warnings, original file and rollback."""

import pandas as pd
import streamlit as st

from insights import completeness, flags
from pipelines import access
from pipelines.periods import Period
from ui import auth
from ui.data import clear_caches, q, registry, store
from ui.review import as_markdown, cells_frame, flag_status, flags_frame, highlighted, show_problems

user = auth.require("history")
reg = registry()
st.title("报送情况")
deadline = int(reg.city.get("deadline_days", "15"))
periods = tuple(sorted(q("periods_with_data"), reverse=True)[:8])
if not periods:
    st.info("还没有任何报送记录。请到“数据上报”导入报表。")
    st.stop()
st.caption(f"最近 {len(periods)} 个季度。季度结束后 {deadline} 天内报送为按时（截止天数可由管理员在城市设置中修改）。")

# A district uploader sees its own districts only.
own = access.visible_districts(user)
shown_districts = [d for d in reg.districts if own is None or d.code in own]
all_flags = q("data_flags", periods, None)
all_flags = all_flags[all_flags["district"].isin([d.code for d in shown_districts])]
matrix = completeness.with_flags(q("completeness", periods, deadline), all_flags)
matrix = matrix[matrix["district"].isin([d.code for d in shown_districts])]
quarter_labels = {c: Period.parse_code(c).label for c in periods}
codes_by_label = {label: c for c, label in quarter_labels.items()}
districts_by_row = [d.code for d in shown_districts]
NOT_YET = "—"
COLOURS = {"缺报": ("#D64545", "white"), "部分报送": ("#F08C3A", ""), "逾期报送": ("#F5C242", ""), "已更正": ("#A9C8F0", ""),
           "有提醒": ("#FFE9A8", ""), "已报送": ("#C8E6C9", ""), NOT_YET: ("#F0F0F0", "#888888")}


def _cell_text(r: pd.Series) -> str:
    """The strongest state; '+2' says two more states hold (named in the tooltip and the detail below),
    '疑2' two 数据疑点 not yet verified."""
    return completeness.cell_text(r["状态"], len(r["states"]) - 1, int(r["flags"]))


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
    cells = matrix[(matrix["period"] == period) & ((matrix["status"] != "received") | (matrix["flags"] > 0))]
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
st.dataframe(table.style.map(_colour), width="stretch", column_config=config,
             key="status_matrix", on_select=_open_cell, selection_mode="single-cell")
st.html("<div style='display:flex;flex-wrap:wrap;gap:4px 14px;font-size:0.85rem;color:#555'>" + "".join(
    f"<span><span style='background:{COLOURS[label][0]};color:{COLOURS[label][1] or 'inherit'};padding:1px 6px;border-radius:3px'>{label}</span>"
    f" {meaning}</span>"
    for label, meaning in [*((completeness.STATES[c], completeness.MEANINGS[c]) for c in completeness.STATES), (NOT_YET, "尚未开始单独报送")])
    + f"<span><b>{completeness.FLAG_MARK}2</b> 有 2 条待核实的数据疑点</span></div>")
st.caption("每格显示最需要处理的一种情况，从强到弱：" + " > ".join(completeness.STATES.values())
           + f"；“+2”表示同一格还有 2 种其他情况，“{completeness.FLAG_MARK}2”表示有 2 条数据疑点待核实（格子放不下时省略“+2”）。"
           "鼠标移到季度上，看该季度各区县的全部情况；点击单元格，在下方看该区县该季度的全部情况和报送记录。")

# --- 数据疑点 -------------------------------------------------------------------------------------------------


def _open_submission(district_code: str, period_code: str, submission_id: int) -> None:
    """A flag's source link: the history below opens on that submission (its versions, warnings, original)."""
    st.session_state["status_district"] = district_code
    st.session_state["status_period"] = period_code
    st.session_state["status_version"] = submission_id
    st.session_state["_flag_opened"] = submission_id


st.subheader("数据疑点", help=flags.method_text(reg))
done = st.session_state.pop("_flag_done", None)
if done:
    st.success(done)
st.caption("导入后在各报表之间做的检查，只提醒、不影响导入；每条都列出引起怀疑的数字和原表单元格。"
           "点问号看检查方法。统计员核实后可标记“已核实”并写明情况，标记后不再计入上表。")
f1, f2, f3 = st.columns([2, 2, 1], vertical_alignment="bottom")
pick_districts = f1.multiselect("区县", [d.code for d in shown_districts], format_func=lambda c: reg.district(c).name,
                                key="flag_districts", placeholder="全部区县")
pick_periods = f2.multiselect("季度", list(periods), format_func=lambda c: Period.parse_code(c).label, key="flag_periods",
                              placeholder=f"最近 {len(periods)} 个季度")
only_open = f3.checkbox("只看待核实", key="flag_only_open")
found = all_flags
if pick_districts:
    found = found[found["district"].isin(pick_districts)]
if pick_periods:
    found = found[found["period"].isin(pick_periods)]
if only_open:
    found = found[~found["verified"].astype(bool)]
found = found.reset_index(drop=True)
if found.empty:
    st.info("所选区县和季度没有数据疑点。" if not all_flags.empty else "最近几个季度没有发现数据疑点。")
else:
    n_open = int((~found["verified"].astype(bool)).sum())
    st.caption(f"共 {len(found)} 条，其中待核实 {n_open} 条、已核实 {len(found) - n_open} 条。")
    show_problems(flags_frame(reg, found), "编号", rows_in_view=30, nowrap=("区县", "季度", "报表"),
                  min_em={"类型": 6, "状态": 4}, key="flag_table")
    choices = {r["key"]: f"#{n} {r['区县']} {r['季度']} {r['类型']}" + ("（已核实）" if r["verified"] else "")
               for n, (_, r) in enumerate(found.iterrows(), 1)}
    chosen_flag = st.selectbox("选择一条疑点，查看原表单元格", list(choices), format_func=choices.__getitem__, key="flag_chosen")
    flag = found.set_index("key").loc[chosen_flag]
    flag["key"] = chosen_flag
    with st.container(border=True):
        st.markdown(f"**{flag['类型']}**　{flag['区县']} · {flag['季度']} · {flag['报表']}" + (f" · {flag['指标']}" if flag["指标"] else ""))
        st.markdown(as_markdown(flag["evidence"]))
        source_ids = tuple(int(s.submission_id) for s in flag["sources"] if s.submission_id)
        subs = q("submissions_by_id", source_ids).set_index("id") if source_ids else None
        sources = list(flag["sources"])
        tabs = st.tabs([f"来源{n}：{as_markdown(s.text)}" for n, s in enumerate(sources, 1)]) if len(sources) > 1 else [st.container()]
        for n, (tab, source) in enumerate(zip(tabs, sources, strict=True)):
            with tab:
                sid = int(source.submission_id) if source.submission_id else None
                if sid is None or subs is None or sid not in subs.index:
                    st.caption(f"来源：{as_markdown(source.text)}（该版本已不在数据库中）")
                    continue
                sub = subs.loc[sid]
                if not access.can(user, "history", sub["district"]):  # another district's return: where, not what
                    st.caption(f"来源：{as_markdown(source.text)}（{reg.district(sub['district']).name}的报表，只有市总工会可查看原表）")
                    continue
                version = {"active": "当前版本", "superseded": "已被新版本替代", "rolled_back": "已回退"}.get(sub["status"], sub["status"])
                st.markdown(f"来源：**{as_markdown(source.text)}**　（#{sid}，{reg.district(sub['district']).name}"
                            f"{Period.parse_code(sub['period']).label}{reg.form(sub['form']).number}第{sub['version']}版，{version}；"
                            f"{sub['uploaded_by']} 于 {sub['uploaded_at']:%Y-%m-%d %H:%M} 报送）")
                sheet = cells_frame(q("submission_cells", sid), [source.cell] if source.cell else [])
                if not sheet.empty:
                    st.dataframe(highlighted(sheet, [source.cell] if source.cell else []), width="stretch", height=260,
                                 key=f"flag_sheet_{n}")
                    st.caption(f"原表“{as_markdown(source.sheet)}”" + (f"，黄色为 {source.cell} 单元格。" if source.cell else "（整张表）。"))
                if sub["district"] in districts_by_row and sub["period"] in periods:
                    st.button(f"在下方打开 #{sid} 的报送记录" + ("和原始文件" if access.can(user, "download_original", sub["district"]) else ""),
                              key=f"flag_open_{n}", on_click=_open_submission, args=(sub["district"], sub["period"], sid))
                else:
                    st.caption("这份报表不在本页的区县和季度范围内，它的报送记录请到“数据查询”查看。")
        opened = st.session_state.pop("_flag_opened", None)  # said once, after the click
        if opened in source_ids:
            st.success(f"已在下方“查看某区县某季度”中打开 #{opened}：可查看它的各版本和提醒"
                       + ("，并下载原始文件。" if access.can(user, "download_original", flag["district"]) else "。"))
        if user.role in flags.VERIFY_ROLES:
            if flag["verified"]:
                st.markdown(f"**已核实**：{as_markdown(flag_status(flag).removeprefix('已核实：'))}")
                if st.button("撤销核实（重新计入）", key="flag_reopen"):
                    try:
                        flags.reopen(store(), flag["key"], user)
                    except access.PermissionDenied as exc:
                        st.error(str(exc))
                    else:
                        clear_caches()
                        st.session_state["_flag_done"] = f"已撤销核实：{flag['区县']}{flag['季度']}{flag['类型']}，重新计为待核实。"
                        st.rerun()
            else:
                with st.form("flag_verify", clear_on_submit=True, border=False):
                    note = st.text_area("核实情况（必填，记入审计日志）", key="flag_note", height=80,
                                        placeholder="例如：已电话核实，该区县本季度各项数确与上季度相同")
                    submitted = st.form_submit_button("标记为已核实", type="primary")
                if submitted:
                    try:
                        flags.verify(store(), flag["key"], note, user, evidence=flag["evidence"])
                    except (ValueError, access.PermissionDenied) as exc:
                        st.error(str(exc))
                    else:
                        clear_caches()
                        st.session_state["_flag_done"] = f"已标记为已核实：{flag['区县']}{flag['季度']}{flag['类型']}。这条疑点不再计入上表。"
                        st.rerun()
        else:
            st.caption("标记“已核实”由市总工会统计员或管理员操作。")

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
# A version already chosen (or opened from a 数据疑点) stays; otherwise the first in force with warnings.
kept = st.session_state.get("status_version") in ids
chosen = st.selectbox("选择一个版本", ids, index=0 if kept or not warned else ids.index(warned[0]), format_func=lambda i: f"#{i} " + shown.set_index("编号").loc[i, "报表"]
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
