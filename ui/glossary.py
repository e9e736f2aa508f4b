"""Tables describing the dictionary, for the 指标说明 page and chart help texts."""

from __future__ import annotations

import pandas as pd

from pipelines.registry import Registry

KIND_NAMES = {"S": "期末存量", "P": "本期发生", "Y": "本年累计", "T": "年度任务", "D": "计算指标"}


def glossary_frame(reg: Registry, form: str) -> pd.DataFrame:
    rows = []
    for ind in reg.indicators_of(form):
        parent = reg.indicator(ind.parent).name if ind.parent else ""
        rows.append(
            {
                "指标": ind.name,
                "代码": ind.code,
                "单位": ind.unit,
                "类型": KIND_NAMES[ind.kind],
                "口径与公式": ind.formula or (f"其中项，不超过“{parent}”" if parent else "按报表填报"),
                "表头可写作": "、".join(ind.synonyms),
            }
        )
    return pd.DataFrame(rows)


def indicator_help(reg: Registry, *codes: str) -> str:
    """One line per indicator for a chart's help text: name, unit, kind and formula."""
    parts = []
    for code in codes:
        ind = reg.indicator(code)
        formula = f"，{ind.formula}" if ind.formula else ""
        parts.append(f"{ind.name}（{ind.unit}，{KIND_NAMES[ind.kind]}{formula}）")
    return "；".join(parts)
