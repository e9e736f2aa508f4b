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
div:has(> [data-testid="stMetricDelta"]) { flex-wrap: wrap; row-gap: 0.15rem; }
[data-testid="stMetric"] { min-height: 8.2rem; }
</style>
"""


def apply() -> None:
    st.html(CSS)
    st.html(zh.script(), unsafe_allow_javascript=True)
