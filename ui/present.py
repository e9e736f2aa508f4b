"""Presentation mode (演示模式): for a 16:9 projector — no sidebar, no toolbar, larger type, the
pages' navigation across the top. Kept in the URL (?present=true), so it survives page changes
and a link opens straight into it."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

KEY = "present"

CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stMainMenu"],
[data-testid="stAppDeployButton"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] { display: none !important; }
html { font-size: 20px; }
.block-container, [data-testid="stMainBlockContainer"] { max-width: 1760px; padding-top: 4.6rem; padding-left: 2.5rem; padding-right: 2.5rem; }
[data-testid="stMetricValue"] { font-size: 2.6rem; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
h1 { font-size: 2.4rem !important; }
[data-testid="stCaptionContainer"] { font-size: 0.85rem; }
</style>
"""


def is_on() -> bool:
    # Before the switch is drawn in this session, the URL is the only source (a link with ?present=true).
    if KEY in st.session_state:
        return bool(st.session_state[KEY])
    return str(st.query_params.get(KEY, "")).lower() in ("true", "1")


def toggle() -> None:
    """The switch in the sidebar (rendered with the other filters)."""
    st.toggle("演示模式（投影用）", key=KEY, bind="query-params", help="隐藏侧边栏和工具栏、放大字体，适合 16:9 投影；网址带 present=true 可直接进入。")


def _leave() -> None:
    st.session_state[KEY] = False


def apply() -> None:
    """Hide the chrome and offer the way back (the sidebar switch is hidden too)."""
    if not is_on():
        return
    st.html(CSS)
    st.button("退出演示模式", key="leave_present", on_click=_leave, icon=":material/close_fullscreen:")


def style_figure(fig: go.Figure) -> go.Figure:
    """Projector-sized type on charts in presentation mode."""
    if is_on():
        fig.update_layout(font={"size": 17}, title={"font": {"size": 24}}, height=int((fig.layout.height or 420) * 1.15))
    return fig
