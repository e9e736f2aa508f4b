"""Foreign returns written by corpus author "year_end".

Persona: clerks at year end and the start of a new year: 年报 titles ("2025年年报", "2025年度统计年报",
"全年", "2025财年", 农历 dates), stock columns headed "年末数", 表二 期初 headed "年初数", 合计 rows
labelled "全年合计"/"年度合计", 表三 under a "全年累计" group, 终稿/终稿2/（修改） file names with a second and
third version, a title-typo-only correction, a single-form 表四 correction, a Q1 whose YTD columns were not
reset, and rejects (#REF!, title year vs 统计时段 year, a 乡镇 that is no district, a negative 帮扶金额).

Run from /work/main:  .venv/bin/python -m tests.foreign.year_end.build
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
ONE, WAN = Decimal(1), Decimal(10000)

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
ROWS = {1: T1_ROWS, 2: T2_ROWS, 3: T3_ROWS, 4: T4_ROWS}
INDS = {1: T1_INDS, 2: T2_INDS, 3: T3_INDS, 4: T4_INDS}

LBL = {
    1: {"government": "机关", "institution": "事业单位", "soe": "国有企业", "collective": "集体企业",
        "non_public": "非公有制企业", "social_org": "社会组织"},
    2: {"female": "其中：女职工", "migrant": "农民工", "new_forms": "新就业形态劳动者", "truck": "其中：货车司机",
        "courier": "快递员", "delivery": "外卖配送员", "ride_hailing": "网约车司机"},
    3: {"manufacturing": "制造业", "construction": "建筑业", "transport": "交通运输、仓储和邮政业",
        "utilities": "电力、热力、燃气及水生产和供应业", "it": "信息传输、软件和信息技术服务业",
        "trade": "批发和零售业", "health": "卫生和社会工作", "other": "其他"},
    4: {"living": "生活救助", "medical": "医疗救助", "education": "助学救助（金秋助学）", "employment": "就业帮扶",
        "warmth": "送温暖慰问", "frontline": "一线职工慰问", "other": "其他"},
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
        "aid_amount": "帮扶金额（元）", "aid_amount_union_funds": "其中：工会经费（元）",
        "aid_amount_fiscal": "其中：财政资金（元）", "aid_amount_donations": "其中：社会捐助（元）"},
}
TITLE = {1: "工会组织建设情况统计表", 2: "会员发展情况统计表", 3: "劳动和技能竞赛开展情况统计表",
         4: "困难职工帮扶和慰问情况统计表"}
NO = {1: "表一", 2: "表二", 3: "表三", 4: "表四"}


# ------------------------------------------------------------------------------------------------ data

def gen(seed: int, q: int, size: float = 1.0) -> dict:
    """One district's values for quarter q (YTD over q quarters). Money: 表三 in whole 百元, 表四 in whole 元."""
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
    allg = grp(round(float(sum(v[("members", k)] for k in spec)) * 0.98), 0.025, 0.012)
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
                    round(rng.uniform(0, 3)), round(rng.uniform(5, 400) * 100 * size) * 100]
        for ind, x in zip(T3_INDS, vals, strict=True):
            v[(ind, k)] = D(x)

    per = {"living": 2500, "medical": 6000, "education": 3000, "employment": 800, "warmth": 1800,
           "frontline": 300, "other": 1000}
    for k in T4_ROWS[1:]:
        if k == "education" and q < 3:
            vals = [0] * 6
        else:
            hh = round(rng.uniform(20, 160) * size * (1 + q) / 2)
            pt = round(hh * rng.uniform(1.0, 1.6))
            amt = round(hh * per[k] * rng.uniform(0.8, 1.3) / 10) * 10
            uf = round(amt * rng.uniform(0.4, 0.7))
            fi = round((amt - uf) * rng.uniform(0.3, 0.8))
            do = amt - uf - fi if rng.random() < 0.7 else round((amt - uf - fi) * 0.5)
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


def form_obs(v, form):
    out = {(i, b): v[(i, b)] for b in ROWS[form] for i in INDS[form]}
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


def new_wb(name, when):
    wb = xlsxwriter.Workbook(str(OUT / name))
    wb.set_properties({"author": "办公室", "created": when})
    return wb


def write_form(wb, ctx, form, v, dk, pk, *, sheet=None, title, info, total="合计", money=None,
               hdr=None, group=None, footer=None, override=None, record=True):
    """Write one form on its own sheet. money: (factor, header-unit) for MONEY columns; group: (text, inds)
    a merged group header above the listed columns (two-row header). override: {(ind, bd): raw} written
    instead of the value (recorded nowhere). Returns the sheet name."""
    sh = sheet or NO[form]
    ws = wb.add_worksheet(sh)
    bold = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1, "text_wrap": True})
    cell = wb.add_format({"border": 1})
    tfmt = wb.add_format({"bold": True, "font_size": 16, "align": "center"})
    inds = INDS[form]
    headers = dict(HDR[form])
    if hdr:
        headers.update(hdr)
    fac = ONE
    if money:
        fac = money[0]
        for i in inds:
            if i in MONEY:
                headers[i] = headers[i].replace("（元）", money[1]).replace("（万元）", money[1])
    ncol = len(inds) + 1
    ws.merge_range(0, 0, 0, ncol - 1, title, tfmt)
    ws.write_string(1, 0, info)
    ws.set_column(0, 0, 26)
    ws.set_column(1, ncol - 1, 13)
    r = 2
    if group:
        gtext, ginds = group
        cols = [inds.index(i) + 1 for i in ginds]
        ws.merge_range(r, 0, r + 1, 0, "项目", bold)
        if len(cols) > 1:
            ws.merge_range(r, min(cols), r, max(cols), gtext, bold)
        else:
            ws.write_string(r, cols[0], gtext, bold)
        for j, i in enumerate(inds):
            if j + 1 in cols:
                ws.write_string(r + 1, j + 1, headers[i], bold)
            else:
                ws.merge_range(r, j + 1, r + 1, j + 1, headers[i], bold)
        r += 2
    else:
        ws.write_string(r, 0, "项目", bold)
        for j, i in enumerate(inds):
            ws.write_string(r, j + 1, headers[i], bold)
        r += 1
    labels = {"all": total, **LBL[form]}
    for b in ROWS[form]:
        ws.write_string(r, 0, labels[b], cell)
        for j, i in enumerate(inds):
            f = fac if i in MONEY else ONE
            if override and (i, b) in override:
                raw = override[(i, b)]
                if isinstance(raw, tuple):
                    ws.write_formula(r, j + 1, raw[0], cell, raw[1])
                else:
                    ws.write(r, j + 1, raw, cell)
            else:
                ws.write_number(r, j + 1, float(v[(i, b)] / f), cell)
                if record:
                    ctx.cells.append((sh, r, j + 1, f, dk, pk, i, b))
        r += 1
    if form == 4:
        r += 1
        for k, lab in (("hardship_households", "在档困难职工户数（户）"), ("hardship_exited_ytd", "本年解困脱困户数（户）")):
            ws.write_string(r, 0, lab)
            ws.write_number(r, 1, float(v[(k, "all")]))
            if record:
                ctx.cells.append((sh, r, 1, ONE, dk, pk, k, "all"))
            r += 1
    r += 1
    for line in footer or ["填表人：王敏　　审核人：李建国　　联系电话：0000-83216688"]:
        ws.write_string(r, 0, line)
        r += 1
    if record:
        ctx.add(dk, pk, form_obs(v, form))
    return sh


YEAR_END_HDR1 = {"units_total": "应建会单位数（个）", "units_unionized": "已建会单位数（个）"}
NIANMO = [i for i in T1_INDS if i != "unions_new_ytd"]
T3_ALL = list(T3_INDS)


# 1-3 东湖区 2025 年报: 终稿, 终稿2, 终稿2（修改）
def dh_nianbao():
    base = gen(4101, 4)
    versions = []
    v2 = dict(base)
    v2[("members", "non_public")] += 214
    v2[("members_female", "non_public")] += 96
    v2[("unions_new_ytd", "non_public")] += 2
    v2[("participants", "construction")] += 120
    v2[("participants_non_public", "construction")] += 120
    retotal(v2)
    v3 = dict(v2)
    v3[("aid_households", "warmth")] += 6
    v3[("aid_person_times", "warmth")] += 6
    v3[("aid_amount", "warmth")] += 9000
    v3[("aid_amount_fiscal", "warmth")] += 9000
    v3[("economic_benefit", "manufacturing")] += D(356700)
    retotal(v3)
    first = "东湖区2025年报（终稿）.xlsx"
    specs = [
        (first, base, "", "",
         "年底交的“终稿”：文件名写“2025年报（终稿）”，各表标题写“东湖区总工会2025年年报·××情况统计表”，"
         "填报单位行写“全年”；表一存量栏上方合并表头“年末数”，表二期初会员数一栏表头写“年初数（人）”"
         "（年报模板的叫法，所填仍是10月1日的期初数），表三十栏上方合并表头“全年累计”，"
         "各表合计行写“全年合计”放在首行；创经济效益为万元。"),
        ("东湖区2025年报（终稿2）.xlsx", v2, first, "（终稿2）",
         "“终稿”交上去后又改的第二版，文件名“（终稿2）”、标题加“（终稿2）”，版式同终稿：表一非公有制企业会员数"
         "和女会员数、本年新建工会数，表三建筑业参赛职工及非公企业职工改了，合计随之改；四张表完整重报。"),
        ("东湖区2025年报（终稿2）（修改）.xlsx", v3, first, "（终稿2）（修改）",
         "同一份年报的第三版（“终稿2”又被退回修改，文件名加“（修改）”）：在第二版基础上补录送温暖慰问6户6人次"
         "财政资金9000元、制造业创经济效益多35.67万元，合计随之改；四张表完整重报，入库后应只剩这一版的数。"),
    ]
    for fname, v, corr, suffix, style in specs:
        ctx = Ctx(fname, "accept", style, corrects=corr)
        wb = new_wb(fname, datetime.datetime(2026, 1, 8, 10, 0))
        info = "填报单位（盖章）：东湖区总工会　　　　统计时段：全年　　　　填报日期：2026年1月8日"
        for form in (1, 2, 3, 4):
            kw = dict(title=f"东湖区总工会2025年年报·{TITLE[form].replace('统计表', '')}统计表{suffix}",
                      info=info, total="全年合计")
            if form == 1:
                kw["group"] = ("年末数", NIANMO)
            if form == 2:
                kw["hdr"] = {"members_start": "年初数（人）"}
            if form == 3:
                kw["group"] = ("全年累计", T3_ALL)
            write_form(wb, ctx, form, v, "donghu", "2025-Q4", **kw)
        wb.close()


# 4 西山区 2025年度统计年报 (4 forms), 5 its 表四-only correction (own return, not a `corrects` row)
def xs_niandu():
    v = gen(4202, 4, size=0.9)
    fname = "西山区2025年度统计年报.xlsx"
    ctx = Ctx(fname, "accept",
              "标题写“西山区总工会2025年度统计年报”，期别只写“2025年度”和“全年”（即四季度报、1-12月）；"
              "合计行写“年度合计”放在首行；表一、表二存量栏表头带“（年末数）”字样；表四金额为元。")
    wb = new_wb(fname, datetime.datetime(2026, 1, 12, 15, 30))
    for form in (1, 2, 3, 4):
        hdr = None
        if form == 1:
            hdr = {i: HDR[1][i].replace("（", "（年末数，", 1) if "其中" not in HDR[1][i] else HDR[1][i]
                   for i in NIANMO}
        if form == 2:
            hdr = {"members_end": "期末会员数（年末数）（人）"}
        ws_title = f"西山区总工会2025年度统计年报　{NO[form]}　{TITLE[form]}"
        # total last: reorder by writing through a custom label only (rows keep order) -> use 年度合计 first
        write_form(wb, ctx, form, v, "xishan", "2025-Q4", title=ws_title,
                   info="填报单位：西山区总工会　　统计期：2025年度（全年）　　单位：见各栏", total="年度合计", hdr=hdr)
    wb.close()

    v4 = dict(v)
    v4[("aid_households", "medical")] += 3
    v4[("aid_person_times", "medical")] += 4
    v4[("aid_amount", "medical")] += 18600
    v4[("aid_amount_union_funds", "medical")] += 18600
    v4[("hardship_exited_ytd", "all")] += 2
    retotal(v4)
    fname = "西山区2025年度统计年报表四（更正）.xlsx"
    ctx = Ctx(fname, "accept",
              "西山区年报交上后只重报表四的单表文件（标题“西山区总工会2025年度统计年报（更正）表四”）：医疗救助补录"
              "3户4人次18600元工会经费、本年解困脱困户数加2；因只含一张表，按文档“一表一文件”即表四自身就是"
              "一份完整的表四报表，入库后2025-Q4的表四为本文件之数、表一至表三仍为年报原数。")
    wb = new_wb(fname, datetime.datetime(2026, 1, 15, 9, 0))
    write_form(wb, ctx, 4, v4, "xishan", "2025-Q4",
               title="西山区总工会2025年度统计年报（更正）表四　困难职工帮扶和慰问情况统计表",
               info="填报单位：西山区总工会　　统计期：2025年度（全年）　　单位：元", total="年度合计")
    wb.close()


# 6-7 南港区 年报 with a typo in the title, and the correction that only fixes the typo
def ng_typo():
    v = gen(4303, 4, size=1.1)
    first = "南港区总工会2025年年报.xlsx"
    for fname, t1, corr, style in [
        (first, "南港区总工会2025年年报　工会组织建设清况统计表", "",
         "年报四张表，表一标题把“情况”敲成“清况”（“工会组织建设清况统计表”），其余各表标题正常；"
         "统计时段写“2025年1-12月”，合计行在首行，帮扶金额为万元（两位小数）。"),
        ("南港区总工会2025年年报（更正）.xlsx", "南港区总工会2025年年报（更正）　工会组织建设情况统计表", first,
         "只为改表一标题错字（“清况”改“情况”、加“（更正）”）而重发的年报，所有数字与原件完全相同；"
         "入库后应与原件的观测值一模一样。"),
    ]:
        ctx = Ctx(fname, "accept", style, corrects=corr)
        wb = new_wb(fname, datetime.datetime(2026, 1, 9, 11, 0))
        for form in (1, 2, 3, 4):
            title = t1 if form == 1 else f"南港区总工会2025年年报{'（更正）' if corr else ''}　{TITLE[form]}"
            write_form(wb, ctx, form, v, "nangang", "2025-Q4", title=title,
                       info="填报单位（盖章）：南港区总工会　　统计时段：2025年1-12月",
                       money=(WAN, "（万元）") if form == 4 else None)
        wb.close()


# 8 城中区 2026Q1 whose YTD columns still hold 2025's 1-12月 figures
def cz_not_reset():
    v = gen(4404, 1, size=1.2)
    last = gen(4405, 4, size=1.2)
    for b in T2_ROWS:
        v[("joined_ytd", b)] = max(last[("joined_ytd", b)], v[("members_joined", b)])
    for b in T1_ROWS[1:]:
        v[("unions_new_ytd", b)] = last[("unions_new_ytd", b)]
    retotal(v)
    fname = "城中区2026年第一季度统计报表.xlsx"
    ctx = Ctx(fname, "accept",
              "新年第一季度的表一、表二：填表人沿用去年年报的表，没把本年累计栏清零——表二“本年累计新发展会员”"
              "和表一“本年新建基层工会数”还是2025年1-12月的数（比一季度本期新发展大得多）；文档对此只有"
              "“YTD同年内下降”这类软警告，没有硬性规则，格中是合法的数，按所写入库。")
    wb = new_wb(fname, datetime.datetime(2026, 4, 9, 16, 0))
    for form in (1, 2):
        write_form(wb, ctx, form, v, "chengzhong", "2026-Q1",
                   title=f"城中区总工会2026年第一季度{TITLE[form]}",
                   info="填报单位：城中区总工会　　　2026年1-3月　　　填报日期：2026年4月9日")
    wb.close()


# 9 临江县 "2025财年"
def lj_fiscal():
    v = gen(4506, 4, size=0.8)
    fname = "临江县2025财年工会统计报表.xlsx"
    ctx = Ctx(fname, "accept",
              "财务出身的填表人把年报叫“2025财年”：标题“临江县总工会2025财年第四季度××统计表”，"
              "统计时段行“2025年1月1日至2025年12月31日”（财年即自然年，与文档所说日历年一致）；"
              "表三、表四表头写“全年累计”，工作表名“FY2025-1”至“FY2025-4”。")
    wb = new_wb(fname, datetime.datetime(2026, 1, 10, 14, 0))
    for form in (1, 2, 3, 4):
        hdr = None
        if form in (3, 4):
            hdr = {i: HDR[form][i].replace("（", "（全年累计，", 1) for i in INDS[form]}
        write_form(wb, ctx, form, v, "linjiang", "2025-Q4", sheet=f"FY2025-{form}",
                   title=f"临江县总工会2025财年第四季度{TITLE[form]}",
                   info="填报单位：临江县总工会　　统计时段：2025年1月1日至2025年12月31日", hdr=hdr,
                   money=(WAN, "（万元）") if form == 4 else None)
    wb.close()


# 10 青石县 年报 with 农历 dates
def qs_lunar():
    v = gen(4607, 4, size=0.7)
    fname = "青石县2025年年报（腊月）.xlsx"
    ctx = Ctx(fname, "accept",
              "标题“青石县总工会2025年年报（乙巳年腊月报送）”，填报日期写农历“腊月十八”，文件名带“（腊月）”；"
              "期别只能从“2025年年报”读出（四季度、1-12月），农历年月不是期别；合计写“年度合计”。")
    wb = new_wb(fname, datetime.datetime(2026, 2, 5, 10, 0))
    for form in (1, 2, 3, 4):
        write_form(wb, ctx, form, v, "qingshi", "2025-Q4",
                   title=f"青石县总工会2025年年报（乙巳年腊月报送）{NO[form]}　{TITLE[form]}",
                   info="填报单位（盖章）：青石县总工会　　填报日期：腊月十八", total="年度合计")
    wb.close()


# 11 经开区 年报 表二 whose joined_ytd is below its own Q3 figure (soft only)
def jk_ytd_fell():
    v = gen(4708, 4, size=0.6)
    v[("joined_ytd", "delivery")] = D(212)
    v[("joined_ytd", "new_forms")] = sum(v[("joined_ytd", s)] for s in SUBS) + D(40)
    fname = "经开区2025年度会员发展年报.xlsx"
    ctx = Ctx(fname, "accept",
              "单报表二的年报（“示例经济技术开发区总工会2025年度会员发展年报”，“全年”）：外卖配送员本年累计新发展"
              "会员填212人，比该区三季度报的1-9月累计还小（年底核减了重复登记）；文档只把“同年内YTD下降”列为软"
              "警告，分项仍不大于母项，故接收并按所写入库。")
    wb = new_wb(fname, datetime.datetime(2026, 1, 11, 9, 30))
    write_form(wb, ctx, 2, v, "jingkai", "2025-Q4",
               title="示例经济技术开发区总工会2025年度会员发展年报", info="统计时段：全年（2025年1-12月）",
               total="全年合计")
    wb.close()


# 12 reject: #REF!
def bs_ref():
    v = gen(4809, 4, size=0.8)
    fname = "白沙县2025年度统计年报.xlsx"
    ctx = Ctx(fname, "reject",
              "拒收：表三!D4（全年合计·参赛职工）是“=SUM(#REF!)”，缓存值#REF!（年底删了各乡镇明细页），"
              "错误值不是数字、不得当0，须在Excel里修好公式后重报；其余同年报表样。")
    ctx.claims = [("表三", "D4", "#REF!")]
    wb = new_wb(fname, datetime.datetime(2026, 1, 13, 17, 0))
    for form in (1, 2, 3, 4):
        write_form(wb, ctx, form, v, "baisha", "2025-Q4", title=f"白沙县总工会2025年度统计年报　{TITLE[form]}",
                   info="统计时段：全年", total="全年合计", record=False,
                   override={("participants", "all"): ("=SUM(#REF!)", "#REF!")} if form == 3 else None)
    wb.close()


# 13 reject: title 2025 vs 统计时段 2024
def yt_year_conflict():
    v = gen(4910, 4)
    fname = "云台市2025年年报.xlsx"
    ctx = Ctx(fname, "reject",
              "拒收：标题写“2025年年报”（如表一!A1），第二行却写“统计时段：2024年1月1日至2024年12月31日”"
              "（表一!A2，去年的表没改），两个年份互相矛盾，无法确定是哪一年的年报，须请云台市核实后重报。")
    ctx.claims = [("表一", "A1", "云台市总工会2025年年报　工会组织建设情况统计表"),
                  ("表一", "A2", "填报单位：云台市总工会　　统计时段：2024年1月1日至2024年12月31日")]
    wb = new_wb(fname, datetime.datetime(2026, 1, 7, 8, 30))
    for form in (1, 2, 3, 4):
        write_form(wb, ctx, form, v, "yuntai", "2025-Q4", title=f"云台市总工会2025年年报　{TITLE[form]}",
                   info="填报单位：云台市总工会　　统计时段：2024年1月1日至2024年12月31日", record=False)
    wb.close()


# 14 reject: a 乡镇
def town():
    v = gen(5011, 4, size=0.1)
    fname = "城关镇总工会2025年年报.xlsx"
    ctx = Ctx(fname, "reject",
              "拒收：填报单位是“城关镇总工会”（表一!A1标题、A2填报单位行），乡镇工会不是本市登记的区县报送单位，"
              "登记册里没有这个名字也没有别名，无法确定区县，应由所属县总工会汇总后报送。")
    ctx.claims = [("表一", "A1", "城关镇总工会2025年年报　工会组织建设情况统计表")]
    wb = new_wb(fname, datetime.datetime(2026, 1, 6, 10, 0))
    for form in (1, 2, 3, 4):
        write_form(wb, ctx, form, v, "-", "2025-Q4", title=f"城关镇总工会2025年年报　{TITLE[form]}",
                   info="填报单位（盖章）：城关镇总工会　　统计时段：全年", record=False)
    wb.close()


# 15 reject: negative 帮扶金额
def gx_negative():
    v = gen(5112, 4, size=0.9)
    fname = "高新区2025年年报.xlsx"
    ctx = Ctx(fname, "reject",
              "拒收：表四!D10（一线职工慰问·帮扶金额（元））填-3200（年底把多发的慰问金冲回，按会计红字写成负数），"
              "帮扶金额是本年累计发生额，不能为负，其中工会经费等分项也随之大于合计，须改正后重报。")
    ctx.claims = [("表四", "D10", -3200)]
    wb = new_wb(fname, datetime.datetime(2026, 1, 9, 15, 0))
    for form in (1, 2, 3, 4):
        write_form(wb, ctx, form, v, "gaoxin", "2025-Q4",
                   title=f"示例高新技术产业开发区总工会2025年年报　{TITLE[form]}",
                   info="填报单位：高新区工会　　统计时段：2025年1-12月", record=False,
                   override={("aid_amount", "frontline"): -3200} if form == 4 else None)
    wb.close()


# ------------------------------------------------------------------------------------------------ checks

def parse(x) -> Decimal:
    if x is None or x == "":
        return Decimal(0)
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return Decimal(format(float(x), ".15g"))
    return Decimal(str(x).strip().replace(",", ""))


def verify(ctx) -> int:
    if ctx.expect != "accept":
        return 0
    bad = 0
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
    dh_nianbao()
    xs_niandu()
    ng_typo()
    cz_not_reset()
    lj_fiscal()
    qs_lunar()
    jk_ytd_fell()
    bs_ref()
    yt_year_conflict()
    town()
    gx_negative()

    bad = 0
    for ctx in FILES:
        bad += verify(ctx) + check_claims(ctx)
        if ctx.expect == "accept":
            errs = check_hard(ctx)
            if errs:
                bad += 1
                print("HARD CHECK", ctx.fname, errs)
    by_name = {c.fname: c for c in FILES}
    for ctx in FILES:   # a correction must be a complete return of the same district, period and forms
        if ctx.corrects:
            orig = by_name[ctx.corrects]
            if {k[:2] + (k[2],) for k in orig.obs} != {k[:2] + (k[2],) for k in ctx.obs}:
                bad += 1
                print("CORRECTION NOT COMPLETE", ctx.fname)
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
