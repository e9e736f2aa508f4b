"""Presentation mode (演示模式): for a 16:9 projector — no sidebar, no toolbar, larger type, the
pages' navigation across the top. Kept in the URL (?present=true), so it survives page changes
and a link opens straight into it."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

KEY = "present"

# Sized for the smallest projector input (1366×768): title, the period line, every KPI card in one
# row and the first row of charts fit on the first screen (tests/test_browser_present.py measures it);
# on 1920×1080 the type grows with the screen.
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stMainMenu"],
[data-testid="stAppDeployButton"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stElementToolbar"], .modebar-container { display: none !important; }
html { font-size: 16px; }
@media (min-width: 1600px) and (min-height: 900px) { html { font-size: 21px; } }
.block-container, [data-testid="stMainBlockContainer"] { max-width: 100%; padding: 3.6rem 1.6rem 1rem 1.6rem; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.55rem; }
h1 { font-size: 1.9rem !important; padding: 0 0 0.1rem 0 !important; }
h3 { font-size: 1.3rem !important; padding: 0.3rem 0 0.1rem 0 !important; line-height: 1.5 !important; }
/* Chart notes and click hints are for the desk, not the wall; the period and source line stays. */
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] { display: none; }
.st-key-page_header [data-testid="stCaptionContainer"] { display: block; font-size: 0.8rem; }
[data-testid="stAlert"] { padding: 0.35rem 0.8rem; font-size: 0.85rem; }
[data-testid="stAlert"] p { font-size: 0.85rem; }
[data-testid="stMetric"] { min-height: 0 !important; padding: 0.4rem 0.7rem !important; }
[data-testid="stMetric"] label { margin-bottom: 0; min-height: 0; }
[data-testid="stMetricValue"] { font-size: 1.6rem; }
[data-testid="stMetricValue"] > div { overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricLabel"] p { font-size: 0.85rem; white-space: normal !important; }
[data-testid="stMetricLabel"] div { overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricDelta"], [data-testid="stMetricDeltaDescription"] p { font-size: 0.75rem; }
.st-key-leave_present { position: fixed; top: 0.55rem; right: 1rem; z-index: 999991; width: auto !important; }
.st-key-leave_present button { min-height: 2rem; padding: 0.1rem 0.7rem; }
</style>
"""

# Chart sizes on the wall: the first row of charts must fit under the KPI row at 1366×768.
CHART_HEIGHT = 330
FONT = 15
TITLE_FONT = 19


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


def style_figure(fig: go.Figure, on: bool | None = None) -> go.Figure:
    """Projector type on charts in presentation mode (`on`, by default whether it is on now), in a
    height that fits the first screen."""
    if is_on() if on is None else on:
        legend_band = 34 if fig.layout.showlegend else 0  # the legend's own band under the subtitle
        fig.update_layout(font={"size": FONT}, title={"font": {"size": TITLE_FONT}}, height=CHART_HEIGHT,
                          margin={"t": 66 + legend_band, "b": 30})
        if fig.layout.title.subtitle:
            fig.update_layout(title_subtitle_font_size=12)
        # Rankings keep every row's name on the wall: the chart grows to ~22 px a row, every name is
        # written (plotly would drop every other one), in the type that fits its row.
        rows = _row_names(fig)
        if rows:
            height = max(CHART_HEIGHT, 66 + legend_band + 40 + 22 * len(rows))
            per_row = (height - 66 - legend_band - 40) / len(rows)
            fig.update_layout(height=height)
            fig.update_yaxes(tickmode="array", tickvals=rows, ticktext=rows, tickfont_size=max(11, min(FONT, int(per_row * 0.7))))
    return fig


def _row_names(fig: go.Figure) -> list[str]:
    """The category names down a chart's y axis (horizontal bars, or dots placed by value), in order."""
    for t in fig.data:
        horizontal = getattr(t, "orientation", None) == "h" or (t.type == "scatter" and t.y is not None and len(t.y)
                                                                 and isinstance(t.y[0], str))
        if horizontal and t.y is not None:
            return list(dict.fromkeys(str(v) for v in t.y if v is not None))
    return []


def kpis_per_row(n: int) -> int:
    """Every KPI card in one row on the wall; rows of three at the desk."""
    return n if is_on() else 3
