"""Derived indicators, always recomputed from summed counts (never an average of district rates)."""

from __future__ import annotations

import pandas as pd

from pipelines.periods import Period

# name: (numerator, denominator)
RATIOS: dict[str, tuple[str, str]] = {
    "unionization_rate": ("units_unionized", "units_total"),
    "rate_a": ("members", "employees_in_unionized"),
    "rate_b": ("members", "employees"),
    "female_share": ("members_female", "members"),
    "migrant_share": ("members_migrant", "members"),
    "target_progress": ("joined_ytd", "joined_target"),
    "adoption_rate": ("suggestions_adopted", "suggestions_made"),
    "non_public_share": ("participants_non_public", "participants"),
    "per_household": ("aid_amount", "aid_households"),
    "per_person_time": ("aid_amount", "aid_person_times"),
}
RATE_COLUMN = {"A": "rate_a", "B": "rate_b"}
RATE_NAMES = {"A": "入会率（口径A，%）", "B": "入会率（口径B，%）"}


def with_ratios(frame: pd.DataFrame, *names: str) -> pd.DataFrame:
    """Add the named ratios as float columns (NaN where the denominator is missing or zero)."""
    out = frame.copy()
    for name in names:
        num, den = RATIOS[name]
        if num in out.columns and den in out.columns:
            d = out[den].astype(float)
            out[name] = out[num].astype(float) / d.where(d != 0)
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
