"""Plotly figure builders shared by every page and the briefing pack. They never query.

Every figure: Chinese font stack, 万/亿 axis units, a title naming area, period and unit, the source
line underneath, district colours fixed by the registry order, hover with the exact number.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from insights import fmt

FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, WenQuanYi Micro Hei, sans-serif"
# Twelve distinguishable colours; a district keeps its colour in every chart (registry sort order).
PALETTE = (
    "#C8102E", "#1F77B4", "#2CA02C", "#FF7F0E", "#9467BD", "#8C564B",
    "#E377C2", "#17BECF", "#BCBD22", "#7F7F7F", "#393B79", "#AD494A",
)


def district_colours(codes_in_registry_order: list[str]) -> dict[str, str]:
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(codes_in_registry_order)}


def _layout(fig: go.Figure, title: str, source: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        font={"family": FONT_FAMILY, "size": 13, "color": "#1F2329"},
        height=height,
        margin={"l": 10, "r": 20, "t": 60, "b": 60},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=False,
        annotations=[
            {
                "text": source,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.16,
                "showarrow": False,
                "font": {"size": 11, "color": "#6B7280"},
                "xanchor": "left",
            }
        ],
    )
    return fig


def bar_ranking(
    frame: pd.DataFrame,
    *,
    label_col: str,
    value_col: str,
    colour_col: str,
    colours: dict[str, str],
    title: str,
    unit: str,
    source: str,
    is_rate: bool = False,
) -> go.Figure:
    """Horizontal bars, largest on top; values labelled in 万/亿 (or % for rates)."""
    data = frame.dropna(subset=[value_col]).sort_values(value_col, ascending=True)
    values = data[value_col].astype(float)
    if is_rate:
        texts = [fmt.percent(v) for v in values]
        shown = values * 100
        axis_title = "%"
        hover = [f"{lab}：{fmt.percent(v, 2)}" for lab, v in zip(data[label_col], values, strict=True)]
    else:
        divisor, prefix = fmt.axis_tick_format(float(values.max()) if len(values) else 0.0)
        texts = [fmt.amount(v, unit) for v in values]
        shown = values / divisor
        axis_title = f"{prefix}{unit}"
        hover = [f"{lab}：{fmt.grouped(v)}{unit}" for lab, v in zip(data[label_col], values, strict=True)]
    fig = go.Figure(
        go.Bar(
            x=shown,
            y=data[label_col],
            orientation="h",
            marker_color=[colours.get(c, PALETTE[-1]) for c in data[colour_col]],
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hovertext=hover,
            hoverinfo="text",
            customdata=data[colour_col],
        )
    )
    fig.update_xaxes(title_text=axis_title, showgrid=True, gridcolor="#ECEEF1", zeroline=False)
    fig.update_yaxes(title_text="", automargin=True)
    return _layout(fig, title, source, height=max(320, 60 + 34 * len(data)))
