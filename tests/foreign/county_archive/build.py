"""Foreign returns written by corpus author "county_archive".

Persona: a county archive / 统计科 clerk and colleagues at other offices, other software and other years:
a macro-enabled (.xlsm, VBA-free) city template with buttons, print titles and page-break preview; a
workbook that keeps last year's figures in hidden columns and collapses sub-item rows into outline
groups; forms in a different sheet order with English or pinyin sheet names; a 表三 turned on its side
with the 合计 column at the far right; a tab-separated GB18030 CSV; a 腾讯文档 export (every number a
string, no formatting); a header repeated in the middle of a table for the second printed page; an
archive re-typing of an old paper return with 全宗号/档案号 lines; and rejects the hard checks must catch
in layouts not used before (accounting-format negative shown as "(2)", a sub-item larger than its total
in the transposed layout, a #VALUE! cached formula, a year that appears nowhere, the same form twice on
one sheet with different numbers, aid source parts larger than the amount in an all-text export), and the
accepted resubmission of one reject (a 重报, not a correction: the rejected file was never stored).

Each reject's style names the cells at fault; build checks those cells hold what the style says.

Run from /work/main:

    .venv/bin/python -m tests.foreign.county_archive.build

Only xlsxwriter, python-calamine and the standard library are used (nothing new installed). The .xlsm
files are written by xlsxwriter as .xlsx and then given the macro-enabled content type (no VBA project),
which is what a VBA-free "启用宏的工作簿" saved from a template with form buttons looks like.

Writes files/*, expected.csv and manifest.csv, then reads every file back (python-calamine for workbooks,
the csv module for CSV files) and checks that each expected observation equals what its cell shows, and
that each accepted return passes the hard checks of the domain contract.
"""
from __future__ import annotations

import csv
import io
import random
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
T2_LBL_LAST = dict(T2_LBL, female="女职工")   # when the total row is last, 女职工 is not written as 其中
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
FORMS = {1: (T1_ROWS, T1_INDS, T1_LBL, T1_HDR), 2: (T2_ROWS, T2_INDS, T2_LBL, T2_HDR),
         3: (T3_ROWS, T3_INDS, T3_LBL, T3_HDR), 4: (T4_ROWS, T4_INDS, T4_LBL, T4_HDR)}
WAN = Decimal(10000)
ONE = Decimal(1)

# ---------------------------------------------------------------------------------------------------
# data: generated per file from its own seed; totals are exact sums of the parts


def D(x) -> Decimal:
    return Decimal(str(x))


def gen(seed: int, q: int, size: float, money_q: Decimal) -> dict:
    """one district-quarter: {(ind, bd): Decimal}, money in 元 as a multiple of money_q."""
    rng = random.Random(seed)
    v: dict = {}
    spec = {"government": (0.06, 1.0, 32), "institution": (0.10, 0.99, 50), "soe": (0.05, 1.0, 230),
            "collective": (0.03, 0.9, 30), "non_public": (0.66, 0.85, 95), "social_org": (0.10, 0.77, 9)}
    n = 1200 * size * rng.uniform(0.9, 1.1)
    for k, (w, rate, epu) in spec.items():
        ut = round(n * w * rng.uniform(0.9, 1.1))
        uu = min(ut, round(ut * rate * rng.uniform(0.97, 1.01)))
        if k in ("non_public", "social_org"):
            joint = max(1, round(uu * rng.uniform(0.04, 0.08)))
            unions = max(joint, uu - round(joint * rng.uniform(3, 5)) + joint)
        else:
            joint, unions = 0, uu
        emp = round(ut * epu * rng.uniform(0.88, 1.12))
        eu = min(emp, round(emp * uu / ut * rng.uniform(1.0, 1.03)))
        m = round(eu * rng.uniform(0.9, 0.98))
        f = round(m * rng.uniform(0.35, 0.55))
        mig = 0 if k in ("government", "institution") else round(m * rng.uniform(0.12, 0.45))
        new = {"non_public": round(q * rng.uniform(5, 12) * size), "social_org": round(q * rng.uniform(1, 3)),
               "soe": rng.choice([0, 0, 1]), "collective": rng.choice([0, 0, 1])}.get(k, 0)
        for ind, x in zip(T1_INDS, [ut, uu, unions, joint, emp, eu, m, f, mig, new], strict=True):
            v[(ind, k)] = D(x)
    for ind in T1_INDS:
        v[(ind, "all")] = sum(v[(ind, k)] for k in T1_ROWS[1:])

    # 表二
    def grp(start, jr, lr):
        joined = round(start * jr * rng.uniform(0.8, 1.2))
        left = round(start * lr * rng.uniform(0.6, 1.4))
        ytd = joined + sum(round(start * jr * rng.uniform(0.7, 1.3)) for _ in range(q - 1))
        target = max(ytd, round(start * jr * 4 * rng.uniform(0.95, 1.3)))
        return [start, joined, left, start + joined - left, ytd, target]
    subs = {}
    for s, base in zip(SUBS, (900, 1500, 2100, 700), strict=True):
        subs[s] = grp(round(base * size * rng.uniform(0.6, 1.4)), 0.06, 0.01)
    other = grp(round(1800 * size * rng.uniform(0.7, 1.3)), 0.04, 0.01)
    nf = [sum(subs[s][i] for s in SUBS) + other[i] for i in range(6)]
    nf[3] = nf[0] + nf[1] - nf[2]
    allg = grp(round(float(v[("members", "all")]) * rng.uniform(0.97, 0.995)), 0.025, 0.012)
    fem = grp(round(allg[0] * rng.uniform(0.42, 0.48)), 0.025, 0.012)
    mig = grp(round(allg[0] * rng.uniform(0.25, 0.33)), 0.03, 0.015)
    for g, vals in [("all", allg), ("female", fem), ("migrant", mig), ("new_forms", nf)] + list(subs.items()):
        for ind, x in zip(T2_INDS, vals, strict=True):
            v[(ind, g)] = D(x)

    # 表三
    for k in T3_ROWS[1:]:
        c = 0 if (k in ("it", "health") and rng.random() < 0.4) else round(q * rng.uniform(1, 6) * size)
        if c == 0:
            vals = [0] * 10
        else:
            units = round(c * rng.uniform(2, 9))
            part = round(units * rng.uniform(40, 160))
            npub = round(part * rng.uniform(0.3, 0.8))
            key = round(c * rng.uniform(0, 0.5)) if k in ("construction", "transport", "utilities") else 0
            made = round(part * rng.uniform(0.02, 0.08))
            adopted = round(made * rng.uniform(0.3, 0.7))
            innov = round(made * rng.uniform(0.05, 0.2))
            pioneer = 0 if q == 1 else round(rng.uniform(0, 3))
            benefit = money(rng.uniform(5, 400) * 10000 * size, money_q)
            vals = [c, units, part, npub, key, made, adopted, innov, pioneer, benefit]
        for ind, x in zip(T3_INDS, vals, strict=True):
            v[(ind, k)] = D(x)
    for ind in T3_INDS:
        v[(ind, "all")] = sum(v[(ind, k)] for k in T3_ROWS[1:])

    # 表四
    per = {"living": 2500, "medical": 6000, "education": 3000, "employment": 800, "warmth": 1800,
           "frontline": 300, "other": 1000}
    for k in T4_ROWS[1:]:
        if k == "education" and q < 3:
            vals = [0] * 6
        else:
            hh = round(rng.uniform(20, 160) * size * (1 + q) / 2)
            pt = round(hh * rng.uniform(1.0, 1.6))
            amt = money(hh * per[k] * rng.uniform(0.8, 1.3), money_q)
            uf = money(float(amt) * rng.uniform(0.4, 0.7), money_q)
            fi = money(float(amt - uf) * rng.uniform(0.3, 0.8), money_q)
            do = amt - uf - fi if rng.random() < 0.7 else money(float(amt - uf - fi) * 0.5, money_q)
            vals = [hh, pt, amt, uf, fi, do]
        for ind, x in zip(T4_INDS, vals, strict=True):
            v[(ind, k)] = D(x)
    for ind in T4_INDS:
        v[(ind, "all")] = sum(v[(ind, k)] for k in T4_ROWS[1:])
    v[("hardship_households", "all")] = D(round(rng.uniform(120, 380) * size))
    v[("hardship_exited_ytd", "all")] = D(round(q * rng.uniform(3, 12) * size))
    return v


def money(x: float, quantum: Decimal) -> Decimal:
    x = D(round(x, 2))
    return (x // quantum) * quantum


def retotal(v: dict) -> None:
    for rows, inds in ((T1_ROWS, T1_INDS), (T3_ROWS, T3_INDS), (T4_ROWS, T4_INDS)):
        for ind in inds:
            v[(ind, "all")] = sum(v[(ind, k)] for k in rows[1:])


def form_obs(v: dict, form: int) -> dict:
    rows, inds, _, _ = FORMS[form]
    out = {(i, b): v[(i, b)] for b in rows for i in inds}
    if form == 4:
        out[("hardship_households", "all")] = v[("hardship_households", "all")]
        out[("hardship_exited_ytd", "all")] = v[("hardship_exited_ytd", "all")]
    return out


# ---------------------------------------------------------------------------------------------------
# file context: what is written where

FILES: list = []


class Ctx:
    def __init__(self, fname, expect, district, period, style, corrects=""):
        self.fname, self.expect, self.district, self.period = fname, expect, district, period
        self.style, self.corrects = style, corrects
        self.obs: dict = {}
        self.cells: list = []     # (sheet, row, col, factor, ind, bd)
        self.csv = None           # (encoding, delimiter) for csv files
        self.claims: list = []    # (sheet, cell, value openpyxl reads) named in a reject's style
        FILES.append(self)

    def rec(self, sheet, r, c, factor, ind, bd):
        self.cells.append((sheet, r, c, factor, ind, bd))


def shown(value: Decimal, factor: Decimal) -> Decimal:
    return value / factor


def as_float(x: Decimal) -> float:
    return float(x)


def put(ws, ctx, sheet, r, c, value, factor, ind, bd, fmt=None, style="num", zero=None):
    """write one observed value; style num (number cell) or text (a string as a person typed it)."""
    x = shown(value, factor)
    if zero is not None and x == 0:
        ws.write_string(r, c, zero, fmt)
    elif style == "num":
        ws.write_number(r, c, as_float(x), fmt)
    elif style == "text":
        ws.write_string(r, c, fmtnum(x), fmt)
    elif style == "comma":
        ws.write_string(r, c, commas(x), fmt)
    if ctx is not None and ind is not None:
        ctx.rec(sheet, r, c, factor, ind, bd)


def fmtnum(x: Decimal) -> str:
    s = format(x.normalize(), "f") if x != 0 else "0"
    return s


def commas(x: Decimal, dp=None) -> str:
    if dp is not None:
        return f"{x:,.{dp}f}"
    s = fmtnum(x)
    if "." in s:
        a, b = s.split(".")
        return f"{int(a):,}.{b}"
    return f"{int(s):,}"


def cname(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def ref(r, c) -> str:
    return f"{cname(c)}{r + 1}"


def money_fmt(wb, dp):
    return wb.add_format({"num_format": "0." + "0" * dp if dp else "0", "border": 1})


# ---------------------------------------------------------------------------------------------------
# a plain row-major table (breakdown rows, indicator columns)


def row_table(wb, ws, ctx, sheet, form, v, r0, c0, *, labels=None, headers=None, order=None,
              money_factor=WAN, money_dp=4, sum_formula=True, zero=None, text_style="num",
              cell_fmt=None, hdr_fmt=None, lbl_fmt=None, first_col_label="项目"):
    """writes header row at r0, data from r0+1; returns next free row. 合计 row is the first of order."""
    rows, inds, lbl, hdr = FORMS[form]
    labels = labels or lbl
    headers = headers or hdr
    order = order or rows
    ws.write_string(r0, c0, first_col_label, hdr_fmt)
    for j, ind in enumerate(inds):
        ws.write_string(r0, c0 + 1 + j, headers[ind], hdr_fmt)
    mfmt = wb.add_format({"num_format": "0." + "0" * money_dp if money_dp else "0", "border": 1})
    part_rows = [r0 + 1 + i for i, b in enumerate(order) if b != "all"]
    partition = form in (1, 3, 4)
    for i, b in enumerate(order):
        r = r0 + 1 + i
        ws.write_string(r, c0, labels[b], lbl_fmt)
        for j, ind in enumerate(inds):
            c = c0 + 1 + j
            fac = money_factor if ind in MONEY else ONE
            f = mfmt if ind in MONEY else cell_fmt
            x = v[(ind, b)]
            if b == "all" and sum_formula and partition and text_style == "num":
                contiguous = part_rows == list(range(part_rows[0], part_rows[0] + len(part_rows)))
                frm = (f"=SUM({ref(part_rows[0], c)}:{ref(part_rows[-1], c)})" if contiguous
                       else "=" + "+".join(ref(pr, c) for pr in part_rows))
                cached = shown(x, fac)
                ws.write_formula(r, c, frm, f, float(cached))
                ctx.rec(sheet, r, c, fac, ind, b)
            else:
                put(ws, ctx, sheet, r, c, x, fac, ind, b, f, text_style, zero)
    return r0 + 1 + len(order)


def hardship_lines(ws, ctx, sheet, v, r, c, fmt=None, style="num"):
    ws.write_string(r, c, "在档困难职工户数（户）")
    put(ws, ctx, sheet, r, c + 1, v[("hardship_households", "all")], ONE, "hardship_households", "all", fmt, style)
    ws.write_string(r + 1, c, "本年解困脱困户数（户）")
    put(ws, ctx, sheet, r + 1, c + 1, v[("hardship_exited_ytd", "all")], ONE, "hardship_exited_ytd", "all", fmt, style)
    return r + 2


FORM_TITLE = {1: "工会组织建设情况统计表", 2: "会员发展情况统计表", 3: "劳动和技能竞赛开展情况统计表",
              4: "困难职工帮扶和慰问情况统计表"}
FORM_NO = {1: "表一", 2: "表二", 3: "表三", 4: "表四"}


def make_xlsm(path: Path) -> None:
    """turn an xlsxwriter .xlsx into a VBA-free macro-enabled workbook (content type only)."""
    buf = io.BytesIO(path.read_bytes())
    zin = zipfile.ZipFile(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            zi = zipfile.ZipInfo(item.filename, date_time=(2025, 10, 14, 9, 30, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)
    path.write_bytes(out.getvalue())


def new_wb(name):
    wb = xlsxwriter.Workbook(str(OUT / name))
    wb.set_properties({"author": "统计科", "created": __import__("datetime").datetime(2025, 10, 10, 9, 0, 0)})
    return wb


# ---------------------------------------------------------------------------------------------------
# 1, 2  城中区 2025-Q3 macro-enabled template (.xlsm) with buttons, print titles, page-break preview


def cz_xlsm(v, fname, style, corrects="", fix=False):
    ctx = Ctx(fname, "accept", "chengzhong", "2025-Q3", style, corrects)
    wb = new_wb(fname)
    title = wb.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
    hdr = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter",
                         "bg_color": "#DDEBF7"})
    cell = wb.add_format({"border": 1, "num_format": "#,##0"})
    lbl = wb.add_format({"border": 1})
    guide = wb.add_worksheet("填报说明")
    guide.write_string(0, 0, "示例市总工会季度统计报表模板（2025版，启用宏）")
    guide.write_string(2, 0, "1. 只在白色单元格填报，灰色合计行由公式自动计算，请勿改动。")
    guide.write_string(3, 0, "2. 填完后点各表右上角“校验本表”按钮检查，再点“导出上报”。")
    guide.write_string(4, 0, "3. 金额单位为万元，保留四位小数。")
    guide.insert_button(6, 0, {"macro": "导出上报", "caption": "导出上报", "width": 120, "height": 30})
    suffix = "（更正）" if fix else ""
    for form in (1, 2, 3, 4):
        sh = f"{FORM_NO[form]}"
        ws = wb.add_worksheet(sh)
        rows, inds, _, _ = FORMS[form]
        ncol = len(inds) + 1
        ws.merge_range(0, 0, 0, ncol - 1, f"城中区总工会2025年度第3季度{FORM_TITLE[form]}{suffix}", title)
        ws.write_string(1, 0, f"{FORM_NO[form]}")
        ws.write_string(1, 3, "填报单位（盖章）：城中区总工会")
        ws.write_string(1, ncol - 2, "单位：个、人、万元")
        ws.set_row(2, 45)
        end = row_table(wb, ws, ctx, sh, form, v, 2, 0, cell_fmt=cell, hdr_fmt=hdr, lbl_fmt=lbl, money_dp=4)
        if form == 4:
            end = hardship_lines(ws, ctx, sh, v, end + 1, 0, cell)
        ws.write_string(end + 1, 0, "填表人：周敏　　审核人：陈建国　　联系电话：0000-6612345　　填报日期：2025年10月14日")
        ws.insert_button(0, ncol, {"macro": "校验本表", "caption": "校验本表", "width": 90, "height": 28})
        ws.insert_button(1, ncol, {"macro": "清空数据", "caption": "清空数据", "width": 90, "height": 28})
        ws.set_column(0, 0, 24)
        ws.set_column(1, ncol - 1, 12)
        ws.repeat_rows(0, 2)
        ws.print_area(0, 0, end + 1, ncol - 1)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_pagebreak_view()
        ws.set_header("&C&\"宋体,Bold\"示例市总工会统计报表")
        ws.set_footer("&C第 &P 页，共 &N 页")
        ws.freeze_panes(3, 1)
    par = wb.add_worksheet("参数")
    par.write_column(0, 0, ["城中区", "东湖区", "西山区", "南港区", "临江县", "青石县", "白沙县", "云台市", "高新区", "经开区"])
    par.hide()
    wb.close()
    make_xlsm(OUT / fname)
    for f in (1, 2, 3, 4):
        ctx.obs.update(form_obs(v, f))
    return ctx


# ---------------------------------------------------------------------------------------------------
# 3  东湖区 2026-Q2: last year's columns hidden beside this year's; sub-item rows grouped and collapsed;
#    rates written 98.5 under a (%) header; period "2026.01-06"


def dh_hidden(seed):
    fname = "东湖区总工会2026.01-06工会统计报表.xlsx"
    ctx = Ctx(fname, "accept", "donghu", "2026-Q2",
              "每个指标两栏（小表头“2026.01-06｜2025.01-06”），上年同期栏被隐藏（列宽为零）；表二新就业形态的四个分项行、"
              "表三八个行业行用分级显示（大纲）折叠起来，只露出合计；表一建会率、入会率以“98.5”这样的数写在“（%）”表头下；"
              "期别写“2026.01-06”，金额万元两位小数。")
    v = gen(seed, 2, 1.1, D(100))
    last = gen(seed + 99, 2, 1.0, D(100))
    wb = new_wb(fname)
    hdr = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"})
    cell = wb.add_format({"border": 1})
    m2 = wb.add_format({"border": 1, "num_format": "0.00"})
    p1 = wb.add_format({"border": 1, "num_format": "0.0"})
    for form in (1, 2, 3, 4):
        sh = FORM_NO[form]
        ws = wb.add_worksheet(sh)
        rows, inds, lbl, hd = FORMS[form]
        ws.write_string(0, 0, f"东湖区总工会{FORM_TITLE[form]}（2026.01-06）")
        ws.write_string(1, 0, "填报单位：东湖区总工会")
        ws.merge_range(2, 0, 3, 0, "项目", hdr)
        c = 1
        colmap = {}
        extra = [("unionization_rate", "建会率（%）"), ("membership_rate", "入会率（%）")] if form == 1 else []
        for ind in inds:
            ws.merge_range(2, c, 2, c + 1, hd[ind], hdr)
            ws.write_string(3, c, "2026.01-06", hdr)
            ws.write_string(3, c + 1, "2025.01-06", hdr)
            ws.set_column(c + 1, c + 1, None, None, {"hidden": True})
            colmap[ind] = c
            c += 2
        for key, h in extra:
            ws.merge_range(2, c, 3, c, h, hdr)
            colmap[key] = c
            c += 1
        for i, b in enumerate(rows):
            r = 4 + i
            ws.write_string(r, 0, lbl[b], cell)
            for ind in inds:
                fac = WAN if ind in MONEY else ONE
                fmt = m2 if ind in MONEY else cell
                put(ws, ctx, sh, r, colmap[ind], v[(ind, b)], fac, ind, b, fmt)
                put(ws, None, sh, r, colmap[ind] + 1, last[(ind, b)], fac, None, b, fmt)
            if form == 1:
                ut, uu = v[("units_total", b)], v[("units_unionized", b)]
                m, eu = v[("members", b)], v[("employees_in_unionized", b)]
                ws.write_number(r, colmap["unionization_rate"], round(float(uu / ut * 100), 1), p1)
                ws.write_number(r, colmap["membership_rate"], round(float(m / eu * 100), 1), p1)
            if (form == 2 and b in SUBS) or (form == 3 and b != "all"):
                ws.set_row(r, None, None, {"level": 1, "hidden": True})
        end = 4 + len(rows)
        if form == 2:
            ws.set_row(4 + T2_ROWS.index("new_forms"), None, None, {"collapsed": True})
        if form == 3:
            ws.set_row(4, None, None, {"collapsed": True})
        if form == 4:
            ws.write_string(end, 0, "在档困难职工户数（户）")
            put(ws, ctx, sh, end, 1, v[("hardship_households", "all")], ONE, "hardship_households", "all", cell)
            put(ws, None, sh, end, 2, last[("hardship_households", "all")], ONE, None, "all", cell)
            ws.write_string(end + 1, 0, "本年解困脱困户数（户）")
            put(ws, ctx, sh, end + 1, 1, v[("hardship_exited_ytd", "all")], ONE, "hardship_exited_ytd", "all", cell)
            put(ws, None, sh, end + 1, 2, last[("hardship_exited_ytd", "all")], ONE, None, "all", cell)
            end += 2
        ws.write_string(end + 1, 0, "注：灰色隐藏列为上年同期数，供同比分析用，不需填报。")
        ws.write_string(end + 2, 0, "填表人：何丽　审核人：吴强")
        ws.set_column(0, 0, 22)
        ws.outline_settings(True, False, True, False)
        ctx.obs.update(form_obs(v, form))
    wb.close()


# ---------------------------------------------------------------------------------------------------
# transposed 表三: indicators as rows, industries as columns, 合计 at the far right


def t3_transposed(wb, ws, ctx, sh, v, r0, *, money_dp=2, cell=None, hdr=None, flag=None):
    inds = T3_INDS
    cols = T3_ROWS[1:] + ["all"]
    ws.write_string(r0, 0, "指标名称", hdr)
    ws.write_string(r0, 1, "计量单位", hdr)
    units = {"competitions": "项", "units_participating": "家", "participants": "人次",
             "participants_non_public": "人次", "key_projects": "个", "suggestions_made": "条",
             "suggestions_adopted": "条", "innovations": "项", "pioneer_awards": "个", "economic_benefit": "万元"}
    names = {"competitions": "竞赛项目数", "units_participating": "参赛单位数", "participants": "参赛职工",
             "participants_non_public": "　其中：非公企业职工", "key_projects": "　其中：重点工程项目",
             "suggestions_made": "合理化建议提出", "suggestions_adopted": "合理化建议采纳实施",
             "innovations": "技术革新成果", "pioneer_awards": "工人先锋号", "economic_benefit": "创经济效益"}
    short = {"manufacturing": "制造业", "construction": "建筑业", "transport": "交通运输、仓储和邮政业",
             "utilities": "电力、热力、燃气及水生产和供应业", "it": "信息传输、软件和信息技术服务业",
             "trade": "批发和零售业", "health": "卫生和社会工作", "other": "其他", "all": "合计"}
    mfmt = wb.add_format({"border": 1, "num_format": "0." + "0" * money_dp})
    for j, b in enumerate(cols):
        ws.write_string(r0, 2 + j, short[b], hdr)
    for i, ind in enumerate(inds):
        r = r0 + 1 + i
        ws.write_string(r, 0, names[ind], cell)
        ws.write_string(r, 1, units[ind], cell)
        for j, b in enumerate(cols):
            c = 2 + j
            fac = WAN if ind in MONEY else ONE
            f = mfmt if ind in MONEY else cell
            if b == "all":
                frm = f"=SUM({ref(r, 2)}:{ref(r, c - 1)})"
                ws.write_formula(r, c, frm, f, float(shown(v[(ind, b)], fac)))
                ctx.rec(sh, r, c, fac, ind, b)
            else:
                put(ws, ctx, sh, r, c, v[(ind, b)], fac, ind, b, f)
    return r0 + 1 + len(inds)


# 4  西山区 2025-Q4: forms in reverse order, English sheet names "Table 4".."Table 1"; 表三 transposed


def xs_english(seed):
    fname = "西山区25Q4统计报表.xlsx"
    ctx = Ctx(fname, "accept", "xishan", "2025-Q4",
              "工作表按“Table 4、Table 3、Table 2、Table 1”倒序排列（英文名）；表三横竖颠倒：指标在行（带计量单位列），"
              "行业在列，“合计”列在最右边且为SUM公式；文件名写“25Q4”，标题写“2025年1-12月”；金额万元两位小数。")
    v = gen(seed, 4, 0.9, D(100))
    wb = new_wb(fname)
    hdr = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center"})
    cell = wb.add_format({"border": 1})
    for form in (4, 3, 2, 1):
        sh = f"Table {form}"
        ws = wb.add_worksheet(sh)
        ws.write_string(0, 0, f"{FORM_NO[form]}　西山区总工会{FORM_TITLE[form]}")
        ws.write_string(1, 0, "统计时段：2025年1-12月" if form in (3, 4) else "统计时点：2025年12月31日（2025年1-12月）")
        if form == 3:
            end = t3_transposed(wb, ws, ctx, sh, v, 3, money_dp=2, cell=cell, hdr=hdr)
        else:
            end = row_table(wb, ws, ctx, sh, form, v, 3, 0, cell_fmt=cell, hdr_fmt=hdr, lbl_fmt=cell, money_dp=2,
                            sum_formula=False)
            if form == 4:
                end = hardship_lines(ws, ctx, sh, v, end, 0, cell)
        ws.write_string(end + 1, 0, "填报人：孙晓光　　电话：0000-6678123")
        ws.set_column(0, 0, 26)
        ctx.obs.update(form_obs(v, form))
    wb.close()


# 5 (reject)  南港区 2025-Q2 transposed 表三 with a 其中 larger than its total


def ng_transposed_reject(seed):
    fname = "南港区2025Q2报表.xlsx"
    v = gen(seed, 2, 1.0, D(100))
    # construction: non-public participants typed 900 too high, now larger than participants
    p = v[("participants", "construction")]
    bad = p + D(900)
    wb = new_wb(fname)
    hdr = wb.add_format({"bold": True, "border": 1, "text_wrap": True})
    cell = wb.add_format({"border": 1})
    for form in (2, 1, 4, 3):
        sh = f"Table {form}"
        ws = wb.add_worksheet(sh)
        ws.write_string(0, 0, f"南港区总工会2025年1-6月{FORM_TITLE[form]}")
        if form == 3:
            vv = dict(v)
            vv[("participants_non_public", "construction")] = bad
            vv[("participants_non_public", "all")] = sum(vv[("participants_non_public", k)] for k in T3_ROWS[1:])
            t3_transposed(wb, ws, _Sink(), sh, vv, 2, cell=cell, hdr=hdr)
            # participants row is r0+1+2 = 5 (index), construction column is 2+1 = 3
            pos = ref(2 + 1 + T3_INDS.index("participants_non_public"), 3)
            pos_p = ref(2 + 1 + T3_INDS.index("participants"), 3)
        else:
            end = row_table(wb, ws, _Sink(), sh, form, v, 2, 0, cell_fmt=cell, hdr_fmt=hdr,
                            lbl_fmt=cell, money_dp=2, sum_formula=False)
            if form == 4:
                hardship_lines(ws, _Sink(), sh, v, end, 0, cell)
    wb.close()
    Ctx(fname, "reject", "nangang", "2025-Q2",
        f"拒收：表三横排（指标在行、行业在列、合计列在最右）的Table 3!{pos}（建筑业·其中：非公企业职工 {bad}人次，"
        f"多敲了900）大于同列Table 3!{pos_p}的参赛职工 {p}人次，其中数不能大于总数；工作表名Table 1–4且顺序打乱。").claims = [
        ("Table 3", pos, float(bad)), ("Table 3", pos_p, float(p))]


class _Sink:
    def rec(self, *a):
        pass


# ---------------------------------------------------------------------------------------------------
# 6  高新区 2026-Q1: tab-separated GB18030 CSV with all four forms stacked


def gx_tsv(seed):
    fname = "高新区工会2026年1-3月统计报表.csv"
    ctx = Ctx(fname, "accept", "gaoxin", "2026-Q1",
              "用制表符分隔、GB18030编码的CSV（填表人名字里有GBK没有的字“䶮”），四张表按表一至表四上下排在一个文件里，"
              "表间空一行；区名写别名“高新区工会”，期别“2026年1-3月”；金额（含表三创经济效益）都以元为单位写两位小数，零写“0”。")
    ctx.csv = ("gb18030", "\t")
    v = gen(seed, 1, 0.8, D("0.01"))
    grid: list = []

    def row(*cells):
        grid.append([str(x) for x in cells] if cells != ("",) else [])
    row("高新区工会2026年1-3月工会统计报表")
    grid.append(["填报单位：高新区工会", "", "", "", "填报日期：2026年4月8日"])
    row("")
    hdr4 = {k: h.replace("万元", "元") for k, h in T4_HDR.items()}
    hdr3 = dict(T3_HDR, economic_benefit="创经济效益（元）")
    for form in (1, 2, 3, 4):
        rows, inds, lbl, hd = FORMS[form]
        hd = {3: hdr3, 4: hdr4}.get(form, hd)
        row(f"{FORM_NO[form]}　{FORM_TITLE[form]}")
        row("项目", *[hd[i] for i in inds])
        for b in rows:
            r = len(grid)
            cells = [lbl[b]]
            for j, ind in enumerate(inds):
                x = v[(ind, b)]
                if ind in MONEY:
                    fac = ONE
                    cells.append(f"{x:.2f}")
                else:
                    fac = ONE
                    cells.append(str(x))
                ctx.rec(None, r, 1 + j, fac, ind, b)
            grid.append(cells)
        if form == 4:
            for ind, name in (("hardship_households", "在档困难职工户数（户）"), ("hardship_exited_ytd", "本年解困脱困户数（户）")):
                ctx.rec(None, len(grid), 1, ONE, ind, "all")
                row(name, v[(ind, "all")])
        row("")
        ctx.obs.update(form_obs(v, form))
    row("填表人：刘䶮", "审核人：钱卫东", "联系电话：0000-6690001")
    with open(OUT / fname, "w", encoding="gb18030", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\r\n")
        w.writerows(grid)


# ---------------------------------------------------------------------------------------------------
# 7  经开区 2025-Q3 腾讯文档 export: every number a string, no formats, alias 经济开发区, "前三季度"


def jk_tencent(seed):
    fname = "经济开发区2025年前三季度工会统计（腾讯文档导出）.xlsx"
    ctx = Ctx(fname, "accept", "jingkai", "2025-Q3",
              "腾讯文档在线表格导出的xlsx：没有任何格式，所有数字都是文本单元格（含金额“12.35”这样的万元两位小数），"
              "单位写别名“经济开发区”，期别写“2025年前三季度”（1-9月累计）；工作表名“表一组织”等，第一行就是表头、"
              "区县和期别只在第一张“信息”页（填报单位｜报告期两列）和文件名里，零值为文本“0”。")
    v = gen(seed, 3, 0.6, D(100))
    tencent_book(fname, "2025年前三季度", v, ctx)


def tencent_book(fname, period_text, v, ctx):
    wb = new_wb(fname)
    info = wb.add_worksheet("信息")
    info.write_string(0, 0, "填报单位")
    info.write_string(0, 1, "经济开发区总工会")
    info.write_string(1, 0, "报告期")
    info.write_string(1, 1, period_text)
    info.write_string(2, 0, "填报人")
    info.write_string(2, 1, "郑楠")
    names = {1: "表一组织", 2: "表二会员", 3: "表三竞赛", 4: "表四帮扶"}
    for form in (1, 2, 3, 4):
        sh = names[form]
        ws = wb.add_worksheet(sh)
        end = row_table(wb, ws, ctx, sh, form, v, 0, 0, text_style="text", sum_formula=False,
                        first_col_label="类别")
        if form == 4:
            hardship_lines(ws, ctx, sh, v, end, 0, None, "text")
        if isinstance(ctx, Ctx):
            ctx.obs.update(form_obs(v, form))
    wb.close()


def jk_tencent_reject(seed):
    fname = "经济开发区2025年四季度工会统计（腾讯文档导出）.xlsx"
    v = gen(seed, 4, 0.6, D(100))
    # 生活救助: the fiscal part typed in 元 instead of 万元 → parts far larger than the amount
    v[("aid_amount_fiscal", "living")] = v[("aid_amount_fiscal", "living")] * WAN
    retotal(v)
    pos: dict = {}
    tencent_book(fname, "2025年1-12月", v, _Pos(pos, None))
    r, c = pos[("表四帮扶", "aid_amount_fiscal", "living")]
    ra, ca = pos[("表四帮扶", "aid_amount", "living")]
    parts = sum(v[(k, "living")] for k in ("aid_amount_union_funds", "aid_amount_fiscal", "aid_amount_donations"))
    ctx = Ctx(fname, "reject", "jingkai", "2025-Q4",
              f"拒收：同一腾讯文档导出样式（数字全是文本），表四帮扶!{ref(r, c)}（生活救助·其中：财政资金）把元数"
              f"“{fmtnum(v[('aid_amount_fiscal', 'living')] / WAN)}”填进了万元栏，三项资金来源合计"
              f"{fmtnum(parts / WAN)}万元大于同行{ref(ra, ca)}帮扶金额{fmtnum(v[('aid_amount', 'living')] / WAN)}万元"
              f"（合计行同样），其中数不能大于总数。")
    ctx.claims = [("表四帮扶", ref(r, c), fmtnum(v[("aid_amount_fiscal", "living")] / WAN)),
                  ("表四帮扶", ref(ra, ca), fmtnum(v[("aid_amount", "living")] / WAN))]


# ---------------------------------------------------------------------------------------------------
# 8  南港区 2026-Q1: header repeated mid-table for the second printed page; wrapped spaced header text;
#    the two single-value lines merged across the data columns


def ng_repeat_header(seed):
    fname = "南港区总工会2026年第1季度统计报表.xlsx"
    ctx = Ctx(fname, "accept", "nangang", "2026-Q1",
              "为打印成两页，表三、表四在表中间（表三交通运输行之后、表四医疗救助行之后）插了分页符并把表头行原样再敲一遍；"
              "表头文字用空格和换行排版（“应 建 会”“单 位 数”“（个）”分三行）；合计写“合　　计”放在最后；表四下两行单项数的数值单元格横跨全部数据列合并；"
              "期别写“2026年第1季度”，金额万元四位小数。")
    v = gen(seed, 1, 1.0, D(1))
    wb = new_wb(fname)
    hdr = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"})
    cell = wb.add_format({"border": 1})
    m4 = wb.add_format({"border": 1, "num_format": "0.0000"})
    mid = wb.add_format({"border": 1, "align": "center"})
    spaced = {
        1: ["应 建 会\n单 位 数\n（个）", "已 建 会\n单 位 数\n（个）", "基层工会\n数（个）", "其中：联合\n基层工会\n（个）",
            "职 工\n人 数\n（人）", "已建会单位\n职工人数\n（人）", "会 员\n人 数\n（人）", "其中：\n女 会 员", "其中：\n农民工会员",
            "本年新建\n基层工会\n（个）"],
        2: ["期 初\n会员数", "本期新\n发展会员", "本期减\n少会员", "期 末\n会员数", "本年累计\n新发展会员", "年度发展\n任　务"],
        3: ["竞赛项目\n数（项）", "参赛单位\n数（家）", "参 赛 职 工\n（人次）", "其中：非公\n企业职工", "其中：重点\n工程项目（个）",
            "合理化建议\n提出（条）", "合理化建议\n采纳实施（条）", "技术革新\n成果（项）", "工人先锋\n号（个）", "创经济效益\n（万元）"],
        4: ["帮 扶\n户 数（户）", "帮 扶\n人 次", "帮扶金额\n（万元）", "其中：\n工会经费", "其中：\n财政资金", "其中：\n社会捐助"],
    }
    breaks = {3: "transport", 4: "medical"}
    for form in (1, 2, 3, 4):
        sh = FORM_NO[form]
        ws = wb.add_worksheet(sh)
        rows, inds, lbl, _ = FORMS[form]
        ncol = len(inds) + 1
        ws.merge_range(0, 0, 0, ncol - 1, f"南港区总工会2026年第1季度{FORM_TITLE[form]}", hdr)
        ws.write_string(1, 0, "填报单位：南港区总工会")
        ws.write_string(1, ncol - 1, "单位：万元")

        def header(r, ws=ws, form=form):
            ws.write_string(r, 0, "项　　目", hdr)
            for j, h in enumerate(spaced[form]):
                ws.write_string(r, 1 + j, h, hdr)
            ws.set_row(r, 58)
        header(2)
        r = 3
        order = rows[1:] + ["all"]
        for b in order:
            ws.write_string(r, 0, (T2_LBL_LAST if form == 2 else lbl)[b] if b != "all" else "合　　计", cell)
            for j, ind in enumerate(inds):
                fac = WAN if ind in MONEY else ONE
                put(ws, ctx, sh, r, 1 + j, v[(ind, b)], fac, ind, b, m4 if ind in MONEY else cell)
            r += 1
            if breaks.get(form) == b:
                ws.set_h_pagebreaks([r])
                header(r)
                r += 1
        if form == 4:
            for ind, name in (("hardship_households", "在档困难职工户数（户）"), ("hardship_exited_ytd", "本年解困脱困户数（户）")):
                ws.write_string(r, 0, name, cell)
                ws.merge_range(r, 1, r, ncol - 1, "", mid)
                ws.write_number(r, 1, float(v[(ind, "all")]), mid)
                ctx.rec(sh, r, 1, ONE, ind, "all")
                r += 1
        ws.write_string(r + 1, 0, "单位负责人：　　　　填表人：林涛　　报出日期：2026年4月10日")
        ws.set_column(0, 0, 22)
        ws.set_column(1, ncol - 1, 11)
        ctx.obs.update(form_obs(v, form))
    wb.close()


# ---------------------------------------------------------------------------------------------------
# 9  云台市 2025-Q2: pinyin sheet names in the order 表二 表一 表四 表三; accounting number format;
#    rates "98.5" under "（%）"


def yt_pinyin(seed):
    fname = "云台市总工会2025年1-6月统计报表.xlsx"
    ctx = Ctx(fname, "accept", "yuntai", "2025-Q2",
              "工作表名是拼音“biao2_huiyuan、biao1_zuzhi、biao4_bangfu、biao3_jingsai”，顺序为表二、表一、表四、表三；"
              "所有数字用会计专用格式（千分位、右侧留空）；表一末尾“建会率（%）”“入会率（%）”两列写98.5这样的数；"
              "表二完成年度任务（%）一列同样；总计行写“总计”放在最后；期别写“2025年1-6月”，金额万元两位小数。")
    v = gen(seed, 2, 1.0, D(100))
    wb = new_wb(fname)
    acc = wb.add_format({"num_format": '_ * #,##0_ ;_ * -#,##0_ ;_ * "-"_ ;_ @_ ', "border": 1})
    acc2 = wb.add_format({"num_format": '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "border": 1})
    hdr = wb.add_format({"bold": True, "border": 1, "text_wrap": True})
    cell = wb.add_format({"border": 1})
    p = wb.add_format({"border": 1, "num_format": "0.0"})
    names = {1: "biao1_zuzhi", 2: "biao2_huiyuan", 3: "biao3_jingsai", 4: "biao4_bangfu"}
    for form in (2, 1, 4, 3):
        sh = names[form]
        ws = wb.add_worksheet(sh)
        rows, inds, lbl, hd = FORMS[form]
        ws.write_string(0, 0, f"{FORM_NO[form]}")
        ws.write_string(1, 0, f"云台市总工会{FORM_TITLE[form]}（2025年1-6月）")
        labels = dict(T2_LBL_LAST if form == 2 else lbl)
        labels["all"] = "总计"
        order = rows[1:] + ["all"]
        r0 = 3
        ws.write_string(r0, 0, "项目", hdr)
        for j, ind in enumerate(inds):
            ws.write_string(r0, 1 + j, hd[ind], hdr)
        nxt = 1 + len(inds)
        if form == 1:
            ws.write_string(r0, nxt, "建会率（%）", hdr)
            ws.write_string(r0, nxt + 1, "入会率（%）", hdr)
        if form == 2:
            ws.write_string(r0, nxt, "完成年度任务（%）", hdr)
        for i, b in enumerate(order):
            r = r0 + 1 + i
            ws.write_string(r, 0, labels[b], cell)
            for j, ind in enumerate(inds):
                fac = WAN if ind in MONEY else ONE
                put(ws, ctx, sh, r, 1 + j, v[(ind, b)], fac, ind, b, acc2 if ind in MONEY else acc)
            if form == 1:
                ws.write_number(r, nxt, round(float(v[("units_unionized", b)] / v[("units_total", b)] * 100), 1), p)
                ws.write_number(r, nxt + 1, round(float(v[("members", b)] / v[("employees_in_unionized", b)] * 100), 1), p)
            if form == 2:
                ws.write_number(r, nxt, round(float(v[("joined_ytd", b)] / v[("joined_target", b)] * 100), 1), p)
        end = r0 + 1 + len(order)
        if form == 4:
            end = hardship_lines(ws, ctx, sh, v, end, 0, acc)
        ws.write_string(end + 1, 0, "填表人：黄海燕　审核：刘志强　2025年7月9日")
        ws.set_column(0, 0, 24)
        ws.set_column(1, 12, 13)
        ctx.obs.update(form_obs(v, form))
    wb.close()


# ---------------------------------------------------------------------------------------------------
# 10  白沙县 2024-Q2 archive re-typing of an old paper return


def bs_archive(seed):
    fname = "白沙县总工会2024年上半年统计报表（档案数字化）.xlsx"
    ctx = Ctx(fname, "accept", "baisha", "2024-Q2",
              "档案馆数字化时照纸质原件重新录入：每张表顶上有“全宗号／目录号／案卷号／件号／保管期限：永久”一行和"
              "“（原件为手写，据原件录入）”的说明，工作表名“卷3-件1”至“卷3-件4”；表一、表二期别写“2024年6月末”，"
              "表三、表四写“2024年1～6月”（波浪号）；合计行在最后、写“合  计”；原件空格处录成空单元格；金额万元两位小数。")
    v = gen(seed, 2, 0.7, D(100))
    wb = new_wb(fname)
    cell = wb.add_format({"border": 1})
    hdr = wb.add_format({"border": 1, "bold": True, "text_wrap": True})
    for form in (1, 2, 3, 4):
        sh = f"卷3-件{form}"
        ws = wb.add_worksheet(sh)
        rows, inds, lbl, hd = FORMS[form]
        ws.write_string(0, 0, f"全宗号：J087　目录号：2　案卷号：3　件号：{form}　保管期限：永久")
        ws.write_string(1, 0, "（原件为手写，据原件录入，录入人：档案科 马丽　校对：赵刚）")
        when = "2024年6月末" if form in (1, 2) else "2024年1～6月"
        ws.write_string(3, 0, f"{FORM_NO[form]}　白沙县总工会{FORM_TITLE[form]}")
        ws.write_string(4, 0, f"统计期：{when}")
        labels = dict(T2_LBL_LAST if form == 2 else lbl)
        labels["all"] = "合  计"
        r0 = 5
        ws.write_string(r0, 0, "项目", hdr)
        for j, ind in enumerate(inds):
            ws.write_string(r0, 1 + j, hd[ind], hdr)
        order = rows[1:] + ["all"]
        m2 = wb.add_format({"border": 1, "num_format": "0.00"})
        for i, b in enumerate(order):
            r = r0 + 1 + i
            ws.write_string(r, 0, labels[b], cell)
            for j, ind in enumerate(inds):
                fac = WAN if ind in MONEY else ONE
                x = v[(ind, b)]
                if x == 0:
                    ws.write_blank(r, 1 + j, None, cell)
                    ctx.rec(sh, r, 1 + j, fac, ind, b)
                else:
                    put(ws, ctx, sh, r, 1 + j, x, fac, ind, b, m2 if ind in MONEY else cell)
        end = r0 + 1 + len(order)
        if form == 4:
            end = hardship_lines(ws, ctx, sh, v, end, 0, cell)
        ws.write_string(end + 1, 0, "原件落款：白沙县总工会（章）　二〇二四年七月八日")
        ws.set_column(0, 0, 22)
        ctx.obs.update(form_obs(v, form))
    wb.close()


# ---------------------------------------------------------------------------------------------------
# 11  青石县 2026-Q3: transposed 表一 and 表二 with 合计 column at the far right


def qs_right_total(seed):
    fname = "青石县2026年1-9月统计报表.xlsx"
    ctx = Ctx(fname, "accept", "qingshi", "2026-Q3",
              "表一、表二横排：指标在行，单位类型（或会员类别）在列，“合计”一列放在最右边（表一为SUM公式）；"
              "表三、表四照常竖排但合计行也在最后；标题写“2026年9月末”（表一、表二）和“2026年1-9月”（表三、表四），"
              "金额万元四位小数。")
    v = gen(seed, 3, 1.0, D(1))
    wb = new_wb(fname)
    cell = wb.add_format({"border": 1})
    hdr = wb.add_format({"border": 1, "bold": True, "text_wrap": True})
    m4 = wb.add_format({"border": 1, "num_format": "0.0000"})
    for form in (1, 2, 3, 4):
        sh = FORM_NO[form]
        ws = wb.add_worksheet(sh)
        rows, inds, lbl, hd = FORMS[form]
        when = "2026年9月末" if form in (1, 2) else "2026年1-9月"
        ws.write_string(0, 0, f"青石县总工会{FORM_TITLE[form]}（{when}）")
        if form in (1, 2):
            cols = rows[1:] + ["all"]
            ws.write_string(2, 0, "指标", hdr)
            for j, b in enumerate(cols):
                ws.write_string(2, 1 + j, lbl[b].replace("其中：", "") if b != "all" else "合计", hdr)
            for i, ind in enumerate(inds):
                r = 3 + i
                ws.write_string(r, 0, hd[ind], cell)
                for j, b in enumerate(cols):
                    c = 1 + j
                    if b == "all" and form == 1:
                        ws.write_formula(r, c, f"=SUM({ref(r, 1)}:{ref(r, c - 1)})", cell, float(v[(ind, b)]))
                        ctx.rec(sh, r, c, ONE, ind, b)
                    else:
                        put(ws, ctx, sh, r, c, v[(ind, b)], ONE, ind, b, cell)
            end = 3 + len(inds)
        else:
            labels = dict(lbl)
            order = rows[1:] + ["all"]
            ws.write_string(2, 0, "项目", hdr)
            for j, ind in enumerate(inds):
                ws.write_string(2, 1 + j, hd[ind], hdr)
            for i, b in enumerate(order):
                r = 3 + i
                ws.write_string(r, 0, labels[b], cell)
                for j, ind in enumerate(inds):
                    fac = WAN if ind in MONEY else ONE
                    put(ws, ctx, sh, r, 1 + j, v[(ind, b)], fac, ind, b, m4 if ind in MONEY else cell)
            end = 3 + len(order)
            if form == 4:
                end = hardship_lines(ws, ctx, sh, v, end, 0, cell)
        if form == 2:
            ws.write_string(end, 0, "注：女职工、农民工、新就业形态劳动者为其中数，四类新就业形态劳动者为新就业形态劳动者的其中数。")
        ws.write_string(end + 1, 0, "填表人：冯倩　联系电话：0000-6633210")
        ws.set_column(0, 0, 26)
        ctx.obs.update(form_obs(v, form))
    wb.close()


# ---------------------------------------------------------------------------------------------------
# rejects in the plain layout


def plain_book(fname, district_name, title_period, v, *, mutate=None, sheetnames=None, money_dp=2,
               numfmt=None, date_line="填报日期：2025年10月12日", ctx=None):
    wb = new_wb(fname)
    hdr = wb.add_format({"bold": True, "border": 1, "text_wrap": True})
    cell = wb.add_format({"border": 1, **({"num_format": numfmt} if numfmt else {})})
    pos = {}
    for form in (1, 2, 3, 4):
        sh = (sheetnames or FORM_NO)[form]
        ws = wb.add_worksheet(sh)
        ws.write_string(0, 0, f"{FORM_NO[form]}")
        ws.write_string(1, 0, f"{district_name}{title_period}{FORM_TITLE[form]}")
        ws.write_string(2, 0, f"填报单位（盖章）：{district_name}")
        ws.write_string(2, 6, date_line)
        sink = _Pos(pos, sh, ctx)
        end = row_table(wb, ws, sink, sh, form, v, 3, 0, cell_fmt=cell, hdr_fmt=hdr, lbl_fmt=cell, money_dp=money_dp,
                        sum_formula=True)
        if form == 4:
            end = hardship_lines(ws, sink, sh, v, end, 0, cell)
        if mutate:
            mutate(wb, ws, form, pos, cell)
        ws.write_string(end + 1, 0, "填表人：　　　审核人：　　　联系电话：")
        ws.set_column(0, 0, 22)
        if ctx is not None:
            ctx.obs.update(form_obs(v, form))
    wb.close()
    return pos


class _Pos:
    def __init__(self, pos, sh, ctx=None):
        self.pos, self.sh, self.ctx = pos, sh, ctx

    def rec(self, sheet, r, c, factor, ind, bd):
        self.pos[(sheet, ind, bd)] = (r, c)
        if self.ctx is not None:
            self.ctx.rec(sheet, r, c, factor, ind, bd)


def lj_accounting_negative(seed):
    fname = "临江县2025年四季度统计报表.xlsx"
    v = gen(seed, 4, 1.0, D(100))
    v[("unions_new_ytd", "collective")] = D(0)
    retotal(v)
    acct = '_ * #,##0_ ;_ * (#,##0)_ ;_ * "-"_ ;_ @_ '
    info = {}

    def mutate(wb, ws, form, pos, cell):
        if form != 1:
            return
        f = wb.add_format({"border": 1, "num_format": acct})
        r, c = pos[("表一", "unions_new_ytd", "collective")]
        ws.write_number(r, c, -2, f)
        info["cell"] = ref(r, c)
        ra, ca = pos[("表一", "unions_new_ytd", "all")]
        tot = float(v[("unions_new_ytd", "all")] - 2)
        part = [pos[("表一", "unions_new_ytd", k)][0] for k in T1_ROWS[1:]]
        ws.write_formula(ra, ca, f"=SUM({ref(part[0], ca)}:{ref(part[-1], ca)})", f, tot)
        info["total"] = ref(ra, ca)
        info["tot"] = tot
    plain_book(fname, "临江县总工会", "2025年1-12月", v, mutate=mutate, numfmt=acct,
               date_line="填报日期：2026年1月12日")
    ctx = Ctx(fname, "reject", "linjiang", "2025-Q4",
              f"拒收：全表用会计专用格式，表一!{info['cell']}（集体企业·本年新建基层工会数）填的是-2（两家集体企业工会撤并，"
              f"填表人把净减少数填了进去），显示为“(2)”，括号是会计格式的负号，新建工会数不能为负；合计表一!{info['total']}"
              f"随之少2。")
    ctx.claims = [("表一", info["cell"], -2), ("表一", info["total"], info["tot"])]
    # the resubmission: same layout, the cell is now a real 0 that the accounting format shows as "-"
    fname2 = "临江县2025年四季度统计报表（重报）.xlsx"
    ctx2 = Ctx(fname2, "accept", "linjiang", "2025-Q4",
               "上一份因集体企业新建工会数填-2被拒收（未入库，故不算更正）后的重报：同样的会计专用格式，该格改为0、"
               "由数字格式显示成“-”（是数字0，不是空白），合计行为SUM公式，期别“2025年1-12月”，金额万元两位小数。")
    plain_book(fname2, "临江县总工会", "2025年1-12月", v, numfmt=acct, date_line="填报日期：2026年1月16日", ctx=ctx2)


def bs_value_error(seed):
    fname = "白沙县2025年第四季度统计报表.xlsx"
    v = gen(seed, 4, 0.7, D(100))
    info = {}

    def mutate(wb, ws, form, pos, cell):
        if form != 2:
            return
        r, c = pos[("表二", "members_left", "courier")]
        ws.write_string(r, c, "12 人")
        re_, ce = pos[("表二", "members_end", "courier")]
        rs, cs = pos[("表二", "members_start", "courier")]
        rj, cj = pos[("表二", "members_joined", "courier")]
        ws.write_formula(re_, ce, f"={ref(rs, cs)}+{ref(rj, cj)}-{ref(r, c)}", cell, "#VALUE!")
        info["cell"], info["src"] = ref(re_, ce), ref(r, c)
    plain_book(fname, "白沙县总工会", "2025年第四季度", v, mutate=mutate, date_line="填报日期：2026年1月10日")
    Ctx(fname, "reject", "baisha", "2025-Q4",
        f"拒收：表二!{info['cell']}（快递员·期末会员数）是公式“=期初+新发展-减少”，因表二!{info['src']}减少会员写成文字"
        f"“12 人”，缓存值是#VALUE!；错误值不是数字，文字“12 人”也须改成数字12。").claims = [
        ("表二", info["cell"], "#VALUE!"), ("表二", info["src"], "12 人")]


def dh_no_year(seed):
    fname = "东湖区第三季度工会统计报表.xlsx"
    v = gen(seed, 3, 1.1, D(100))
    plain_book(fname, "东湖区总工会", "第三季度", v, date_line="填报日期：10月12日")
    Ctx(fname, "reject", "donghu", "",
        "拒收：文件名、各表标题（如表一!A2“东湖区总工会第三季度工会组织建设情况统计表”）和填报日期（表一!G3“10月12日”）"
        "都没有年份，看不出是哪一年的第三季度，期别无法确定；不能按上传时间猜年份。").claims = [
        ("表一", "A2", "东湖区总工会第三季度工会组织建设情况统计表"), ("表一", "G3", "填报日期：10月12日")]


def qs_duplicate_form(seed):
    fname = "青石县2026年一季度统计报表.xlsx"
    v = gen(seed, 1, 1.0, D(100))
    v2 = dict(v)
    for g, d in (("all", 37), ("female", 12), ("new_forms", 9), ("courier", 9)):
        v2[("members_joined", g)] += d
        v2[("members_end", g)] += d
        v2[("joined_ytd", g)] += d
    wb = new_wb(fname)
    ws = wb.add_worksheet("2026年1季度")
    hdr = wb.add_format({"bold": True, "border": 1, "text_wrap": True})
    cell = wb.add_format({"border": 1})
    r = 0
    firsts = []
    blocks = [(1, v), (2, v), (3, v), (4, v), (2, v2)]
    for form, vv in blocks:
        ws.write_string(r, 0, f"{FORM_NO[form]}　青石县总工会2026年第一季度{FORM_TITLE[form]}")
        ws.write_string(r + 1, 0, "填报单位：青石县总工会　　2026年1-3月")
        sh = "2026年1季度"
        p: dict = {}
        end = row_table(wb, ws, _Pos(p, sh), sh, form, vv, r + 2, 0, cell_fmt=cell, hdr_fmt=hdr, lbl_fmt=cell,
                        money_dp=2, sum_formula=False)
        if form == 4:
            end = hardship_lines(ws, _Sink(), sh, vv, end, 0, cell)
        if form == 2:
            firsts.append((r, p[(sh, "members_joined", "all")]))
        r = end + 3
    ws.write_string(r, 0, "填表人：曹颖　　联系电话：0000-6655789")
    wb.close()
    (t1, c1), (t2, c2) = firsts
    Ctx(fname, "reject", "qingshi", "2026-Q1",
        f"拒收：四张表叠在一张工作表“2026年1季度”上，表二出现两次（A{t1 + 1} 和 A{t2 + 1} 标题相同，都是青石县2026年第一季度），"
        f"数字不一致（合计本期新发展会员 {ref(*c1)} 为{v[('members_joined', 'all')]}，{ref(*c2)} 为"
        f"{v2[('members_joined', 'all')]}）：改后的表粘在了旧表下面，旧表没删，无法判断哪张为准。").claims = [
        ("2026年1季度", ref(*c1), float(v[("members_joined", "all")])),
        ("2026年1季度", ref(*c2), float(v2[("members_joined", "all")])),
        ("2026年1季度", f"A{t1 + 1}", f"表二　青石县总工会2026年第一季度{FORM_TITLE[2]}"),
        ("2026年1季度", f"A{t2 + 1}", f"表二　青石县总工会2026年第一季度{FORM_TITLE[2]}")]


# ---------------------------------------------------------------------------------------------------
# verification


def parse_cell(x) -> Decimal:
    if x is None or x == "":
        return Decimal(0)
    if isinstance(x, bool):
        raise ValueError(x)
    if isinstance(x, (int, float)):
        return Decimal(format(float(x), ".15g"))
    s = str(x).strip().replace(",", "")
    if s in ("-", "—", "/", ""):
        return Decimal(0)
    return Decimal(s)


def verify(ctx) -> int:
    bad = 0
    if ctx.expect != "accept":
        return 0
    if ctx.csv:
        enc, delim = ctx.csv
        with open(OUT / ctx.fname, encoding=enc, newline="") as fh:
            grid = list(csv.reader(fh, delimiter=delim))
        get = lambda sh, r, c: grid[r][c]  # noqa: E731
    else:
        wb = CalamineWorkbook.from_path(str(OUT / ctx.fname))
        cache = {}

        def get(sh, r, c):
            if sh not in cache:
                cache[sh] = wb.get_sheet_by_name(sh).to_python(skip_empty_area=False)
            rows = cache[sh]
            if r >= len(rows) or c >= len(rows[r]):
                return None
            return rows[r][c]
    seen = set()
    for sh, r, c, fac, ind, bd in ctx.cells:
        raw = get(sh, r, c)
        got = parse_cell(raw) * fac
        want = ctx.obs[(ind, bd)]
        seen.add((ind, bd))
        if got != want:
            bad += 1
            print("MISMATCH", ctx.fname, sh, ref(r, c), ind, bd, repr(raw), got, want)
    missing = set(ctx.obs) - seen
    if missing:
        bad += 1
        print("NOT WRITTEN", ctx.fname, sorted(missing)[:5])
    return bad


def check_claims(ctx) -> int:
    """the cells a reject's style names hold what the style says (openpyxl: cached values, errors as text)."""
    if not ctx.claims:
        return 0 if ctx.expect == "accept" else 1
    import openpyxl
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


def check_hard(ctx):
    v = ctx.obs
    errs = []
    for k, x in v.items():
        if x < 0:
            errs.append((k, "negative"))
    pairs = [("members_female", "members"), ("members_migrant", "members"), ("unions_joint", "unions"),
             ("units_unionized", "units_total"), ("participants_non_public", "participants"),
             ("key_projects", "competitions"), ("suggestions_adopted", "suggestions_made")]
    for bd in {b for _, b in v}:
        for a, b in pairs:
            if (a, bd) in v and (b, bd) in v and v[(a, bd)] > v[(b, bd)]:
                errs.append((a, bd))
        if ("aid_amount", bd) in v:
            parts = sum(v[(p, bd)] for p in ("aid_amount_union_funds", "aid_amount_fiscal", "aid_amount_donations"))
            if parts > v[("aid_amount", bd)]:
                errs.append(("aid parts", bd))
    for ind in T2_INDS:
        if (ind, "all") in v:
            for g in ("female", "migrant", "new_forms"):
                if v[(ind, g)] > v[(ind, "all")]:
                    errs.append((ind, g))
            if sum(v[(ind, s)] for s in SUBS) > v[(ind, "new_forms")]:
                errs.append((ind, "subs"))
    for rows, inds in ((T1_ROWS, T1_INDS), (T3_ROWS, T3_INDS), (T4_ROWS, T4_INDS)):
        for ind in inds:
            if (ind, "all") in v and sum(v[(ind, k)] for k in rows[1:]) != v[(ind, "all")]:
                errs.append((ind, "sum"))
    return errs


def fmt_dec(x: Decimal) -> str:
    if x == x.to_integral_value():
        return str(int(x))
    return format(x.normalize(), "f")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for p in OUT.iterdir():
        p.unlink()

    v = gen(2025301, 3, 1.3, D(1))
    cz_xlsm(v, "城中区2025年度第3季度统计报表（市总模板）.xlsm",
            "市总下发的启用宏模板（.xlsm，无VBA工程）：首页“填报说明”带“导出上报”按钮，各表右上角有“校验本表”“清空数据”"
            "表单按钮，设置了打印标题行、分页预览视图、页眉页脚、冻结窗格，隐藏“参数”页放区县下拉列表；合计行在第一行为SUM公式；"
            "期别写“2025年度第3季度”，金额万元四位小数。")
    v2 = dict(v)
    v2[("members", "non_public")] += 146
    v2[("members_female", "non_public")] += 61
    v2[("employees_in_unionized", "non_public")] += 150
    v2[("employees", "non_public")] += 150
    v2[("aid_amount", "warmth")] += D("18600")
    v2[("aid_amount_fiscal", "warmth")] += D("18600")
    v2[("innovations", "manufacturing")] += 3
    retotal(v2)
    cz_xlsm(v2, "城中区2025年度第3季度统计报表（市总模板）（更正）.xlsm",
            "同一启用宏模板的更正版（标题加“（更正）”）：表一非公有制企业补录一家企业的职工、会员和女会员，表三制造业技术革新成果"
            "加3项，表四送温暖慰问补录财政资金1.86万元，合计公式随之变化，其余不变。",
            corrects="城中区2025年度第3季度统计报表（市总模板）.xlsm", fix=True)
    dh_hidden(2026201)
    xs_english(2025401)
    gx_tsv(2026101)
    jk_tencent(2025302)
    ng_repeat_header(2026102)
    yt_pinyin(2025202)
    bs_archive(2024201)
    qs_right_total(2026301)
    ng_transposed_reject(2025203)
    lj_accounting_negative(2025402)
    bs_value_error(2025403)
    dh_no_year(2025303)
    qs_duplicate_form(2026103)
    jk_tencent_reject(2025404)

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
            for (ind, bd), x in ctx.obs.items():
                w.writerow([ctx.fname, ctx.district, ctx.period, ind, bd, fmt_dec(x)])
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
