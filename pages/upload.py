"""数据上报: drop returns, review what each file will store and every problem, commit in one action."""

import hashlib

import pandas as pd
import streamlit as st

from pipelines.aliases import Alias
from pipelines.templates import issue_report
from ui import auth
from ui.data import clear_caches, q, registry
from ui.review import (
    diff_frame,
    flag_issues,
    highlighted,
    issues_frame,
    plan_flags,
    preview_frame,
    returns_frame,
    sheet_frame,
    show_problems,
    teach_choices,
)

auth.require("upload")
reg = registry()
st.title("数据上报")
done = st.session_state.pop("_committed", None)
if done:
    st.success(done)
st.caption("可一次选择多个文件：.xlsx、.xls（含 WPS）、.xlsm（宏不会运行）、.ods、.csv（UTF-8/GBK）或 .zip。"
           "系统逐个检查，有“错误”的文件不会导入，其余文件一次导入。")

uploads = st.file_uploader("选择或拖入报表文件", accept_multiple_files=True, key="uploads",
                           type=["xlsx", "xlsm", "xls", "et", "ods", "csv", "txt", "zip"])
if not uploads:
    st.info("请选择各区县报送的报表文件。没有模板？可到“模板下载”生成标准报表。")
    st.stop()

lg = auth.guarded_ledger()
limit = lg.settings.limits.max_files_per_upload if lg.settings else 0
if len(uploads) > limit:
    st.error(f"一次最多上传 {limit} 个文件，这次选择了 {len(uploads)} 个。请分批上传（可把同一区县的文件打成一个 .zip）。")
    st.stop()
cache = st.session_state.setdefault("_plans", {})
plans = []
upload_keys = []
for up in uploads:
    data = up.getvalue()
    key = (up.name, hashlib.sha256(data).hexdigest())
    if key not in cache:
        cache[key] = lg.plan(lg.read_upload(up.name, data))
    plans.extend(cache[key])
    upload_keys.append(key)
for plan in plans:
    lg.compare(plan)
# 数据疑点 the accepted files would raise once imported: 提醒 with the problems, never a reason not to import.
found_flags = plan_flags(reg, plans, tuple(upload_keys))
flagged = {plan.display_name: flag_issues(found_flags, plan) for plan in plans}

if q("sample_in_use") and any(p.accepted for p in plans):
    # Real returns beside the fictional sample city would mix in every total: offer to clear it first.
    if auth.can("manage_sample"):
        st.warning("数据库中还有**示例数据**（虚构的“示例市”）。导入真实报表前，建议先删除示例数据，"
                   "以免看板把示例数据和真实数据合计在一起（真实报表只与真实数据比较）。", icon=":material/warning:")
        if st.button("删除示例数据（可在“数据管理”重新载入）", key="remove_sample_first"):
            n = lg.remove_sample()
            clear_caches()
            st.session_state["_plans"] = {}
            st.session_state["_committed"] = f"已删除示例数据 {n} 份报表。现在可以导入真实报表了。"
            st.rerun()
    else:
        st.info("数据库中还有示例数据。请市总工会统计员在“数据管理”页删除示例数据后再导入真实报表。")

good = [p for p in plans if p.accepted]
bad = [p for p in plans if not p.accepted]
changing = [p for p in good if any(r.status != "unchanged" for r in p.returns)]
c1, c2, c3 = st.columns(3)
c1.metric("可导入的文件", len(good))
c2.metric("有错误、不导入的文件", len(bad))
c3.metric("提醒", sum(1 for p in plans for i in p.all_issues if i.severity == "warning") + sum(len(f) for f in flagged.values()))

for plan in plans:
    icon = ":material/check_circle:" if plan.accepted else ":material/error:"
    incomplete = any(r.ret.missing for r in plan.returns)
    plan_flagged = flagged[plan.display_name]
    with st.expander(plan.summary(reg).lstrip("✓✗ "), expanded=not plan.accepted or incomplete or not plan_flagged.empty, icon=icon):
        if plan.returns:
            st.dataframe(returns_frame(reg, plan), hide_index=True, width="stretch")
            for r in plan.returns:
                if r.ret.missing and plan.accepted:
                    names = "、".join(reg.indicator(c).name for c in r.ret.missing)
                    where = r.ret.sheet if r.ret.sheet == reg.form(r.ret.form).number else f"{r.ret.sheet}（{reg.form(r.ret.form).number}）"
                    st.warning(f"**{where}缺少 {len(r.ret.missing)} 个指标：{names}。**"
                               "导入后这些指标本期没有该区县的数据，领导看板上的相关合计会注明缺报的区县。"
                               "如表中其实有这些列，请在下方为认不出的表头选择含义，或让区县补报。", icon=":material/warning:")
        problems = pd.concat([issues_frame(plan), plan_flagged], ignore_index=True) if not plan_flagged.empty else issues_frame(plan)
        if not plan_flagged.empty:
            st.warning(f"**数据疑点 {len(plan_flagged)} 条**：只是提醒，不影响导入，依据和单元格见下方“问题”。", icon=":material/flag:")
        if not problems.empty:
            st.markdown("**问题**")
            show_problems(problems, "严重程度")
        changes = diff_frame(reg, plan)
        if not changes.empty:
            st.markdown(f"**与已导入版本相比有 {len(changes)} 处变化**")
            st.dataframe(changes, hide_index=True, width="stretch")
        # One question per text: a district name unknown on four sheets is asked once.
        unplaced = list({(u.kind, u.scope, u.text): (r.ret, u) for r in plan.returns for u in r.ret.unplaced}.values())
        if unplaced and auth.can("teach"):
            st.markdown("**这些表头或行标题系统认不出。请告诉系统它们是什么，以后同一区县的报表会自动按此读取：**")
            with st.form(key=f"teach_{plan.display_name}"):
                picks = []
                for n, (ret, u) in enumerate(unplaced):
                    choices = teach_choices(reg, u.kind, u.scope, u.candidates)
                    what = {"header": "这一列是", "row": "这一行是", "district": "这个填报单位是哪个区县"}[u.kind]
                    where = f"{ret.sheet} › {u.cell}" if u.cell else ret.sheet
                    pick = st.selectbox(f"{where}“{u.text}”{what}：", list(choices), index=None,
                                        placeholder="请选择", key=f"teach_{plan.display_name}_{n}")
                    picks.append((ret, u, choices.get(pick) if pick else None))
                if st.form_submit_button("记住并重新读取", type="primary"):
                    lg_teach = auth.guarded_ledger()
                    taught = 0
                    for ret, u, target in picks:
                        if target is None:
                            continue
                        lg_teach.teach(Alias(u.kind, u.scope, "" if u.kind == "district" else ret.district, u.text, target))
                        taught += 1
                    if taught:
                        st.session_state["_plans"] = {}
                        st.rerun()
                    st.warning("请至少为一项选择对应的内容。")
        elif unplaced:
            st.caption("有认不出的表头或行标题：请市总工会统计员在这里选择它们的含义，或让区县改用模板写法。")
        if plan.returns and plan.accepted:
            tabs = st.tabs(["将导入的数据", *[f"原表：{r.ret.sheet}" for r in plan.returns]])
            tabs[0].dataframe(preview_frame(reg, plan), hide_index=True, width="stretch", height=260)
            sheets = {s.name: s for s in plan.workbook.sheets} if plan.workbook else {}
            for tab, r in zip(tabs[1:], plan.returns, strict=True):
                if r.ret.sheet in sheets:
                    changed = [c.cell for c in r.changes if c.cell]
                    tab.dataframe(highlighted(sheet_frame(sheets[r.ret.sheet]), changed), width="stretch", height=260)
                    if changed:
                        tab.caption(f"黄色为与已导入版本不同的 {len(changed)} 个单元格。")

if bad:
    district_names = {d.code: d.name for d in reg.districts}
    districts_of = {(p.display_name, r.ret.sheet): district_names.get(r.ret.district, "") for p in bad for r in p.returns}
    districts_of.update({(p.display_name, ""): next(iter({district_names[r.ret.district] for r in p.returns if r.ret.district})) for p in bad
                         if len({r.ret.district for r in p.returns if r.ret.district}) == 1})
    report = issue_report([i for p in bad for i in p.all_issues], districts_of)
    st.download_button("下载问题清单（发给区县修改）", report, file_name="报表问题清单.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="issue_report")

if st.button(f"导入 {len(changing)} 个文件", type="primary", disabled=not changing, key="commit"):
    bar = st.progress(0.0, text="正在导入……")
    for n, plan in enumerate(changing, 1):
        lg.commit(plan)
        bar.progress(n / len(changing), text=f"已导入 {n}/{len(changing)}：{plan.display_name}")
    clear_caches()
    st.session_state["_plans"] = {}
    st.session_state["_committed"] = f"已导入 {len(changing)} 个文件。各页面已显示最新数据。"
    st.rerun()  # the review is redrawn: nothing left to import, the button is no longer active
elif good and not changing:
    st.success("这些文件都已导入过，内容未变化。")
