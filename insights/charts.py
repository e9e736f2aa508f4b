"""Plotly figure builders shared by every page and the briefing pack. They never query.

Every figure: Chinese font stack, 万/亿 axis units, a title naming area, period and unit, the source
line underneath, district colours fixed by the registry order, hover with the exact number.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from insights import fmt

FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, WenQuanYi Micro Hei, sans-serif"
# Twelve distinguishable colours; a district keeps its colour in every chart (registry sort order).
PALETTE = (
    "#C8102E", "#1F77B4", "#2CA02C", "#FF7F0E", "#9467BD", "#8C564B",
    "#E377C2", "#17BECF", "#BCBD22", "#7F7F7F", "#393B79", "#AD494A",
)


# A ranking compares districts on one measure: one colour, the districts the reader chose highlighted.
RANK_COLOUR = "#A9BCD0"
HIGHLIGHT_COLOUR = "#1F3A68"  # navy, not red: red on these pages means 明显落后


def district_colours(codes_in_registry_order: list[str]) -> dict[str, str]:
    """Stable colours for charts that draw one line per district."""
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(codes_in_registry_order)}


def _rank_colours(keys: pd.Series, highlight: frozenset[str]) -> list[str]:
    return [HIGHLIGHT_COLOUR if k in highlight else RANK_COLOUR for k in keys]


def _rank_labels(labels: pd.Series, keys: pd.Series, highlight: frozenset[str]) -> list[str]:
    return [f"<b>{lab}</b>" if k in highlight else str(lab) for lab, k in zip(labels, keys, strict=True)]


def decimals_for(shown: pd.Series | list[float]) -> int:
    """One precision for every label of a chart: 0.80 and 2.90 (万), never 0.80 next to 2.9."""
    values = [abs(float(v)) for v in shown if v is not None and not pd.isna(v) and float(v) != 0]
    if not values:
        return 1
    return 1 if min(values) >= 1 else 2


def shown_unit_title(title: str, unit: str, shown: str) -> str:
    """The unit in a title as the chart shows it: "…会员人数（人）" becomes "…会员人数（万人）" when the axis
    and labels are in 万人, so a screenshot never says 人 over numbers in 万人."""
    suffix = f"（{unit}）"
    if unit and shown != unit and title.endswith(suffix):
        return title[: -len(suffix)] + f"（{shown}）"
    return title


def label_in(value: float, divisor: float, prefix: str, unit: str, decimals: int | None = None) -> str:
    """A bar label in the axis unit with the chart's one precision (`decimals_for` over all its bars)."""
    if divisor == 1.0:
        return f"{value:,.0f}{unit}"
    places = decimals if decimals is not None else (1 if value / divisor >= 1 else 2)
    return f"{value / divisor:,.{places}f}{prefix}{unit}"


def _layout(fig: go.Figure, title: str, source: str, height: int = 420) -> go.Figure:
    """Title (area, period, unit) with the source line as its subtitle, so a screenshot carries both."""
    fig.update_layout(
        title={
            "text": title,
            "subtitle": {"text": source, "font": {"size": 12, "color": "#6B7280"}},
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 14},
            "font": {"size": 18},
        },
        font={"family": FONT_FAMILY, "size": 13, "color": "#1F2329"},
        height=height,
        margin={"l": 10, "r": 24, "t": 84, "b": 40},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=False,
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    # 4,000 not 4000 on numeric axes (category axes ignore it)
    fig.update_xaxes(tickformat=",~f")
    fig.update_yaxes(tickformat=",~f")
    return fig


def _with_legend(fig: go.Figure) -> go.Figure:
    """Legend in its own band between the subtitle and the plot, never over either (room for two
    lines when there are many series)."""
    many = len(fig.data) > 3
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.01, "yanchor": "bottom", "font": {"size": 12}},
        margin={"t": 140 if many else 116},
    )
    return fig


def _dot_ranking(data: pd.DataFrame, values: pd.Series, label_col: str, key_col: str, highlight: frozenset[str],
                 title: str, source: str) -> go.Figure:
    """Rates close together (入会率 91–94%) as dots on a zoomed axis: a bar from zero would hide the
    differences, a bar from 90% would lie about lengths; a dot claims only its position."""
    shown = values * 100
    low, high = float(shown.min()), float(shown.max())
    pad = max(1.0, (high - low) * 0.15)
    labels = _rank_labels(data[label_col], data[key_col], highlight)
    fig = go.Figure(
        go.Scatter(
            x=shown,
            y=labels,
            mode="markers+text",
            marker={"size": 16, "color": _rank_colours(data[key_col], highlight), "line": {"width": 1, "color": "white"}},
            text=[fmt.percent(v) for v in values],
            textposition="middle right",
            hovertext=[f"{lab}：{fmt.percent(v, 2)}" for lab, v in zip(data[label_col], values, strict=True)],
            hoverinfo="text",
            customdata=data[key_col],
            cliponaxis=False,
        )
    )
    # No stems: the axis is zoomed (91–94%), and a line from its left edge would claim a length.
    fig.update_xaxes(title_text="%", gridcolor="#ECEEF1", zeroline=False, range=[max(0.0, low - pad), min(100.0, high + 2 * pad) + pad])
    fig.update_yaxes(title_text="", automargin=True, showgrid=True, gridcolor="#F1F3F5")
    return _layout(fig, title, source, height=max(320, 70 + 34 * len(data)))


def bar_ranking(
    frame: pd.DataFrame,
    *,
    label_col: str,
    value_col: str,
    key_col: str,
    title: str,
    unit: str,
    source: str,
    highlight: tuple[str, ...] | frozenset[str] = (),
    is_rate: bool = False,
) -> go.Figure:
    """Horizontal bars, largest on top, in one colour with the `highlight` keys in red (a district the
    reader chose keeps its place among all); values labelled in 万/亿 (or % for rates) at one precision."""
    data = frame.dropna(subset=[value_col]).sort_values(value_col, ascending=True)
    values = data[value_col].astype(float)
    chosen = frozenset(highlight)
    if is_rate:
        return _dot_ranking(data, values, label_col, key_col, chosen, title, source)
    else:
        divisor, prefix = fmt.axis_tick_format(float(values.max()) if len(values) else 0.0)
        places = decimals_for(values / divisor)
        texts = [label_in(v, divisor, prefix, unit, places) for v in values]
        shown = values / divisor
        axis_title = f"{prefix}{unit}"
        title = shown_unit_title(title, unit, axis_title)
        hover = [f"{lab}：{fmt.grouped(v)}{unit}" for lab, v in zip(data[label_col], values, strict=True)]
    fig = go.Figure(
        go.Bar(
            x=shown,
            y=_rank_labels(data[label_col], data[key_col], chosen),
            orientation="h",
            marker_color=_rank_colours(data[key_col], chosen),
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hovertext=hover,
            hoverinfo="text",
            customdata=data[key_col],
        )
    )
    top = float(shown.max()) if len(shown) else 1.0
    # Room on the right for the value labels, so "22.2万人" is never cut off.
    fig.update_xaxes(title_text=axis_title, showgrid=True, gridcolor="#ECEEF1", zeroline=False, range=[0, top * 1.22])
    fig.update_yaxes(title_text="", automargin=True)
    return _layout(fig, title, source, height=max(320, 70 + 34 * len(data)))


RAG_COLOURS = {"green": "#2E9E5B", "amber": "#F2A900", "red": "#D64545"}
# Series colours start with blue and orange: red means an alert on these pages, never "the first series".
SERIES_COLOURS = ("#1F77B4", "#F28E2B", "#59A14F", "#9467BD", "#8C564B", "#17BECF", "#BCBD22", "#7F7F7F")


RANKING_N = 10  # more than 2×N districts: a ranking, chart or table shows the top and bottom N (a province has hundreds)


def limit_ranking(frame: pd.DataFrame, value_col: str, n: int = RANKING_N, *, missing_last: bool = False) -> pd.DataFrame:
    """The one top/bottom rule: rows best first, and a long ranking (more than 2×n rows) cut to its top
    and bottom n. Rows without a value are left out, or with `missing_last` kept at the bottom (in a table
    of targets a district without one is the furthest behind). Shorter than `frame`: callers say so."""
    data = frame.sort_values(value_col, ascending=False, na_position="last")
    if not missing_last:
        data = data.dropna(subset=[value_col])
    if len(data) <= 2 * n:
        return data
    return pd.concat([data.head(n), data.tail(n)])


def trend_lines(
    frame: pd.DataFrame,
    *,
    x_col: str,
    series: list[tuple[str, str]],
    title: str,
    unit: str,
    source: str,
    is_rate: bool = False,
    bars: bool = False,
) -> go.Figure:
    """One line (or bar group) per series over periods; x labels are given (e.g. 2025Q3)."""
    fig = go.Figure()
    peak = max((float(frame[c].max()) for c, _ in series if frame[c].notna().any()), default=0.0)
    divisor, prefix = (1.0, "") if is_rate else fmt.axis_tick_format(peak)
    if not is_rate:
        title = shown_unit_title(title, unit, f"{prefix}{unit}")
    for i, (col, name) in enumerate(series):
        values = frame[col].astype(float)
        shown = values * 100 if is_rate else values / divisor
        hover = [f"{x}　{name}：{'—' if pd.isna(v) else (fmt.percent(v, 2) if is_rate else fmt.grouped(v, 2 if unit == '元' else 0) + unit)}"
                 for x, v in zip(frame[x_col], values, strict=True)]
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        if bars:
            fig.add_bar(x=frame[x_col], y=shown, name=name, marker_color=colour, hovertext=hover, hoverinfo="text")
        else:
            fig.add_scatter(x=frame[x_col], y=shown, name=name, mode="lines+markers", line={"color": colour, "width": 3},
                            marker={"size": 7}, hovertext=hover, hoverinfo="text", connectgaps=False)
    # No rotated axis title: the chart's title names the unit it shows.
    fig.update_yaxes(title_text="", ticksuffix="%" if is_rate else "", gridcolor="#ECEEF1", zeroline=False,
                     rangemode="normal" if is_rate else "tozero")
    _quarter_ticks(fig, list(frame[x_col]))
    fig = _layout(fig, title, source)
    fig.update_layout(barmode="group")
    return _with_legend(fig) if len(series) > 1 else fig


def _quarter_ticks(fig: go.Figure, labels: list[str]) -> None:
    """Quarter labels level and short (2025Q3 reads 25Q3); past ten quarters every other one is
    written, counting back from the latest, so none is ever turned on its side."""
    short = [re.sub(r"^(?:19|20)(\d\d)Q", r"\1Q", str(x)) for x in labels]
    step = 1 if len(labels) <= 10 else 2
    keep = set(range(len(labels) - 1, -1, -step))
    fig.update_xaxes(type="category", title_text="", tickangle=0, tickmode="array",
                     tickvals=[x for i, x in enumerate(labels) if i in keep],
                     ticktext=[t for i, t in enumerate(short) if i in keep])


def stacked_bars(
    frame: pd.DataFrame,
    *,
    label_col: str,
    parts: list[tuple[str, str]],
    title: str,
    unit: str,
    source: str,
    share: bool = False,
) -> go.Figure:
    """Horizontal stacked bars: the composition of each row (optionally as shares of its total)."""
    data = frame.copy()
    total = data[[c for c, _ in parts]].sum(axis=1)
    data = data.assign(_total=total).sort_values("_total", ascending=True)
    peak = float(data["_total"].max()) if len(data) else 0.0
    divisor, prefix = (1.0, "") if share else fmt.axis_tick_format(peak)
    title = shown_unit_title(title, unit, "%" if share else f"{prefix}{unit}")
    fig = go.Figure()
    for i, (col, name) in enumerate(parts):
        values = data[col].astype(float)
        shown = values / data["_total"] * 100 if share else values / divisor
        hover = [f"{lab}　{name}：{fmt.grouped(v, 2 if unit == '元' else 0)}{unit}（{fmt.percent(v / t if t else 0)}）"
                 for lab, v, t in zip(data[label_col], values, data["_total"], strict=True)]
        fig.add_bar(y=data[label_col], x=shown, name=name, orientation="h", marker_color=SERIES_COLOURS[i % len(SERIES_COLOURS)],
                    hovertext=hover, hoverinfo="text")
    fig.update_layout(barmode="stack", legend_traceorder="normal")  # legend left to right as the segments
    fig.update_xaxes(title_text="%" if share else f"{prefix}{unit}", gridcolor="#ECEEF1")
    fig.update_yaxes(title_text="", automargin=True)
    return _with_legend(_layout(fig, title, source, height=max(360, 120 + 34 * len(data))))


def grouped_bars(
    frame: pd.DataFrame,
    *,
    label_col: str,
    series: list[tuple[str, str]],
    title: str,
    unit: str,
    source: str,
) -> go.Figure:
    """Bars side by side per row (e.g. 合理化建议 提出 vs 采纳; 新发展 vs 减少). Rows with long names
    (行业 such as 电力、热力、燃气及水生产和供应业) lie down as horizontal bars instead of slanting labels."""
    peak = max((float(frame[c].max()) for c, _ in series if len(frame) and frame[c].notna().any()), default=0.0)
    divisor, prefix = fmt.axis_tick_format(peak)
    title = shown_unit_title(title, unit, f"{prefix}{unit}")
    labels = [str(x) for x in frame[label_col]]
    horizontal = is_long(labels)
    fig = go.Figure()
    for i, (col, name) in enumerate(series):
        values = frame[col].astype(float)
        hover = [f"{lab}　{name}：{fmt.grouped(v, 2 if unit == '元' else 0)}{unit}" for lab, v in zip(labels, values, strict=True)]
        shown = values / divisor
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        if horizontal:
            fig.add_bar(y=labels, x=shown, name=name, orientation="h", marker_color=colour, hovertext=hover, hoverinfo="text")
        else:
            fig.add_bar(x=labels, y=shown, name=name, marker_color=colour, hovertext=hover, hoverinfo="text")
    if horizontal:
        fig.update_xaxes(title_text=f"{prefix}{unit}", gridcolor="#ECEEF1")
        fig.update_yaxes(title_text="", type="category", autorange="reversed", automargin=True)  # first row on top
        fig = _layout(fig, title, source, height=max(360, 130 + 26 * len(labels) * max(1, len(series))))
    else:
        # the unit is in the title (no rotated axis title); room above the tallest bar for its legend band
        fig.update_yaxes(title_text="", gridcolor="#ECEEF1", range=[0, peak / divisor * 1.12 if peak > 0 else 1])
        fig.update_xaxes(title_text="", type="category", tickangle=0)
        fig = _layout(fig, title, source)
    fig.update_layout(barmode="group")
    return _with_legend(fig)


def is_long(labels: list[str]) -> bool:
    """Category names too long to stand level under vertical bars in half a laptop screen."""
    if not labels:
        return False
    longest = max(len(x) for x in labels)
    return longest > 7 or longest * len(labels) > 24


def rag(progress: float | None, expected: float) -> str:
    """Green on or ahead of the time schedule, amber within 10 points of it, red further behind."""
    if progress is None or pd.isna(progress):
        return "red"
    if progress >= expected:
        return "green"
    return "amber" if progress >= expected - 0.10 else "red"


def progress_bars(
    frame: pd.DataFrame,
    *,
    label_col: str,
    progress_col: str,
    colour_col: str,
    expected: float,
    title: str,
    source: str,
) -> go.Figure:
    """完成年度任务 per row with a marker at the share of the year elapsed (时间进度)."""
    data = frame.dropna(subset=[progress_col]).sort_values(progress_col, ascending=True)
    values = data[progress_col].astype(float)
    fig = go.Figure(
        go.Bar(
            x=values * 100,
            y=data[label_col],
            orientation="h",
            marker_color=[RAG_COLOURS[rag(v, expected)] for v in values],
            # Inside the bar end, in white: the 时间进度 line runs behind the bars and never crosses a label.
            text=[fmt.percent(v) for v in values],
            textposition="inside",
            insidetextanchor="end",
            textfont={"color": "white", "size": 13},
            hovertext=[f"{lab}：完成 {fmt.percent(v, 2)}" for lab, v in zip(data[label_col], values, strict=True)],
            hoverinfo="text",
            customdata=data[colour_col],
            showlegend=False,
        )
    )
    fig.add_vline(x=expected * 100, line_dash="dash", line_color="#1F2329", layer="below",
                  annotation_text=f"时间进度 {expected * 100:.0f}%", annotation_position="top")
    # The colour key, as legend entries (the bars themselves carry no legend).
    for key, name in (("green", "达到时间进度"), ("amber", "落后 10 个百分点以内"), ("red", "落后超过 10 个百分点")):
        fig.add_bar(x=[None], y=[None], orientation="h", marker_color=RAG_COLOURS[key], name=name, showlegend=True, hoverinfo="skip")
    fig.update_xaxes(title_text="%", gridcolor="#ECEEF1", range=[0, max(110.0, float(values.max() * 100 + 15) if len(values) else 110.0)])
    fig.update_yaxes(title_text="", automargin=True)
    fig.update_layout(uniformtext={"minsize": 12, "mode": "show"})
    return _with_legend(_layout(fig, title, source, height=max(360, 110 + 34 * len(data))))


AID_SOURCES = [("aid_amount_union_funds", "工会经费"), ("aid_amount_fiscal", "财政资金"), ("aid_amount_donations", "社会捐助"),
               ("other_sources", "其他来源")]


def aid_sources(frame: pd.DataFrame, *, label_col: str, title: str, source: str) -> go.Figure:
    """帮扶金额 by category, stacked by where the money came from; what the three named sources do
    not cover is shown as 其他来源 rather than hidden."""
    data = frame.assign(other_sources=frame["aid_amount"] - frame["aid_amount_union_funds"] - frame["aid_amount_fiscal"]
                        - frame["aid_amount_donations"])
    return stacked_bars(data, label_col=label_col, parts=AID_SOURCES, title=title, unit="元", source=source)
