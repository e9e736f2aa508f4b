"""Chinese sentences for speeches and briefings, filled from query results."""

from __future__ import annotations

from decimal import Decimal

from insights import fmt


def scope_name(city: str, district_names: list[str] | None) -> str:
    """"全市" for the whole city, the district's name for one, "所选N个区县" otherwise."""
    if not district_names:
        return "全" + city[-1] if city else "全市"
    if len(district_names) == 1:
        return district_names[0]
    return f"所选{len(district_names)}个区县"


def coverage_sentence(scope: str, unions: Decimal | None, members: Decimal | None) -> str | None:
    if unions is None or members is None:
        return None
    verb = "共建立" if scope.startswith("全") else "共建立"
    return f"{scope}{verb}基层工会组织{fmt.grouped(unions)}个，工会会员{fmt.amount(members, '人')}。"


def competition_sentence(industries: int, participants: Decimal | None) -> str | None:
    if participants is None:
        return None
    if industries == 0:
        return "本期尚未开展劳动竞赛。"
    return f"劳动竞赛涉及{industries}个行业，覆盖{fmt.amount(participants, '人次')}职工。"


def aid_sentence(amount_yuan: Decimal | None) -> str | None:
    if amount_yuan is None:
        return None
    return f"发放帮扶慰问资金{fmt.wan(amount_yuan)}万元。"
