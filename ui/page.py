"""What every leader page shares: the header with period and scope, charts with Chinese PNG export,
rankings that stay readable with thousands of districts, and click-through to a district."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from insights import charts, fmt
from pipelines.periods import Period
from ui import present, zh
from ui.data import built, data_version, q, registry
from ui.filters import Filters, current
from ui.glossary import indicator_help
from ui.present import style_figure

RANKING_N = charts.RANKING_N  # above 2×N districts a ranking shows the top and bottom N plus a search


def header(area: str) -> tuple[Filters, Period]:
    """Title naming area, period and scope; stops the page with a friendly note when there is no data."""
    f = current()
    if f.period is None:
        st.title(area)
        st.info("数据库中还没有任何报表。请先在“数据上报”导入各区县的季度报表，或运行 `make run` 载入示例数据。")
        st.stop()
    p = Period.parse_code(f.period)
    scope = "、".join(f.district_names) if f.districts else f"全{registry().city['city_name'][-1]}（各区县合计）"
    sample = q("sample_in_use")
    # On the wall the sample warning is a badge on the period line (every chart's subtitle says so too).
    badge = "　:orange-badge[示例数据，仅用于演示]" if sample and present.is_on() else ""
    with st.container(key="page_header"):  # presentation mode keeps this caption and hides the others
        st.title(f"{area} · {p.label}")
        st.caption(f"统计期：{p.label}（{p.ytd_label}累计）　范围：{scope}　　{registry().city['source_line']}{badge}")
    if sample and not present.is_on():
        st.warning("当前显示的是**示例数据**（虚构的“示例市”），仅用于演示。导入各区县的真实报表后，此提示会消失。", icon="⚠️")
    return f, p


SAMPLE_MARK = "　｜　示例数据，仅用于演示"


def scope_label(f: Filters) -> str:
    if not f.districts:
        return "各区县"
    return "、".join(f.district_names) if len(f.districts) <= 3 else f"所选{len(f.districts)}个区县"


def total_label(f: Filters) -> str:
    """Whose total a city-wide line draws: 全市, 东湖区, 东湖区、西山区合计, 所选5个区县合计."""
    if not f.districts:
        return "全" + registry().city["city_name"][-1]
    if len(f.districts) == 1:
        return f.district_names[0]
    return ("、".join(f.district_names) if len(f.districts) <= 3 else f"所选{len(f.districts)}个区县") + "合计"


def file_stem(title: str) -> str:
    """A PNG name in Chinese from the chart title: "2025年第三季度 各区县入会率（%）" -> 2025年第三季度_各区县入会率."""
    stem = re.sub(r"[（(][^）)]*[）)]", "", title)
    stem = re.sub(r"[\\/:*?\"<>|，,。\s]+", "_", stem).strip("_")
    return stem[:80] or "图表"


@dataclass(frozen=True)
class Plot:
    """A chart not built yet: `build(*args, **kwargs)` (a figure builder of insights.charts or insights.maps),
    so that `chart` can take it, finished, from the cache instead of building it again on every page run."""

    build: Callable[..., go.Figure]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


def plot(build: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> Plot:
    return Plot(build, args, kwargs)


def _finished(fig: go.Figure, presenting: bool, sample: bool) -> go.Figure:
    """A figure as the page draws it: projector type in presentation mode, the demo mark on sample data."""
    fig = style_figure(fig, presenting)
    subtitle = fig.layout.title.subtitle.text if fig.layout.title.subtitle else None
    if sample and subtitle and SAMPLE_MARK not in subtitle:
        fig.update_layout(title_subtitle_text=subtitle + SAMPLE_MARK)  # a pasted demo chart says so
    return fig


def _spec(module: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], presenting: bool, sample: bool) -> dict[str, Any]:
    """The finished figure of a Plot as plain data (cached by ui.data.built)."""
    import importlib

    build = getattr(importlib.import_module(module), name)
    return _finished(build(*args, **kwargs), presenting, sample).to_dict()


def chart(fig: go.Figure | Plot, key: str, on_select: Any = "ignore", about: tuple[str, ...] = (), note: str = "") -> Any:
    """Draw a figure with a 2× PNG download named after its title; `about` lists the indicator codes
    whose definitions (unit, kind, formula, 口径) are written under the chart, `note` a paragraph after
    them (one caption element for both: each element is work for the browser). A Plot is built once per
    data version, arguments and mode (ui.data.built), then only copied out of the cache."""
    presenting, sample = present.is_on(), bool(q("sample_in_use"))
    if isinstance(fig, Plot):
        spec = built(_spec, fig.build.__module__, fig.build.__qualname__, fig.args, fig.kwargs, presenting, sample)
        fig = go.Figure(spec, _validate=False)  # validated when it was built
    else:
        fig = _finished(fig, presenting, sample)
    title = fig.layout.title.text or "图表"
    config = zh.plotly_config(file_stem(title))
    if presenting:
        config["displayModeBar"] = False  # no toolbar over the titles on the wall
    shown = st.plotly_chart(fig, width="stretch", key=key, config=config, on_select=on_select,
                            selection_mode="points" if on_select != "ignore" else ("points",))
    notes = (["指标：" + indicator_help(registry(), *about)] if about else []) + ([note] if note else [])
    if notes:
        st.caption("\n\n".join(notes))
    return shown


def _open_district(chart_key: str) -> None:
    """Clicking a bar of a district ranking filters every page to that district."""
    state = st.session_state.get(chart_key)
    points = (state or {}).get("selection", {}).get("points", []) if isinstance(state, dict) else getattr(getattr(state, "selection", None), "points", [])
    codes = [p.get("customdata") for p in points if p.get("customdata")]
    if codes:
        st.session_state["district"] = [codes[0] if isinstance(codes[0], str) else codes[0][0]]


def district_ranking(
    frame: pd.DataFrame,
    *,
    value_col: str,
    title: str,
    unit: str,
    key: str,
    is_rate: bool = False,
    about: tuple[str, ...] = (),
) -> None:
    """A ranking of every district (column `district` holds codes) in one colour; the districts chosen in
    the filter are highlighted in their place among all, and their rank is said under the chart. Top and
    bottom N (the chosen always kept) and a search when long."""
    reg = registry()
    names = {d.code: d.name for d in reg.districts}
    chosen = current().districts or ()
    data = frame.assign(区县=frame["district"].map(names).fillna(frame["district"]))
    data = data.dropna(subset=[value_col])
    if data.empty:
        st.info("本期没有这项数据。")
        return
    ranked = data.sort_values(value_col, ascending=False).reset_index(drop=True)
    shown = ranked
    top_bottom = charts.limit_ranking(ranked, value_col, RANKING_N)
    if len(top_bottom) < len(ranked):
        query = st.text_input("查找区县", key=f"{key}_search", placeholder="输入名称，如“东湖”")
        if query:
            shown = ranked[ranked["区县"].str.contains(query, regex=False)]
        else:
            shown = top_bottom
            extra = ranked[ranked["district"].isin(chosen) & ~ranked["district"].isin(shown["district"])]
            shown = pd.concat([shown, extra])
            st.caption(f"共 {len(ranked)} 个区县，显示前 {RANKING_N} 名和后 {RANKING_N} 名" + ("及所选区县" if len(extra) else "")
                       + "；可用上面的搜索框查找其他区县。")
    fig = plot(charts.bar_ranking, shown, label_col="区县", value_col=value_col, key_col="district", highlight=tuple(chosen),
               title=title, unit=unit, source=reg.city["source_line"], is_rate=is_rate)
    places = [f"{names.get(c, c)}第 {i + 1} 名" for i, c in enumerate(ranked["district"]) if c in chosen]
    if places:
        note = f"红色为所选区县：{'，'.join(places)}（共 {len(ranked)} 个区县）。点击柱条或圆点可查看其他区县。"
    else:
        note = "点击柱条或圆点可查看该区县。"
    chart(fig, key, on_select=lambda: _open_district(key), about=about, note=note)


def breakdown_rows(frame: pd.DataFrame, dimension: str, label: str) -> pd.DataFrame:
    """Breakdown rows (合计 dropped) named in Chinese under `label`, in the registry's order."""
    rows = registry().breakdowns_of(dimension)
    names = {b.code: b.name for b in rows}
    order = {b.code: b.sort_order for b in rows}
    out = frame[frame["breakdown"] != "all"].copy()
    out[label] = out["breakdown"].map(names)
    return out.sort_values("breakdown", key=lambda s: s.map(order)).reset_index(drop=True)


def projection_table(period: str, districts: tuple[str, ...] | None, key: str) -> pd.DataFrame:
    """预计全年完成 per district beside 完成年度任务, coloured by the projection's status, with the method
    per district and the whole method behind a ?; returns the frame (its last row is the chosen total)."""
    from insights import projection as proj

    frame = q("year_end_projection", period, districts)
    pair = proj.target_pair(registry(), "joined_ytd")
    rows = frame[frame["level"] == "district"]
    total = frame[frame["level"] == "city"].iloc[0]
    head, about = st.columns([0.92, 0.08])
    head.markdown(f"**预计全年完成**　{total['区县']}预计全年{pair.what}"
                  f" {'—' if pd.isna(total['projected']) else fmt.amount(total['projected'], '人')}，"
                  f"预计完成年度任务 {fmt.percent(total['projected_rate'])}（{proj.range_text(total['low_rate'], total['high_rate'])}）")
    with about.popover("?", help="怎样推算"):
        st.markdown(proj.method_text(pair))
    table = pd.DataFrame({
        "区县": rows["区县"],
        "完成年度任务": (rows["progress"].astype(float) * 100).round(1),
        "预计全年完成率": (rows["projected_rate"].astype(float) * 100).round(1),
        "区间": [proj.range_text(lo, hi) for lo, hi in zip(rows["low_rate"], rows["high_rate"], strict=True)],
        "预计": rows["status"].map({"绿": "能完成", "黄": "略有差距", "红": "可能完不成"}).fillna("—"),
        "推算方法": rows["method"],
    }).sort_values("预计全年完成率", ascending=False)
    every = len(table)
    if every > 2 * RANKING_N:  # a province: the furthest ahead and the furthest behind, as the rankings show them
        table = charts.limit_ranking(table, "预计全年完成率", RANKING_N)
    _projection_grid(data_version(), table, key)
    if len(table) < every:
        without = int(rows["projected_rate"].isna().sum())
        st.caption(f"共 {every} 个区县，表中为预计全年完成率最高的 {RANKING_N} 个和最低的 {RANKING_N} 个"
                   + (f"（另有 {without} 个区县本期没有预计数，未列入）" if without else "")
                   + "；可在左侧选择区县查看其他区县。")
    return frame


@st.cache_data(show_spinner=False, max_entries=64)
def _projection_grid(version: str, table: pd.DataFrame, key: str) -> None:  # noqa: ARG001 - version: a commit draws anew
    """The projection table, coloured by status: pandas' Styler runs once per data version and contents,
    then st.cache_data replays the element."""
    from insights import projection as proj
    from ui.widgets import RAG_TINTS

    tints = {"能完成": RAG_TINTS["green"], "略有差距": RAG_TINTS["amber"], "可能完不成": RAG_TINTS["red"]}
    status = table["预计"]
    styled = table.style.apply(lambda col: [f"background-color: {tints.get(s, 'white')}" for s in status],
                               subset=["预计全年完成率", "预计"])
    st.dataframe(styled, hide_index=True, width="stretch", key=key, column_config={
        "完成年度任务": st.column_config.NumberColumn(format="%.1f%%"),
        "预计全年完成率": st.column_config.NumberColumn(format="%.1f%%", help=proj.STATUS_RULE),
        "推算方法": st.column_config.TextColumn(width="medium"),
    })


def district_map_section(frame: pd.DataFrame, measures: dict[str, tuple[str, str, bool]], title_prefix: str, key: str) -> None:
    """区县地图 of one district-level measure chosen from `measures` (column: (name, unit, is_rate));
    a click on a district filters every page to it, like the ranking bars."""
    from insights import maps

    reg = registry()
    too_many = maps.too_many_tiles(reg)
    if too_many:  # thousands of squares say nothing; the page's rankings and the district filter do
        st.info(too_many)
        return
    head, about = st.columns([0.92, 0.08])
    with head:
        column = st.selectbox("地图显示", list(measures), format_func=lambda c: measures[c][0], key=f"{key}_measure")
    with about.popover("?", help="地图怎样画"):
        st.markdown(maps.method_text(reg))
    name, unit, is_rate = measures[column]
    shown_unit = "%" if is_rate else unit
    fig = plot(maps.district_map, frame, reg, value_col=column, title=f"{title_prefix} 各区县{name}（{shown_unit}）", unit=unit,
               source=reg.city["source_line"], is_rate=is_rate)
    chart(fig, key, on_select=lambda: _open_district(key), note="点击地图上的区县可查看该区县；颜色越深数值越大，灰色为无数据。")
