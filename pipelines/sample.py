"""The sample city 示例市: deterministic, realistic, messy quarterly returns plus the truth they hold.

`write_sample(DIR)` writes DIR/returns/* (xlsx and some legacy xls) and DIR/truth.csv, the exact
observations a correct pipeline must store. Numbers are internally consistent (sub-items below
totals, partitions summing to 合计, YTD rising within a year, membership stock identities) except
for a few deliberate, realistic soft-warning cases listed in SOFT_CASES.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pipelines.numbers import format_decimal
from pipelines.periods import Period
from pipelines.registry import District, Registry, load_registry

Key = tuple[str, str]  # (indicator, breakdown)

UNIT_TYPE_SHARES = {  # share of units, of employees, coverage of units, membership among covered employees
    "government": (0.05, 0.08, 0.99, 0.98),
    "institution": (0.10, 0.16, 0.97, 0.97),
    "soe": (0.06, 0.14, 0.98, 0.97),
    "collective": (0.04, 0.04, 0.90, 0.93),
    "non_public": (0.65, 0.50, 0.82, 0.90),
    "social_org": (0.10, 0.08, 0.70, 0.88),
}
GROUP_SHARES = {"female": 0.42, "migrant": 0.26, "new_forms": 0.06, "truck": 0.014, "courier": 0.018, "delivery": 0.018, "ride_hailing": 0.006}
INDUSTRY_WEIGHTS = {"manufacturing": 0.34, "construction": 0.18, "transport": 0.10, "utilities": 0.08, "it": 0.08, "trade": 0.09, "health": 0.08, "other": 0.05}
# Aid flows by category: seasonal weight per quarter, 元 per household (person-time for education).
AID_PROFILES = {
    "living": ((1.2, 0.8, 0.8, 1.2), 1200),
    "medical": ((1.0, 1.0, 1.0, 1.0), 2500),
    "education": ((0.05, 0.1, 2.6, 0.25), 3000),
    "employment": ((0.8, 1.2, 1.1, 0.9), 800),
    "warmth": ((2.6, 0.1, 0.1, 1.9), 2000),
    "frontline": ((0.2, 0.8, 2.6, 0.4), 600),
    "other": ((1.0, 1.0, 1.0, 1.0), 900),
}
# Deliberate transfers that break the membership stock identity: (district, period, members moved).
SOFT_CASES = (("xishan", "2024-Q2", 37), ("qingshi", "2025-Q1", -52), ("yuntai", "2026-Q2", 18))
WRONG_RATE_CASES = (("nangang", "2025-Q3"), ("baisha", "2024-Q4"))


def _periods(first: str, last: str) -> list[Period]:
    p, end = Period.parse_code(first), Period.parse_code(last)
    out = []
    while p <= end:
        out.append(p)
        p = Period(p.year + 1, 1) if p.quarter == 4 else Period(p.year, (p.quarter or 0) + 1)
    return out


def _rng(seed: int, *parts: object) -> random.Random:
    """A generator per purpose, so adding one quirk does not reshuffle every number."""
    return random.Random(zlib.crc32("|".join(map(str, (seed, *parts))).encode()))


# ---------------------------------------------------------------------------------------------
# numbers


@dataclass
class CityNumbers:
    values: dict[tuple[str, str, str], dict[Key, int]] = field(default_factory=dict)  # (district, period, form)

    def put(self, district: str, period: Period, form: str, key: Key, value: int) -> None:
        if value < 0:
            raise AssertionError(f"negative sample value {district} {period.code} {key}")
        self.values.setdefault((district, period.code, form), {})[key] = int(value)


def _district_size(seed: int, d: District) -> float:
    return _rng(seed, "size", d.code).uniform(0.55, 1.45)


def _scope_factor(d: District, p: Period) -> float:
    """经开区 takes a quarter of 城中区's units when it starts reporting (2024-Q1)."""
    if d.code == "chengzhong" and p >= Period(2024, 1):
        return 0.75
    if d.code == "jingkai":
        return 0.25 / 0.9  # relative to its own (city-centre sized) base below
    return 1.0


def _coverage(seed: int, d: District, p: Period, t: int, nums: CityNumbers) -> None:
    size = _district_size(seed, d if d.code != "jingkai" else d) * _scope_factor(d, p)
    growth = 1 + 0.006 * t
    units_total_all = 1500 * size * growth
    employees_all = 190_000 * size * growth
    rng = _rng(seed, "coverage", d.code, p.code)
    for code, (u_share, e_share, cov, mem) in UNIT_TYPE_SHARES.items():
        jitter = _rng(seed, "cov-jitter", d.code, code).uniform(0.85, 1.15)
        units_total = round(units_total_all * u_share * jitter)
        coverage = min(0.995, cov * (1 + 0.002 * t) * _rng(seed, "cov", d.code, code).uniform(0.93, 1.02))
        units_unionized = round(units_total * coverage)
        unions = round(units_unionized * rng.uniform(0.55, 0.75)) if code == "non_public" else round(units_unionized * 0.95)
        unions_joint = round(unions * (0.18 if code == "non_public" else 0.02))
        employees = round(employees_all * e_share * jitter)
        in_unionized = round(employees * min(0.99, coverage + 0.05))
        members = round(in_unionized * min(0.99, mem * _rng(seed, "mem", d.code, code).uniform(0.96, 1.01) * (1 + 0.001 * t)))
        female = round(members * _rng(seed, "fem", d.code, code).uniform(0.36, 0.5))
        migrant = round(members * (0.38 if code in ("non_public", "collective") else 0.04))
        # Year-to-date, so it only grows within a year: a fixed yearly pace times the quarter.
        new_ytd = round(units_unionized * 0.01 * (p.quarter or 4) * _rng(seed, "new", d.code, code, p.year).uniform(0.8, 1.2))
        row = {
            "units_total": units_total, "units_unionized": units_unionized, "unions": unions, "unions_joint": unions_joint,
            "employees": employees, "employees_in_unionized": in_unionized, "members": members,
            "members_female": female, "members_migrant": migrant, "unions_new_ytd": new_ytd,
        }
        for ind, v in row.items():
            nums.put(d.code, p, "coverage", (ind, code), v)
    block = nums.values[(d.code, p.code, "coverage")]
    for ind in ("units_total", "units_unionized", "unions", "unions_joint", "employees", "employees_in_unionized",
                "members", "members_female", "members_migrant", "unions_new_ytd"):
        block[(ind, "all")] = sum(block[(ind, code)] for code in UNIT_TYPE_SHARES)


def _membership(seed: int, d: District, periods: list[Period], nums: CityNumbers) -> None:
    """Stocks follow 表一's 会员人数; flows keep end = start + joined − left for every group."""
    prev_end: dict[str, int] = {}
    ytd: dict[str, int] = {}
    year_target: tuple[int, int] | None = None
    for p in periods:
        if (d.code, p.code, "coverage") not in nums.values:
            continue
        end_all = nums.values[(d.code, p.code, "coverage")][("members", "all")]
        rng = _rng(seed, "membership", d.code, p.code)
        start_all = prev_end.get("all", round(end_all * 0.985))
        joined_all = round(start_all * rng.uniform(0.018, 0.032))
        left_all = start_all + joined_all - end_all
        if left_all < 0:
            joined_all -= left_all - round(start_all * 0.004)
            left_all = round(start_all * 0.004)
        if p.quarter == 1:
            ytd = {}
        transfer = next((n for dc, pc, n in SOFT_CASES if dc == d.code and pc == p.code), 0)
        if year_target is None or year_target[0] != p.year:
            year_target = (p.year, int(round(start_all * 0.1, -2)))
        target_all = year_target[1]
        rows = {"all": (start_all, joined_all, left_all - transfer, end_all, target_all)}
        for g, share in GROUP_SHARES.items():
            start = prev_end.get(g, int(start_all * share))
            joined, left = int(joined_all * share), int(max(left_all, 0) * share)
            rows[g] = (start, joined, left, start + joined - left, int(target_all * share))
        for g, (start, joined, left, end, target) in rows.items():
            ytd[g] = ytd.get(g, 0) + joined
            for ind, v in (("members_start", start), ("members_joined", joined), ("members_left", left),
                           ("members_end", end), ("joined_ytd", ytd[g]), ("joined_target", target)):
                nums.put(d.code, p, "membership", (ind, g), v)
            prev_end[g] = end


def _competitions(seed: int, d: District, p: Period, t: int, flows: dict[str, dict[str, int]], nums: CityNumbers) -> None:
    size = _district_size(seed, d) * _scope_factor(d, p) * (1 + 0.01 * t)
    rng = _rng(seed, "competitions", d.code, p.code)
    season = (0.8, 1.3, 1.0, 0.9)[(p.quarter or 1) - 1]
    for code, weight in INDUSTRY_WEIGHTS.items():
        active = _rng(seed, "industry-active", d.code, code, p.year).random() < (0.95 if weight > 0.07 else 0.55)
        f = flows.setdefault(code, {})
        if p.quarter == 1:
            f.clear()
        comps = round(12 * size * weight * season * rng.uniform(0.6, 1.4)) if active else 0
        units = round(comps * rng.uniform(3, 9))
        people = round(units * rng.uniform(40, 160))
        flow: dict[str, int] = {
            "competitions": comps,
            "units_participating": units,
            "participants": people,
            "participants_non_public": round(people * rng.uniform(0.3, 0.6)),
            "key_projects": round(comps * (0.4 if code in ("construction", "utilities", "transport") else 0.1)),
            "suggestions_made": round(people * rng.uniform(0.02, 0.06)),
            "innovations": round(comps * rng.uniform(0.5, 2.0)),
            "pioneer_awards": round(comps * rng.uniform(0.0, 0.3)),
            # 元 in whole hundreds, so the 万元 a district writes has at most two decimals.
            "economic_benefit": int(round(people * rng.uniform(300, 2500), -2)),
        }
        flow["suggestions_adopted"] = round(flow["suggestions_made"] * rng.uniform(0.3, 0.7))
        if rng.random() < 0.15:
            flow["economic_benefit"] += rng.randint(1, 99)  # some 元 amounts are not whole hundreds (four decimals in 万元)
        for ind, v in flow.items():
            f[ind] = f.get(ind, 0) + v
            nums.put(d.code, p, "competitions", (ind, code), f[ind])
    block = nums.values[(d.code, p.code, "competitions")]
    for ind in {i for i, _ in block}:
        block[(ind, "all")] = sum(block[(ind, c)] for c in INDUSTRY_WEIGHTS)


def _aid(seed: int, d: District, p: Period, flows: dict[str, dict[str, int]], nums: CityNumbers) -> None:
    size = _district_size(seed, d) * _scope_factor(d, p)
    rng = _rng(seed, "aid", d.code, p.code)
    q = (p.quarter or 1) - 1
    for code, (season, per_unit) in AID_PROFILES.items():
        f = flows.setdefault(code, {})
        if p.quarter == 1:
            f.clear()
        households = round(90 * size * season[q] * rng.uniform(0.7, 1.3))
        person_times = households if code == "education" else round(households * rng.uniform(1.0, 1.6))
        per = per_unit * rng.uniform(0.85, 1.25)
        amount = int(round((person_times if code == "education" else households) * per, -2))
        union = int(round(amount * rng.uniform(0.4, 0.6), -2))
        fiscal = int(round(amount * rng.uniform(0.15, 0.35), -2))
        donations = max(0, int(round((amount - union - fiscal) * rng.uniform(0.3, 0.9), -2)))
        flow: dict[str, int] = {"aid_households": households, "aid_person_times": person_times, "aid_amount": amount,
                "aid_amount_union_funds": union, "aid_amount_fiscal": fiscal, "aid_amount_donations": donations}
        for ind, v in flow.items():
            f[ind] = f.get(ind, 0) + v
            nums.put(d.code, p, "aid", (ind, code), f[ind])
    block = nums.values[(d.code, p.code, "aid")]
    for ind in {i for i, _ in block}:
        block[(ind, "all")] = sum(block[(ind, c)] for c in AID_PROFILES)
    base = round(700 * size)
    exited = flows.setdefault("_hardship", {})
    if p.quarter == 1:
        exited.clear()
    exited["ytd"] = exited.get("ytd", 0) + round(base * 0.04 * rng.uniform(0.5, 1.5))
    block[("hardship_households", "all")] = max(0, base - exited["ytd"] + round(base * 0.02 * (p.quarter or 1)))
    block[("hardship_exited_ytd", "all")] = exited["ytd"]


def generate_numbers(registry: Registry, seed: int, periods: list[Period]) -> CityNumbers:
    nums = CityNumbers()
    for d in registry.districts:
        first = Period.parse_code(d.first_period)
        mine = [p for p in periods if p >= first]
        comp_flows: dict[str, dict[str, int]] = {}
        aid_flows: dict[str, dict[str, int]] = {}
        for p in mine:
            t = periods.index(p)
            _coverage(seed, d, p, t, nums)
            _competitions(seed, d, p, t, comp_flows, nums)
            _aid(seed, d, p, aid_flows, nums)
        _membership(seed, d, mine, nums)
    return nums


# ---------------------------------------------------------------------------------------------
# layout: a sheet as a list of cells, written by xlsxwriter or xlwt


@dataclass
class Cell:
    row: int
    col: int
    value: object
    formula: str | None = None


@dataclass
class SheetSpec:
    name: str
    cells: list[Cell] = field(default_factory=list)
    merges: list[tuple[int, int, int, int, str]] = field(default_factory=list)  # r0, c0, r1, c1, text

    def put(self, r: int, c: int, value: object, formula: str | None = None) -> None:
        self.cells.append(Cell(r, c, value, formula))

    def merge(self, r0: int, c0: int, r1: int, c1: int, text: str) -> None:
        if (r0, c0) == (r1, c1):
            self.put(r0, c0, text)
        else:
            self.merges.append((r0, c0, r1, c1, text))


@dataclass(frozen=True)
class Style:
    """How one district writes one return (chosen deterministically per district and quarter)."""

    money_unit: str  # 元 or 万元
    header_shape: str  # a, b or c
    total_last: bool
    text_numbers: bool
    formulas: bool
    offset: tuple[int, int]
    spacer_column: bool
    table_number_row: bool
    reported_rates: bool
    alias: bool
    period_style: int
    line_style: int


def _style(seed: int, d: District, p: Period, fmt: str) -> Style:
    rng = _rng(seed, "style", d.code, p.code)
    money_wan = _rng(seed, "money", d.code).random() < 0.6
    return Style(
        money_unit="万元" if money_wan else "元",
        header_shape=rng.choice("aabbbc"),
        total_last=rng.random() < 0.25,
        text_numbers=rng.random() < 0.3,
        formulas=fmt == "xlsx" and rng.random() < 0.25,
        offset=rng.choice([(0, 0)] * 6 + [(1, 0), (0, 1), (2, 1)]),
        spacer_column=rng.random() < 0.08,
        table_number_row=rng.random() < 0.3,
        reported_rates=rng.random() < 0.5 or (d.code, p.code) in WRONG_RATE_CASES,
        alias=bool(d.aliases) and rng.random() < 0.5,
        period_style=rng.randrange(5),
        line_style=rng.randrange(2),
    )


def _period_text(p: Period, style: int) -> str:
    cn = "一二三四"[(p.quarter or 1) - 1]
    return [f"{p.year}年第{cn}季度", f"{p.year}年{cn}季度", f"{p.year}年1-{p.end_month}月", f"{p.year}年1—{p.end_month}月", f"{p.year}Q{p.quarter}"][style]


@dataclass(frozen=True)
class Column:
    indicator: str
    label: str
    group: str = ""  # shape b/c: the merged parent label over this column


def _columns(form: str, style: Style, registry: Registry) -> list[Column]:
    wan = style.money_unit
    b = style.header_shape != "a"
    if form == "coverage":
        cols = [
            Column("units_total", "应建会单位数" if b else "应建会单位数（个）", "单位数（个）" if b else ""),
            Column("units_unionized", "已建会单位数" if b else "已建会单位数（个）", "单位数（个）" if b else ""),
        ]
        if style.reported_rates:
            cols.append(Column("unionization_rate", "建会率（%）", "单位数（个）" if b else ""))
        cols += [
            Column("unions", "小计" if b else "基层工会数（个）", "基层工会数（个）" if b else ""),
            Column("unions_joint", "其中：联合基层工会" if b else "其中：联合基层工会数", "基层工会数（个）" if b else ""),
            Column("employees", "小计" if b else "职工人数（人）", "职工人数（人）" if b else ""),
            Column("employees_in_unionized", "其中：已建会单位职工" if b else "已建会单位职工人数", "职工人数（人）" if b else ""),
            Column("members", "小计" if b else "会员人数（人）", "会员人数（人）" if b else ""),
            Column("members_female", "其中：女会员" if b else "其中：女会员", "会员人数（人）" if b else ""),
            Column("members_migrant", "其中：农民工会员" if b else "其中：农民工会员", "会员人数（人）" if b else ""),
        ]
        if style.reported_rates:
            cols.append(Column("membership_rate", "入会率（%）", "会员人数（人）" if b else ""))
        cols.append(Column("unions_new_ytd", "本年新建基层工会数（个）"))
        return cols
    if form == "membership":
        return [
            Column("members_start", "期初会员数（人）"),
            Column("members_joined", "新发展会员" if b else "本期新发展会员", "本期" if b else ""),
            Column("members_left", "减少会员" if b else "本期减少会员", "本期" if b else ""),
            Column("members_end", "期末会员数（人）"),
            Column("joined_ytd", "新发展会员" if b else "本年累计新发展会员", "本年累计" if b else ""),
            Column("joined_target", "年度发展任务（人）"),
        ]
    if form == "competitions":
        return [
            Column("competitions", "竞赛项目数（项）"),
            Column("key_projects", "其中：重点工程项目（个）"),
            Column("units_participating", "参赛单位数（家）"),
            Column("participants", "小计" if b else "参赛职工（人次）", "参赛职工（人次）" if b else ""),
            Column("participants_non_public", "其中：非公企业职工" if b else "其中：非公企业职工（人次）", "参赛职工（人次）" if b else ""),
            Column("suggestions_made", "提出" if b else "合理化建议提出（条）", "合理化建议（条）" if b else ""),
            Column("suggestions_adopted", "采纳实施" if b else "合理化建议采纳实施（条）", "合理化建议（条）" if b else ""),
            Column("innovations", "技术革新成果（项）"),
            Column("pioneer_awards", "工人先锋号（个）"),
            Column("economic_benefit", f"创经济效益（{wan}）"),
        ]
    return [
        Column("aid_households", "帮扶户数（户）"),
        Column("aid_person_times", "帮扶人次（人次）"),
        Column("aid_amount", "小计" if b else f"帮扶金额（{wan}）", f"帮扶金额（{wan}）" if b else ""),
        Column("aid_amount_union_funds", "其中：工会经费", f"帮扶金额（{wan}）" if b else ""),
        Column("aid_amount_fiscal", "其中：财政资金", f"帮扶金额（{wan}）" if b else ""),
        Column("aid_amount_donations", "其中：社会捐助", f"帮扶金额（{wan}）" if b else ""),
    ]


ROW_LABELS = {
    "coverage": {"all": ["合计", "总计", "全区合计"], "government": ["机关"], "institution": ["事业单位"], "soe": ["国有企业"],
                 "collective": ["集体企业"], "non_public": ["非公有制企业", "非公企业"], "social_org": ["社会组织"]},
    "membership": {"all": ["合计", "会员合计"], "female": ["其中：女职工", "其中:女职工", "#女职工"],
                   "migrant": ["　　农民工", "其中、农民工", "#农民工"], "new_forms": ["　　新就业形态劳动者", "#新就业形态劳动者"],
                   "truck": ["　　　　货车司机", "##货车司机"], "courier": ["　　　　快递员", "##快递员"],
                   "delivery": ["　　　　外卖配送员", "##外卖送餐员"], "ride_hailing": ["　　　　网约车司机", "##网约车司机"]},
    "competitions": {"all": ["合计", "全区合计"], "manufacturing": ["制造业"], "construction": ["建筑业"],
                     "transport": ["交通运输、仓储和邮政业"], "utilities": ["电力、热力、燃气及水生产和供应业"],
                     "it": ["信息传输、软件和信息技术服务业"], "trade": ["批发和零售业"], "health": ["卫生和社会工作"], "other": ["其他"]},
    "aid": {"all": ["合计", "总计"], "living": ["生活救助"], "medical": ["医疗救助"], "education": ["助学救助（金秋助学）", "金秋助学"],
            "employment": ["就业帮扶"], "warmth": ["送温暖慰问", "送温暖"], "frontline": ["一线职工慰问"], "other": ["其他"]},
}
LABEL_HEADER = {"coverage": "单位类型", "membership": "项目", "competitions": "行业", "aid": "帮扶类别"}
SHEET_NAMES = {"coverage": ["表一", "表一 组织建设", "表1"], "membership": ["表二", "表二会员发展", "表2"],
               "competitions": ["表三", "表三 劳动竞赛", "表3"], "aid": ["表四", "表四帮扶慰问", "表4"]}
FOOTERS = ["填表人：张明    审核人：李华    联系电话：0571-86012345", "注：1. 本表数据为本年累计数；2. 金额保留两位小数。",
           "资料来源：各基层工会报送"]


def _cell_value(value: int, ind: str, style: Style, rng: random.Random, is_money: bool) -> object:
    """What the district typed: zeros as blanks or dashes, some numbers as text, money in 万元."""
    if value == 0:
        return rng.choice([0, None, "-", "—", "/", 0])
    number: object = value
    if is_money and style.money_unit == "万元":
        wan = Decimal(value) / Decimal(10000)
        number = float(wan)
        if style.text_numbers and rng.random() < 0.3:
            whole, _, frac = format_decimal(wan).partition(".")
            return f"{int(whole):,}" + (f".{frac}" if frac else "")
        return number
    if style.text_numbers and rng.random() < 0.35:
        kind = rng.randrange(3)
        if kind == 0:
            return f"{value:,}"
        if kind == 1:
            return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        return f" {value} "
    return number


def _rate(num: int, den: int) -> float:
    return round(num / den * 100, 2) if den else 0.0


def build_sheet(registry: Registry, d: District, p: Period, form: str, values: dict[Key, int], style: Style, seed: int,
                sheet_name: str) -> SheetSpec:
    rng = _rng(seed, "cells", d.code, p.code, form)
    f = registry.form(form)
    cols = _columns(form, style, registry)
    r0, c0 = style.offset
    spec = SheetSpec(sheet_name)
    data_c = c0 + (2 if style.spacer_column else 1)
    last_c = data_c + len(cols) - 1
    r = r0
    if style.table_number_row:
        spec.put(r, c0, f.number)
        r += 1
    name = d.aliases[0] if style.alias and d.code == "gaoxin" else d.name
    spec.merge(r, c0, r, last_c, f"{name}{_period_text(p, style.period_style)}{f.name}统计表")
    r += 1
    filler = d.aliases[0] if style.alias else f"{d.name}总工会"
    unit = f"金额单位：{style.money_unit}" if form in ("competitions", "aid") else "单位：个、人"
    spec.put(r, c0, f"填报单位（盖章）：{filler}")
    spec.put(r, max(c0 + 3, last_c - 3), f"填报日期：{p.year + (p.quarter == 4)}年{(p.end_month % 12) + 1}月{rng.randint(3, 15)}日")
    spec.put(r, last_c, unit)
    r += 1
    depth = {"a": 1, "b": 2, "c": 3}[style.header_shape]
    top = r
    if depth == 3:
        spec.merge(top, data_c, top, last_c, "本年累计" if form in ("competitions", "aid") else "统计数")
        r += 1
    spec.merge(top, c0, top + depth - 1, c0, LABEL_HEADER[form])
    if depth == 1:
        for i, col in enumerate(cols):
            spec.put(r, data_c + i, col.label)
    else:
        i = 0
        while i < len(cols):
            col = cols[i]
            if not col.group:
                spec.merge(r, data_c + i, r + 1, data_c + i, col.label)
                i += 1
                continue
            j = i
            while j + 1 < len(cols) and cols[j + 1].group == col.group:
                j += 1
            spec.merge(r, data_c + i, r, data_c + j, col.group)
            for k in range(i, j + 1):
                spec.put(r + 1, data_c + k, cols[k].label)
            i = j + 1
        r += 1
    r += 1
    breakdowns = [b.code for b in registry.breakdowns_of(f.dimension)]
    order = [*breakdowns[1:], "all"] if style.total_last else breakdowns
    rows_at: dict[str, int] = {}
    for b in order:
        if rng.random() < 0.05:
            r += 1  # a blank spacer row
        labels = ROW_LABELS[form][b]
        spec.put(r, c0, labels[rng.randrange(len(labels))])
        rows_at[b] = r
        r += 1
    wrong_rate = (d.code, p.code) in WRONG_RATE_CASES
    parts = [b for b in breakdowns if b != "all"]
    for b in order:
        for i, col in enumerate(cols):
            c = data_c + i
            ind = registry.indicator(col.indicator)
            if ind.derived:
                if col.indicator == "unionization_rate":
                    v = _rate(values[("units_unionized", b)], values[("units_total", b)])
                else:
                    v = _rate(values[("members", b)], values[("employees_in_unionized", b)])
                if wrong_rate and b == "all" and col.indicator == "membership_rate":
                    v = round(v + 1.7, 2)
                spec.put(rows_at[b], c, v)
                continue
            value = values[(col.indicator, b)]
            typed = _cell_value(value, col.indicator, style, rng, ind.is_money)
            if b == "all" and style.formulas and registry.breakdown(f.dimension, parts[0]).sums_to_parent:
                rows = sorted(rows_at[x] for x in parts)
                letter = _col_letter(c)
                shown = float(Decimal(value) / 10000) if ind.is_money and style.money_unit == "万元" else value
                spec.put(rows_at[b], c, shown, formula=f"=SUM({letter}{rows[0] + 1}:{letter}{rows[-1] + 1})")
            else:
                spec.put(rows_at[b], c, typed)
    r += 1
    for ind in registry.indicators_of(form):
        if ind.layout != "line":
            continue
        v = values[(ind.code, "all")]
        if style.line_style == 0:
            spec.put(r, c0, f"{ind.name}：{v}{ind.unit}")
        else:
            spec.put(r, c0, ind.name)
            spec.put(r, data_c, v)
            spec.put(r, data_c + 1, ind.unit)
        r += 1
    r += 1
    for text in FOOTERS[: 1 + rng.randrange(3)]:
        spec.put(r, c0, text)
        r += 1
    return spec


def _col_letter(c: int) -> str:
    from pipelines.grid import column_letters

    return column_letters(c)


def _write_xlsx(path: Path, sheets: list[SheetSpec]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": dt.datetime(2025, 1, 1), "author": "示例市"})
    for spec in sheets:
        ws = wb.add_worksheet(spec.name)
        for r0, c0, r1, c1, text in spec.merges:
            ws.merge_range(r0, c0, r1, c1, text)
        for cell in spec.cells:
            if cell.formula:
                ws.write_formula(cell.row, cell.col, cell.formula, None, cell.value)
            elif cell.value is None:
                continue
            else:
                ws.write(cell.row, cell.col, cell.value)
    wb.close()


def _write_xls(path: Path, sheets: list[SheetSpec]) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for spec in sheets:
        ws = wb.add_sheet(spec.name)
        for r0, c0, r1, c1, text in spec.merges:
            ws.write_merge(r0, r1, c0, c1, text)
        for cell in spec.cells:
            if cell.value is not None:
                ws.write(cell.row, cell.col, cell.value)
    wb.save(str(path))


# ---------------------------------------------------------------------------------------------
# files


@dataclass
class SampleManifest:
    files: list[Path]
    truth: Path


FILE_NAMES = (
    "{name}{year}Q{q}.{ext}",
    "{year}年{cnq}季度{name}统计报表.{ext}",
    "{name}_{year}年1-{m}月.{ext}",
    "{name}工会{year}年第{q}季度报表.{ext}",
)


def _returns(registry: Registry, nums: CityNumbers, seed: int, periods: list[Period]) -> Iterator[tuple[str, list[SheetSpec]]]:
    forms = [f.code for f in registry.forms]
    for d in registry.districts:
        for p in periods:
            if (d.code, p.code, "coverage") not in nums.values:
                continue
            rng = _rng(seed, "file", d.code, p.code)
            fmt = "xls" if rng.random() < 0.1 else "xlsx"
            style = _style(seed, d, p, fmt)
            # Only 表一/表三's style carries reported rates and formulas; the style is per return.
            per_form = rng.random() < 0.08
            name = d.name if d.code != "gaoxin" or rng.random() < 0.5 else "高新区"
            fields = {"name": name, "year": p.year, "q": p.quarter, "cnq": "一二三四"[(p.quarter or 1) - 1],
                      "m": p.end_month, "ext": fmt}
            if per_form:
                for f in forms:
                    number = registry.form(f).number
                    sheet = build_sheet(registry, d, p, f, nums.values[(d.code, p.code, f)], style, seed, "Sheet1")
                    yield f"{name}{p.year}Q{p.quarter}{number}.{fmt}", [sheet]
                continue
            template = FILE_NAMES[rng.randrange(len(FILE_NAMES))]
            sheets = [
                build_sheet(registry, d, p, f, nums.values[(d.code, p.code, f)], style, seed,
                            SHEET_NAMES[f][rng.randrange(3)])
                for f in forms
            ]
            yield template.format(**fields), sheets


def write_truth(path: Path, nums: CityNumbers, registry: Registry) -> None:
    rows = []
    for (district, period, _form), block in nums.values.items():
        for (ind, b), v in block.items():
            if registry.indicator(ind).derived:
                continue
            rows.append((district, period, ind, b, format_decimal(Decimal(v))))
    rows.sort()
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["district", "period", "indicator", "breakdown", "value"])
        w.writerows(rows)


def write_sample(out_dir: Path, seed: int = 2025, first: str = "2023-Q1", last: str = "2026-Q3",
                 registry: Registry | None = None) -> SampleManifest:
    registry = registry or load_registry()
    periods = _periods(first, last)
    nums = generate_numbers(registry, seed, periods)
    returns_dir = Path(out_dir) / "returns"
    returns_dir.mkdir(parents=True, exist_ok=True)
    for old in returns_dir.iterdir():
        old.unlink()
    files = []
    for name, sheets in _returns(registry, nums, seed, periods):
        path = returns_dir / name
        (_write_xls if name.endswith(".xls") else _write_xlsx)(path, sheets)
        files.append(path)
    truth = Path(out_dir) / "truth.csv"
    write_truth(truth, nums, registry)
    return SampleManifest(sorted(files), truth)
