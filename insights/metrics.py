"""Derived indicators, always recomputed from summed counts (never an average of district rates)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pandas as pd

from pipelines.periods import Period
from pipelines.registry import Ratio, Registry

RATE_COLUMN = {"A": "rate_a", "B": "rate_b"}
RATE_NAMES = {"A": "入会率（口径A，%）", "B": "入会率（口径B，%）"}


def ratio_value(counts: Mapping[str, Decimal | None], r: Ratio) -> Decimal | None:
    """The one computation of a ratio: summed numerator ÷ summed denominator (None when either is missing
    or the denominator is 0). Shares stay 0..1; the page shows them as %."""
    n, d = counts.get(r.numerator), counts.get(r.denominator)
    if n is None or d is None or d == 0:
        return None
    return Decimal(n) / Decimal(d)


def ratio(counts: Mapping[str, Decimal | None], code: str, reg: Registry) -> Decimal | None:
    """ratios.csv's `code` over summed counts, e.g. ratio(totals, "rate_a", reg)."""
    return ratio_value(counts, reg.ratio(code))


def with_ratios(frame: pd.DataFrame, *names: str, reg: Registry) -> pd.DataFrame:
    """Add the named ratios (ratios.csv) as float columns, row by row (NaN where the denominator is
    missing or zero) — the same rule as `ratio_value`, vectorised."""
    out = frame.copy()
    for name in names:
        r = reg.ratio(name)
        if r.numerator in out.columns and r.denominator in out.columns:
            d = out[r.denominator].astype(float)
            out[name] = out[r.numerator].astype(float) / d.where(d != 0)
        else:
            out[name] = float("nan")
    return out


def wide_trend(long: pd.DataFrame) -> pd.DataFrame:
    """trend() output (period, indicator, value) -> one row per period, one column per indicator."""
    if long.empty:
        return pd.DataFrame(columns=["period"])
    wide = long.pivot(index="period", columns="indicator", values="value").reset_index()
    wide.columns.name = None
    wide = wide.sort_values("period")
    wide["季度"] = [Period.parse_code(p).short_label for p in wide["period"]]
    return wide
