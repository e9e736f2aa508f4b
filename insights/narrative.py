"""Chinese sentences for speeches and briefings, filled from query results.

Pure functions over plain numbers, so every edge case (no prior period, zero, no target) is tested
on its own; the callers (the overview page, `briefing.py`) fetch the numbers from the store and pass them in.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from insights import fmt

Number = int | float | Decimal


def scope_name(city: str, district_names: list[str] | None) -> str:
    """"全市" for the whole city, the district's name for one, "所选N个区县" otherwise."""
    if not district_names:
        return "全" + city[-1] if city else "全市"
    if len(district_names) == 1:
        return district_names[0]
    return f"所选{len(district_names)}个区县"


def yoy(current: Number | None, previous: Number | None, *, rate: bool = False, what: str = "同比") -> str:
    """同比 in words: 增长3.2% / 下降1.1% / 持平; for rates in 个百分点; honest when there is no base."""
    if current is None:
        return ""
    if previous is None:
        return "上年同期无数据" if what == "同比" else "上期无数据"
    if rate:
        diff = (float(current) - float(previous)) * 100
        if abs(diff) < 0.05:
            return f"{what}持平"
        return f"{what}{'提高' if diff > 0 else '下降'}{abs(diff):.1f}个百分点"
    if float(previous) == 0:
        return "上年同期为0" if what == "同比" else "上期为0"
    change = (float(current) / float(previous) - 1) * 100
    if abs(change) < 0.05:
        return f"{what}持平"
    return f"{what}{'增长' if change > 0 else '下降'}{abs(change):.1f}%"


def coverage_sentence(scope: str, unions: Number | None, members: Number | None) -> str | None:
    if unions is None or members is None:
        return None
    return f"{scope}共建立基层工会组织{fmt.grouped(unions)}个，工会会员{fmt.amount(members, '人')}。"


def competition_sentence(industries: int, participants: Number | None) -> str | None:
    if participants is None:
        return None
    if industries == 0 or float(participants) == 0:
        return "本期尚未开展劳动竞赛。"
    return f"劳动竞赛涉及{industries}个行业，覆盖{fmt.amount(participants, '人次')}职工。"


# The named activities inside 帮扶慰问资金 (表四 categories), said as its parts.
AID_ACTIVITIES = {"warmth": "送温暖慰问", "education": "金秋助学", "frontline": "一线职工慰问"}


def aid_sentence(amount_yuan: Number | None, parts: dict[str, Number | None] | None = None) -> str | None:
    """帮扶慰问资金 is the 表四 total (every category, every source); the named activities inside it
    (送温暖慰问, 金秋助学, 一线职工慰问) are said as parts of it, so nobody reads one for the other."""
    if amount_yuan is None:
        return None
    if float(amount_yuan) == 0:
        return "本期尚未发放帮扶慰问资金。"
    named = [f"{name}{fmt.money(v)}" for name, v in (parts or {}).items() if v is not None and float(v) > 0]
    return f"发放帮扶慰问资金{fmt.money(amount_yuan)}" + (f"，其中{'、'.join(named)}" if named else "") + "。"


def target_sentence(what: str, done: Number | None, target: Number | None, unit: str) -> str | None:
    """完成年度任务 x%, or plain words when there is no target."""
    if done is None:
        return None
    if not target:
        return f"{what}{fmt.amount(done, unit)}（未下达年度任务）。"
    share = float(done) / float(target) * 100
    return f"{what}{fmt.amount(done, unit)}，完成年度任务{share:.1f}%。"


def leaders_sentence(frame: pd.DataFrame, value_col: str, name_col: str, what: str, *, rate: bool = False, unit: str = "") -> str | None:
    """Best and lagging districts: "入会率最高的是青石县（93.9%），最低的是高新区（91.6%）"."""
    data = frame.dropna(subset=[value_col])
    if len(data) < 2:
        return None
    data = data.sort_values(value_col, ascending=False)
    top, bottom = data.iloc[0], data.iloc[-1]

    def show(v: float) -> str:
        return fmt.percent(v) if rate else fmt.amount(v, unit)

    if float(top[value_col]) == float(bottom[value_col]):
        return f"各区县{what}相同（{show(top[value_col])}）。"
    return f"{what}最高的是{top[name_col]}（{show(top[value_col])}），最低的是{bottom[name_col]}（{show(bottom[value_col])}）。"
