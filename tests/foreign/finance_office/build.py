"""Foreign returns written by corpus author "finance_office".

Persona: finance and accounting staff (财务科) who fill 表四 and 表三's 创经济效益, and statisticians of
the 2019-2023 template era: 万元 with six decimals, 元 with ¥/￥ and thousands separators, ROUND() totals,
sub-cent amounts, 亿元 benefit, fraction-style 建会率, a transposed 表四 with a 资金来源 table below, two
districts in one workbook, an Excel "Unicode 文本" (UTF-16) export, a 2019 表二, and rejects (a "12.5万元"
cell, a red negative 减少会员, a title/sheet-name period conflict, "1,234.5.6", a #DIV/0! in a 合计 rate).

Run from /work/main:  .venv/bin/python -m tests.foreign.finance_office.build
"""
from __future__ import annotations

import csv
import datetime
import random
from decimal import Decimal
from pathlib import Path

import openpyxl
import xlsxwriter
from python_calamine import CalamineWorkbook

HERE = Path(__file__).resolve().parent
OUT = HERE / "files"
D = lambda x: Decimal(str(x))  # noqa: E731
ONE, WAN, YI = Decimal(1), Decimal(10000), Decimal(100000000)

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

T1_LBL = {"all": "合计", "government": "机关", "institution": "事业单位", "soe": "国有企业",
          "collective": "集体企业", "non_public": "非公有制企业", "social_org": "社会组织"}
T2_LBL = {"all": "合计", "female": "其中：女职工", "migrant": "农民工", "new_forms": "新就业形态劳动者",
          "truck": "其中：货车司机", "courier": "快递员", "delivery": "外卖配送员", "ride_hailing": "网约车司机"}
T3_LBL = {"all": "合计", "manufacturing": "制造业", "construction": "建筑业", "transport": "交通运输、仓储和邮政业",
          "utilities": "电力、热力、燃气及水生产和供应业", "it": "信息传输、软件和信息技术服务业",
          "trade": "批发和零售业", "health": "卫生和社会工作", "other": "其他"}
T4_LBL = {"all": "合计", "living": "生活救助", "medical": "医疗救助", "education": "助学救助（金秋助学）",
          "employment": "就业帮扶", "warmth": "送温暖慰问", "frontline": "一线职工慰问", "other": "其他"}
T1_HDR = {"units_total": "应建会单位数（个）", "units_unionized": "已建会单位数（个）", "unions": "基层工会数（个）",
          "unions_joint": "其中：联合基层工会（个）", "employees": "职工人数（人）",
          "employees_in_unionized": "已建会单位职工人数（人）", "members": "会员人数（人）",
          "members_female": "其中：女会员（人）", "members_migrant": "其中：农民工会员（人）",
          "unions_new_ytd": "本年新建基层工会数（个）"}
T2_HDR = {"members_start": "期初会员数（人）", "members_joined": "本期新发展会员（人）",
          "members_left": "本期减少会员（人）", "members_end": "期末会员数（人）",
          "joined_ytd": "本年累计新发展会员（人）", "joined_target": "年度发展任务（人）"}
T3_HDR = {"competitions": "竞赛项目数（项）", "units_participating": "参赛单位数（家）",
          "participants": "参赛职工（人次）", "participants_non_public": "其中：非公企业职工（人次）",
          "key_projects": "其中：重点工程项目（个）", "suggestions_made": "合理化建议提出（条）",
          "suggestions_adopted": "合理化建议采纳实施（条）", "innovations": "技术革新成果（项）",
          "pioneer_awards": "工人先锋号（个）", "economic_benefit": "创经济效益（万元）"}
T4_HDR = {"aid_households": "帮扶户数（户）", "aid_person_times": "帮扶人次（人次）",
          "aid_amount": "帮扶金额（万元）", "aid_amount_union_funds": "其中：工会经费（万元）",
          "aid_amount_fiscal": "其中：财政资金（万元）", "aid_amount_donations": "其中：社会捐助（万元）"}
TITLE = {1: "工会组织建设情况统计表", 2: "会员发展情况统计表", 3: "劳动和技能竞赛开展情况统计表",
         4: "困难职工帮扶和慰问情况统计表"}
NO = {1: "表一", 2: "表二", 3: "表三", 4: "表四"}


# ------------------------------------------------------------------------------------------------ data

def mq(x: float, quantum: Decimal) -> Decimal:
    return (D(round(x, 4)) // quantum) * quantum


def gen(seed: int, q: int, quantum: Decimal = D("0.01"), size: float = 1.0) -> dict:
    rng = random.Random(seed)
    v: dict = {}
    spec = {"government": (70, 1.0, 32), "institution": (110, 0.99, 50), "soe": (60, 1.0, 230),
            "collective": (35, 0.9, 30), "non_public": (800, 0.85, 95), "social_org": (120, 0.77, 9)}
    for k, (n, rate, epu) in spec.items():
        ut = round(n * size * rng.uniform(0.9, 1.1))
        uu = min(ut, round(ut * rate * rng.uniform(0.97, 1.01)))
        joint = max(1, round(uu * rng.uniform(0.04, 0.08))) if k in ("non_public", "social_org") else 0
        unions = uu - joint * 3 if joint else uu
        emp = round(ut * epu * rng.uniform(0.9, 1.1))
        eu = min(emp, round(emp * uu / ut * rng.uniform(1.0, 1.02)))
        m = round(eu * rng.uniform(0.9, 0.98))
        f = round(m * rng.uniform(0.35, 0.55))
        mig = 0 if k in ("government", "institution") else round(m * rng.uniform(0.12, 0.45))
        new = {"non_public": round(q * rng.uniform(5, 12)), "social_org": round(q * rng.uniform(1, 3))}.get(k, 0)
        for ind, x in zip(T1_INDS, [ut, uu, unions, joint, emp, eu, m, f, mig, new], strict=True):
            v[(ind, k)] = D(x)
    for ind in T1_INDS:
        v[(ind, "all")] = sum(v[(ind, k)] for k in T1_ROWS[1:])

    def grp(start, jr, lr):
        joined = round(start * jr * rng.uniform(0.8, 1.2))
        left = round(start * lr * rng.uniform(0.6, 1.4))
        ytd = joined + sum(round(start * jr * rng.uniform(0.7, 1.3)) for _ in range(q - 1))
        target = max(ytd, round(start * jr * 4 * rng.uniform(0.95, 1.3)))
        return [start, joined, left, start + joined - left, ytd, target]
    subs = {s: grp(round(b * size * rng.uniform(0.6, 1.4)), 0.06, 0.01)
            for s, b in zip(SUBS, (900, 1500, 2100, 700), strict=True)}
    other = grp(round(1800 * size), 0.04, 0.01)
    nf = [sum(subs[s][i] for s in SUBS) + other[i] for i in range(6)]
    nf[3] = nf[0] + nf[1] - nf[2]
    allg = grp(round(float(v[("members", "all")]) * 0.98), 0.025, 0.012)
    fem = grp(round(allg[0] * rng.uniform(0.42, 0.48)), 0.025, 0.012)
    mig = grp(round(allg[0] * rng.uniform(0.25, 0.33)), 0.03, 0.015)
    for g, vals in [("all", allg), ("female", fem), ("migrant", mig), ("new_forms", nf)] + list(subs.items()):
        for ind, x in zip(T2_INDS, vals, strict=True):
            v[(ind, g)] = D(x)

    for k in T3_ROWS[1:]:
        c = 0 if k in ("it", "health") and rng.random() < 0.4 else round(q * rng.uniform(1, 6) * size)
        if c == 0:
            vals = [0] * 10
        else:
            units = round(c * rng.uniform(2, 9))
            part = round(units * rng.uniform(40, 160))
            made = round(part * rng.uniform(0.02, 0.08))
            vals = [c, units, part, round(part * rng.uniform(0.3, 0.8)),
                    round(c * rng.uniform(0, 0.5)) if k in ("construction", "transport", "utilities") else 0,
                    made, round(made * rng.uniform(0.3, 0.7)), round(made * rng.uniform(0.05, 0.2)),
                    0 if q == 1 else round(rng.uniform(0, 3)), mq(rng.uniform(5, 400) * 10000 * size, quantum)]
        for ind, x in zip(T3_INDS, vals, strict=True):
            v[(ind, k)] = D(x)
    for ind in T3_INDS:
        v[(ind, "all")] = sum(v[(ind, k)] for k in T3_ROWS[1:])

    per = {"living": 2500, "medical": 6000, "education": 3000, "employment": 800, "warmth": 1800,
           "frontline": 300, "other": 1000}
    for k in T4_ROWS[1:]:
        if k == "education" and q < 3:
            vals = [0] * 6
        else:
            hh = round(rng.uniform(20, 160) * size * (1 + q) / 2)
            pt = round(hh * rng.uniform(1.0, 1.6))
            amt = mq(hh * per[k] * rng.uniform(0.8, 1.3), quantum)
            uf = mq(float(amt) * rng.uniform(0.4, 0.7), quantum)
            fi = mq(float(amt - uf) * rng.uniform(0.3, 0.8), quantum)
            do = amt - uf - fi if rng.random() < 0.7 else mq(float(amt - uf - fi) * 0.5, quantum)
            vals = [hh, pt, amt, uf, fi, do]
        for ind, x in zip(T4_INDS, vals, strict=True):
            v[(ind, k)] = D(x)
    retotal(v)
    v[("hardship_households", "all")] = D(round(rng.uniform(120, 380) * size))
    v[("hardship_exited_ytd", "all")] = D(round(q * rng.uniform(3, 12) * size))
    return v


def retotal(v: dict) -> None:
    for rows, inds in ((T1_ROWS, T1_INDS), (T3_ROWS, T3_INDS), (T4_ROWS, T4_INDS)):
        for ind in inds:
            v[(ind, "all")] = sum(v[(ind, k)] for k in rows[1:])


def form_obs(v, form, rows=None):
    rows = rows or {1: T1_ROWS, 2: T2_ROWS, 3: T3_ROWS, 4: T4_ROWS}[form]
    inds = {1: T1_INDS, 2: T2_INDS, 3: T3_INDS, 4: T4_INDS}[form]
    out = {(i, b): v[(i, b)] for b in rows for i in inds}
    if form == 4:
        for k in ("hardship_households", "hardship_exited_ytd"):
            out[(k, "all")] = v[(k, "all")]
    return out


# ------------------------------------------------------------------------------------------------ files

FILES: list = []


class Ctx:
    def __init__(self, fname, expect, style, corrects=""):
        self.fname, self.expect, self.style, self.corrects = fname, expect, style, corrects
        self.obs: dict = {}      # (district, period, ind, bd) -> Decimal
        self.cells: list = []    # (sheet, r, c, factor, district, period, ind, bd)
        self.csv = None          # encoding, delimiter
        self.claims: list = []   # (sheet, cell, value as openpyxl reads it)
        FILES.append(self)

    def add(self, district, period, obs):
        for (i, b), x in obs.items():
            self.obs[(district, period, i, b)] = x


def ref(r, c):
    s, n = "", c + 1
    while n:
        n, m = divmod(n - 1, 26)
        s = chr(65 + m) + s
    return f"{s}{r + 1}"


def new_wb(name):
    wb = xlsxwriter.Workbook(str(OUT / name))
    wb.set_properties({"author": "财务科", "created": datetime.datetime(2025, 10, 9, 9, 0, 0)})
    return wb


def yuan_text(x: Decimal, sym: str) -> str:
    return f"{sym}{x:,.2f}"


def table(ws, ctx, sh, r0, c0, dk, pk, rows, inds, labels, headers, v, write):
    """header at r0, rows below; write(ws, r, c, ind, bd, x) writes one cell and returns its factor."""
    ws.write_string(r0, c0, "项目")
    for j, ind in enumerate(inds):
        ws.write_string(r0, c0 + 1 + j, headers[ind])
    for i, b in enumerate(rows):
        r = r0 + 1 + i
        ws.write_string(r, c0, labels[b])
        for j, ind in enumerate(inds):
            fac = write(ws, r, c0 + 1 + j, ind, b, v[(ind, b)])
            ctx.cells.append((sh, r, c0 + 1 + j, fac, dk, pk, ind, b))
    return r0 + 1 + len(rows)


def plain_writer(fmt_money=None, money_factor=WAN, fmt=None):
    def w(ws, r, c, ind, b, x):
        fac = money_factor if ind in MONEY else ONE
        ws.write_number(r, c, float(x / fac), fmt_money if ind in MONEY else fmt)
        return fac
    return w


def hardship(ws, ctx, sh, r, c, dk, pk, v, fmt=None):
    for k, lab in (("hardship_households", "在档困难职工户数（户）"), ("hardship_exited_ytd", "本年解困脱困户数（户）")):
        ws.write_string(r, c, lab)
        ws.write_number(r, c + 1, float(v[(k, "all")]), fmt)
        ctx.cells.append((sh, r, c + 1, ONE, dk, pk, k, "all"))
        r += 1
    return r


# 1 东湖区 2025-Q3: 万元 with six decimals, ROUND() totals, 建会率 as a fraction column
def dh_six_decimals():
    fname = "东湖区总工会2025年第三季度统计报表（财务科复核）.xlsx"
    v = gen(20253011, 3)
    ctx = Ctx(fname, "accept",
              "财务科复核后的报表：表三创经济效益、表四帮扶金额以万元写六位小数（=元换算到分，如12.345678万元），"
              "表三、表四合计行是ROUND公式（金额列=ROUND(SUM(…),6)，计数列=ROUND(SUM(…),0)，带缓存值，按缓存值入库）；表一末尾“建会率”列是=C/B公式，"
              "值为0.985这样的小数、常规格式不带%——比率是派生值不入库，只与重算值比较（小数与百分数口径差100倍，"
              "应按小数理解，不算差异）；期别写“2025年第三季度”“2025年1-9月”。")
    wb = new_wb(fname)
    m6 = wb.add_format({"num_format": "0.000000"})
    for form in (1, 2, 3, 4):
        sh = NO[form]
        ws = wb.add_worksheet(sh)
        per = "2025年第三季度" if form < 3 else "2025年1-9月"
        ws.write_string(0, 0, f"{NO[form]}　东湖区总工会{per}{TITLE[form]}")
        ws.write_string(1, 0, "填报单位（盖章）：东湖区总工会" + ("　　金额单位：万元" if form > 2 else ""))
        rows, inds, lbl, hdr = {1: (T1_ROWS, T1_INDS, T1_LBL, T1_HDR), 2: (T2_ROWS, T2_INDS, T2_LBL, T2_HDR),
                                3: (T3_ROWS, T3_INDS, T3_LBL, T3_HDR), 4: (T4_ROWS, T4_INDS, T4_LBL, T4_HDR)}[form]

        def w(ws, r, c, ind, b, x, form=form, rows=rows):
            fac = WAN if ind in MONEY else ONE
            if b == "all" and form in (3, 4):
                rng_ = f"{ref(r + 1, c)}:{ref(r + len(rows) - 1, c)}"
                dp = 6 if ind in MONEY else 0
                ws.write_formula(r, c, f"=ROUND(SUM({rng_}),{dp})", m6 if ind in MONEY else None, float(x / fac))
            else:
                ws.write_number(r, c, float(x / fac), m6 if ind in MONEY else None)
            return fac
        end = table(ws, ctx, sh, 3, 0, "donghu", "2025-Q3", rows, inds, lbl, hdr, v, w)
        if form == 1:
            cr = 1 + len(inds)
            ws.write_string(3, cr, "建会率")
            for i, b in enumerate(rows):
                r = 4 + i
                ws.write_formula(r, cr, f"={ref(r, 2)}/{ref(r, 1)}", None,
                                 float(v[("units_unionized", b)] / v[("units_total", b)]))
        if form == 4:
            end = hardship(ws, ctx, sh, end, 0, "donghu", "2025-Q3", v)
        ws.write_string(end + 1, 0, "填表人：韩会计　　审核人：钱科长　　联系电话：0000-8812306")
        ctx.add("donghu", "2025-Q3", form_obs(v, form))
    wb.close()
    return v


# 2, 3 西山区 2025 1-6月 表四 in 元 with ¥/￥ text; 帮扶人次 < 帮扶户数; 在档 in merged cell beside label
def xs_yuan_symbols(fix=False):
    base = "西山区总工会2025年1-6月困难职工帮扶统计表.xlsx"
    fname = base.replace(".xlsx", "（更正）.xlsx") if fix else base
    v = gen(20252021, 2)
    v[("aid_households", "employment")] = D(46)
    v[("aid_person_times", "employment")] = D(41)   # fewer person-times than households, as written
    if fix:
        v[("aid_amount", "medical")] += D("3600.00")
        v[("aid_amount_union_funds", "medical")] += D("3600.00")
        v[("aid_households", "medical")] += 1
        v[("aid_person_times", "medical")] += 1
    retotal(v)
    if fix:
        ctx = Ctx(fname, "accept",
                  "同一财务科表样的更正版（标题加“（更正）”）：医疗救助补录1户1人次3,600.00元（工会经费），合计随之变化，"
                  "其余（含就业帮扶人次少于户数）不变。", corrects=base)
    else:
        ctx = Ctx(fname, "accept",
                  "财务科出纳做的单张表四：金额以元为单位，写成带货币符号和千分位的文本（“¥12,345.60”，合计行和两行"
                  "工会经费用全角“￥”），货币符号和千分位一样只是写法，按数接收；就业帮扶帮扶人次41少于帮扶户数46"
                  "（几户同场参加一次就业培训，人次按场次登记），文档的硬性检查不含这一条，按所写接收；金秋助学上半年未发放，金额各格写“¥0.00”/“￥0.00”、户数人次写0；"
                  "在档困难职工户数写在与标签同一行右侧横跨三格的合并单元格里；期别“2025年1-6月”。")
    wb = new_wb(fname)
    sh = "表四"
    ws = wb.add_worksheet(sh)
    ws.write_string(0, 0, f"表四　西山区总工会2025年1-6月困难职工帮扶和慰问情况统计表{'（更正）' if fix else ''}")
    ws.write_string(1, 0, "填报单位（盖章）：西山区总工会　　　　单位：元")
    hdr = dict(T4_HDR, aid_amount="帮扶金额（元）", aid_amount_union_funds="其中：工会经费（元）",
               aid_amount_fiscal="其中：财政资金（元）", aid_amount_donations="其中：社会捐助（元）")

    def w(ws, r, c, ind, b, x):
        if ind in MONEY:
            sym = "￥" if b == "all" or ind == "aid_amount_union_funds" else "¥"
            ws.write_string(r, c, yuan_text(x, sym))
        else:
            ws.write_number(r, c, float(x))
        return ONE
    end = table(ws, ctx, sh, 3, 0, "xishan", "2025-Q2", T4_ROWS, T4_INDS, T4_LBL, hdr, v, w)
    mfmt = wb.add_format({"align": "center"})
    r = end + 1
    for k, lab in (("hardship_households", "在档困难职工户数（户）"), ("hardship_exited_ytd", "本年解困脱困户数（户）")):
        ws.merge_range(r, 0, r, 1, lab, None)
        ws.merge_range(r, 2, r, 4, float(v[(k, "all")]), mfmt)
        ctx.cells.append((sh, r, 2, ONE, "xishan", "2025-Q2", k, "all"))
        r += 1
    ws.write_string(r + 1, 0, "制表：财务科出纳　　审核：工会财务主管")
    wb.close()
    ctx.add("xishan", "2025-Q2", form_obs(v, 4))


# 4 南港区 2026-Q1 表四 transposed with a 资金来源 table below; 金秋助学 blank; sub-cent 元 amounts
def ng_transposed():
    fname = "南港区总工会2026年1-3月帮扶慰问（横排）.xlsx"
    v = gen(20261041, 1, quantum=D("0.001"))
    ctx = Ctx(fname, "accept",
              "表四横排：帮扶户数、帮扶人次、帮扶金额（元）三个指标在行、七个类别在列、“合计”列在最右；资金来源"
              "（工会经费、财政资金、社会捐助）另成一张同样横排的小表放在下面；金额以元写到厘（三位小数，常规格式，"
              "如1234.567）——文档只说存元，没说到分，按所写精确入库、不四舍五入；一季度金秋助学没有发放，该列留空"
              "（空白即0）；在档、解困脱困户数在最下面；期别“2026年1-3月”。")
    wb = new_wb(fname)
    sh = "帮扶慰问"
    ws = wb.add_worksheet(sh)
    ws.write_string(0, 0, "南港区总工会2026年1-3月困难职工帮扶和慰问情况统计表（表四）")
    ws.write_string(1, 0, "填报单位：南港区总工会")
    cols = T4_ROWS[1:] + ["all"]

    def block(r0, inds, labels):
        ws.write_string(r0, 0, "指标")
        for j, b in enumerate(cols):
            ws.write_string(r0, 1 + j, T4_LBL[b])
        for i, ind in enumerate(inds):
            r = r0 + 1 + i
            ws.write_string(r, 0, labels[ind])
            for j, b in enumerate(cols):
                x = v[(ind, b)]
                if b == "education":
                    pass  # blank
                else:
                    ws.write_number(r, 1 + j, float(x))
                ctx.cells.append((sh, r, 1 + j, ONE, "nangang", "2026-Q1", ind, b))
        return r0 + 1 + len(inds)
    end = block(3, T4_INDS[:3], {"aid_households": "帮扶户数（户）", "aid_person_times": "帮扶人次（人次）",
                                 "aid_amount": "帮扶金额（元）"})
    ws.write_string(end + 1, 0, "资金来源（元）")
    end = block(end + 2, T4_INDS[3:], {"aid_amount_union_funds": "工会经费", "aid_amount_fiscal": "财政资金",
                                       "aid_amount_donations": "社会捐助"})
    end = hardship(ws, ctx, sh, end + 1, 0, "nangang", "2026-Q1", v)
    ws.write_string(end + 1, 0, "填表人：财务科　　联系电话：0000-8876231")
    wb.close()
    ctx.add("nangang", "2026-Q1", form_obs(v, 4))


# 5 临江县 2025 1-9月 表三 with 创经济效益 in 亿元
def lj_yi():
    fname = "临江县2025年1-9月劳动和技能竞赛统计表.xlsx"
    v = gen(20253051, 3, quantum=D(100), size=3.0)
    ctx = Ctx(fname, "accept",
              "单报表三：创经济效益列表头写“创经济效益（亿元）”，六位小数（1.234567亿元），而单位行写“单位：万元”"
              "——文档规定表头里的单位优先，按亿元换算成元入库；合计行在最后、写“全县合计”；期别“2025年1-9月”。")
    wb = new_wb(fname)
    sh = "表三"
    ws = wb.add_worksheet(sh)
    ws.write_string(0, 0, "表三　临江县总工会2025年1-9月劳动和技能竞赛开展情况统计表")
    ws.write_string(1, 0, "填报单位：临江县总工会　　　　单位：万元")
    hdr = dict(T3_HDR, economic_benefit="创经济效益（亿元）")
    lbl = dict(T3_LBL, all="全县合计")
    f6 = wb.add_format({"num_format": "0.000000"})
    end = table(ws, ctx, sh, 3, 0, "linjiang", "2025-Q3", T3_ROWS[1:] + ["all"], T3_INDS, lbl, hdr, v,
                plain_writer(f6, YI))
    ws.write_string(end + 1, 0, "注：创经济效益按财务部门核定数填报。")
    wb.close()
    ctx.add("linjiang", "2025-Q3", form_obs(v, 3))


# 6 西山区 2019-Q4 表二 from the 2019 template (no 新就业形态 rows)
def xs_2019():
    fname = "西山区总工会2019年第四季度会员发展情况统计表.xlsx"
    v = gen(20194061, 4)
    rows = ["all", "female", "migrant"]
    ctx = Ctx(fname, "accept",
              "2019年的旧模板：表二只有合计、女职工、农民工三行，没有新就业形态劳动者及四个分项（当时还没有这些行），"
              "这几组不入库也不算缺；登记册只对经开区写了起报期（2024-Q1），西山区没有起报限制，2019-Q4是有效期别；"
              "期别写“2019年第四季度”，第二行“2019年10-12月”即本季度。")
    wb = new_wb(fname)
    sh = "会员发展"
    ws = wb.add_worksheet(sh)
    ws.write_string(0, 0, "西山区总工会2019年第四季度会员发展情况统计表")
    ws.write_string(1, 0, "填报单位：西山区总工会　　　　2019年10-12月　　　　单位：人")
    end = table(ws, ctx, sh, 3, 0, "xishan", "2019-Q4", rows, T2_INDS, T2_LBL, T2_HDR, v, plain_writer())
    ws.write_string(end + 1, 0, "填表人：组织部　　2020年1月8日")
    wb.close()
    ctx.add("xishan", "2019-Q4", form_obs(v, 2, rows))


# 7 two districts' 表四 in one workbook, one sheet each
def two_districts():
    fname = "2025年二季度困难职工帮扶统计（城中区、云台市）.xlsx"
    ctx = Ctx(fname, "accept",
              "片区财务联络员把两个区县的表四放在一个工作簿里，每个区县一页（工作表“城中区”“云台市”），各自标题写"
              "“××总工会2025年1-6月…”；两份都是完整的表四、区县和期别都能确定、互不重复，两份都入库；金额万元四位小数。")
    wb = new_wb(fname)
    f4 = wb.add_format({"num_format": "0.0000"})
    for seed, name, dk in ((20252071, "城中区", "chengzhong"), (20252072, "云台市", "yuntai")):
        v = gen(seed, 2, quantum=D(1))
        ws = wb.add_worksheet(name)
        ws.write_string(0, 0, f"{name}总工会2025年1-6月困难职工帮扶和慰问情况统计表")
        ws.write_string(1, 0, f"填报单位：{name}总工会　　金额单位：万元")
        end = table(ws, ctx, name, 3, 0, dk, "2025-Q2", T4_ROWS, T4_INDS, T4_LBL, T4_HDR, v, plain_writer(f4))
        hardship(ws, ctx, name, end + 1, 0, dk, "2025-Q2", v)
        ctx.add(dk, "2025-Q2", form_obs(v, 4))
    wb.close()


# 8 高新区 2025-Q3 表四 as Excel "Unicode 文本" (UTF-16LE with BOM, tab separated)
def gx_utf16():
    fname = "高新区2025年1-9月帮扶慰问（Unicode文本）.csv"
    v = gen(20253081, 3)
    ctx = Ctx(fname, "accept",
              "财务软件里复制到Excel后“另存为Unicode文本”：UTF-16LE带BOM、制表符分隔，只有表四；文档只列了GBK/GB18030"
              "和UTF-8，没说UTF-16——BOM明确给出编码，读法没有歧义，按城市分析员的判断接收；金额以元写两位小数，"
              "零写“0”；标题“示例高新技术产业开发区总工会2025年1-9月…”。")
    ctx.csv = ("utf-16", "\t")
    rows = [["示例高新技术产业开发区总工会2025年1-9月困难职工帮扶和慰问情况统计表"],
            ["填报单位：示例高新技术产业开发区总工会", "", "", "单位：元"],
            ["项目"] + [T4_HDR[i].replace("万元", "元") for i in T4_INDS]]
    for b in T4_ROWS:
        r = len(rows)
        line = [T4_LBL[b]]
        for j, ind in enumerate(T4_INDS):
            x = v[(ind, b)]
            line.append(f"{x:.2f}" if ind in MONEY else str(int(x)))
            ctx.cells.append((None, r, 1 + j, ONE, "gaoxin", "2025-Q3", ind, b))
        rows.append(line)
    for k, lab in (("hardship_households", "在档困难职工户数（户）"), ("hardship_exited_ytd", "本年解困脱困户数（户）")):
        ctx.cells.append((None, len(rows), 1, ONE, "gaoxin", "2025-Q3", k, "all"))
        rows.append([lab, str(int(v[(k, "all")]))])
    rows.append(["填表人：高新区工会财务"])
    with open(OUT / fname, "w", encoding="utf-16", newline="") as fh:
        csv.writer(fh, delimiter="\t", lineterminator="\r\n").writerows(rows)
    ctx.add("gaoxin", "2025-Q3", form_obs(v, 4))


# 9 城中区 2021-Q4: 2021 template (表二 new_forms with only 快递员、外卖配送员), 入会率 as a %-formatted fraction
def cz_2021():
    fname = "城中区总工会2021年第四季度统计报表.xlsx"
    v = gen(20214141, 4, size=1.3)
    t2rows = ["all", "female", "migrant", "new_forms", "courier", "delivery"]
    ctx = Ctx(fname, "accept",
              "2021年统计员的模板：表二新就业形态劳动者下只有“其中：快递员”“外卖配送员”两行（货车司机、网约车司机"
              "当年未单列，不入库也不算缺，两项之和小于母项是因为还有其他新就业形态）；表一末尾“入会率”列是"
              "=会员/已建会单位职工的公式，单元格值是0.9712这样的小数、用“0.00%”格式显示为97.12%——比率不入库，"
              "与重算值比较时按单元格的值（小数）理解；期别“2021年第四季度”，合计在首行为手填数。")
    wb = new_wb(fname)
    pct = wb.add_format({"num_format": "0.00%"})
    for form, rows, inds, lbl, hdr in ((1, T1_ROWS, T1_INDS, T1_LBL, T1_HDR), (2, t2rows, T2_INDS, T2_LBL, T2_HDR)):
        sh = NO[form]
        ws = wb.add_worksheet(sh)
        ws.write_string(0, 0, f"城中区总工会2021年第四季度{TITLE[form]}")
        ws.write_string(1, 0, "填报单位（盖章）：城中区总工会　　　　填报日期：2022年1月10日")
        table(ws, ctx, sh, 3, 0, "chengzhong", "2021-Q4", rows, inds, lbl, hdr, v, plain_writer())
        if form == 1:
            cr = 1 + len(inds)
            ws.write_string(3, cr, "入会率")
            for i, b in enumerate(rows):
                r = 4 + i
                ws.write_formula(r, cr, f"={ref(r, 7)}/{ref(r, 6)}", pct,
                                 float(v[("members", b)] / v[("employees_in_unionized", b)]))
        ctx.add("chengzhong", "2021-Q4", form_obs(v, form, rows))
    wb.close()


# ------------------------------------------------------------------------------------------------ rejects

def single_t4(fname, title, unit_line, v, write, sh="表四"):
    wb = new_wb(fname)
    ws = wb.add_worksheet(sh)
    ws.write_string(0, 0, title)
    ws.write_string(1, 0, unit_line)
    sink = Ctx.__new__(Ctx)
    sink.cells = []
    end = table(ws, sink, sh, 3, 0, "", "", T4_ROWS, T4_INDS, T4_LBL, T4_HDR, v, write)
    hardship(ws, sink, sh, end + 1, 0, "", "", v)
    wb.close()


def qs_wanyuan_text():
    fname = "青石县总工会2025年1-9月困难职工帮扶统计表.xlsx"
    v = gen(20253091, 3)
    for ind, x in zip(T4_INDS, [21, 23, "124860.00", "70000.00", "40000.00", "14860.00"], strict=True):
        v[(ind, "medical")] = D(x)
    retotal(v)
    hdr_y = "元"

    def w(ws, r, c, ind, b, x):
        if ind == "aid_amount" and b == "medical":
            ws.write_string(r, c, "12.5万元")
        else:
            ws.write_number(r, c, float(x))
        return ONE
    wb = new_wb(fname)
    ws = wb.add_worksheet("表四")
    ws.write_string(0, 0, "表四　青石县总工会2025年1-9月困难职工帮扶和慰问情况统计表")
    ws.write_string(1, 0, f"填报单位：青石县总工会　　单位：{hdr_y}")
    hdr = {k: x.replace("万元", "元") for k, x in T4_HDR.items()}
    sink = Ctx.__new__(Ctx)
    sink.cells = []
    end = table(ws, sink, "表四", 3, 0, "", "", T4_ROWS, T4_INDS, T4_LBL, hdr, v, w)
    hardship(ws, sink, "表四", end + 1, 0, "", "", v)
    wb.close()
    Ctx(fname, "reject",
        "拒收：表四!D7（医疗救助·帮扶金额（元））写的是文字“12.5万元”：文档把单元格里带“万”的写法（“近9.6万”“20多万元”）"
        "列为不是数字的自由文字（单位只在表头/单位行，单元格里的“万元”是说法不是单位）；而且同行三项资金来源（E7、F7、G7）合计"
        "124,860元，“12.5万”是约到千元的说法、不是该列要的元数，不能换算成125000入库，须改填准确元数后重报。").claims = [
        ("表四", "D7", "12.5万元"), ("表四", "E7", 70000), ("表四", "F7", 40000), ("表四", "G7", 14860)]


def yt_red_negative():
    fname = "云台市总工会2025年第四季度会员发展情况统计表.xlsx"
    v = gen(20254101, 4)
    wb = new_wb(fname)
    ws = wb.add_worksheet("表二")
    ws.write_string(0, 0, "表二　云台市总工会2025年第四季度会员发展情况统计表")
    ws.write_string(1, 0, "填报单位：云台市总工会　　单位：人")
    red = wb.add_format({"num_format": "0;[Red]-0"})

    def w(ws, r, c, ind, b, x):
        if ind == "members_left" and b == "delivery":
            ws.write_number(r, c, -float(x), red)
        else:
            ws.write_number(r, c, float(x), red)
        return ONE
    sink = Ctx.__new__(Ctx)
    sink.cells = []
    table(ws, sink, "表二", 3, 0, "", "", T2_ROWS, T2_INDS, T2_LBL, T2_HDR, v, w)
    wb.close()
    Ctx(fname, "reject",
        f"拒收：表二整表用“0;[Red]-0”数字格式，D11（外卖配送员·本期减少会员）填的是-{v[('members_left', 'delivery')]}"
        "（会计习惯把减少写成负数），显示为红色带负号的数；减少会员本身就是减少数，人数不能为负，须改为正数后重报"
        "（期末会员数是按正数算的，其余格正常）。").claims = [
        ("表二", "D11", -int(v[("members_left", "delivery")]))]


def dh_period_conflict():
    fname = "东湖区总工会工会统计报表.xlsx"
    v = gen(20253111, 3)
    wb = new_wb(fname)
    for form in (1, 2):
        sh = f"二季度{NO[form]}"
        ws = wb.add_worksheet(sh)
        ws.write_string(0, 0, f"东湖区总工会2025年第三季度{TITLE[form]}")
        ws.write_string(1, 0, "填报单位（盖章）：东湖区总工会")
        rows, inds, lbl, hdr = ((T1_ROWS, T1_INDS, T1_LBL, T1_HDR), (T2_ROWS, T2_INDS, T2_LBL, T2_HDR))[form - 1]
        sink = Ctx.__new__(Ctx)
        sink.cells = []
        table(ws, sink, sh, 3, 0, "", "", rows, inds, lbl, hdr, v, plain_writer())
    wb.close()
    Ctx(fname, "reject",
        "拒收：期别互相矛盾——工作表名是“二季度表一”“二季度表二”，标题却写“2025年第三季度”（如二季度表一!A1"
        "“东湖区总工会2025年第三季度工会组织建设情况统计表”），文件名没有期别；两处来源指向不同季度，不能挑一个，"
        "期别无法确定，须核实后重报。").claims = [
        ("二季度表一", "A1", "东湖区总工会2025年第三季度工会组织建设情况统计表")]


def lj_garbage_number():
    fname = "临江县总工会2026年1-6月困难职工帮扶统计表.xlsx"
    v = gen(20262121, 2)

    def w(ws, r, c, ind, b, x):
        if ind == "aid_amount_donations" and b == "living":
            ws.write_string(r, c, "1,234.5.6")
        else:
            ws.write_number(r, c, float(x / (WAN if ind in MONEY else ONE)))
        return ONE
    single_t4(fname, "表四　临江县总工会2026年1-6月困难职工帮扶和慰问情况统计表", "填报单位：临江县总工会　　单位：万元",
              v, w)
    Ctx(fname, "reject",
        "拒收：表四!G6（生活救助·其中：社会捐助）写的是文字“1,234.5.6”，有两个小数点，不是任何一种数字写法"
        "（去掉千分位也不是数），不能猜是1234.56还是1234.5，须核对后重报。").claims = [("表四", "G6", "1,234.5.6")]


def bs_div0():
    fname = "白沙县总工会2025年第四季度组织建设情况统计表.xlsx"
    v = gen(20254131, 4)
    wb = new_wb(fname)
    ws = wb.add_worksheet("表一")
    ws.write_string(0, 0, "表一　白沙县总工会2025年第四季度工会组织建设情况统计表")
    ws.write_string(1, 0, "填报单位（盖章）：白沙县总工会")
    sink = Ctx.__new__(Ctx)
    sink.cells = []
    table(ws, sink, "表一", 3, 0, "", "", T1_ROWS, T1_INDS, T1_LBL, T1_HDR, v, plain_writer())
    cr = 1 + len(T1_INDS)
    ws.write_string(3, cr, "建会率（%）")
    for i, b in enumerate(T1_ROWS):
        r = 4 + i
        if b == "all":   # copied one row too high: refers to the header row
            ws.write_formula(r, cr, f"={ref(r - 1, 2)}/{ref(r - 1, 1)}*100", None, "#DIV/0!")
        else:
            ws.write_formula(r, cr, f"={ref(r, 2)}/{ref(r, 1)}*100", None,
                             float(v[("units_unionized", b)] * 100 / v[("units_total", b)]))
    wb.close()
    Ctx(fname, "reject",
        "拒收：表一!L5（合计·建会率）是公式=C4/B4*100，复制时错了一行、引用了表头，缓存值#DIV/0!；建会率是派生值、"
        "本身不入库，但文档明确错误值一律报错并指明单元格、不得当作0或空白，且合计行公式引用错位说明该行须核对，"
        "故整份退回改公式后重报（各计数本身无误）。").claims = [("表一", "L5", "#DIV/0!")]


# ------------------------------------------------------------------------------------------------ checks

def parse(x) -> Decimal:
    if x is None or x == "":
        return Decimal(0)
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return Decimal(format(float(x), ".15g"))
    s = str(x).strip().replace(",", "").replace("¥", "").replace("￥", "")
    if s in ("-", "—", "/", ""):
        return Decimal(0)
    return Decimal(s)


def verify(ctx) -> int:
    if ctx.expect != "accept":
        return 0
    bad = 0
    if ctx.csv:
        with open(OUT / ctx.fname, encoding=ctx.csv[0], newline="") as fh:
            grid = list(csv.reader(fh, delimiter=ctx.csv[1]))
        get = lambda sh, r, c: grid[r][c]  # noqa: E731
    else:
        wb = CalamineWorkbook.from_path(str(OUT / ctx.fname))
        cache: dict = {}

        def get(sh, r, c):
            if sh not in cache:
                cache[sh] = wb.get_sheet_by_name(sh).to_python(skip_empty_area=False)
            g = cache[sh]
            return g[r][c] if r < len(g) and c < len(g[r]) else None
    seen = set()
    for sh, r, c, fac, dk, pk, ind, bd in ctx.cells:
        raw = get(sh, r, c)
        got = parse(raw) * fac
        want = ctx.obs[(dk, pk, ind, bd)]
        seen.add((dk, pk, ind, bd))
        if got != want:
            bad += 1
            print("MISMATCH", ctx.fname, sh, ref(r, c), ind, bd, repr(raw), got, want)
    if set(ctx.obs) - seen:
        bad += 1
        print("NOT WRITTEN", ctx.fname, sorted(set(ctx.obs) - seen)[:5])
    return bad


def check_claims(ctx) -> int:
    if ctx.expect == "accept":
        return 0
    if not ctx.claims:
        print("NO CLAIMS", ctx.fname)
        return 1
    wb = openpyxl.load_workbook(OUT / ctx.fname, data_only=True)
    bad = 0
    for sh, cell, want in ctx.claims:
        got = wb[sh][cell].value
        if got != want:
            bad += 1
            print("CLAIM", ctx.fname, sh, cell, repr(got), repr(want))
        if cell not in ctx.style:
            bad += 1
            print("CLAIM NOT IN STYLE", ctx.fname, cell)
    return bad


def check_hard(ctx) -> list:
    errs = []
    by: dict = {}
    for (dk, pk, i, b), x in ctx.obs.items():
        by.setdefault((dk, pk), {})[(i, b)] = x
        if x < 0:
            errs.append((dk, i, b, "negative"))
    pairs = [("members_female", "members"), ("members_migrant", "members"), ("unions_joint", "unions"),
             ("units_unionized", "units_total"), ("participants_non_public", "participants"),
             ("suggestions_adopted", "suggestions_made")]
    for key, v in by.items():
        for bd in {b for _, b in v}:
            for a, t in pairs:
                if (a, bd) in v and v[(a, bd)] > v[(t, bd)]:
                    errs.append((key, a, bd))
            if ("aid_amount", bd) in v and sum(v[(p, bd)] for p in T4_INDS[3:]) > v[("aid_amount", bd)]:
                errs.append((key, "aid parts", bd))
        for ind in T2_INDS:
            if (ind, "all") not in v:
                continue
            for g in ("female", "migrant", "new_forms"):
                if (ind, g) in v and v[(ind, g)] > v[(ind, "all")]:
                    errs.append((key, ind, g))
            if (ind, "new_forms") in v and sum(v.get((ind, s), 0) for s in SUBS) > v[(ind, "new_forms")]:
                errs.append((key, ind, "subs"))
    return errs


def fmt_dec(x: Decimal) -> str:
    return str(int(x)) if x == x.to_integral_value() else format(x.normalize(), "f")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for p in OUT.iterdir():
        p.unlink()
    dh_six_decimals()
    xs_yuan_symbols()
    xs_yuan_symbols(fix=True)
    ng_transposed()
    lj_yi()
    xs_2019()
    two_districts()
    gx_utf16()
    cz_2021()
    qs_wanyuan_text()
    yt_red_negative()
    dh_period_conflict()
    lj_garbage_number()
    bs_div0()

    bad = 0
    for ctx in FILES:
        bad += verify(ctx) + check_claims(ctx)
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
            if ctx.expect == "accept":
                for (dk, pk, ind, bd), x in ctx.obs.items():
                    w.writerow([ctx.fname, dk, pk, ind, bd, fmt_dec(x)])
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
