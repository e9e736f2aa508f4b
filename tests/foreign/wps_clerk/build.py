"""Foreign returns by corpus author "wps_clerk".

Persona: 周桂兰, a clerk at 临江县总工会 who has filled the city's quarterly returns in WPS Office on
Windows for fifteen years, and two colleagues she trained: 刘爱华 at 青石县总工会 (likes the official
statistics layout: 栏次 row, 代码 column, 合计 written last as "总 计") and 陈淑珍 at 云台市总工会
(a merged 地区 column, labels wrapped over two header cells).

Writes every file in files/ plus expected.csv and manifest.csv, then reads every file back
(python-calamine for .xls/.xlsx, openpyxl for cached formula values, ElementTree for the
"XML 表格 2003" files) and checks that each expected observation is what the cell shows.

Run from /work/main:  .venv/bin/python -m tests.foreign.wps_clerk.build
Libraries: openpyxl, xlsxwriter, xlwt (all in the venv); SpreadsheetML 2003 is written by hand.
No extra package (odfpy) is needed.
"""
from __future__ import annotations

import copy
import csv
import random
import shutil
import xml.etree.ElementTree as ET
from decimal import Decimal as Dec
from pathlib import Path
from xml.sax.saxutils import escape as _xesc

HERE = Path(__file__).resolve().parent
OUT = HERE / "files"

# =============================================================================================
# 1. The "true" numbers of the three counties (a small, internally consistent model)
# =============================================================================================
UT = ["government", "institution", "soe", "collective", "non_public", "social_org"]
GR = ["female", "migrant", "new_forms", "truck", "courier", "delivery", "ride_hailing"]
NF_PARTS = ["truck", "courier", "delivery", "ride_hailing"]
IN3 = ["manufacturing", "construction", "transport", "utilities", "it", "trade", "health", "other"]
CAT = ["living", "medical", "education", "employment", "warmth", "frontline", "other"]

# units_total, unionized share, unions per unionized unit, joint share, employees per unit,
# share of employees in unionized units, members / employees_in_unionized, female, migrant,
# new unions a year
T1BASE = {
    "government": (176, 1.00, 0.86, 0.00, 52, 1.00, 0.985, 0.46, 0.02, 2),
    "institution": (268, 0.97, 0.80, 0.02, 80, 0.99, 0.975, 0.58, 0.03, 5),
    "soe": (47, 1.00, 0.87, 0.00, 290, 1.00, 0.980, 0.33, 0.22, 1),
    "collective": (31, 0.90, 0.82, 0.12, 115, 0.93, 0.950, 0.41, 0.35, 1),
    "non_public": (1395, 0.76, 0.50, 0.27, 84, 0.83, 0.920, 0.43, 0.55, 60),
    "social_org": (126, 0.57, 0.48, 0.35, 33, 0.62, 0.910, 0.61, 0.08, 8),
}
# competitions, units, participants, non-public share, key projects, suggestions, innovations,
# pioneer awards, economic benefit (元) -- annual, for a county of scale 1
T3BASE = {
    "manufacturing": (38, 120, 24000, 0.70, 0, 1500, 180, 6, 26_000_000),
    "construction": (12, 45, 6800, 0.50, 9, 320, 40, 3, 8_500_000),
    "transport": (6, 22, 3100, 0.45, 2, 140, 12, 1, 2_100_000),
    "utilities": (5, 9, 2200, 0.10, 3, 160, 25, 2, 3_800_000),
    "it": (3, 14, 900, 0.95, 0, 60, 18, 1, 950_000),
    "trade": (4, 30, 1600, 0.90, 0, 70, 5, 0, 400_000),
    "health": (3, 11, 2500, 0.20, 0, 90, 10, 1, 0),
    "other": (5, 26, 1400, 0.60, 1, 50, 6, 0, 600_000),
}
# households, person-times, amount (元), cumulative share by quarter, (union funds, fiscal, donations)
T4BASE = {
    "living": (180, 260, 540_000, (0.30, 0.55, 0.75, 1.0), (0.62, 0.28, 0.10)),
    "medical": (95, 110, 820_000, (0.20, 0.45, 0.70, 1.0), (0.55, 0.35, 0.10)),
    "education": (120, 120, 336_000, (0.0, 0.0, 1.0, 1.0), (0.60, 0.25, 0.15)),
    "employment": (60, 75, 90_000, (0.25, 0.50, 0.75, 1.0), (1.0, 0.0, 0.0)),
    "warmth": (900, 900, 1_800_000, (0.85, 0.85, 0.85, 1.0), (0.65, 0.25, 0.10)),
    "frontline": (0, 3200, 480_000, (0.10, 0.20, 0.85, 1.0), (1.0, 0.0, 0.0)),
    "other": (30, 40, 60_000, (0.25, 0.50, 0.75, 1.0), (0.80, 0.0, 0.20)),
}
T2IND = ["members_start", "members_joined", "members_left", "members_end", "joined_ytd", "joined_target"]
T3IND = ["competitions", "units_participating", "participants", "participants_non_public",
         "key_projects", "suggestions_made", "suggestions_adopted", "innovations", "pioneer_awards",
         "economic_benefit"]
T4IND = ["aid_households", "aid_person_times", "aid_amount", "aid_amount_union_funds",
         "aid_amount_fiscal", "aid_amount_donations"]
T1IND = ["units_total", "units_unionized", "unions", "unions_joint", "employees",
         "employees_in_unionized", "members", "members_female", "members_migrant", "unions_new_ytd"]
MONEY = {"economic_benefit", "aid_amount", "aid_amount_union_funds", "aid_amount_fiscal",
         "aid_amount_donations"}
ALLP = [f"{y}-Q{q}" for y in (2024, 2025, 2026) for q in (1, 2, 3, 4)]


def _r(x):
    return int(round(x))


def _r100(x):
    return int(round(x / 100.0)) * 100


def gen_model(scale, seed, zero_industries=()):
    rng = random.Random(seed)
    model = {}
    yf = {y: rng.uniform(0.95, 1.08) for y in (2024, 2025, 2026)}
    t3ann = {y: {k: [v * scale * yf[y] * rng.uniform(0.9, 1.1) for v in (b[0], b[1], b[2], b[5], b[6], b[8])]
                 for k, b in T3BASE.items()} for y in yf}
    t3cf = {y: [0.22 + rng.uniform(-.03, .03), 0.50 + rng.uniform(-.03, .03),
                0.78 + rng.uniform(-.03, .03), 1.0] for y in yf}
    t4ann = {y: {k: rng.uniform(0.9, 1.1) * scale * yf[y] for k in T4BASE} for y in yf}
    prev_t2 = None
    for t, p in enumerate(ALLP):
        y, q = int(p[:4]), int(p[-1])
        D = {}
        # ---- 表一
        for ut, (n0, ur, upu, js, epu, eis, mr, fs, ms, newu) in T1BASE.items():
            g = 1 + 0.005 * t
            tot = _r(n0 * scale * g * (1 + rng.uniform(-.003, .003)))
            uni = min(tot, _r(tot * min(1.0, ur + 0.003 * t)))
            unions = max(1, _r(uni * upu))
            emp = _r(tot * epu * (1 + 0.004 * t) * (1 + rng.uniform(-.004, .004)))
            empin = min(emp, _r(emp * min(1.0, eis + 0.003 * t)))
            mem = min(empin, _r(empin * mr))
            D[("units_total", ut)] = tot
            D[("units_unionized", ut)] = uni
            D[("unions", ut)] = unions
            D[("unions_joint", ut)] = _r(unions * js)
            D[("employees", ut)] = emp
            D[("employees_in_unionized", ut)] = empin
            D[("members", ut)] = mem
            D[("members_female", ut)] = _r(mem * fs)
            D[("members_migrant", ut)] = _r(mem * ms)
            D[("unions_new_ytd", ut)] = _r(newu * scale * (0.2, 0.5, 0.75, 1.0)[q - 1] * yf[y])
        for ind in T1IND:
            D[(ind, "all")] = sum(D[(ind, u)] for u in UT)
        # ---- 表二
        end = {"all": D[("members", "all")], "female": D[("members_female", "all")],
               "migrant": D[("members_migrant", "all")]}
        end["new_forms"] = _r(end["all"] * (0.028 + 0.0015 * t))
        for part, w in zip(NF_PARTS, (0.18, 0.27, 0.31, 0.12)):
            end[part] = _r(end["new_forms"] * w)
        start = dict(prev_t2) if prev_t2 else {k: _r(v * 0.985) for k, v in end.items()}
        ja = _r(end["all"] * rng.uniform(0.017, 0.024))
        joined = {"all": ja, "female": _r(ja * 0.44), "migrant": _r(ja * 0.41), "new_forms": _r(ja * 0.13)}
        for part, w in zip(NF_PARTS, (0.17, 0.26, 0.30, 0.11)):
            joined[part] = _r(joined["new_forms"] * w)
        left = {}
        for g in ["all"] + GR:
            lf = start[g] + joined[g] - end[g]
            if lf < _r(joined[g] * 0.15):
                joined[g] += _r(joined[g] * 0.15) - lf
                lf = start[g] + joined[g] - end[g]
            left[g] = lf
        # keep the parts inside new_forms inside all, column by column
        for col in (joined, left):
            over = sum(col[x] for x in NF_PARTS) - col["new_forms"]
            if over > 0:
                joined["new_forms"] += over
                left["new_forms"] += over
        for g in ["all"] + GR:
            D[("members_start", g)] = start[g]
            D[("members_joined", g)] = joined[g]
            D[("members_left", g)] = left[g]
            D[("members_end", g)] = end[g]
        prev_t2 = end
        # ---- 表三 (year to date)
        for k, b in T3BASE.items():
            comp, units, part, sugg, innov, ben = t3ann[y][k]
            if k in zero_industries:
                comp = units = part = sugg = innov = ben = 0
            cf = t3cf[y][q - 1]
            D[("competitions", k)] = _r(comp * cf)
            D[("units_participating", k)] = _r(units * cf)
            D[("participants", k)] = _r(part * cf)
            D[("participants_non_public", k)] = _r(D[("participants", k)] * b[3])
            D[("key_projects", k)] = 0 if k in zero_industries else _r(b[4] * scale * (0.6, 0.8, 1, 1)[q - 1])
            D[("suggestions_made", k)] = _r(sugg * cf)
            D[("suggestions_adopted", k)] = _r(D[("suggestions_made", k)] * 0.55)
            D[("innovations", k)] = _r(innov * cf)
            D[("pioneer_awards", k)] = 0 if (q == 1 or k in zero_industries) else _r(b[7] * scale * yf[y])
            D[("economic_benefit", k)] = _r100(ben * cf)
        for ind in T3IND:
            D[(ind, "all")] = sum(D[(ind, k)] for k in IN3)
        # ---- 表四 (year to date)
        for k, (hh, pt, amt, cfs, shares) in T4BASE.items():
            f = t4ann[y][k]
            cf = cfs[q - 1]
            parts = [_r100(amt * f * sh * cf) for sh in shares]
            D[("aid_amount_union_funds", k)], D[("aid_amount_fiscal", k)], D[("aid_amount_donations", k)] = parts
            D[("aid_amount", k)] = sum(parts)
            D[("aid_households", k)] = _r(hh * f * cf)
            D[("aid_person_times", k)] = max(D[("aid_households", k)], _r(pt * f * cf))
        for ind in T4IND:
            D[(ind, "all")] = sum(D[(ind, k)] for k in CAT)
        D[("hardship_households", "all")] = _r(330 * scale) - 5 * t + rng.randint(-3, 3)
        D[("hardship_exited_ytd", "all")] = _r(52 * scale * yf[y] * (0.2, 0.45, 0.7, 1.0)[q - 1])
        model[p] = D
    # ---- annual cumulative joined and targets
    for y in (2024, 2025, 2026):
        ps = [f"{y}-Q{q}" for q in (1, 2, 3, 4)]
        for g in ["all"] + GR:
            run = 0
            for p in ps:
                run += model[p][("members_joined", g)]
                model[p][("joined_ytd", g)] = run
            tgt = int(round(run * 1.06 / 10.0)) * 10
            for p in ps:
                model[p][("joined_target", g)] = tgt
    for p in model:
        model[p] = {k: Dec(v) for k, v in model[p].items()}
        hard_check(model[p], f"model {p}")
    return model


def hard_check(D, where):
    """The domain's HARD checks, on whatever (indicator, breakdown) pairs D holds."""
    bad = []

    def le(a, b, what):
        if a is not None and b is not None and a > b:
            bad.append(f"{where}: {what}: {a} > {b}")

    for k, v in D.items():
        if v < 0:
            bad.append(f"{where}: negative {k}")
    bds = {k[1] for k in D}
    for bd in bds:
        g = lambda i: D.get((i, bd))  # noqa: E731
        le(g("units_unionized"), g("units_total"), f"unionized {bd}")
        le(g("unions_joint"), g("unions"), f"joint {bd}")
        le(g("members_female"), g("members"), f"female {bd}")
        le(g("members_migrant"), g("members"), f"migrant {bd}")
        le(g("participants_non_public"), g("participants"), f"np {bd}")
        le(g("suggestions_adopted"), g("suggestions_made"), f"sugg {bd}")
        for part in ("aid_amount_union_funds", "aid_amount_fiscal", "aid_amount_donations"):
            le(g(part), g("aid_amount"), f"{part} {bd}")
        ps = [g(x) for x in ("aid_amount_union_funds", "aid_amount_fiscal", "aid_amount_donations")]
        if g("aid_amount") is not None and all(x is not None for x in ps):
            le(sum(ps), g("aid_amount"), f"aid parts sum {bd}")
    for ind in T2IND:
        al, nf = D.get((ind, "all")), D.get((ind, "new_forms"))
        parts = [D.get((ind, x)) for x in NF_PARTS if (ind, x) in D]
        if nf is not None:
            le(sum(parts), nf, f"nf parts {ind}")
        le(nf, al, f"nf {ind}")
        le(D.get((ind, "female")), al, f"female {ind}")
        le(D.get((ind, "migrant")), al, f"migrant {ind}")
    if bad:
        raise AssertionError("\n".join(bad))


MODEL = {
    "linjiang": gen_model(1.0, 20240101),
    "qingshi": gen_model(0.72, 20240202, zero_industries=("it",)),
    "yuntai": gen_model(1.35, 20240303),
}


def recompute_all(D, inds, bds):
    for ind in inds:
        if (ind, "all") in D:
            D[(ind, "all")] = sum(D[(ind, b)] for b in bds)


# =============================================================================================
# 2. A tiny workbook model and four writers (xlwt, xlsxwriter, openpyxl, SpreadsheetML 2003)
# =============================================================================================
class Cell:
    __slots__ = ("v", "st", "nf", "f", "err", "rich")

    def __init__(self, v=None, st="text", nf=None, f=None, err=None, rich=None):
        self.v, self.st, self.nf, self.f, self.err, self.rich = v, st, nf, f, err, rich


class Sheet:
    def __init__(self, name):
        self.name = name
        self.cells = {}
        self.merges = []
        self.widths = {}
        self.heights = {}
        self.hidden = False
        self.hidden_rows = set()

    def put(self, r, c, v=None, st="text", **kw):
        self.cells[(r, c)] = v if isinstance(v, Cell) else Cell(v, st, **kw)
        return self.cells[(r, c)]

    def merge(self, r1, c1, r2, c2, v=None, st="text", **kw):
        cell = self.put(r1, c1, v, st, **kw)
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        self.cells.setdefault((r, c), Cell(None, cell.st))
        return cell


class Book:
    def __init__(self, author="周桂兰"):
        self.sheets = []
        self.author = author

    def add(self, name):
        s = Sheet(name)
        self.sheets.append(s)
        return s


BORDER = {"head", "label", "label_c", "num", "text_r", "text_c", "blankb"}


def col_name(c):
    s = ""
    c += 1
    while c:
        c, m = divmod(c - 1, 26)
        s = chr(65 + m) + s
    return s


def a1(r, c):
    return f"{col_name(c)}{r + 1}"


# ---- xlwt ---------------------------------------------------------------------------------
def write_xlwt(book, path):
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    cache = {}

    def sty(st, nf):
        key = (st, nf)
        if key not in cache:
            font = "font: name 宋体, height 220"
            if st == "title":
                font = "font: name 宋体, height 360, bold on"
            elif st == "head":
                font = "font: name 宋体, height 200, bold on"
            elif st in ("tabno", "info", "info_r", "foot"):
                font = "font: name 宋体, height 200"
            al = {"title": "align: horiz center, vert center",
                  "head": "align: horiz center, vert center, wrap on",
                  "num": "align: horiz right, vert center", "text_r": "align: horiz right, vert center",
                  "info_r": "align: horiz right, vert center",
                  "label_c": "align: horiz center, vert center", "text_c": "align: horiz center, vert center",
                  }.get(st, "align: horiz left, vert center")
            s = f"{font}; {al}"
            if st in BORDER:
                s += "; borders: left thin, right thin, top thin, bottom thin"
            cache[key] = xlwt.easyxf(s, num_format_str=nf) if nf else xlwt.easyxf(s)
        return cache[key]

    for sh in book.sheets:
        ws = wb.add_sheet(sh.name, cell_overwrite_ok=True)
        if sh.hidden:
            ws.visibility = 1
        for c, w in sh.widths.items():
            ws.col(c).width = int(w * 256)
        for r, h in sh.heights.items():
            ws.row(r).height_mismatch = True
            ws.row(r).height = int(h * 20)
        for r in sh.hidden_rows:
            ws.row(r).hidden = True
        covered = set()
        for (r1, c1, r2, c2) in sh.merges:
            cell = sh.cells[(r1, c1)]
            assert cell.f is None, "xlwt files carry no formulas"
            ws.write_merge(r1, r2, c1, c2, cell.v, sty(cell.st, cell.nf))
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for (r, c), cell in sorted(sh.cells.items()):
            if (r, c) in covered:
                continue
            assert cell.f is None, "xlwt files carry no formulas"
            ws.write(r, c, cell.v, sty(cell.st, cell.nf))
    wb.save(str(path))


# ---- xlsxwriter -----------------------------------------------------------------------------
def _xw_props(st, nf):
    d = {"font_name": "宋体", "font_size": 11, "valign": "vcenter"}
    if st == "title":
        d.update(font_size=16, bold=True, align="center")
    elif st == "head":
        d.update(font_size=10, bold=True, align="center", text_wrap=True)
    elif st in ("num", "text_r", "info_r"):
        d.update(align="right")
    elif st in ("label_c", "text_c"):
        d.update(align="center")
    elif st in ("tabno", "info", "foot"):
        d.update(font_size=10)
    if st in BORDER:
        d.update(border=1)
    if nf:
        d["num_format"] = nf
    return d


def write_xlsxwriter(book, path):
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path))
    import datetime
    wb.set_properties({"author": book.author, "comments": "WPS 表格",
                       "created": datetime.datetime(2025, 4, 8, 9, 30, 0)})
    cache = {}

    def fmt(st, nf):
        if (st, nf) not in cache:
            cache[(st, nf)] = wb.add_format(_xw_props(st, nf))
        return cache[(st, nf)]

    for sh in book.sheets:
        ws = wb.add_worksheet(sh.name)
        if sh.hidden:
            ws.hide()
        for c, w in sh.widths.items():
            ws.set_column(c, c, w)
        for r in set(sh.heights) | sh.hidden_rows:
            ws.set_row(r, sh.heights.get(r), None, {"hidden": r in sh.hidden_rows})
        covered = set()
        for (r1, c1, r2, c2) in sh.merges:
            cell = sh.cells[(r1, c1)]
            ws.merge_range(r1, c1, r2, c2, "", fmt(cell.st, cell.nf))
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
            covered.discard((r1, c1))
        for (r, c), cell in sorted(sh.cells.items()):
            if (r, c) in covered:
                continue
            f = fmt(cell.st, cell.nf)
            if cell.f is not None:
                cached = cell.err if cell.err else cell.v
                ws.write_formula(r, c, cell.f[0], f, cached)
            elif cell.v is None:
                ws.write_blank(r, c, None, f)
            elif isinstance(cell.v, str):
                ws.write_string(r, c, cell.v, f)
            else:
                ws.write_number(r, c, cell.v, f)
    wb.close()


# ---- openpyxl -------------------------------------------------------------------------------
def write_openpyxl(book, path):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    for sh in book.sheets:
        ws = wb.create_sheet(sh.name)
        if sh.hidden:
            ws.sheet_state = "hidden"
        for c, w in sh.widths.items():
            ws.column_dimensions[col_name(c)].width = w
        for r, h in sh.heights.items():
            ws.row_dimensions[r + 1].height = h
        for r in sh.hidden_rows:
            ws.row_dimensions[r + 1].hidden = True
        for (r, c), cell in sorted(sh.cells.items()):
            assert cell.f is None, "openpyxl cannot cache formula results"
            x = ws.cell(row=r + 1, column=c + 1)
            if cell.v is not None:
                x.value = cell.v
            p = _xw_props(cell.st, cell.nf)
            x.font = Font(name="宋体", size=p["font_size"], bold=p.get("bold", False))
            x.alignment = Alignment(horizontal=p.get("align"), vertical="center", wrap_text=p.get("text_wrap"))
            if cell.st in BORDER:
                x.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if cell.nf:
                x.number_format = cell.nf
        for (r1, c1, r2, c2) in sh.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    wb.save(str(path))


# ---- SpreadsheetML 2003 ("XML 表格 2003", as WPS saves it), written by hand ---------------------
def xesc(s):
    return _xesc(s, {'"': "&quot;"}).replace("\n", "&#10;")


def write_xml2003(book, path, created="2025-04-08T01:23:45Z", build="2052-11.1.0.14309"):
    styles = {}

    def sid(st, nf):
        if (st, nf) not in styles:
            styles[(st, nf)] = f"s{62 + len(styles)}"
        return styles[(st, nf)]

    body = []
    for sh in book.sheets:
        mtop = {(r1, c1): (r2 - r1, c2 - c1) for (r1, c1, r2, c2) in sh.merges}
        covered = set()
        for (r1, c1, r2, c2) in sh.merges:
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
            covered.discard((r1, c1))
        rows = {}
        for (r, c), cell in sh.cells.items():
            if (r, c) not in covered:
                rows.setdefault(r, []).append((c, cell))
        for r in sh.hidden_rows:
            rows.setdefault(r, [])
        maxr = max(rows) + 1 if rows else 1
        maxc = max(c for (r, c) in sh.cells) + 1 if sh.cells else 1
        out = [f' <Worksheet ss:Name="{xesc(sh.name)}">',
               f'  <Table ss:ExpandedColumnCount="{maxc}" ss:ExpandedRowCount="{maxr}" x:FullColumns="1"'
               f' x:FullRows="1" ss:DefaultColumnWidth="54" ss:DefaultRowHeight="14.25">']
        for c in sorted(sh.widths):
            out.append(f'   <Column ss:Index="{c + 1}" ss:AutoFitWidth="0" ss:Width="{sh.widths[c] * 5.25:.2f}"/>')
        prev = -1
        for r in sorted(rows):
            attrs = ""
            if r != prev + 1:
                attrs += f' ss:Index="{r + 1}"'
            if r in sh.heights:
                attrs += f' ss:AutoFitHeight="0" ss:Height="{sh.heights[r]}"'
            if r in sh.hidden_rows:
                attrs += ' ss:Hidden="1"'
            prev = r
            cells = sorted(rows[r], key=lambda x: x[0])
            if not cells:
                out.append(f"   <Row{attrs}/>")
                continue
            out.append(f"   <Row{attrs}>")
            nxt = 0
            for c, cell in cells:
                a = ""
                if c != nxt:
                    a += f' ss:Index="{c + 1}"'
                down, across = mtop.get((r, c), (0, 0))
                if across:
                    a += f' ss:MergeAcross="{across}"'
                if down:
                    a += f' ss:MergeDown="{down}"'
                a += f' ss:StyleID="{sid(cell.st, cell.nf)}"'
                if cell.f is not None:
                    a += f' ss:Formula="{xesc(cell.f[1])}"'
                nxt = c + 1 + across
                if cell.err:
                    data = f'<Data ss:Type="Error">{cell.err}</Data>'
                elif cell.rich:
                    runs = "".join(f'<Font html:Face="{face}" x:CharSet="134" html:Size="{size}"'
                                   f' html:Color="#000000">{xesc(t)}</Font>'
                                   for (t, face, size) in cell.rich)
                    data = f'<ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40">{runs}</ss:Data>'
                elif cell.v is None:
                    data = ""
                elif isinstance(cell.v, str):
                    data = f'<Data ss:Type="String">{xesc(cell.v)}</Data>'
                else:
                    if cell.f is not None and isinstance(cell.v, float):
                        num = "%.17g" % cell.v if repr(cell.v) != repr(float("%.15g" % cell.v)) else repr(cell.v)
                    elif isinstance(cell.v, float):
                        num = str(int(cell.v)) if cell.v.is_integer() else repr(cell.v)
                    else:
                        num = str(cell.v)
                    data = f'<Data ss:Type="Number">{num}</Data>'
                out.append(f"    <Cell{a}>{data}</Cell>" if data else f"    <Cell{a}/>")
            out.append("   </Row>")
        out.append("  </Table>")
        out.append('  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">')
        out.append('   <PageSetup><Header x:Margin="0.5"/><Footer x:Margin="0.5"/>'
                   '<PageMargins x:Bottom="1" x:Left="0.75" x:Right="0.75" x:Top="1"/></PageSetup>')
        if sh.hidden:
            out.append("   <Visible>SheetHidden</Visible>")
        out.append("   <Print><ValidPrinterInfo/><PaperSizeIndex>9</PaperSizeIndex></Print>")
        if sh is book.sheets[0]:
            out.append("   <Selected/>")
        out.append("   <ProtectObjects>False</ProtectObjects>\n   <ProtectScenarios>False</ProtectScenarios>")
        out.append("  </WorksheetOptions>")
        out.append(" </Worksheet>")
        body.extend(out)

    st_xml = [' <Styles>', '  <Style ss:ID="Default" ss:Name="Normal">',
              '   <Alignment ss:Vertical="Center"/>', '   <Borders/>',
              '   <Font ss:FontName="宋体" x:CharSet="134" ss:Size="11" ss:Color="#000000"/>',
              '   <Interior/>', '   <NumberFormat/>', '   <Protection/>', '  </Style>']
    for (st, nf), i in styles.items():
        p = _xw_props(st, nf)
        st_xml.append(f'  <Style ss:ID="{i}">')
        al = {"center": "Center", "right": "Right"}.get(p.get("align"), "Left")
        wrap = ' ss:WrapText="1"' if p.get("text_wrap") else ""
        st_xml.append(f'   <Alignment ss:Horizontal="{al}" ss:Vertical="Center"{wrap}/>')
        if st in BORDER:
            st_xml.append("   <Borders>" + "".join(
                f'<Border ss:Position="{pos}" ss:LineStyle="Continuous" ss:Weight="1"/>'
                for pos in ("Bottom", "Left", "Right", "Top")) + "</Borders>")
        bold = ' ss:Bold="1"' if p.get("bold") else ""
        st_xml.append(f'   <Font ss:FontName="宋体" x:CharSet="134" ss:Size="{p["font_size"]}"{bold}/>')
        if nf:
            st_xml.append(f'   <NumberFormat ss:Format="{xesc(nf)}"/>')
        st_xml.append("  </Style>")
    st_xml.append(" </Styles>")
    head = ['<?xml version="1.0" encoding="UTF-8"?>', '<?mso-application progid="Excel.Sheet"?>',
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"'
            ' xmlns:o="urn:schemas-microsoft-com:office:office"'
            ' xmlns:x="urn:schemas-microsoft-com:office:excel"'
            ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"'
            ' xmlns:html="http://www.w3.org/TR/REC-html40"'
            ' xmlns:dt="uuid:C2F41010-65B3-11d1-A29F-00AA00C14882">',
            ' <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office">',
            f'  <Author>{xesc(book.author)}</Author>', f'  <LastAuthor>{xesc(book.author)}</LastAuthor>',
            f'  <Created>{created}</Created>', f'  <LastSaved>{created}</LastSaved>',
            " </DocumentProperties>",
            ' <CustomDocumentProperties xmlns="urn:schemas-microsoft-com:office:office">',
            f'  <KSOProductBuildVer dt:dt="string">{build}</KSOProductBuildVer>',
            " </CustomDocumentProperties>",
            ' <ExcelWorkbook xmlns="urn:schemas-microsoft-com:office:excel">',
            "  <WindowWidth>28800</WindowWidth>", "  <WindowHeight>12300</WindowHeight>",
            "  <ProtectStructure>False</ProtectStructure>", "  <ProtectWindows>False</ProtectWindows>",
            " </ExcelWorkbook>"]
    text = "\n".join(head + st_xml + body + ["</Workbook>", ""])
    path.write_text(text, encoding="utf-8")


# =============================================================================================
# 3. Laying out a form: title block, grouped header, rows, footers; recording observations
# =============================================================================================
class N:
    """A header node. Leaves carry an indicator code (stored), a derived spec (not stored) or
    nothing (a column the dictionary does not know, e.g. 备注)."""

    def __init__(self, label, *children, ind=None, unit=None, derived=None, width=None):
        self.label, self.children, self.ind, self.unit, self.derived = label, list(children), ind, unit, derived
        self.width = width


def _leaves(nodes):
    out = []
    for n in nodes:
        out.extend(_leaves(n.children) if n.children else [n])
    return out


def _depth(nodes):
    return max((1 + _depth(n.children)) if n.children else (len(n.label) if isinstance(n.label, tuple) else 1)
               for n in nodes)


FW = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def dplain(d):
    d = Dec(d)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def to_num(d):
    d = Dec(d)
    return int(d) if d == d.to_integral_value() else float(d)


def with_commas(d):
    d = Dec(d)
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return format(d, ",.2f")


class Fmt:
    """How one clerk writes the numbers of a table.
    zero: 'num' (0), 'blank', '-', '—', '/', '0' (text), 'fmtdash' (0 shown as - by the number format);
    text / trail / fw: predicates over the cell info choosing cells written as text with
    thousands separators, with trailing spaces, or in full-width digits."""

    def __init__(self, zero="num", text=None, trail=None, fw=None, nf_cnt=None, nf_money=None, zero_for=None):
        self.zero, self.text, self.trail, self.fw = zero, text, trail, fw
        self.nf_cnt, self.nf_money, self.zero_for = nf_cnt, nf_money, zero_for or {}

    def __call__(self, shown, info):
        money = info["ind"] in MONEY
        nf = self.nf_money if money else self.nf_cnt
        if shown == 0:
            z = self.zero_for.get(info["ind"], self.zero)
            if z == "num":
                return Cell(0, "num", nf=nf)
            if z == "fmtdash":
                return Cell(0, "num", nf='#,##0.00;-#,##0.00;"-"' if money else '#,##0;-#,##0;"-"')
            if z == "blank":
                return Cell(None, "num")
            return Cell(z, "text_c")
        if self.fw and self.fw(info):
            return Cell(dplain(shown).translate(FW), "text_r")
        if self.trail and self.trail(info):
            return Cell(dplain(shown) + ("  " if info["i"] % 2 else " "), "text_r")
        if self.text and self.text(info):
            return Cell(with_commas(shown), "text_r")
        return Cell(to_num(shown), "num", nf=nf)


class Ctx:
    """One file being written: its observations and the cells they come from."""

    def __init__(self, fname, district, period):
        self.fname, self.district, self.period = fname, district, period
        self.obs = []      # (indicator, breakdown, Decimal)
        self.checks = []   # (sheet, r, c, divisor, Decimal)
        self.defects = []  # (sheet, r, c, text)  cells that make a reject file a reject

    def record(self, sheet, r, c, ind, bd, value, div=1):
        assert (ind, bd) not in {(o[0], o[1]) for o in self.obs}, (self.fname, ind, bd)
        self.obs.append((ind, bd, Dec(value)))
        self.checks.append((sheet.name, r, c, Dec(div), Dec(value)))


DIV = {"wan": Dec(10000), "yuan": Dec(1), None: Dec(1)}


def table(sh, ctx, r0, c0, nodes, rows, D, fmt, *, pre=(), label_head="项目", code=None, lanci=False,
          spacer=False, sums=None, label_st="label", hidden_spacer=False, override=None):
    """Write a form's table with its header at row r0, first column c0.
    rows: [(label, breakdown)], D: the values (元 for money), pre: columns left of the labels,
    sums: list of breakdowns whose SUM is written as a formula in the 'all' row (cached value kept).
    override: {(ind, bd): Cell} cells written as given (a reject's defect); not recorded."""
    override = override or {}
    H = _depth(nodes)
    lv = _leaves(nodes)
    c = c0
    for p in pre:
        sh.merge(r0, c, r0 + H - 1, c, p["head"], "head")
        c += 1
    lab_c = c
    sh.merge(r0, c, r0 + H - 1, c, label_head, "head")
    c += 1
    code_c = None
    if code:
        code_c = c
        sh.merge(r0, c, r0 + H - 1, c, code["head"], "head")
        c += 1
    first_leaf_c = c

    def place(n, level, col):
        if n.children:
            span = len(_leaves(n.children))
            sh.merge(r0 + level, col, r0 + level, col + span - 1, n.label, "head")
            cc = col
            for ch in n.children:
                cc = place(ch, level + 1, cc)
            return col + span
        if isinstance(n.label, tuple):
            for k, part in enumerate(n.label):
                sh.put(r0 + level + k, col, part, "head")
            for k in range(level + len(n.label), H):
                sh.put(r0 + k, col, None, "head")
        else:
            sh.merge(r0 + level, col, r0 + H - 1, col, n.label, "head")
        return col + 1

    cc = first_leaf_c
    for n in nodes:
        cc = place(n, 0, cc)
    colof = {id(n): first_leaf_c + j for j, n in enumerate(lv)}
    width = first_leaf_c + len(lv) - c0
    r = r0 + H
    if lanci:
        for k in range(c0, lab_c):
            sh.put(r, k, None, "text_c")
        sh.put(r, lab_c, "甲", "text_c")
        if code:
            sh.put(r, code_c, "乙", "text_c")
        for j, n in enumerate(lv):
            sh.put(r, first_leaf_c + j, str(j + 1), "text_c")
        r += 1
    if spacer:
        for k in range(c0, c0 + width):
            sh.put(r, k, None, "blankb")
        if hidden_spacer:
            sh.hidden_rows.add(r)
        r += 1
    rstart = r
    rowat = {bd: rstart + i for i, (_, bd) in enumerate(rows)}
    for i, (label, bd) in enumerate(rows):
        rr = rstart + i
        for k, p in enumerate(pre):
            if "merge" in p:
                if i == 0:
                    sh.merge(rstart, c0 + k, rstart + len(rows) - 1, c0 + k, p["merge"], "label_c")
            else:
                v = p["vals"][i]
                sh.put(rr, c0 + k, v, "label_c")
        sh.put(rr, lab_c, label, label_st)
        if code:
            sh.put(rr, code_c, code["vals"][i], "label_c")
        for j, n in enumerate(lv):
            col = first_leaf_c + j
            info = {"ind": n.ind, "bd": bd, "i": i, "j": j}
            if n.derived:
                kind, num, den = n.derived
                nv, dv = D[(num, bd)], D[(den, bd)]
                if dv == 0:
                    sh.put(rr, col, "/", "text_c")
                    continue
                val = round(float(nv) / float(dv) * 100, 2)
                cell = sh.put(rr, col, val, "num", nf="0.00")
                cols = {x.ind: first_leaf_c + k for k, x in enumerate(lv) if x.ind}
                if sums is not None and num in cols and den in cols:
                    cell.f = (f"=ROUND({a1(rr, cols[num])}/{a1(rr, cols[den])}*100,2)",
                              f"=ROUND(RC[{cols[num] - col}]/RC[{cols[den] - col}]*100,2)")
                continue
            if not n.ind:
                sh.put(rr, col, None, "blankb")
                continue
            raw = D[(n.ind, bd)]
            div = DIV[n.unit]
            shown = raw / div
            if (n.ind, bd) in override:
                sh.put(rr, col, override[(n.ind, bd)])
                ctx.defects.append((sh.name, rr, col, override[(n.ind, bd)].v or override[(n.ind, bd)].err))
                continue
            if sums is not None and bd == "all":
                comps = [rowat[b] for b in sums]
                assert comps == list(range(comps[0], comps[0] + len(comps)))
                cached = 0.0
                for b in sums:
                    cached += float(to_num(D[(n.ind, b)] / div))
                cell = Cell(cached if cached != int(cached) else int(cached), "num", nf=fmt.nf_money if n.ind in MONEY else fmt.nf_cnt)
                cell.f = (f"=SUM({a1(comps[0], col)}:{a1(comps[-1], col)})",
                          f"=SUM(R[{comps[0] - rr}]C:R[{comps[-1] - rr}]C)")
                sh.put(rr, col, cell)
            else:
                cell = fmt(shown, info)
                if sums is not None and bd in sums:
                    assert not (isinstance(cell.v, str) and cell.v.strip() not in ("-", "—", "/", "")), "SUM over text"
                sh.put(rr, col, cell)
            ctx.record(sh, rr, col, n.ind, bd, raw, div)
    return {"end": rstart + len(rows), "width": width, "label_col": lab_c, "rowat": rowat, "colof": colof,
            "first": first_leaf_c, "leaves": lv}


def title(sh, r, c0, width, text, h=30, rich=None):
    cell = sh.merge(r, c0, r, c0 + width - 1, text, "title")
    cell.rich = rich
    sh.heights[r] = h


def info_line(sh, r, c0, width, left, mid=None, right=None, left_span=None):
    ls = left_span or max(2, width // 2 - 1)
    sh.merge(r, c0, r, c0 + ls - 1, left, "info")
    if mid:
        sh.put(r, c0 + ls, mid, "info")
    if right:
        sh.put(r, c0 + width - 1, right, "info_r")


def foot(sh, r, text, c=0, span=None):
    if span:
        sh.merge(r, c, r, c + span - 1, text, "foot")
    else:
        sh.put(r, c, text, "foot")


def single_line(sh, ctx, r, c_label, c_value, label, ind, D, fmt=None, label_span=1, unit_text=None):
    """表四's two single-value lines below the table."""
    if label_span > 1:
        sh.merge(r, c_label, r, c_label + label_span - 1, label, "label")
    else:
        sh.put(r, c_label, label, "label")
    v = D[(ind, "all")]
    cell = fmt(v, {"ind": ind, "bd": "all", "i": 0, "j": 0}) if fmt else Cell(to_num(v), "num")
    sh.put(r, c_value, cell)
    if unit_text:
        sh.put(r, c_value + 1, unit_text, "text")
    ctx.record(sh, r, c_value, ind, "all", v)


def form(sh, ctx, D, s, r=0):
    """One form on a sheet from row r: table number, title(s), 填报单位 line, table, 表四 lines, footers."""
    c0 = s.get("c0", 0)
    lv = _leaves(s["nodes"])
    pre = s.get("pre", ())
    width = len(pre) + 1 + (1 if s.get("code") else 0) + len(lv)
    if s.get("tabno"):
        if s.get("tabno_right"):
            sh.put(r, c0 + width - 1, s["tabno"], "info_r")
        else:
            sh.put(r, c0, s["tabno"], "tabno")
        r += 1
    for k, tl in enumerate(s["titles"]):
        title(sh, r, c0, width, tl, rich=s.get("rich") if k == 0 else None, h=30 if k == 0 else 20)
        r += 1
    if s.get("info"):
        info_line(sh, r, c0, width, *s["info"])
        r += 1
    t = table(sh, ctx, r, c0, s["nodes"], s["rows"], D, s["fmt"], pre=pre, label_head=s.get("label_head", "项目"),
              code=s.get("code"), lanci=s.get("lanci", False), spacer=s.get("spacer", False),
              sums=s.get("sums"), hidden_spacer=s.get("hidden_spacer", False), override=s.get("override"))
    r = t["end"]
    for k in range(len(pre)):
        sh.widths.setdefault(c0 + k, 6)
    sh.widths.setdefault(t["label_col"], s.get("label_width", 24))
    if s.get("code"):
        sh.widths.setdefault(t["label_col"] + 1, 6)
    for j in range(len(lv)):
        sh.widths.setdefault(t["first"] + j, s.get("col_width", 11))
    if s.get("lines"):
        r += s.get("lines_gap", 1)
        for label, ind in s["lines"]:
            if s.get("lines_from_a"):
                single_line(sh, ctx, r, c0, t["first"], label, ind, D, fmt=s["fmt"], label_span=t["first"] - c0)
            else:
                single_line(sh, ctx, r, t["label_col"], t["first"], label, ind, D, fmt=s["fmt"],
                            label_span=t["first"] - t["label_col"])
            r += 1
    r += s.get("foot_gap", 1)
    for f in s.get("foot", ()):
        foot(sh, r, f, c=0)
        r += 1
    return r


def Dq(district, period, changes=None):
    """A copy of the model's values for a return, with a clerk's own changes applied."""
    D = copy.deepcopy(MODEL[district][period])
    for k, v in (changes or {}).items():
        D[k] = Dec(v)
    recompute_all(D, T1IND, UT)
    recompute_all(D, T3IND, IN3)
    recompute_all(D, T4IND, CAT)
    return D


def bump(D, key, delta):
    return {key: D[key] + delta}


# ---- row labels ------------------------------------------------------------------------------
R1 = [("合　　计", "all"), ("机关", "government"), ("事业单位", "institution"), ("国有企业", "soe"),
      ("集体企业", "collective"), ("非公有制企业", "non_public"), ("社会组织", "social_org")]
R2 = [("合　　计", "all"), ("其中：女职工", "female"), ("#农民工", "migrant"), ("新就业形态劳动者", "new_forms"),
      ("  其中：货车司机", "truck"), ("        快递员", "courier"), ("        外卖配送员", "delivery"),
      ("        网约车司机", "ride_hailing")]
R3 = [("合　　计", "all"), ("制造业", "manufacturing"), ("建筑业", "construction"),
      ("交通运输、仓储和邮政业", "transport"), ("电力、热力、燃气及水生产和供应业", "utilities"),
      ("信息传输、软件和信息技术服务业", "it"), ("批发和零售业", "trade"), ("卫生和社会工作", "health"), ("其他", "other")]
R4 = [("合　　计", "all"), ("生活救助", "living"), ("医疗救助", "medical"), ("助学救助（金秋助学）", "education"),
      ("就业帮扶", "employment"), ("送温暖慰问", "warmth"), ("一线职工慰问", "frontline"), ("其他", "other")]


def relabel(rows, **new):
    return [(new.get(bd, lab), bd) for lab, bd in rows]


def last_total(rows, label):
    """合计 moved to the bottom and renamed."""
    return [r for r in rows if r[1] != "all"] + [(label, "all")]


def seq(rows, style="arabic"):
    out, k = [], 0
    cn = "一二三四五六七八九十"
    for lab, bd in rows:
        if bd == "all":
            out.append("")
            continue
        k += 1
        out.append(cn[k - 1] if style == "cn" else str(k))
    return out


def rate(num, den):
    return ("r", num, den)


# ---- header layouts ----------------------------------------------------------------------------
def A_T1():
    return [N("应建会单位数（个）", ind="units_total"), N("已建会单位数（个）", ind="units_unionized"),
            N("建会率（%）", derived=rate("units_unionized", "units_total")),
            N("基层工会数（个）", N("合计", ind="unions"), N("其中：联合基层工会", ind="unions_joint")),
            N("职工人数（人）", ind="employees"), N("已建会单位职工人数（人）", ind="employees_in_unionized"),
            N("会员人数（人）", N("合计", ind="members"), N("其中：女会员", ind="members_female"),
              N("其中：农民工会员", ind="members_migrant")),
            N("入会率（%）", derived=rate("members", "employees_in_unionized")),
            N("本年新建基层工会数（个）", ind="unions_new_ytd")]


def A_T2():
    return [N("期初会员数（人）", ind="members_start"), N("本期新发展会员（人）", ind="members_joined"),
            N("本期减少会员（人）", ind="members_left"), N("期末会员数（人）", ind="members_end"),
            N("本年累计新发展会员（人）", ind="joined_ytd"), N("年度发展任务（人）", ind="joined_target"),
            N("完成年度任务（%）", derived=rate("joined_ytd", "joined_target"))]


def A_T3(sub="小计"):
    return [N("竞赛项目数（项）", ind="competitions"), N("参赛单位数（家）", ind="units_participating"),
            N("参赛职工（人次）", N(sub, ind="participants"), N("其中：非公企业", ind="participants_non_public")),
            N("其中：重点工程项目（个）", ind="key_projects"),
            N("合理化建议（条）", N("提出", ind="suggestions_made"), N("采纳实施", ind="suggestions_adopted")),
            N("技术革新成果（项）", ind="innovations"), N("工人先锋号（个）", ind="pioneer_awards"),
            N("创经济效益（万元）", ind="economic_benefit", unit="wan")]


def A_T4(group="帮扶金额（万元）", unit="wan"):
    return [N("帮扶户数（户）", ind="aid_households"), N("帮扶人次（人次）", ind="aid_person_times"),
            N(group, N("合计", ind="aid_amount", unit=unit), N("其中：工会经费", ind="aid_amount_union_funds", unit=unit),
              N("财政资金", ind="aid_amount_fiscal", unit=unit), N("社会捐助", ind="aid_amount_donations", unit=unit))]


LINES_A = [("在档困难职工户数（户）", "hardship_households"), ("本年解困脱困户数（户）", "hardship_exited_ytd")]
FOOT_A = ["填表人：周桂兰　　　　审核人：李建国　　　　联系电话：0579-8561234"]


def a_specs(D, when, date, fmt, *, unit="临江县总工会", district_title="临江县总工会", tabno=True, ytd_when=None):
    """周桂兰's own template (WPS, since 2010): 表15—x, 序号 column, 合计 first."""
    ytd_when = ytd_when or when
    return [
        dict(tabno="表15—1" if tabno else None, titles=[f"{district_title}{when}工会组织建设情况统计表"],
             info=(f"填报单位（盖章）：{unit}", f"填报日期：{date}", "单位：个、人"),
             nodes=A_T1(), rows=R1, pre=[{"head": "序号", "vals": seq(R1)}], label_head="单位类别", fmt=fmt,
             foot=FOOT_A + ["注：建会率＝已建会单位数÷应建会单位数；入会率＝会员人数÷已建会单位职工人数。"]),
        dict(tabno="表15—2" if tabno else None, titles=[f"{district_title}{when}会员发展情况统计表"],
             info=(f"填报单位（盖章）：{unit}", f"填报日期：{date}", "单位：人"),
             nodes=A_T2(), rows=R2, pre=[{"head": "序号", "vals": ["一", "二", "三", "四", "", "", "", ""]}],
             label_head="项　　目", fmt=fmt, foot=FOOT_A),
        dict(tabno="表15—3" if tabno else None, titles=[f"{district_title}{ytd_when}劳动和技能竞赛开展情况统计表"],
             info=(f"填报单位（盖章）：{unit}", f"填报日期：{date}", "单位：项、家、人次、条、万元"),
             nodes=A_T3(), rows=R3, pre=[{"head": "序号", "vals": seq(R3)}], label_head="行　　业", fmt=fmt,
             foot=FOOT_A + ["注：本表数据为本年累计数。"]),
        dict(tabno="表15—4" if tabno else None, titles=[f"{district_title}{ytd_when}困难职工帮扶和慰问情况统计表"],
             info=(f"填报单位（盖章）：{unit}", f"填报日期：{date}", "单位：户、人次、万元"),
             nodes=A_T4(), rows=R4, pre=[{"head": "序号", "vals": seq(R4)}], label_head="项　　目", fmt=fmt,
             lines=LINES_A, lines_from_a=True,
             foot=FOOT_A + ["注：1.本表数据为本年累计数；2.帮扶金额含工会经费、财政资金和社会捐助。"]),
    ]


# 刘爱华 (青石县): the official statistics layout
R1B = [("1.机关", "government"), ("2.事业单位", "institution"), ("3.国有企业", "soe"), ("4.集体企业", "collective"),
       ("5.非公有制企业（私营、港澳台、外资）", "non_public"), ("6.社会组织", "social_org"), ("总　计", "all")]
R2B = [("会员合计", "all"), ("其中：女职工", "female"), ("其中：农民工", "migrant"), ("其中：新就业形态劳动者", "new_forms"),
       ("　　其中：货车司机", "truck"), ("　　　　　快递员", "courier"), ("　　　　　外卖配送员", "delivery"),
       ("　　　　　网约车司机", "ride_hailing")]
R3B = [("1.制造业", "manufacturing"), ("2.建筑业", "construction"), ("3.交通运输仓储和邮政业", "transport"),
       ("4.电力、热力、燃气及水生产和供应业", "utilities"), ("5.信息传输、软件和信息技术服务业", "it"),
       ("6.批发和零售业", "trade"), ("7.卫生和社会工作", "health"), ("8.其它", "other"), ("总 计", "all")]
R4B = [("1.生活救助", "living"), ("2.医疗救助", "medical"), ("3.金秋助学", "education"), ("4.就业帮扶", "employment"),
       ("5.送温暖", "warmth"), ("6.一线职工慰问（夏送清凉）", "frontline"), ("7.其他", "other"), ("总 计", "all")]


def B_T1():
    return [N("应建会单位数（个）", ind="units_total"), N("已建会单位数（个）", ind="units_unionized"),
            N("基层工会总数（个）", ind="unions"), N("职工人数（人）", ind="employees"),
            N("已建会单位职工人数（人）", ind="employees_in_unionized"), N("工会会员合计（人）", ind="members"),
            N("其中：女会员（人）", ind="members_female"), N("其中：农民工（人）", ind="members_migrant"),
            N("本年新建基层工会（个）", ind="unions_new_ytd"), N("建会率（%）", derived=rate("units_unionized", "units_total"))]


def B_T2():
    return [N("期初会员数（人）", ind="members_start"), N("新发展会员（本季度）", ind="members_joined"),
            N("减少会员（本季度）", ind="members_left"), N("期末会员数（人）", ind="members_end"),
            N("本年累计新发展会员（人）", ind="joined_ytd"), N("年度目标任务数（人）", ind="joined_target")]


def B_T3():
    return [N("开展竞赛项目（项）", ind="competitions"), N("参赛单位（家）", ind="units_participating"),
            N("竞赛参与人次", N("总计", ind="participants"), N("其中：非公企业职工", ind="participants_non_public")),
            N("重点工程项目（个）", ind="key_projects"),
            N("合理化建议（条）", N("提出", ind="suggestions_made"), N("采纳实施", ind="suggestions_adopted")),
            N("技术革新成果（项）", ind="innovations"), N("命名工人先锋号（个）", ind="pioneer_awards"),
            N("创造经济效益（万元）", ind="economic_benefit", unit="wan")]


def B_T4(unit="wan", group="慰问金（万元）"):
    return [N("困难职工帮扶户数（户）", ind="aid_households"), N("帮扶人次（人次）", ind="aid_person_times"),
            N(group, N("合计", ind="aid_amount", unit=unit), N("其中：工会经费", ind="aid_amount_union_funds", unit=unit),
              N("其中：财政资金", ind="aid_amount_fiscal", unit=unit),
              N("其中：社会捐助", ind="aid_amount_donations", unit=unit))]


def code_col(rows, base):
    return {"head": "代码", "vals": [f"{base}{k + 1:02d}" if bd != "all" else f"{base}00" for k, (l, bd) in enumerate(rows)]}


FOOT_B = ["单位负责人：张卫东　　　统计负责人：刘爱华　　　填表人：刘爱华　　　联系电话：13905791234"]

# 陈淑珍 (云台市): 地区 column merged down, 合计 first, 备注 column
R1C = [("合计", "all"), ("机关", "government"), ("事业单位", "institution"), ("国有企业", "soe"), ("集体企业", "collective"),
       ("非公有制企业", "non_public"), ("社会组织", "social_org")]
R2C = [("合计", "all"), ("  其中：女职工", "female"), ("  其中：农民工", "migrant"), ("  新就业形态劳动者", "new_forms"),
       ("    #货车司机", "truck"), ("    #快递员", "courier"), ("    #外卖配送员", "delivery"), ("    #网约车司机", "ride_hailing")]
R3C = [("合计", "all"), ("制造业", "manufacturing"), ("建筑业", "construction"), ("交通运输、仓储和邮政业", "transport"),
       ("电力、热力、燃气及水生产和供应业", "utilities"), ("信息传输、软件和信息技术服务业", "it"), ("批发和零售业", "trade"),
       ("卫生和社会工作", "health"), ("其他行业", "other")]
R4C = [("合计", "all"), ("生活救助", "living"), ("医疗救助", "medical"), ("金秋助学", "education"), ("就业帮扶", "employment"),
       ("送温暖慰问", "warmth"), ("一线职工慰问", "frontline"), ("其他", "other")]


def C_T1():
    return [N("应建会单位数（个）", ind="units_total"), N("已建会单位数（个）", ind="units_unionized"),
            N("基层工会数（个）", N("合计", ind="unions"), N("其中：联合基层工会", ind="unions_joint")),
            N("职工人数（人）", ind="employees"), N(("已建会单位", "职工人数（人）"), ind="employees_in_unionized"),
            N("会员人数（人）", N("合计", ind="members"), N("其中：女", ind="members_female"),
              N("其中：农民工", ind="members_migrant")),
            N("本年新建基层工会数（个）", ind="unions_new_ytd"), N("备注")]


def C_T2(joined="本季度新发展会员（人）", left="本季度减少会员（人）", ytd="本年累计新发展会员（人）"):
    return [N("期初会员数（人）", ind="members_start"), N(joined, ind="members_joined"), N(left, ind="members_left"),
            N("期末会员数（人）", ind="members_end"), N(ytd, ind="joined_ytd"),
            N("全年发展任务（人）", ind="joined_target"), N("完成全年任务（%）", derived=rate("joined_ytd", "joined_target")),
            N("备注")]


def C_T3():
    return [N("竞赛项目数（项）", ind="competitions"), N("参赛单位数（家）", ind="units_participating"),
            N("参赛职工人次", N("合计", ind="participants"), N("其中：非公企业职工", ind="participants_non_public")),
            N("重点工程项目数（个）", ind="key_projects"), N("合理化建议提出数（条）", ind="suggestions_made"),
            N("其中：采纳实施（条）", ind="suggestions_adopted"), N("技术革新成果（项）", ind="innovations"),
            N("工人先锋号（个）", ind="pioneer_awards"), N("创经济效益（万元）", ind="economic_benefit", unit="wan"),
            N("备注")]


def C_T4():
    return [N("帮扶户数（户）", ind="aid_households"), N("帮扶人次（人次）", ind="aid_person_times"),
            N("帮扶资金（万元）", N("合计", ind="aid_amount", unit="wan"),
              N("其中：工会经费", ind="aid_amount_union_funds", unit="wan"),
              N("财政资金", ind="aid_amount_fiscal", unit="wan"), N("社会捐助", ind="aid_amount_donations", unit="wan")),
            N("备注")]


FOOT_C = ["填表人：陈淑珍　　　审核人：吴国平　　　联系电话：0579-5523318"]
AREA_C = [{"head": "地区", "merge": "云台市"}]


def c_specs(D, when, date, fmt, ytd_when=None, t2=None):
    ytd_when = ytd_when or when
    return [
        dict(titles=[f"云台市总工会{when}工会组织建设情况统计表"], info=("填报单位（盖章）：云台市总工会", f"填报日期：{date}", "单位：个、人"),
             nodes=C_T1(), rows=R1C, pre=AREA_C, label_head="单位类型", fmt=fmt, foot=FOOT_C),
        dict(titles=[f"云台市总工会{when}会员发展情况统计表"], info=("填报单位（盖章）：云台市总工会", f"填报日期：{date}", "单位：人"),
             nodes=t2 or C_T2(), rows=R2C, pre=AREA_C, label_head="类别", fmt=fmt, foot=FOOT_C),
        dict(titles=[f"云台市总工会{ytd_when}劳动和技能竞赛情况统计表"],
             info=("填报单位（盖章）：云台市总工会", f"填报日期：{date}", "单位：项、家、人次、条、个、万元"),
             nodes=C_T3(), rows=R3C, pre=AREA_C, label_head="行业", fmt=fmt, foot=FOOT_C + ["注：以上均为本年累计数。"]),
        dict(titles=[f"云台市总工会{ytd_when}困难职工帮扶和慰问情况统计表"],
             info=("填报单位（盖章）：云台市总工会", f"填报日期：{date}", "单位：户、人次、万元"),
             nodes=C_T4(), rows=R4C, pre=AREA_C, label_head="帮扶类别", fmt=fmt,
             lines=[("在档困难职工户数（户）", "hardship_households"), ("本年解困脱困户数（户）", "hardship_exited_ytd")],
             lines_from_a=True, foot=FOOT_C),
    ]


# =============================================================================================
# 4. The returns
# =============================================================================================
RESULTS = []  # dicts: ctx, kind, expect, corrects, style


def save(book, ctx, kind, expect, style, corrects=""):
    path = OUT / ctx.fname
    {"xls": write_xlwt, "xlsx": write_xlsxwriter, "xlsx_op": write_openpyxl}.get(kind, lambda b, p: None)(book, path)
    if kind == "xml":
        write_xml2003(book, path, created=XML_CREATED.get(ctx.fname, "2025-04-08T01:23:45Z"))
    if expect == "accept":
        hard_check({(i, b): v for i, b, v in ctx.obs}, ctx.fname)
    RESULTS.append(dict(ctx=ctx, kind=kind, expect=expect, corrects=corrects, style=style))


XML_CREATED = {}


def build_forms(book, ctx, D, specs, names):
    sheets = []
    for name, s in zip(names, specs):
        sh = book.add(name)
        form(sh, ctx, D, s)
        sheets.append(sh)
    return sheets


NAMES4 = ["表一", "表二", "表三", "表四"]


def f_A1():
    P = "2024-Q4"
    D = Dq("linjiang", P, {("joined_target", "female"): 0, ("joined_target", "migrant"): 0})
    ctx = Ctx("临江县2024年四季度工会统计报表.xls", "linjiang", P)
    b = Book()
    fmt = Fmt(zero="-", zero_for={"joined_target": "/"})
    specs = a_specs(D, "2024年第四季度", "2025年1月8日", fmt)
    build_forms(b, ctx, D, specs, ["表15—1组织建设", "表15—2会员发展", "表15—3劳动竞赛", "表15—4帮扶慰问"])
    b.add("Sheet1")
    save(b, ctx, "xls", "accept",
         "WPS另存的老式xls：表号“表15—1”、大标题合并、填报单位（盖章）/填报日期/单位行；序号列，合计写作“合　　计”放第一行；"
         "基层工会数、会员人数、参赛职工、帮扶金额（万元）都是“合计/小计+其中”两行分组表头；零写“-”，女职工和农民工的年度任务写“/”；"
         "表四下方两行在档/解困户数从A列写起；末尾有个空的Sheet1")


def f_A2():
    P = "2025-Q1"
    D = Dq("linjiang", P)
    ctx = Ctx("临江县总工会2025年一季度统计报表.xls", "linjiang", P)
    XML_CREATED[ctx.fname] = "2025-04-09T02:10:33Z"
    b = Book()
    fmt = Fmt(zero="—",
              text=lambda i: i["ind"] in T1IND + T2IND or i["ind"] in MONEY - {"economic_benefit"},
              fw=lambda i: i["bd"] in NF_PARTS and i["ind"] in ("members_joined", "members_left"),
              trail=lambda i: i["ind"] in ("competitions", "innovations") and i["i"] % 3 == 1)
    specs = a_specs(D, "2025年一季度", "2025年4月9日", fmt, ytd_when="2025年1-3月")
    specs[0]["nodes"] = [
        N("应建会单位数（个）", ind="units_total"), N("已建会单位数（个）", ind="units_unionized"),
        N("基层工会总数（个）", ind="unions"), N("其中：联合基层工会（个）", ind="unions_joint"),
        N("职工人数（人）", ind="employees"), N("已建会单位职工人数（人）", ind="employees_in_unionized"),
        N("工会会员合计（人）", ind="members"), N("其中：女会员（人）", ind="members_female"),
        N("其中：农民工会员（人）", ind="members_migrant"),
        N("建会率（%）", derived=rate("units_unionized", "units_total")),
        N("入会率（%）", derived=rate("members", "employees_in_unionized")),
        N("本年新建基层工会数（个）", ind="unions_new_ytd")]
    specs[1]["nodes"] = [
        N("期初会员数（人）", ind="members_start"), N("新发展会员（本季度）", ind="members_joined"),
        N("减少会员（本季度）", ind="members_left"), N("期末会员数（人）", ind="members_end"),
        N("本年累计新发展会员（人）", ind="joined_ytd"), N("年度目标任务数", ind="joined_target"),
        N("完成年度任务（%）", derived=rate("joined_ytd", "joined_target"))]
    specs[2]["nodes"] = [
        N("竞赛项目数（项）", ind="competitions"), N("参赛单位数（家）", ind="units_participating"),
        N("竞赛参与人次", N("小计", ind="participants"), N("其中：非公企业职工", ind="participants_non_public")),
        N("其中：重点工程项目（个）", ind="key_projects"), N("合理化建议提出（条）", ind="suggestions_made"),
        N("合理化建议采纳实施（条）", ind="suggestions_adopted"), N("技术革新成果（项）", ind="innovations"),
        N("工人先锋号（个）", ind="pioneer_awards"), N("创经济效益（万元）", ind="economic_benefit", unit="wan")]
    specs[3]["nodes"] = A_T4(group="帮扶金额（元）", unit="yuan")
    specs[3]["nodes"][0] = N("困难职工帮扶户数（户）", ind="aid_households")
    specs[3]["info"] = ("填报单位（盖章）：临江县总工会", "填报日期：2025年4月9日", "单位：户、人次、元")
    specs[3]["foot"] = FOOT_A + ["注：本表数据为本年累计数，金额单位为元。"]
    build_forms(b, ctx, D, specs, ["组织建设", "会员发展", "劳动竞赛", "帮扶慰问"])
    save(b, ctx, "xml", "accept",
         "WPS“XML 表格 2003”格式存成.xls：表一、表二的数字都是带千分位的文本（从Word材料里粘过来的），新就业形态分项的新发展/减少数是全角数字，"
         "竞赛项目数等个别单元格带尾随空格，零写“—”；表头用“基层工会总数”“工会会员合计（人）”“新发展会员（本季度）”“年度目标任务数”“竞赛参与人次”“困难职工帮扶户数”；"
         "表四金额以元为单位，也是千分位文本")


def f_A3():
    P = "2025-Q2"
    D = Dq("linjiang", P)
    ctx = Ctx("临江县2025年二季度统计报表.xls", "linjiang", P)
    XML_CREATED[ctx.fname] = "2025-07-07T08:41:02Z"
    b = Book()
    fmt = Fmt(zero="num", nf_money="0.00")
    specs = a_specs(D, "2025年第二季度", "2025年7月7日", fmt, ytd_when="2025年1-6月")
    area = [{"head": "地区", "merge": "临江县"}]
    specs[0].update(pre=area, label_head="单位类型", sums=UT, tabno=None,
                    rich=[("临江县总工会", "黑体", 18), ("2025年第二季度工会组织建设情况统计表", "宋体", 16)])
    specs[1].update(tabno=None)
    specs[2].update(pre=area, sums=IN3, tabno=None, nodes=[
        N("竞赛开展情况",
          N("竞赛项目数（项）", ind="competitions"), N("其中：重点工程项目（个）", ind="key_projects"),
          N("参赛单位数（家）", ind="units_participating"),
          N("参赛职工（人次）", N("小计", ind="participants"), N("其中：非公企业", ind="participants_non_public"))),
        N("竞赛成果",
          N("合理化建议（条）", N("提出", ind="suggestions_made"), N("采纳实施", ind="suggestions_adopted")),
          N("技术革新成果（项）", ind="innovations"), N("工人先锋号（个）", ind="pioneer_awards"),
          N("创经济效益（万元）", ind="economic_benefit", unit="wan"))])
    specs[3].update(sums=CAT, spacer=True, hidden_spacer=True, tabno=None)
    build_forms(b, ctx, D, specs, ["Sheet1", "Sheet2", "Sheet3", "Sheet4"])
    save(b, ctx, "xml", "accept",
         "WPS“XML 表格 2003”：工作表没改名（Sheet1–Sheet4），表一标题是两种字体的富文本；表一、表三左边有合并的“地区”列（临江县），页脚写在A列；"
         "表三是三行表头（竞赛开展情况/竞赛成果 两大组，参赛职工、合理化建议再分小组）；合计行是SUM公式，缓存值带二进制尾差（如…99999999），建会率、入会率是公式；"
         "表四表头下有一行隐藏的空行")


def a4_nodes():
    t1 = [N("单位数（个）", N("应建会", ind="units_total"), N("已建会", ind="units_unionized"),
            N("建会率（%）", derived=rate("units_unionized", "units_total"))),
          N("基层工会（个）", N("总数", ind="unions"), N("其中：联合基层工会", ind="unions_joint")),
          N("职工人数（人）", N("合计", ind="employees"), N("其中：已建会单位", ind="employees_in_unionized")),
          N("会员（人）", N("总数", ind="members"),
            N("其中", N("女", ind="members_female"), N("农民工", ind="members_migrant"))),
          N("本年新建基层工会数（个）", ind="unions_new_ytd")]
    t4 = [N("帮扶户数（户）", ind="aid_households"), N("帮扶人次（人次）", ind="aid_person_times"),
          N("慰问金（万元）", N("合计", ind="aid_amount", unit="wan"),
            N("其中", N("工会经费", ind="aid_amount_union_funds", unit="wan"),
              N("财政资金", ind="aid_amount_fiscal", unit="wan"),
              N("社会捐助", ind="aid_amount_donations", unit="wan")))]
    return t1, t4


def a4_book(ctx, D, date):
    b = Book()
    fmt = Fmt(zero="fmtdash", nf_cnt='#,##0;-#,##0;"-"', nf_money='#,##0.00;-#,##0.00;"-"')
    specs = a_specs(D, "2025年三季度", date, fmt, ytd_when="2025年1-9月")
    t1, t4 = a4_nodes()
    specs[0].update(nodes=t1, sums=UT)
    specs[2].update(sums=IN3)
    specs[3].update(nodes=t4, sums=CAT)
    build_forms(b, ctx, D, specs, NAMES4)
    ros = b.add("名册")
    ros.hidden = True
    for k, h in enumerate(["序号", "单位名称", "建会时间", "工会主席"]):
        ros.put(0, k, h, "head")
    names = ["临江县宏达包装有限公司", "临江县顺丰速运网点联合工会", "临江县城东街道小微企业联合工会", "临江县美佳超市",
             "临江县鑫源建材有限公司", "临江县江南物业服务有限公司", "临江县仁和口腔门诊部"]
    for k, n in enumerate(names):
        ros.put(k + 1, 0, str(k + 1), "label_c")
        ros.put(k + 1, 1, n, "label")
        ros.put(k + 1, 2, f"2025.{k % 3 + 7}", "label_c")
        ros.put(k + 1, 3, ["王建", "陈丽", "赵海波", "孙梅", "周强", "钱芳", "吴磊"][k], "label")
    ros.widths.update({1: 36, 2: 12, 3: 10})
    return b


def f_A4_A5():
    P = "2025-Q3"
    good = MODEL["linjiang"][P]
    wrong = {}
    wrong.update(bump(good, ("joined_ytd", "female"), 100))
    wrong.update(bump(good, ("participants", "manufacturing"), 900))
    wrong.update(bump(good, ("aid_amount_union_funds", "medical"), -32000))
    wrong.update(bump(good, ("aid_amount", "medical"), -32000))
    wrong.update(bump(good, ("unions_new_ytd", "non_public"), -3))
    D = Dq("linjiang", P, wrong)
    ctx = Ctx("临江县2025年三季度报表.xlsx", "linjiang", P)
    save(a4_book(ctx, D, "2025年10月9日"), ctx, "xlsx", "accept",
         "xlsx（WPS另存）：表一是三行表头（单位数 应建会|已建会|建会率，基层工会 总数|其中，职工人数 合计|其中：已建会单位，会员 总数|其中→女|农民工）；"
         "表四“慰问金（万元）”下“合计”向下合并两行、“其中”再分工会经费|财政资金|社会捐助；零值是数字0靠数字格式显示成“-”；合计行为SUM公式（有缓存值）；"
         "另有一个隐藏的“名册”工作表")
    D2 = Dq("linjiang", P)
    ctx2 = Ctx("临江县2025年三季度报表（更正）.xlsx", "linjiang", P)
    save(a4_book(ctx2, D2, "2025年10月15日（更正）"), ctx2, "xlsx", "accept",
         "上一份三季度报表的更正版：同样的表样，改了表一非公企业本年新建工会数、表二女职工本年累计发展数、表三制造业参赛职工人次、表四医疗救助金额（及各合计）",
         corrects=ctx.fname)


def f_A6():
    P = "2025-Q4"
    D = Dq("linjiang", P)
    ctx = Ctx("临江县2025年1-12月工会统计报表.xls", "linjiang", P)
    b = Book()
    fmt = Fmt(zero="/", trail=lambda i: i["i"] in (2, 5) and i["ind"] not in MONEY)
    specs = a_specs(D, "2025年第四季度", "2026年1月9日", fmt, ytd_when="2025年1-12月")
    specs[2]["nodes"] = A_T3("合计")
    specs[3].update(lines_gap=0)
    specs[0]["info"] = ("填报单位（盖章）：临江县总工会", "统计时间：截至2025年12月底", "单位：个、人")
    build_forms(b, ctx, D, specs, ["表15-1", "表15-2", "表15-3", "表15-4"])
    b.add("Sheet2")
    b.add("Sheet3")
    save(b, ctx, "xls", "accept",
         "老式xls，文件名写“2025年1-12月”，表一、表二标题写“2025年第四季度”，表三、表四标题写“1-12月”；第3、6个数据行的数字是带尾随空格的文本；零写“/”；"
         "参赛职工分组下第一列叫“合计”；表四两行在档/解困户数紧贴在表格下面（无空行）；有两个空工作表Sheet2、Sheet3")


def f_A7():
    P = "2026-Q1"
    D = Dq("linjiang", P)
    ctx = Ctx("临江县2026年一季度统计报表.xlsx", "linjiang", P)
    b = Book()
    fmt = Fmt(zero="-")
    specs = a_specs(D, "2026年第一季度", "2026年4月8日", fmt, ytd_when="2026年1-3月")
    specs[2]["override"] = {("participants", "construction"): Cell("约2万", "text_r")}
    build_forms(b, ctx, D, specs, NAMES4)
    r, c = ctx.defects[0][1:3]
    save(b, ctx, "xlsx", "reject",
         f"拒收：表三!{a1(r, c)} 建筑业参赛职工小计写“约2万”（工地还没报准数），不是数字；其余同她平时的表样（序号列、合计在前、零写“-”）")


def f_A8():
    P = "2026-Q2"
    D = Dq("linjiang", P)
    ctx = Ctx("2026年上半年工会统计报表.xls", "linjiang", P)
    XML_CREATED[ctx.fname] = "2026-07-08T03:05:41Z"
    b = Book()
    fmt = Fmt(zero="blank")
    specs = a_specs(D, "2026年第二季度", "2026年7月8日", fmt, ytd_when="2026年1-6月", district_title="")
    build_forms(b, ctx, D, specs, ["表15—1", "表15—2", "表15—3", "表15—4"])
    save(b, ctx, "xml", "accept",
         "WPS“XML 表格 2003”存成.xls；文件名和标题都没有区县名（“2026年1-6月工会组织建设情况统计表”），只有“填报单位（盖章）：临江县总工会”一行能看出是临江县；"
         "表二标题写“2026年第二季度”，其余写“2026年1-6月”；零值留空")


def f_A9():
    P = "2026-Q3"
    D = Dq("linjiang", P)
    ctx = Ctx("工会统计报表（2026年三季度）.xlsx", "linjiang", P)
    b = Book()
    fmt = Fmt(zero="-")
    specs = a_specs(D, "2026年第三季度", "2026年10月10日", fmt, ytd_when="2026年1-9月", unit="", district_title="")
    build_forms(b, ctx, D, specs, NAMES4)
    ctx.defects.append(("表一", 2, 0, "填报单位（盖章）："))
    save(b, ctx, "xlsx_op", "reject",
         "拒收：看不出是哪个区县——文件名“工会统计报表（2026年三季度）”、四张表的标题（如表一!A2“2026年第三季度工会组织建设情况统计表”）都没写区县，"
         "表一!A3“填报单位（盖章）：”后面空着（她急着交，忘了填），页脚只有填表人姓名和电话")


def b_specs(D, when, ytd_when, fmt, *, rows2=R2B, lanci=True, code=True, info_mid=None, t4_unit_line="单位：户、人次、万元"):
    unit = "填报单位：青石县总工会（盖章）"
    mid = info_mid or f"报告期：{when}"
    return [
        dict(tabno="表一", titles=[f"青石县总工会{when}工会组织建设情况"], info=(unit, mid, "计量单位：个、人"),
             nodes=B_T1(), rows=R1B, code=code_col(R1B, "1") if code else None, lanci=lanci, label_head="单位类型",
             fmt=fmt, foot=FOOT_B),
        dict(tabno="表二", titles=[f"青石县总工会{when}会员发展情况"], info=(unit, mid, "计量单位：人"),
             nodes=B_T2(), rows=rows2, code=code_col(rows2, "2") if code else None, lanci=lanci, label_head="指标名称",
             fmt=fmt, foot=FOOT_B),
        dict(tabno="表三", titles=[f"青石县总工会{ytd_when}劳动和技能竞赛开展情况"], info=(unit, mid, "计量单位：见表头"),
             nodes=B_T3(), rows=R3B, lanci=lanci, label_head="行业", fmt=fmt, foot=FOOT_B),
        dict(tabno="表四", titles=[f"青石县总工会{ytd_when}困难职工帮扶和慰问情况"], info=(unit, mid, t4_unit_line),
             nodes=B_T4(), rows=R4B, lanci=lanci, label_head="帮扶类别", fmt=fmt,
             lines=[("在档困难职工户数（户）", "hardship_households"), ("本年解困脱困户数（户）", "hardship_exited_ytd")],
             foot=FOOT_B + ["说明：帮扶、慰问数据为本年累计数。"]),
    ]


def f_B1():
    P = "2025-Q1"
    D = Dq("qingshi", P)
    ctx = Ctx("青石县2025年第一季度工会统计报表.xlsx", "qingshi", P)
    b = Book("刘爱华")
    fmt = Fmt(zero="/")
    rows2 = [r for r in R2B if r[1] != "ride_hailing"]
    specs = b_specs(D, "2025年第一季度", "2025年1-3月", fmt, rows2=rows2, t4_unit_line="金额单位：元")
    build_forms(b, ctx, D, specs, ["表一 组织建设", "表二 会员发展", "表三 劳动竞赛", "表四 帮扶慰问"])
    save(b, ctx, "xlsx_op", "accept",
         "统计报表样式：表头下一行是栏次（甲|乙|1|2|3…），标签旁有“代码”列，行标签编号（1.机关…），合计写“总　计”/“总 计”放在最后；零写“/”；"
         "表一没有联合基层工会一列，表头写“基层工会总数”“工会会员合计（人）”，建会率放最后；表二没有网约车司机一行；"
         "表四单位行写“金额单位：元”，但表头写“慰问金（万元）”，数字也是万元（以表头为准）")


def f_B2():
    P = "2025-Q3"
    D = Dq("qingshi", P)
    ctx = Ctx("青石县2025年1-9月统计报表.xls", "qingshi", P)
    b = Book("刘爱华")
    fmt = Fmt(zero="/")
    specs = b_specs(D, "2025年第三季度", "2025年1-9月", fmt, lanci=False, info_mid="2025年1-9月")
    specs[1]["info"] = (specs[1]["info"][0], "2025年第三季度", specs[1]["info"][2])
    specs[0]["titles"] = ["表一　青石县总工会2025年1-9月工会组织建设情况统计表"]
    specs[1]["titles"] = ["表二　青石县总工会2025年第三季度会员发展情况统计表"]
    specs[2]["titles"] = ["表三　青石县总工会2025年1-9月劳动和技能竞赛开展情况统计表"]
    specs[3]["titles"] = ["表四　青石县总工会2025年1-9月困难职工帮扶和慰问情况统计表"]
    sh = b.add("2025年1-9月")
    r = 0
    for k, s in enumerate(specs):
        s["tabno"] = None
        s["code"] = code_col(s["rows"], str(k + 1)) if k < 2 else None
        if k < 3:
            s["foot"] = []
            s["foot_gap"] = 2
        r = form(sh, ctx, D, s, r)
    b.add("Sheet2")
    b.add("Sheet3")
    save(b, ctx, "xls", "accept",
         "老式xls，四张表上下叠在同一个工作表“2025年1-9月”里，每张表有自己的标题（“表一　青石县总工会2025年1-9月…”），表与表之间空两行，页脚只在最后；"
         "表一、表二有代码列，无栏次行；合计写“总　计”放最后；零写“/”；信息技术服务业全年没有竞赛，整行都是“/”")


def b3_book(ctx, D, override=None, date="2026年7月9日"):
    b = Book("刘爱华")
    fmt = Fmt(zero="/")
    specs = b_specs(D, "2026年第二季度", "2026年1-6月", fmt)
    for s in specs:
        s["info"] = (s["info"][0], f"填报日期：{date}", s["info"][2])
    if override:
        specs[0]["override"] = override
    build_forms(b, ctx, D, specs, NAMES4)
    return b


def f_B3_B4():
    P = "2026-Q2"
    D = Dq("qingshi", P)
    ctx = Ctx("青石县2026年二季度统计报表.xls", "qingshi", P)
    XML_CREATED[ctx.fname] = "2026-07-09T06:12:20Z"
    bad = D[("members_female", "soe")] * 10
    b = b3_book(ctx, D, {("members_female", "soe"): Cell(to_num(bad), "num")})
    r, c = ctx.defects[0][1:3]
    save(b, ctx, "xml", "reject",
         f"拒收：表一!{a1(r, c)} 国有企业“其中：女会员”写成{int(bad)}（多敲了一个0），大于同行工会会员合计{int(D[('members', 'soe')])}；"
         "WPS“XML 表格 2003”存成.xls，栏次行、代码列、合计在最后")
    ctx2 = Ctx("青石县2026年二季度统计报表（重报）.xls", "qingshi", P)
    XML_CREATED[ctx2.fname] = "2026-07-10T01:02:03Z"
    save(b3_book(ctx2, D, date="2026年7月10日"), ctx2, "xml", "accept",
         "被退回后重报的二季度报表（上一份因女会员数多敲一个0被拒收，没有入库，所以这份不算更正）：WPS“XML 表格 2003”存成.xls，栏次行、代码列、行标签编号、"
         "“总 计”在最后、零写“/”")


def f_B5():
    P = "2026-Q1"
    D = Dq("qingshi", P)
    ctx = Ctx("青石县2026年一季度劳动竞赛统计表.xlsx", "qingshi", P)
    b = Book("刘爱华")
    fmt = Fmt(zero="/")
    s = b_specs(D, "2026年1季度", "2026年1季度", fmt)[2]
    s["rows"] = last_total(R3B, "全县合计")
    s["info"] = ("填报单位：青石县总工会（盖章）", "时间：2026年1-3月", "单位：项、家、人次、条、个、万元")
    form(b.add("竞赛"), ctx, D, s)
    save(b, ctx, "xlsx", "accept",
         "只报表三一张表的单独文件（一表一文件）：标题写“2026年1季度”，单位行写“2026年1-3月”；“竞赛参与人次”分组下第一列叫“总计”、第二列“其中：非公企业职工”；"
         "“开展竞赛项目”“命名工人先锋号”“创造经济效益（万元）”等说法；栏次行；合计写“全县合计”放最后；一季度还没评工人先锋号，整列是“/”")


def f_B6():
    P = "2026-Q1"
    D = Dq("qingshi", P)
    ctx = Ctx("青石县2026年1-3月困难职工帮扶统计表.xls", "qingshi", P)
    b = Book("刘爱华")
    fmt = Fmt(zero="/", text=lambda i: i["ind"] in MONEY)
    s = b_specs(D, "2026年1-3月", "2026年1-3月", fmt, lanci=False)[3]
    s["nodes"] = B_T4(unit="yuan", group="帮扶金额（元）")
    s["info"] = ("填报单位：青石县总工会（盖章）", "填报日期：2026年4月7日", "单位：户、人次、元")
    form(b.add("表四"), ctx, D, s)
    save(b, ctx, "xls", "accept",
         "只报表四一张表的老式xls：金额以元为单位，写成带千分位的文本（如“1,234,500”）；帮扶金额（元）分组下 合计|其中：工会经费|其中：财政资金|其中：社会捐助；"
         "“困难职工帮扶户数”；合计写“总 计”放最后；一季度没有金秋助学，整行“/”；一线职工慰问没有户数，写“/”")


def f_C1():
    P = "2025-Q2"
    D = Dq("yuntai", P)
    ctx = Ctx("云台市总工会2025年上半年统计报表.xlsx", "yuntai", P)
    b = Book("陈淑珍")
    fmt = Fmt(zero="blank")
    specs = c_specs(D, "2025年第二季度", "2025年7月6日", fmt, ytd_when="2025年1-6月",
                    t2=C_T2(ytd="1-6月累计新发展会员（人）"))
    build_forms(b, ctx, D, specs, ["1组织建设", "2会员发展", "3劳动竞赛", "4帮扶慰问"])
    save(b, ctx, "xlsx_op", "accept",
         "文件名写“上半年”，表三、表四标题写“2025年1-6月”，表一、表二写“2025年第二季度”；最左边“地区”列合并写“云台市”，填表人页脚在A列；"
         "表一“已建会单位/职工人数（人）”两个字拆在上下两个没合并的单元格里；表二用“本季度新发展会员”“1-6月累计新发展会员”；每张表最后有空的“备注”列；零值留空")


def f_C2_C3():
    P = "2025-Q4"
    good = MODEL["yuntai"][P]
    wrong = {}
    wrong.update(bump(good, ("units_total", "non_public"), -15))
    wrong.update(bump(good, ("aid_households", "warmth"), 20))
    wrong.update(bump(good, ("aid_person_times", "warmth"), 20))
    wrong.update(bump(good, ("suggestions_made", "manufacturing"), -100))
    D = Dq("yuntai", P, wrong)
    ctx = Ctx("云台市2025年四季度统计报表.xls", "yuntai", P)
    b = Book("陈淑珍")
    fmt = Fmt(zero="num", fw=lambda i: i["ind"] in T2IND and i["bd"] in ["new_forms"] + NF_PARTS,
              text=lambda i: i["ind"] in ("participants", "participants_non_public"))
    specs = c_specs(D, "2025年第四季度", "2026年1月7日", fmt, ytd_when="2025年1-12月")
    build_forms(b, ctx, D, specs, NAMES4)
    save(b, ctx, "xls", "accept",
         "老式xls：地区列合并、合计在第一行、备注空列；表二新就业形态和四个分项的数字是全角数字文本（输入法没切半角）；表三参赛职工两列是千分位文本；零写数字0")
    D2 = Dq("yuntai", P)
    ctx2 = Ctx("云台市2025年四季度统计报表（修改）.xlsx", "yuntai", P)
    b2 = Book("陈淑珍")
    specs = c_specs(D2, "2025年第四季度", "2026年1月12日", Fmt(zero="num"), ytd_when="2025年1-12月")
    build_forms(b2, ctx2, D2, specs, NAMES4)
    save(b2, ctx2, "xlsx_op", "accept",
         "四季度报表的修改版，改存成xlsx、数字重新敲成普通数字：改了表一非公企业应建会单位数、表三制造业合理化建议提出数、表四送温暖户数和人次（及各合计）",
         corrects=ctx.fname)


def f_C4():
    P = "2026-Q3"
    D = Dq("yuntai", P)
    ctx = Ctx("云台市2026年三季度.xls", "yuntai", P)
    XML_CREATED[ctx.fname] = "2026-10-09T07:30:00Z"
    b = Book("陈淑珍")
    fmt = Fmt(zero="-", trail=lambda i: i["ind"] in ("aid_households", "aid_person_times") and i["i"] % 2 == 0)
    specs = c_specs(D, "", "2026年10月9日", fmt)
    num = ["", "（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）"]
    for k, s in enumerate(specs):
        if k != 1:
            s["rows"] = [(("" if bd == "all" else num[i]) + lab.strip(), bd) for i, (lab, bd) in enumerate(s["rows"])]
        s["titles"] = [s["titles"][0], "（截至2026年9月底）" if k < 2 else "（2026年1-9月累计）"]
    build_forms(b, ctx, D, specs, [f"表{n}（2026.3季度）" for n in "一二三四"])
    save(b, ctx, "xml", "accept",
         "WPS“XML 表格 2003”存成.xls：标题不写期别（“云台市总工会工会组织建设情况统计表”），第二行写“（截至2026年9月底）”或“（2026年1-9月累计）”，工作表名“表一（2026.3季度）”；"
         "行标签编号“（一）机关”；地区列合并；零写“-”；表四户数、人次隔行带尾随空格")


def f_C5():
    P = "2026-Q1"
    D = Dq("yuntai", P)
    ctx = Ctx("云台市2026年一季度统计报表.xlsx", "yuntai", P)
    b = Book("陈淑珍")
    fmt = Fmt(zero="num")
    specs = c_specs(D, "2026年第一季度", "2026年4月8日", fmt, ytd_when="2026年1-3月")
    na = Cell(None, "num", f=("=VLOOKUP(B2,送温暖明细!$A$2:$E$40,5,FALSE)", ""), err="#N/A")
    na_sum = Cell(None, "num", f=("=SUM()", ""), err="#N/A")
    specs[3].update(sums=CAT, override={("aid_amount_donations", "warmth"): na, ("aid_amount_donations", "all"): na_sum})
    build_forms(b, ctx, D, specs, NAMES4)
    (_, r1, c1, _), (_, r2, c2, _) = sorted(ctx.defects, key=lambda d: d[1])
    # r1 is the 合计 row (first), r2 the 送温暖慰问 row
    na_sum.f = (f"=SUM({a1(r1 + 1, c1)}:{a1(r1 + 7, c1)})", "")
    na.f = (f"=VLOOKUP(\"社会捐助\",送温暖明细!$D$2:$E$40,2,FALSE)", "")
    det = b.add("送温暖明细")
    for k, h in enumerate(["序号", "姓名", "单位", "资金来源", "金额（元）"]):
        det.put(0, k, h, "head")
    people = [("张秀英", "云台市纺织厂", "工会经费", 2000), ("李国强", "云台市第二建筑公司", "工会经费", 2000),
              ("王美华", "云台市环卫所", "财政资金", 2000), ("刘建军", "云台市客运站", "工会经费", 2000),
              ("陈桂芳", "云台市人民医院", "财政资金", 2000)]
    for k, (n, u, src, amt) in enumerate(people):
        det.put(k + 1, 0, k + 1, "label_c")
        det.put(k + 1, 1, n, "label")
        det.put(k + 1, 2, u, "label")
        det.put(k + 1, 3, src, "label")
        det.put(k + 1, 4, amt, "num")
    save(b, ctx, "xlsx", "reject",
         f"拒收：表四!{a1(r2, c2)} 送温暖慰问的“社会捐助”是VLOOKUP公式，缓存结果为#N/A（明细表里没有“社会捐助”这一项），"
         f"表四!{a1(r1, c1)} 合计行的SUM也跟着是#N/A；其余同她平时的表样（地区列合并、合计在前）")


BUILDERS = [f_A1, f_A2, f_A3, f_A4_A5, f_A6, f_A7, f_A8, f_A9, f_B1, f_B2, f_B3_B4, f_B5, f_B6, f_C1, f_C2_C3, f_C4, f_C5]


# =============================================================================================
# 5. Writing the CSVs and reading every file back
# =============================================================================================
FW_BACK = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def read_back(path, kind):
    """{sheet: {(r, c): value}} as a reader sees it (cached values for formulas)."""
    out = {}
    if kind == "xml":
        ns = {"ss": "urn:schemas-microsoft-com:office:spreadsheet"}
        S = "{urn:schemas-microsoft-com:office:spreadsheet}"
        root = ET.parse(path).getroot()
        for ws in root.findall("ss:Worksheet", ns):
            g = {}
            r = -1
            for row in ws.find("ss:Table", ns).findall("ss:Row", ns):
                r = int(row.get(S + "Index")) - 1 if row.get(S + "Index") else r + 1
                c = -1
                for cell in row.findall("ss:Cell", ns):
                    c = int(cell.get(S + "Index")) - 1 if cell.get(S + "Index") else c + 1
                    data = cell.find("ss:Data", ns)
                    if data is not None:
                        text = "".join(data.itertext())
                        t = data.get(S + "Type")
                        g[(r, c)] = float(text) if t == "Number" else text
                    c += int(cell.get(S + "MergeAcross", "0"))
            out[ws.get(S + "Name")] = g
        return out
    if kind in ("xlsx", "xlsx_op"):
        from openpyxl import load_workbook
        wb = load_workbook(path, data_only=True)
        for ws in wb.worksheets:
            out[ws.title] = {(c.row - 1, c.column - 1): c.value for row in ws.iter_rows() for c in row
                             if c.value is not None}
        # python-calamine must agree with openpyxl on every filled cell
        from python_calamine import CalamineWorkbook
        cw = CalamineWorkbook.from_path(str(path))
        for name in cw.sheet_names:
            rows = cw.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for (r, c), v in out[name].items():
                w = rows[r][c]
                assert (w == v) or (isinstance(v, (int, float)) and float(w) == float(v)) or str(v).startswith("#"), \
                    (path.name, name, r, c, v, w)
        return out
    from python_calamine import CalamineWorkbook
    cw = CalamineWorkbook.from_path(str(path))
    for name in cw.sheet_names:
        rows = cw.get_sheet_by_name(name).to_python(skip_empty_area=False)
        out[name] = {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row) if v != ""}
    return out


def parse_shown(v):
    if v is None or v == "":
        return Dec(0)
    if isinstance(v, bool):
        raise ValueError(v)
    if isinstance(v, (int, float)):
        return Dec("%.15g" % v)
    s = str(v).translate(FW_BACK).replace(",", "").strip()
    if s in ("-", "—", "/", ""):
        return Dec(0)
    return Dec(s)


def check_all():
    n_obs = 0
    noisy = 0
    for res in RESULTS:
        ctx = res["ctx"]
        grid = read_back(OUT / ctx.fname, res["kind"])
        for (sheet, r, c, div, want) in ctx.checks:
            v = grid[sheet].get((r, c))
            got = parse_shown(v) * div
            assert got == want, (ctx.fname, sheet, a1(r, c), v, got, want)
            if isinstance(v, float) and repr(v) != repr(float("%.15g" % v)):
                noisy += 1
        if res["expect"] == "reject":
            assert ctx.defects, ctx.fname
            for (sheet, r, c, text) in ctx.defects:
                v = grid[sheet].get((r, c))
                assert str(v) == str(text) or parse_shown(v) == Dec(str(text)), (ctx.fname, sheet, a1(r, c), v, text)
        else:
            n_obs += len(ctx.obs)
    return n_obs, noisy


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    for f in BUILDERS:
        f()
    names = [r["ctx"].fname for r in RESULTS]
    assert len(set(names)) == len(names)
    with open(HERE / "expected.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "district", "period", "indicator", "breakdown", "value"])
        for res in RESULTS:
            if res["expect"] != "accept":
                continue
            ctx = res["ctx"]
            for ind, bd, v in ctx.obs:
                w.writerow([ctx.fname, ctx.district, ctx.period, ind, bd, dplain(v)])
    with open(HERE / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "expect", "corrects", "style"])
        for res in RESULTS:
            w.writerow([res["ctx"].fname, res["expect"], res["corrects"], res["style"]])
    n_obs, noisy = check_all()
    acc = sum(r["expect"] == "accept" for r in RESULTS)
    print(f"{len(RESULTS)} files ({acc} accept, {len(RESULTS) - acc} reject), {n_obs} observations, "
          f"{noisy} cached values with float noise; read-back check passed")


if __name__ == "__main__":
    main()
