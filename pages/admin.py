"""用户与审计 (admins): accounts of the users file, and the audit log with export."""

import datetime

import pandas as pd
import streamlit as st

from insights import flags
from insights.export import to_csv, to_xlsx
from pipelines import access
from pipelines.users import ROLE_LABELS, Role, UsersError, UsersFile
from ui import auth
from ui.data import fresh, registry, store

user = auth.require("audit")
reg = registry()
st.title("用户与审计")
users_tab, audit_tab = st.tabs(["用户", "审计日志"])

ACTION_NAMES = {
    "upload": "导入报表", "supersede": "更正报送（新版本）", "rollback": "回退版本", "remove_sample": "删除示例数据", "login": "登录", "logout": "退出登录",
    "login_failed": "登录失败", "login_locked": "暂停某台电脑登录", "login_slowed": "某用户名登录减速", "denied": "越权操作被拒绝",
    "user_add": "添加用户", "user_passwd": "重设密码", "user_remove": "删除用户", "user_unlock": "解除登录限制",
    "alias_add": "记住写法", "alias_remove": "删除记住的写法", **flags.AUDIT_ACTIONS,
}
access.import_pending_audit(store())  # rows `pipelines users …` left while this dashboard held the database

with users_tab:
    path = auth.users_path()
    # A private copy to edit: the one auth caches is shared by every session.
    try:
        loaded = UsersFile.load(path) if not auth.is_local() else None
    except UsersError:
        st.error("用户文件无法读取，请查看看板的运行日志。")
        st.stop()
    uf = loaded if loaded is not None else UsersFile(path)
    if loaded is None:
        st.info(f"本机模式：还没有用户文件（`{path}`）。在下面添加第一个管理员后，看板即要求登录，"
                "并可在内网上提供服务（见 README“部署”）。也可用命令 `python -m pipelines users add`。")
    else:
        st.caption(f"用户文件：`{path}`。也可用命令 `python -m pipelines users add|passwd|remove|list` 管理。")
        names = {d.code: d.name for d in reg.districts}
        st.dataframe(pd.DataFrame({
            "用户名": [a.name for a in uf.accounts.values()],
            "角色": [a.role.label for a in uf.accounts.values()],
            "负责区县": ["、".join(names.get(c, c) for c in a.districts) for a in uf.accounts.values()],
            "创建时间": [a.created_at for a in uf.accounts.values()],
            "修改时间": [a.updated_at for a in uf.accounts.values()],
        }), hide_index=True, width="stretch")

    def _save(action: str, detail: str) -> None:
        access.require(auth.current_user(), "manage_users")  # checked again at the write
        uf.save()
        access.audit(store(), user.name, action, detail)

    with st.expander("添加用户", expanded=not uf.accounts), st.form("user_add", clear_on_submit=True):
        name = st.text_input("用户名", key="new_user_name")
        first = not uf.accounts
        roles = [Role.admin] if first else list(Role)
        role = st.selectbox("角色", roles, format_func=lambda r: ROLE_LABELS[r], key="new_user_role")
        districts = st.multiselect("负责区县（仅区县填报员）", [d.code for d in reg.districts], format_func=lambda c: reg.district(c).name,
                                   key="new_user_districts")
        pw1 = st.text_input("密码（至少 10 个字符）", type="password", key="new_user_pw1", autocomplete="new-password")
        pw2 = st.text_input("再次输入密码", type="password", key="new_user_pw2", autocomplete="new-password")
        if st.form_submit_button("添加", type="primary"):
            try:
                if pw1 != pw2:
                    raise UsersError("两次输入的密码不一致。")
                acc = uf.add(name.strip(), role, pw1, districts, [d.code for d in reg.districts])
                _save("user_add", f"{acc.name}（{acc.role.label}）")
                st.success(f"已添加用户“{acc.name}”。" + ("看板现在要求登录，请用这个账号登录。" if first else ""))
                if first:
                    st.rerun()
            except UsersError as exc:
                st.error(str(exc))

    if uf.accounts:
        with st.expander("重设密码或删除用户"):
            target = st.selectbox("用户", sorted(uf.accounts), key="edit_user")
            pw = st.text_input("新密码", type="password", key="edit_user_pw", autocomplete="new-password")
            left, right = st.columns(2)
            if left.button("重设密码", key="user_passwd"):
                try:
                    uf.passwd(target, pw)
                    _save("user_passwd", target)
                    st.success(f"已重设“{target}”的密码。")
                except UsersError as exc:
                    st.error(str(exc))
            sure = right.checkbox(f"确认删除“{target}”", key="confirm_user_remove")
            if right.button("删除用户", disabled=not sure or target == user.name, key="user_remove",
                            help="不能删除自己正在使用的账号。"):
                try:
                    uf.remove(target)
                    _save("user_remove", target)
                    st.success(f"已删除用户“{target}”。")
                except UsersError as exc:
                    st.error(str(exc))

    # Sign-in throttles in force: a computer that failed too often is paused; a name is only slowed down.
    throttle = auth.throttle()

    def _cleared(n: str) -> datetime.datetime | None:
        acc = uf.accounts.get(n)
        return acc.cleared_at() if acc else None

    limits = throttle.limits(_cleared)
    if limits:
        st.warning(f"有 {len(limits)} 项登录限制正在生效（多次输错密码）：暂停的是出错的电脑，账号本身不会被锁定。"
                   "确认是本人输错后可在下面解除；也可用命令 `python -m pipelines users unlock 用户名`。", icon=":material/lock_clock:")
        st.dataframe(pd.DataFrame({
            "对象": [("电脑 " if lim.kind == "client" else "用户名 ") + lim.key for lim in limits],
            "限制": ["暂停登录，至" if lim.kind == "client" else "每次尝试须间隔，下次可试" for lim in limits],
            "时间": [lim.until.strftime("%H:%M:%S") if lim.until else "" for lim in limits],
            "近 15 分钟失败次数": [lim.failures for lim in limits],
        }), hide_index=True, width="stretch")
        chosen = st.selectbox("解除哪一项", range(len(limits)), key="unlock_choice",
                              format_func=lambda i: ("电脑 " if limits[i].kind == "client" else "用户名 ") + limits[i].key)
        if st.button("解除", key="unlock"):
            access.require(auth.current_user(), "manage_users")
            lim = limits[chosen]
            if lim.kind == "client":
                throttle.unlock_client(lim.key)
                access.audit(store(), user.name, "user_unlock", f"电脑 {lim.key}")
            else:
                if lim.key in uf.accounts:
                    uf.unlock(lim.key)
                    uf.save()
                throttle.unlock(lim.key)
                access.audit(store(), user.name, "user_unlock", lim.key)
            st.rerun()

with audit_tab:
    st.caption("每次导入、更正、回退、删除示例数据、登录和登录失败、越权操作都记录在这里：谁、何时、做了什么。")
    c1, c2, c3, c4 = st.columns(4)
    today = datetime.date.today()
    since = c1.date_input("从", today - datetime.timedelta(days=90), key="audit_since")
    until = c2.date_input("到", today, key="audit_until")
    actions = c3.multiselect("操作", fresh("audit_actions"), format_func=lambda a: ACTION_NAMES.get(a, a), key="audit_actions",
                             placeholder="全部操作")
    who = c4.text_input("操作人", key="audit_actor", placeholder="全部")
    log = fresh("audit_entries", str(since), str(until), tuple(actions) or None, who.strip() or None)
    if log.empty:
        st.info("没有符合条件的记录。请放宽日期或操作条件。")
        st.stop()
    table = pd.DataFrame({  # control characters escaped: a newline in a name must not forge a line of the CSV
        "时间": log["logged_at"].astype(str), "操作人": log["actor"].map(access.plain),
        "操作": log["action"].map(lambda a: ACTION_NAMES.get(a, a)), "内容": log["detail"].map(access.plain),
    })
    st.caption(f"共 {len(table):,} 条（最多显示 5,000 条）。")
    st.dataframe(table, hide_index=True, width="stretch", height=480)
    left, right = st.columns(2)
    left.download_button("导出 CSV", to_csv(table), file_name="审计日志.csv", mime="text/csv", key="audit_csv")
    right.download_button("导出 Excel", to_xlsx(table), file_name="审计日志.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="audit_xlsx")
