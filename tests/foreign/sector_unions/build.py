"""Foreign corpus, author "sector_unions": returns from offices the first authors did not cover.

Written from the data contract (DOMAIN.md) only; the product's parser was never read.
Writers used: openpyxl, xlsxwriter (cached formula values, Excel tables, data validation,
frozen panes, hidden columns) and xlwt (legacy .xls) -- all already in /work/main/.venv.
odfpy is not needed by this author.

Run from /work/main:
    .venv/bin/python -m tests.foreign.sector_unions.build          # write files/, expected.csv, manifest.csv
    .venv/bin/python -m tests.foreign.sector_unions.build --check  # ... and read every file back (calamine)

Every data cell written is registered together with the observation it stands for, so
expected.csv is produced from the same registry that `--check` reads back from the files.
"""
import csv
import random
import re
import shutil
import sys
from decimal import ROUND_DOWN, ROUND_HALF_UP
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import xlsxwriter
import xlwt
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.datavalidation import DataValidation
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

HERE = Path(__file__).resolve().parent
FILES = HERE / 'files'

# --------------------------------------------------------------------------------------------
# the four forms (codes from the data contract)
# --------------------------------------------------------------------------------------------
T1_ROWS = ['all', 'government', 'institution', 'soe', 'collective', 'non_public', 'social_org']
T1_COLS = ['units_total', 'units_unionized', 'unions', 'unions_joint', 'employees',
           'employees_in_unionized', 'members', 'members_female', 'members_migrant', 'unions_new_ytd']
T2_ROWS = ['all', 'female', 'migrant', 'new_forms', 'truck', 'courier', 'delivery', 'ride_hailing']
T2_COLS = ['members_start', 'members_joined', 'members_left', 'members_end', 'joined_ytd', 'joined_target']
T3_ROWS = ['all', 'manufacturing', 'construction', 'transport', 'utilities', 'it', 'trade', 'health', 'other']
T3_COLS = ['competitions', 'units_participating', 'participants', 'participants_non_public', 'key_projects',
           'suggestions_made', 'suggestions_adopted', 'innovations', 'pioneer_awards', 'economic_benefit']
T4_ROWS = ['all', 'living', 'medical', 'education', 'employment', 'warmth', 'frontline', 'other']
T4_COLS = ['aid_households', 'aid_person_times', 'aid_amount', 'aid_amount_union_funds', 'aid_amount_fiscal',
           'aid_amount_donations']
T4_LINES = ['hardship_households', 'hardship_exited_ytd']

N1 = {'all': '合计', 'government': '机关', 'institution': '事业单位', 'soe': '国有企业', 'collective': '集体企业',
      'non_public': '非公有制企业', 'social_org': '社会组织'}
N2 = {'all': '合计', 'female': '女职工', 'migrant': '农民工', 'new_forms': '新就业形态劳动者', 'truck': '货车司机',
      'courier': '快递员', 'delivery': '外卖配送员', 'ride_hailing': '网约车司机'}
N3 = {'all': '合计', 'manufacturing': '制造业', 'construction': '建筑业', 'transport': '交通运输、仓储和邮政业',
      'utilities': '电力、热力、燃气及水生产和供应业', 'it': '信息传输、软件和信息技术服务业', 'trade': '批发和零售业',
      'health': '卫生和社会工作', 'other': '其他'}
N4 = {'all': '合计', 'living': '生活救助', 'medical': '医疗救助', 'education': '助学救助（金秋助学）',
      'employment': '就业帮扶', 'warmth': '送温暖慰问', 'frontline': '一线职工慰问', 'other': '其他'}
H1 = {'units_total': '应建会单位数', 'units_unionized': '已建会单位数', 'unions': '基层工会数',
      'unions_joint': '其中：联合基层工会', 'employees': '职工人数', 'employees_in_unionized': '已建会单位职工人数',
      'members': '会员人数', 'members_female': '其中：女会员', 'members_migrant': '其中：农民工会员',
      'unions_new_ytd': '本年新建基层工会数'}
H2 = {'members_start': '期初会员数', 'members_joined': '本期新发展会员', 'members_left': '本期减少会员',
      'members_end': '期末会员数', 'joined_ytd': '本年累计新发展会员', 'joined_target': '年度发展任务'}
H3 = {'competitions': '竞赛项目数', 'units_participating': '参赛单位数', 'participants': '参赛职工',
      'participants_non_public': '其中：非公企业职工', 'key_projects': '其中：重点工程项目',
      'suggestions_made': '合理化建议提出', 'suggestions_adopted': '合理化建议采纳实施', 'innovations': '技术革新成果',
      'pioneer_awards': '工人先锋号', 'economic_benefit': '创经济效益'}
H4 = {'aid_households': '帮扶户数', 'aid_person_times': '帮扶人次', 'aid_amount': '帮扶金额',
      'aid_amount_union_funds': '其中：工会经费', 'aid_amount_fiscal': '其中：财政资金',
      'aid_amount_donations': '其中：社会捐助'}
U1 = {'units_total': '个', 'units_unionized': '个', 'unions': '个', 'unions_joint': '个', 'employees': '人',
      'employees_in_unionized': '人', 'members': '人', 'members_female': '人', 'members_migrant': '人',
      'unions_new_ytd': '个'}
U3 = {'competitions': '项', 'units_participating': '家', 'participants': '人次', 'participants_non_public': '人次',
      'key_projects': '个', 'suggestions_made': '条', 'suggestions_adopted': '条', 'innovations': '项',
      'pioneer_awards': '个', 'economic_benefit': '万元'}
U4 = {'aid_households': '户', 'aid_person_times': '人次', 'aid_amount': '万元', 'aid_amount_union_funds': '万元',
      'aid_amount_fiscal': '万元', 'aid_amount_donations': '万元'}
MONEY = {'economic_benefit', 'aid_amount', 'aid_amount_union_funds', 'aid_amount_fiscal', 'aid_amount_donations'}
WAN = D(10000)
ONE = D(1)
CN_Q = {1: '一', 2: '二', 3: '三', 4: '四'}
CN_D = '〇一二三四五六七八九'


def cn_year(y):
    return ''.join(CN_D[int(ch)] for ch in str(y))


# --------------------------------------------------------------------------------------------
# plausible, internally consistent numbers for one district and quarter (values in 元 / counts)
# --------------------------------------------------------------------------------------------
def qz(x, quantum, rounding=ROUND_HALF_UP):
    quantum = D(str(quantum))
    return (D(str(x)) / quantum).quantize(ONE, rounding=rounding) * quantum


T1_TYPES = {  # units, unionized share, employees/unit, employees-in-unionized share, members share,
    # female share, migrant share, joint-union share, new unions per quarter
    'government': (120, .985, 75, .99, .97, .45, .02, .01, (0, 1)),
    'institution': (260, .95, 100, .97, .96, .55, .03, .02, (0, 2)),
    'soe': (90, .97, 260, .98, .95, .35, .20, .03, (0, 1)),
    'collective': (40, .75, 70, .80, .90, .40, .30, .20, (0, 1)),
    'non_public': (1300, .62, 85, .70, .88, .42, .45, .18, (6, 14)),
    'social_org': (160, .40, 30, .45, .85, .60, .05, .30, (1, 4)),
}


def gen_t1(rng, s, q):
    out = {}
    for bd, (u, ur, epu, eir, mr, fr, mgr, jr, nq) in T1_TYPES.items():
        ut = max(3, round(u * s * rng.uniform(.88, 1.12)))
        uu = min(ut, round(ut * ur * rng.uniform(.97, 1.02)))
        un = max(1, round(uu * rng.uniform(.82, .95)))
        uj = min(un, round(un * jr * rng.uniform(.8, 1.2)))
        em = round(ut * epu * rng.uniform(.9, 1.1))
        ei = em if uu == ut else min(em, round(em * eir * rng.uniform(.97, 1.0)))
        mem = min(ei, round(ei * mr * rng.uniform(.97, 1.02)))
        fe = round(mem * fr * rng.uniform(.95, 1.05))
        mi = round(mem * mgr * rng.uniform(.9, 1.1))
        new = sum(rng.randint(*nq) for _ in range(q))
        out[bd] = dict(zip(T1_COLS, map(D, (ut, uu, un, uj, em, ei, mem, fe, mi, new))))
    out['all'] = {c: sum(out[b][c] for b in T1_ROWS[1:]) for c in T1_COLS}
    return {b: out[b] for b in T1_ROWS}


def gen_t2(rng, t1, q):
    a = t1['all']
    for _ in range(200):
        jr = rng.uniform(.018, .03)
        lr = rng.uniform(.008, .014)

        def row(end, j, l, tgt_round=10):
            joined = round(end * j)
            left = round(end * l)
            start = end - joined + left
            ytd = joined + sum(round(end * rng.uniform(j * .8, j * 1.2)) for _ in range(q - 1))
            target = round(end * j * 4 * rng.uniform(1.0, 1.2) / tgt_round) * tgt_round
            return dict(zip(T2_COLS, map(D, (start, joined, left, end, ytd, target))))

        out = {'all': row(int(a['members']), jr, lr, 100),
               'female': row(int(a['members_female']), jr * rng.uniform(.9, 1.05), lr * rng.uniform(.9, 1.1)),
               'migrant': row(int(a['members_migrant']), jr * rng.uniform(1.1, 1.3), lr * rng.uniform(1.1, 1.4))}
        nf_end = round(int(a['members']) * rng.uniform(.045, .07))
        nj = rng.uniform(.08, .14)
        out['new_forms'] = row(nf_end, nj, rng.uniform(.01, .02))
        for bd, (lo, hi) in (('truck', (.18, .22)), ('courier', (.22, .26)), ('delivery', (.26, .30)),
                             ('ride_hailing', (.07, .09))):
            out[bd] = row(round(nf_end * rng.uniform(lo, hi)), nj * rng.uniform(.85, 1.0), rng.uniform(.008, .02))
        if t2_ok(out):
            return {b: out[b] for b in T2_ROWS}
    raise RuntimeError('t2 generation failed')


def t2_ok(t):
    for c in T2_COLS:
        if any(t[b][c] > t['all'][c] for b in ('female', 'migrant', 'new_forms')):
            return False
        if sum(t[b][c] for b in ('truck', 'courier', 'delivery', 'ride_hailing')) > t['new_forms'][c]:
            return False
        if any(t[b][c] < 0 for b in T2_ROWS):
            return False
    return all(t[b]['joined_ytd'] >= t[b]['members_joined'] for b in T2_ROWS)


T3_BASE = {'manufacturing': (18, .55, .2), 'construction': (10, .8, .6), 'transport': (5, .5, .4),
           'utilities': (4, .2, .5), 'it': (3, .9, 0), 'trade': (4, .85, 0), 'health': (3, .1, 0),
           'other': (2, .6, 0)}


def gen_t3(rng, s, q, mq, zero=()):
    out = {}
    f = .3 + .25 * q
    for bd, (base, npr, kr) in T3_BASE.items():
        comps = 0 if bd in zero else max(1, round(base * s * f * rng.uniform(.8, 1.2)))
        if comps == 0:
            out[bd] = {c: D(0) for c in T3_COLS}
            continue
        units = round(comps * rng.uniform(4, 9))
        part = round(units * rng.uniform(40, 110))
        npub = min(part, round(part * npr * rng.uniform(.9, 1.05)))
        key = min(comps, round(comps * kr * rng.uniform(.8, 1.1)))
        sug = round(part * rng.uniform(.03, .07))
        adopt = round(sug * rng.uniform(.3, .6))
        innov = round(sug * rng.uniform(.05, .12))
        pion = rng.randint(0, max(0, comps // 6))
        econ = qz(part * rng.uniform(150, 600), mq)
        out[bd] = dict(zip(T3_COLS, [D(x) for x in (comps, units, part, npub, key, sug, adopt, innov, pion)]
                           + [econ]))
    out['all'] = {c: sum(out[b][c] for b in T3_ROWS[1:]) for c in T3_COLS}
    return {b: out[b] for b in T3_ROWS}


def gen_t4(rng, s, q, mq):
    u = rng.uniform
    out = {}
    spec = {
        'living': (round(260 * s * (.35 + .22 * q) * u(.9, 1.1)), (1.0, 1.25), (1800, 3200)),
        'medical': (round(100 * s * (.3 + .22 * q) * u(.9, 1.1)), (1.05, 1.3), (3500, 8000)),
        'education': (round(6 * s * u(.5, 1.5)) if q <= 2 else round(130 * s * u(.9, 1.1)), (1.0, 1.0),
                      (2000, 4500)),
        'employment': (round(40 * s * (.3 + .22 * q) * u(.9, 1.1)), (1.2, 2.0), (500, 1200)),
        'warmth': (round(850 * s * u(.95, 1.05)) + (round(150 * s) if q == 4 else 0), (1.0, 1.05), (1600, 2600)),
        'frontline': (0, None, (120, 260)),
        'other': (round(15 * s * q * u(.8, 1.2)), (1.0, 1.3), (800, 1500)),
    }
    for bd, (hh, ptr, per) in spec.items():
        if bd == 'frontline':
            pt = round(2500 * s * (.4 + .3 * min(q, 3)) * u(.9, 1.1))
            amt = qz(pt * u(*per), mq)
        else:
            pt = round(hh * u(*ptr))
            amt = qz(hh * u(*per), mq)
        uf = qz(amt * D(str(round(u(.5, .7), 4))), mq, ROUND_DOWN)
        fi = qz(amt * D(str(round(u(.15, .3), 4))), mq, ROUND_DOWN)
        do = qz((amt - uf - fi) * D(str(round(u(.3, 1), 4))), mq, ROUND_DOWN)
        out[bd] = dict(zip(T4_COLS, (D(hh), D(pt), amt, uf, fi, do)))
    out['all'] = {c: sum(out[b][c] for b in T4_ROWS[1:]) for c in T4_COLS}
    hh = round(320 * s * u(.85, 1.15))
    lines = {'hardship_households': D(hh), 'hardship_exited_ytd': D(round(hh * u(.03, .06) * q))}
    return {b: out[b] for b in T4_ROWS}, lines


def gen(seed, year, q, scale, mq3=100, mq4=100, t3_zero=()):
    rng = random.Random(f'{seed}-{year}-{q}')
    t1 = gen_t1(rng, scale, q)
    t2 = gen_t2(rng, t1, q)
    t3 = gen_t3(rng, scale, q, mq3, t3_zero)
    t4, t4l = gen_t4(rng, scale, q, mq4)
    data = {'t1': t1, 't2': t2, 't3': t3, 't4': t4, 't4l': t4l}
    hard_check(data)
    return data


def hard_check(d):
    t1, t2, t3, t4 = d['t1'], d['t2'], d['t3'], d['t4']
    for b, r in t1.items():
        assert r['units_unionized'] <= r['units_total'], b
        assert r['unions_joint'] <= r['unions'], b
        assert r['members_female'] <= r['members'] and r['members_migrant'] <= r['members'], b
        assert r['employees_in_unionized'] <= r['employees'], b
    assert t2_ok(t2)
    for b, r in t3.items():
        assert r['participants_non_public'] <= r['participants'], b
        assert r['suggestions_adopted'] <= r['suggestions_made'], b
    for b, r in t4.items():
        assert r['aid_amount_union_funds'] + r['aid_amount_fiscal'] + r['aid_amount_donations'] <= r['aid_amount'], b
    for form in ('t1', 't2', 't3', 't4'):
        for r in d[form].values():
            assert all(v >= 0 for v in r.values())


def quarter_part(rng, table, rows, cols, mq_money, fixed=None):
    """The single-quarter part of a YTD table (for sheets that show 本季度 beside 本年累计)."""
    out = {}
    for b in rows[1:]:
        f = D(str((fixed or {}).get(b) or round(rng.uniform(.25, .42), 3)))
        out[b] = {c: qz(table[b][c] * f, mq_money if c in MONEY else 1, ROUND_DOWN) for c in cols}
    out[rows[0]] = {c: sum(out[b][c] for b in rows[1:]) for c in cols}
    return out


# --------------------------------------------------------------------------------------------
# the registry: every data cell written, and the observation it stands for
# --------------------------------------------------------------------------------------------
class Book:
    all_books = []

    def __init__(self, name, district, period, style, expect='accept', corrects=''):
        self.name, self.district, self.period = name, district, period
        self.style, self.expect, self.corrects = style, expect, corrects
        self.cells = []      # (sheet, r, c, indicator, breakdown, value, factor, extract)
        self.bad = []        # (sheet, r, c, raw text expected) -- the cell a reject is about
        self.seen = set()
        Book.all_books.append(self)

    @property
    def path(self):
        return FILES / self.name

    def reg(self, sheet, r, c, ind, bd, value, factor=ONE, extract=None):
        assert self.expect == 'accept'
        key = (ind, bd)
        assert key not in self.seen, (self.name, key)
        self.seen.add(key)
        self.cells.append((sheet, r, c, ind, bd, D(value), D(factor), extract))

    def rows(self):
        for sheet, r, c, ind, bd, v, f, ex in self.cells:
            yield [self.name, self.district, self.period, ind, bd, fmt_dec(v)]


def fmt_dec(v):
    v = D(v)
    if v == v.to_integral_value():
        return str(int(v))
    return format(v.normalize(), 'f')


def num(v, factor=ONE):
    x = D(v) / D(factor)
    return int(x) if x == x.to_integral_value() else float(x)


# --- openpyxl helpers (0-based rows/cols) ---
THIN = Side(style='thin')
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal='center', vertical='center', wrap_text=True)


def oput(ws, r, c, v, bold=False, fmt=None, box=True, align=None, size=None, indent=0, wrap=False):
    cell = ws.cell(row=r + 1, column=c + 1, value=v)
    if bold or size:
        cell.font = Font(name='宋体', bold=bold, size=size or 11)
    if fmt:
        cell.number_format = fmt
    if box:
        cell.border = BOX
    if align == 'center':
        cell.alignment = CENTER
    elif indent or wrap:
        cell.alignment = Alignment(indent=indent, wrap_text=wrap, vertical='center')
    return cell


def omerge(ws, r1, c1, r2, c2, v, **kw):
    kw.setdefault('align', 'center')
    oput(ws, r1, c1, v, **kw)
    if kw.get('box', True):
        for rr in range(r1, r2 + 1):
            for cc in range(c1, c2 + 1):
                ws.cell(row=rr + 1, column=cc + 1).border = BOX
    ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)


def widths(ws, first=18, rest=11, n=30):
    ws.column_dimensions['A'].width = first
    for c in range(1, n):
        ws.column_dimensions[openpyxl.utils.get_column_letter(c + 1)].width = rest


def new_wb():
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    return wb


# ============================================================================================
# A. 东湖区 2025-Q2: every indicator as 本期 | 上年同期 | 同比 (only 本期 is this return's data)
# ============================================================================================
def make_donghu_yoy():
    bk = Book('东湖区总工会2025年二季度统计报表（含同期对比）.xlsx', 'donghu', '2025-Q2',
              '每个指标下分“本期｜上年同期｜同比±%”三栏的同期对比报表，只有本期栏是本次数据；表一夹着建会率、入会率两组比率栏，零值写“-”，金额为万元')
    cur = gen('donghu', 2025, 2, 1.08)
    prev = gen('donghu', 2025, 2, 0.97)   # same draws at a smaller scale: last year's return, similar shape
    wb = new_wb()

    def rate(n, d):
        return lambda r: (round(float(r[n]) / float(r[d]) * 100, 1) if r[d] else 0)

    forms = [
        ('表一组织建设', 't1', '工会组织建设情况', '单位：个、人',
         [('units_total', '应建会单位数（个）', 1), ('units_unionized', '已建会单位数（个）', 1),
          (rate('units_unionized', 'units_total'), '建会率（%）', None),
          ('unions', '基层工会数（个）', 1), ('unions_joint', '其中：联合基层工会（个）', 1),
          ('employees', '职工人数（人）', 1), ('employees_in_unionized', '已建会单位职工人数（人）', 1),
          ('members', '会员人数（人）', 1), ('members_female', '其中：女会员（人）', 1),
          ('members_migrant', '其中：农民工会员（人）', 1),
          (rate('members', 'employees_in_unionized'), '入会率（%）', None),
          ('unions_new_ytd', '本年新建基层工会数（个）', 1)],
         [(b, N1[b]) for b in T1_ROWS]),
        ('表二会员发展', 't2', '会员发展情况', '单位：人',
         [(c, H2[c], 1) for c in T2_COLS],
         [('all', '合计'), ('female', '其中：女职工'), ('migrant', '　　　农民工'), ('new_forms', '　　　新就业形态劳动者'),
          ('truck', '　　　　其中：货车司机'), ('courier', '　　　　　　　快递员'), ('delivery', '　　　　　　　外卖配送员'),
          ('ride_hailing', '　　　　　　　网约车司机')]),
        ('表三劳动竞赛', 't3', '劳动和技能竞赛开展情况', '金额单位：万元',
         [(c, H3[c] + '（' + U3[c] + '）', WAN if c in MONEY else 1) for c in T3_COLS],
         [(b, N3[b]) for b in T3_ROWS]),
        ('表四帮扶慰问', 't4', '困难职工帮扶和慰问情况', '金额单位：万元',
         [(c, H4[c] + '（' + U4[c] + '）', WAN if c in MONEY else 1) for c in T4_COLS],
         [(b, N4[b]) for b in T4_ROWS]),
    ]
    for sheet, form, title, unit, cols, rows in forms:
        ws = wb.create_sheet(sheet)
        ncol = 1 + 3 * len(cols)
        omerge(ws, 0, 0, 0, ncol - 1, f'东湖区2025年二季度{title}统计表（与上年同期对比）', bold=True, size=14, box=False)
        oput(ws, 1, 0, '填报单位：东湖区总工会', box=False)
        oput(ws, 1, ncol - 3, unit, box=False)
        omerge(ws, 2, 0, 3, 0, '项　　目', bold=True)
        for k, (ind, head, fac) in enumerate(cols):
            c = 1 + 3 * k
            omerge(ws, 2, c, 2, c + 2, head, bold=True)
            for j, h in enumerate(('本期', '上年同期', '同比±%')):
                oput(ws, 3, c + j, h, align='center')
        for i, (bd, label) in enumerate(rows):
            r = 4 + i
            oput(ws, r, 0, label)
            for k, (ind, head, fac) in enumerate(cols):
                c = 1 + 3 * k
                if callable(ind):
                    a, b = ind(cur[form][bd]), ind(prev[form][bd])
                    oput(ws, r, c, a, fmt='0.0')
                    oput(ws, r, c + 1, b, fmt='0.0')
                    oput(ws, r, c + 2, round(a - b, 1), fmt='0.0')
                    continue
                a, b = cur[form][bd][ind], prev[form][bd][ind]
                bk.reg(sheet, r, c, ind, bd, a, fac)
                f2 = '0.00' if fac != 1 else '#,##0'
                oput(ws, r, c, num(a, fac) if a else '-', fmt=f2)
                oput(ws, r, c + 1, num(b, fac) if b else '-', fmt=f2)
                oput(ws, r, c + 2, round(float((a - b) / b * 100), 1) if b else '—', fmt='0.0')
        r = 4 + len(rows)
        if form == 't4':
            r += 1
            for ind, label in (('hardship_households', '在档困难职工户数（户）'), ('hardship_exited_ytd', '本年解困脱困户数（户）')):
                a, b = cur['t4l'][ind], prev['t4l'][ind]
                oput(ws, r, 0, label)
                bk.reg(sheet, r, 1, ind, 'all', a)
                oput(ws, r, 1, num(a))
                oput(ws, r, 2, num(b))
                oput(ws, r, 3, round(float((a - b) / b * 100), 1), fmt='0.0')
                r += 1
        oput(ws, r + 1, 0, '填表人：张敏　　　审核人：李国强　　　联系电话：0791-86231045　　　填报日期：2025年7月8日', box=False)
        widths(ws, 22, 9, ncol)
        ws.freeze_panes = 'B5'
    wb.save(bk.path)


# ============================================================================================
# B. 西山区 2025-Q3: columns re-ordered, analysis columns (占比/增长率/排名/户均) between data columns
# ============================================================================================
def make_xishan_analysis():
    bk = Book('西山区2025年1-9月工会统计报表（分析）.xlsx', 'xishan', '2025-Q3',
              '列顺序与模板不同（会员人数在前、应建会单位数靠后），数据列之间插着占比、增长率、采纳率、户均、排名等分析列（公式带缓存值），合计行为SUM公式；表四两行单项数写在“帮扶金额（万元）”那一栏下')
    d = gen('xishan', 2025, 3, 0.92)
    rng = random.Random('xishan-growth')
    wb = xlsxwriter.Workbook(str(bk.path))
    ttl = wb.add_format({'bold': True, 'font_size': 15, 'align': 'center', 'valign': 'vcenter'})
    hd = wb.add_format({'bold': True, 'border': 1, 'align': 'center', 'valign': 'vcenter', 'text_wrap': True,
                        'bg_color': '#DDEBF7'})
    lab = wb.add_format({'border': 1})
    ind1 = wb.add_format({'border': 1, 'indent': 1})
    ind2 = wb.add_format({'border': 1, 'indent': 3})
    n0 = wb.add_format({'border': 1, 'num_format': '#,##0'})
    n2 = wb.add_format({'border': 1, 'num_format': '#,##0.00'})
    pc = wb.add_format({'border': 1, 'num_format': '0.00', 'font_color': '#7F7F7F'})
    rk = wb.add_format({'border': 1, 'align': 'center', 'font_color': '#7F7F7F'})

    def sheet(name, title, heads, rows, form, lines=None):
        ws = wb.add_worksheet(name)
        n = len(heads)
        ws.merge_range(0, 0, 0, n - 1, title, ttl)
        ws.write(1, 0, '填报单位：西山区总工会')
        ws.write(1, n - 3, '填报日期：2025年10月9日')
        ws.set_row(2, 42)
        for c, (h, *_rest) in enumerate(heads):
            ws.write(2, c, h, hd)
        ws.set_column(0, 0, 24)
        ws.set_column(1, n - 1, 12)
        first, last = 3, 3 + len(rows) - 1
        for i, (bd, label, lf) in enumerate(rows):
            r = 3 + i
            ws.write(r, 0, label, lf)
            for c, (h, kind, *arg) in enumerate(heads):
                if c == 0:
                    continue
                if kind == 'data':
                    ind, fac = arg
                    v = d[form][bd][ind]
                    fm = n2 if fac != 1 else n0
                    bk.reg(name, r, c, ind, bd, v, fac)
                    if i == 0 and form != 't2':   # 表二's rows are 其中 of the 合计, not its parts
                        col = xl_col_to_name(c)
                        cached = sum(num(d[form][b][ind], fac) for b, *_ in rows[1:])
                        ws.write_formula(r, c, f'=SUM({col}{first + 2}:{col}{last + 1})', fm, cached)
                    else:
                        ws.write_number(r, c, num(v, fac), fm)
                elif kind == 'share':       # share of the 合计 row of another column
                    ind, ref = arg
                    v = d[form][bd][ind]
                    tot = d[form]['all'][ind]
                    cached = round(float(v / tot * 100), 2) if tot else 0
                    a = xl_rowcol_to_cell(r, ref)
                    t = xl_rowcol_to_cell(first, ref, row_abs=True)
                    ws.write_formula(r, c, f'=IF({t}=0,0,ROUND({a}/{t}*100,2))', pc, cached)
                elif kind == 'ratio':       # a/b*k, computed in the sheet
                    ia, ib, k, digits, ra, rb = arg
                    va, vb = d[form][bd][ia], d[form][bd][ib]
                    kc = 1 if ia in MONEY else k       # money is held in 元 here, shown in 万元 in the sheet
                    cached = round(float(va) / float(vb) * kc, digits) if vb else '-'
                    ws.write_formula(r, c, f'=IFERROR(ROUND({xl_rowcol_to_cell(r, ra)}/{xl_rowcol_to_cell(r, rb)}'
                                           f'*{k},{digits}),"-")', pc, cached)
                elif kind == 'growth':      # a static year-on-year growth typed by the analyst
                    ws.write_number(r, c, round(rng.uniform(-3, 12), 2), pc)
                elif kind == 'rank':        # rank of the type rows by another column
                    ind, ref = arg
                    if i == 0:
                        ws.write(r, c, '—', rk)
                        continue
                    vals = [d[form][b][ind] for b, *_ in rows[1:]]
                    cached = 1 + sum(1 for x in vals if x > d[form][bd][ind])
                    col = xl_col_to_name(ref)
                    ws.write_formula(r, c, f'=RANK({col}{r + 1},${col}${first + 2}:${col}${last + 1})', rk, cached)
        r = last + 1
        for ind, label in (lines or []):
            r += 1
            ws.write(r, 0, label, lab)
            bk.reg(name, r, 1, ind, 'all', d['t4l'][ind])
            ws.write_number(r, 1, num(d['t4l'][ind]), n0)
        ws.write(r + 2, 0, '说明：占比、增长率、排名为分析栏，由公式自动生成。')
        ws.write(r + 3, 0, '单位负责人：周建华')
        ws.write(r + 3, 4, '统计负责人：吴芳')
        ws.write(r + 3, 8, '填表人：陈立')
        ws.freeze_panes(3, 1)

    # 表一: members first, 应建会单位数 near the end
    sheet('组织建设', '西山区工会组织建设情况分析表（2025年1-9月）', [
        ('单位类型', None),
        ('会员人数（人）', 'data', 'members', 1),
        ('占会员总数比重（%）', 'share', 'members', 1),
        ('其中：女会员（人）', 'data', 'members_female', 1),
        ('其中：农民工会员（人）', 'data', 'members_migrant', 1),
        ('基层工会数（个）', 'data', 'unions', 1),
        ('其中：联合基层工会（个）', 'data', 'unions_joint', 1),
        ('已建会单位数（个）', 'data', 'units_unionized', 1),
        ('应建会单位数（个）', 'data', 'units_total', 1),
        ('建会率（%）', 'ratio', 'units_unionized', 'units_total', 100, 2, 7, 8),
        ('职工人数（人）', 'data', 'employees', 1),
        ('已建会单位职工人数（人）', 'data', 'employees_in_unionized', 1),
        ('入会率（%）', 'ratio', 'members', 'employees_in_unionized', 100, 2, 1, 11),
        ('本年新建基层工会数（个）', 'data', 'unions_new_ytd', 1),
        ('新建数排名', 'rank', 'unions_new_ytd', 13),
    ], [(b, N1[b], lab) for b in T1_ROWS], 't1')
    sheet('会员发展', '西山区会员发展情况分析表（2025年1-9月）', [
        ('人员类别', None),
        ('期末会员数', 'data', 'members_end', 1),
        ('较期初增长率（%）', 'growth'),
        ('期初会员数', 'data', 'members_start', 1),
        ('本期新发展会员', 'data', 'members_joined', 1),
        ('本期减少会员', 'data', 'members_left', 1),
        ('本年累计新发展会员', 'data', 'joined_ytd', 1),
        ('完成年度任务（%）', 'ratio', 'joined_ytd', 'joined_target', 100, 1, 6, 8),
        ('年度发展任务', 'data', 'joined_target', 1),
    ], [('all', '合计', lab), ('female', '其中：女职工', ind1), ('migrant', '农民工', ind1),
        ('new_forms', '新就业形态劳动者', ind1), ('truck', '其中：货车司机', ind2), ('courier', '快递员', ind2),
        ('delivery', '外卖配送员', ind2), ('ride_hailing', '网约车司机', ind2)], 't2')
    sheet('劳动竞赛', '西山区劳动和技能竞赛分析表（2025年1-9月）', [
        ('行业', None),
        ('参赛职工（人次）', 'data', 'participants', 1),
        ('占比（%）', 'share', 'participants', 1),
        ('其中：非公企业职工（人次）', 'data', 'participants_non_public', 1),
        ('竞赛项目数（项）', 'data', 'competitions', 1),
        ('参赛单位数（家）', 'data', 'units_participating', 1),
        ('其中：重点工程项目（个）', 'data', 'key_projects', 1),
        ('合理化建议提出（条）', 'data', 'suggestions_made', 1),
        ('合理化建议采纳实施（条）', 'data', 'suggestions_adopted', 1),
        ('采纳率（%）', 'ratio', 'suggestions_adopted', 'suggestions_made', 100, 1, 8, 7),
        ('技术革新成果（项）', 'data', 'innovations', 1),
        ('工人先锋号（个）', 'data', 'pioneer_awards', 1),
        ('创经济效益（万元）', 'data', 'economic_benefit', WAN),
        ('效益排名', 'rank', 'economic_benefit', 12),
    ], [(b, N3[b], lab) for b in T3_ROWS], 't3')
    sheet('帮扶慰问', '西山区困难职工帮扶和慰问情况分析表（2025年1-9月）', [
        ('帮扶类别', None),
        ('帮扶金额（万元）', 'data', 'aid_amount', WAN),
        ('占比（%）', 'share', 'aid_amount', 1),
        ('帮扶户数（户）', 'data', 'aid_households', 1),
        ('户均金额（元）', 'ratio', 'aid_amount', 'aid_households', 10000, 0, 1, 3),
        ('帮扶人次', 'data', 'aid_person_times', 1),
        ('其中：工会经费（万元）', 'data', 'aid_amount_union_funds', WAN),
        ('其中：财政资金（万元）', 'data', 'aid_amount_fiscal', WAN),
        ('其中：社会捐助（万元）', 'data', 'aid_amount_donations', WAN),
        ('金额排名', 'rank', 'aid_amount', 1),
    ], [(b, N4[b], lab) for b in T4_ROWS], 't4',
        lines=[('hardship_households', '在档困难职工户数（户）'), ('hardship_exited_ytd', '本年解困脱困户数（户）')])
    wb.close()


# ============================================================================================
# C. 南港区 2026-Q1: group column on the left, labels with notes, rows reordered, 其中 in its own column
# ============================================================================================
def make_nangang_groups():
    bk = Book('南港区总工会报表（二〇二六年一季度）.xlsx', 'nangang', '2026-Q1',
              '标题用汉字年份“二〇二六年第一季度”，标签在B列、A列是合并的分组栏（“按单位类型分”“其中”“新就业形态劳动者中”），行标签带括号注释且顺序与模板不同，总计行在最下；表四金额为元')
    d = gen('nangang', 2026, 1, 1.0, mq3=100, mq4=1)
    wb = new_wb()
    yr = cn_year(2026)
    date_line = f'填报单位（盖章）：南港区总工会　　　　　　　　填报日期：{yr}年四月八日'

    def head(ws, title, heads, ncol, unit=None):
        omerge(ws, 0, 0, 0, ncol - 1, f'{yr}年第一季度南港区{title}', bold=True, size=14, box=False)
        oput(ws, 1, 0, date_line, box=False)
        if unit:
            oput(ws, 1, ncol - 1, unit, box=False)
        omerge(ws, 2, 0, 2, 1, '类　　别', bold=True)
        for k, h in enumerate(heads):
            oput(ws, 2, 2 + k, h, bold=True, align='center')
        ws.row_dimensions[3].height = 45
        ws.column_dimensions['A'].width = 8
        ws.column_dimensions['B'].width = 34
        for k in range(len(heads)):
            ws.column_dimensions[openpyxl.utils.get_column_letter(3 + k)].width = 12

    def data_row(ws, sheet, r, form, bd, cols, zero='', money=None):
        for k, (ind, fac) in enumerate(cols):
            v = d[form][bd][ind]
            bk.reg(sheet, r, 2 + k, ind, bd, v, fac)
            oput(ws, r, 2 + k, num(v, fac) if v else zero, fmt='0.00' if fac == WAN else '#,##0')

    # 表1
    ws = wb.create_sheet('表1')
    cols = [(c, 1) for c in T1_COLS]
    head(ws, '工会组织建设情况统计表', [H1[c] + '（' + U1[c] + '）' for c in T1_COLS] + ['建会率（%）'], 13)
    order = [('non_public', '非公有制企业（含港澳台、外商投资企业）'), ('soe', '国有企业（含国有控股企业）'),
             ('collective', '集体企业'), ('institution', '事业单位（含参公管理事业单位）'), ('government', '机关（含群团机关）'),
             ('social_org', '社会组织（含民办非企业）')]
    omerge(ws, 3, 0, 3 + len(order) - 1, 0, '按单位类型分')
    for i, (bd, label) in enumerate(order):
        oput(ws, 3 + i, 1, label)
        data_row(ws, '表1', 3 + i, 't1', bd, cols, zero=0)
    r = 3 + len(order)
    omerge(ws, r, 0, r, 1, '总　　计', bold=True)
    data_row(ws, '表1', r, 't1', 'all', cols, zero=0)
    for i in range(len(order) + 1):
        row = d['t1']['all' if i == len(order) else order[i][0]]
        oput(ws, 3 + i, 12, round(float(row['units_unionized'] / row['units_total'] * 100), 1), fmt='0.0')
    oput(ws, r + 2, 0, '注：本表按单位隶属关系统计，建会率＝已建会单位数÷应建会单位数。', box=False)
    oput(ws, r + 3, 0, '单位负责人：钱卫东　　　填表人：孙丽　　　电话：13907910233', box=False)

    # 表2: "其中" in column A beside the labels, nested group named in column A as well
    ws = wb.create_sheet('表2')
    cols = [(c, 1) for c in T2_COLS]
    head(ws, '会员发展情况统计表', [H2[c] + '（人）' for c in T2_COLS], 8)
    omerge(ws, 3, 0, 3, 1, '会员合计', bold=True)
    data_row(ws, '表2', 3, 't2', 'all', cols, zero='-')
    omerge(ws, 4, 0, 6, 0, '其中')
    for i, b in enumerate(('female', 'migrant', 'new_forms')):
        oput(ws, 4 + i, 1, N2[b])
        data_row(ws, '表2', 4 + i, 't2', b, cols, zero='-')
    omerge(ws, 7, 0, 10, 0, '新就业形态劳动者中')
    for i, b in enumerate(('truck', 'courier', 'delivery', 'ride_hailing')):
        oput(ws, 7 + i, 1, N2[b])
        data_row(ws, '表2', 7 + i, 't2', b, cols, zero='-')
    oput(ws, 12, 0, '注：期末会员数＝期初会员数＋本期新发展会员－本期减少会员（不含转入转出）。', box=False)
    oput(ws, 13, 0, '填表人：孙丽　　　审核人：钱卫东', box=False)

    # 表3
    ws = wb.create_sheet('表3')
    cols = [(c, WAN if c in MONEY else 1) for c in T3_COLS]
    head(ws, '劳动和技能竞赛开展情况统计表', [H3[c] + '（' + U3[c] + '）' for c in T3_COLS] + ['涉及行业数（个）'], 13)
    order = [('construction', '建筑业（含重点工程）'), ('manufacturing', '制造业（含规上工业企业）'),
             ('transport', '交通运输、仓储和邮政业'), ('utilities', '电力、热力、燃气及水生产和供应业'),
             ('it', '信息传输、软件和信息技术服务业'), ('trade', '批发和零售业'), ('health', '卫生和社会工作（含医院）'),
             ('other', '其他行业')]
    omerge(ws, 3, 0, 3 + len(order) - 1, 0, '按行业分')
    for i, (bd, label) in enumerate(order):
        oput(ws, 3 + i, 1, label)
        data_row(ws, '表3', 3 + i, 't3', bd, cols, zero='')
        oput(ws, 3 + i, 12, '')
    r = 3 + len(order)
    omerge(ws, r, 0, r, 1, '总　　计', bold=True)
    data_row(ws, '表3', r, 't3', 'all', cols, zero='')
    oput(ws, r, 12, sum(1 for b, _ in order if d['t3'][b]['competitions'] > 0))
    oput(ws, r + 2, 0, '注：本表为1-3月累计数。', box=False)

    # 表4: money in 元
    ws = wb.create_sheet('表4')
    cols = [(c, 1) for c in T4_COLS]
    u4 = {'aid_households': '户', 'aid_person_times': '人次'}
    head(ws, '困难职工帮扶和慰问情况统计表', [H4[c] + '（' + u4.get(c, '元') + '）' for c in T4_COLS], 8, '单位：元')
    order = [('warmth', '送温暖慰问（春节）'), ('living', '生活救助（含临时救助）'), ('medical', '医疗救助（含职工医疗互助）'),
             ('education', '助学救助（金秋助学）'), ('employment', '就业帮扶（含技能培训）'),
             ('frontline', '一线职工慰问（含户外劳动者）'), ('other', '其他')]
    omerge(ws, 3, 0, 3 + len(order) - 1, 0, '按帮扶类别分')
    for i, (bd, label) in enumerate(order):
        oput(ws, 3 + i, 1, label)
        data_row(ws, '表4', 3 + i, 't4', bd, cols, zero='—')
    r = 3 + len(order)
    omerge(ws, r, 0, r, 1, '总　　计', bold=True)
    data_row(ws, '表4', r, 't4', 'all', cols, zero='—')
    for k, (ind, label) in enumerate((('hardship_households', '在档困难职工户数（户）'),
                                      ('hardship_exited_ytd', '本年解困脱困户数（户）'))):
        rr = r + 2 + k
        omerge(ws, rr, 0, rr, 1, label, align=None)
        bk.reg('表4', rr, 2, ind, 'all', d['t4l'][ind])
        oput(ws, rr, 2, num(d['t4l'][ind]))
    oput(ws, r + 5, 0, '填表人：孙丽　　　审核人：钱卫东　　　联系电话：13907910233', box=False)
    wb.save(bk.path)


# ============================================================================================
# D. 白沙县 2026-Q2: period only as a date range in 填报说明; 元 with cents and 万元 in one workbook;
#    units on the header cell's second line (Alt+Enter)
# ============================================================================================
def make_baisha_daterange():
    bk = Book('白沙县总工会统计报表.xlsx', 'baisha', '2026-Q2',
              '标题和文件名都没有报告期，期别只在表下“填报说明”的统计时段“2026年1月1日至2026年6月30日”里；表头单位写在单元格第二行（Alt+Enter），表四金额为元带两位小数、表三创经济效益为万元')
    d = gen('baisha', 2026, 2, 0.74, mq3=100, mq4=D('0.01'))
    wb = new_wb()
    note = ['填报说明：', '1．统计时段：2026年1月1日至2026年6月30日；时点指标填2026年6月30日数。',
            '2．本表由县总工会组织部、权益保障部分别填报，办公室汇总。',
            '3．金额保留两位小数。']

    def form(sheet, title, rows, cols):
        ws = wb.create_sheet(sheet)
        n = 1 + len(cols)
        omerge(ws, 0, 0, 0, n - 1, f'白沙县总工会{title}', bold=True, size=14, box=False)
        oput(ws, 1, 0, '填报单位：白沙县总工会', box=False)
        oput(ws, 2, 0, '项　目', bold=True, align='center')
        for k, (ind, h, fac, fm) in enumerate(cols):
            oput(ws, 2, 1 + k, h, bold=True, align='center')
        ws.row_dimensions[3].height = 48
        for i, (bd, label, tbl) in enumerate(rows):
            r = 3 + i
            oput(ws, r, 0, label, indent=0 if i == 0 else 1)
            for k, (ind, h, fac, fm) in enumerate(cols):
                if ind is None:       # derived column, written but not data
                    oput(ws, r, 1 + k, fac(d[tbl][bd]), fmt=fm)
                    continue
                v = d[tbl][bd][ind]
                bk.reg(sheet, r, 1 + k, ind, bd, v, fac)
                oput(ws, r, 1 + k, num(v, fac), fmt=fm)
        widths(ws, 20, 13, n)
        return ws, 3 + len(rows)

    r1 = lambda r: round(float(r['units_unionized'] / r['units_total'] * 100), 2)
    r2 = lambda r: round(float(r['members'] / r['employees_in_unionized'] * 100), 2)
    ws, r = form('组织建设', '工会组织建设情况统计表',
                 [('all', '合　计', 't1')] + [(b, N1[b], 't1') for b in T1_ROWS[1:]],
                 [(c, H1[c] + '\n（' + U1[c] + '）', 1, '#,##0') for c in T1_COLS[:2]]
                 + [(None, '建会率\n（%）', r1, '0.00')]
                 + [(c, H1[c] + '\n（' + U1[c] + '）', 1, '#,##0') for c in T1_COLS[2:9]]
                 + [(None, '入会率\n（%）', r2, '0.00')]
                 + [('unions_new_ytd', '本年新建基层工会数\n（个）', 1, '0')])
    for k, t in enumerate(note):
        oput(ws, r + 1 + k, 0, t, box=False)
    ws, r = form('会员发展', '会员发展情况统计表',
                 [('all', '合　计', 't2'), ('female', '其中：女职工', 't2'), ('migrant', '　　　农民工', 't2'),
                  ('new_forms', '　　　新就业形态劳动者', 't2'), ('truck', '　　　　其中：货车司机', 't2'),
                  ('courier', '　　　　　　　快递员', 't2'), ('delivery', '　　　　　　　外卖配送员', 't2'),
                  ('ride_hailing', '　　　　　　　网约车司机', 't2')],
                 [(c, H2[c] + '\n（人）', 1, '#,##0') for c in T2_COLS])
    for k, t in enumerate(note):
        oput(ws, r + 1 + k, 0, t, box=False)
    ws, r = form('劳动竞赛', '劳动和技能竞赛开展情况统计表',
                 [('all', '合　计', 't3')] + [(b, N3[b], 't3') for b in T3_ROWS[1:]],
                 [(c, H3[c].replace('其中：', '其中：\n') + '\n（' + U3[c] + '）', WAN if c in MONEY else 1,
                   '#,##0.00' if c in MONEY else '#,##0') for c in T3_COLS])
    for k, t in enumerate(note):
        oput(ws, r + 1 + k, 0, t, box=False)
    ws, r = form('帮扶慰问', '困难职工帮扶和慰问情况统计表',
                 [('all', '合　计', 't4')] + [(b, N4[b], 't4') for b in T4_ROWS[1:]],
                 [('aid_households', '帮扶户数\n（户）', 1, '#,##0'), ('aid_person_times', '帮扶人次\n（人次）', 1, '#,##0'),
                  ('aid_amount', '帮扶金额\n（元）', 1, '#,##0.00'),
                  ('aid_amount_union_funds', '其中：\n工会经费（元）', 1, '#,##0.00'),
                  ('aid_amount_fiscal', '其中：\n财政资金（元）', 1, '#,##0.00'),
                  ('aid_amount_donations', '其中：\n社会捐助（元）', 1, '#,##0.00')])
    for k, (ind, label) in enumerate((('hardship_households', '在档困难职工户数\n（户）'),
                                      ('hardship_exited_ytd', '本年解困脱困户数\n（户）'))):
        oput(ws, r + 1 + k, 0, label, wrap=True)
        bk.reg('帮扶慰问', r + 1 + k, 1, ind, 'all', d['t4l'][ind])
        oput(ws, r + 1 + k, 1, num(d['t4l'][ind]), fmt='#,##0')
    for k, t in enumerate(note):
        oput(ws, r + 4 + k, 0, t, box=False)
    oput(ws, r + 9, 0, '填表人：黄小燕　　审核人：马志刚　　联系电话：0791-85920331', box=False)
    wb.save(bk.path)


# ============================================================================================
# E. 城中区 2025-Q4: 表二 exported from the OA system, every cell text, header row only
# ============================================================================================
def make_chengzhong_oa():
    bk = Book('城中区总工会_会员发展情况统计_2025年第四季度.xlsx', 'chengzhong', '2025-Q4',
              'OA系统导出的单表文件：只有一行表头、没有标题，区县和期别只在文件名里，所有单元格（含数字）都是文本，行标签不缩进、不写“其中”，另有序号、完成率、审核状态列')
    d = gen('chengzhong', 2025, 4, 1.22)
    wb = new_wb()
    ws = wb.create_sheet('导出数据')
    heads = ['序号', '人员类别', '期初会员数', '本期新发展会员数', '本期减少会员数', '期末会员数', '本年累计新发展会员数',
             '年度发展任务数', '完成年度任务(%)', '审核状态', '最后修改时间']
    for c, h in enumerate(heads):
        ws.cell(row=1, column=c + 1, value=h)
    for i, b in enumerate(T2_ROWS):
        r = 1 + i
        row = d['t2'][b]
        ws.cell(row=r + 1, column=1, value=str(i + 1))
        ws.cell(row=r + 1, column=2, value=N2[b])
        for k, c in enumerate(T2_COLS):
            bk.reg('导出数据', r, 2 + k, c, b, row[c])
            ws.cell(row=r + 1, column=3 + k, value=str(int(row[c])))
        ws.cell(row=r + 1, column=9, value=f"{float(row['joined_ytd'] / row['joined_target'] * 100):.2f}")
        ws.cell(row=r + 1, column=10, value='已审核')
        ws.cell(row=r + 1, column=11, value='2026-01-09 16:42:%02d' % (11 + i))
    for row in ws.iter_rows():
        for cell in row:
            cell.number_format = '@'
    wb.save(bk.path)


# ============================================================================================
# F. 高新区 (long name) 2025-Q1: Excel 2007 template with frozen panes, hidden helper columns,
#    data-validation drop-downs for 填报单位 and 报告期, SUM formulas with cached values
# ============================================================================================
def make_gaoxin_template():
    bk = Book('示例高新技术产业开发区总工会2025年第一季度统计报表.xlsx', 'gaoxin', '2025-Q1',
              'Excel 2007模板：冻结窗格，填报单位和报告期是数据有效性下拉框（标签与值分在两格），合计行是带缓存值的SUM公式，数据列之间夹着隐藏的辅助公式列（未建会单位、入会率、校验、折合元等，不是表内数据），金额万元保留四位小数')
    d = gen('gaoxin', 2025, 1, 1.3, mq3=1, mq4=1)
    wb = xlsxwriter.Workbook(str(bk.path))
    ttl = wb.add_format({'bold': True, 'font_size': 16, 'align': 'center', 'font_name': '黑体'})
    hd = wb.add_format({'bold': True, 'border': 1, 'align': 'center', 'valign': 'vcenter', 'text_wrap': True,
                        'bg_color': '#FFF2CC'})
    lab = wb.add_format({'border': 1})
    lab1 = wb.add_format({'border': 1, 'indent': 1})
    lab2 = wb.add_format({'border': 1, 'indent': 2})
    inp = wb.add_format({'border': 1, 'bg_color': '#E2EFDA', 'locked': False})
    sel = wb.add_format({'border': 1, 'bg_color': '#E2EFDA', 'locked': False, 'bold': True})
    n0 = wb.add_format({'border': 1, 'num_format': '#,##0', 'locked': False})
    n4 = wb.add_format({'border': 1, 'num_format': '#,##0.0000', 'locked': False})
    s0 = wb.add_format({'border': 1, 'num_format': '#,##0', 'bold': True})
    s4 = wb.add_format({'border': 1, 'num_format': '#,##0.0000', 'bold': True})
    pc = wb.add_format({'border': 1, 'num_format': '0.00'})
    hid = wb.add_format({'num_format': 'General', 'font_color': '#A6A6A6'})
    districts = ['示例高新技术产业开发区总工会', '示例经济技术开发区总工会', '城中区总工会', '东湖区总工会', '西山区总工会',
                 '南港区总工会', '临江县总工会', '青石县总工会', '白沙县总工会', '云台市总工会']
    periods = [f'2025年第{CN_Q[q]}季度' for q in range(1, 5)]

    def sheet(name, title, heads, rows, form, lines=None):
        """heads: (header, kind, arg...) kind data|rate|helper|check."""
        ws = wb.add_worksheet(name)
        n = len(heads)
        ws.merge_range(0, 0, 0, n - 1, title, ttl)
        ws.write(1, 0, '填报单位：', wb.add_format({'align': 'right'}))
        ws.merge_range(1, 1, 1, 3, districts[0], sel)
        ws.data_validation(1, 1, 1, 1, {'validate': 'list', 'source': districts})
        ws.write(1, 5, '报告期：', wb.add_format({'align': 'right'}))
        ws.merge_range(1, 6, 1, 7, periods[0], sel)
        ws.data_validation(1, 6, 1, 6, {'validate': 'list', 'source': periods})
        ws.write(2, 0, '计量单位：个、人、项、人次；金额：万元（保留四位小数）')
        ws.set_row(3, 40)
        ws.set_column(0, 0, 22)
        for c, (h, kind, *a) in enumerate(heads):
            ws.write(3, c, h, hd)
            if kind in ('helper', 'check'):
                ws.set_column(c, c, 10, None, {'hidden': True})
            elif c:
                ws.set_column(c, c, 13)
        first, last = 4, 4 + len(rows) - 1
        for i, (bd, label, lf) in enumerate(rows):
            r = 4 + i
            ws.write(r, 0, label, lf)
            for c, (h, kind, *a) in enumerate(heads):
                if c == 0:
                    continue
                if kind == 'data':
                    ind, fac = a
                    v = d[form][bd][ind]
                    bk.reg(name, r, c, ind, bd, v, fac)
                    col = xl_col_to_name(c)
                    if i == 0 and form != 't2':
                        cached = sum(num(d[form][b][ind], fac) for b, *_ in rows[1:])
                        ws.write_formula(r, c, f'=SUM({col}{first + 2}:{col}{last + 1})', s4 if fac != 1 else s0,
                                         cached)
                    else:
                        ws.write_number(r, c, num(v, fac), n4 if fac != 1 else n0)
                elif kind == 'rate':
                    ia, ib, ca, cb = a
                    va, vb = d[form][bd][ia], d[form][bd][ib]
                    ws.write_formula(r, c, f'=IF({xl_rowcol_to_cell(r, cb)}=0,0,ROUND({xl_rowcol_to_cell(r, ca)}/'
                                           f'{xl_rowcol_to_cell(r, cb)}*100,2))', pc,
                                     round(float(va) / float(vb) * 100, 2) if vb else 0)
                elif kind == 'helper':
                    expr, fn = a
                    ws.write_formula(r, c, expr.format(r=r + 1), hid, fn(d[form][bd]))
                elif kind == 'check':
                    expr, fn = a
                    ws.write_formula(r, c, expr.format(r=r + 1), hid, '√' if fn(d[form][bd]) else '×')
        for c, (h, kind, *a) in enumerate(heads):
            if kind == 'data':
                ws.data_validation(first + 1, c, last, c, {'validate': 'decimal', 'criteria': '>=', 'value': 0,
                                                           'error_message': '请输入非负数值'})
        r = last + 1
        for ind, label in (lines or []):
            r += 1
            ws.write(r, 0, label, lab)
            bk.reg(name, r, 1, ind, 'all', d['t4l'][ind])
            ws.write_number(r, 1, num(d['t4l'][ind]), n0)
        ws.write(r + 2, 0, '填表人：刘洋')
        ws.write(r + 2, 3, '审核人：郑海燕')
        ws.write(r + 2, 6, '联系电话：0791-88126607')
        ws.write(r + 3, 0, '注：绿色单元格为填报区，请勿修改表格结构。')
        ws.freeze_panes(4, 1)
        ws.protect('', {'format_columns': True, 'select_locked_cells': True, 'select_unlocked_cells': True})

    pct = lambda a, b: (lambda r: round(float(r[a]) / float(r[b]), 4) if r[b] else 0)
    sheet('表一', '示例高新技术产业开发区工会组织建设情况统计表', [
        ('项目', None),
        ('应建会单位数', 'data', 'units_total', 1),
        ('已建会单位数', 'data', 'units_unionized', 1),
        ('辅助：未建会单位', 'helper', '=B{r}-C{r}', lambda r: int(r['units_total'] - r['units_unionized'])),
        ('建会率（%）', 'rate', 'units_unionized', 'units_total', 2, 1),
        ('基层工会数', 'data', 'unions', 1),
        ('其中：联合基层工会', 'data', 'unions_joint', 1),
        ('职工人数', 'data', 'employees', 1),
        ('已建会单位职工人数', 'data', 'employees_in_unionized', 1),
        ('会员人数', 'data', 'members', 1),
        ('其中：女会员', 'data', 'members_female', 1),
        ('其中：农民工会员', 'data', 'members_migrant', 1),
        ('辅助：入会率', 'helper', '=IFERROR(J{r}/I{r},0)', pct('members', 'employees_in_unionized')),
        ('本年新建基层工会数', 'data', 'unions_new_ytd', 1),
        ('校验', 'check', '=IF(AND(C{r}<=B{r},G{r}<=F{r},K{r}<=J{r},L{r}<=J{r}),"√","×")', lambda r: True),
    ], [(b, N1[b], lab if b == 'all' else lab1) for b in T1_ROWS], 't1')
    sheet('表二', '示例高新技术产业开发区会员发展情况统计表', [
        ('项目', None),
        ('期初会员数', 'data', 'members_start', 1),
        ('本期新发展会员', 'data', 'members_joined', 1),
        ('本期减少会员', 'data', 'members_left', 1),
        ('期末会员数', 'data', 'members_end', 1),
        ('', 'helper', '=E{r}-B{r}-C{r}+D{r}', lambda r: 0),
        ('本年累计新发展会员', 'data', 'joined_ytd', 1),
        ('年度发展任务', 'data', 'joined_target', 1),
        ('完成年度任务（%）', 'rate', 'joined_ytd', 'joined_target', 6, 7),
        ('校验', 'check', '=IF(G{r}>=C{r},"√","×")', lambda r: True),
    ], [('all', '合计', lab), ('female', '其中：女职工', lab1), ('migrant', '农民工', lab1),
        ('new_forms', '新就业形态劳动者', lab1), ('truck', '其中：货车司机', lab2), ('courier', '快递员', lab2),
        ('delivery', '外卖配送员', lab2), ('ride_hailing', '网约车司机', lab2)], 't2')
    sheet('表三', '示例高新技术产业开发区劳动和技能竞赛开展情况统计表', [
        ('项目', None),
        ('竞赛项目数', 'data', 'competitions', 1),
        ('参赛单位数', 'data', 'units_participating', 1),
        ('参赛职工（人次）', 'data', 'participants', 1),
        ('其中：非公企业职工', 'data', 'participants_non_public', 1),
        ('其中：重点工程项目', 'data', 'key_projects', 1),
        ('合理化建议提出', 'data', 'suggestions_made', 1),
        ('合理化建议采纳实施', 'data', 'suggestions_adopted', 1),
        ('辅助：采纳率', 'helper', '=IFERROR(H{r}/G{r},0)', pct('suggestions_adopted', 'suggestions_made')),
        ('技术革新成果', 'data', 'innovations', 1),
        ('工人先锋号', 'data', 'pioneer_awards', 1),
        ('创经济效益（万元）', 'data', 'economic_benefit', WAN),
        ('辅助：折合元', 'helper', '=L{r}*10000', lambda r: int(r['economic_benefit'])),
    ], [(b, N3[b], lab if b == 'all' else lab1) for b in T3_ROWS], 't3')
    sheet('表四', '示例高新技术产业开发区困难职工帮扶和慰问情况统计表', [
        ('项目', None),
        ('帮扶户数', 'data', 'aid_households', 1),
        ('帮扶人次', 'data', 'aid_person_times', 1),
        ('帮扶金额（万元）', 'data', 'aid_amount', WAN),
        ('其中：工会经费', 'data', 'aid_amount_union_funds', WAN),
        ('其中：财政资金', 'data', 'aid_amount_fiscal', WAN),
        ('其中：社会捐助', 'data', 'aid_amount_donations', WAN),
        ('辅助：户均（元）', 'helper', '=IFERROR(ROUND(D{r}*10000/B{r},0),0)',
         lambda r: round(float(r['aid_amount']) / float(r['aid_households'])) if r['aid_households'] else 0),
        ('校验', 'check', '=IF(E{r}+F{r}+G{r}<=D{r},"√","×")', lambda r: True),
    ], [(b, N4[b], lab if b == 'all' else lab1) for b in T4_ROWS], 't4',
        lines=[('hardship_households', '在档困难职工户数（户）'), ('hardship_exited_ytd', '本年解困脱困户数（户）')])
    wb.close()


# ============================================================================================
# G. 经开区 2024-Q4: the four forms laid out 2 x 2 on one A3 sheet named "2024.4季度"
# ============================================================================================
def make_jingkai_grid():
    bk = Book('经济技术开发区2024年四季度工会统计.xlsx', 'jingkai', '2024-Q4',
              '新成立的经开区把四张表按“田”字排在一张A3工作表上（表一、表二并排在上，表三、表四并排在下，中间隔空列），工作表名“2024.4季度”，总标题写“截至2024年12月底”')
    d = gen('jingkai', 2024, 4, 0.34)
    wb = new_wb()
    ws = wb.create_sheet('2024.4季度')
    sh = ws.title
    omerge(ws, 0, 0, 0, 21, '示例经济技术开发区总工会工会统计报表（截至2024年12月底）', bold=True, size=16, box=False)
    oput(ws, 1, 0, '填报单位：示例经济技术开发区总工会（筹）　　　　本区自2024年起单独统计，原属城中区的单位已划转。', box=False)

    def block(r0, c0, title, rows, cols, form, unit):
        ncol = 1 + len(cols)
        omerge(ws, r0, c0, r0, c0 + ncol - 1, title, bold=True)
        oput(ws, r0 + 1, c0 + ncol - 1, unit, box=False)
        oput(ws, r0 + 2, c0, '项目', bold=True, align='center')
        for k, (ind, h, fac) in enumerate(cols):
            oput(ws, r0 + 2, c0 + 1 + k, h, bold=True, align='center')
        for i, (bd, label) in enumerate(rows):
            r = r0 + 3 + i
            oput(ws, r, c0, label)
            for k, (ind, h, fac) in enumerate(cols):
                v = d[form][bd][ind]
                bk.reg(sh, r, c0 + 1 + k, ind, bd, v, fac)
                oput(ws, r, c0 + 1 + k, num(v, fac) if v else None, fmt='0.00' if fac != 1 else '0')
        return r0 + 3 + len(rows)

    e1 = block(3, 0, '表一　工会组织建设情况', [(b, N1[b]) for b in T1_ROWS],
               [(c, H1[c], 1) for c in T1_COLS], 't1', '单位：个、人')
    block(3, 12, '表二　会员发展情况', [('all', '合计'), ('female', '其中：女职工'), ('migrant', '　　　农民工'),
                                   ('new_forms', '　　　新就业形态劳动者'), ('truck', '　　其中：货车司机'),
                                   ('courier', '　　　　　快递员'), ('delivery', '　　　　　外卖配送员'),
                                   ('ride_hailing', '　　　　　网约车司机')],
          [(c, H2[c], 1) for c in T2_COLS], 't2', '单位：人')
    r0 = 16
    block(r0, 0, '表三　劳动和技能竞赛开展情况', [(b, N3[b]) for b in T3_ROWS],
          [(c, H3[c] + ('（万元）' if c in MONEY else ''), WAN if c in MONEY else 1) for c in T3_COLS], 't3',
          '金额：万元')
    e4 = block(r0, 12, '表四　困难职工帮扶和慰问情况', [(b, N4[b]) for b in T4_ROWS],
               [(c, H4[c] + ('（万元）' if c in MONEY else ''), WAN if c in MONEY else 1) for c in T4_COLS], 't4',
               '金额：万元')
    for k, (ind, label) in enumerate((('hardship_households', '在档困难职工户数（户）'),
                                      ('hardship_exited_ytd', '本年解困脱困户数（户）'))):
        oput(ws, e4 + k, 12, label)
        bk.reg(sh, e4 + k, 13, ind, 'all', d['t4l'][ind])
        oput(ws, e4 + k, 13, num(d['t4l'][ind]))
    oput(ws, e4 + 3, 0, '单位负责人：何建平　　　填表人：罗静　　　联系电话：0791-83330512　　　报送日期：2025年1月10日', box=False)
    widths(ws, 18, 10, 22)
    ws.column_dimensions['M'].width = 22
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.orientation = 'landscape'
    wb.save(bk.path)


# ============================================================================================
# I. 云台市 2026-Q2: 表四 alone, period only in the sheet name "2026.2季度",
#    sources under a "资金来源" group, the two single-value lines written as one sentence
# ============================================================================================
def make_yuntai_t4():
    bk = Book('云台市表四.xlsx', 'yuntai', '2026-Q2',
              '只报表四的单表文件，期别只在工作表名“2026.2季度”里；资金来源三栏挂在“资金来源”分组下而不写“其中”，帮扶资金为万元；在档困难职工户数和本年解困脱困户数写成表下合并单元格里的一句话“在档困难职工户数：×××户；本年解困脱困户数：××户。”')
    d = gen('yuntai', 2026, 2, 0.88)
    wb = new_wb()
    ws = wb.create_sheet('2026.2季度')
    sh = ws.title
    omerge(ws, 0, 0, 0, 6, '困难职工帮扶和慰问情况统计表', bold=True, size=14, box=False)
    oput(ws, 1, 0, '填报单位：云台市总工会', box=False)
    oput(ws, 1, 5, '资金单位：万元', box=False)
    omerge(ws, 2, 0, 3, 0, '帮扶类别', bold=True)
    omerge(ws, 2, 1, 3, 1, '帮扶户数（户）', bold=True)
    omerge(ws, 2, 2, 3, 2, '帮扶人次', bold=True)
    omerge(ws, 2, 3, 3, 3, '帮扶资金（万元）', bold=True)
    omerge(ws, 2, 4, 2, 6, '资金来源', bold=True)
    for k, h in enumerate(('工会经费', '财政资金', '社会捐助')):
        oput(ws, 3, 4 + k, h, bold=True, align='center')
    for i, b in enumerate(T4_ROWS):
        r = 4 + i
        oput(ws, r, 0, '合计' if b == 'all' else N4[b])
        for k, c in enumerate(T4_COLS):
            fac = WAN if c in MONEY else 1
            v = d['t4'][b][c]
            bk.reg(sh, r, 1 + k, c, b, v, fac)
            oput(ws, r, 1 + k, num(v, fac) if v else '/', fmt='0.00' if fac != 1 else '0')
    r = 4 + len(T4_ROWS)
    hh, ex = d['t4l']['hardship_households'], d['t4l']['hardship_exited_ytd']
    text = f'在档困难职工户数：{int(hh)}户；本年解困脱困户数：{int(ex)}户。'
    omerge(ws, r, 0, r, 6, text, align=None)
    bk.reg(sh, r, 0, 'hardship_households', 'all', hh,
           extract=lambda s: re.search(r'在档困难职工户数：(\d+)户', s).group(1))
    bk.reg(sh, r, 0, 'hardship_exited_ytd', 'all', ex,
           extract=lambda s: re.search(r'本年解困脱困户数：(\d+)户', s).group(1))
    oput(ws, r + 2, 0, '审核人：林国栋　　　　填表人：许晓梅　　　　联系电话：0791-87524108', box=False)
    widths(ws, 22, 13, 7)
    wb.save(bk.path)


# ============================================================================================
# J/K. 青石县 2025-Q1 (.xls) and its correction: header words broken by Alt+Enter mid-word,
#      a "diagonal" corner cell (项目＼类别 on two lines)
# ============================================================================================
def qingshi_data(corrected):
    d = gen('qingshi', 2025, 1, 0.81)
    if corrected:   # a joint union of an industrial park had been left out of 非公有制企业; 医疗救助 re-counted
        t1 = d['t1']
        for c, dv in (('units_unionized', 15), ('unions', 1), ('unions_joint', 1), ('employees_in_unionized', 820),
                      ('members', 760), ('members_female', 310), ('members_migrant', 350), ('unions_new_ytd', 1)):
            t1['non_public'][c] += dv
            t1['all'][c] += dv
        t2 = d['t2']
        for b, dv in (('all', 760), ('female', 310), ('migrant', 350)):
            for c in ('members_joined', 'members_end', 'joined_ytd'):
                t2[b][c] += dv
        t4 = d['t4']
        for c, dv in (('aid_amount', 25000), ('aid_amount_union_funds', 25000), ('aid_households', 4),
                      ('aid_person_times', 4)):
            t4['medical'][c] += dv
            t4['all'][c] += dv
        hard_check(d)
    return d


def make_qingshi(corrected):
    if corrected:
        bk = Book('青石县2025年一季度统计报表（更正）.xls', 'qingshi', '2025-Q1',
                  '青石县一季度报表的更正版（标题加“（更正）”）：表一非公企业补报一个园区联合工会、表二相应会员数、表四医疗救助金额调整，其余同原表',
                  corrects='青石县2025年一季度统计报表.xls')
    else:
        bk = Book('青石县2025年一季度统计报表.xls', 'qingshi', '2025-Q1',
                  '老式.xls（xlwt）：表头词被Alt+Enter从词中间断开（“应建会单\\n位数”），左上角是“斜线表头”式的两行文字“项目＼类别”，表二嵌套其中用缩进，金额万元两位小数')
    d = qingshi_data(corrected)
    wb = xlwt.Workbook(encoding='utf-8')
    tt = xlwt.easyxf('font: bold on, height 320; align: horiz centre, vert centre')
    hs = xlwt.easyxf('font: bold on; align: wrap on, horiz centre, vert centre; '
                     'borders: left thin, right thin, top thin, bottom thin')
    corner = xlwt.easyxf('align: wrap on, vert centre; borders: left thin, right thin, top thin, bottom thin')
    corner.borders.need_diag1 = 1
    corner.borders.diag = xlwt.Borders.THIN
    ls = xlwt.easyxf('borders: left thin, right thin, top thin, bottom thin')
    n0 = xlwt.easyxf('borders: left thin, right thin, top thin, bottom thin', num_format_str='#,##0')
    n2 = xlwt.easyxf('borders: left thin, right thin, top thin, bottom thin', num_format_str='#,##0.00')
    suffix = '（更正）' if corrected else ''

    def form(sheet, title, corner_text, heads, rows, tbl, unit):
        ws = wb.add_sheet(sheet)
        n = 1 + len(heads)
        ws.write_merge(0, 0, 0, n - 1, f'青石县2025年一季度{title}{suffix}', tt)
        ws.write(1, 0, '填报单位：青石县总工会')
        ws.write(1, n - 2, unit)
        ws.write(2, 0, corner_text, corner)
        ws.row(2).height_mismatch = True
        ws.row(2).height = 20 * 48
        ws.col(0).width = 256 * 26
        for k, (ind, h, fac) in enumerate(heads):
            ws.write(2, 1 + k, h, hs)
            ws.col(1 + k).width = 256 * 11
        for i, (bd, label) in enumerate(rows):
            r = 3 + i
            ws.write(r, 0, label, ls)
            for k, (ind, h, fac) in enumerate(heads):
                if ind is None:
                    ws.write(r, 1 + k, fac(d[tbl][bd]), n2)
                    continue
                v = d[tbl][bd][ind]
                bk.reg(sheet, r, 1 + k, ind, bd, v, fac)
                ws.write(r, 1 + k, num(v, fac), n2 if fac != 1 else n0)
        return ws, 3 + len(rows)

    ws, r = form('表一', '工会组织建设情况统计表', '　　　　　　项目\n类别', [
        ('units_total', '应建会单\n位数（个）', 1), ('units_unionized', '已建会单\n位数（个）', 1),
        ('unions', '基层工\n会数（个）', 1), ('unions_joint', '其中：联合\n基层工会', 1),
        ('employees', '职工人\n数（人）', 1), ('employees_in_unionized', '已建会单位\n职工人数', 1),
        ('members', '会员人\n数（人）', 1), ('members_female', '其中：\n女会员', 1),
        ('members_migrant', '其中：农\n民工会员', 1),
        (None, '入会\n率（%）', lambda x: round(float(x['members'] / x['employees_in_unionized'] * 100), 2)),
        ('unions_new_ytd', '本年新建\n基层工会数', 1)], [(b, N1[b]) for b in T1_ROWS], 't1', '单位：个、人')
    ws.write(r + 1, 0, '填表人：郭春兰　　　审核人：邓文　　　联系电话：0791-84410375')
    ws, r = form('表二', '会员发展情况统计表', '　　　　　　项目\n人员类别', [
        ('members_start', '期初会\n员数', 1), ('members_joined', '本期新发\n展会员', 1), ('members_left', '本期减\n少会员', 1),
        ('members_end', '期末会\n员数', 1), ('joined_ytd', '本年累计新\n发展会员', 1), ('joined_target', '年度发\n展任务', 1)],
        [('all', '合计'), ('female', '其中：女职工'), ('migrant', '　　　农民工'), ('new_forms', '　　　新就业形态劳动者'),
         ('truck', '　　　　其中：货车司机'), ('courier', '　　　　　　　快递员'), ('delivery', '　　　　　　　外卖配送员'),
         ('ride_hailing', '　　　　　　　网约车司机')], 't2', '单位：人')
    ws.write(r + 1, 0, '填表人：郭春兰　　　审核人：邓文')
    ws, r = form('表三', '劳动和技能竞赛开展情况统计表', '　　　　　　项目\n行业', [
        ('competitions', '竞赛项\n目数', 1), ('units_participating', '参赛单\n位数', 1), ('participants', '参赛职工\n（人次）', 1),
        ('participants_non_public', '其中：非公\n企业职工', 1), ('key_projects', '其中：重点\n工程项目', 1),
        ('suggestions_made', '合理化建\n议提出', 1), ('suggestions_adopted', '合理化建议\n采纳实施', 1),
        ('innovations', '技术革\n新成果', 1), ('pioneer_awards', '工人先\n锋号', 1),
        ('economic_benefit', '创经济效\n益（万元）', WAN)], [(b, N3[b]) for b in T3_ROWS], 't3', '单位：万元')
    ws.write(r + 1, 0, '填表人：郭春兰　　　审核人：邓文')
    ws, r = form('表四', '困难职工帮扶和慰问情况统计表', '　　　　　　项目\n帮扶类别', [
        ('aid_households', '帮扶户\n数（户）', 1), ('aid_person_times', '帮扶人\n次', 1), ('aid_amount', '帮扶金\n额（万元）', WAN),
        ('aid_amount_union_funds', '其中：工\n会经费', WAN), ('aid_amount_fiscal', '其中：财\n政资金', WAN),
        ('aid_amount_donations', '其中：社\n会捐助', WAN)], [(b, N4[b]) for b in T4_ROWS], 't4', '单位：万元')
    for k, (ind, label) in enumerate((('hardship_households', '在档困难职工户数（户）'),
                                      ('hardship_exited_ytd', '本年解困脱困户数（户）'))):
        ws.write(r + k, 0, label, ls)
        bk.reg('表四', r + k, 1, ind, 'all', d['t4l'][ind])
        ws.write(r + k, 1, num(d['t4l'][ind]), n0)
    ws.write(r + 3, 0, '填表人：郭春兰　　　审核人：邓文　　　报送日期：2025年4月' + ('15日' if corrected else '9日'))
    wb.save(str(bk.path))


# ============================================================================================
# L. 临江县 2026-Q3: a cover sheet carries district and period; form sheets carry none;
#    表三/表四 give 本季度 | 本年累计 for each indicator (only 本年累计 is the return's YTD value)
# ============================================================================================
def make_linjiang_cover():
    bk = Book('临江县总工会2026年三季度报表.xlsx', 'linjiang', '2026-Q3',
              '单独一张“封面”写填报单位和报告期“2026年1—9月”，各表本身没有区县和期别；另有“填报说明”页；表三、表四每个指标分“本季度｜本年累计”两栏，只有本年累计是本表数据')
    d = gen('linjiang', 2026, 3, 0.95)
    rng = random.Random('linjiang-quarter')
    q3 = quarter_part(rng, d['t3'], T3_ROWS, T3_COLS, 100)
    q4 = quarter_part(rng, d['t4'], T4_ROWS, T4_COLS, 100, fixed={'warmth': .04, 'education': .93})
    wb = new_wb()
    ws = wb.create_sheet('封面')
    ws.column_dimensions['B'].width = 60
    lines = [(2, '示例市工会统计季报', 22), (4, '（2026年度）', 14), (8, '填报单位：临江县总工会（盖章）', 14),
             (10, '报 告 期：2026年1—9月', 14), (12, '单位负责人：曾庆华', 12), (13, '统计负责人：袁梅', 12),
             (14, '填 表 人：邱晓东', 12), (15, '联系电话：0791-82216730', 12), (17, '报出日期：2026年10月12日', 12)]
    for r, t, sz in lines:
        oput(ws, r, 1, t, box=False, size=sz, bold=sz > 14)
    ws = wb.create_sheet('填报说明')
    ws.column_dimensions['A'].width = 100
    for k, t in enumerate(['填报说明', '一、表一、表二为时点数，表三、表四为累计数。', '二、金额单位为万元，保留两位小数。',
                           '三、表三、表四“本季度”栏仅供参考，汇总以“本年累计”栏为准。', '四、请于季后10日内报市总工会组织部。']):
        oput(ws, k, 0, t, box=False)

    def simple(sheet, title, rows, cols, tbl):
        ws = wb.create_sheet(sheet)
        n = 1 + len(cols)
        omerge(ws, 0, 0, 0, n - 1, title, bold=True, size=14, box=False)
        oput(ws, 2, 0, '指标名称', bold=True, align='center')
        for k, (ind, h) in enumerate(cols):
            oput(ws, 2, 1 + k, h, bold=True, align='center')
        for i, (bd, label) in enumerate(rows):
            oput(ws, 3 + i, 0, label)
            for k, (ind, h) in enumerate(cols):
                v = d[tbl][bd][ind]
                bk.reg(sheet, 3 + i, 1 + k, ind, bd, v)
                oput(ws, 3 + i, 1 + k, num(v) if v else '—', fmt='#,##0')
        widths(ws, 22, 12, n)

    simple('表一', '表一　工会组织建设情况', [(b, N1[b]) for b in T1_ROWS],
           [(c, H1[c] + '（' + U1[c] + '）') for c in T1_COLS], 't1')
    simple('表二', '表二　会员发展情况', [('all', '合计'), ('female', '其中：女职工'), ('migrant', '　　　农民工'),
                                    ('new_forms', '　　　新就业形态劳动者'), ('truck', '　　　其中：货车司机'),
                                    ('courier', '　　　　　　快递员'), ('delivery', '　　　　　　外卖配送员'),
                                    ('ride_hailing', '　　　　　　网约车司机')],
           [(c, H2[c]) for c in T2_COLS], 't2')

    def two_col(sheet, title, rows, cols, tbl, qtbl, lines=None):
        ws = wb.create_sheet(sheet)
        n = 1 + 2 * len(cols)
        omerge(ws, 0, 0, 0, n - 1, title, bold=True, size=14, box=False)
        omerge(ws, 2, 0, 3, 0, '指标名称', bold=True)
        for k, (ind, h, fac) in enumerate(cols):
            omerge(ws, 2, 1 + 2 * k, 2, 2 + 2 * k, h, bold=True)
            oput(ws, 3, 1 + 2 * k, '本季度', align='center')
            oput(ws, 3, 2 + 2 * k, '本年累计', align='center')
        for i, (bd, label) in enumerate(rows):
            r = 4 + i
            oput(ws, r, 0, label)
            for k, (ind, h, fac) in enumerate(cols):
                v, qv = d[tbl][bd][ind], qtbl[bd][ind]
                fm = '#,##0.00' if fac != 1 else '#,##0'
                oput(ws, r, 1 + 2 * k, num(qv, fac) if qv else '—', fmt=fm)
                bk.reg(sheet, r, 2 + 2 * k, ind, bd, v, fac)
                oput(ws, r, 2 + 2 * k, num(v, fac) if v else '—', fmt=fm)
        r = 4 + len(rows)
        for ind, label in (lines or []):
            r += 1
            oput(ws, r, 0, label)
            bk.reg(sheet, r, 2, ind, 'all', d['t4l'][ind])
            oput(ws, r, 1, '')
            oput(ws, r, 2, num(d['t4l'][ind]))
        widths(ws, 22, 10, n)

    two_col('表三', '表三　劳动和技能竞赛开展情况', [(b, N3[b]) for b in T3_ROWS],
            [(c, H3[c] + '（' + U3[c] + '）', WAN if c in MONEY else 1) for c in T3_COLS], 't3', q3)
    two_col('表四', '表四　困难职工帮扶和慰问情况', [(b, N4[b]) for b in T4_ROWS],
            [(c, H4[c] + '（' + U4[c] + '）', WAN if c in MONEY else 1) for c in T4_COLS], 't4', q4,
            lines=[('hardship_households', '在档困难职工户数（户）'), ('hardship_exited_ytd', '本年解困脱困户数（户）')])
    wb.save(bk.path)


# ============================================================================================
# M. 城中区 2026-Q2: "2026年上半年", forms numbered 附表1-4 with descriptive sheet names,
#    参赛职工 in 万人次
# ============================================================================================
def make_chengzhong_fubiao():
    bk = Book('城中区2026年上半年工会工作统计.xlsx', 'chengzhong', '2026-Q2',
              '期别写作“2026年上半年”，四张表编号为“附表1—附表4”、工作表名是“组织建设情况”等中文名；表三参赛职工及其中非公企业职工以“万人次”（四位小数）填报，金额为万元')
    d = gen('chengzhong', 2026, 2, 1.18)
    wb = new_wb()

    def form(sheet, no, title, unit, rows, cols, tbl, lines=None):
        ws = wb.create_sheet(sheet)
        n = 2 + len(cols)
        oput(ws, 0, 0, f'附表{no}', box=False, bold=True)
        omerge(ws, 1, 0, 1, n - 1, f'城中区{title}（2026年上半年）', bold=True, size=15, box=False)
        oput(ws, 2, 0, '填报单位：城中区总工会', box=False)
        oput(ws, 2, n - 2, unit, box=False)
        oput(ws, 3, 0, '序号', bold=True, align='center')
        oput(ws, 3, 1, '项　目', bold=True, align='center')
        for k, (ind, h, fac, fm) in enumerate(cols):
            oput(ws, 3, 2 + k, h, bold=True, align='center')
        ws.row_dimensions[4].height = 40
        for i, (bd, label) in enumerate(rows):
            r = 4 + i
            oput(ws, r, 0, i if i else '', align='center')
            oput(ws, r, 1, label)
            for k, (ind, h, fac, fm) in enumerate(cols):
                v = d[tbl][bd][ind]
                bk.reg(sheet, r, 2 + k, ind, bd, v, fac)
                oput(ws, r, 2 + k, num(v, fac), fmt=fm)
        r = 4 + len(rows)
        for ind, label in (lines or []):
            oput(ws, r, 1, label)
            bk.reg(sheet, r, 2, ind, 'all', d['t4l'][ind])
            oput(ws, r, 2, num(d['t4l'][ind]), fmt='0')
            r += 1
        oput(ws, r + 1, 1, '填报人：韩雪　　　　审核人：唐志远　　　　报送时间：2026年7月6日', box=False)
        ws.column_dimensions['A'].width = 6
        ws.column_dimensions['B'].width = 24
        for k in range(len(cols)):
            ws.column_dimensions[openpyxl.utils.get_column_letter(3 + k)].width = 13

    form('组织建设情况', 1, '工会组织建设情况统计表', '单位：个、人', [(b, N1[b]) for b in T1_ROWS],
         [(c, H1[c] + '（' + U1[c] + '）', 1, '#,##0') for c in T1_COLS], 't1')
    form('会员发展情况', 2, '会员发展情况统计表', '单位：人',
         [('all', '合计'), ('female', '其中：女职工'), ('migrant', '　　　农民工'), ('new_forms', '　　　新就业形态劳动者'),
          ('truck', '　　　　其中：货车司机'), ('courier', '　　　　　　　快递员'), ('delivery', '　　　　　　　外卖配送员'),
          ('ride_hailing', '　　　　　　　网约车司机')],
         [(c, H2[c] + '（人）', 1, '#,##0') for c in T2_COLS], 't2')
    c3 = []
    for c in T3_COLS:
        if c in ('participants', 'participants_non_public'):
            c3.append((c, H3[c] + '（万人次）', WAN, '0.0000'))
        elif c in MONEY:
            c3.append((c, H3[c] + '（万元）', WAN, '#,##0.00'))
        else:
            c3.append((c, H3[c] + '（' + U3[c] + '）', 1, '#,##0'))
    form('劳动和技能竞赛', 3, '劳动和技能竞赛开展情况统计表', '单位：项、家、万人次、个、条、万元',
         [(b, N3[b]) for b in T3_ROWS], c3, 't3')
    form('帮扶慰问', 4, '困难职工帮扶和慰问情况统计表', '金额单位：万元', [(b, N4[b]) for b in T4_ROWS],
         [(c, H4[c] + '（' + U4[c] + '）', WAN if c in MONEY else 1, '#,##0.00' if c in MONEY else '#,##0')
          for c in T4_COLS], 't4',
         lines=[('hardship_households', '在档困难职工户数（户）'), ('hardship_exited_ytd', '本年解困脱困户数（户）')])
    wb.save(bk.path)


# ============================================================================================
# N. 西山区 2026-Q1: each form an Excel table (ListObject) with a total row "汇总",
#    表三 leaves out the industries without competitions
# ============================================================================================
def make_xishan_tables():
    bk = Book('西山区2026Q1.xlsx', 'xishan', '2026-Q1',
              '每张表都是Excel“表格”（套用表格格式、筛选按钮），合计是表格底部的“汇总”行（SUBTOTAL公式带缓存值）；表三只列有竞赛的行业，卫生和社会工作、其他两行没有；期别只在标题“2026年第一季度”')
    d = gen('xishan', 2026, 1, 0.95, t3_zero=('health', 'other'))
    wb = xlsxwriter.Workbook(str(bk.path))
    ttl = wb.add_format({'bold': True, 'font_size': 14})
    n0 = wb.add_format({'num_format': '#,##0'})
    n2 = wb.add_format({'num_format': '#,##0.00'})

    def table(sheet, title, label_head, rows, cols, tbl, style, lines=None):
        ws = wb.add_worksheet(sheet)
        ws.write(0, 0, f'西山区总工会2026年第一季度　{title}', ttl)
        ws.write(1, 0, '单位：个、人；金额：万元')
        top = 2
        data = []
        for bd, label in rows:
            rec = [label]
            for ind, h, fac in cols:
                rec.append(num(d[tbl][bd][ind], fac))
            data.append(rec)
        columns = [{'header': label_head, 'total_string': '汇总'}]
        for k, (ind, h, fac) in enumerate(cols):
            tot = d[tbl]['all'][ind]
            columns.append({'header': h, 'total_function': 'sum', 'format': n2 if fac != 1 else n0,
                            'total_value': sum(x[1 + k] for x in data)})
        last = top + len(rows) + 1
        ws.add_table(top, 0, last, len(cols), {'data': data, 'columns': columns, 'total_row': True,
                                               'style': style, 'name': 'T_' + sheet})
        for i, (bd, label) in enumerate(rows):
            for k, (ind, h, fac) in enumerate(cols):
                bk.reg(sheet, top + 1 + i, 1 + k, ind, bd, d[tbl][bd][ind], fac)
        for k, (ind, h, fac) in enumerate(cols):
            bk.reg(sheet, last, 1 + k, ind, 'all', d[tbl]['all'][ind], fac)
        r = last + 1
        for ind, label in (lines or []):
            r += 1
            ws.write(r, 0, label)
            bk.reg(sheet, r, 1, ind, 'all', d['t4l'][ind])
            ws.write_number(r, 1, num(d['t4l'][ind]), n0)
        ws.write(r + 2, 0, '填表：杜鹃　审核：郝建军')
        ws.set_column(0, 0, 22)
        ws.set_column(1, len(cols), 14)

    table('组织建设', '工会组织建设情况', '单位类型', [(b, N1[b]) for b in T1_ROWS[1:]],
          [(c, H1[c].replace('其中：', '其中:'), 1) for c in T1_COLS], 't1', 'Table Style Medium 2')
    # 表二's rows are not parts of a whole: the 合计 is an ordinary first row here, no total row
    ws = wb.add_worksheet('会员发展')
    ws.write(0, 0, '西山区总工会2026年第一季度　会员发展情况', ttl)
    ws.write(1, 0, '单位：人')
    rows2 = [('all', '全部会员'), ('female', '其中:女职工'), ('migrant', '其中:农民工'), ('new_forms', '其中:新就业形态劳动者'),
             ('truck', '  #货车司机'), ('courier', '  #快递员'), ('delivery', '  #外卖配送员'), ('ride_hailing', '  #网约车司机')]
    data = [[label] + [num(d['t2'][b][c]) for c in T2_COLS] for b, label in rows2]
    ws.add_table(2, 0, 2 + len(rows2), len(T2_COLS), {
        'data': data, 'columns': [{'header': '人员类别'}] + [{'header': H2[c], 'format': n0} for c in T2_COLS],
        'style': 'Table Style Medium 4', 'name': 'T_会员发展'})
    for i, (b, label) in enumerate(rows2):
        for k, c in enumerate(T2_COLS):
            bk.reg('会员发展', 3 + i, 1 + k, c, b, d['t2'][b][c])
    ws.write(13, 0, '填表：杜鹃　审核：郝建军')
    ws.set_column(0, 0, 22)
    ws.set_column(1, 6, 14)
    table('劳动竞赛', '劳动和技能竞赛开展情况', '行业', [(b, N3[b]) for b in T3_ROWS[1:] if b not in ('health', 'other')],
          [(c, H3[c].replace('其中：', '其中:') + ('（万元）' if c in MONEY else ''), WAN if c in MONEY else 1)
           for c in T3_COLS], 't3', 'Table Style Light 9')
    table('帮扶慰问', '困难职工帮扶和慰问情况', '帮扶类别', [(b, N4[b]) for b in T4_ROWS[1:]],
          [(c, H4[c].replace('其中：', '其中:') + ('（万元）' if c in MONEY else ''), WAN if c in MONEY else 1)
           for c in T4_COLS], 't4', 'Table Style Medium 7',
          lines=[('hardship_households', '在档困难职工户数（户）'), ('hardship_exited_ytd', '本年解困脱困户数（户）')])
    wb.close()


# ============================================================================================
# rejects
# ============================================================================================
def make_jingkai_2023():
    bk = Book('经开区补报2023年四季度统计数据.xlsx', 'jingkai', '2023-Q4',
              '拒收：经开区补报成立前的“2023年第四季度”（表一!A1等标题），登记册规定经开区2024-Q1起才报送，其单位当期仍在城中区的报表里，入库会与城中区重复计算；应退回并提示按城中区口径处理',
              expect='reject')
    d = gen('jingkai', 2023, 4, 0.33)
    wb = new_wb()
    for sheet, title, rows, heads, tbl in (
            ('表一', '工会组织建设情况统计表', [(b, N1[b]) for b in T1_ROWS], [(c, H1[c], 1) for c in T1_COLS], 't1'),
            ('表二', '会员发展情况统计表', [(b, N2[b] if b in ('all', 'truck') else N2[b]) for b in T2_ROWS],
             [(c, H2[c], 1) for c in T2_COLS], 't2'),
            ('表三', '劳动和技能竞赛开展情况统计表', [(b, N3[b]) for b in T3_ROWS],
             [(c, H3[c] + ('（万元）' if c in MONEY else ''), WAN if c in MONEY else 1) for c in T3_COLS], 't3'),
            ('表四', '困难职工帮扶和慰问情况统计表', [(b, N4[b]) for b in T4_ROWS],
             [(c, H4[c] + ('（万元）' if c in MONEY else ''), WAN if c in MONEY else 1) for c in T4_COLS], 't4')):
        ws = wb.create_sheet(sheet)
        n = 1 + len(heads)
        omerge(ws, 0, 0, 0, n - 1, f'示例经济技术开发区2023年第四季度{title}（补报）', bold=True, size=14, box=False)
        oput(ws, 1, 0, '填报单位：示例经济技术开发区总工会', box=False)
        oput(ws, 2, 0, '项目', bold=True)
        for k, (ind, h, fac) in enumerate(heads):
            oput(ws, 2, 1 + k, h, bold=True, align='center')
        for i, (bd, label) in enumerate(rows):
            oput(ws, 3 + i, 0, label if i == 0 or tbl != 't2' else '　' + label)
            for k, (ind, h, fac) in enumerate(heads):
                oput(ws, 3 + i, 1 + k, num(d[tbl][bd][ind], fac))
        if tbl == 't4':
            r = 3 + len(rows)
            oput(ws, r, 0, '在档困难职工户数（户）')
            oput(ws, r, 1, num(d['t4l']['hardship_households']))
            oput(ws, r + 1, 0, '本年解困脱困户数（户）')
            oput(ws, r + 1, 1, num(d['t4l']['hardship_exited_ytd']))
        oput(ws, 14, 0, '说明：为便于同比，按现辖范围补报2023年四季度数据。', box=False)
        widths(ws, 22, 12, n)
    bk.bad.append(('表一', 0, 0, '示例经济技术开发区2023年第四季度工会组织建设情况统计表（补报）'))
    wb.save(bk.path)


def make_donghu_percent():
    bk = Book('东湖区2025年四季度会员发展情况.xlsx', 'donghu', '2025-Q4',
              '拒收：单报表二，“本年累计新发展会员”一栏填成了完成进度百分比（表二!{cell} 为{v}，显示“{p}”，以下各行同；是把“完成年度任务”列粘进了人数列），人数栏不能是百分数或小数',
              expect='reject')
    d = gen('donghu', 2025, 4, 1.08)
    wb = new_wb()
    ws = wb.create_sheet('表二')
    omerge(ws, 0, 0, 0, 6, '东湖区2025年第四季度会员发展情况统计表', bold=True, size=14, box=False)
    oput(ws, 1, 0, '填报单位：东湖区总工会', box=False)
    oput(ws, 2, 0, '人员类别', bold=True, align='center')
    for k, c in enumerate(T2_COLS):
        oput(ws, 2, 1 + k, H2[c] + '（人）', bold=True, align='center')
    labels = {'all': '合计', 'female': '其中：女职工', 'migrant': '　　　农民工', 'new_forms': '　　　新就业形态劳动者',
              'truck': '　　　　其中：货车司机', 'courier': '　　　　　　　快递员', 'delivery': '　　　　　　　外卖配送员',
              'ride_hailing': '　　　　　　　网约车司机'}
    for i, b in enumerate(T2_ROWS):
        r = 3 + i
        oput(ws, r, 0, labels[b])
        for k, c in enumerate(T2_COLS):
            row = d['t2'][b]
            if c == 'joined_ytd':
                v = round(float(row['joined_ytd'] / row['joined_target']), 2)
                oput(ws, r, 1 + k, v, fmt='0%')
                if i == 0:
                    bk.bad.append(('表二', r, 1 + k, v))
                    bk.style = bk.style.format(cell=xl_rowcol_to_cell(r, 1 + k), v=v, p=f'{v:.0%}')
            else:
                oput(ws, r, 1 + k, num(row[c]), fmt='#,##0')
    oput(ws, 12, 0, '填表人：张敏　　审核人：李国强', box=False)
    widths(ws, 24, 14, 7)
    wb.save(bk.path)


def make_linjiang_wan():
    bk = Book('临江县2025年二季度统计报表.xlsx', 'linjiang', '2025-Q2',
              '拒收：表一非公有制企业的会员人数写成“{v}”（表一!{cell}），是约数而不是人数，须请临江县填报准确数字；其余各表正常',
              expect='reject')
    d = gen('linjiang', 2025, 2, 0.95)
    wb = new_wb()
    for sheet, title, rows, cols, tbl in (
            ('表一', '工会组织建设情况', [(b, N1[b]) for b in T1_ROWS], [(c, H1[c]) for c in T1_COLS], 't1'),
            ('表二', '会员发展情况', [(b, N2[b]) for b in T2_ROWS], [(c, H2[c]) for c in T2_COLS], 't2'),
            ('表三', '劳动和技能竞赛开展情况', [(b, N3[b]) for b in T3_ROWS],
             [(c, H3[c] + ('（万元）' if c in MONEY else '')) for c in T3_COLS], 't3'),
            ('表四', '困难职工帮扶和慰问情况', [(b, N4[b]) for b in T4_ROWS],
             [(c, H4[c] + ('（万元）' if c in MONEY else '')) for c in T4_COLS], 't4')):
        ws = wb.create_sheet(sheet)
        n = 1 + len(cols)
        omerge(ws, 0, 0, 0, n - 1, f'临江县2025年第二季度{title}统计表', bold=True, size=14, box=False)
        oput(ws, 1, 0, '填报单位：临江县总工会', box=False)
        oput(ws, 2, 0, '项目', bold=True)
        for k, (ind, h) in enumerate(cols):
            oput(ws, 2, 1 + k, h, bold=True, align='center')
        for i, (bd, label) in enumerate(rows):
            oput(ws, 3 + i, 0, label if tbl != 't2' or i == 0 else ('　其中：' if i in (1, 4) else '　　　') + label)
            for k, (ind, h) in enumerate(cols):
                v = num(d[tbl][bd][ind], WAN if ind in MONEY else 1)
                if tbl == 't1' and bd == 'non_public' and ind == 'members':
                    v = '%.1f万' % (float(d[tbl][bd][ind]) / 10000)
                    bk.bad.append((sheet, 3 + i, 1 + k, v))
                    bk.style = bk.style.format(v=v, cell=xl_rowcol_to_cell(3 + i, 1 + k))
                oput(ws, 3 + i, 1 + k, v)
        if tbl == 't4':
            r = 3 + len(rows)
            oput(ws, r, 0, '在档困难职工户数（户）')
            oput(ws, r, 1, num(d['t4l']['hardship_households']))
            oput(ws, r + 1, 0, '本年解困脱困户数（户）')
            oput(ws, r + 1, 1, num(d['t4l']['hardship_exited_ytd']))
        widths(ws, 22, 12, n)
    wb.save(bk.path)


def make_nangang_two_cols():
    bk = Book('南港区2025年三季度帮扶情况.xlsx', 'nangang', '2025-Q3',
              '拒收：单报表四但只有“帮扶户数”“帮扶金额（元）”两栏（表四!B3:C3），缺帮扶人次、资金来源三栏和两行单项数，八项指标只有两项，不足一半，须按表四全表重报',
              expect='reject')
    d = gen('nangang', 2025, 3, 1.0, mq4=1)
    wb = new_wb()
    ws = wb.create_sheet('表四')
    omerge(ws, 0, 0, 0, 2, '南港区2025年1-9月困难职工帮扶情况', bold=True, size=14, box=False)
    oput(ws, 1, 0, '填报单位：南港区总工会', box=False)
    for k, h in enumerate(('帮扶类别', '帮扶户数（户）', '帮扶金额（元）')):
        oput(ws, 2, k, h, bold=True, align='center')
    for i, b in enumerate(T4_ROWS):
        oput(ws, 3 + i, 0, N4[b])
        oput(ws, 3 + i, 1, num(d['t4'][b]['aid_households']))
        oput(ws, 3 + i, 2, num(d['t4'][b]['aid_amount']), fmt='#,##0')
    oput(ws, 12, 0, '填表人：孙丽', box=False)
    bk.bad.append(('表四', 2, 2, '帮扶金额（元）'))
    widths(ws, 22, 16, 3)
    wb.save(bk.path)


# --------------------------------------------------------------------------------------------
MAKERS = [make_donghu_yoy, make_xishan_analysis, make_nangang_groups, make_baisha_daterange, make_chengzhong_oa,
          make_gaoxin_template, make_jingkai_grid, make_yuntai_t4, lambda: make_qingshi(False),
          lambda: make_qingshi(True), make_linjiang_cover, make_chengzhong_fubiao, make_xishan_tables,
          make_jingkai_2023, make_donghu_percent, make_linjiang_wan, make_nangang_two_cols]


def build():
    Book.all_books.clear()
    if FILES.exists():
        shutil.rmtree(FILES)
    FILES.mkdir(parents=True)
    for m in MAKERS:
        m()
    with open(HERE / 'expected.csv', 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['file', 'district', 'period', 'indicator', 'breakdown', 'value'])
        for bk in Book.all_books:
            if bk.expect == 'accept':
                w.writerows(bk.rows())
    with open(HERE / 'manifest.csv', 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['file', 'expect', 'corrects', 'style'])
        for bk in Book.all_books:
            w.writerow([bk.name, bk.expect, bk.corrects, bk.style])
    return Book.all_books


# --------------------------------------------------------------------------------------------
# read-back check (python-calamine, never the product)
# --------------------------------------------------------------------------------------------
def shown(v):
    """A cell as a person reads it: numbers to 15 significant digits, text trimmed, dashes = 0."""
    if isinstance(v, bool):
        raise ValueError(v)
    if isinstance(v, (int, float)):
        return D(f'{v:.15g}')
    s = str(v).strip().replace(',', '')
    if s in ('', '-', '—', '/'):
        return D(0)
    return D(s)


def check(books):
    from python_calamine import CalamineWorkbook
    bad = 0
    n = 0
    for bk in books:
        wb = CalamineWorkbook.from_path(str(bk.path))
        grids = {}

        def cell(sheet, r, c):
            if sheet not in grids:
                grids[sheet] = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            g = grids[sheet]
            return g[r][c] if r < len(g) and c < len(g[r]) else ''

        for sheet, r, c, ind, bd, v, fac, ex in bk.cells:
            raw = cell(sheet, r, c)
            got = shown(ex(raw) if ex else raw) * fac
            n += 1
            if got != v:
                bad += 1
                print(f'MISMATCH {bk.name} {sheet}!{r},{c} {ind}/{bd}: file {raw!r} -> {got}, expected {v}')
        for sheet, r, c, raw in bk.bad:
            if cell(sheet, r, c) != raw:
                bad += 1
                print(f'REJECT CELL {bk.name} {sheet}!{r},{c}: {cell(sheet, r, c)!r} != {raw!r}')
        # the hard checks on what is expected
        if bk.expect == 'accept':
            obs = {(i, b): v for _, _, _, i, b, v, _, _ in bk.cells}
            g = lambda i, b: obs.get((i, b), D(0))
            for b in T1_ROWS:
                assert g('units_unionized', b) <= g('units_total', b)
                assert g('members_female', b) <= g('members', b) and g('members_migrant', b) <= g('members', b)
                assert g('unions_joint', b) <= g('unions', b)
            for c in T2_COLS:
                assert sum(g(c, b) for b in ('truck', 'courier', 'delivery', 'ride_hailing')) <= g(c, 'new_forms')
                assert all(g(c, b) <= g(c, 'all') for b in ('female', 'migrant', 'new_forms'))
            for b in T3_ROWS:
                assert g('participants_non_public', b) <= g('participants', b)
                assert g('suggestions_adopted', b) <= g('suggestions_made', b)
            for b in T4_ROWS:
                assert sum(g(c, b) for c in T4_COLS[3:]) <= g('aid_amount', b)
            for rows, cols in ((T1_ROWS, T1_COLS), (T3_ROWS, T3_COLS), (T4_ROWS, T4_COLS)):
                for c in cols:
                    if (c, 'all') in obs:
                        parts = sum(g(c, b) for b in rows[1:])
                        assert parts == obs[(c, 'all')], (bk.name, c)
            assert all(v >= 0 for v in obs.values())
    print(f'checked {n} registered cells in {len(books)} files: {bad} problems')
    return bad == 0


if __name__ == '__main__':
    books = build()
    acc = [b for b in books if b.expect == 'accept']
    print(f'{len(books)} files ({len(acc)} accept, {len(books) - len(acc)} reject), '
          f'{sum(len(b.cells) for b in acc)} observations')
    if '--check' in sys.argv:
        sys.exit(0 if check(books) else 1)
