"""Global filters shared by every page: quarter, districts, 口径. They live in the URL query string
(bind="query-params"), so a copied link reproduces the view, and they survive page changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from pipelines.periods import Period
from pipelines.users import User
from ui import present
from ui.data import latest_period, q, registry

RATE_BASES = {"A": "口径A", "B": "口径B"}
RATE_HELP = "口径A：会员人数 ÷ 已建会单位职工人数；口径B：会员人数 ÷ 全部职工人数。两种口径差别很大，汇报时请写明口径。"


@dataclass(frozen=True)
class Filters:
    period: str | None
    districts: tuple[str, ...] | None  # None means every district
    rate_basis: str  # "A" or "B"

    @property
    def district_names(self) -> list[str]:
        reg = registry()
        return [reg.district(c).name for c in self.districts] if self.districts else []


def sidebar(user: User) -> Filters:
    """Render the filters in the sidebar (called once per run from dashboard.py), and who is signed in."""
    reg = registry()
    periods = sorted(q("periods_with_data"), reverse=True)
    default = latest_period()
    with st.sidebar:
        st.markdown("**筛选**")
        if not periods:
            st.caption("暂无数据")
            who(user)
            return Filters(None, None, "A")
        # A link must keep its quarter when a newer one arrives, but Streamlit leaves a widget's default
        # out of the URL. So the widget's own default is empty, and when the URL has no quarter the one
        # shown is written into both the URL (before the widget binds it) and the widget's state.
        # The URL holds the label a person reads (?period=2025年第二季度), as Streamlit's binding writes it.
        if st.query_params.get("period") not in {Period.parse_code(c).label for c in periods}:
            shown = next((c for c in (st.session_state.get("period"), default) if isinstance(c, str) and c in periods), periods[0])
            st.query_params["period"] = Period.parse_code(shown).label
            st.session_state["period"] = shown
        period = st.selectbox(
            "季度",
            periods,
            index=None,
            format_func=lambda c: Period.parse_code(c).label,
            key="period",
            bind="query-params",
            placeholder="请选择季度",
        ) or (default if default in periods else periods[0])
        codes = [d.code for d in reg.districts]
        chosen = st.multiselect(
            "区县（不选即全部）",
            codes,
            default=[],
            format_func=lambda c: reg.district(c).name,
            key="district",
            bind="query-params",
            placeholder="全部区县",
            select_all=False,  # choosing none already means every district
        )
        basis = st.radio(
            "入会率口径",
            list(RATE_BASES),
            format_func=lambda k: RATE_BASES[k],
            key="basis",
            bind="query-params",
            horizontal=True,
            help=RATE_HELP,
        )
        st.divider()
        present.toggle()
        who(user)
    return Filters(period, tuple(chosen) if chosen else None, basis or "A")


def who(user: User) -> None:
    if user.local:
        st.caption(":material/computer: 本机模式：只能在这台电脑上使用，无需登录。",
                   help="看板只在本机地址 127.0.0.1 上提供，所有功能可用。要在内网给多人使用，请管理员在“用户与审计”页添加用户，之后大家登录使用。")
    else:
        st.caption(f":material/person: 已登录：{user.label}")


def current() -> Filters:
    """The filters as set in this run (pages call this; dashboard.py rendered them)."""
    f = st.session_state.get("_filters")
    if isinstance(f, Filters):
        return f
    return Filters(latest_period(), None, "A")
