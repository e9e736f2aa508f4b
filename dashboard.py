"""Entry point: routes only. Who is signed in decides which pages exist (ui.auth); filters live in the
sidebar (shared by every page, kept in the URL); each page in pages/ only lays out what queries return."""

import runpy
from pathlib import Path

import streamlit as st

from pipelines import access
from ui import auth, filters, present, style

ROOT = Path(__file__).parent

# A local icon: a :material: page icon would be fetched from the internet by the browser.
st.set_page_config(page_title="工会数据看板", page_icon=str(ROOT / "ui" / "static" / "favicon.png"), layout="wide", initial_sidebar_state="expanded")

user = auth.current_user()
if user is None and auth.is_local():
    st.error("本机模式（未设置用户）只能在运行看板的这台电脑上使用，不能通过代理或其他电脑访问。"
             "请管理员先建立用户文件（见 README“部署与用户”），之后大家登录使用。", icon=":material/block:")
    st.stop()
if user is None:
    st.navigation([st.Page("pages/login.py", title="登录", icon=":material/login:", url_path="login", default=True)], position="hidden").run()
    st.stop()

# (section, file in pages/ without .py (also its url, but the overview lives at /), title, icon, the action a user must be allowed)
PAGES = [
    ("领导看板", "overview", "总览", ":material/dashboard:", "view"),
    ("领导看板", "coverage", "建会入会", ":material/apartment:", "view"),
    ("领导看板", "membership", "会员发展", ":material/groups:", "view"),
    ("领导看板", "competitions", "劳动竞赛", ":material/emoji_events:", "view"),
    ("领导看板", "aid", "帮扶慰问", ":material/volunteer_activism:", "view"),
    ("数据工作", "upload", "数据上报", ":material/upload_file:", "upload"),
    ("数据工作", "status", "报送情况", ":material/fact_check:", "history"),
    ("数据工作", "data", "数据查询", ":material/table_view:", "view"),
    ("数据工作", "templates", "模板下载", ":material/download:", "view"),
    ("数据工作", "manage", "数据管理", ":material/settings:", "manage_sample"),
    ("系统", "admin", "用户与审计", ":material/admin_panel_settings:", "audit"),
    ("说明", "glossary", "指标说明", ":material/menu_book:", "view"),
]
pages: dict[str, list[st.Page]] = {}
for section, name, title, icon, action in PAGES:
    if access.can(user, action):
        pages.setdefault(section, []).append(st.Page(f"pages/{name}.py", title=title, icon=icon, url_path="index" if name == "overview" else name, default=name == "overview"))
overview = pages["领导看板"][0]


def _overview_alias() -> None:
    """/overview is where people guess the overview lives: draw it there, with the link's filters."""
    runpy.run_path(str(ROOT / "pages" / "overview.py"), run_name="__main__")


# Hidden from the menu; the overview itself stays at / (the default page's address).
pages["领导看板"].append(st.Page(_overview_alias, title="总览", url_path="overview", visibility="hidden"))
if not auth.is_local():
    pages["说明"].append(st.Page("pages/logout.py", title="退出登录", icon=":material/logout:", url_path="logout"))

page = st.navigation(pages, position="top" if present.is_on() else "sidebar", expanded=True)
style.apply()  # first, so the layout (filters above the page list) is in place when the filters arrive
st.session_state["_filters"] = filters.sidebar(user)
present.apply()
page.run()
