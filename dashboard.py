"""Entry point: routes only. Filters live in the sidebar (shared by every page, kept in the URL);
each page in pages/ only lays out what queries return."""

from pathlib import Path

import streamlit as st

from ui import filters, present

# A local icon: a :material: page icon would be fetched from the internet by the browser.
st.set_page_config(page_title="工会数据看板", page_icon=str(Path(__file__).parent / "ui" / "static" / "favicon.png"), layout="wide", initial_sidebar_state="expanded")

pages = {
    "领导看板": [
        st.Page("pages/overview.py", title="总览", icon=":material/dashboard:", url_path="overview", default=True),
        st.Page("pages/coverage.py", title="建会入会", icon=":material/apartment:", url_path="coverage"),
        st.Page("pages/membership.py", title="会员发展", icon=":material/groups:", url_path="membership"),
        st.Page("pages/competitions.py", title="劳动竞赛", icon=":material/emoji_events:", url_path="competitions"),
        st.Page("pages/aid.py", title="帮扶慰问", icon=":material/volunteer_activism:", url_path="aid"),
    ],
    "数据工作": [
        st.Page("pages/upload.py", title="数据上报", icon=":material/upload_file:", url_path="upload"),
        st.Page("pages/status.py", title="报送情况", icon=":material/fact_check:", url_path="status"),
        st.Page("pages/data.py", title="数据查询", icon=":material/table_view:", url_path="data"),
        st.Page("pages/templates.py", title="模板下载", icon=":material/download:", url_path="templates"),
        st.Page("pages/manage.py", title="数据管理", icon=":material/settings:", url_path="manage"),
    ],
    "说明": [
        st.Page("pages/glossary.py", title="指标说明", icon=":material/menu_book:", url_path="glossary"),
    ],
}

page = st.navigation(pages, position="top" if present.is_on() else "sidebar")
st.session_state["_filters"] = filters.sidebar()
present.apply()
page.run()
