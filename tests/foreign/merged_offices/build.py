"""Foreign returns written by corpus author "merged_offices".

Persona: staff of union offices that were merged or reorganised, and clerks who inherited somebody else's
workbook: a 县级市 clerk who keeps every quarter of the year in one workbook (one sheet per quarter); a 表一
built from a ledger sheet by cross-sheet SUMIFS formulas with a pivot-table style summary beside it; a return
whose 合计 rows live in a separate "汇总" sheet; bilingual (English + Chinese) headers from a development zone
with 港澳台/外商投资 rows split out of 非公有制企业 and money in 千元; label and data cells merged across
three rows; 新就业形态 sub-rows written before their parent; a sheet with right-to-left display whose columns
run backwards; zeros written "0.00", "-0-", "—"; a Mac Excel workbook in the 1904 date system with a
万人 unit; a LibreOffice .xlsx with every number a string grouped by non-breaking spaces; a very wide 表三
with the industries as column groups; and rejects (two sheets claiming the same quarter, a district that
differs between sheet tabs and file name, a parent formula that misses an inserted sub-row, a number that
shows as a 1904 date, a sub-item larger than its total in the wide layout).

Run from /work/main:

    .venv/bin/python -m tests.foreign.merged_offices.build

Writes files/*, expected.csv and manifest.csv, then re-reads every workbook with python-calamine (and
openpyxl for the cells a reject's style names) and checks each expected observation equals what the cell
shows, and that each accepted return passes the contract's hard checks.
"""
from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from python_calamine import CalamineWorkbook

HERE = Path(__file__).resolve().parent
OUT = HERE / "files"

T1_ROWS = ["all", "government", "institution", "soe", "collective", "non_public", "social_org"]
T1_INDS = ["units_total", "units_unionized", "unions", "unions_joint", "employees",
           "employees_in_unionized", "members", "members_female", "members_migrant", "unions_new_ytd"]
T2_ROWS = ["all", "female", "migrant", "new_forms", "truck", "courier", "delivery", "ride_hailing"]
T2_INDS = ["members_start", "members_joined", "members_left", "members_end", "joined_ytd", "joined_target"]
T3_ROWS = ["all", "manufacturing", "construction", "transport", "utilities", "it", "trade", "health", "other"]
T3_INDS = ["competitions", "units_participating", "participants", "participants_non_public", "key_projects",
           "suggestions_made", "suggestions_adopted", "innovations", "pioneer_awards", "economic_benefit"]
T4_ROWS = ["all", "living", "medical", "education", "employment", "warmth", "frontline", "other"]
T4_INDS = ["aid_households", "aid_person_times", "aid_amount", "aid_amount_union_funds",
           "aid_amount_fiscal", "aid_amount_donations"]
SUBS = ["truck", "courier", "delivery", "ride_hailing"]
MONEY = {"economic_benefit", "aid_amount", "aid_amount_union_funds", "aid_amount_fiscal", "aid_amount_donations"}

LBL = {
    1: {"all": "合计", "government": "机关", "institution": "事业单位", "soe": "国有企业", "collective": "集体企业",
        "non_public": "非公有制企业", "social_org": "社会组织"},
    2: {"all": "合计", "female": "其中：女职工", "migrant": "农民工", "new_forms": "新就业形态劳动者",
        "truck": "其中：货车司机", "courier": "快递员", "delivery": "外卖配送员", "ride_hailing": "网约车司机"},
    3: {"all": "合计", "manufacturing": "制造业", "construction": "建筑业", "transport": "交通运输、仓储和邮政业",
        "utilities": "电力、热力、燃气及水生产和供应业", "it": "信息传输、软件和信息技术服务业",
        "trade": "批发和零售业", "health": "卫生和社会工作", "other": "其他"},
    4: {"all": "合计", "living": "生活救助", "medical": "医疗救助", "education": "助学救助（金秋助学）",
        "employment": "就业帮扶", "warmth": "送温暖慰问", "frontline": "一线职工慰问", "other": "其他"},
}
HDR = {
    1: {"units_total": "应建会单位数（个）", "units_unionized": "已建会单位数（个）", "unions": "基层工会数（个）",
        "unions_joint": "其中：联合基层工会（个）", "employees": "职工人数（人）",
        "employees_in_unionized": "已建会单位职工人数（人）", "members": "会员人数（人）",
        "members_female": "其中：女会员（人）", "members_migrant": "其中：农民工会员（人）",
        "unions_new_ytd": "本年新建基层工会数（个）"},
    2: {"members_start": "期初会员数（人）", "members_joined": "本期新发展会员（人）",
        "members_left": "本期减少会员（人）", "members_end": "期末会员数（人）",
        "joined_ytd": "本年累计新发展会员（人）", "joined_target": "年度发展任务（人）"},
    3: {"competitions": "竞赛项目数（项）", "units_participating": "参赛单位数（家）",
        "participants": "参赛职工（人次）", "participants_non_public": "其中：非公企业职工（人次）",
        "key_projects": "其中：重点工程项目（个）", "suggestions_made": "合理化建议提出（条）",
        "suggestions_adopted": "合理化建议采纳实施（条）", "innovations": "技术革新成果（项）",
        "pioneer_awards": "工人先锋号（个）", "economic_benefit": "创经济效益（万元）"},
    4: {"aid_households": "帮扶户数（户）", "aid_person_times": "帮扶人次（人次）",
        "aid_amount": "帮扶金额（万元）", "aid_amount_union_funds": "其中：工会经费（万元）",
        "aid_amount_fiscal": "其中：财政资金（万元）", "aid_amount_donations": "其中：社会捐助（万元）"},
}
ROWS = {1: T1_ROWS, 2: T2_ROWS, 3: T3_ROWS, 4: T4_ROWS}
INDS = {1: T1_INDS, 2: T2_INDS, 3: T3_INDS, 4: T4_INDS}
TITLE = {1: "工会组织建设情况统计表", 2: "会员发展情况统计表", 3: "劳动和技能竞赛开展情况统计表",
         4: "困难职工帮扶和慰问情况统计表"}
NO = {1: "表一", 2: "表二", 3: "表三", 4: "表四"}
ONE, WAN, QIAN = Decimal(1), Decimal(10000), Decimal(1000)
NBSP, NNBSP = "\u00a0", "\u202f"


def D(x) -> Decimal:
    return Decimal(str(x))


# ---------------------------------------------------------------------------------------------------
# data


def gen(seed: int, q: int, size: float, mq: Decimal) -> dict:
    """one district-quarter {(ind, bd): Decimal}; money in 元, a multiple of mq; totals are exact sums."""
    rng = random.Random(seed)
    v: dict = {}
    spec = {"government": (0.06, 1.0, 30), "institution": (0.11, 0.98, 48), "soe": (0.05, 1.0, 210),
            "collective": (0.03, 0.9, 28), "non_public": (0.65, 0.84, 90), "social_org": (0.10, 0.75, 8)}
    n = 1100 * size * rng.uniform(0.9, 1.1)
    for k, (w, rate, epu) in spec.items():
        ut = round(n * w * rng.uniform(0.9, 1.1))
        uu = min(ut, round(ut * rate * rng.uniform(0.97, 1.01)))
        joint = max(1, round(uu * rng.uniform(0.04, 0.08))) if k in ("non_public", "social_org") else 0
        unions = uu - round(joint * rng.uniform(2, 4)) + joint if joint else uu
        emp = round(ut * epu * rng.uniform(0.9, 1.1))
        eu = min(emp, round(emp * uu / ut * rng.uniform(1.0, 1.03)))
        m = round(eu * rng.uniform(0.9, 0.98))
        f = round(m * rng.uniform(0.35, 0.55))
        mig = 0 if k in ("government", "institution") else round(m * rng.uniform(0.12, 0.45))
        new = {"non_public": round(q * rng.uniform(5, 12) * size), "social_org": round(q * rng.uniform(1, 3)),
               "soe": rng.choice([0, 0, 1])}.get(k, 0)
        for ind, x in zip(T1_INDS, [ut, uu, unions, joint, emp, eu, m, f, mig, new], strict=True):
            v[(ind, k)] = D(x)
    t2 = gen_t2(rng, q, size, int(v[("members", "government")] + v[("members", "institution")]
                                  + v[("members", "soe")] + v[("members", "collective")]
                                  + v[("members", "non_public")] + v[("members", "social_org")]))
    v.update(t2)
    for k in T3_ROWS[1:]:
        if k in ("it", "health") and rng.random() < 0.5:
            vals = [0] * 10
        else:
            c = round(q * rng.uniform(1, 5) * size) + 1
            units = round(c * rng.uniform(2, 8))
            part = round(units * rng.uniform(40, 150))
            npub = round(part * rng.uniform(0.3, 0.8))
            key = round(c * rng.uniform(0, 0.6)) if k in ("construction", "transport", "utilities") else 0
            made = round(part * rng.uniform(0.02, 0.08))
            adopted = round(made * rng.uniform(0.3, 0.7))
            innov = round(made * rng.uniform(0.05, 0.2))
            pioneer = 0 if q == 1 else round(rng.uniform(0, 3))
            benefit = money(rng.uniform(5, 300) * 10000 * size, mq)
            vals = [c, units, part, npub, key, made, adopted, innov, pioneer, benefit]
        for ind, x in zip(T3_INDS, vals, strict=True):
            v[(ind, k)] = D(x)
    per = {"living": 2500, "medical": 6000, "education": 3000, "employment": 800, "warmth": 1800,
           "frontline": 300, "other": 1000}
    for k in T4_ROWS[1:]:
        if k == "education" and q < 3:
            vals = [0] * 6
        else:
            hh = round(rng.uniform(20, 150) * size * (1 + q) / 2)
            pt = round(hh * rng.uniform(1.0, 1.6))
            amt = money(hh * per[k] * rng.uniform(0.8, 1.3), mq)
            uf = money(float(amt) * rng.uniform(0.4, 0.7), mq)
            fi = money(float(amt - uf) * rng.uniform(0.3, 0.8), mq)
            do = amt - uf - fi if rng.random() < 0.7 else money(float(amt - uf - fi) * 0.5, mq)
            vals = [hh, pt, amt, uf, fi, do]
        for ind, x in zip(T4_INDS, vals, strict=True):
            v[(ind, k)] = D(x)
    v[("hardship_households", "all")] = D(round(rng.uniform(120, 360) * size))
    v[("hardship_exited_ytd", "all")] = D(round(q * rng.uniform(3, 12) * size))
    retotal(v)
    return v


def gen_t2(rng, q, size, members_all, prev=None) -> dict:
    """表二 for quarter q; with prev (the previous quarter's 表二) the quarter continues it."""
    v = {}

    def grp(key, start, jr, lr):
        if prev is not None:
            start = int(prev[("members_end", key)])
        joined = round(start * jr * rng.uniform(0.8, 1.2))
        left = round(start * lr * rng.uniform(0.6, 1.4))
        ytd = (int(prev[("joined_ytd", key)]) + joined) if prev is not None else \
            joined + sum(round(start * jr * rng.uniform(0.7, 1.3)) for _ in range(q - 1))
        target = int(prev[("joined_target", key)]) if prev is not None else \
            max(ytd, round(start * jr * 4 * rng.uniform(1.0, 1.3)))
        return [start, joined, left, start + joined - left, ytd, target]
    subs = {s: grp(s, round(b * size * rng.uniform(0.6, 1.4)), 0.06, 0.01)
            for s, b in zip(SUBS, (800, 1400, 2000, 600), strict=True)}
    other = [round(1500 * size * rng.uniform(0.7, 1.3))]
    other_j = round(other[0] * 0.04 * rng.uniform(0.8, 1.2))
    other_l = round(other[0] * 0.01 * rng.uniform(0.6, 1.4))
    nf = [sum(subs[s][i] for s in SUBS) for i in range(6)]
    if prev is not None:
        extra = [int(prev[("members_end", "new_forms")]) - nf[0], other_j, other_l]
        extra_ytd = int(prev[("joined_ytd", "new_forms")]) - sum(int(prev[("joined_ytd", s)]) for s in SUBS) + other_j
        extra_t = int(prev[("joined_target", "new_forms")]) - sum(int(prev[("joined_target", s)]) for s in SUBS)
    else:
        extra = [other[0], other_j, other_l]
        extra_ytd = other_j * q
        extra_t = round(other_j * 4 * 1.1)
    nf[0] += extra[0]
    nf[1] += extra[1]
    nf[2] += extra[2]
    nf[3] = nf[0] + nf[1] - nf[2]
    nf[4] += extra_ytd
    nf[5] += extra_t
    allg = grp("all", round(members_all * rng.uniform(0.97, 0.995)), 0.025, 0.012)
    fem = grp("female", round(allg[0] * rng.uniform(0.42, 0.48)), 0.025, 0.012)
    mig = grp("migrant", round(allg[0] * rng.uniform(0.25, 0.33)), 0.03, 0.015)
    for g, vals in [("all", allg), ("female", fem), ("migrant", mig), ("new_forms", nf)] + list(subs.items()):
        for ind, x in zip(T2_INDS, vals, strict=True):
            v[(ind, g)] = D(x)
    return v


def money(x: float, quantum: Decimal) -> Decimal:
    return (D(round(x, 2)) // quantum) * quantum


def retotal(v: dict) -> None:
    for f in (1, 3, 4):
        for ind in INDS[f]:
            v[(ind, "all")] = sum(v[(ind, k)] for k in ROWS[f][1:])


def form_obs(v: dict, form: int) -> dict:
    out = {(i, b): v[(i, b)] for b in ROWS[form] for i in INDS[form]}
    if form == 4:
        for k in ("hardship_households", "hardship_exited_ytd"):
            out[(k, "all")] = v[(k, "all")]
    return out


# ---------------------------------------------------------------------------------------------------
# files and cells

FILES: list = []


class Ctx:
    def __init__(self, fname, expect, district, style, corrects=""):
        self.fname, self.expect, self.district, self.style, self.corrects = fname, expect, district, style, corrects
        self.obs: dict = {}       # (period, ind, bd) -> Decimal
        self.cells: list = []     # (sheet, row, col, factor, period, ind, bd)
        self.claims: list = []    # (sheet, cell, value openpyxl reads) for the cells a reject's style names
        FILES.append(self)

    def add(self, period, v, form):
        for (i, b), x in form_obs(v, form).items():
            self.obs[(period, i, b)] = x


class Sink:
    """where a table writer records the cells it wrote (ctx may be None for reject files)."""

    def __init__(self, ctx, sheet, period):
        self.ctx, self.sheet, self.period, self.pos = ctx, sheet, period, {}

    def rec(self, r, c, factor, ind, bd):
        self.pos[(ind, bd)] = (r, c)
        if self.ctx is not None:
            self.ctx.cells.append((self.sheet, r, c, factor, self.period, ind, bd))


def cname(c: int) -> str:
    s, c = "", c + 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def ref(r, c) -> str:
    return f"{cname(c)}{r + 1}"


def plain(x: Decimal) -> str:
    return "0" if x == 0 else format(x.normalize(), "f")


def grouped(x: Decimal, sep: str, dp: int | None = None) -> str:
    s = f"{x:,.{dp}f}" if dp is not None else (f"{x:,f}" if x != x.to_integral_value() else f"{int(x):,}")
    if dp is None and "." in s:
        s = s.rstrip("0").rstrip(".")
    return s.replace(",", sep)


def write_val(ws, r, c, x: Decimal, mode: str, fmt=None, zero: str | None = None, dp: int | None = None):
    """write a shown value x (already in the sheet's unit) the way the clerk did."""
    if x == 0 and zero is not None:
        ws.write_string(r, c, zero, fmt)
    elif mode == "num":
        ws.write_number(r, c, float(x), fmt)
    elif mode == "nbsp":
        ws.write_string(r, c, grouped(x, NBSP, dp), fmt)
    elif mode == "nnbsp":
        ws.write_string(r, c, grouped(x, NNBSP, dp), fmt)
    else:
        raise ValueError(mode)


def factor_of(ind, money_factor=WAN, people_factor=ONE, people=()):
    if ind in MONEY:
        return money_factor
    if ind in people:
        return people_factor
    return ONE


def std_table(wb, ws, sink, form, v, r0, c0, *, order=None, labels=None, headers=None, money_factor=WAN,
              money_dp=2, mode="num", zero=None, fmt=None, hfmt=None, people=(), people_factor=ONE,
              people_dp=0, first="项目", total_formula=False, cols=None):
    """header at r0, rows from r0+1; cols maps ind -> column (default c0+1+j). Returns next free row."""
    order = order or ROWS[form]
    labels = labels or LBL[form]
    headers = headers or HDR[form]
    inds = INDS[form]
    cols = cols or {ind: c0 + 1 + j for j, ind in enumerate(inds)}
    ws.write_string(r0, c0, first, hfmt)
    for ind in inds:
        ws.write_string(r0, cols[ind], headers[ind], hfmt)
    mfmt = wb.add_format({"border": 1, "num_format": "0." + "0" * money_dp if money_dp else "0"})
    pfmt = wb.add_format({"border": 1, "num_format": "0." + "0" * people_dp if people_dp else "0"})
    parts = [r0 + 1 + i for i, b in enumerate(order) if b != "all"]
    for i, b in enumerate(order):
        r = r0 + 1 + i
        ws.write_string(r, c0, labels[b], fmt)
        for ind in inds:
            c = cols[ind]
            fac = factor_of(ind, money_factor, people_factor, people)
            x = v[(ind, b)] / fac
            f = mfmt if ind in MONEY else (pfmt if ind in people else fmt)
            if b == "all" and total_formula and form != 2 and mode == "num":
                ws.write_formula(r, c, f"=SUM({ref(parts[0], c)}:{ref(parts[-1], c)})", f, float(x))
            else:
                dp = money_dp if ind in MONEY else (people_dp if ind in people else 0)
                write_val(ws, r, c, x, mode, f, zero, dp if mode != "num" else None)
            sink.rec(r, c, fac, ind, b)
    return r0 + 1 + len(order)


def hardship(ws, sink, v, r, c, fmt=None, mode="num"):
    for k, lbl in (("hardship_households", "在档困难职工户数（户）"), ("hardship_exited_ytd", "本年解困脱困户数（户）")):
        ws.write_string(r, c, lbl, fmt)
        write_val(ws, r, c + 1, v[(k, "all")], mode, fmt)
        sink.rec(r, c + 1, ONE, k, "all")
        r += 1
    return r


def new_wb(fname, **opts):
    wb = xlsxwriter.Workbook(str(OUT / fname), {"strings_to_numbers": False, **opts})
    wb.set_properties({"created": dt.datetime(2025, 10, 12, 9, 0, 0), "author": "工会统计"})   # deterministic
    return wb


def fmts(wb):
    return (wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"}),
            wb.add_format({"border": 1}),
            wb.add_format({"bold": True, "font_size": 14}))


# ---------------------------------------------------------------------------------------------------
# 1, 2: one workbook, one sheet per quarter (云台市 表二)

QN = {1: "一", 2: "二", 3: "三", 4: "四"}
QEND = {1: "3月31日", 2: "6月30日", 3: "9月30日", 4: "12月31日"}


def yt_quarters(year, seed, stale_title=False):
    rng = random.Random(seed)
    quarters = []
    prev = None
    for q in (1, 2, 3):
        t2 = gen_t2(rng, q, 1.1, 118000 + 700 * q, prev)
        quarters.append(t2)
        prev = t2
    return quarters


def yt_book(fname, year, quarters, ctx, stale_title=False):
    wb = new_wb(fname)
    hfmt, cell, tfmt = fmts(wb)
    info = {}
    for q, t2 in zip((1, 2, 3), quarters, strict=True):
        sh = f"{QN[q]}季度"
        ws = wb.add_worksheet(sh)
        tq = 2 if (stale_title and q == 3) else q
        title = f"云台市总工会{year}年第{QN[tq]}季度会员发展情况统计表"
        ws.merge_range(0, 0, 0, 6, title, tfmt)
        ws.write_string(1, 0, "填报单位：云台市总工会")
        ws.write_string(1, 4, f"截至{year}年{QEND[tq]}")
        ws.write_string(1, 6, "单位：人")
        period = f"{year}-Q{q}"
        sink = Sink(ctx, sh, period)
        end = std_table(wb, ws, sink, 2, t2, 2, 0, fmt=cell, hfmt=hfmt, zero="—")
        ws.write_string(end + 1, 0, "填表人：韦晓敏　　审核人：黄建国　　联系电话：0000-3316620")
        ws.set_column(0, 0, 20)
        ws.set_column(1, 6, 13)
        if ctx is not None:
            ctx.add(period, t2, 2)
        info[q] = (title, sink.pos)
    wb.close()
    return info


def yt_multi():
    fname = "云台市总工会2025年会员发展季度表.xlsx"
    ctx = Ctx(fname, "accept", "yuntai",
              "县级市合并后接手的工作簿：一年的表二按季度分页（工作表“一季度”“二季度”“三季度”），每页标题写“2025年第×季度”、"
              "表头上方写“截至2025年×月×日”，合计在首行，零写“—”；领域文档只说“通常一期一个工作簿”，没有说多期工作簿是错误或须拆分，"
              "而每页的区县和期别都能确定且互不重复，故按三期（2025-Q1、Q2、Q3）全部接收，二、三季度期初会员数接上一季度期末数。")
    yt_book(fname, 2025, yt_quarters(2025, 91), ctx)


def yt_multi_stale():
    fname = "云台市总工会2026年会员发展季度表.xlsx"
    qs = yt_quarters(2026, 92)
    info = yt_book(fname, 2026, qs, None, stale_title=True)
    c2 = ref(*info[2][1][("members_joined", "all")])
    c3 = ref(*info[3][1][("members_joined", "all")])
    ctx = Ctx(fname, "reject", "yuntai",
              f"拒收：同一种按季度分页的工作簿，但“三季度”页是复制“二季度”页改的数，标题没改：三季度!A1 仍写“云台市总工会2026年"
              f"第二季度会员发展情况统计表”（三季度!E2 也写“截至2026年6月30日”），与工作表名“三季度”矛盾；这样两页都自称2026年第二季度而数字"
              f"不同（二季度!{c2} 本期新发展会员{qs[1][('members_joined', 'all')]}，三季度!{c3} 为"
              f"{qs[2][('members_joined', 'all')]}），同一区县同一期别出现两次且数不同，期别也无法确定，整份退回。")
    ctx.claims = [("三季度", "A1", "云台市总工会2026年第二季度会员发展情况统计表"), ("三季度", "E2", "截至2026年6月30日"),
                  ("二季度", c2, float(qs[1][("members_joined", "all")])),
                  ("三季度", c3, float(qs[2][("members_joined", "all")]))]


# ---------------------------------------------------------------------------------------------------
# 3: 表一 by SUMIFS from a 明细 ledger, with a pivot-table style summary (东湖区)

STREETS = ["东湖街道", "湖滨街道", "新港街道", "梅林镇"]


def split(total: int, ws_: list) -> list:
    parts = [int(total * w) for w in ws_[:-1]]
    return parts + [total - sum(parts)]


def dh_pivot():
    fname = "东湖区2025年三季度组织建设情况（含透视表）.xlsx"
    ctx = Ctx(fname, "accept", "donghu",
              "撤并后新设的区总工会接手的工作簿：“表一”的每个数都是引用“明细”页的SUMIFS公式（=SUMIFS(明细!D:D,明细!$C:$C,$A6)，"
              "带缓存值），合计行为SUM公式；另有一张“数据透视表”页（行标签为街道、求和项:应建会单位数…、末行“总计”，按街道汇总而非按单位类型）"
              "和“明细”台账页（街道×单位类型）；只有“表一”是报表，透视表和明细是工作底稿，不应入库，也不构成重复；期别写“2025年第三季度”。")
    v = gen(31, 3, 1.2, D(1))
    rng = random.Random(32)
    wb = new_wb(fname)
    hfmt, cell, tfmt = fmts(wb)
    t1 = wb.add_worksheet("表一")
    pv = wb.add_worksheet("数据透视表")
    md = wb.add_worksheet("明细")
    # ledger
    md.write_row(0, 0, ["序号", "街道（镇）", "单位类型"] + [HDR[1][i] for i in T1_INDS], hfmt)
    r = 1
    street_tot = {s: {i: 0 for i in T1_INDS} for s in STREETS}
    for k in T1_ROWS[1:]:
        w = [rng.uniform(0.5, 1.5) for _ in STREETS]
        w = [x / sum(w) for x in w]
        per = {i: split(int(v[(i, k)]), w) for i in T1_INDS}
        for si, s in enumerate(STREETS):
            md.write_number(r, 0, r)
            md.write_string(r, 1, s)
            md.write_string(r, 2, LBL[1][k])
            for j, i in enumerate(T1_INDS):
                md.write_number(r, 3 + j, per[i][si])
                street_tot[s][i] += per[i][si]
            r += 1
    # 表一
    t1.merge_range(0, 0, 0, 10, "东湖区总工会2025年第三季度工会组织建设情况统计表", tfmt)
    t1.write_string(1, 0, "填报单位（盖章）：东湖区总工会")
    t1.write_string(1, 8, "填报日期：2025年10月11日")
    t1.write_string(3, 0, "项目", hfmt)
    for j, i in enumerate(T1_INDS):
        t1.write_string(3, 1 + j, HDR[1][i], hfmt)
    sink = Sink(ctx, "表一", "2025-Q3")
    t1.write_string(4, 0, "合计", cell)
    for j, i in enumerate(T1_INDS):
        c = 1 + j
        t1.write_formula(4, c, f"=SUM({ref(5, c)}:{ref(10, c)})", cell, float(v[(i, "all")]))
        sink.rec(4, c, ONE, i, "all")
    for n, k in enumerate(T1_ROWS[1:]):
        rr = 5 + n
        t1.write_string(rr, 0, LBL[1][k], cell)
        for j, i in enumerate(T1_INDS):
            col = cname(3 + j)
            t1.write_formula(rr, 1 + j, f"=SUMIFS(明细!{col}:{col},明细!$C:$C,$A{rr + 1})", cell, float(v[(i, k)]))
            sink.rec(rr, 1 + j, ONE, i, k)
    t1.write_string(12, 0, "填表人：邹丽　　审核人：程海　　联系电话：0000-8862103")
    t1.set_column(0, 0, 16)
    t1.set_column(1, 10, 12)
    ctx.add("2025-Q3", v, 1)
    # pivot-looking summary
    pv.write_string(0, 0, "单位类型")
    pv.write_string(0, 1, "(全部)")
    pv.write_string(2, 0, "行标签", hfmt)
    for j, i in enumerate(T1_INDS):
        pv.write_string(2, 1 + j, "求和项:" + HDR[1][i].split("（")[0], hfmt)
    for n, s in enumerate(STREETS):
        pv.write_string(3 + n, 0, s)
        for j, i in enumerate(T1_INDS):
            pv.write_number(3 + n, 1 + j, street_tot[s][i])
    pv.write_string(3 + len(STREETS), 0, "总计", hfmt)
    for j, i in enumerate(T1_INDS):
        assert sum(street_tot[s][i] for s in STREETS) == v[(i, "all")]
        pv.write_number(3 + len(STREETS), 1 + j, float(v[(i, "all")]), hfmt)
    pv.set_column(0, 0, 14)
    pv.set_column(1, 10, 16)
    wb.close()


# ---------------------------------------------------------------------------------------------------
# 4, 5: 合计 rows in a separate 汇总 sheet (西山区), and its correction


def xs_summary(v, fname, style, corrects="", note=""):
    ctx = Ctx(fname, "accept", "xishan", style, corrects)
    wb = new_wb(fname)
    hfmt, cell, tfmt = fmts(wb)
    sheets = {f: wb.add_worksheet(NO[f]) for f in (1, 2, 3, 4)}
    summ = wb.add_worksheet("汇总")
    period = "2025-Q3"
    pos = {}
    for f, ws in sheets.items():
        pline = "截至2025年9月底" if f in (1, 2) else "2025年1-9月"
        ws.merge_range(0, 0, 0, len(INDS[f]), f"西山区总工会{TITLE[f]}（{pline}）{note}", tfmt)
        ws.write_string(1, 0, "填报单位（盖章）：西山区总工会")
        ws.write_string(1, len(INDS[f]) - 1, "（合计见“汇总”页）")
        order = [b for b in ROWS[f] if b != "all"]
        labels = dict(LBL[f], female="女职工") if f == 2 else LBL[f]
        sink = Sink(ctx, NO[f], period)
        end = std_table(wb, ws, sink, f, v, 2, 0, order=order, labels=labels, fmt=cell, hfmt=hfmt, money_dp=2)
        if f == 4:
            end = hardship(ws, sink, v, end + 1, 0, cell)
        ws.write_string(end + 1, 0, "填表人：石磊（原西山区、北郊区总工会合并后）　联系电话：0000-5521407")
        ws.set_column(0, 0, 24)
        ws.set_column(1, 10, 12)
        pos[f] = sink.pos
        ctx.add(period, v, f)
    summ.merge_range(0, 0, 0, 10, "西山区总工会2025年第三季度统计报表汇总（各表合计）", tfmt)
    r = 2
    mfmt = wb.add_format({"border": 1, "num_format": "0.00"})
    sink = Sink(ctx, "汇总", period)
    for f in (1, 2, 3, 4):
        summ.write_string(r, 0, f"{NO[f]}　{TITLE[f]}", hfmt)
        summ.write_string(r + 1, 0, "项目", hfmt)
        for j, i in enumerate(INDS[f]):
            summ.write_string(r + 1, 1 + j, HDR[f][i], hfmt)
        summ.write_string(r + 2, 0, "合计", cell)
        for j, i in enumerate(INDS[f]):
            fac = WAN if i in MONEY else ONE
            x = float(v[(i, "all")] / fac)
            if f == 2:
                summ.write_number(r + 2, 1 + j, x, cell)   # 表二's 合计 is not the sum of its rows: typed
            else:
                rows = [pos[f][(i, b)][0] for b in ROWS[f][1:]]
                col = cname(pos[f][(i, ROWS[f][1])][1])
                summ.write_formula(r + 2, 1 + j, f"=SUM('{NO[f]}'!{col}{rows[0] + 1}:{col}{rows[-1] + 1})",
                                   mfmt if i in MONEY else cell, x)
            sink.rec(r + 2, 1 + j, fac, i, "all")
        r += 5
    summ.set_column(0, 0, 30)
    summ.set_column(1, 10, 13)
    wb.close()
    return ctx


def xishan():
    v = gen(41, 3, 0.9, D(100))
    xs_summary(v, "西山区2025年第三季度统计报表.xlsx",
               "西山区与北郊区总工会合并后沿用北郊区的工作簿：表一至表四各页只有分项行、没有合计行，四张表的合计行集中在单独的“汇总”页"
               "（每张表一段：表名、表头、“合计”一行；表一、三、四的合计是引用各表的跨表SUM公式，带缓存值，表二合计手填），表头注明“合计见汇总页”；"
               "合计按汇总页所写入库；期别写“截至2025年9月底”“2025年1-9月”，金额万元两位小数。")
    v2 = dict(v)
    v2[("members", "non_public")] += 230
    v2[("members_female", "non_public")] += 97
    v2[("members_migrant", "non_public")] += 64
    v2[("employees_in_unionized", "non_public")] += 240
    v2[("employees", "non_public")] += 240
    v2[("aid_households", "medical")] += 3
    v2[("aid_person_times", "medical")] += 3
    v2[("aid_amount", "medical")] += D(21000)
    v2[("aid_amount_union_funds", "medical")] += D(21000)
    retotal(v2)
    xs_summary(v2, "西山区2025年第三季度统计报表（更正）.xlsx",
               "西山区三季度报表的更正版（各表标题后加“（更正）”），同样合计集中在“汇总”页：表一非公有制企业补录一家企业的职工、会员、"
               "女会员和农民工会员，表四医疗救助补录3户3人次2.1万元（工会经费），汇总页的合计公式随之变化，其余不变。",
               corrects="西山区2025年第三季度统计报表.xlsx", note="（更正）")


# ---------------------------------------------------------------------------------------------------
# 6: bilingual headers, extra 港澳台/外商投资 rows, 千元 (高新区)

EN1 = {"units_total": "Units required 应建会单位数", "units_unionized": "Units unionized 已建会单位数",
       "unions": "Grassroots unions 基层工会数", "unions_joint": "incl. joint unions 其中：联合基层工会",
       "employees": "Employees 职工人数", "employees_in_unionized": "Employees in unionized units 已建会单位职工人数",
       "members": "Members 会员人数", "members_female": "incl. female 其中：女会员",
       "members_migrant": "incl. migrant workers 其中：农民工会员", "unions_new_ytd": "New unions YTD 本年新建基层工会数"}
EN2 = {"members_start": "Members at start 期初会员数", "members_joined": "Joined 本期新发展会员",
       "members_left": "Left 本期减少会员", "members_end": "Members at end 期末会员数",
       "joined_ytd": "Joined YTD 本年累计新发展会员", "joined_target": "Annual target 年度发展任务"}
EN3 = {"competitions": "Competitions 竞赛项目数", "units_participating": "Units 参赛单位数",
       "participants": "Participants 参赛职工（人次）", "participants_non_public": "incl. non-public 其中：非公企业职工",
       "key_projects": "incl. key projects 其中：重点工程项目", "suggestions_made": "Suggestions 合理化建议提出",
       "suggestions_adopted": "Adopted 合理化建议采纳实施", "innovations": "Innovations 技术革新成果",
       "pioneer_awards": "Pioneer teams 工人先锋号", "economic_benefit": "Economic benefit 创经济效益（万元）"}
EN4 = {"aid_households": "Households 帮扶户数", "aid_person_times": "Person-times 帮扶人次",
       "aid_amount": "Amount 帮扶金额（千元）", "aid_amount_union_funds": "incl. union funds 其中：工会经费（千元）",
       "aid_amount_fiscal": "incl. fiscal 其中：财政资金（千元）", "aid_amount_donations": "incl. donations 其中：社会捐助（千元）"}
EN_L1 = {"all": "Total 合计", "government": "Government 机关", "institution": "Public institutions 事业单位",
         "soe": "State-owned 国有企业", "collective": "Collective 集体企业", "non_public": "Non-public 非公有制企业",
         "social_org": "Social organisations 社会组织"}


def gaoxin():
    fname = "示例高新技术产业开发区总工会2025年二季度统计报表.xlsx"
    ctx = Ctx(fname, "accept", "gaoxin",
              "外企多的高新区，接手前任（外资企业HR出身）做的双语表：表头和行名都是“英文 + 中文”（如“Members 会员人数”“Non-public "
              "非公有制企业”），单位写在中文后；表一在非公有制企业下多出“其中：港澳台企业”“其中：外商投资企业”两行——领域文档说非公有制企业"
              "含私营、港澳台、外商投资，这两行是non_public的其中项、合同里没有对应分组，不单独入库，也不参与分项加总；表四金额以“千元”为单位"
              "（三位小数），表三创经济效益为万元；标题写“2025年第二季度”“2025年1-6月”。")
    v = gen(51, 2, 1.0, D(1))
    rng = random.Random(52)
    wb = new_wb(fname)
    hfmt, cell, tfmt = fmts(wb)
    period = "2025-Q2"
    en_hdr = {1: EN1, 2: EN2, 3: EN3, 4: EN4}
    en_lbl = {1: EN_L1,
              2: {"all": "Total 合计", "female": "incl. women 其中：女职工", "migrant": "Migrant workers 农民工",
                  "new_forms": "New forms of employment 新就业形态劳动者", "truck": "incl. truck drivers 其中：货车司机",
                  "courier": "Couriers 快递员", "delivery": "Food delivery riders 外卖配送员",
                  "ride_hailing": "Ride-hailing drivers 网约车司机"},
              3: {b: ("Total " if b == "all" else "") + LBL[3][b] for b in T3_ROWS},
              4: {"all": "Total 合计", "living": "Living aid 生活救助", "medical": "Medical aid 医疗救助",
                  "education": "Education aid 助学救助（金秋助学）", "employment": "Employment aid 就业帮扶",
                  "warmth": "Warmth visits 送温暖慰问", "frontline": "Frontline visits 一线职工慰问",
                  "other": "Others 其他"}}
    for f in (1, 2, 3, 4):
        ws = wb.add_worksheet(f"{NO[f]} Table {f}")
        pl = "2025年第二季度" if f in (1, 2) else "2025年1-6月"
        ws.merge_range(0, 0, 0, len(INDS[f]), f"示例高新技术产业开发区总工会{pl}{TITLE[f]}", tfmt)
        ws.write_string(1, 0, "Reporting unit 填报单位：示例高新技术产业开发区总工会")
        sink = Sink(ctx, ws.name, period)
        if f == 1:
            order = ["all", "government", "institution", "soe", "collective", "non_public", "hk", "fdi", "social_org"]
            # one share per extra row, floored, so the extra rows keep 其中 <= total themselves
            rh, rf = rng.uniform(0.08, 0.12), rng.uniform(0.25, 0.35)
            hk = {i: D(int(int(v[(i, "non_public")]) * rh)) for i in T1_INDS}
            fdi = {i: D(int(int(v[(i, "non_public")]) * rf)) for i in T1_INDS}
            vv = dict(v)
            for i in T1_INDS:
                vv[(i, "hk")] = hk[i]
                vv[(i, "fdi")] = fdi[i]
            labels = dict(en_lbl[1], hk="incl. HK/Macao/Taiwan 其中：港澳台企业", fdi="incl. foreign-invested 其中：外商投资企业")

            class Skip(Sink):
                def rec(self, r, c, factor, ind, bd):
                    if bd not in ("hk", "fdi"):
                        super().rec(r, c, factor, ind, bd)
            sink = Skip(ctx, ws.name, period)
            end = std_table(wb, ws, sink, 1, vv, 3, 0, order=order, labels=labels, headers=en_hdr[1], fmt=cell,
                            hfmt=hfmt, first="Item 项目")
            # the extra rows must not break the hard checks either
            for i, j in (("members_female", "members"), ("members_migrant", "members"), ("unions_joint", "unions"),
                         ("units_unionized", "units_total")):
                assert hk[i] <= hk[j] and fdi[i] <= fdi[j]
        else:
            end = std_table(wb, ws, sink, f, v, 3, 0, labels=en_lbl[f], headers=en_hdr[f], fmt=cell, hfmt=hfmt,
                            first="Item 项目", money_factor=QIAN if f == 4 else WAN, money_dp=3 if f == 4 else 4)
        if f == 4:
            end = hardship(ws, sink, v, end, 0, cell)
            ws.write_string(end - 2, 0, "Households in hardship on file 在档困难职工户数（户）", cell)
            ws.write_string(end - 1, 0, "Households lifted out this year 本年解困脱困户数（户）", cell)
        ws.write_string(end + 1, 0, "Prepared by 填表人：Lily Zhang 张莉　　Tel 联系电话：0000-6890321")
        ws.set_column(0, 0, 34)
        ws.set_column(1, 10, 18)
        ctx.add(period, v, f)
    wb.close()


# ---------------------------------------------------------------------------------------------------
# 7, 8: three-row merged labels / data, 新就业形态 sub-rows before the parent (南港区)

NG_T2_ORDER = ["all", "female", "migrant", "truck", "courier", "delivery", "ride_hailing", "new_forms"]
NG_T2_LBL = {"all": "合计", "female": "女职工", "migrant": "农民工", "truck": "　货车司机", "courier": "　快递员",
             "delivery": "　外卖配送员", "ride_hailing": "　网约车司机",
             "new_forms": "新就业形态劳动者小计（含上列四类及其他）"}


def nangang_book(fname, v, ctx, year, qtext, period, broken_parent=False):
    wb = new_wb(fname)
    hfmt, cell, tfmt = fmts(wb)
    mid = wb.add_format({"border": 1, "valign": "vcenter", "text_wrap": True})
    midn = wb.add_format({"border": 1, "valign": "vcenter"})
    midm = wb.add_format({"border": 1, "valign": "vcenter", "num_format": "0.00"})
    info = {}
    for f in (1, 2, 3, 4):
        ws = wb.add_worksheet(NO[f])
        ws.merge_range(0, 0, 0, len(INDS[f]) + 1, f"南港区总工会{year}年{qtext}{TITLE[f]}", tfmt)
        ws.write_string(1, 0, "填报单位（盖章）：南港区总工会（原南港区、港区工委工会合并）")
        sink = Sink(ctx, NO[f], period)
        if f == 1:
            # a group column A; "企业" merged over the three enterprise rows; labels in B
            ws.write_string(3, 0, "类别", hfmt)
            cols = {i: 2 + j for j, i in enumerate(T1_INDS)}
            end = std_table(wb, ws, sink, 1, v, 3, 1, fmt=cell, hfmt=hfmt, cols=cols, total_formula=True)
            ws.write_string(4, 0, "", cell)
            ws.merge_range(5, 0, 6, 0, "机关事业", mid)
            ws.merge_range(7, 0, 9, 0, "企业", mid)
            ws.write_string(10, 0, "其他", mid)
        elif f == 2:
            end = std_table(wb, ws, sink, 2, v, 3, 0, order=NG_T2_ORDER, labels=NG_T2_LBL, fmt=cell, hfmt=hfmt)
            if broken_parent:
                r_nf = 3 + 1 + NG_T2_ORDER.index("new_forms")
                r_t = 3 + 1 + NG_T2_ORDER.index("truck")
                r_d = 3 + 1 + NG_T2_ORDER.index("delivery")
                for j, i in enumerate(T2_INDS):
                    c = 1 + j
                    x = sum(v[(i, s)] for s in ("truck", "courier", "delivery"))
                    ws.write_formula(r_nf, c, f"=SUM({ref(r_t, c)}:{ref(r_d, c)})", cell, float(x))
                    info[i] = (ref(r_nf, c), x, sum(v[(i, s)] for s in SUBS))
                info["rows"] = (r_t, r_d, r_nf)
        else:
            # every row three physical rows high: label and data cells merged over three rows
            inds = INDS[f]
            ws.write_string(3, 0, "项目", hfmt)
            for j, i in enumerate(inds):
                ws.write_string(3, 1 + j, HDR[f][i], hfmt)
            r = 4
            for b in ROWS[f]:
                ws.merge_range(r, 0, r + 2, 0, LBL[f][b], mid)
                for j, i in enumerate(inds):
                    fac = WAN if i in MONEY else ONE
                    x = float(v[(i, b)] / fac)
                    ws.merge_range(r, 1 + j, r + 2, 1 + j, "", midm if i in MONEY else midn)
                    ws.write_number(r, 1 + j, x, midm if i in MONEY else midn)
                    sink.rec(r, 1 + j, fac, i, b)
                r += 3
            end = r
            if f == 4:
                end = hardship(ws, sink, v, end + 1, 0, cell)
        ws.write_string(end + 1, 0, "填表人：欧阳帆　　审核人：陈立　　联系电话：0000-7765012")
        ws.set_column(0, 0, 22)
        ws.set_column(1, 11, 12)
        if ctx is not None:
            ctx.add(period, v, f)
    wb.close()
    return info


def nangang():
    v = gen(71, 3, 1.0, D(100))
    ctx = Ctx("南港区2025年1-9月统计报表.xlsx", "accept", "nangang",
              "南港区与港区工委工会合并后的表样：表一左边多一列“类别”，“企业”跨三行合并（国有、集体、非公有制企业），“机关事业”跨两行；"
              "表三、表四每一行都占三行高——行名和每个数据格都上下合并三行（值在合并区左上格）；表二新就业形态的四个分项"
              "（货车司机、快递员、外卖配送员、网约车司机，缩进不写“其中”）写在母项之前，母项在最后写“新就业形态劳动者小计（含上列四类及其他）”；"
              "合计行在首行，表一为SUM公式；期别写“2025年1-9月”，金额万元两位小数。")
    nangang_book(ctx.fname, v, ctx, 2025, "1-9月", "2025-Q3")


def nangang_reject():
    fname = "南港区2025年四季度统计报表.xlsx"
    v = gen(72, 4, 1.0, D(100))
    info = nangang_book(fname, v, None, 2025, "第四季度", "2025-Q4", broken_parent=True)
    r_t, r_d, r_nf = info["rows"]
    cs, xs, ss = info["members_end"]
    cj, xj, sj = info["members_joined"]
    ctx = Ctx(fname, "reject", "nangang",
              f"拒收：同一“分项在前、母项在后”的表二，母项“新就业形态劳动者小计”一行是公式=SUM(B{r_t + 1}:B{r_d + 1})等，"
              f"只加了货车司机到外卖配送员三行——网约车司机一行是后来插在求和范围之外的；结果母项小于四个分项之和："
              f"如表二!{cs}期末会员数{xs}小于四类之和{ss}，表二!{cj}本期新发展会员{xj}小于{sj}（该行各列同样），"
              f"分项之和不能大于新就业形态劳动者，须改公式后重报。")
    ctx.claims = [("表二", cs, float(xs)), ("表二", cj, float(xj))]


# ---------------------------------------------------------------------------------------------------
# 9: right-to-left sheets with reversed columns; zeros as "0.00", "-0-", "—"; a note in the header row (临江县)


def linjiang():
    fname = "临江县2025年四季度统计报表.xlsx"
    ctx = Ctx(fname, "accept", "linjiang",
              "接手的工作簿里表一、表三被前任误点了“从右到左”显示（工作表右到左视图），后来的人照着屏幕填，结果单元格里列顺序整个倒过来："
              "行名在最右一列，第一个指标在行名左边，A列是最后一个指标；表二、表四正常；零值混写：表一写“-0-”，表三写“0.00”（文本），"
              "表二写“—”，都按0理解（“-0-”文档没列，但会计上就是零，读者一看即知，按0接收）；表二表头行最右边多一格“注：本表数据截至"
              "2025年12月31日”，不是指标；期别写“2025年第四季度”“2025年1-12月”，金额万元四位小数，帮扶金额无零值。")
    v = gen(81, 4, 1.0, D(1))
    for i in T3_INDS:
        v[(i, "it")] = D(0)
    retotal(v)
    wb = new_wb(fname)
    hfmt, cell, tfmt = fmts(wb)
    period = "2025-Q4"
    for f in (1, 2, 3, 4):
        ws = wb.add_worksheet(NO[f])
        n = len(INDS[f])
        pl = "2025年第四季度" if f in (1, 2) else "2025年1-12月"
        ws.merge_range(0, 0, 0, n, f"临江县总工会{pl}{TITLE[f]}", tfmt)
        sink = Sink(ctx, NO[f], period)
        if f in (1, 3):
            ws.right_to_left()
            ws.write_string(1, n, "填报单位（盖章）：临江县总工会")
            cols = {i: n - 1 - j for j, i in enumerate(INDS[f])}
            zero = "-0-" if f == 1 else "0.00"
            end = std_table(wb, ws, sink, f, v, 2, n, fmt=cell, hfmt=hfmt, cols=cols, zero=zero, money_dp=4)
            ws.set_column(n, n, 24)
            ws.set_column(0, n - 1, 12)
            foot = n
        else:
            ws.write_string(1, 0, "填报单位（盖章）：临江县总工会")
            end = std_table(wb, ws, sink, f, v, 2, 0, fmt=cell, hfmt=hfmt, zero="—" if f == 2 else None,
                            money_dp=4)
            if f == 2:
                ws.write_string(2, n + 1, "注：本表数据截至2025年12月31日")
            if f == 4:
                end = hardship(ws, sink, v, end, 0, cell)
            ws.set_column(0, 0, 24)
            ws.set_column(1, n, 12)
            foot = 0
        ws.write_string(end + 1, foot, "填表人：蒙丽娟　　联系电话：0000-4412087")
        ctx.add(period, v, f)
    wb.close()


# ---------------------------------------------------------------------------------------------------
# 10, 11: Mac Excel, 1904 date system, 表一 people in 万人 (白沙县)

PEOPLE = ("employees", "employees_in_unionized", "members", "members_female", "members_migrant")


def baisha_book(fname, v, ctx, year, qtext, period, filled: dt.date, bad_date_cell=False):
    wb = new_wb(fname, date_1904=True)
    hfmt, cell, tfmt = fmts(wb)
    dfmt = wb.add_format({"num_format": 'yyyy"年"m"月"d"日"', "align": "left"})
    info = {}
    hdr1 = dict(HDR[1])
    for i in PEOPLE:
        hdr1[i] = hdr1[i].replace("（人）", "（万人）")
    for f in (1, 2, 3, 4):
        ws = wb.add_worksheet(NO[f])
        n = len(INDS[f])
        ws.merge_range(0, 0, 0, n, f"白沙县总工会{year}年{qtext}{TITLE[f]}", tfmt)
        ws.write_string(1, 0, "填报单位（盖章）：白沙县总工会")
        ws.write_string(1, n - 2, "填报日期：")
        ws.write_datetime(1, n - 1, dt.datetime.combine(filled, dt.time()), dfmt)
        sink = Sink(ctx, NO[f], period)
        if f == 1:
            end = std_table(wb, ws, sink, 1, v, 2, 0, headers=hdr1, fmt=cell, hfmt=hfmt, people=PEOPLE,
                            people_factor=WAN, people_dp=4, total_formula=True)
        else:
            end = std_table(wb, ws, sink, f, v, 2, 0, fmt=cell, hfmt=hfmt, money_dp=2, total_formula=True)
        if f == 2 and bad_date_cell:
            r, c = sink.pos[("members_left", "courier")]
            ws.write_number(r, c, float(v[("members_left", "courier")]),
                            wb.add_format({"border": 1, "num_format": "yyyy/m/d"}))
            info["cell"] = ref(r, c)
        if f == 4:
            end = hardship(ws, sink, v, end, 0, cell)
        ws.write_string(end + 1, 0, "填表人：卢思远　　审核人：莫红　　联系电话：0000-2203318")
        ws.set_column(0, 0, 24)
        ws.set_column(1, n, 13)
        info.setdefault("date_cell", {})[NO[f]] = ref(1, n - 1)
        if ctx is not None:
            ctx.add(period, v, f)
    wb.close()
    return info


def baisha():
    v = gen(101, 3, 0.7, D(100))
    fname = "白沙县2025年第三季度统计报表.xlsx"
    ctx = Ctx(fname, "accept", "baisha",
              "白沙县总工会办公室换了苹果电脑，用Mac版Excel另存，工作簿是1904日期系统：各表第2行“填报日期：”旁边是真正的日期单元格"
              "（2025年10月14日，按1900日期系统读会错成2021年10月13日，不能拿它当期别）；期别写在标题“2025年第三季度”；表一职工人数、"
              "已建会单位职工人数、会员人数及女会员、农民工会员以“万人”为单位写四位小数（表头“会员人数（万人）”，入库换算成人）；"
              "合计行在首行为SUM公式，金额万元两位小数。")
    info = baisha_book(fname, v, ctx, 2025, "第三季度", "2025-Q3", dt.date(2025, 10, 14))
    ctx.date_check = ("表一", info["date_cell"]["表一"], dt.datetime(2025, 10, 14))


def baisha_reject():
    v = gen(102, 2, 0.7, D(100))
    fname = "白沙县2025年第二季度统计报表.xlsx"
    info = baisha_book(fname, v, None, 2025, "第二季度", "2025-Q2", dt.date(2025, 7, 9), bad_date_cell=True)
    x = int(v[("members_left", "courier")])
    shown = dt.date(1904, 1, 1) + dt.timedelta(days=x)
    ctx = Ctx(fname, "reject", "baisha",
              f"拒收：同一台Mac、1904日期系统的工作簿，表二!{info['cell']}（快递员·本期减少会员）单元格沿用了前任设的日期格式，"
              f"填的{x}显示成日期“{shown.year}/{shown.month}/{shown.day}”；报表里的数以Excel显示为准，显示的是日期不是人数，"
              f"不能猜它原来是{x}还是日期序号，须改回常规格式后重报。")
    ctx.claims = [("表二", info["cell"], dt.datetime.combine(shown, dt.time()))]


# ---------------------------------------------------------------------------------------------------
# 12: LibreOffice .xlsx, numbers as strings grouped by non-breaking spaces (城中区)


def chengzhong():
    fname = "城中区2025年三季度统计报表.xlsx"
    ctx = Ctx(fname, "accept", "chengzhong",
              "合并后的街道工委电脑只装了LibreOffice（区域设置用空格分千位、小数点仍是“.”），另存的.xlsx（docProps写LibreOffice）里"
              "所有数字都是文本，千位用不换行空格分组（“12 345”，表一至表三为U+00A0，表四为更窄的U+202F），金额“1 234.56”万元两位小数；"
              "表四所在工作表是LibreOffice默认名“Sheet4”（标题A1写“表四”）；零写“0”；总计行写“总计”放在最后；"
              "标题写“2025年第三季度”“2025年1-9月”；千位分隔符文档列为要处理的写法，空格只是另一种分隔符，按数接收。")
    v = gen(121, 3, 1.4, D(100))
    wb = new_wb(fname)
    hfmt, cell, tfmt = fmts(wb)
    period = "2025-Q3"
    for f in (1, 2, 3, 4):
        ws = wb.add_worksheet("Sheet4" if f == 4 else NO[f])
        pl = "2025年第三季度" if f in (1, 2) else "2025年1-9月"
        ws.write_string(0, 0, f"{NO[f]}　城中区总工会{pl}{TITLE[f]}")
        ws.write_string(1, 0, "填报单位：城中区总工会")
        order = ROWS[f][1:] + ["all"]
        labels = dict(LBL[f], all="总计")
        if f == 2:
            labels["female"] = "女职工"
        sink = Sink(ctx, ws.name, period)
        end = std_table(wb, ws, sink, f, v, 2, 0, order=order, labels=labels, fmt=cell, hfmt=hfmt,
                        mode="nnbsp" if f == 4 else "nbsp", money_dp=2)
        if f == 4:
            end = hardship(ws, sink, v, end, 0, cell, mode="nnbsp")
        ws.write_string(end + 1, 0, "填表人：覃柳　　联系电话：0000-3356119")
        ctx.add(period, v, f)
    wb.close()
    # make it look like what LibreOffice writes
    lo_app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxml'
              'formats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/'
              'officeDocument/2006/docPropsVTypes"><Template></Template><TotalTime>41</TotalTime><Application>'
              'LibreOffice/7.6.4.1$Windows_X86_64 LibreOffice_project/e19e193f88cd6c0525a17fb7a176ed8e6a3e2aa1'
              '</Application><AppVersion>15.0000</AppVersion></Properties>')
    src = OUT / fname
    tmp = OUT / (fname + ".tmp")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = lo_app.encode() if item.filename == "docProps/app.xml" else zin.read(item.filename)
            zi = zipfile.ZipInfo(item.filename, date_time=(2025, 10, 15, 9, 30, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)
    shutil.move(tmp, src)


# ---------------------------------------------------------------------------------------------------
# 13, 14: a very wide 表三, industries as column groups (青石县)


def qingshi_wide(fname, v, ctx, pl, period, swap=None):
    wb = new_wb(fname)
    hfmt, cell, tfmt = fmts(wb)
    mfmt = wb.add_format({"border": 1, "num_format": "0.0000"})
    ws = wb.add_worksheet("竞赛横表")
    ncol = 1 + 9 * 10
    ws.write_string(0, 0, f"表三　青石县总工会{pl}劳动和技能竞赛开展情况统计表（横表）", tfmt)
    ws.write_string(1, 0, "填报单位（盖章）：青石县总工会（县总工会与县经信局职工技协合署办公）")
    ws.write_string(1, 12, f"统计时段：{pl}")
    ws.merge_range(3, 0, 4, 0, "地区", hfmt)
    sink = Sink(ctx, "竞赛横表", period)
    info = {}
    for g, b in enumerate(T3_ROWS):
        c0 = 1 + g * 10
        ws.merge_range(3, c0, 3, c0 + 9, LBL[3][b] if b != "all" else "全县合计", hfmt)
        for j, i in enumerate(T3_INDS):
            ws.write_string(4, c0 + j, HDR[3][i], hfmt)
            fac = WAN if i in MONEY else ONE
            x = v[(i, b)] / fac
            if swap and b == swap[0] and i in swap[1:]:
                other = swap[2] if i == swap[1] else swap[1]
                x = v[(other, b)]
                info[i] = (ref(5, c0 + j), x)
            ws.write_number(5, c0 + j, float(x), mfmt if i in MONEY else cell)
            sink.rec(5, c0 + j, fac, i, b)
    ws.write_string(5, 0, "青石县", cell)
    ws.write_string(7, 0, "注：创经济效益单位为万元；其他行业含住宿餐饮、文化旅游等。")
    ws.write_string(8, 0, "填表人：罗婷　　审核人：陆振华　　联系电话：0000-6650471")
    ws.set_column(0, 0, 10)
    ws.set_column(1, ncol, 11)
    ws.freeze_panes(5, 1)
    if ctx is not None:
        ctx.add(period, v, 3)
    wb.close()
    return info


def qingshi():
    v = gen(131, 3, 1.0, D(1))
    ctx = Ctx("青石县2025年1-9月劳动竞赛统计表.xlsx", "accept", "qingshi",
              "合署办公后由技协的人接手，只报表三一张、做成一行的超宽横表（91列，冻结首列）：第4行是九个合并的行业大表头"
              "（“全县合计”在最前，其后制造业…其他），第5行每个行业下重复十个指标表头，第6行一行数据“青石县”；期别写“2025年1-9月”，"
              "创经济效益万元四位小数。")
    qingshi_wide(ctx.fname, v, ctx, "2025年1-9月", "2025-Q3")


def qingshi_reject():
    v = gen(132, 2, 1.0, D(1))
    assert v[("suggestions_made", "construction")] > v[("suggestions_adopted", "construction")]
    fname = "青石县2025年1-6月劳动竞赛统计表.xlsx"
    info = qingshi_wide(fname, v, None, "2025年1-6月", "2025-Q2",
                        swap=("construction", "suggestions_made", "suggestions_adopted"))
    cm, xm = info["suggestions_made"]
    ca, xa = info["suggestions_adopted"]
    ctx = Ctx(fname, "reject", "qingshi",
              f"拒收：同一超宽横表，建筑业的两栏填反了：竞赛横表!{ca}（建筑业·合理化建议采纳实施）{xa}条大于竞赛横表!{cm}"
              f"（建筑业·合理化建议提出）{xm}条，采纳数不能大于提出数（全县合计一组照台账原数填写，与建筑业两栏对不上，"
              f"只是警告；拒收的原因是建筑业倒挂）。")
    ctx.claims = [("竞赛横表", ca, float(xa)), ("竞赛横表", cm, float(xm))]


# ---------------------------------------------------------------------------------------------------
# 15: district in the sheet tabs differs from the file name (东湖区 file, 西山区 tabs)


def donghu_conflict():
    fname = "东湖区2025年第四季度统计报表.xlsx"
    v = gen(151, 4, 1.1, D(100))
    wb = new_wb(fname)
    hfmt, cell, tfmt = fmts(wb)
    for f in (1, 2, 3, 4):
        ws = wb.add_worksheet(f"西山区-{NO[f]}")
        pl = "2025年第四季度" if f in (1, 2) else "2025年1-12月"
        ws.merge_range(0, 0, 0, len(INDS[f]), f"{pl}{TITLE[f]}", tfmt)
        ws.write_string(1, 0, "填报单位（盖章）：")
        end = std_table(wb, ws, Sink(None, ws.name, ""), f, v, 2, 0, fmt=cell, hfmt=hfmt, money_dp=2)
        if f == 4:
            end = hardship(ws, Sink(None, ws.name, ""), v, end, 0, cell)
        ws.write_string(end + 1, 0, "填表人：　　　联系电话：")
    wb.close()
    ctx = Ctx(fname, "reject", "",
              "拒收：区县互相矛盾——文件名写“东湖区”，四个工作表名却是“西山区-表一”…“西山区-表四”（东湖区的人拿了西山区合并过来的"
              "旧工作簿改数，没改页名），标题（如西山区-表一!A1“2025年第四季度工会组织建设情况统计表”）不写区县，西山区-表一!A2“填报单位（盖章）："
              "”后面空着；两处来源指向不同区县，不能挑一个，区县无法确定，须写明填报单位后重报。")
    ctx.claims = [("西山区-表一", "A1", "2025年第四季度工会组织建设情况统计表"), ("西山区-表一", "A2", "填报单位（盖章）：")]


# ---------------------------------------------------------------------------------------------------
# verification


def parse_cell(x) -> Decimal:
    if x is None or x == "":
        return Decimal(0)
    if isinstance(x, bool) or isinstance(x, (dt.date, dt.datetime, dt.timedelta)):
        raise ValueError(f"not a number: {x!r}")
    if isinstance(x, (int, float)):
        return Decimal(format(float(x), ".15g"))
    s = str(x).strip().replace(",", "").replace(NBSP, "").replace(NNBSP, "")
    if s in ("-", "—", "/", "-0-"):
        return Decimal(0)
    return Decimal(s)


def verify(ctx) -> int:
    if ctx.expect != "accept":
        return 0
    bad = 0
    wb = CalamineWorkbook.from_path(str(OUT / ctx.fname))
    cache = {}

    def get(sh, r, c):
        if sh not in cache:
            cache[sh] = wb.get_sheet_by_name(sh).to_python(skip_empty_area=False)
        rows = cache[sh]
        return rows[r][c] if r < len(rows) and c < len(rows[r]) else None
    seen = set()
    for sh, r, c, fac, period, ind, bd in ctx.cells:
        raw = get(sh, r, c)
        got = parse_cell(raw) * fac
        key = (period, ind, bd)
        want = ctx.obs[key]
        seen.add(key)
        if got != want:
            bad += 1
            print("MISMATCH", ctx.fname, sh, ref(r, c), period, ind, bd, repr(raw), got, want)
    missing = set(ctx.obs) - seen
    if missing:
        bad += 1
        print("NOT WRITTEN", ctx.fname, sorted(missing)[:5])
    dc = getattr(ctx, "date_check", None)
    if dc:
        import openpyxl
        got = openpyxl.load_workbook(OUT / ctx.fname, data_only=True)[dc[0]][dc[1]].value
        if got != dc[2]:
            bad += 1
            print("DATE", ctx.fname, got, dc[2])
        with zipfile.ZipFile(OUT / ctx.fname) as z:
            if b'date1904="1"' not in z.read("xl/workbook.xml"):
                bad += 1
                print("NOT 1904", ctx.fname)
    return bad


def check_claims(ctx) -> int:
    if ctx.expect == "accept":
        return 0
    if not ctx.claims:
        print("REJECT WITHOUT CLAIMS", ctx.fname)
        return 1
    import openpyxl
    wb = openpyxl.load_workbook(OUT / ctx.fname, data_only=True)
    bad = 0
    for sh, cell, want in ctx.claims:
        got = wb[sh][cell].value
        if got != want:
            bad += 1
            print("CLAIM", ctx.fname, sh, cell, repr(got), repr(want))
        if cell not in ctx.style or sh not in ctx.style:
            bad += 1
            print("CLAIM NOT IN STYLE", ctx.fname, sh, cell)
    return bad


def check_hard(ctx) -> list:
    errs = []
    periods = {p for p, _, _ in ctx.obs}
    for period in periods:
        v = {(i, b): x for (p, i, b), x in ctx.obs.items() if p == period}
        errs += [(period, k, "negative") for k, x in v.items() if x < 0]
        pairs = [("members_female", "members"), ("members_migrant", "members"), ("unions_joint", "unions"),
                 ("units_unionized", "units_total"), ("participants_non_public", "participants"),
                 ("suggestions_adopted", "suggestions_made")]
        for bd in {b for _, b in v}:
            for a, b in pairs:
                if (a, bd) in v and (b, bd) in v and v[(a, bd)] > v[(b, bd)]:
                    errs.append((period, a, bd))
            if ("aid_amount", bd) in v:
                parts = sum(v[(p, bd)] for p in ("aid_amount_union_funds", "aid_amount_fiscal", "aid_amount_donations"))
                if parts > v[("aid_amount", bd)]:
                    errs.append((period, "aid parts", bd))
        for ind in T2_INDS:
            if (ind, "all") in v:
                for g in ("female", "migrant", "new_forms"):
                    if v[(ind, g)] > v[(ind, "all")]:
                        errs.append((period, ind, g))
                if sum(v[(ind, s)] for s in SUBS) > v[(ind, "new_forms")]:
                    errs.append((period, ind, "subs"))
        for f in (1, 3, 4):
            for ind in INDS[f]:
                if (ind, "all") in v and sum(v[(ind, k)] for k in ROWS[f][1:]) != v[(ind, "all")]:
                    errs.append((period, ind, "sum"))
    return errs


def fmt_dec(x: Decimal) -> str:
    return str(int(x)) if x == x.to_integral_value() else format(x.normalize(), "f")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for p in OUT.iterdir():
        p.unlink()
    yt_multi()
    yt_multi_stale()
    dh_pivot()
    xishan()
    gaoxin()
    nangang()
    nangang_reject()
    linjiang()
    baisha()
    baisha_reject()
    chengzhong()
    qingshi()
    qingshi_reject()
    donghu_conflict()

    bad = 0
    for ctx in FILES:
        bad += verify(ctx)
        bad += check_claims(ctx)
        if ctx.expect == "accept":
            errs = check_hard(ctx)
            if errs:
                bad += 1
                print("HARD CHECK", ctx.fname, errs)
    names = [c.fname for c in FILES]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(p.name for p in OUT.iterdir()), "files/ and the manifest differ"
    n = 0
    with open(HERE / "expected.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["file", "district", "period", "indicator", "breakdown", "value"])
        for ctx in FILES:
            if ctx.expect != "accept":
                continue
            for (period, ind, bd), x in ctx.obs.items():
                w.writerow([ctx.fname, ctx.district, period, ind, bd, fmt_dec(x)])
                n += 1
    with open(HERE / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["file", "expect", "corrects", "style"])
        for ctx in FILES:
            w.writerow([ctx.fname, ctx.expect, ctx.corrects, ctx.style])
    acc = sum(c.expect == "accept" for c in FILES)
    print(f"{len(FILES)} files ({acc} accept, {len(FILES) - acc} reject), {n} expected observations, {bad} problems")
    if bad:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
