"""Foreign corpus "stats_office": returns laid out like official statistical forms (统计报表制度 style).

Persona: staff of district federations trained by the 统计局, working in Microsoft Excel with formulas:
表号/制定机关/批准文号 header blocks, a 栏次 row (甲 | 乙 | 1 | 2 …), a 代码 column, 计量单位 rows or
columns, several forms stacked on one sheet, numbered row labels, 合计 rows as SUM formulas whose cached
values carry binary float noise, money in 万元 with 2–4 decimals.

Written from the data contract (DOMAIN.md) only; the product's parser was never read.

Run from /work/main:  .venv/bin/python -m tests.foreign.stats_office.build
Writes files/*, expected.csv and manifest.csv, then reads every file back with python-calamine and
checks that each expected observation is what the cell shows (no product code is used).

Only xlsxwriter, xlwt and python-calamine from the project's venv are needed (no odfpy).
"""
from __future__ import annotations

import csv
import random
from datetime import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import xlsxwriter
import xlwt
from xlsxwriter.utility import xl_rowcol_to_cell as cell_ref

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"

DERIVED = {"unionization_rate", "membership_rate", "target_progress", "industries_covered"}
MONEY = {"aid_amount", "aid_amount_union_funds", "aid_amount_fiscal", "aid_amount_donations",
         "economic_benefit"}

F1_BD = ["government", "institution", "soe", "collective", "non_public", "social_org"]
F1_NAME = {"government": "机关", "institution": "事业单位", "soe": "国有企业", "collective": "集体企业",
           "non_public": "非公有制企业", "social_org": "社会组织"}
F2_BD = ["female", "migrant", "new_forms", "truck", "courier", "delivery", "ride_hailing"]
F3_BD = ["manufacturing", "construction", "transport", "utilities", "it", "trade", "health", "other"]
F3_NAME = {"manufacturing": "制造业", "construction": "建筑业", "transport": "交通运输、仓储和邮政业",
           "utilities": "电力、热力、燃气及水生产和供应业", "it": "信息传输、软件和信息技术服务业",
           "trade": "批发和零售业", "health": "卫生和社会工作", "other": "其他"}
F4_BD = ["living", "medical", "education", "employment", "warmth", "frontline", "other"]
F4_NAME = {"living": "生活救助", "medical": "医疗救助", "education": "助学救助（金秋助学）",
           "employment": "就业帮扶", "warmth": "送温暖慰问", "frontline": "一线职工慰问", "other": "其他"}

CN_NUM = "一二三四五六七八九十"


def label_numbered(names, style):
    out = []
    for i, n in enumerate(names):
        if style == "arabic":
            out.append(f"{i + 1}.{n}")
        elif style == "paren":
            out.append(f"（{CN_NUM[i]}）{n}")
        elif style == "cn":
            out.append(f"{CN_NUM[i]}、{n}")
        else:
            out.append(n)
    return out


# ----------------------------------------------------------------------------------------------------
# data generation (counts as int, money as int 元)
# ----------------------------------------------------------------------------------------------------

def U(rng, a, b):
    return rng.uniform(a, b)


def gen_f1(rng, scale, q):
    prof = {  # units, unionized rate, employees per unit, female, migrant, unions/unionized, joint share, new/yr
        "government": (70, (0.97, 1.0), 38, (0.40, 0.50), (0.0, 0.0), (0.95, 1.0), 0.0, 2),
        "institution": (200, (0.94, 0.99), 55, (0.50, 0.62), (0.01, 0.04), (0.93, 0.99), 0.0, 6),
        "soe": (55, (0.95, 1.0), 240, (0.28, 0.38), (0.10, 0.22), (0.95, 1.0), 0.0, 3),
        "collective": (45, (0.80, 0.92), 48, (0.35, 0.48), (0.25, 0.40), (0.85, 0.95), 0.05, 3),
        "non_public": (760, (0.74, 0.88), 105, (0.36, 0.46), (0.40, 0.60), (0.55, 0.70), 0.14, 60),
        "social_org": (90, (0.48, 0.70), 14, (0.50, 0.65), (0.05, 0.15), (0.45, 0.65), 0.35, 12),
    }
    d = {}
    for bd, (units, rr, epu, fr, mr, ur, js, new) in prof.items():
        tot = max(3, round(units * scale * U(rng, 0.85, 1.15)))
        uni = min(tot, round(tot * U(rng, *rr)))
        unions = max(1, round(uni * U(rng, *ur)))
        joint = round(unions * js * U(rng, 0.8, 1.2))
        emp = round(tot * epu * U(rng, 0.85, 1.15))
        eiu = min(emp, round(emp * min(1.0, uni / tot * U(rng, 1.0, 1.08))))
        mem = round(eiu * U(rng, 0.92, 0.985))
        d[bd] = dict(units_total=tot, units_unionized=uni, unions=unions, unions_joint=joint, employees=emp,
                     employees_in_unionized=eiu, members=mem, members_female=round(mem * U(rng, *fr)),
                     members_migrant=round(mem * U(rng, *mr)),
                     unions_new_ytd=round(new * scale * q / 4 * U(rng, 0.6, 1.3)))
    d["all"] = {k: sum(d[b][k] for b in F1_BD) for k in d["government"]}
    return d


def gen_f2(rng, f1all, q):
    """表二 consistent with 表一: 期末会员 = 表一会员数, 女职工/农民工期末 = 表一女会员/农民工会员."""
    members_end = f1all["members"]
    a = {}
    a["members_end"] = members_end
    a["members_joined"] = round(members_end * U(rng, 0.012, 0.02))
    a["members_left"] = round(members_end * U(rng, 0.004, 0.008))
    a["members_start"] = members_end - a["members_joined"] + a["members_left"]
    a["joined_ytd"] = round(a["members_joined"] * (q - 1) * U(rng, 0.85, 1.1)) + a["members_joined"]
    a["joined_target"] = round(members_end * U(rng, 0.045, 0.06), -2)
    ytd_ratio = a["joined_ytd"] / a["members_joined"]
    d = {"all": a}
    shares = {"female": (0.40, 0.50), "migrant": (0.35, 0.45), "new_forms": (0.25, 0.35)}
    ends = {"female": f1all["members_female"], "migrant": f1all["members_migrant"],
            "new_forms": round(members_end * U(rng, 0.06, 0.10))}
    for g, (f0, f1) in shares.items():
        fs = U(rng, f0, f1)
        r = dict(members_joined=round(a["members_joined"] * fs),
                 members_left=round(a["members_left"] * ends[g] / members_end * U(rng, 0.9, 1.3)),
                 members_end=ends[g])
        r["members_start"] = r["members_end"] - r["members_joined"] + r["members_left"]
        r["joined_ytd"] = r["members_joined"] if q == 1 else round(r["members_joined"] * ytd_ratio * U(rng, 0.97, 1.03))
        r["joined_target"] = 0 if g != "new_forms" else round(a["joined_target"] * U(rng, 0.3, 0.4), -1)
        d[g] = r
    nf = d["new_forms"]
    for g, (s0, s1) in {"truck": (0.18, 0.24), "courier": (0.18, 0.24), "delivery": (0.26, 0.32),
                        "ride_hailing": (0.12, 0.17)}.items():
        sh = U(rng, s0, s1)
        r = dict(members_start=int(nf["members_start"] * sh), members_joined=int(nf["members_joined"] * sh),
                 members_left=int(nf["members_left"] * sh))
        r["members_end"] = r["members_start"] + r["members_joined"] - r["members_left"]
        r["joined_ytd"] = int(nf["joined_ytd"] * sh)
        r["joined_target"] = int(nf["joined_target"] * sh / 10) * 10
        d[g] = r
    return d


F3_BASE = {"manufacturing": 36, "construction": 22, "transport": 9, "utilities": 6, "it": 4, "trade": 5,
           "health": 6, "other": 4}
F3_KEY = {"manufacturing": 0.15, "construction": 0.5, "transport": 0.3, "utilities": 0.3}
F3_NONPUB = {"utilities": (0.05, 0.15), "health": (0.15, 0.3), "transport": (0.3, 0.5)}
F3_BEN = {"manufacturing": 15_000_000, "construction": 6_000_000, "transport": 2_500_000,
          "utilities": 3_000_000, "it": 1_200_000, "trade": 400_000, "health": 300_000, "other": 200_000}


def rq(x, quant):
    return int(round(x / quant)) * quant


def gen_f3(rng, scale, q, quant, frac=None):
    f = frac if frac is not None else [0.35, 0.65, 0.88, 1.0][q - 1]
    d = {}
    for bd in F3_BD:
        comp = max(1, round(F3_BASE[bd] * scale * f * U(rng, 0.8, 1.2)))
        units = round(comp * U(rng, 3, 7))
        part = round(units * U(rng, 50, 160))
        sug = round(part * U(rng, 0.03, 0.08))
        d[bd] = dict(competitions=comp, units_participating=units, participants=part,
                     participants_non_public=round(part * U(rng, *F3_NONPUB.get(bd, (0.35, 0.75)))),
                     key_projects=min(comp, round(comp * F3_KEY.get(bd, 0) * U(rng, 0.8, 1.2))),
                     suggestions_made=sug, suggestions_adopted=round(sug * U(rng, 0.35, 0.6)),
                     innovations=round(sug * U(rng, 0.05, 0.12)),
                     pioneer_awards=rng.choice([0, 0, 1, 1, 2, 3]) if bd in ("manufacturing", "construction",
                                                                             "transport") else rng.choice([0, 0, 0, 1]),
                     economic_benefit=rq(F3_BEN[bd] * scale * f * U(rng, 0.7, 1.3), quant))
    d["all"] = {k: sum(d[b][k] for b in F3_BD) for k in d["manufacturing"]}
    return d


F4_FRAC = {"living": [0.25, 0.5, 0.75, 1.0], "medical": [0.25, 0.5, 0.75, 1.0], "education": [0, 0, 0.9, 1.0],
           "employment": [0.25, 0.5, 0.75, 1.0], "warmth": [0.75, 0.8, 0.85, 1.0],
           "frontline": [0.2, 0.35, 0.8, 1.0], "other": [0.2, 0.45, 0.7, 1.0]}
F4_PROF = {  # households/yr, persons per household, 元 per person-time
    "living": (260, (1.0, 1.3), (1500, 2600)), "medical": (110, (1.0, 1.2), (3000, 8000)),
    "education": (110, (1.0, 1.0), (2000, 4000)), "employment": (45, (1.0, 1.1), (500, 1000)),
    "warmth": (650, (1.0, 1.0), (1500, 2500)), "frontline": (0, (0, 0), (200, 450)),
    "other": (30, (1.0, 1.2), (800, 1500)),
}


def gen_f4(rng, scale, q, quant):
    d = {}
    for bd in F4_BD:
        hh_yr, ppl, per = F4_PROF[bd]
        f = F4_FRAC[bd][q - 1]
        if bd == "frontline":
            hh, pt = 0, round(4200 * scale * f * U(rng, 0.8, 1.2))
        else:
            hh = round(hh_yr * scale * f * U(rng, 0.8, 1.2))
            pt = round(hh * U(rng, *ppl))
        amt = rq(pt * U(rng, *per), quant)
        if bd == "frontline":
            u, fi = amt, 0
        elif bd == "employment":
            u = rq(amt * U(rng, 0.3, 0.45), quant)
            fi = rq(amt * U(rng, 0.45, 0.6), quant)
        else:
            u = rq(amt * U(rng, 0.5, 0.68), quant)
            fi = rq(amt * U(rng, 0.2, 0.34), quant)
        fi = min(fi, amt - u)
        don = amt - u - fi
        assert don >= 0
        d[bd] = dict(aid_households=hh, aid_person_times=pt, aid_amount=amt, aid_amount_union_funds=u,
                     aid_amount_fiscal=fi, aid_amount_donations=don)
    d["all"] = {k: sum(d[b][k] for b in F4_BD) for k in d["living"]}
    lines = dict(hardship_households=round(330 * scale * U(rng, 0.8, 1.2)),
                 hardship_exited_ytd=round(48 * scale * q / 4 * U(rng, 0.7, 1.3)))
    return d, lines


def gen_all(key, scale, q, quant=1, quant3=100):
    rng = random.Random(key)
    f1 = gen_f1(rng, scale, q)
    f2 = gen_f2(rng, f1["all"], q)
    f3 = gen_f3(rng, scale, q, quant3)
    f4, lines = gen_f4(rng, scale, q, quant)
    return {1: f1, 2: f2, 3: f3, 4: f4, "lines": lines}


def check_hard(data):
    f1 = data.get(1)
    if f1:
        for bd, r in f1.items():
            assert r["units_unionized"] <= r["units_total"], bd
            assert r["unions_joint"] <= r["unions"], bd
            assert r["members_female"] <= r["members"] and r["members_migrant"] <= r["members"], bd
    f2 = data.get(2)
    if f2:
        for k in f2["all"]:
            subs = sum(f2[g][k] for g in ("truck", "courier", "delivery", "ride_hailing"))
            assert subs <= f2["new_forms"][k] <= f2["all"][k], k
            assert f2["female"][k] <= f2["all"][k] and f2["migrant"][k] <= f2["all"][k], k
    f3 = data.get(3)
    if f3:
        for bd, r in f3.items():
            assert r["participants_non_public"] <= r["participants"], bd
            assert r["suggestions_adopted"] <= r["suggestions_made"], bd
            assert r["key_projects"] <= r["competitions"], bd
    f4 = data.get(4)
    if f4:
        for bd, r in f4.items():
            assert r["aid_amount_union_funds"] + r["aid_amount_fiscal"] + r["aid_amount_donations"] <= r["aid_amount"]
    for d in data.values():
        if isinstance(d, dict):
            for r in d.values():
                for v in (r.values() if isinstance(r, dict) else [r]):
                    assert v >= 0


# ----------------------------------------------------------------------------------------------------
# number helpers
# ----------------------------------------------------------------------------------------------------

def dec_str(d: Decimal) -> str:
    d = d.normalize()
    s = format(d, "f")
    return s


def excel_display(x: float) -> Decimal:
    """What Excel / WPS show for a cached double: 15 significant digits."""
    return Decimal(format(x, ".15g"))


def disp_money(yuan: int, unit: str, ndec: int) -> float:
    if unit == "元":
        return float(yuan)
    v = Decimal(yuan) / Decimal(10000)
    assert v == round(v, ndec), (yuan, ndec)
    return float(v)


# ----------------------------------------------------------------------------------------------------
# sheet wrappers
# ----------------------------------------------------------------------------------------------------

class XSheet:
    """xlsxwriter worksheet with a format cache."""

    def __init__(self, wb, ws, name):
        self.wb, self.ws, self.name = wb, ws, name
        self._fmts = {}
        self.can_formula = True

    def fmt(self, **p):
        base = dict(font_name="宋体", font_size=10, valign="vcenter")
        base.update({k: v for k, v in p.items() if v is not None})
        key = tuple(sorted(base.items()))
        if key not in self._fmts:
            self._fmts[key] = self.wb.add_format(base)
        return self._fmts[key]

    def write(self, r, c, v, **p):
        f = self.fmt(**p)
        if v is None or v == "":
            self.ws.write_blank(r, c, None, f)
        elif isinstance(v, str):
            self.ws.write_string(r, c, v, f)
        else:
            self.ws.write_number(r, c, v, f)

    def formula(self, r, c, f, cached, **p):
        self.ws.write_formula(r, c, f, self.fmt(**p), cached)

    def merge(self, r1, c1, r2, c2, v, **p):
        if r1 == r2 and c1 == c2:
            self.write(r1, c1, v, **p)
        else:
            self.ws.merge_range(r1, c1, r2, c2, v, self.fmt(**p))

    def col_width(self, c1, c2, w):
        self.ws.set_column(c1, c2, w)

    def row_height(self, r, h):
        self.ws.set_row(r, h)


class XlsSheet:
    """xlwt worksheet with the same interface (no formulas: legacy .xls from an old template)."""

    def __init__(self, ws, name):
        self.ws, self.name = ws, name
        self._st = {}
        self.can_formula = False

    def style(self, bold=False, border=0, align=None, num_format=None, font_size=10, text_wrap=False, **_):
        key = (bold, border, align, num_format, font_size, text_wrap)
        if key not in self._st:
            parts = [f"font: name 宋体, height {font_size * 20}{', bold on' if bold else ''}"]
            al = ["vert centre"]
            if align == "center":
                al.append("horiz centre")
            elif align == "right":
                al.append("horiz right")
            if text_wrap:
                al.append("wrap on")
            parts.append("align: " + ", ".join(al))
            if border:
                parts.append("borders: left thin, right thin, top thin, bottom thin")
            self._st[key] = xlwt.easyxf("; ".join(parts), num_format_str=num_format or "General")
        return self._st[key]

    def write(self, r, c, v, **p):
        st = self.style(**p)
        if v is None or v == "":
            self.ws.write(r, c, "", st)
        else:
            self.ws.write(r, c, v, st)

    def formula(self, *a, **k):
        raise RuntimeError("no formulas in the .xls template")

    def merge(self, r1, c1, r2, c2, v, **p):
        if r1 == r2 and c1 == c2:
            self.write(r1, c1, v, **p)
        else:
            self.ws.write_merge(r1, r2, c1, c2, v, self.style(**p))

    def col_width(self, c1, c2, w):
        for c in range(c1, c2 + 1):
            self.ws.col(c).width = int(w * 256)

    def row_height(self, r, h):
        pass


# ----------------------------------------------------------------------------------------------------
# the return being written
# ----------------------------------------------------------------------------------------------------

@dataclass
class Obs:
    sheet: str
    r: int
    c: int
    indicator: str
    breakdown: str
    value: Decimal       # in the stored unit (元 for money)
    factor: Decimal      # sheet value × factor = stored value
    kind: str = "num"    # num | zero (a "—"-like cell) | formula


@dataclass
class Return:
    file: str
    district: str
    period: str
    expect: str = "accept"
    corrects: str = ""
    style: str = ""
    obs: list = field(default_factory=list)
    noisy: int = 0

    def add(self, sh, r, c, ind, bd, value, factor, kind):
        self.obs.append(Obs(sh.name, r, c, ind, bd, Decimal(value), factor, kind))


@dataclass
class Col:
    ind: str
    head: str
    unit: str = ""
    dec: int = 0          # decimals shown (money)
    group: str | None = None


ZERO_TEXT = {"dash": "—", "hyphen": "-", "slash": "/", "blank": "", "zero": 0}


def write_table(ret: Return, sh, r0, c0, form, rows, cols, data, o):
    """Rows are breakdowns, columns are indicators.

    rows: [(breakdown, label)] in sheet order; cols: [Col]; o: options.
    Returns the first free row under the table.
    """
    seq = o.get("seq")            # 序号 column left of the labels
    code = o.get("code")          # 代码 column after the labels
    unit_col = o.get("unit_col")  # 计量单位 column (rarely used for breakdown rows)
    unit_row = o.get("unit_row")  # 计量单位 row under the header
    lanci = o.get("lanci")        # 栏次 row 甲 | 乙 | 1 | 2 …
    zero = o.get("zero", "zero")
    tot_f = o.get("total_formula", False) and sh.can_formula
    aid_f = o.get("aid_formula", False) and sh.can_formula
    end_f = o.get("end_formula", False) and sh.can_formula
    rate_f = o.get("rate_formula", False)
    override = o.get("override", {})
    uncached = o.get("uncached", False)
    int_fmt = o.get("int_fmt", "0")
    bold_total = o.get("bold_total", True)
    hb = dict(border=1, align="center", text_wrap=True, bold=o.get("bold_head", False))
    cb = dict(border=1)

    c = c0
    if seq:
        c_seq = c
        c += 1
    c_lab = c
    c += 1
    if code:
        c_code = c
        c += 1
    if unit_col:
        c_unit = c
        c += 1
    c_first = c
    colpos = {}
    for i, col in enumerate(cols):
        colpos[col.ind] = c_first + i
    c_last = c_first + len(cols) - 1

    nh = 2 if any(col.group for col in cols) or o.get("two_row_head") else 1
    r = r0
    # header
    if seq:
        sh.merge(r, c_seq, r + nh - 1, c_seq, "序号", **hb)
    sh.merge(r, c_lab, r + nh - 1, c_lab, o.get("label_head", "指标名称"), **hb)
    if code:
        sh.merge(r, c_code, r + nh - 1, c_code, "代码", **hb)
    if unit_col:
        sh.merge(r, c_unit, r + nh - 1, c_unit, "计量单位", **hb)
    i = 0
    while i < len(cols):
        col = cols[i]
        cc = colpos[col.ind]
        if col.group:
            j = i
            while j + 1 < len(cols) and cols[j + 1].group == col.group:
                j += 1
            sh.merge(r, cc, r, colpos[cols[j].ind], col.group, **hb)
            for k in range(i, j + 1):
                sh.write(r + 1, colpos[cols[k].ind], cols[k].head, **hb)
            i = j + 1
        else:
            sh.merge(r, cc, r + nh - 1, cc, col.head, **hb)
            i += 1
    sh.row_height(r, o.get("head_height", 30))
    r += nh
    if unit_row:
        if seq:
            sh.write(r, c_seq, "", **hb)
        sh.write(r, c_lab, "计量单位", **hb)
        if code:
            sh.write(r, c_code, "—", **hb)
        for col in cols:
            sh.write(r, colpos[col.ind], col.unit, **hb)
        r += 1
    if lanci:
        if seq:
            sh.write(r, c_seq, "", **hb)
        sh.write(r, c_lab, "甲", **hb)
        n = 0
        if code:
            sh.write(r, c_code, "乙", **hb)
        if unit_col:
            sh.write(r, c_unit, "丙" if code else "乙", **hb)
        for col in cols:
            n += 1
            sh.write(r, colpos[col.ind], str(n) if lanci == "text" else n, **hb)
        r += 1

    first_data = r
    rowpos = {bd: first_data + k for k, (bd, _) in enumerate(rows)}
    part_rows = [rowpos[bd] for bd, _ in rows if bd != "all"]
    parts_bd = [bd for bd, _ in rows if bd != "all"]

    # display values: floats/ints per (bd, ind) and whether the cell is a formula
    disp = {}

    def plain(bd, col):
        v = data[bd][col.ind]
        if col.ind in MONEY:
            return disp_money(v, col.unit, col.dec)
        return v

    aid_parts = [c for c in ("aid_amount_union_funds", "aid_amount_fiscal", "aid_amount_donations") if c in colpos]

    def cell_value(bd, col):
        """-> (float/int value, formula or None)"""
        ind = col.ind
        if ind in DERIVED:
            return None
        if (bd, ind) in disp:
            return disp[(bd, ind)]
        res = None
        if bd == "all" and tot_f and form in (1, 3, 4):
            vals = [cell_value(p, col)[0] for p in parts_bd]
            s = 0.0 if col.ind in MONEY else 0
            for v in vals:
                s = s + v
            cl = colpos[ind]
            res = (s, f"=SUM({cell_ref(min(part_rows), cl)}:{cell_ref(max(part_rows), cl)})")
        elif ind == "aid_amount" and aid_f and len(aid_parts) == 3:
            s = 0.0
            for p in aid_parts:
                s = s + plain(bd, Col(p, "", col.unit, col.dec))
            rr = rowpos[bd]
            res = (s, f"=SUM({cell_ref(rr, colpos[aid_parts[0]])}:{cell_ref(rr, colpos[aid_parts[-1]])})")
        elif ind == "members_end" and end_f and all(k in colpos for k in ("members_start", "members_joined", "members_left")):
            rr = rowpos[bd]
            v = data[bd]["members_start"] + data[bd]["members_joined"] - data[bd]["members_left"]
            res = (v, f"={cell_ref(rr, colpos['members_start'])}+{cell_ref(rr, colpos['members_joined'])}"
                      f"-{cell_ref(rr, colpos['members_left'])}")
        else:
            res = (plain(bd, col), None)
        disp[(bd, ind)] = res
        return res

    for k, (bd, label) in enumerate(rows):
        rr = rowpos[bd]
        is_tot = bd == "all"
        tb = dict(cb, bold=is_tot and bold_total)
        if seq:
            sh.write(rr, c_seq, "" if is_tot else (k if rows[0][0] == "all" else k + 1), **cb, align="center")
        sh.write(rr, c_lab, label, **tb)
        if code:
            sh.write(rr, c_code, f"{k + 1:02d}", **cb, align="center")
        if unit_col:
            sh.write(rr, c_unit, o.get("unit_col_text", ""), **cb, align="center")
        for col in cols:
            cl = colpos[col.ind]
            nf = ("0." + "0" * col.dec) if col.dec else int_fmt
            if col.ind in MONEY and o.get("money_fmt"):
                nf = o["money_fmt"]
            if (bd, col.ind) in override:
                kind, f, cached = override[(bd, col.ind)]
                if kind == "formula":
                    cl_ = colpos[col.ind]
                    if callable(f):
                        f = f(colpos, rr)
                    f = f.replace("{sum}", f"{cell_ref(min(part_rows), cl_)}:{cell_ref(max(part_rows), cl_)}")
                    sh.formula(rr, cl, f, cached, **tb, num_format=nf)
                else:
                    sh.write(rr, cl, cached, **tb, num_format=nf)
                continue
            if col.ind in DERIVED:
                # rates the district computes itself; never stored
                num, den = {"unionization_rate": ("units_unionized", "units_total"),
                            "membership_rate": ("members", "employees_in_unionized"),
                            "target_progress": ("joined_ytd", "joined_target")}[col.ind]
                nv, dv = data[bd][num], data[bd][den]
                if dv == 0:
                    sh.write(rr, cl, "—", **tb, align="center")
                elif num in colpos and den in colpos and sh.can_formula and rate_f:
                    a, b = cell_ref(rr, colpos[num]), cell_ref(rr, colpos[den])
                    val = nv / dv * 100
                    if rate_f == "round":
                        val = round(val, 2)
                        f = f"=ROUND({a}/{b}*100,2)"
                    else:
                        f = f"={a}/{b}*100"
                    sh.formula(rr, cl, f, "" if uncached else val, **tb, num_format="0.00")
                else:
                    sh.write(rr, cl, round(nv / dv * 100, 1), **tb, num_format="0.0")
                continue
            val, f = cell_value(bd, col)
            factor = Decimal(10000) if (col.ind in MONEY and col.unit == "万元") else Decimal(1)
            true_v = data[bd][col.ind]
            if f is not None and sh.can_formula:
                sh.formula(rr, cl, f, "" if uncached else val, **tb, num_format=nf)
                if isinstance(val, float):
                    shown = excel_display(val) * factor
                    assert shown == Decimal(true_v), (ret.file, bd, col.ind, val, true_v)
                    if len(repr(val).replace(".", "").lstrip("0")) >= 15:
                        ret.noisy += 1
                else:
                    assert val == true_v
                ret.add(sh, rr, cl, col.ind, bd, true_v, factor, "formula")
            else:
                if true_v == 0 and zero != "zero" and not is_tot:
                    sh.write(rr, cl, ZERO_TEXT[zero], **tb, align="center" if zero != "blank" else None)
                    ret.add(sh, rr, cl, col.ind, bd, 0, factor, "zero")
                else:
                    sh.write(rr, cl, val, **tb, num_format=nf)
                    ret.add(sh, rr, cl, col.ind, bd, true_v, factor, "num")
    return first_data + len(rows), colpos, rowpos


def official_block(sh, r, c_left, c_right, title, biaohao, jiguan, wenhao, youxiao=None, title_size=16):
    """表号 block on the right, title in the middle (rows r..r+2 or r+3)."""
    nb = 4 if youxiao else 3
    sh.merge(r, c_left, r + nb - 1, c_right - 2, title, bold=True, font_size=title_size, align="center")
    lines = [f"表    号：{biaohao}", f"制定机关：{jiguan}", f"批准文号：{wenhao}"]
    if youxiao:
        lines.append(f"有效期至：{youxiao}")
    for k, t in enumerate(lines):
        sh.merge(r + k, c_right - 1, r + k, c_right, t)
    return r + nb


# ----------------------------------------------------------------------------------------------------
# column sets (header wording by meaning, several variants)
# ----------------------------------------------------------------------------------------------------

def f1_cols(variant):
    if variant == "official":  # units in the 计量单位 row, labels bare
        return [Col("units_total", "应建会单位数", "个"), Col("units_unionized", "已建会单位数", "个"),
                Col("unionization_rate", "建会率", "%"), Col("unions", "基层工会组织数", "个"),
                Col("unions_joint", "其中：联合基层工会", "个"), Col("employees", "职工人数", "人"),
                Col("employees_in_unionized", "其中：已建会单位职工人数", "人"),
                Col("members", "工会会员数", "人"), Col("members_female", "其中：女会员", "人"),
                Col("members_migrant", "其中：农民工会员", "人"), Col("unions_new_ytd", "本年新建基层工会数", "个")]
    if variant == "units_in_label":
        return [Col("units_total", "应建会单位数（个）"), Col("units_unionized", "已建会单位数（个）"),
                Col("unionization_rate", "建会率（%）"), Col("unions", "基层工会组织数（个）"),
                Col("unions_joint", "其中：联合基层工会（个）"), Col("employees", "职工人数（人）"),
                Col("employees_in_unionized", "已建会单位职工人数（人）"),
                Col("members", "工会会员数（人）"), Col("members_female", "其中：女会员（人）"),
                Col("members_migrant", "其中：农民工会员（人）"),
                Col("unions_new_ytd", "本年新建基层工会数（个）")]
    if variant == "grouped":  # 单位数 / 职工 / 会员 groups
        return [Col("units_total", "应建会", "个", group="单位数（个）"),
                Col("units_unionized", "已建会", "个", group="单位数（个）"),
                Col("unions", "基层工会总数（个）"), Col("unions_joint", "其中：联合基层工会（个）"),
                Col("employees", "合计", group="职工人数（人）"),
                Col("employees_in_unionized", "其中：已建会单位", group="职工人数（人）"),
                Col("members", "合计", group="工会会员数（人）"),
                Col("members_female", "其中：女会员", group="工会会员数（人）"),
                Col("members_migrant", "其中：农民工", group="工会会员数（人）"),
                Col("membership_rate", "入会率（%）"),
                Col("unions_new_ytd", "本年新建工会数（个）")]
    if variant == "short":  # fewer columns (a district that leaves out the sub-items)
        return [Col("units_total", "应建会单位数（个）"), Col("units_unionized", "已建会单位数（个）"),
                Col("unions", "基层工会组织数（个）"), Col("employees", "职工总数（人）"),
                Col("employees_in_unionized", "已建工会单位职工数（人）"), Col("members", "工会会员数（人）"),
                Col("members_female", "其中：女会员（人）"), Col("members_migrant", "其中：农民工会员（人）"),
                Col("membership_rate", "入会率（%）"), Col("unions_new_ytd", "当年新建基层工会（个）")]
    raise KeyError(variant)


def f2_cols(variant):
    if variant == "official":
        return [Col("members_start", "期初会员数", "人"), Col("members_joined", "本期新发展会员数", "人"),
                Col("members_left", "本期减少会员数", "人"), Col("members_end", "期末会员数", "人"),
                Col("joined_ytd", "本年累计新发展会员数", "人"), Col("joined_target", "年度目标任务数", "人"),
                Col("target_progress", "完成年度任务", "%")]
    if variant == "units_in_label":
        return [Col("members_start", "期初会员数（人）"), Col("members_joined", "本期新发展会员（人）"),
                Col("members_left", "本期减少会员（人）"), Col("members_end", "期末会员数（人）"),
                Col("joined_ytd", "本年累计新发展会员数（人）"), Col("joined_target", "年度目标任务数（人）"),
                Col("target_progress", "完成年度目标任务（%）")]
    if variant == "grouped":
        return [Col("members_start", "期初会员数（人）"),
                Col("members_joined", "新发展", group="本季度会员增减（人）"),
                Col("members_left", "减少", group="本季度会员增减（人）"),
                Col("members_end", "期末会员数（人）"),
                Col("joined_ytd", "本年累计新发展会员数", group="年度任务完成情况"),
                Col("joined_target", "年度目标任务数", group="年度任务完成情况"),
                Col("target_progress", "完成比例（%）", group="年度任务完成情况")]
    raise KeyError(variant)


def f3_cols(variant, money_unit="万元", dec=2):
    if variant == "official":
        return [Col("competitions", "竞赛项目数", "项"), Col("key_projects", "其中：重点工程项目", "个"),
                Col("units_participating", "参赛单位数", "家"), Col("participants", "参赛职工人次", "人次"),
                Col("participants_non_public", "其中：非公有制企业职工人次", "人次"),
                Col("suggestions_made", "合理化建议条数", "条"), Col("suggestions_adopted", "其中：采纳实施条数", "条"),
                Col("innovations", "技术革新成果", "项"), Col("pioneer_awards", "工人先锋号", "个"),
                Col("economic_benefit", "创经济效益", money_unit, dec)]
    if variant == "units_in_label":
        return [Col("competitions", "竞赛项目数（项）"), Col("key_projects", "其中：重点工程项目（个）"),
                Col("units_participating", "参赛单位数（家）"), Col("participants", "参赛职工人次"),
                Col("participants_non_public", "其中：非公有制企业职工人次"),
                Col("suggestions_made", "合理化建议条数"), Col("suggestions_adopted", "其中：采纳实施条数"),
                Col("innovations", "技术革新成果（项）"), Col("pioneer_awards", "获工人先锋号（个）"),
                Col("economic_benefit", f"创经济效益（{money_unit}）", money_unit, dec)]
    if variant == "grouped":
        return [Col("competitions", "竞赛项目数（项）"), Col("key_projects", "其中：重点工程（个）"),
                Col("units_participating", "参赛单位（家）"),
                Col("participants", "总计", group="参赛职工（人次）"),
                Col("participants_non_public", "其中：非公有制企业", group="参赛职工（人次）"),
                Col("suggestions_made", "提出", group="合理化建议（条）"),
                Col("suggestions_adopted", "其中：采纳实施", group="合理化建议（条）"),
                Col("innovations", "技术革新成果（项）"), Col("pioneer_awards", "工人先锋号（个）"),
                Col("economic_benefit", f"创经济效益（{money_unit}）", money_unit, dec)]
    raise KeyError(variant)


def f4_cols(variant, money_unit="万元", dec=2):
    if variant == "official_grouped":  # units in the 计量单位 row; 合计 as the group's first sub-column
        return [Col("aid_households", "帮扶户数", "户"), Col("aid_person_times", "帮扶人次", "人次"),
                Col("aid_amount", "合计", money_unit, dec, group="帮扶资金"),
                Col("aid_amount_union_funds", "其中：工会经费", money_unit, dec, group="帮扶资金"),
                Col("aid_amount_fiscal", "财政资金", money_unit, dec, group="帮扶资金"),
                Col("aid_amount_donations", "社会捐助", money_unit, dec, group="帮扶资金")]
    if variant == "flat":
        return [Col("aid_households", "帮扶户数（户）"), Col("aid_person_times", "帮扶人次（人次）"),
                Col("aid_amount", f"帮扶资金合计（{money_unit}）", money_unit, dec),
                Col("aid_amount_union_funds", f"其中：工会经费（{money_unit}）", money_unit, dec),
                Col("aid_amount_fiscal", f"财政资金（{money_unit}）", money_unit, dec),
                Col("aid_amount_donations", f"社会捐助（{money_unit}）", money_unit, dec)]
    if variant == "grouped":
        return [Col("aid_households", "帮扶户数（户）"), Col("aid_person_times", "帮扶人次（人次）"),
                Col("aid_amount", "小计", money_unit, dec, group=f"发放帮扶慰问金（{money_unit}）"),
                Col("aid_amount_union_funds", "工会经费", money_unit, dec, group=f"发放帮扶慰问金（{money_unit}）"),
                Col("aid_amount_fiscal", "财政资金", money_unit, dec, group=f"发放帮扶慰问金（{money_unit}）"),
                Col("aid_amount_donations", "社会捐助", money_unit, dec, group=f"发放帮扶慰问金（{money_unit}）")]
    raise KeyError(variant)


def f1_rows(total_label, numbering, total_first=True):
    labs = label_numbered([F1_NAME[b] for b in F1_BD], numbering)
    rows = list(zip(F1_BD, labs))
    return [("all", total_label)] + rows if total_first else rows + [("all", total_label)]


def f2_rows(total_label, style="indent"):
    if style == "indent":
        labs = ["  其中：女职工", "        农民工", "        新就业形态劳动者", "          其中：货车司机",
                "                快递员", "                外卖配送员", "                网约车司机"]
    elif style == "numbered":
        labs = ["其中：1.女职工", "      2.农民工", "      3.新就业形态劳动者", "        其中：货车司机",
                "              快递员", "              外卖配送员", "              网约车司机"]
    elif style == "colon":
        labs = ["其中:女职工", "农民工", "新就业形态劳动者", "其中:货车司机", "快递员", "外卖配送员",
                "网约车司机"]
    else:
        raise KeyError(style)
    return [("all", total_label)] + list(zip(F2_BD, labs))


def f3_rows(total_label, numbering="", total_first=True):
    labs = label_numbered([F3_NAME[b] for b in F3_BD], numbering)
    rows = list(zip(F3_BD, labs))
    return [("all", total_label)] + rows if total_first else rows + [("all", total_label)]


def f4_rows(total_label, numbering="", total_first=True):
    labs = label_numbered([F4_NAME[b] for b in F4_BD], numbering)
    rows = list(zip(F4_BD, labs))
    return [("all", total_label)] + rows if total_first else rows + [("all", total_label)]


def write_lines(ret, sh, r, c_lab, c_val, lines, style, code_col=None, unit_col=None, first_code=None):
    """表四's two single-value lines under the table."""
    items = [("hardship_households", "在档困难职工户数", "户"), ("hardship_exited_ytd", "本年解困脱困户数", "户")]
    if style == "buchong":
        sh.write(r, c_lab, "补充资料：")
        r += 1
    for k, (ind, lab, unit) in enumerate(items):
        if style == "buchong":
            text = f"{k + 1}.{lab}"
        elif style == "unit_in_label":
            text = f"{lab}（{unit}）"
        else:
            text = lab
        sh.write(r, c_lab, text, border=1 if (code_col or unit_col) else 0)
        if code_col is not None:
            sh.write(r, code_col, f"{first_code + k:02d}", border=1, align="center")
        if unit_col is not None:
            sh.write(r, unit_col, unit, border=1, align="center")
        sh.write(r, c_val, lines[ind], border=1 if (code_col or unit_col) else 0)
        ret.add(sh, r, c_val, ind, "all", lines[ind], Decimal(1), "num")
        r += 1
    return r


def footer(sh, r, c, who, phone, date, extra=None, span=None):
    if extra:
        for t in extra:
            sh.write(r, c, t)
            r += 1
    if span:
        # official: 单位负责人 / 统计负责人 / 填表人 / 报出日期 spread across the row
        c1, c2, c3, c4 = span
        sh.write(r, c1, "单位负责人：")
        sh.write(r, c2, "统计负责人：")
        sh.write(r, c3, f"填表人：{who}")
        sh.write(r, c4, f"报出日期：{date}")
        r += 1
        sh.write(r, c3, f"联系电话：{phone}")
        return r + 1
    sh.write(r, c, f"填表人：{who}      审核人：      联系电话：{phone}      填报日期：{date}")
    return r + 1


# ----------------------------------------------------------------------------------------------------
# the returns
# ----------------------------------------------------------------------------------------------------

RETURNS: list[Return] = []


def new_xlsx(ret):
    wb = xlsxwriter.Workbook(str(FILES / ret.file))
    # fixed creation time so that re-running the build gives byte-identical files
    wb.set_properties({"author": "统计员", "company": "示例市", "created": datetime(2025, 10, 9, 9, 30, 0)})
    return wb


def add_sheet(wb, name):
    return XSheet(wb, wb.add_worksheet(name), name)


def width_std(sh, c_lab, n_data, lab_w=26, data_w=11, c0=0, extra=()):
    sh.col_width(c0, c0, lab_w if c_lab == c0 else 6)
    sh.col_width(c_lab, c_lab, lab_w)
    sh.col_width(c_lab + 1, c_lab + 1 + n_data + 2, data_w)
    for a, b, w in extra:
        sh.col_width(a, b, w)


# -- 1 城中区 2025-Q3: four sheets 表1–表4, full official layout ---------------------------------------
def r_chengzhong_2025q3():
    ret = Return("城中区总工会2025年1-9月工会统计报表.xlsx", "chengzhong", "2025-Q3",
                 style="统计局式报表：表号/制定机关/批准文号表头、计量单位行、栏次行（甲乙1 2 3…）、代码列，"
                       "指标名称不带单位；合计行为SUM公式、缓存值带浮点尾差；帮扶资金为“合计|其中”分组表头，万元保留4位小数。")
    data = gen_all("chengzhong-2025", 1.35, 3, quant=1, quant3=100)
    check_hard(data)
    wb = new_xlsx(ret)
    common = dict(code=True, unit_row=True, lanci=True, total_formula=True, aid_formula=True,
                  end_formula=True, rate_formula="round", zero="zero", bold_head=True)
    specs = [
        (1, "表1", "工会组织建设情况", "示总工统1表", f1_cols("official"), f1_rows("合计", "arabic")),
        (2, "表2", "工会会员发展情况", "示总工统2表", f2_cols("official"), f2_rows("合计", "indent")),
        (3, "表3", "劳动和技能竞赛开展情况", "示总工统3表", f3_cols("official", "万元", 2), f3_rows("合计")),
        (4, "表4", "困难职工帮扶和慰问情况", "示总工统4表", f4_cols("official_grouped", "万元", 4),
         f4_rows("合计", "arabic")),
    ]
    for form, name, title, bh, cols, rows in specs:
        sh = add_sheet(wb, name)
        ncol = 2 + len(cols)
        r = official_block(sh, 0, 0, ncol - 1, title, bh, "示例市总工会", "示工发〔2024〕12号", "2026年12月")
        sh.write(r, 0, "填报单位：城中区总工会（盖章）")
        sh.merge(r, 3, r, ncol - 3, "2025年1—9月", align="center")
        r += 1
        end, colpos, rowpos = write_table(ret, sh, r, 0, form, rows, cols, data[form], common)
        if form == 4:
            end = write_lines(ret, sh, end, 0, 2, data["lines"], "plain", code_col=1, first_code=len(rows) + 1)
        r = end + 1
        if form == 1:
            sh.write(r, 0, "注：1.建会率=已建会单位数÷应建会单位数×100%。2.职工人数含劳务派遣人员。")
            r += 1
        footer(sh, r, 0, "刘晓燕", "0791-8612xxxx", "2025年10月9日", span=(0, 3, 6, 9))
        width_std(sh, 0, len(cols), lab_w=24)
        sh.ws.set_landscape()
        sh.ws.fit_to_pages(1, 1)
    wb.close()
    return ret


# -- 2 东湖区 2025-Q3: all four forms stacked on ONE sheet -----------------------------------------------
def r_donghu_2025q3():
    ret = Return("东湖区2025年第三季度统计报表.xlsx", "donghu", "2025-Q3",
                 style="四张表上下叠放在同一个Sheet1里，各有“表一…表四”标题和期别行；行标签用“一、机关”式编号，"
                       "总计行在上；表三、表四左侧有序号列，零值写“—”；金额万元两位小数，合计为SUM公式。")
    data = gen_all("donghu-2025", 1.1, 3, quant=100, quant3=100)
    check_hard(data)
    wb = new_xlsx(ret)
    sh = add_sheet(wb, "Sheet1")
    wb.add_worksheet("Sheet2")
    wb.add_worksheet("Sheet3")
    common = dict(total_formula=True, aid_formula=True, zero="dash", rate_formula=True)
    r = 0
    stack = [
        (1, "表一", "东湖区工会组织建设情况统计表", "统计时点：截至2025年9月底", f1_cols("units_in_label"),
         f1_rows("总计", "cn"), {}),
        (2, "表二", "东湖区工会会员发展情况统计表", "统计期别：2025年第三季度", f2_cols("units_in_label"),
         f2_rows("总计", "indent"), {}),
        (3, "表三", "东湖区劳动和技能竞赛开展情况统计表", "统计期别：2025年1—9月", f3_cols("grouped", "万元", 2),
         f3_rows("总计", "cn"), dict(seq=True)),
        (4, "表四", "东湖区困难职工帮扶和慰问情况统计表", "统计期别：2025年1—9月", f4_cols("flat", "万元", 2),
         f4_rows("总计", "cn"), dict(seq=True)),
    ]
    for form, no, title, period, cols, rows, extra in stack:
        c_lab = 1 if extra.get("seq") else 0
        sh.write(r, 0, no, bold=True)
        r += 1
        sh.merge(r, 0, r, c_lab + len(cols), title, bold=True, font_size=14, align="center")
        r += 1
        sh.write(r, 0, "填报单位：东湖区总工会")
        sh.merge(r, c_lab + len(cols) - 2, r, c_lab + len(cols), period, align="right")
        r += 1
        o = dict(common, **extra, label_head="项目")
        end, _, _ = write_table(ret, sh, r, 0, form, rows, cols, data[form], o)
        r = end
        if form == 4:
            r = write_lines(ret, sh, r + 1, 1, 2, data["lines"], "unit_in_label")
        r += 2
    footer(sh, r, 0, "陈静", "1380791xxxx", "2025年10月10日")
    sh.col_width(0, 0, 16)
    sh.col_width(1, 1, 30)
    sh.col_width(2, 14, 12)
    wb.close()
    return ret


# -- 3/4 高新区 2025-Q3 and its correction --------------------------------------------------------------
def gaoxin_data(corrected):
    data = gen_all("gaoxin-2025", 0.8, 3, quant=1, quant3=1)
    if corrected:
        # 更正：非公有制企业会员、已建会单位职工漏报一个园区；送温暖慰问金额少录一笔财政资金
        np_ = data[1]["non_public"]
        np_["employees_in_unionized"] += 1860
        np_["employees"] += 1860
        np_["members"] += 1795
        np_["members_female"] += 706
        np_["members_migrant"] += 1032
        np_["units_total"] += 3
        np_["units_unionized"] += 3
        np_["unions"] += 1
        data[1]["all"] = {k: sum(data[1][b][k] for b in F1_BD) for k in data[1]["government"]}
        for g, n in (("all", 1795), ("female", 706), ("migrant", 1032)):
            r2 = data[2][g]
            r2["members_joined"] += n
            r2["members_end"] += n
            r2["joined_ytd"] += n
        w = data[4]["warmth"]
        w["aid_amount_fiscal"] += 86500
        w["aid_amount"] += 86500
        w["aid_households"] += 41
        w["aid_person_times"] += 41
        data[4]["all"] = {k: sum(data[4][b][k] for b in F4_BD) for k in data[4]["living"]}
        data["lines"]["hardship_households"] += 6
    check_hard(data)
    return data


def r_gaoxin_2025q3(corrected=False):
    if corrected:
        ret = Return("高新区2025Q3（更正）.xlsx", "gaoxin", "2025-Q3", corrects="高新区2025Q3.xlsx",
                     style="高新区三季度报表的更正重报：补报一个园区的非公企业会员、补录送温暖财政资金，合计公式随之变化，"
                           "其余与首报相同。")
    else:
        ret = Return("高新区2025Q3.xlsx", "gaoxin", "2025-Q3",
                     style="工作表名为“组织建设/会员发展/劳动竞赛/帮扶慰问”，区县只写在“填报单位：示例高新技术产业开发区工会”，"
                           "期别写“截至2025年9月底”和“2025年1—9月”；全区合计在末行，万元4位小数，公式缓存值有浮点尾差。")
    data = gaoxin_data(corrected)
    wb = new_xlsx(ret)
    common = dict(total_formula=True, aid_formula=True, end_formula=True, lanci=True, rate_formula=True,
                  zero="blank")
    specs = [
        (1, "组织建设", "工会组织建设情况统计表", "截至2025年9月底", f1_cols("grouped"), f1_rows("全区合计", "paren", False)),
        (2, "会员发展", "工会会员发展情况统计表", "截至2025年9月底", f2_cols("units_in_label"),
         f2_rows("全区合计", "colon")),
        (3, "劳动竞赛", "劳动和技能竞赛开展情况统计表", "2025年1—9月", f3_cols("units_in_label", "万元", 4),
         f3_rows("全区合计", "", False)),
        (4, "帮扶慰问", "困难职工帮扶和慰问情况统计表", "2025年1—9月", f4_cols("flat", "万元", 4),
         f4_rows("全区合计", "", False)),
    ]
    for form, name, title, period, cols, rows in specs:
        sh = add_sheet(wb, name)
        ncol = 1 + len(cols)
        sh.merge(0, 0, 0, ncol - 1, title, bold=True, font_size=16, align="center")
        sh.write(1, 0, "填报单位：示例高新技术产业开发区工会")
        sh.merge(1, ncol - 3, 1, ncol - 1, period, align="right")
        end, _, _ = write_table(ret, sh, 2, 0, form, rows, cols, data[form], common)
        if form == 4:
            end = write_lines(ret, sh, end + 1, 0, 1, data["lines"], "buchong")
        r = end + 1
        r = footer(sh, r, 0, "王磊", "0791-8830xxxx", "2025年10月13日" if corrected else "2025年10月8日")
        if corrected and form in (1, 4):
            sh.write(r, 0, "注：本表为更正后数据，请以此为准。")
        width_std(sh, 0, len(cols), lab_w=22, data_w=13)
    wb.close()
    return ret


# -- 5 经开区 2026-Q1: two sheets, two forms stacked on each -------------------------------------------
def r_jingkai_2026q1():
    ret = Return("经开区2026年第一季度工会统计报表.xlsx", "jingkai", "2026-Q1",
                 style="两张工作表“表1-2”“表3-4”，每张上下叠放两张表，各带表号/制定机关/批准文号和栏次行；"
                       "区县写“示例经济技术开发区总工会”，期别在标题里写“2026年第一季度”；合　　计带全角空格，行标签“（一）机关”。")
    data = gen_all("jingkai-2026", 0.55, 1, quant=100, quant3=100)
    check_hard(data)
    wb = new_xlsx(ret)
    common = dict(code=True, lanci="text", total_formula=True, aid_formula=True, end_formula=True,
                  rate_formula="round", zero="dash")
    sheets = {
        "表1-2": [(1, "示例经济技术开发区2026年第一季度工会组织建设情况", "示总工统1表", f1_cols("units_in_label"),
                  f1_rows("合　　计", "paren"), "2026年3月末"),
                 (2, "示例经济技术开发区2026年第一季度工会会员发展情况", "示总工统2表", f2_cols("grouped"),
                  f2_rows("合　　计", "indent"), "2026年1—3月")],
        "表3-4": [(3, "示例经济技术开发区2026年第一季度劳动和技能竞赛开展情况", "示总工统3表",
                  f3_cols("grouped", "万元", 2), f3_rows("合　　计", "paren"), "2026年1—3月"),
                 (4, "示例经济技术开发区2026年第一季度困难职工帮扶和慰问情况", "示总工统4表",
                  f4_cols("grouped", "万元", 2), f4_rows("合　　计", "paren"), "2026年1—3月")],
    }
    for name, forms in sheets.items():
        sh = add_sheet(wb, name)
        r = 0
        for form, title, bh, cols, rows, when in forms:
            ncol = 2 + len(cols)
            r = official_block(sh, r, 0, ncol - 1, title, bh, "示例市总工会", "示工发〔2025〕3号", title_size=13)
            sh.write(r, 0, "填报单位：示例经济技术开发区总工会")
            sh.merge(r, ncol - 3, r, ncol - 1, when, align="right")
            r += 1
            end, _, _ = write_table(ret, sh, r, 0, form, rows, cols, data[form], common)
            r = end
            if form == 4:
                r = write_lines(ret, sh, r, 0, 2, data["lines"], "plain", code_col=1, first_code=len(rows) + 1)
            sh.write(r, 0, "填表人：赵敏    联系电话：0791-8867xxxx    报出日期：2026年4月8日")
            r += 4
        width_std(sh, 0, 11, lab_w=24, data_w=11)
    wb.close()
    return ret


# -- 6 临江县 2024-Q4: legacy .xls from an old template, 表1 transposed ----------------------------------
def r_linjiang_2024q4():
    ret = Return("临江县2024年四季度统计报表.xls", "linjiang", "2024-Q4",
                 style="老模板另存的.xls，无公式；表1按统计局格式竖排（指标名称|计量单位|代码|合计|机关|事业单位…，"
                       "指标在行、单位类型在列），表4帮扶资金以元为单位且底部两行带计量单位列；期别写“2024年1—12月”。")
    data = gen_all("linjiang-2024", 1.0, 4, quant=1, quant3=100)
    check_hard(data)
    wb = xlwt.Workbook(encoding="utf-8")

    # 表1 transposed
    sh = XlsSheet(wb.add_sheet("表1"), "表1")
    ncol = 3 + 1 + len(F1_BD)
    sh.merge(0, 0, 2, ncol - 3, "工会组织建设情况", bold=True, font_size=16, align="center")
    for k, t in enumerate(["表    号：示总工统1表", "制定机关：示例市总工会", "批准文号：示工发〔2023〕21号"]):
        sh.merge(k, ncol - 2, k, ncol - 1, t)
    sh.write(3, 0, "填报单位：临江县总工会")
    sh.merge(3, 4, 3, 6, "2024年1—12月", align="center")
    hb = dict(border=1, align="center", text_wrap=True)
    heads = ["指标名称", "计量单位", "代码", "合计"] + [F1_NAME[b] for b in F1_BD]
    for c, h in enumerate(heads):
        sh.write(4, c, h, **hb)
    for c, h in enumerate(["甲", "乙", "丙"] + [str(i) for i in range(1, 2 + len(F1_BD))]):
        sh.write(5, c, h, **hb)
    inds = [("units_total", "应建会单位数", "个"), ("units_unionized", "已建会单位数", "个"),
            ("unionization_rate", "建会率", "%"), ("unions", "基层工会组织数", "个"),
            ("unions_joint", "  其中：联合基层工会", "个"), ("employees", "职工人数", "人"),
            ("employees_in_unionized", "  其中：已建会单位职工人数", "人"), ("members", "工会会员数", "人"),
            ("members_female", "  其中：女会员", "人"), ("members_migrant", "        农民工会员", "人"),
            ("unions_new_ytd", "本年新建基层工会数", "个")]
    r = 6
    for k, (ind, lab, unit) in enumerate(inds):
        sh.write(r, 0, lab, border=1)
        sh.write(r, 1, unit, border=1, align="center")
        sh.write(r, 2, f"{k + 1:02d}", border=1, align="center")
        for j, bd in enumerate(["all"] + F1_BD):
            c = 3 + j
            if ind == "unionization_rate":
                d = data[1][bd]
                sh.write(r, c, round(d["units_unionized"] / d["units_total"] * 100, 1), border=1, num_format="0.0")
                continue
            v = data[1][bd][ind]
            if v == 0 and bd != "all":
                sh.write(r, c, "—", border=1, align="center")
                ret.add(sh, r, c, ind, bd, 0, Decimal(1), "zero")
            else:
                sh.write(r, c, v, border=1, num_format="0")
                ret.add(sh, r, c, ind, bd, v, Decimal(1), "num")
        r += 1
    r += 1
    sh.write(r, 0, "单位负责人：")
    sh.write(r, 3, "统计负责人：")
    sh.write(r, 6, "填表人：周建国")
    sh.write(r, 8, "报出日期：2025年1月10日")
    sh.col_width(0, 0, 26)
    sh.col_width(1, 2, 8)
    sh.col_width(3, 9, 11)

    common = dict(code=True, unit_row=True, lanci="text", zero="dash")
    specs = [
        (2, "表2", "工会会员发展情况", "示总工统2表", f2_cols("official"), f2_rows("合计", "indent")),
        (3, "表3", "劳动和技能竞赛开展情况", "示总工统3表", f3_cols("official", "万元", 2), f3_rows("合计", "arabic")),
        (4, "表4", "困难职工帮扶和慰问情况", "示总工统4表", f4_cols("official_grouped", "元", 0),
         f4_rows("合计", "arabic")),
    ]
    for form, name, title, bh, cols, rows in specs:
        sh = XlsSheet(wb.add_sheet(name), name)
        ncol = 2 + len(cols)
        sh.merge(0, 0, 2, ncol - 3, title, bold=True, font_size=16, align="center")
        for k, t in enumerate([f"表    号：{bh}", "制定机关：示例市总工会", "批准文号：示工发〔2023〕21号"]):
            sh.merge(k, ncol - 2, k, ncol - 1, t)
        sh.write(3, 0, "填报单位：临江县总工会")
        sh.merge(3, 3, 3, 5, "2024年1—12月", align="center")
        cols2 = [c for c in cols if c.ind not in DERIVED] if form == 2 else cols
        end, _, _ = write_table(ret, sh, 4, 0, form, rows, cols2, data[form], common)
        if form == 4:
            # 补充资料 as a small official sub-table: 指标名称 | 代码 | 计量单位 | 数量
            r = end + 1
            for c, h in enumerate(["补充资料", "代码", "计量单位", "数量"]):
                sh.write(r, c, h, border=1, align="center")
            r += 1
            for k, (ind, lab) in enumerate([("hardship_households", "在档困难职工户数"),
                                            ("hardship_exited_ytd", "本年解困脱困户数")]):
                sh.write(r, 0, lab, border=1)
                sh.write(r, 1, f"{len(rows) + 1 + k:02d}", border=1, align="center")
                sh.write(r, 2, "户", border=1, align="center")
                sh.write(r, 3, data["lines"][ind], border=1)
                ret.add(sh, r, 3, ind, "all", data["lines"][ind], Decimal(1), "num")
                r += 1
            end = r
            sh.write(end, 0, "注：帮扶资金单位为元。")
            end += 1
        sh.write(end + 1, 0, "单位负责人：")
        sh.write(end + 1, 3, "统计负责人：")
        sh.write(end + 1, 5, "填表人：周建国")
        sh.write(end + 1, 7, "报出日期：2025年1月10日")
        sh.col_width(0, 0, 26)
        sh.col_width(1, 1, 6)
        sh.col_width(2, 12, 12)
    wb.save(str(FILES / ret.file))
    return ret


# -- 7/8 青石县 2025-Q2: one file per form --------------------------------------------------------------
def r_qingshi_2025q2_f3():
    ret = Return("青石县总工会2025年1-6月劳动竞赛统计表.xlsx", "qingshi", "2025-Q2",
                 style="单独报送表三的文件，工作表名Sheet1；标题写“青石县2025年上半年…”，期别行“2025年1—6月”；"
                       "参赛职工、合理化建议为两行分组表头（总计|其中），合计行在上，为SUM公式，创经济效益万元3位小数。")
    data = gen_all("qingshi-2025", 0.9, 2, quant=1, quant3=10)
    check_hard(data)
    wb = new_xlsx(ret)
    sh = add_sheet(wb, "Sheet1")
    cols = f3_cols("grouped", "万元", 3)
    ncol = 1 + len(cols)
    sh.merge(0, 0, 0, ncol - 1, "青石县2025年上半年劳动和技能竞赛开展情况统计表", bold=True, font_size=16,
             align="center")
    sh.write(1, 0, "填报单位（盖章）：青石县总工会")
    sh.merge(1, ncol - 3, 1, ncol - 1, "2025年1—6月", align="right")
    end, _, _ = write_table(ret, sh, 2, 0, 3, f3_rows("合计", "arabic"), cols, data[3],
                            dict(total_formula=True, zero="slash", label_head="行业"))
    sh.write(end, 0, "注：1.参赛职工按人次统计；2.创经济效益以企业测算数为准。")
    sh.write(end + 1, 0, "审核人：何平       填表人：孙丽       联系电话：1397000xxxx")
    width_std(sh, 0, len(cols), lab_w=30, data_w=12)
    wb.close()
    return ret


def r_qingshi_2025q2_f4():
    ret = Return("青石县总工会2025年1-6月困难职工帮扶统计表.xlsx", "qingshi", "2025-Q2",
                 style="单独报送表四的文件，工作表名“表4”；帮扶资金为“小计|工会经费|财政资金|社会捐助”分组表头，"
                       "金秋助学上半年尚未发放写“/”；底部两行写“（户）”单位；金额万元3位小数，小计与合计均为公式。")
    data = gen_all("qingshi-2025", 0.9, 2, quant=10, quant3=10)
    check_hard(data)
    wb = new_xlsx(ret)
    sh = add_sheet(wb, "表4")
    cols = f4_cols("grouped", "万元", 3)
    ncol = 1 + len(cols)
    sh.merge(0, 0, 0, ncol - 1, "青石县2025年1—6月困难职工帮扶和慰问情况统计表", bold=True, font_size=16,
             align="center")
    sh.write(1, 0, "填报单位（盖章）：青石县总工会")
    sh.merge(1, ncol - 2, 1, ncol - 1, "单位：户、人次、万元", align="right")
    end, _, _ = write_table(ret, sh, 2, 0, 4, f4_rows("合计", "arabic"), cols, data[4],
                            dict(total_formula=True, aid_formula=True, zero="slash", label_head="帮扶类别"))
    r = write_lines(ret, sh, end, 0, 1, data["lines"], "unit_in_label")
    sh.write(r + 1, 0, "审核人：何平       填表人：孙丽       联系电话：1397000xxxx")
    width_std(sh, 0, len(cols), lab_w=26, data_w=12)
    wb.close()
    return ret


# -- 9 白沙县 2025-Q1: sheets Sheet1..Sheet4, 合  计 at the bottom -----------------------------------------
def baisha_book(ret, data, period_title, period_line, fix_note=None):
    wb = new_xlsx(ret)
    pos = {}
    common = dict(total_formula=True, aid_formula=True, end_formula=True, zero="zero", rate_formula=True)
    specs = [
        (1, "表一", f"白沙县{period_title}工会组织建设情况", f1_cols("short"), f1_rows("合  计", "arabic", False)),
        (2, "表二", f"白沙县{period_title}工会会员发展情况", f2_cols("units_in_label"), f2_rows("合  计", "numbered")),
        (3, "表三", f"白沙县{period_title}劳动和技能竞赛开展情况", f3_cols("units_in_label", "万元", 2),
         f3_rows("合  计", "arabic", False)),
        (4, "表四", f"白沙县{period_title}困难职工帮扶和慰问情况", f4_cols("flat", "万元", 2),
         f4_rows("合  计", "arabic", False)),
    ]
    for k, (form, no, title, cols, rows) in enumerate(specs):
        sh = add_sheet(wb, f"Sheet{k + 1}")
        ncol = 1 + len(cols)
        sh.write(0, 0, no)
        sh.merge(1, 0, 1, ncol - 1, title, bold=True, font_size=15, align="center")
        sh.write(2, 0, "填报单位：白沙县总工会")
        sh.merge(2, ncol - 3, 2, ncol - 1, period_line, align="right")
        end, colpos, rowpos = write_table(ret, sh, 3, 0, form, rows, cols, data[form], common)
        pos[form] = (sh.name, colpos, rowpos)
        if form == 4:
            end = write_lines(ret, sh, end, 0, 1, data["lines"], "unit_in_label")
        r = end + 1
        if fix_note:
            sh.write(r, 0, fix_note)
            r += 1
        sh.write(r, 0, "填表人：吴海燕")
        sh.write(r, 3, "审核人：郑大勇")
        sh.write(r, 6, "联系电话：0791-8522xxxx")
        width_std(sh, 0, len(cols), lab_w=24, data_w=12)
    wb.close()
    return pos


def r_baisha_2025q1():
    ret = Return("白沙县2025年1季度统计报表.xlsx", "baisha", "2025-Q1",
                 style="工作表名只是Sheet1…Sheet4，表号“表一…表四”写在A1；合  计（半角空格）在表末，为SUM公式；"
                       "期别写“2025年第一季度”与“2025年1—3月”；一季度金秋助学为0直接写0。")
    data = gen_all("baisha-2025q1", 0.7, 1, quant=100, quant3=100)
    check_hard(data)
    baisha_book(ret, data, "2025年第一季度", "2025年1—3月")
    return ret


def baisha_q3_data():
    return gen_all("baisha-2025q3", 0.7, 3, quant=100, quant3=100)


def r_baisha_2025q3_bad():
    ret = Return("白沙县2025年第三季度统计报表.xlsx", "baisha", "2025-Q3", expect="reject")
    data = baisha_q3_data()
    # the clerk typed the new 集体企业 figures into 已建会 but left 应建会 at last year's count
    col = data[1]["collective"]
    bad_total = col["units_unionized"] - 4
    good_total = col["units_total"]
    col["units_total"] = bad_total
    data[1]["all"] = {k: sum(data[1][b][k] for b in F1_BD) for k in data[1]["government"]}
    pos = baisha_book(ret, data, "2025年第三季度", "2025年1—9月")
    col["units_total"] = good_total
    name, colpos, rowpos = pos[1]
    b = cell_ref(rowpos["collective"], colpos["units_total"])
    c = cell_ref(rowpos["collective"], colpos["units_unionized"])
    ret.style = (f"拒收：{name}!{b} 集体企业应建会单位数{bad_total}小于{c}已建会单位数{col['units_unionized']}"
                 f"（已建会单位数不能大于应建会单位数）；其余同白沙县格式。")
    ret.obs = []
    return ret


def r_baisha_2025q3_fixed():
    ret = Return("白沙县2025年第三季度统计报表（修改后）.xlsx", "baisha", "2025-Q3",
                 corrects="白沙县2025年第三季度统计报表.xlsx",
                 style="被退回后改正集体企业应建会单位数的重报文件（Sheet1…Sheet4、合  计在末行），表下注明修改原因。")
    data = baisha_q3_data()
    data[1]["all"] = {k: sum(data[1][b][k] for b in F1_BD) for k in data[1]["government"]}
    check_hard(data)
    baisha_book(ret, data, "2025年第三季度", "2025年1—9月",
                fix_note="注：集体企业应建会单位数已按市总工会反馈意见更正。")
    return ret


# -- 10 云台市 2026-Q2: accounting formats, 全市合计 ------------------------------------------------------
ACCT_INT = '_ * #,##0_ ;_ * -#,##0_ ;_ * "-"_ ;_ @_ '
ACCT_2 = '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ '


def r_yuntai_2026q2():
    ret = Return("云台市总工会2026年二季度报表.xlsx", "yuntai", "2026-Q2",
                 style="Excel会计专用格式（千分位，0显示为“-”但单元格是数字0）；合计行写“全市合计”；表1有“入会率”公式列，"
                       "表2期末会员为“期初+发展-减少”公式；期别“2026年1—6月”，表号表头，代码列。")
    data = gen_all("yuntai-2026", 1.25, 2, quant=100, quant3=100)
    check_hard(data)
    wb = new_xlsx(ret)
    common = dict(code=True, total_formula=True, aid_formula=True, end_formula=True, rate_formula=True,
                  zero="zero", int_fmt=ACCT_INT, money_fmt=ACCT_2, lanci=True)
    specs = [
        (1, "表1", "云台市工会组织建设情况", "示总工统1表", f1_cols("grouped"), f1_rows("全市合计", "arabic")),
        (2, "表2", "云台市工会会员发展情况", "示总工统2表", f2_cols("units_in_label"), f2_rows("全市合计", "indent")),
        (3, "表3", "云台市劳动和技能竞赛开展情况", "示总工统3表", f3_cols("units_in_label", "万元", 2),
         f3_rows("全市合计", "cn")),
        (4, "表4", "云台市困难职工帮扶和慰问情况", "示总工统4表", f4_cols("flat", "万元", 2), f4_rows("全市合计", "cn")),
    ]
    for form, name, title, bh, cols, rows in specs:
        sh = add_sheet(wb, name)
        ncol = 2 + len(cols)
        r = official_block(sh, 0, 0, ncol - 1, title, bh, "示例市总工会", "示工发〔2025〕3号")
        sh.write(r, 0, "填报单位：云台市总工会")
        sh.merge(r, 3, r, ncol - 3, "2026年1—6月", align="center")
        r += 1
        end, _, _ = write_table(ret, sh, r, 0, form, rows, cols, data[form], common)
        if form == 4:
            end = write_lines(ret, sh, end + 1, 0, 2, data["lines"], "buchong")
        footer(sh, end + 1, 0, "黄志强", "0791-8901xxxx", "2026年7月6日", span=(0, 3, 6, 8))
        width_std(sh, 0, len(cols), lab_w=26, data_w=12)
    wb.close()
    return ret


# -- 11 西山区 2026-Q3 -----------------------------------------------------------------------------------
def r_xishan_2026q3():
    ret = Return("西山区2026年三季度.xlsx", "xishan", "2026-Q3",
                 style="工作表名“组织建设/会员发展/竞赛/帮扶”，栏次行加代码列，合　　计（全角空格）在首行；"
                       "表一、表二期别写“截至2026年9月底”，表三、表四写“2026年1—9月”；帮扶资金合计为SUM公式，万元4位小数。")
    data = gen_all("xishan-2026", 1.05, 3, quant=1, quant3=1)
    check_hard(data)
    wb = new_xlsx(ret)
    common = dict(code=True, lanci="text", total_formula=True, aid_formula=True, zero="dash", rate_formula="round")
    specs = [
        (1, "组织建设", "西山区工会组织建设情况表", "截至2026年9月底", f1_cols("units_in_label"),
         f1_rows("合　　计", "paren")),
        (2, "会员发展", "西山区工会会员发展情况表", "截至2026年9月底", f2_cols("grouped"), f2_rows("合　　计", "indent")),
        (3, "竞赛", "西山区劳动和技能竞赛开展情况表", "2026年1—9月", f3_cols("official", "万元", 4),
         f3_rows("合　　计", "paren")),
        (4, "帮扶", "西山区困难职工帮扶和慰问情况表", "2026年1—9月", f4_cols("flat", "万元", 4),
         f4_rows("合　　计", "paren")),
    ]
    for form, name, title, period, cols, rows in specs:
        sh = add_sheet(wb, name)
        ncol = 2 + len(cols)
        sh.merge(0, 0, 0, ncol - 1, title, bold=True, font_size=16, align="center")
        sh.write(1, 0, "填报单位：西山区总工会")
        sh.merge(1, 3, 1, ncol - 4, period, align="center")
        sh.merge(1, ncol - 2, 1, ncol - 1, "单位：见表头" if form != 3 else "计量单位见表内", align="right")
        o = dict(common, unit_row=(form == 3))
        end, _, _ = write_table(ret, sh, 2, 0, form, rows, cols, data[form], o)
        if form == 4:
            end = write_lines(ret, sh, end, 0, 2, data["lines"], "plain", code_col=1, first_code=len(rows) + 1)
        sh.write(end + 1, 0, "资料来源：各基层工会季报汇总")
        footer(sh, end + 2, 0, "李娜", "0791-8745xxxx", "2026年10月12日")
        width_std(sh, 0, len(cols), lab_w=24, data_w=12)
    wb.close()
    return ret


# -- 12 南港区 2025-Q4 -----------------------------------------------------------------------------------
def r_nangang_2025q4():
    ret = Return("南港区2025年第四季度统计报表.xlsx", "nangang", "2025-Q4",
                 style="表1…表4工作表，统计局式表号表头和计量单位行；合计行写“全区合计”在首行；行标签“一、国有企业”式编号；"
                       "期别写“2025年1—12月”；表二减少会员有0写“-”；表四“帮扶资金”分组表头首列为合计，万元2位小数。")
    data = gen_all("nangang-2025", 1.2, 4, quant=100, quant3=100)
    data[2]["truck"]["members_left"] = 0
    data[2]["ride_hailing"]["members_left"] = 0
    for g in ("truck", "ride_hailing"):
        r = data[2][g]
        r["members_end"] = r["members_start"] + r["members_joined"] - r["members_left"]
    check_hard(data)
    wb = new_xlsx(ret)
    common = dict(code=True, unit_row=True, total_formula=True, aid_formula=True, end_formula=False,
                  rate_formula=True, zero="hyphen")
    specs = [
        (1, "表1", "工会组织建设情况", "示总工统1表", f1_cols("official"), f1_rows("全区合计", "cn")),
        (2, "表2", "工会会员发展情况", "示总工统2表", f2_cols("official"), f2_rows("全区合计", "colon")),
        (3, "表3", "劳动和技能竞赛开展情况", "示总工统3表", f3_cols("official", "万元", 2), f3_rows("全区合计", "cn")),
        (4, "表4", "困难职工帮扶和慰问情况", "示总工统4表", f4_cols("official_grouped", "万元", 2),
         f4_rows("全区合计", "cn")),
    ]
    for form, name, title, bh, cols, rows in specs:
        sh = add_sheet(wb, name)
        ncol = 2 + len(cols)
        r = official_block(sh, 0, 0, ncol - 1, title, bh, "示例市总工会", "示工发〔2024〕12号")
        sh.write(r, 0, "填报单位：南港区总工会")
        sh.merge(r, 3, r, ncol - 3, "2025年1—12月", align="center")
        r += 1
        end, _, _ = write_table(ret, sh, r, 0, form, rows, cols, data[form], common)
        if form == 4:
            end = write_lines(ret, sh, end, 0, 2, data["lines"], "plain", code_col=1, first_code=len(rows) + 1)
        footer(sh, end + 1, 0, "钱伟", "0791-8688xxxx", "2026年1月9日", span=(0, 3, 6, 9))
        width_std(sh, 0, len(cols), lab_w=24, data_w=11)
    wb.close()
    return ret


# -- rejects ------------------------------------------------------------------------------------------------
def r_nangang_2026q1_uncached():
    ret = Return("南港区2026年第一季度统计报表.xlsx", "nangang", "2026-Q1", expect="reject")
    data = gen_all("nangang-2026", 1.2, 1, quant=100, quant3=100)
    check_hard(data)
    wb = new_xlsx(ret)
    common = dict(code=True, unit_row=True, total_formula=True, aid_formula=True, rate_formula=True, zero="hyphen")
    specs = [
        (1, "表1", "工会组织建设情况", "示总工统1表", f1_cols("official"), f1_rows("全区合计", "cn"), False),
        (2, "表2", "工会会员发展情况", "示总工统2表", f2_cols("official"), f2_rows("全区合计", "colon"), False),
        (3, "表3", "劳动和技能竞赛开展情况", "示总工统3表", f3_cols("official", "万元", 2), f3_rows("全区合计", "cn"), False),
        (4, "表4", "困难职工帮扶和慰问情况", "示总工统4表", f4_cols("official_grouped", "万元", 2),
         f4_rows("全区合计", "cn"), True),
    ]
    cellname = None
    for form, name, title, bh, cols, rows, unc in specs:
        sh = add_sheet(wb, name)
        ncol = 2 + len(cols)
        r = official_block(sh, 0, 0, ncol - 1, title, bh, "示例市总工会", "示工发〔2024〕12号")
        sh.write(r, 0, "填报单位：南港区总工会")
        sh.merge(r, 3, r, ncol - 3, "2026年1—3月", align="center")
        r += 1
        end, colpos, rowpos = write_table(ret, sh, r, 0, form, rows, cols, data[form], dict(common, uncached=unc))
        if unc:
            cellname = f"{name}!{cell_ref(rowpos['all'], colpos['aid_households'])}"
        if form == 4:
            end = write_lines(ret, sh, end, 0, 2, data["lines"], "plain", code_col=1, first_code=len(rows) + 1)
        footer(sh, end + 1, 0, "钱伟", "0791-8688xxxx", "2026年4月9日", span=(0, 3, 6, 9))
    wb.close()
    ret.style = (f"拒收：表4的公式都没有计算结果（如{cellname}“=SUM(…)”缓存值为空，文件由程序生成后未在Excel中重算保存），"
                 "应在Excel或WPS中打开保存后重报。")
    ret.obs = []
    return ret


def r_chengzhong_2026q2_ref():
    ret = Return("城中区总工会2026年1-6月工会统计报表.xlsx", "chengzhong", "2026-Q2", expect="reject")
    data = gen_all("chengzhong-2026", 1.35, 2, quant=1, quant3=100)
    check_hard(data)
    wb = new_xlsx(ret)
    common = dict(code=True, unit_row=True, lanci=True, total_formula=True, aid_formula=True,
                  end_formula=True, rate_formula="round", zero="zero", bold_head=True)
    specs = [
        (1, "表1", "工会组织建设情况", "示总工统1表", f1_cols("official"), f1_rows("合计", "arabic")),
        (2, "表2", "工会会员发展情况", "示总工统2表", f2_cols("official"), f2_rows("合计", "indent")),
        (3, "表3", "劳动和技能竞赛开展情况", "示总工统3表", f3_cols("official", "万元", 2), f3_rows("合计")),
        (4, "表4", "困难职工帮扶和慰问情况", "示总工统4表", f4_cols("official_grouped", "万元", 4),
         f4_rows("合计", "arabic")),
    ]
    bad = None
    for form, name, title, bh, cols, rows in specs:
        sh = add_sheet(wb, name)
        ncol = 2 + len(cols)
        r = official_block(sh, 0, 0, ncol - 1, title, bh, "示例市总工会", "示工发〔2024〕12号", "2026年12月")
        sh.write(r, 0, "填报单位：城中区总工会（盖章）")
        sh.merge(r, 3, r, ncol - 3, "2026年1—6月", align="center")
        r += 1
        o = dict(common)
        if form == 3:
            # a helper sheet "台账" was deleted after the 合计 cell pointed at it
            o["override"] = {("all", "participants"): ("formula", "=SUM(#REF!)", "#REF!")}
        end, colpos, rowpos = write_table(ret, sh, r, 0, form, rows, cols, data[form], o)
        if form == 3:
            bad = f"{name}!{cell_ref(rowpos['all'], colpos['participants'])}"
        if form == 4:
            end = write_lines(ret, sh, end, 0, 2, data["lines"], "plain", code_col=1, first_code=len(rows) + 1)
        footer(sh, end + 1, 0, "刘晓燕", "0791-8612xxxx", "2026年7月8日", span=(0, 3, 6, 9))
    wb.close()
    ret.style = f"拒收：{bad} 合计行参赛职工人次为“=SUM(#REF!)”，缓存值#REF!（引用的台账表已删除），其余格式同城中区统计局式报表。"
    ret.obs = []
    return ret


def r_yuntai_2025q3_na():
    ret = Return("云台市总工会2025年三季度报表.xlsx", "yuntai", "2025-Q3", expect="reject")
    data = gen_all("yuntai-2025", 1.2, 3, quant=100, quant3=100)
    check_hard(data)
    wb = new_xlsx(ret)
    common = dict(code=True, total_formula=True, aid_formula=True, end_formula=True, rate_formula=True,
                  zero="zero", int_fmt=ACCT_INT, money_fmt=ACCT_2, lanci=True)
    specs = [
        (1, "表1", "云台市工会组织建设情况", "示总工统1表", f1_cols("grouped"), f1_rows("全市合计", "arabic")),
        (2, "表2", "云台市工会会员发展情况", "示总工统2表", f2_cols("units_in_label"), f2_rows("全市合计", "indent")),
        (3, "表3", "云台市劳动和技能竞赛开展情况", "示总工统3表", f3_cols("units_in_label", "万元", 2),
         f3_rows("全市合计", "cn")),
        (4, "表4", "云台市困难职工帮扶和慰问情况", "示总工统4表", f4_cols("flat", "万元", 2), f4_rows("全市合计", "cn")),
    ]
    bad = None
    for form, name, title, bh, cols, rows in specs:
        sh = add_sheet(wb, name)
        ncol = 2 + len(cols)
        r = official_block(sh, 0, 0, ncol - 1, title, bh, "示例市总工会", "示工发〔2025〕3号")
        sh.write(r, 0, "填报单位：云台市总工会")
        sh.merge(r, 3, r, ncol - 3, "2025年1—9月", align="center")
        r += 1
        o = dict(common)
        if form == 1:
            # 社会组织 members looked up from the ledger by unit-type name; the ledger says “社会团体”
            o["override"] = {("social_org", "members"): ("formula", '=VLOOKUP("社会组织",台账!$A$3:$F$9,5,FALSE)', "#N/A"),
                             ("all", "members"): ("formula", "=SUM({sum})", "#N/A")}
            rate = (lambda cp, rr: f"={cell_ref(rr, cp['members'])}/{cell_ref(rr, cp['employees_in_unionized'])}*100")
            o["override"][("social_org", "membership_rate")] = ("formula", rate, "#N/A")
            o["override"][("all", "membership_rate")] = ("formula", rate, "#N/A")
        end, colpos, rowpos = write_table(ret, sh, r, 0, form, rows, cols, data[form], o)
        if form == 1:
            bad = f"{name}!{cell_ref(rowpos['social_org'], colpos['members'])}"
            badtot = cell_ref(rowpos['all'], colpos['members'])
        if form == 4:
            end = write_lines(ret, sh, end + 1, 0, 2, data["lines"], "buchong")
        footer(sh, end + 1, 0, "黄志强", "0791-8901xxxx", "2025年10月9日", span=(0, 3, 6, 8))
    wb.close()
    ret.style = (f"拒收：{bad} 社会组织会员数为VLOOKUP公式，缓存值#N/A（台账中名称对不上），合计行{badtot}及入会率随之为#N/A；"
                 "其余同云台市格式。")
    ret.obs = []
    return ret


def r_xishan_2025_q3flow():
    ret = Return("西山区2025年7-9月劳动竞赛情况.xlsx", "xishan", "2025-Q3", expect="reject")
    rng = random.Random("xishan-2025-flow")
    d3 = gen_f3(rng, 1.05, 3, 1, frac=0.25)
    wb = new_xlsx(ret)
    sh = add_sheet(wb, "竞赛")
    cols = f3_cols("official", "万元", 4)
    ncol = 2 + len(cols)
    sh.write(0, 0, "表三", bold=True)
    sh.merge(1, 0, 1, ncol - 1, "西山区2025年7-9月劳动和技能竞赛开展情况表", bold=True, font_size=16, align="center")
    sh.write(2, 0, "填报单位：西山区总工会")
    sh.merge(2, ncol - 3, 2, ncol - 1, "单位：项、家、人次、条、万元", align="right")
    write_table(ret, sh, 3, 0, 3, f3_rows("合　　计", "paren"), cols, d3,
                dict(code=True, lanci=True, unit_row=True, total_formula=True, zero="dash"))
    wb.close()
    ret.style = ("拒收：表三是本年累计表，但标题A2写“2025年7-9月”，只填了三季度当季发生数，不是1—9月累计，"
                 "应按2025年1—9月累计数重报。")
    ret.obs = []
    return ret


# ----------------------------------------------------------------------------------------------------
# read-back check (python-calamine, independent of the product)
# ----------------------------------------------------------------------------------------------------

def verify(rets):
    from python_calamine import CalamineWorkbook
    n = 0
    for ret in rets:
        if ret.expect != "accept":
            continue
        wb = CalamineWorkbook.from_path(str(FILES / ret.file))
        cache = {}
        for ob in ret.obs:
            if ob.sheet not in cache:
                cache[ob.sheet] = wb.get_sheet_by_name(ob.sheet).to_python(skip_empty_area=False)
            grid = cache[ob.sheet]
            v = grid[ob.r][ob.c] if ob.r < len(grid) and ob.c < len(grid[ob.r]) else ""
            if isinstance(v, str):
                assert v.strip() in ("", "-", "—", "/"), (ret.file, ob)
                got = Decimal(0)
            else:
                got = excel_display(float(v)) * ob.factor
            assert got == ob.value, (ret.file, ob, v)
            n += 1
        # and the identity of every observation is unique
        keys = [(o.indicator, o.breakdown) for o in ret.obs]
        assert len(keys) == len(set(keys)), ret.file
    return n


def main():
    FILES.mkdir(parents=True, exist_ok=True)
    for p in FILES.iterdir():
        p.unlink()
    rets = [
        r_chengzhong_2025q3(),
        r_donghu_2025q3(),
        r_gaoxin_2025q3(False),
        r_gaoxin_2025q3(True),
        r_jingkai_2026q1(),
        r_linjiang_2024q4(),
        r_qingshi_2025q2_f3(),
        r_qingshi_2025q2_f4(),
        r_baisha_2025q1(),
        r_baisha_2025q3_bad(),
        r_baisha_2025q3_fixed(),
        r_yuntai_2026q2(),
        r_xishan_2026q3(),
        r_nangang_2025q4(),
        r_nangang_2026q1_uncached(),
        r_chengzhong_2026q2_ref(),
        r_yuntai_2025q3_na(),
        r_xishan_2025_q3flow(),
    ]
    with open(HERE / "expected.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "district", "period", "indicator", "breakdown", "value"])
        for ret in rets:
            if ret.expect != "accept":
                continue
            for ob in ret.obs:
                w.writerow([ret.file, ret.district, ret.period, ob.indicator, ob.breakdown, dec_str(ob.value)])
    with open(HERE / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "expect", "corrects", "style"])
        for ret in rets:
            w.writerow([ret.file, ret.expect, ret.corrects, ret.style])
    n = verify(rets)
    total = sum(len(r.obs) for r in rets if r.expect == "accept")
    print(f"{len(rets)} files, {sum(r.expect == 'accept' for r in rets)} accepted, {total} observations "
          f"({n} checked against the cells), {sum(r.noisy for r in rets)} cached values with float noise")


if __name__ == "__main__":
    main()
