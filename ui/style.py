"""Small layout fixes every page shares (presentation mode adds its own in ui/present.py)."""

from __future__ import annotations

import streamlit as st

from ui import zh

CSS = """
<style>
/* KPI cards: the 同比/环比 line wraps instead of ending in "…" on a laptop, and cards in a row line up */
[data-testid="stMetricDelta"] { flex-shrink: 0; }
[data-testid="stMetricDelta"] + [data-testid="stMetricDeltaDescription"],
[data-testid="stMetricDeltaDescription"] p { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetric"] div:has(> [data-testid="stMetricDelta"]) { flex-wrap: wrap; row-gap: 0.15rem; }
[data-testid="stMetric"] { min-height: 8.2rem; }
/* 1366×768: the title starts under the toolbar, not 100 px below it */
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 3.2rem; }
/* The filters before the page list, so 季度, 区县 and 口径 are all on the first screen of a laptop */
[data-testid="stSidebarContent"] { display: flex; flex-direction: column; }
[data-testid="stSidebarUserContent"] { order: -1; padding-top: 0.5rem; padding-bottom: 0.5rem; }
[data-testid="stSidebarHeader"] { order: -2; height: 2.5rem; min-height: 2.5rem; margin-bottom: 0; }
[data-testid="stSidebarNav"] { order: 0; }
[data-testid="stSidebarNavSeparator"] { display: none; }
/* The copy button of a code block sits in its corner: keep the text out from under it */
[data-testid="stCode"] pre, [data-testid="stCode"] code { padding-right: 2.6rem !important; }
</style>
"""


def apply() -> None:
    st.html(CSS)
    st.html(zh.script(), unsafe_allow_javascript=True)
