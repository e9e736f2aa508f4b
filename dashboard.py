"""Entry point: routes only. Each page lives in pages/ and only lays out what queries return."""

import streamlit as st

st.set_page_config(page_title="工会数据看板", page_icon="📊", layout="wide", initial_sidebar_state="expanded")

pages = {
    "看板": [
        st.Page("pages/overview.py", title="总览", icon="🏠", url_path="overview", default=True),
    ],
}

st.navigation(pages).run()
