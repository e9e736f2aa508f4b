"""Foreign returns written by corpus author "young_staff".

Persona: younger staff at development-zone and district federations (高新区, 经开区, 城中区, 南港区,
云台市 …) who use whatever is at hand: Excel 365 (written here with xlsxwriter, which stores the cached
result of every formula, or openpyxl when no formula is needed), LibreOffice .ods, CSV exports of an
online form system (GBK or UTF-8 with BOM, one form per file), a WeChat-forwarded file renamed by the
sender, one file per form.

Run from /work/main:

    .venv/bin/python -m tests.foreign.young_staff.build

NOTE: the .ods files need odfpy, which is not one of the project's requirements; it was installed into
the venv with `.venv/bin/pip install odfpy`. The files are committed, so the product does not depend on it.

Writes files/*, expected.csv and manifest.csv, then reads every file back (python-calamine for workbooks,
the csv module for CSV files) and checks that each expected observation is what its cell shows, and that
each accepted return passes the hard checks of the domain contract.
"""
from __future__ import annotations

import csv
import random
import re
from decimal import Decimal
from pathlib import Path

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

# ---------------------------------------------------------------------------------------------------
# numbers


def qz(x, quantum: Decimal) -> Decimal:
    """floor to a multiple of quantum (money in 元)."""
    x = Decimal(str(x))
    return (x // quantum) * quantum


def gen_t1(rng, q, size, zone):
    if zone:
        spec = {"government": (0.02, 1.00, 35), "institution": (0.03, 1.00, 60), "soe": (0.04, 1.00, 300),
                "collective": (0.0, 0.9, 30), "non_public": (0.83, 0.88, 120), "social_org": (0.08, 0.75, 8)}
    else:
        spec = {"government": (0.07, 1.00, 30), "institution": (0.11, 0.99, 55), "soe": (0.05, 1.00, 240),
                "collective": (0.03, 0.92, 35), "non_public": (0.64, 0.86, 90), "social_org": (0.10, 0.78, 9)}
    n = 1300 * size * rng.uniform(0.88, 1.12)
    t = {}
    for k, (w, rate, epu) in spec.items():
        ut = round(n * w * rng.uniform(0.88, 1.12))
        if ut == 0:
            t[k] = {i: 0 for i in T1_INDS}
            continue
        uu = min(ut, round(ut * rate * rng.uniform(0.97, 1.02)))
        if k in ("non_public", "social_org"):
            joint = max(1, round(uu * rng.uniform(0.04, 0.09)))
            unions = max(joint, uu - round(joint * rng.uniform(3, 6)) + joint)
        else:
            joint, unions = 0, uu
        emp = round(ut * epu * rng.uniform(0.85, 1.15))
        eu = min(emp, round(emp * uu / ut * rng.uniform(1.0, 1.04)))
        m = round(eu * rng.uniform(0.9, 0.985))
        f = round(m * rng.uniform(0.34, 0.56))
        mig = 0 if k in ("government", "institution") else round(m * rng.uniform(0.12, 0.48))
        new = {"non_public": round(q * rng.uniform(6, 14) * size), "social_org": round(q * rng.uniform(1, 4)),
               "soe": rng.choice([0, 0, 1]), "collective": rng.choice([0, 0, 0, 1])}.get(k, 0)
        t[k] = dict(units_total=ut, units_unionized=uu, unions=unions, unions_joint=joint, employees=emp,
                    employees_in_unionized=eu, members=m, members_female=f, members_migrant=mig,
                    unions_new_ytd=new)
    t["all"] = {i: sum(t[k][i] for k in spec) for i in T1_INDS}
    return t


def gen_t2(rng, q, t1):
    t = {}
    end_all = t1["all"]["members"]
    j_all = round(end_all * rng.uniform(0.012, 0.028))
    l_all = round(j_all * rng.uniform(0.25, 0.6))
    prior_all = round(j_all * (q - 1) * rng.uniform(0.8, 1.2))
    t["all"] = dict(members_end=end_all, members_joined=j_all, members_left=l_all, prior=prior_all)
    t["female"] = dict(members_end=t1["all"]["members_female"], members_joined=int(j_all * rng.uniform(0.35, 0.5)),
                       members_left=int(l_all * rng.uniform(0.35, 0.5)), prior=int(prior_all * rng.uniform(0.35, 0.5)))
    t["migrant"] = dict(members_end=t1["all"]["members_migrant"], members_joined=int(j_all * rng.uniform(0.3, 0.45)),
                        members_left=int(l_all * rng.uniform(0.3, 0.5)), prior=int(prior_all * rng.uniform(0.3, 0.45)))
    nf = dict(members_end=int(end_all * rng.uniform(0.03, 0.06)), members_joined=int(j_all * rng.uniform(0.15, 0.3)),
              members_left=int(l_all * rng.uniform(0.05, 0.15)), prior=int(prior_all * rng.uniform(0.15, 0.3)))
    t["new_forms"] = nf
    w = {"truck": 0.22, "courier": 0.30, "delivery": 0.28, "ride_hailing": 0.12}
    for s in SUBS:
        ws = w[s] * rng.uniform(0.85, 1.05)
        t[s] = {k: int(v * ws) for k, v in nf.items()}
    target_all = -(-round(j_all * 4 * rng.uniform(0.95, 1.3)) // 100) * 100
    target_all = max(target_all, 100)
    tg = {"all": target_all, "female": round(target_all * 0.4 / 10) * 10,
          "migrant": round(target_all * 0.3 / 10) * 10, "new_forms": round(target_all * 0.25 / 10) * 10}
    for s in SUBS:
        tg[s] = int(tg["new_forms"] * w[s] / 10) * 10
    for g in T2_ROWS:
        r = t[g]
        r["members_start"] = r["members_end"] - r["members_joined"] + r["members_left"]
        r["joined_ytd"] = r["members_joined"] + r.pop("prior")
        r["joined_target"] = tg[g]
    return t


def gen_t3(rng, q, size, quantum):
    p = {"manufacturing": 1.0, "construction": 0.95, "transport": 0.7, "utilities": 0.6, "it": 0.45,
         "trade": 0.4, "health": 0.55, "other": 0.5}
    t = {}
    for k, pr in p.items():
        if rng.random() >= pr:
            t[k] = {i: (Decimal(0) if i == "economic_benefit" else 0) for i in T3_INDS}
            continue
        comp = max(1, round(q * rng.uniform(1.0, 4.0) * size))
        units = comp * rng.randint(2, 7)
        part = units * rng.randint(30, 150)
        nonpub = int(part * (rng.uniform(0.1, 0.3) if k in ("utilities", "health") else rng.uniform(0.3, 0.8)))
        key = rng.randint(1, 3) * q if k in ("construction", "transport", "utilities") else rng.choice([0, 0, 1])
        key = min(key, comp)  # 其中：重点工程项目 counts competitions held on key projects
        made = round(part * rng.uniform(0.02, 0.06))
        adopted = int(made * rng.uniform(0.4, 0.75))
        innov = round(made * rng.uniform(0.1, 0.25))
        pioneer = rng.choice([0, 1, 1, 2]) if q >= 2 else rng.choice([0, 0, 1])
        benefit = qz(part * rng.uniform(150, 900), quantum)
        t[k] = dict(competitions=comp, units_participating=units, participants=part,
                    participants_non_public=nonpub, key_projects=key, suggestions_made=made,
                    suggestions_adopted=adopted, innovations=innov, pioneer_awards=pioneer,
                    economic_benefit=benefit)
    t["all"] = {i: sum((t[k][i] for k in p), Decimal(0) if i == "economic_benefit" else 0) for i in T3_INDS}
    return t


def gen_t4(rng, q, size, quantum):
    s = size
    t = {}

    def row(hh, pt, amt):
        amt = qz(amt, quantum)
        if amt == 0:
            return dict(aid_households=hh, aid_person_times=pt, aid_amount=Decimal(0),
                        aid_amount_union_funds=Decimal(0), aid_amount_fiscal=Decimal(0),
                        aid_amount_donations=Decimal(0))
        uf = qz(amt * Decimal(str(rng.uniform(0.55, 0.8))), quantum)
        fi = qz(amt * Decimal(str(rng.uniform(0.05, 0.25))), quantum)
        do = qz((amt - uf - fi) * Decimal(str(rng.uniform(0.0, 0.9))), quantum)
        return dict(aid_households=hh, aid_person_times=pt, aid_amount=amt, aid_amount_union_funds=uf,
                    aid_amount_fiscal=fi, aid_amount_donations=do)

    hh = round(rng.uniform(10, 30) * q * s)
    t["living"] = row(hh, round(hh * rng.uniform(1.0, 1.6)), hh * rng.uniform(2500, 5000))
    hh = round(rng.uniform(5, 18) * q * s)
    t["medical"] = row(hh, round(hh * rng.uniform(1.0, 1.3)), hh * rng.uniform(4000, 12000))
    if q >= 3:
        hh = round(rng.uniform(30, 90) * s)
        t["education"] = row(hh, hh, hh * rng.uniform(1500, 3500))
    else:
        t["education"] = row(0, 0, 0)
    hh = round(rng.uniform(3, 10) * q * s)
    t["employment"] = row(hh, round(hh * rng.uniform(1.0, 1.5)), hh * rng.uniform(300, 1200))
    hh = round(rng.uniform(200, 450) * s * (1 + 0.15 * (q - 1)) + (rng.uniform(40, 90) * s if q == 4 else 0))
    t["warmth"] = row(hh, hh, hh * rng.uniform(1500, 2600))
    pt = round(rng.uniform(200, 500) * s * (1 if q < 3 else 3))
    t["frontline"] = row(round(pt * rng.uniform(0.4, 0.7)), pt, pt * rng.uniform(150, 400))
    hh = rng.randint(0, 6) * q
    t["other"] = row(hh, hh, hh * rng.uniform(500, 2000))
    cats = T4_ROWS[1:]
    t["all"] = {i: sum((t[k][i] for k in cats), Decimal(0) if i.startswith("aid_amount") else 0) for i in T4_INDS}
    lines = {"hardship_households": round(rng.uniform(150, 450) * s), "hardship_exited_ytd": round(q * rng.uniform(5, 15) * s)}
    return t, lines


def hard_errors(d):
    errs = []
    for k, r in d["t1"].items():
        if r["units_unionized"] > r["units_total"]: errs.append(("t1", k, "uu"))
        if r["unions_joint"] > r["unions"]: errs.append(("t1", k, "joint"))
        if r["members_female"] > r["members"] or r["members_migrant"] > r["members"]: errs.append(("t1", k, "m"))
    t2 = d["t2"]
    for i in T2_INDS:
        for g in ("female", "migrant", "new_forms"):
            if t2[g][i] > t2["all"][i]: errs.append(("t2", g, i))
        if sum(t2[s][i] for s in SUBS) > t2["new_forms"][i]: errs.append(("t2", "subs", i))
    for k, r in d["t3"].items():
        if r["participants_non_public"] > r["participants"] or r["suggestions_adopted"] > r["suggestions_made"]:
            errs.append(("t3", k))
    for k, r in d["t4"].items():
        if r["aid_amount_union_funds"] + r["aid_amount_fiscal"] + r["aid_amount_donations"] > r["aid_amount"]:
            errs.append(("t4", k))
    for f in ("t1", "t2", "t3", "t4"):
        for k, r in d[f].items():
            if any(v < 0 for v in r.values()): errs.append((f, k, "neg"))
    return errs


def gen_return(seed, q, size=1.0, zone=False, quantum=Decimal(100)):
    rng = random.Random(seed)
    for _ in range(100):
        t1 = gen_t1(rng, q, size, zone)
        d = {"t1": t1, "t2": gen_t2(rng, q, t1), "t3": gen_t3(rng, q, size, quantum)}
        d["t4"], d["t4x"] = gen_t4(rng, q, size, quantum)
        if not hard_errors(d):
            return d
    raise RuntimeError("could not generate a consistent return for " + seed)


def retotal(d):
    for f, rows in (("t1", T1_ROWS), ("t3", T3_ROWS), ("t4", T4_ROWS)):
        inds = list(d[f]["all"])
        d[f]["all"] = {i: sum((d[f][k][i] for k in rows[1:]), type(d[f]["all"][i])(0)) for i in inds}


def copy_return(d):
    return {f: ({k: dict(v) for k, v in rows.items()} if f != "t4x" else dict(rows)) for f, rows in d.items()}


def collapse_t3(d, keep):
    """an office that tracks only a few industries: the others are counted under 其他."""
    t3 = d["t3"]
    for k in T3_ROWS[1:]:
        if k not in keep and k != "other":
            for i in T3_INDS:
                t3["other"][i] += t3[k][i]
            del t3[k]


# ---------------------------------------------------------------------------------------------------
# sheet model


class Cell:
    __slots__ = ("v", "fmt", "formula", "bold", "wrap", "align", "border")

    def __init__(self, v, fmt=None, formula=None, bold=False, wrap=False, align=None, border=False):
        self.v, self.fmt, self.formula, self.bold, self.wrap, self.align, self.border = v, fmt, formula, bold, wrap, align, border


class Sheet:
    def __init__(self, name, hidden=False):
        self.name, self.hidden = name, hidden
        self.cells: dict[tuple[int, int], Cell] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.widths: dict[int, float] = {}

    def put(self, r, c, v, **kw):
        self.cells[(r, c)] = Cell(v, **kw)

    def merge(self, r1, c1, r2, c2, v, **kw):
        self.put(r1, c1, v, **kw)
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))

    def extent(self):
        rr = [r for r, _ in self.cells] + [m[2] for m in self.merges] or [0]
        cc = [c for _, c in self.cells] + [m[3] for m in self.merges] or [0]
        return max(rr), max(cc)


def colname(c):
    s = ""
    c += 1
    while c:
        c, m = divmod(c - 1, 26)
        s = chr(65 + m) + s
    return s


def ref(r, c):
    return f"{colname(c)}{r + 1}"


class Ctx:
    """one file: identity, manifest entry, and the observations with the cell each came from."""

    def __init__(self, fname, district, period, expect="accept", corrects="", style="", encoding=None):
        self.fname, self.district, self.period = fname, district, period
        self.expect, self.corrects, self.style, self.encoding = expect, corrects, style, encoding
        self.obs = []

    def rec(self, ind, bd, v, sheet, r, c, factor):
        self.obs.append(dict(indicator=ind, breakdown=bd, value=Decimal(v), sheet=sheet, r=r, c=c, factor=factor))


# column specs
def L(head): return {"k": "label", "head": head}
def SEQ(head="序号"): return {"k": "seq", "head": head}
def SP(): return {"k": "spacer", "head": None}
def I(code, head, unit="n", group=None): return {"k": "ind", "code": code, "head": head, "unit": unit, "group": group}
def RATE(head, num, den, style="pct", group=None): return {"k": "rate", "head": head, "num": num, "den": den, "style": style, "group": group}
def NOTE(notes=None, head="备注"): return {"k": "note", "head": head, "notes": notes or {}}


FACTOR = {"n": 1, "yuan": 1, "wan2": 10000, "wan4": 10000}
NUMFMT = {"n": "#,##0", "yuan": "#,##0", "wan2": "0.00", "wan4": "0.0000"}


def render(v, unit):
    if unit == "n":
        return int(v)
    v = Decimal(v)
    if unit == "yuan":
        return int(v) if v == v.to_integral_value() else float(v)
    return float(v / 10000)


def render_text(v, unit, mode):
    x = Decimal(v) if unit in ("n", "yuan") else Decimal(v) / 10000
    if mode == "sep":
        if unit == "n":
            return f"{int(x):,}"
        return f"{x:,.2f}" if unit in ("yuan", "wan2") else f"{x:,.4f}"
    if mode == "fix2":
        return f"{int(x)}" if unit == "n" else f"{x:.2f}"
    if mode == "sep_space":  # pasted from a chat message: separators and a trailing blank
        return (f"{int(x):,}" if unit == "n" else f"{x:,.2f}") + " "
    raise ValueError(mode)


def place_table(sh, r0, c0, ctx, data, cols, rows, *, total_formula=False, zero=0, text=None,
                override=None, border=True, numfmt=True, rate_digits=None):
    """Lay one form's table out from (r0, c0). Returns (next free row, {row: r}, {code: c})."""
    grouped = any(col.get("group") for col in cols)
    hr = 2 if grouped else 1
    groups: dict[str, list[int]] = {}
    colof = {}
    for i, col in enumerate(cols):
        cc = c0 + i
        if col["k"] == "ind":
            colof[col["code"]] = cc
        if col["k"] == "spacer":
            continue
        g = col.get("group")
        if g:
            groups.setdefault(g, []).append(cc)
            sh.put(r0 + 1, cc, col["head"], bold=True, wrap=True, align="center", border=border)
        elif grouped:
            sh.merge(r0, cc, r0 + 1, cc, col["head"], bold=True, wrap=True, align="center", border=border)
        else:
            sh.put(r0, cc, col["head"], bold=True, wrap=True, align="center", border=border)
    for g, ccs in groups.items():
        sh.merge(r0, min(ccs), r0, max(ccs), g, bold=True, wrap=True, align="center", border=border)
    first = r0 + hr
    rowof = {code: first + j for j, (code, _) in enumerate(rows)}
    others = [rowof[code] for code, _ in rows if code != "all"]
    override = override or {}
    pending = []
    for j, (code, label) in enumerate(rows):
        r = first + j
        for i, col in enumerate(cols):
            cc, k = c0 + i, col["k"]
            if k == "label":
                sh.put(r, cc, label, border=border, bold=(code == "all"))
            elif k == "seq":
                n = sum(1 for x, _ in rows[:j + 1] if x != "all")
                sh.put(r, cc, col.get("values", {}).get(code, n if code != "all" else None), border=border, align="center")
            elif k == "note":
                sh.put(r, cc, col["notes"].get(code), border=border)
            elif k == "rate":
                num, den = data[code][col["num"]], data[code][col["den"]]
                x = (num / den) if den else None
                st = col["style"]
                if x is None:
                    sh.put(r, cc, "-" if st == "text" else None, border=border)
                elif st == "text":
                    sh.put(r, cc, f"{x * 100:.{rate_digits or 1}f}%", border=border, align="right")
                elif st == "formula" and col["num"] in colof and col["den"] in colof:
                    f = f"=IF({ref(r, colof[col['den']])}=0,\"\",{ref(r, colof[col['num']])}/{ref(r, colof[col['den']])})"
                    sh.put(r, cc, float(num) / float(den), fmt="0.0%", formula=f, border=border)
                else:
                    sh.put(r, cc, round(float(num) / float(den), rate_digits or 4), fmt="0.0%", border=border)
            elif k == "ind":
                ind, unit = col["code"], col["unit"]
                v = data[code][ind]
                if (code, ind) in override:
                    sh.put(r, cc, override[(code, ind)], border=border)
                    continue
                ctx.rec(ind, code, v, sh.name, r, cc, FACTOR[unit])
                fmt = NUMFMT[unit] if numfmt else None
                if total_formula and code == "all":
                    lo, hi = min(others), max(others)
                    if others == list(range(lo, hi + 1)):
                        f = f"=SUM({ref(lo, cc)}:{ref(hi, cc)})"
                    else:
                        f = "=SUM(" + ",".join(ref(x, cc) for x in others) + ")"
                    if zero == "fmtdash":
                        fmt = '#,##0;-#,##0;"-"' if unit == "n" else '#,##0.00;-#,##0.00;"-"'
                    sh.put(r, cc, None, fmt=fmt, formula=f, border=border, bold=True)
                    pending.append((r, cc))
                    continue
                if v == 0 and zero != 0:
                    if zero == "fmtdash":
                        sh.put(r, cc, 0, fmt='#,##0;-#,##0;"-"' if unit == "n" else '#,##0.00;-#,##0.00;"-"', border=border)
                    else:
                        sh.put(r, cc, zero if zero != "" else None, border=border, align="center")
                    continue
                if text and (text is True or ind in text):
                    mode = text.get(ind, "sep") if isinstance(text, dict) else "sep"
                    sh.put(r, cc, render_text(v, unit, mode), border=border, align="right")
                else:
                    sh.put(r, cc, render(v, unit), fmt=fmt, border=border)
    for r, cc in pending:  # the cached result of each SUM, as Excel adds the cells up in order
        cached = 0
        for x in others:
            cv = sh.cells.get((x, cc))
            if cv is not None and isinstance(cv.v, (int, float)):
                cached = cached + cv.v
        sh.cells[(r, cc)].v = cached
    return first + len(rows), rowof, colof


def place_lines(sh, r, c_label, c_val, ctx, lines, items, *, unit_col=None, text=False):
    for code, label in items:
        v = lines[code]
        sh.put(r, c_label, label)
        sh.put(r, c_val, f"{v:,}" if text else v, fmt=None if text else "#,##0")
        if unit_col is not None:
            sh.put(r, unit_col, "户")
        ctx.rec(code, "all", v, sh.name, r, c_val, 1)
        r += 1
    return r


# ---------------------------------------------------------------------------------------------------
# writers


def write_xlsxwriter(path, sheets, hook=None):
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path))
    fmts = {}

    def F(cell):
        key = (cell.fmt, cell.bold, cell.wrap, cell.align, cell.border)
        if key not in fmts:
            d = {}
            if cell.fmt: d["num_format"] = cell.fmt
            if cell.bold: d["bold"] = True
            if cell.wrap: d["text_wrap"] = True; d["valign"] = "vcenter"
            if cell.align: d["align"] = cell.align
            if cell.border: d["border"] = 1
            fmts[key] = wb.add_format(d) if d else None
        return fmts[key]

    wss = {}
    for sh in sheets:
        ws = wb.add_worksheet(sh.name)
        wss[sh.name] = ws
        tl = {(m[0], m[1]): m for m in sh.merges}
        for (r, c), cell in sorted(sh.cells.items()):
            if (r, c) in tl:
                m = tl[(r, c)]
                ws.merge_range(m[0], m[1], m[2], m[3], cell.v if cell.v is not None else "", F(cell))
                continue
            if cell.formula:
                ws.write_formula(r, c, cell.formula, F(cell), cell.v)
            elif cell.v is None:
                if F(cell) is not None:
                    ws.write_blank(r, c, None, F(cell))
            elif isinstance(cell.v, str):
                ws.write_string(r, c, cell.v, F(cell))
            else:
                ws.write_number(r, c, cell.v, F(cell))
        for c, w in sh.widths.items():
            ws.set_column(c, c, w)
        if sh.hidden:
            ws.hide()
    if hook:
        hook(wb, wss)
    wb.close()


def write_openpyxl(path, sheets):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    for sh in sheets:
        ws = wb.create_sheet(sh.name)
        for (r, c), cell in sorted(sh.cells.items()):
            assert not cell.formula, "openpyxl writes no cached values: use xlsxwriter for formulas"
            x = ws.cell(row=r + 1, column=c + 1, value=cell.v)
            if cell.fmt: x.number_format = cell.fmt
            if cell.bold: x.font = Font(bold=True)
            if cell.wrap or cell.align: x.alignment = Alignment(wrap_text=cell.wrap, horizontal=cell.align, vertical="center")
            if cell.border: x.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        for m in sh.merges:
            ws.merge_cells(start_row=m[0] + 1, start_column=m[1] + 1, end_row=m[2] + 1, end_column=m[3] + 1)
        for c, w in sh.widths.items():
            ws.column_dimensions[colname(c)].width = w
        if sh.hidden:
            ws.sheet_state = "hidden"
    wb.save(path)


def _ods_formula(f):
    body = re.sub(r"\b([A-Z]{1,3}\d+)(?::([A-Z]{1,3}\d+))?\b",
                  lambda m: f"[.{m.group(1)}:.{m.group(2)}]" if m.group(2) else f"[.{m.group(1)}]", f[1:])
    return "of:=" + body.replace(",", ";")


def write_ods(path, sheets):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
    from odf.text import P
    doc = OpenDocumentSpreadsheet()
    for sh in sheets:
        t = Table(name=sh.name)
        maxr, maxc = sh.extent()
        t.addElement(TableColumn(numbercolumnsrepeated=maxc + 1))
        span, covered = {}, set()
        for r1, c1, r2, c2 in sh.merges:
            span[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
        for r in range(maxr + 1):
            tr = TableRow()
            for c in range(maxc + 1):
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                kw = {}
                if (r, c) in span:
                    kw["numberrowsspanned"], kw["numbercolumnsspanned"] = span[(r, c)]
                cell = sh.cells.get((r, c))
                if cell is None or cell.v is None:
                    tc = TableCell(**kw)
                elif isinstance(cell.v, str):
                    tc = TableCell(valuetype="string", **kw)
                    for part in cell.v.split("\n"):
                        tc.addElement(P(text=part))
                else:
                    if cell.formula:
                        kw["formula"] = _ods_formula(cell.formula)
                    if cell.fmt == "0.0%":
                        tc = TableCell(valuetype="percentage", value=repr(float(cell.v)), **kw)
                        tc.addElement(P(text=f"{cell.v * 100:.1f}%"))
                    else:
                        tc = TableCell(valuetype="float", value=repr(cell.v) if isinstance(cell.v, float) else str(cell.v), **kw)
                        tc.addElement(P(text=format(cell.v, ".15g")))
                tr.addElement(tc)
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    doc.save(str(path))


def write_csv(path, sh, encoding, pad=True):
    maxr, maxc = sh.extent()
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        for r in range(maxr + 1):
            row = []
            for c in range(maxc + 1):
                cell = sh.cells.get((r, c))
                if cell is None or cell.v is None:
                    row.append("")
                elif isinstance(cell.v, float):
                    row.append(format(cell.v, ".15g"))
                else:
                    row.append(str(cell.v))
            if not pad:
                while row and row[-1] == "":
                    row.pop()
            w.writerow(row)


# ---------------------------------------------------------------------------------------------------
# wording


T1_LAB = {"all": "合计", "government": "机关", "institution": "事业单位", "soe": "国有企业", "collective": "集体企业",
          "non_public": "非公有制企业", "social_org": "社会组织"}
T2_LAB = {"all": "合计", "female": "其中：女职工", "migrant": "农民工", "new_forms": "新就业形态劳动者",
          "truck": "  其中：货车司机", "courier": "  快递员", "delivery": "  外卖配送员", "ride_hailing": "  网约车司机"}
T3_LAB = {"all": "合计", "manufacturing": "制造业", "construction": "建筑业", "transport": "交通运输、仓储和邮政业",
          "utilities": "电力、热力、燃气及水生产和供应业", "it": "信息传输、软件和信息技术服务业", "trade": "批发和零售业",
          "health": "卫生和社会工作", "other": "其他"}
T4_LAB = {"all": "合计", "living": "生活救助", "medical": "医疗救助", "education": "助学救助（金秋助学）",
          "employment": "就业帮扶", "warmth": "送温暖慰问", "frontline": "一线职工慰问", "other": "其他"}


def rows_of(order, lab, total_last=False, only=None):
    codes = [c for c in order if only is None or c in only]
    if total_last:
        codes = codes[1:] + codes[:1]
    return [(c, lab[c]) for c in codes]


FILES: list[Ctx] = []


def new(fname, district, period, style, expect="accept", corrects="", encoding=None):
    ctx = Ctx(fname, district, period, expect, corrects, style, encoding)
    FILES.append(ctx)
    return ctx


def title(sh, r, text, width):
    sh.merge(r, 0, r, width - 1, text, bold=True, align="center")


# ---------------------------------------------------------------------------------------------------
# A  南港区2025Q4.xlsx — Excel 365; district and period only in the file name


def file_nangang_2025q4():
    ctx = new("南港区2025Q4.xlsx", "nangang", "2025-Q4",
              "Excel 365 工作簿，区县和期别只写在文件名里，表名为英文（Coverage/Members/Contest/Aid），首页是“说明”页，"
              "另有隐藏的下拉列表辅助页和一张带折线图的 chart_data 页（季度走势数字，不是报表）；单行表头单位写在括号里，"
              "标签列与数据列之间空一列，合计行在底部用 SUM 公式，表三零值靠数字格式显示成“-”，有备注列和公式算的建会率、入会率。")
    d = gen_return("nangang-2025-Q4", 4, size=1.1)
    sheets = []
    s = Sheet("说明")
    s.put(0, 0, "填报说明", bold=True)
    for i, line in enumerate([
        "1. 各表填写本单位汇总数，会员人数、基层工会数等为期末时点数，本报表统计截至2025年12月31日。",
        "2. 表三、表四为本年累计数。",
        "3. 金额单位以各表表头为准。",
        "4. 白色单元格为填报区，合计行和比率为自动计算，请勿改动公式。",
        "5. 单位类型、行业请从下拉列表中选择。"]):
        s.put(2 + i, 0, line)
    s.widths[0] = 90
    sheets.append(s)

    # 表一
    s = Sheet("Coverage")
    cols = [L("单位类型"), SP(),
            I("units_total", "应建会单位数(个)"), I("units_unionized", "已建会单位数(个)"),
            RATE("建会率(%)", "units_unionized", "units_total", "formula"),
            I("unions", "基层工会总数(个)"), I("unions_joint", "其中：联合基层工会(个)"),
            I("employees", "职工人数(人)"), I("employees_in_unionized", "已建会单位职工人数(人)"),
            I("members", "工会会员合计（人）"), I("members_female", "女职工会员(人)"), I("members_migrant", "农民工会员(人)"),
            RATE("入会率(%)", "members", "employees_in_unionized", "formula"), I("unions_new_ytd", "新建工会（本年）"),
            NOTE({"non_public": "含楼宇、园区联合工会覆盖单位", "social_org": "含律师、会计等行业协会"})]
    title(s, 0, "表一  工会组织建设情况统计表", len(cols))
    s.put(1, 0, "填报单位（盖章）：")
    s.put(1, len(cols) - 1, "单位：个、人")
    end, _, _ = place_table(s, 3, 0, ctx, d["t1"], cols, rows_of(T1_ROWS, T1_LAB, total_last=True), total_formula=True)
    s.put(end + 1, 0, "填表人：陈晓          审核人：          联系电话：")
    s.put(end + 2, 0, "注：建会率=已建会单位数÷应建会单位数；入会率=会员人数÷已建会单位职工人数。")
    s.widths.update({0: 16, 1: 2})
    sheets.append(s)

    # 表二
    s = Sheet("Members")
    cols = [L("项目"), SP(),
            I("members_start", "期初会员数(人)"), I("members_joined", "本期新发展会员(人)"), I("members_left", "本期减少会员(人)"),
            I("members_end", "期末会员数(人)"), I("joined_ytd", "本年累计新发展会员(人)"), I("joined_target", "年度发展任务(人)"),
            RATE("完成年度任务(%)", "joined_ytd", "joined_target", "formula"), NOTE({"new_forms": "含快递、外卖、网约车集中入会"})]
    title(s, 0, "表二  会员发展情况统计表", len(cols))
    s.put(1, 0, "填报单位（盖章）：")
    s.put(1, len(cols) - 1, "单位：人")
    end, _, _ = place_table(s, 3, 0, ctx, d["t2"], cols, rows_of(T2_ROWS, T2_LAB))
    s.put(end + 1, 0, "填表人：陈晓          审核人：          联系电话：")
    s.widths.update({0: 20, 1: 2})
    sheets.append(s)

    # 表三
    s = Sheet("Contest")
    cols = [L("行业"), SP(),
            I("competitions", "竞赛项目数(项)"), I("units_participating", "参赛单位数(家)"),
            I("participants", "参与竞赛职工（人次）"), I("participants_non_public", "其中：非公企业职工(人次)"),
            I("key_projects", "重点工程项目(个)"), I("suggestions_made", "提出合理化建议(条)"),
            I("suggestions_adopted", "采纳实施合理化建议(条)"), I("innovations", "技术革新成果(项)"),
            I("pioneer_awards", "工人先锋号(个)"), I("economic_benefit", "经济效益（万元）", "wan2"), NOTE()]
    title(s, 0, "表三  劳动和技能竞赛开展情况统计表（本年累计）", len(cols))
    s.put(1, 0, "填报单位（盖章）：")
    end, _, _ = place_table(s, 3, 0, ctx, d["t3"], cols, rows_of(T3_ROWS, T3_LAB, total_last=True),
                            total_formula=True, zero="fmtdash")
    s.put(end + 1, 0, "填表人：陈晓          审核人：          联系电话：")
    s.widths.update({0: 30, 1: 2})
    sheets.append(s)

    # 表四
    s = Sheet("Aid")
    cols = [L("帮扶类别"), SP(),
            I("aid_households", "帮扶户数(户)"), I("aid_person_times", "帮扶人次(人次)"),
            I("aid_amount", "帮扶总金额（元）", "yuan"), I("aid_amount_union_funds", "其中：工会经费(元)", "yuan"),
            I("aid_amount_fiscal", "其中：财政资金(元)", "yuan"), I("aid_amount_donations", "其中：社会捐助(元)", "yuan"),
            NOTE({"warmth": "元旦春节送温暖", "frontline": "夏送清凉、冬送温暖一线慰问"})]
    title(s, 0, "表四  困难职工帮扶和慰问情况统计表（本年累计）", len(cols))
    s.put(1, 0, "填报单位（盖章）：")
    s.put(1, len(cols) - 1, "单位：户、人次、元")
    end, _, _ = place_table(s, 3, 0, ctx, d["t4"], cols, rows_of(T4_ROWS, T4_LAB, total_last=True), total_formula=True)
    r = place_lines(s, end + 1, 0, 2, ctx, d["t4x"], [("hardship_households", "在档困难职工户数（户）"),
                                                    ("hardship_exited_ytd", "本年解困脱困户数（户）")])
    s.put(r + 1, 0, "填表人：陈晓          审核人：          联系电话：")
    s.widths.update({0: 24, 1: 2})
    sheets.append(s)

    # chart data: a quarterly trend, not a return
    s = Sheet("chart_data")
    s.put(0, 0, "季度", bold=True); s.put(0, 1, "会员人数（人）", bold=True); s.put(0, 2, "基层工会数（个）", bold=True)
    m, u = d["t1"]["all"]["members"], d["t1"]["all"]["unions"]
    for i, (qq, fm, fu) in enumerate([("2025Q1", 0.962, 0.975), ("2025Q2", 0.974, 0.984), ("2025Q3", 0.988, 0.993), ("2025Q4", 1, 1)]):
        s.put(1 + i, 0, qq); s.put(1 + i, 1, round(m * fm)); s.put(1 + i, 2, round(u * fu))
    sheets.append(s)

    s = Sheet("helper", hidden=True)
    for c, (head, items) in enumerate([("单位类型", T1_LAB), ("行业", T3_LAB), ("帮扶类别", T4_LAB)]):
        s.put(0, 2 * c, head)
        for i, k in enumerate(list(items)[1:]):
            s.put(1 + i, 2 * c, items[k])
    sheets.append(s)

    def hook(wb, wss):
        ch = wb.add_chart({"type": "line"})
        ch.add_series({"name": "会员人数", "categories": "=chart_data!$A$2:$A$5", "values": "=chart_data!$B$2:$B$5"})
        ch.set_title({"name": "会员人数走势"})
        wss["chart_data"].insert_chart("E2", ch)
        wss["Coverage"].data_validation("A5:A10", {"validate": "list", "source": "=helper!$A$2:$A$7"})
        wss["Contest"].data_validation("A5:A12", {"validate": "list", "source": "=helper!$C$2:$C$9"})
        wss["Aid"].data_validation("A5:A11", {"validate": "list", "source": "=helper!$E$2:$E$8"})

    write_xlsxwriter(OUT / ctx.fname, sheets, hook)
    return d


# ---------------------------------------------------------------------------------------------------
# B / C  2026年1-3月 高新区.xlsx and its correction


def gaoxin_2026q1_sheets(ctx, d, corrected=False):
    sheets = []
    s = Sheet("表1")
    cols = [L("类别"),
            I("units_total", "应建会单位（家）"), I("units_unionized", "已建会单位（家）"),
            RATE("建会率", "units_unionized", "units_total", "pct"),
            I("unions", "基层工会数（个）"), I("unions_joint", "其中：联合基层工会（个）"),
            I("employees", "职工总数（人）"), I("employees_in_unionized", "已建会单位职工（人）"),
            I("members", "会员人数（人）"), I("members_female", "其中：女会员（人）"),
            I("members_migrant", "其中：农民工会员（人）"), RATE("入会率", "members", "employees_in_unionized", "pct"),
            I("unions_new_ytd", "本年新建工会（个）"),
            NOTE({"collective": "辖区无集体企业" if d["t1"]["collective"]["units_total"] == 0 else None,
                  "non_public": "含2家新建楼宇联合工会"})]
    title(s, 0, "工会组织建设情况统计表" + ("（更正）" if corrected else ""), len(cols))
    s.put(1, 0, "填报单位：")
    end, _, _ = place_table(s, 2, 0, ctx, d["t1"], cols, rows_of(T1_ROWS, T1_LAB, total_last=True),
                            total_formula=True, zero="")
    s.put(end + 1, 0, "填报人：刘佳佳    联系电话：")
    s.widths.update({0: 14})
    sheets.append(s)

    s = Sheet("表2")
    cols = [L("项目"),
            I("members_start", "期初会员数（人）"), I("members_joined", "本期新发展会员（人）"),
            I("members_left", "本期减少会员（人）"), I("members_end", "期末会员数（人）"),
            I("joined_ytd", "本年累计新发展会员（人）"), I("joined_target", "年度发展任务（人）"),
            RATE("完成年度任务", "joined_ytd", "joined_target", "pct"), NOTE()]
    title(s, 0, "会员发展情况统计表" + ("（更正）" if corrected else ""), len(cols))
    s.put(1, 0, "填报单位：")
    end, _, _ = place_table(s, 2, 0, ctx, d["t2"], cols, rows_of(T2_ROWS, T2_LAB), zero="")
    s.put(end + 1, 0, "填报人：刘佳佳    联系电话：")
    s.widths.update({0: 18})
    sheets.append(s)

    s = Sheet("表3")
    cols = [L("行业"),
            I("competitions", "竞赛项目（项）"), I("units_participating", "参赛单位（家）"),
            I("participants", "参与竞赛职工（人次）"), I("participants_non_public", "其中：非公企业职工（人次）"),
            I("key_projects", "重点工程项目（个）"), I("suggestions_made", "合理化建议提出（条）"),
            I("suggestions_adopted", "合理化建议采纳（条）"), I("innovations", "技术革新成果（项）"),
            I("pioneer_awards", "工人先锋号（个）"), I("economic_benefit", "经济效益（万元）", "wan2"), NOTE()]
    title(s, 0, "劳动和技能竞赛开展情况统计表" + ("（更正）" if corrected else ""), len(cols))
    s.put(1, 0, "填报单位：")
    end, _, _ = place_table(s, 2, 0, ctx, d["t3"], cols, rows_of(T3_ROWS, T3_LAB, total_last=True),
                            total_formula=True, zero="")
    s.put(end + 1, 0, "填报人：刘佳佳    联系电话：")
    s.widths.update({0: 30})
    sheets.append(s)

    s = Sheet("表4")
    cols = [L("类别"),
            I("aid_households", "帮扶户数（户）"), I("aid_person_times", "帮扶人次（人次）"),
            I("aid_amount", "帮扶总金额（万元）", "wan2"), I("aid_amount_union_funds", "其中：工会经费（万元）", "wan2"),
            I("aid_amount_fiscal", "财政资金（万元）", "wan2"), I("aid_amount_donations", "社会捐助（万元）", "wan2"),
            NOTE({"education": "金秋助学在三季度开展"})]
    title(s, 0, "困难职工帮扶和慰问情况统计表" + ("（更正）" if corrected else ""), len(cols))
    s.put(1, 0, "填报单位：")
    end, _, _ = place_table(s, 2, 0, ctx, d["t4"], cols, rows_of(T4_ROWS, T4_LAB, total_last=True),
                            total_formula=True, zero="")
    r = place_lines(s, end + 1, 0, 1, ctx, d["t4x"], [("hardship_households", "在档困难职工户数"),
                                                    ("hardship_exited_ytd", "本年解困脱困户数")])
    s.put(r + 1, 0, "填报人：刘佳佳    联系电话：")
    s.widths.update({0: 22})
    sheets.append(s)
    return sheets


def file_gaoxin_2026q1():
    ctx = new("2026年1-3月 高新区.xlsx", "gaoxin", "2026-Q1",
              "Excel 365 工作簿，区县和期别只在文件名“2026年1-3月 高新区”里，表名“表1”至“表4”，标题不写单位和时间；"
              "单行表头单位在括号里（应建会单位（家）、已建会单位职工（人）等说法），建会率、入会率是百分比格式的数，"
              "有备注列，合计行在底部由 SUM 公式算出（万元金额的缓存值带浮点尾数），零值留空。")
    d = gen_return("gaoxin-2026-Q1", 1, size=0.75, zone=True)
    write_xlsxwriter(OUT / ctx.fname, gaoxin_2026q1_sheets(ctx, d))
    return d


def file_gaoxin_2026q1_fix(d0):
    ctx = new("2026年1-3月 高新区(更正).xlsx", "gaoxin", "2026-Q1",
              "上一份“2026年1-3月 高新区.xlsx”的更正版，版式相同，标题加“（更正）”：表一非公有制企业会员数和女会员数、"
              "表二合计和女职工的本期新发展、本年累计、期末会员数、表三制造业参赛人次和非公企业人次、表四生活救助金额和工会经费改了，"
              "底部合计公式随之变化。",
              corrects="2026年1-3月 高新区.xlsx")
    d = copy_return(d0)
    npub = d["t1"]["non_public"]
    npub["members"] += 86
    npub["members_female"] += 40
    assert npub["members"] <= npub["employees_in_unionized"]
    man = d["t3"]["manufacturing"]
    man["participants"] += 300
    man["participants_non_public"] += 200
    liv = d["t4"]["living"]
    liv["aid_amount"] += 12000
    liv["aid_amount_union_funds"] += 12000
    retotal(d)
    # 表二's period-end totals follow 表一
    d["t2"]["all"]["members_end"] += 86
    d["t2"]["all"]["members_joined"] += 86
    d["t2"]["all"]["joined_ytd"] += 86
    d["t2"]["female"]["members_end"] += 40
    d["t2"]["female"]["members_joined"] += 40
    d["t2"]["female"]["joined_ytd"] += 40
    assert not hard_errors(d)
    write_xlsxwriter(OUT / ctx.fname, gaoxin_2026q1_sheets(ctx, d, corrected=True))


# ---------------------------------------------------------------------------------------------------
# D  示例经济技术开发区2025年度统计报表.ods — LibreOffice, "2025年度" = Q4, tracked 表二 rows only


def file_jingkai_2025():
    ctx = new("示例经济技术开发区2025年度统计报表.ods", "jingkai", "2025-Q4",
              "LibreOffice 保存的 .ods，区名用全称“示例经济技术开发区”，期别写“2025年度”（即四季度报）；"
              "两行表头：“单位数（个）”下分应建会/已建会，“会员人数（人）”下第一列是“合计”，“参赛职工（人次）”下是小计/其中非公企业，"
              "“帮扶金额（万元）”下是合计/其中工会经费/财政资金/社会捐助；合计行在最上面用 SUM 公式，零值写“-”；"
              "表二只列本区统计的合计、女职工、农民工、新就业形态劳动者四行。")
    d = gen_return("jingkai-2025-Q4", 4, size=0.6, zone=True)
    name = "示例经济技术开发区总工会"
    sheets = []

    s = Sheet("组织建设")
    cols = [L("单位类型"),
            I("units_total", "应建会", group="单位数（个）"), I("units_unionized", "已建会", group="单位数（个）"),
            RATE("建会率(%)", "units_unionized", "units_total", "formula"),
            I("unions", "基层工会数（个）"), I("unions_joint", "其中：联合基层工会（个）"),
            I("employees", "职工人数（人）"), I("employees_in_unionized", "已建会单位职工人数（人）"),
            I("members", "合计", group="会员人数（人）"), I("members_female", "其中：女职工", group="会员人数（人）"),
            I("members_migrant", "其中：农民工", group="会员人数（人）"),
            I("unions_new_ytd", "本年新建工会（个）")]
    title(s, 0, f"{name}2025年度工会组织建设情况统计表", len(cols))
    s.put(1, len(cols) - 1, "单位：个、人")
    end, _, _ = place_table(s, 2, 0, ctx, d["t1"], cols, rows_of(T1_ROWS, T1_LAB), total_formula=True, zero="-")
    s.put(end + 1, 0, "填表人：赵一鸣   审核人：孙海   填报日期：")
    sheets.append(s)

    s = Sheet("会员发展")
    cols = [L("项目"),
            I("members_start", "期初会员数"), I("members_joined", "本期新增会员"), I("members_left", "本期减少会员"),
            I("members_end", "期末会员数"), I("joined_ytd", "本年累计新增会员"), I("joined_target", "年度发展任务"),
            RATE("完成年度任务(%)", "joined_ytd", "joined_target", "formula")]
    title(s, 0, f"{name}2025年度会员发展情况统计表", len(cols))
    s.put(1, len(cols) - 1, "单位：人")
    lab = {"all": "合计", "female": "女职工", "migrant": "农民工", "new_forms": "新就业形态劳动者"}
    end, _, _ = place_table(s, 2, 0, ctx, d["t2"], cols, rows_of(T2_ROWS, lab, only=lab), zero="-")
    s.put(end + 1, 0, "填表人：赵一鸣   审核人：孙海   填报日期：")
    sheets.append(s)

    s = Sheet("劳动竞赛")
    cols = [L("行业"),
            I("competitions", "竞赛项目数（项）"), I("units_participating", "参赛单位数（家）"),
            I("participants", "小计", group="参赛职工（人次）"),
            I("participants_non_public", "其中：非公企业", group="参赛职工（人次）"),
            I("key_projects", "重点工程项目（个）"),
            I("suggestions_made", "提出", group="合理化建议（条）"), I("suggestions_adopted", "采纳实施", group="合理化建议（条）"),
            I("innovations", "技术革新成果（项）"), I("pioneer_awards", "工人先锋号（个）"),
            I("economic_benefit", "创经济效益（万元）", "wan2")]
    title(s, 0, f"{name}2025年度劳动和技能竞赛开展情况统计表", len(cols))
    end, _, _ = place_table(s, 2, 0, ctx, d["t3"], cols, rows_of(T3_ROWS, T3_LAB), total_formula=True, zero="-")
    inds = sum(1 for k in T3_ROWS[1:] if d["t3"][k]["competitions"] > 0)
    s.put(end + 1, 0, "涉及行业数（个）")
    s.put(end + 1, 1, inds)
    s.put(end + 3, 0, "填表人：赵一鸣   审核人：孙海   填报日期：")
    sheets.append(s)

    s = Sheet("帮扶慰问")
    cols = [L("类别"),
            I("aid_households", "帮扶户数（户）"), I("aid_person_times", "帮扶人次"),
            I("aid_amount", "合计", "wan2", group="帮扶金额（万元）"),
            I("aid_amount_union_funds", "其中：工会经费", "wan2", group="帮扶金额（万元）"),
            I("aid_amount_fiscal", "财政资金", "wan2", group="帮扶金额（万元）"),
            I("aid_amount_donations", "社会捐助", "wan2", group="帮扶金额（万元）")]
    title(s, 0, f"{name}2025年度困难职工帮扶和慰问情况统计表", len(cols))
    end, _, _ = place_table(s, 2, 0, ctx, d["t4"], cols, rows_of(T4_ROWS, T4_LAB), total_formula=True, zero="-")
    r = place_lines(s, end + 1, 0, 1, ctx, d["t4x"], [("hardship_households", "在档困难职工户数（户）"),
                                                    ("hardship_exited_ytd", "本年解困脱困户数（户）")])
    s.put(r + 1, 0, "填表人：赵一鸣   审核人：孙海   填报日期：")
    sheets.append(s)
    write_ods(OUT / ctx.fname, sheets)


# ---------------------------------------------------------------------------------------------------
# E / F  城中区 CSV exports from the online form system (GBK)


def file_chengzhong_csv():
    d = gen_return("chengzhong-2025-Q3", 3, size=1.3)
    ctx = new("工会组织建设情况统计表-城中区总工会.csv", "chengzhong", "2025-Q3",
              "网上填报系统导出的 GBK 编码 CSV，一个文件一张表（表一），首行标题含“城中区总工会2025年三季度”，"
              "第二行“填报单位”和“单位：个、人”，有序号列，表头说法是应建工会单位（家）、基层工会组织（个）、职工总数（人）等，"
              "建会率、入会率是带“%”的文字，表尾有填表人和导出时间。", encoding="gbk")
    s = Sheet("csv")
    cols = [SEQ(), L("单位类型"),
            I("units_total", "应建工会单位（家）"), I("units_unionized", "已建工会单位（家）"),
            RATE("建会率", "units_unionized", "units_total", "text"),
            I("unions", "基层工会组织（个）"), I("unions_joint", "其中：联合基层工会（个）"),
            I("employees", "职工总数（人）"), I("employees_in_unionized", "已建会单位职工（人）"),
            I("members", "会员人数（人）"), I("members_female", "其中：女会员（人）"),
            I("members_migrant", "其中：农民工会员（人）"), RATE("入会率", "members", "employees_in_unionized", "text"),
            I("unions_new_ytd", "本年新建基层工会（个）")]
    s.put(0, 0, "城中区总工会2025年三季度工会组织建设情况统计表")
    s.put(1, 0, "填报单位：城中区总工会")
    s.put(1, len(cols) - 1, "单位：个、人")
    end, _, _ = place_table(s, 2, 0, ctx, d["t1"], cols, rows_of(T1_ROWS, T1_LAB), numfmt=False)
    s.put(end, 0, "填表人：王小明")
    s.put(end, 3, "审核人：张伟")
    s.put(end, 6, "联系电话：0000-87654321")
    s.put(end + 1, 0, "导出时间：2025-10-09 15:32:10")
    write_csv(OUT / ctx.fname, s, "gbk")

    ctx = new("会员发展情况统计表-城中区总工会.csv", "chengzhong", "2025-Q3",
              "同一系统导出的 GBK 编码 CSV（表二），首行标题含“城中区总工会2025年三季度”，单位行“单位：人”，"
              "新就业形态劳动者下的四类用“其中：”嵌套，完成年度任务是带“%”的文字。", encoding="gbk")
    s = Sheet("csv")
    cols = [SEQ(), L("项目"),
            I("members_start", "期初会员数（人）"), I("members_joined", "本期新发展会员（人）"),
            I("members_left", "本期减少会员（人）"), I("members_end", "期末会员数（人）"),
            I("joined_ytd", "本年累计新发展会员（人）"), I("joined_target", "年度发展任务（人）"),
            RATE("完成年度任务", "joined_ytd", "joined_target", "text")]
    s.put(0, 0, "城中区总工会2025年三季度会员发展情况统计表")
    s.put(1, 0, "填报单位：城中区总工会")
    s.put(1, len(cols) - 1, "单位：人")
    lab = dict(T2_LAB, truck="其中：货车司机", courier="快递员", delivery="外卖配送员", ride_hailing="网约车司机")
    end, _, _ = place_table(s, 2, 0, ctx, d["t2"], cols, rows_of(T2_ROWS, lab), numfmt=False)
    s.put(end, 0, "填表人：王小明")
    s.put(end, 3, "审核人：张伟")
    s.put(end, 6, "联系电话：0000-87654321")
    s.put(end + 1, 0, "导出时间：2025-10-09 15:33:47")
    write_csv(OUT / ctx.fname, s, "gbk")


# ---------------------------------------------------------------------------------------------------
# G / H  云台市 CSV, UTF-8 with BOM


def file_yuntai_csv():
    d = gen_return("yuntai-2026-Q1", 1, size=1.2, quantum=Decimal(1))
    for k in T3_ROWS[1:]:  # 经济效益 is kept to 2 decimals of 万元
        d["t3"][k]["economic_benefit"] = qz(d["t3"][k]["economic_benefit"], Decimal(100))
    retotal(d)
    ctx = new("云台市2026年一季度表三.csv", "yuntai", "2026-Q1",
              "UTF-8 带 BOM 的 CSV，一个文件只有表三，首行标题“云台市总工会2026年一季度…”，第二行是系统统一加的“单位：元”，"
              "但经济效益列的表头写“（万元）”（以表头为准），合计在第一行，零值导出为 0，表头“参与竞赛职工（人次）”“采纳实施合理化建议”等。",
              encoding="utf-8-sig")
    s = Sheet("csv")
    cols = [L("行业"),
            I("competitions", "竞赛项目（项）"), I("units_participating", "参赛单位（家）"),
            I("participants", "参与竞赛职工（人次）"), I("participants_non_public", "其中：非公企业职工（人次）"),
            I("key_projects", "重点工程项目（个）"), I("suggestions_made", "提出合理化建议（条）"),
            I("suggestions_adopted", "采纳实施合理化建议（条）"), I("innovations", "技术革新成果（项）"),
            I("pioneer_awards", "工人先锋号（个）"), I("economic_benefit", "经济效益（万元）", "wan2"), NOTE()]
    s.put(0, 0, "云台市总工会2026年一季度劳动和技能竞赛开展情况统计表")
    s.put(1, 0, "单位：元")
    place_table(s, 2, 0, ctx, d["t3"], cols, rows_of(T3_ROWS, T3_LAB), numfmt=False)
    write_csv(OUT / ctx.fname, s, "utf-8-sig", pad=False)

    ctx = new("云台市2026年一季度表四.csv", "yuntai", "2026-Q1",
              "UTF-8 带 BOM 的 CSV，只有表四，标题“云台市总工会2026年一季度困难职工帮扶和慰问情况统计表”，“单位：元”，"
              "金额导出成两位小数文字（356820.00），户数列叫“慰问困难职工户数”，在档困难职工户数和本年解困脱困户数在表下各占一行。",
              encoding="utf-8-sig")
    s = Sheet("csv")
    cols = [L("帮扶类别"),
            I("aid_households", "慰问困难职工户数"), I("aid_person_times", "帮扶人次"),
            I("aid_amount", "帮扶总金额（元）", "yuan"), I("aid_amount_union_funds", "其中：工会经费（元）", "yuan"),
            I("aid_amount_fiscal", "其中：财政资金（元）", "yuan"), I("aid_amount_donations", "其中：社会捐助（元）", "yuan"),
            NOTE()]
    s.put(0, 0, "云台市总工会2026年一季度困难职工帮扶和慰问情况统计表")
    s.put(1, 0, "单位：元")
    text = {i: "fix2" for i in T4_INDS}
    end, _, _ = place_table(s, 2, 0, ctx, d["t4"], cols, rows_of(T4_ROWS, T4_LAB), numfmt=False, text=text)
    place_lines(s, end, 0, 1, ctx, d["t4x"], [("hardship_households", "在档困难职工户数"),
                                            ("hardship_exited_ytd", "本年解困脱困户数")])
    write_csv(OUT / ctx.fname, s, "utf-8-sig", pad=False)


# ---------------------------------------------------------------------------------------------------
# I  报表终版(1).xlsx — WeChat forward, renamed; four forms stacked on Sheet1


def file_xishan_2026h1():
    ctx = new("报表终版(1).xlsx", "xishan", "2026-Q2",
              "微信转发后被改名的文件（“报表终版(1)”），文件名里没有区县和期别；Sheet1 顶部大标题“西山区总工会工会统计报表（2026年1-6月）”"
              "和“填报单位：西山区总工会（盖章）”，四张表上下叠在同一页，各有小标题；表一行名带编号（1.机关…），会员三列是从微信粘贴来的"
              "带千分位和尾随空格的文字；表二子类写“外卖骑手”“网约车驾驶员”；零值写“/”；Sheet2、Sheet3 是空页。")
    d = gen_return("xishan-2026-Q2", 2, size=1.0)
    s = Sheet("Sheet1")
    W = 14
    s.merge(0, 0, 0, W - 1, "西山区总工会工会统计报表（2026年1-6月）", bold=True, align="center")
    s.put(1, 0, "填报单位：西山区总工会（盖章）")
    r = 3
    s.put(r, 0, "表一  工会组织建设情况", bold=True)
    lab1 = {"all": "合计", "government": "1.机关", "institution": "2.事业单位", "soe": "3.国有企业", "collective": "4.集体企业",
            "non_public": "5.非公有制企业", "social_org": "6.社会组织"}
    cols = [L("项目"),
            I("units_total", "应建会单位数（个）"), I("units_unionized", "已建会单位数（个）"),
            I("unions", "基层工会数（个）"), I("unions_joint", "其中：联合基层工会（个）"),
            I("employees", "职工人数（人）"), I("employees_in_unionized", "已建会单位职工人数（人）"),
            I("members", "会员人数（人）"), I("members_female", "其中：女会员（人）"), I("members_migrant", "其中：农民工会员（人）"),
            RATE("入会率", "members", "employees_in_unionized", "pct"), I("unions_new_ytd", "本年新建基层工会（个）")]
    text = {"members": "sep_space", "members_female": "sep_space", "members_migrant": "sep_space"}
    end, _, _ = place_table(s, r + 1, 0, ctx, d["t1"], cols, rows_of(T1_ROWS, lab1, total_last=True), zero="/", text=text)
    r = end + 1
    s.put(r, 0, "表二  会员发展情况（单位：人）", bold=True)
    lab2 = {"all": "合计", "female": "女职工", "migrant": "农民工", "new_forms": "新就业形态劳动者",
            "truck": "　　货车司机", "courier": "　　快递员", "delivery": "　　外卖骑手", "ride_hailing": "　　网约车驾驶员"}
    cols = [L("项目"),
            I("members_start", "期初会员数"), I("members_joined", "本期新发展"), I("members_left", "本期减少"),
            I("members_end", "期末会员数"), I("joined_ytd", "本年累计发展"), I("joined_target", "年度任务"),
            RATE("完成任务%", "joined_ytd", "joined_target", "pct")]
    end, _, _ = place_table(s, r + 1, 0, ctx, d["t2"], cols, rows_of(T2_ROWS, lab2), zero="/")
    r = end + 1
    s.put(r, 0, "表三  劳动和技能竞赛开展情况（1-6月累计）", bold=True)
    lab3 = dict(T3_LAB, transport="交通运输仓储邮政业", utilities="电力热力燃气水", it="信息技术服务业")
    cols = [L("行业"),
            I("competitions", "竞赛项目数（项）"), I("units_participating", "参赛单位（家）"), I("participants", "参赛职工（人次）"),
            I("participants_non_public", "其中：非公企业职工（人次）"), I("key_projects", "重点工程项目（个）"),
            I("suggestions_made", "合理化建议提出（条）"), I("suggestions_adopted", "合理化建议采纳实施（条）"),
            I("innovations", "技术革新成果（项）"), I("pioneer_awards", "工人先锋号（个）"),
            I("economic_benefit", "创经济效益（万元）", "wan2")]
    end, _, _ = place_table(s, r + 1, 0, ctx, d["t3"], cols, rows_of(T3_ROWS, lab3, total_last=True), zero="/",
                            text={"economic_benefit": "sep"})
    r = end + 1
    s.put(r, 0, "表四  困难职工帮扶和慰问情况（1-6月累计）", bold=True)
    cols = [L("类别"),
            I("aid_households", "帮扶户数（户）"), I("aid_person_times", "帮扶人次（人次）"),
            I("aid_amount", "帮扶金额（元）", "yuan"), I("aid_amount_union_funds", "其中：工会经费（元）", "yuan"),
            I("aid_amount_fiscal", "其中：财政资金（元）", "yuan"), I("aid_amount_donations", "其中：社会捐助（元）", "yuan")]
    end, _, _ = place_table(s, r + 1, 0, ctx, d["t4"], cols, rows_of(T4_ROWS, T4_LAB, total_last=True), zero="/")
    r = place_lines(s, end, 0, 1, ctx, d["t4x"], [("hardship_households", "在档困难职工户数（户）"),
                                                ("hardship_exited_ytd", "本年解困脱困户数（户）")])
    s.put(r + 1, 0, "填表人：周雨桐")
    s.put(r + 1, 4, "联系电话：13800000000")
    s.widths.update({0: 22})
    write_openpyxl(OUT / ctx.fname, [s, Sheet("Sheet2"), Sheet("Sheet3")])


# ---------------------------------------------------------------------------------------------------
# J  临江县2024年四季度.ods


def file_linjiang_2024q4():
    ctx = new("临江县2024年四季度.ods", "linjiang", "2024-Q4",
              "LibreOffice .ods，表名 Sheet1–Sheet4，每页标题“临江县总工会2024年第四季度…”，单行表头单位在括号里，"
              "合计在底部是 SUM 公式，表四金额用万元保留四位小数（合计的缓存值带浮点尾数），零值写 0，比率是百分比单元格。")
    d = gen_return("linjiang-2024-Q4", 4, size=0.9, quantum=Decimal(1))
    for k in T3_ROWS[1:]:
        d["t3"][k]["economic_benefit"] = qz(d["t3"][k]["economic_benefit"], Decimal(100))
    retotal(d)
    pre = "临江县总工会2024年第四季度"
    sheets = []
    s = Sheet("Sheet1")
    cols = [L("单位类型"),
            I("units_total", "应建会单位数(个)"), I("units_unionized", "已建会单位数(个)"), RATE("建会率", "units_unionized", "units_total"),
            I("unions", "基层工会数(个)"), I("unions_joint", "其中：联合基层工会(个)"), I("employees", "职工人数(人)"),
            I("employees_in_unionized", "已建会单位职工人数(人)"), I("members", "会员人数(人)"),
            I("members_female", "其中：女会员(人)"), I("members_migrant", "其中：农民工会员(人)"),
            RATE("入会率", "members", "employees_in_unionized"), I("unions_new_ytd", "本年新建基层工会数(个)")]
    title(s, 0, pre + "工会组织建设情况统计表", len(cols))
    lab = dict(T1_LAB, all="全县合计")
    end, _, _ = place_table(s, 2, 0, ctx, d["t1"], cols, rows_of(T1_ROWS, lab, total_last=True), total_formula=True)
    s.put(end + 1, 0, "资料来源：各乡镇（街道）总工会、县直单位工会报表")
    sheets.append(s)

    s = Sheet("Sheet2")
    cols = [L("项目"),
            I("members_start", "期初会员数(人)"), I("members_joined", "本期新发展会员(人)"), I("members_left", "本期减少会员(人)"),
            I("members_end", "期末会员数(人)"), I("joined_ytd", "本年累计新发展会员(人)"), I("joined_target", "年度发展任务(人)"),
            RATE("完成年度任务", "joined_ytd", "joined_target")]
    title(s, 0, pre + "会员发展情况统计表", len(cols))
    end, _, _ = place_table(s, 2, 0, ctx, d["t2"], cols, rows_of(T2_ROWS, dict(T2_LAB, all="全县合计")))
    sheets.append(s)

    s = Sheet("Sheet3")
    cols = [L("行业"),
            I("competitions", "竞赛项目数(项)"), I("units_participating", "参赛单位数(家)"), I("participants", "参赛职工(人次)"),
            I("participants_non_public", "其中：非公企业职工(人次)"), I("key_projects", "其中：重点工程项目(个)"),
            I("suggestions_made", "合理化建议提出(条)"), I("suggestions_adopted", "合理化建议采纳实施(条)"),
            I("innovations", "技术革新成果(项)"), I("pioneer_awards", "工人先锋号(个)"), I("economic_benefit", "创经济效益(万元)", "wan2")]
    title(s, 0, pre + "劳动和技能竞赛开展情况统计表", len(cols))
    end, _, _ = place_table(s, 2, 0, ctx, d["t3"], cols, rows_of(T3_ROWS, dict(T3_LAB, all="全县合计"), total_last=True),
                            total_formula=True)
    sheets.append(s)

    s = Sheet("Sheet4")
    cols = [L("类别"),
            I("aid_households", "帮扶户数(户)"), I("aid_person_times", "帮扶人次(人次)"),
            I("aid_amount", "帮扶金额(万元)", "wan4"), I("aid_amount_union_funds", "其中：工会经费(万元)", "wan4"),
            I("aid_amount_fiscal", "其中：财政资金(万元)", "wan4"), I("aid_amount_donations", "其中：社会捐助(万元)", "wan4")]
    title(s, 0, pre + "困难职工帮扶和慰问情况统计表", len(cols))
    end, _, _ = place_table(s, 2, 0, ctx, d["t4"], cols, rows_of(T4_ROWS, dict(T4_LAB, all="全县合计"), total_last=True),
                            total_formula=True)
    place_lines(s, end + 1, 0, 1, ctx, d["t4x"], [("hardship_households", "在档困难职工户数(户)"),
                                                ("hardship_exited_ytd", "本年解困脱困户数(户)")])
    sheets.append(s)
    write_ods(OUT / ctx.fname, sheets)


# ---------------------------------------------------------------------------------------------------
# K  青石县 2025Q1.xlsx


def file_qingshi_2025q1():
    ctx = new("青石县 2025Q1.xlsx", "qingshi", "2025-Q1",
              "Excel 365（openpyxl 写，无公式）四张表各一页，标题“青石县总工会2025年第一季度…”，有序号列，合计在最上面，零值写“—”；"
              "表三只列县里统计的制造业、建筑业、交通运输和其他四个行业，“参赛职工（人次）”下分小计和其中非公企业；"
              "表四“帮扶金额（元）”下第一列是合计，再分工会经费、财政资金、社会捐助。")
    d = gen_return("qingshi-2025-Q1", 1, size=0.7)
    collapse_t3(d, {"manufacturing", "construction", "transport"})
    assert not hard_errors(d)
    pre = "青石县总工会2025年第一季度"
    sheets = []
    s = Sheet("表一")
    cols = [SEQ(), L("单位类型"),
            I("units_total", "应建会单位数"), I("units_unionized", "已建会单位数"), RATE("建会率", "units_unionized", "units_total"),
            I("unions", "基层工会数"), I("unions_joint", "其中：联合基层工会"), I("employees", "职工人数"),
            I("employees_in_unionized", "已建会单位职工人数"), I("members", "会员人数"), I("members_female", "其中：女会员"),
            I("members_migrant", "其中：农民工会员"), I("unions_new_ytd", "本年新建基层工会数")]
    title(s, 0, pre + "工会组织建设情况统计表", len(cols))
    s.put(1, 0, "填报单位：青石县总工会")
    s.put(1, len(cols) - 1, "单位：个、人")
    end, _, _ = place_table(s, 2, 0, ctx, d["t1"], cols, rows_of(T1_ROWS, T1_LAB), zero="—")
    s.put(end + 1, 1, "填表人：何静    审核人：罗斌")
    sheets.append(s)

    s = Sheet("表二")
    cols = [SEQ(), L("项目"),
            I("members_start", "期初会员数"), I("members_joined", "本期新发展会员"), I("members_left", "本期减少会员"),
            I("members_end", "期末会员数"), I("joined_ytd", "本年累计新发展会员"), I("joined_target", "年度发展任务")]
    title(s, 0, pre + "会员发展情况统计表", len(cols))
    s.put(1, 0, "填报单位：青石县总工会")
    s.put(1, len(cols) - 1, "单位：人")
    end, _, _ = place_table(s, 2, 0, ctx, d["t2"], cols, rows_of(T2_ROWS, T2_LAB), zero="—")
    s.put(end + 1, 1, "填表人：何静    审核人：罗斌")
    sheets.append(s)

    s = Sheet("表三")
    cols = [SEQ(), L("行业"),
            I("competitions", "竞赛项目（项）"), I("units_participating", "参赛单位（家）"),
            I("participants", "小计", group="参赛职工（人次）"), I("participants_non_public", "其中：非公企业", group="参赛职工（人次）"),
            I("key_projects", "重点工程项目（个）"), I("suggestions_made", "合理化建议提出（条）"),
            I("suggestions_adopted", "合理化建议采纳实施（条）"), I("innovations", "技术革新成果（项）"),
            I("pioneer_awards", "工人先锋号（个）"), I("economic_benefit", "经济效益（万元）", "wan2")]
    title(s, 0, pre + "劳动和技能竞赛开展情况统计表", len(cols))
    s.put(1, 0, "填报单位：青石县总工会")
    rows = [(c, T3_LAB[c]) for c in ["all", "manufacturing", "construction", "transport", "other"]]
    end, _, _ = place_table(s, 2, 0, ctx, d["t3"], cols, rows, zero="—")
    s.put(end + 1, 1, "填表人：何静    审核人：罗斌")
    sheets.append(s)

    s = Sheet("表四")
    cols = [SEQ(), L("类别"),
            I("aid_households", "帮扶户数（户）"), I("aid_person_times", "帮扶人次"),
            I("aid_amount", "合计", "yuan", group="帮扶金额（元）"),
            I("aid_amount_union_funds", "其中：工会经费", "yuan", group="帮扶金额（元）"),
            I("aid_amount_fiscal", "财政资金", "yuan", group="帮扶金额（元）"),
            I("aid_amount_donations", "社会捐助", "yuan", group="帮扶金额（元）")]
    title(s, 0, pre + "困难职工帮扶和慰问情况统计表", len(cols))
    s.put(1, 0, "填报单位：青石县总工会")
    end, _, _ = place_table(s, 2, 0, ctx, d["t4"], cols, rows_of(T4_ROWS, T4_LAB), zero="—")
    r = place_lines(s, end + 1, 1, 2, ctx, d["t4x"], [("hardship_households", "在档困难职工户数（户）"),
                                                    ("hardship_exited_ytd", "本年解困脱困户数（户）")])
    s.put(r + 1, 1, "填表人：何静    审核人：罗斌")
    sheets.append(s)
    write_openpyxl(OUT / ctx.fname, sheets)


# ---------------------------------------------------------------------------------------------------
# L  白沙县_2025Q3_工会统计.xlsx — Excel tables ("套用表格格式") with a total row


def file_baisha_2025q3():
    ctx = new("白沙县_2025Q3_工会统计.xlsx", "baisha", "2025-Q3",
              "Excel 365 “套用表格格式”做的表（Excel 表对象，带筛选按钮和汇总行），表名英文 Org/Members/Contests/Aid，"
              "每页标题“白沙县总工会 2025年1-9月 …”；汇总行“合计”在底部是 SUBTOTAL 公式（缓存值带浮点尾数），"
              "表二没有汇总行、合计是第一行数据；表四金额万元两位小数，表下两行在档和解困脱困户数。")
    d = gen_return("baisha-2025-Q3", 3, size=0.6)
    tables = []
    sheets = []

    def sheet(name, ttl, cols, data, rows, total):
        s = Sheet(name)
        s.put(0, 0, ttl, bold=True)
        end, rowof, colof = place_table(s, 2, 0, ctx, data, cols, rows, total_formula=total, border=False)
        tables.append((name, 2, end - 1, cols, total, s))
        return s, end

    cols = [L("单位类型"), I("units_total", "应建会单位数(个)"), I("units_unionized", "已建会单位数(个)"),
            RATE("建会率", "units_unionized", "units_total"), I("unions", "基层工会数(个)"),
            I("unions_joint", "联合基层工会(个)"), I("employees", "职工人数(人)"),
            I("employees_in_unionized", "已建会单位职工人数(人)"), I("members", "会员人数(人)"),
            I("members_female", "女会员(人)"), I("members_migrant", "农民工会员(人)"),
            RATE("入会率", "members", "employees_in_unionized"), I("unions_new_ytd", "本年新建工会(个)")]
    s, _ = sheet("Org", "白沙县总工会 2025年1-9月 工会组织建设情况", cols, d["t1"], rows_of(T1_ROWS, T1_LAB, total_last=True), True)
    sheets.append(s)
    cols = [L("项目"), I("members_start", "期初会员数(人)"), I("members_joined", "本期新发展会员(人)"),
            I("members_left", "本期减少会员(人)"), I("members_end", "期末会员数(人)"),
            I("joined_ytd", "本年累计新发展会员(人)"), I("joined_target", "年度发展任务(人)"),
            RATE("完成年度任务", "joined_ytd", "joined_target")]
    s, _ = sheet("Members", "白沙县总工会 2025年1-9月 会员发展情况", cols, d["t2"], rows_of(T2_ROWS, T2_LAB), False)
    sheets.append(s)
    cols = [L("行业"), I("competitions", "竞赛项目数(项)"), I("units_participating", "参赛单位数(家)"),
            I("participants", "参赛职工(人次)"), I("participants_non_public", "非公企业参赛职工(人次)"),
            I("key_projects", "重点工程项目(个)"), I("suggestions_made", "合理化建议提出(条)"),
            I("suggestions_adopted", "合理化建议采纳实施(条)"), I("innovations", "技术革新成果(项)"),
            I("pioneer_awards", "工人先锋号(个)"), I("economic_benefit", "经济效益(万元)", "wan2")]
    s, _ = sheet("Contests", "白沙县总工会 2025年1-9月 劳动和技能竞赛开展情况", cols, d["t3"],
                 rows_of(T3_ROWS, T3_LAB, total_last=True), True)
    sheets.append(s)
    cols = [L("帮扶类别"), I("aid_households", "帮扶户数(户)"), I("aid_person_times", "帮扶人次"),
            I("aid_amount", "帮扶金额(万元)", "wan2"), I("aid_amount_union_funds", "工会经费(万元)", "wan2"),
            I("aid_amount_fiscal", "财政资金(万元)", "wan2"), I("aid_amount_donations", "社会捐助(万元)", "wan2")]
    s, end = sheet("Aid", "白沙县总工会 2025年1-9月 困难职工帮扶和慰问情况", cols, d["t4"],
                   rows_of(T4_ROWS, T4_LAB, total_last=True), True)
    place_lines(s, end + 1, 0, 1, ctx, d["t4x"], [("hardship_households", "在档困难职工户数(户)"),
                                                ("hardship_exited_ytd", "本年解困脱困户数(户)")])
    sheets.append(s)

    def hook(wb, wss):
        for name, r1, r2, cols, total, s in tables:
            tcols = []
            for i, col in enumerate(cols):
                tc = {"header": col["head"]}
                if total:
                    if col["k"] == "label":
                        tc["total_string"] = "合计"
                    elif col["k"] == "ind":
                        cell = s.cells[(r2, i)]
                        tc["total_function"] = "sum"
                        tc["total_value"] = cell.v
                        tc["format"] = wb.add_format({"num_format": NUMFMT[col["unit"]]})
                    elif col["k"] == "rate":
                        tc["format"] = wb.add_format({"num_format": "0.0%"})
                elif col["k"] == "rate":
                    tc["format"] = wb.add_format({"num_format": "0.0%"})
                tcols.append(tc)
            ws = wss[name]
            ws.add_table(r1, 0, r2, len(cols) - 1, {"columns": tcols, "total_row": total, "style": "Table Style Medium 2",
                                                     "name": "tbl" + name})
            ws.set_column(0, 0, 24)
            ws.set_column(1, len(cols) - 1, 12)

    # the total row of each table is written by add_table; drop our copy of it so it is not written twice
    for name, r1, r2, cols, total, s in tables:
        if total:
            for i, col in enumerate(cols):
                if col["k"] == "rate":
                    s.cells.pop((r2, i), None)
    write_xlsxwriter(OUT / ctx.fname, sheets, hook)


# ---------------------------------------------------------------------------------------------------
# M / S  东湖区2025年一季度 — first sent with negative 减少 figures, then resent


def donghu_sheets(ctx, d, negative_left):
    pre = "东湖区总工会2025年一季度"
    sheets = []
    s = Sheet("表一")
    cols = [L("单位类型"), I("units_total", "应建会单位数（个）"), I("units_unionized", "已建会单位数（个）"),
            RATE("建会率", "units_unionized", "units_total"), I("unions", "基层工会总数（个）"),
            I("unions_joint", "其中：联合基层工会（个）"), I("employees", "职工人数（人）"),
            I("employees_in_unionized", "已建会单位职工人数（人）"), I("members", "工会会员合计（人）"),
            I("members_female", "女职工会员（人）"), I("members_migrant", "农民工会员（人）"),
            I("unions_new_ytd", "新建工会（本年）"), NOTE()]
    title(s, 0, pre + "工会组织建设情况统计表", len(cols))
    end, _, _ = place_table(s, 1, 0, ctx, d["t1"], cols, rows_of(T1_ROWS, T1_LAB, total_last=True), total_formula=True)
    sheets.append(s)

    s = Sheet("表二")
    cols = [L("项目"), I("members_start", "期初会员数（人）"), I("members_joined", "本期新发展会员（人）"),
            I("members_left", "本期减少会员（人）"), I("members_end", "期末会员数（人）"),
            I("joined_ytd", "本年累计新发展会员（人）"), I("joined_target", "年度发展任务（人）"), NOTE()]
    title(s, 0, pre + "会员发展情况统计表", len(cols))
    override = {(g, "members_left"): -d["t2"][g]["members_left"] for g in T2_ROWS} if negative_left else None
    end, rowof, colof = place_table(s, 1, 0, ctx, d["t2"], cols, rows_of(T2_ROWS, T2_LAB), override=override)
    sheets.append(s)

    s = Sheet("表三")
    cols = [L("行业"), I("competitions", "竞赛项目数（项）"), I("units_participating", "参赛单位数（家）"),
            I("participants", "参与竞赛职工（人次）"), I("participants_non_public", "其中：非公企业职工（人次）"),
            I("key_projects", "重点工程项目（个）"), I("suggestions_made", "提出合理化建议（条）"),
            I("suggestions_adopted", "采纳实施合理化建议（条）"), I("innovations", "技术革新成果（项）"),
            I("pioneer_awards", "工人先锋号（个）"), I("economic_benefit", "经济效益（万元）", "wan2")]
    title(s, 0, pre + "劳动和技能竞赛开展情况统计表", len(cols))
    place_table(s, 1, 0, ctx, d["t3"], cols, rows_of(T3_ROWS, T3_LAB, total_last=True), total_formula=True, zero="-")
    sheets.append(s)

    s = Sheet("表四")
    cols = [L("类别"), I("aid_households", "帮扶户数（户）"), I("aid_person_times", "帮扶人次"),
            I("aid_amount", "帮扶总金额（元）", "yuan"), I("aid_amount_union_funds", "其中：工会经费（元）", "yuan"),
            I("aid_amount_fiscal", "财政资金（元）", "yuan"), I("aid_amount_donations", "社会捐助（元）", "yuan")]
    title(s, 0, pre + "困难职工帮扶和慰问情况统计表", len(cols))
    end, _, _ = place_table(s, 1, 0, ctx, d["t4"], cols, rows_of(T4_ROWS, T4_LAB, total_last=True), total_formula=True, zero="-")
    place_lines(s, end + 1, 0, 1, ctx, d["t4x"], [("hardship_households", "在档困难职工户数"),
                                                ("hardship_exited_ytd", "本年解困脱困户数")])
    sheets.append(s)
    return sheets, (rowof, colof)


def file_donghu_2025q1():
    d = gen_return("donghu-2025-Q1", 1, size=1.2)
    ctx = new("东湖区2025年一季度.xlsx", "donghu", "2025-Q1", "", expect="reject")
    sheets, (rowof, colof) = donghu_sheets(ctx, d, negative_left=True)
    cell = ref(rowof["all"], colof["members_left"])
    ctx.style = (f"应拒收：表二“本期减少会员（人）”一列整列写成负数（表二!{cell} 写“-{d['t2']['all']['members_left']}”，"
                 f"其下各行同样为负），负数人数不能入库；其余版式与更正后的“东湖区2025年一季度(1).xlsx”相同。")
    write_xlsxwriter(OUT / ctx.fname, sheets)
    ctx = new("东湖区2025年一季度(1).xlsx", "donghu", "2025-Q1",
              "被退回后重新发来的版本（微信转发文件名带“(1)”），表二减少会员改为正数，其余与被拒的那份相同；"
              "标题“东湖区总工会2025年一季度…”，表头“基层工会总数”“工会会员合计（人）”“女职工会员”“新建工会（本年）”"
              "“参与竞赛职工（人次）”等，合计在底部 SUM 公式，有空的备注列。")
    sheets, _ = donghu_sheets(ctx, d, negative_left=False)
    write_xlsxwriter(OUT / ctx.fname, sheets)


# ---------------------------------------------------------------------------------------------------
# N  白沙县2025年第二季度报表.xlsx — 表一 twice (a copied sheet with other numbers)


def file_baisha_2025q2_dup():
    d = gen_return("baisha-2025-Q2", 2, size=0.6)
    ctx = new("白沙县2025年第二季度报表.xlsx", "baisha", "2025-Q2", "", expect="reject")
    pre = "白沙县总工会2025年第二季度"
    d2 = copy_return(d)
    d2["t1"]["non_public"]["members"] -= 215
    d2["t1"]["non_public"]["members_female"] -= 97
    d2["t1"]["social_org"]["units_unionized"] -= 3
    retotal(d2)
    cols = [L("单位类型"), I("units_total", "应建会单位数（个）"), I("units_unionized", "已建会单位数（个）"),
            I("unions", "基层工会数（个）"), I("unions_joint", "其中：联合基层工会（个）"), I("employees", "职工人数（人）"),
            I("employees_in_unionized", "已建会单位职工人数（人）"), I("members", "会员人数（人）"),
            I("members_female", "其中：女会员（人）"), I("members_migrant", "其中：农民工会员（人）"),
            I("unions_new_ytd", "本年新建基层工会（个）")]
    sheets = []
    pos = None
    for name, data in (("表一", d), ("表一 (2)", d2)):
        s = Sheet(name)
        title(s, 0, pre + "工会组织建设情况统计表", len(cols))
        s.put(1, 0, "填报单位：白沙县总工会")
        s.put(1, len(cols) - 1, "单位：个、人")
        end, rowof, colof = place_table(s, 2, 0, ctx, data["t1"], cols, rows_of(T1_ROWS, T1_LAB))
        pos = ref(rowof["all"], colof["members"])
        sheets.append(s)
    s = Sheet("表二")
    cols2 = [L("项目"), I("members_start", "期初会员数"), I("members_joined", "本期新发展会员"), I("members_left", "本期减少会员"),
             I("members_end", "期末会员数"), I("joined_ytd", "本年累计新发展会员"), I("joined_target", "年度发展任务")]
    title(s, 0, pre + "会员发展情况统计表", len(cols2))
    place_table(s, 2, 0, ctx, d["t2"], cols2, rows_of(T2_ROWS, T2_LAB))
    sheets.append(s)
    s = Sheet("表三")
    cols3 = [L("行业"), I("competitions", "竞赛项目数"), I("units_participating", "参赛单位数"), I("participants", "参赛职工（人次）"),
             I("participants_non_public", "其中：非公企业职工"), I("key_projects", "重点工程项目"), I("suggestions_made", "合理化建议提出"),
             I("suggestions_adopted", "合理化建议采纳实施"), I("innovations", "技术革新成果"), I("pioneer_awards", "工人先锋号"),
             I("economic_benefit", "创经济效益（万元）", "wan2")]
    title(s, 0, pre + "劳动和技能竞赛开展情况统计表", len(cols3))
    place_table(s, 2, 0, ctx, d["t3"], cols3, rows_of(T3_ROWS, T3_LAB))
    sheets.append(s)
    s = Sheet("表四")
    cols4 = [L("类别"), I("aid_households", "帮扶户数"), I("aid_person_times", "帮扶人次"), I("aid_amount", "帮扶金额（元）", "yuan"),
             I("aid_amount_union_funds", "其中：工会经费"), I("aid_amount_fiscal", "财政资金"), I("aid_amount_donations", "社会捐助")]
    for c in cols4[4:]:
        c["unit"] = "yuan"
    title(s, 0, pre + "困难职工帮扶和慰问情况统计表", len(cols4))
    end, _, _ = place_table(s, 2, 0, ctx, d["t4"], cols4, rows_of(T4_ROWS, T4_LAB))
    place_lines(s, end + 1, 0, 1, ctx, d["t4x"], [("hardship_households", "在档困难职工户数"),
                                                ("hardship_exited_ytd", "本年解困脱困户数")])
    sheets.append(s)
    ctx.style = (f"应拒收：同一工作簿里“表一”和复制出来的“表一 (2)”都是白沙县2025年第二季度组织建设表，数字不同"
                 f"（表一!{pos} 会员人数 {d['t1']['all']['members']}，表一 (2)!{pos} 为 {d2['t1']['all']['members']}），"
                 f"不知道哪张是准的。")
    write_openpyxl(OUT / ctx.fname, sheets)


# ---------------------------------------------------------------------------------------------------
# O  云台市2025年四季度困难帮扶.ods — "20多万元" in a money cell


def file_yuntai_2025q4_aid():
    d = gen_return("yuntai-2025-Q4", 4, size=1.2)
    ctx = new("云台市2025年四季度困难帮扶.ods", "yuntai", "2025-Q4", "", expect="reject")
    s = Sheet("表四")
    cols = [L("类别"), I("aid_households", "帮扶户数（户）"), I("aid_person_times", "帮扶人次（人次）"),
            I("aid_amount", "帮扶金额（万元）", "wan2"), I("aid_amount_union_funds", "其中：工会经费（万元）", "wan2"),
            I("aid_amount_fiscal", "财政资金（万元）", "wan2"), I("aid_amount_donations", "社会捐助（万元）", "wan2"), NOTE()]
    title(s, 0, "云台市总工会2025年四季度困难职工帮扶和慰问情况统计表", len(cols))
    end, rowof, colof = place_table(s, 1, 0, ctx, d["t4"], cols, rows_of(T4_ROWS, T4_LAB),
                                    override={("medical", "aid_amount"): "20多万元"})
    place_lines(s, end + 1, 0, 1, ctx, d["t4x"], [("hardship_households", "在档困难职工户数"),
                                                ("hardship_exited_ytd", "本年解困脱困户数")])
    ctx.style = (f"应拒收：LibreOffice 做的单张表四，医疗救助的帮扶金额单元格写的是文字“20多万元”"
                 f"（表四!{ref(rowof['medical'], colof['aid_amount'])}），不是数字。")
    write_ods(OUT / ctx.fname, [s])


# ---------------------------------------------------------------------------------------------------
# P  工会统计季报2025Q3(填报).xlsx — nobody wrote the district


def file_no_district():
    d = gen_return("unknown-2025-Q3", 3, size=1.0)
    ctx = new("工会统计季报2025Q3(填报).xlsx", "", "2025-Q3",
              "应拒收：从市总下发的空模板直接填的，文件名、表名、标题（“2025年1-9月工会组织建设情况统计表”等）里都没有区县，"
              "各表“填报单位（盖章）：”后面都空着（表一!A2），无法确定是哪个区县的报表。", expect="reject")
    sheets = []
    spec = [("表一", "工会组织建设情况统计表", "t1", T1_ROWS, T1_LAB,
             [L("单位类型"), I("units_total", "应建会单位数"), I("units_unionized", "已建会单位数"), I("unions", "基层工会数"),
              I("unions_joint", "其中：联合基层工会"), I("employees", "职工人数"), I("employees_in_unionized", "已建会单位职工人数"),
              I("members", "会员人数"), I("members_female", "其中：女会员"), I("members_migrant", "其中：农民工会员"),
              I("unions_new_ytd", "本年新建基层工会数")]),
            ("表二", "会员发展情况统计表", "t2", T2_ROWS, T2_LAB,
             [L("项目"), I("members_start", "期初会员数"), I("members_joined", "本期新发展会员"), I("members_left", "本期减少会员"),
              I("members_end", "期末会员数"), I("joined_ytd", "本年累计新发展会员"), I("joined_target", "年度发展任务")]),
            ("表三", "劳动和技能竞赛开展情况统计表", "t3", T3_ROWS, T3_LAB,
             [L("行业"), I("competitions", "竞赛项目数"), I("units_participating", "参赛单位数"), I("participants", "参赛职工（人次）"),
              I("participants_non_public", "其中：非公企业职工"), I("key_projects", "重点工程项目"),
              I("suggestions_made", "合理化建议提出"), I("suggestions_adopted", "合理化建议采纳实施"),
              I("innovations", "技术革新成果"), I("pioneer_awards", "工人先锋号"), I("economic_benefit", "创经济效益（万元）", "wan2")]),
            ("表四", "困难职工帮扶和慰问情况统计表", "t4", T4_ROWS, T4_LAB,
             [L("类别"), I("aid_households", "帮扶户数"), I("aid_person_times", "帮扶人次"), I("aid_amount", "帮扶金额（元）", "yuan"),
              I("aid_amount_union_funds", "其中：工会经费（元）", "yuan"), I("aid_amount_fiscal", "财政资金（元）", "yuan"),
              I("aid_amount_donations", "社会捐助（元）", "yuan")])]
    for name, ttl, f, order, lab, cols in spec:
        s = Sheet(name)
        title(s, 0, "2025年1-9月" + ttl, len(cols))
        s.put(1, 0, "填报单位（盖章）：")
        s.put(1, len(cols) - 2, "填报日期：")
        end, _, _ = place_table(s, 2, 0, ctx, d[f], cols, rows_of(order, lab), total_formula=(f != "t2"))
        if f == "t4":
            place_lines(s, end + 1, 0, 1, ctx, d["t4x"], [("hardship_households", "在档困难职工户数"),
                                                        ("hardship_exited_ytd", "本年解困脱困户数")])
        sheets.append(s)
    write_xlsxwriter(OUT / ctx.fname, sheets)


# ---------------------------------------------------------------------------------------------------
# Q  南港区 2026年1-9月 表四.xlsx — one form per file, numbers as text


def file_nangang_2026q3_aid():
    ctx = new("南港区 2026年1-9月 表四.xlsx", "nangang", "2026-Q3",
              "一个文件只报一张表四，区县和期别只在文件名“南港区 2026年1-9月 表四”里，页名“帮扶慰问”，标题不写单位和时间；"
              "有序号列和备注列，所有数字是从网上系统复制下来的文字，带千分位，金额两位小数（1,234,500.00），“单位：元”，"
              "表下两行在档和解困脱困户数也是文字。")
    d = gen_return("nangang-2026-Q3", 3, size=1.1)
    s = Sheet("帮扶慰问")
    cols = [SEQ(), L("帮扶类别"), I("aid_households", "帮扶户数（户）"), I("aid_person_times", "帮扶人次（人次）"),
            I("aid_amount", "帮扶总金额（元）", "yuan"), I("aid_amount_union_funds", "其中：工会经费", "yuan"),
            I("aid_amount_fiscal", "财政资金", "yuan"), I("aid_amount_donations", "社会捐助", "yuan"),
            NOTE({"education": "金秋助学含大学新生", "frontline": "夏送清凉"})]
    title(s, 0, "困难职工帮扶和慰问情况统计表", len(cols))
    s.put(1, 0, "填报单位：")
    s.put(1, len(cols) - 1, "单位：元")
    end, _, _ = place_table(s, 2, 0, ctx, d["t4"], cols, rows_of(T4_ROWS, T4_LAB), text=True)
    r = place_lines(s, end + 1, 1, 2, ctx, d["t4x"], [("hardship_households", "在档困难职工户数（户）"),
                                                    ("hardship_exited_ytd", "本年解困脱困户数（户）")], text=True)
    s.put(r + 1, 1, "填报人：陈晓    审核人：")
    s.widths.update({1: 22})
    write_openpyxl(OUT / ctx.fname, [s])


# ---------------------------------------------------------------------------------------------------
# T  高新技术产业开发区 工会报表 2025年二季度.xlsx — two forms per sheet


def file_gaoxin_2025q2():
    ctx = new("高新技术产业开发区 工会报表 2025年二季度.xlsx", "gaoxin", "2025-Q2",
              "区名用别名“高新技术产业开发区”，两张表叠在一页：“组织和会员”页放表一和表二，“竞赛和帮扶”页放表三和表四，"
              "顶部总标题“高新技术产业开发区总工会2025年二季度工会统计报表”，每张表有“表一 …”小标题；"
              "标签列和数据列之间空一列，合计在第一行，比率是带“%”的文字，金额万元两位小数。")
    d = gen_return("gaoxin-2025-Q2", 2, size=0.7, zone=True)
    ttl = "高新技术产业开发区总工会2025年二季度工会统计报表"
    s1 = Sheet("组织和会员")
    s1.merge(0, 0, 0, 14, ttl, bold=True, align="center")
    s1.put(2, 0, "表一  工会组织建设情况", bold=True)
    s1.put(2, 14, "单位：个、人")
    cols = [L("单位类型"), SP(), I("units_total", "应建会单位数（个）"), I("units_unionized", "已建会单位数（个）"),
            RATE("建会率", "units_unionized", "units_total", "text"), I("unions", "基层工会数（个）"),
            I("unions_joint", "其中：联合基层工会（个）"), I("employees", "职工人数（人）"),
            I("employees_in_unionized", "已建会单位职工人数（人）"), I("members", "会员人数（人）"),
            I("members_female", "其中：女会员（人）"), I("members_migrant", "其中：农民工会员（人）"),
            RATE("入会率", "members", "employees_in_unionized", "text"), I("unions_new_ytd", "本年新建工会（个）"), NOTE()]
    end, _, _ = place_table(s1, 3, 0, ctx, d["t1"], cols, rows_of(T1_ROWS, dict(T1_LAB, all="全区合计")), zero="-")
    r = end + 2
    s1.put(r, 0, "表二  会员发展情况", bold=True)
    s1.put(r, 14, "单位：人")
    cols = [L("项目"), SP(), I("members_start", "期初会员数（人）"), I("members_joined", "本期新发展会员（人）"),
            I("members_left", "本期减少会员（人）"), I("members_end", "期末会员数（人）"),
            I("joined_ytd", "本年累计新发展会员（人）"), I("joined_target", "年度发展任务（人）"),
            RATE("完成年度任务", "joined_ytd", "joined_target", "text")]
    end, _, _ = place_table(s1, r + 1, 0, ctx, d["t2"], cols, rows_of(T2_ROWS, T2_LAB), zero="-")
    s1.put(end + 1, 0, "填表人：吴思琪   联系电话：")
    s1.widths.update({0: 20, 1: 2})

    s2 = Sheet("竞赛和帮扶")
    s2.merge(0, 0, 0, 12, ttl, bold=True, align="center")
    s2.put(2, 0, "表三  劳动和技能竞赛开展情况（本年累计）", bold=True)
    cols = [L("行业"), SP(), I("competitions", "竞赛项目数（项）"), I("units_participating", "参赛单位数（家）"),
            I("participants", "参赛职工（人次）"), I("participants_non_public", "其中：非公企业职工（人次）"),
            I("key_projects", "重点工程项目（个）"), I("suggestions_made", "合理化建议提出（条）"),
            I("suggestions_adopted", "合理化建议采纳实施（条）"), I("innovations", "技术革新成果（项）"),
            I("pioneer_awards", "工人先锋号（个）"), I("economic_benefit", "创经济效益（万元）", "wan2")]
    end, _, _ = place_table(s2, 3, 0, ctx, d["t3"], cols, rows_of(T3_ROWS, dict(T3_LAB, all="全区合计")), zero="-")
    r = end + 2
    s2.put(r, 0, "表四  困难职工帮扶和慰问情况（本年累计）", bold=True)
    cols = [L("类别"), SP(), I("aid_households", "帮扶户数（户）"), I("aid_person_times", "帮扶人次（人次）"),
            I("aid_amount", "帮扶总金额（万元）", "wan2"), I("aid_amount_union_funds", "其中：工会经费（万元）", "wan2"),
            I("aid_amount_fiscal", "其中：财政资金（万元）", "wan2"), I("aid_amount_donations", "其中：社会捐助（万元）", "wan2")]
    end, _, _ = place_table(s2, r + 1, 0, ctx, d["t4"], cols, rows_of(T4_ROWS, dict(T4_LAB, all="全区合计")), zero="-")
    r = place_lines(s2, end + 1, 0, 2, ctx, d["t4x"], [("hardship_households", "在档困难职工户数（户）"),
                                                     ("hardship_exited_ytd", "本年解困脱困户数（户）")])
    s2.put(r + 1, 0, "填表人：吴思琪   联系电话：")
    s2.widths.update({0: 30, 1: 2})
    write_xlsxwriter(OUT / ctx.fname, [s1, s2])


# ---------------------------------------------------------------------------------------------------
# check and write the CSVs


def fmt_dec(v: Decimal) -> str:
    v = Decimal(v).normalize()
    s = format(v, "f")
    return "0" if s in ("-0", "") else s


def read_grids(ctx):
    path = OUT / ctx.fname
    if ctx.fname.endswith(".csv"):
        with open(path, encoding=ctx.encoding, newline="") as fh:
            return {"csv": list(csv.reader(fh))}
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(str(path))
    return {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names}


def cell_value(raw):
    if raw is None or isinstance(raw, bool):
        return Decimal(0)
    if isinstance(raw, (int, float)):
        return Decimal(format(raw, ".15g"))
    s = str(raw).strip().replace(",", "")
    if s in ("", "-", "—", "/"):
        return Decimal(0)
    return Decimal(s)


def verify(ctx):
    grids = read_grids(ctx)
    bad = 0
    for o in ctx.obs:
        g = grids[o["sheet"]]
        raw = g[o["r"]][o["c"]] if o["r"] < len(g) and o["c"] < len(g[o["r"]]) else None
        got = cell_value(raw) * o["factor"]
        if got != o["value"]:
            bad += 1
            print(f"MISMATCH {ctx.fname} {o['sheet']}!{ref(o['r'], o['c'])} {o['indicator']}/{o['breakdown']}: "
                  f"cell {raw!r} -> {got}, expected {o['value']}")
    return bad


def check_hard(ctx):
    """the accepted return's expected values must pass the contract's hard checks."""
    v = {(o["indicator"], o["breakdown"]): o["value"] for o in ctx.obs}
    errs = []
    for (ind, bd), x in v.items():
        if x < 0:
            errs.append((ind, bd, "negative"))
    pairs = [("members_female", "members"), ("members_migrant", "members"), ("unions_joint", "unions"),
             ("units_unionized", "units_total"), ("participants_non_public", "participants"),
             ("suggestions_adopted", "suggestions_made")]
    bds = {bd for _, bd in v}
    for bd in bds:
        for a, b in pairs:
            if (a, bd) in v and (b, bd) in v and v[(a, bd)] > v[(b, bd)]:
                errs.append((a, bd))
        if ("aid_amount", bd) in v:
            parts = sum(v.get((p, bd), 0) for p in ("aid_amount_union_funds", "aid_amount_fiscal", "aid_amount_donations"))
            if parts > v[("aid_amount", bd)]:
                errs.append(("aid parts", bd))
    for ind in T2_INDS:
        if (ind, "all") in v:
            for g in ("female", "migrant", "new_forms"):
                if (ind, g) in v and v[(ind, g)] > v[(ind, "all")]:
                    errs.append((ind, g))
            if (ind, "new_forms") in v and sum(v.get((ind, s), 0) for s in SUBS) > v[(ind, "new_forms")]:
                errs.append((ind, "subs"))
    # breakdown rows add up to 合计 (partitions only)
    for rows, inds in ((T1_ROWS, T1_INDS), (T3_ROWS, T3_INDS), (T4_ROWS, T4_INDS)):
        for ind in inds:
            if (ind, "all") in v:
                parts = [v[(ind, k)] for k in rows[1:] if (ind, k) in v]
                if sum(parts) != v[(ind, "all")]:
                    errs.append((ind, "sum"))
    return errs


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for p in OUT.iterdir():
        p.unlink()
    file_nangang_2025q4()
    d = file_gaoxin_2026q1()
    file_gaoxin_2026q1_fix(d)
    file_jingkai_2025()
    file_chengzhong_csv()
    file_yuntai_csv()
    file_xishan_2026h1()
    file_linjiang_2024q4()
    file_qingshi_2025q1()
    file_baisha_2025q3()
    file_donghu_2025q1()
    file_baisha_2025q2_dup()
    file_yuntai_2025q4_aid()
    file_no_district()
    file_nangang_2026q3_aid()
    file_gaoxin_2025q2()

    bad = 0
    for ctx in FILES:
        bad += verify(ctx)
        if ctx.expect == "accept":
            errs = check_hard(ctx)
            if errs:
                bad += 1
                print("HARD CHECK", ctx.fname, errs)
            keys = [(o["indicator"], o["breakdown"]) for o in ctx.obs]
            assert len(keys) == len(set(keys)), ctx.fname
    names = [c.fname for c in FILES]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(p.name for p in OUT.iterdir()), "files/ and the manifest differ"

    with open(HERE / "expected.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["file", "district", "period", "indicator", "breakdown", "value"])
        n = 0
        for ctx in FILES:
            if ctx.expect != "accept":
                continue
            for o in ctx.obs:
                w.writerow([ctx.fname, ctx.district, ctx.period, o["indicator"], o["breakdown"], fmt_dec(o["value"])])
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
