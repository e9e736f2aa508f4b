"""Foreign corpus "other_years": returns written from DOMAIN.md only (no product code read).

Run from /work/main:  .venv/bin/python -m tests.foreign.other_years.build
Uses openpyxl (most files), a hand-written zip for the Numbers/Excel-for-Mac export with
inline strings, and the csv module for the semicolon CSV. Nothing else installed.
"""
import csv
import random
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"

# ---------------------------------------------------------------- dictionary (from DOMAIN.md)
T1_ROWS = [("all", "合计"), ("government", "机关"), ("institution", "事业单位"), ("soe", "国有企业"),
           ("collective", "集体企业"), ("non_public", "非公有制企业"), ("social_org", "社会组织")]
T1_COLS = [("units_total", "应建会单位数（个）"), ("units_unionized", "已建会单位数（个）"),
           ("unionization_rate", "建会率（%）"), ("unions", "基层工会数（个）"),
           ("unions_joint", "其中：联合基层工会（个）"), ("employees", "职工人数（人）"),
           ("employees_in_unionized", "已建会单位职工人数（人）"), ("members", "会员人数（人）"),
           ("members_female", "其中：女会员（人）"), ("members_migrant", "其中：农民工会员（人）"),
           ("membership_rate", "入会率（%）"), ("unions_new_ytd", "本年新建基层工会数（个）")]
T2_ROWS = [("all", "合计"), ("female", "其中：女职工"), ("migrant", "　　　农民工"),
           ("new_forms", "　　　新就业形态劳动者"), ("truck", "　　　　其中：货车司机"),
           ("courier", "　　　　　　　快递员"), ("delivery", "　　　　　　　外卖配送员"),
           ("ride_hailing", "　　　　　　　网约车司机")]
T2_COLS = [("members_start", "期初会员数（人）"), ("members_joined", "本期新发展会员（人）"),
           ("members_left", "本期减少会员（人）"), ("members_end", "期末会员数（人）"),
           ("joined_ytd", "本年累计新发展会员（人）"), ("joined_target", "年度发展任务（人）"),
           ("target_progress", "完成年度任务（%）")]
T3_ROWS = [("all", "合计"), ("manufacturing", "制造业"), ("construction", "建筑业"),
           ("transport", "交通运输、仓储和邮政业"), ("utilities", "电力、热力、燃气及水生产和供应业"),
           ("it", "信息传输、软件和信息技术服务业"), ("trade", "批发和零售业"),
           ("health", "卫生和社会工作"), ("other", "其他")]
T3_COLS = [("competitions", "竞赛项目数（项）"), ("units_participating", "参赛单位数（家）"),
           ("participants", "参赛职工（人次）"), ("participants_non_public", "其中：非公企业职工（人次）"),
           ("key_projects", "其中：重点工程项目（个）"), ("suggestions_made", "合理化建议提出（条）"),
           ("suggestions_adopted", "合理化建议采纳实施（条）"), ("innovations", "技术革新成果（项）"),
           ("pioneer_awards", "工人先锋号（个）"), ("economic_benefit", "创经济效益（万元）")]
T4_ROWS = [("all", "合计"), ("living", "生活救助"), ("medical", "医疗救助"),
           ("education", "助学救助（金秋助学）"), ("employment", "就业帮扶"), ("warmth", "送温暖慰问"),
           ("frontline", "一线职工慰问"), ("other", "其他")]
T4_COLS = [("aid_households", "帮扶户数（户）"), ("aid_person_times", "帮扶人次（人次）"),
           ("aid_amount", "帮扶金额（万元）"), ("aid_amount_union_funds", "其中：工会经费（万元）"),
           ("aid_amount_fiscal", "其中：财政资金（万元）"), ("aid_amount_donations", "其中：社会捐助（万元）")]
T4_LINES = [("hardship_households", "在档困难职工户数（户）"), ("hardship_exited_ytd", "本年解困脱困户数（户）")]
FORMS = {
    "表一": (T1_ROWS, T1_COLS, "工会组织建设情况统计表"),
    "表二": (T2_ROWS, T2_COLS, "会员发展情况统计表"),
    "表三": (T3_ROWS, T3_COLS, "劳动和技能竞赛开展情况统计表"),
    "表四": (T4_ROWS, T4_COLS, "困难职工帮扶和慰问情况统计表"),
}
DERIVED = {"unionization_rate", "membership_rate", "target_progress"}
MONEY = {"economic_benefit", "aid_amount", "aid_amount_union_funds", "aid_amount_fiscal",
         "aid_amount_donations"}
RATES = {"unionization_rate": ("units_unionized", "units_total"),
         "membership_rate": ("members", "employees_in_unionized"),
         "target_progress": ("joined_ytd", "joined_target")}


# ---------------------------------------------------------------- consistent numbers
def gen(seed, q):
    """All four forms for one district-quarter; money in 元 (multiples of 100)."""
    rng = random.Random(seed)
    R = rng.randint
    d = {"表一": {}, "表二": {}, "表三": {}, "表四": {}}
    # 表一
    spec = {"government": (60, 120, 35, 0), "institution": (150, 300, 55, 0.05),
            "soe": (40, 90, 260, 0.2), "collective": (20, 60, 45, 0.3),
            "non_public": (500, 900, 110, 0.45), "social_org": (40, 120, 20, 0.05)}
    for ut, (lo, hi, per, mig) in spec.items():
        tot = R(lo, hi)
        uni = tot if ut == "government" else int(tot * rng.uniform(.84, .98))
        unions = int(uni * rng.uniform(.7, .9)) if ut == "non_public" else uni - R(0, 3)
        joint = R(25, 70) if ut == "non_public" else R(0, 2)
        emp = int(tot * per * rng.uniform(.8, 1.2))
        eiu = int(emp * rng.uniform(.86, .97))
        mem = int(eiu * rng.uniform(.9, .99))
        d["表一"][ut] = dict(units_total=tot, units_unionized=uni, unions=unions, unions_joint=joint,
                            employees=emp, employees_in_unionized=eiu, members=mem,
                            members_female=int(mem * rng.uniform(.36, .55)),
                            members_migrant=int(mem * mig * rng.uniform(.8, 1.1)),
                            unions_new_ytd=(R(8, 20) * q if ut == "non_public" else R(0, 2) * (q > 1)))
    d["表一"]["all"] = {k: sum(d["表一"][u][k] for u in spec) for k in d["表一"]["government"]}
    # 表二
    t2 = d["表二"]
    def row2(start, joined, left, ytd_extra, target):
        return dict(members_start=start, members_joined=joined, members_left=left,
                    members_end=start + joined - left, joined_ytd=joined + ytd_extra, joined_target=target)
    for g in ("truck", "courier", "delivery", "ride_hailing"):
        j = R(20, 260)
        t2[g] = row2(R(300, 2600), j, R(5, 90), R(40, 300) * (q - 1), R(400, 900) + (q * 150))
    ex = [R(400, 2500), R(40, 300)]
    ex.append(R(0, ex[1]))
    sub = ("truck", "courier", "delivery", "ride_hailing")
    s = {k: sum(t2[g][k] for g in sub) for k in ("members_start", "members_joined", "members_left",
                                                  "joined_ytd", "joined_target")}
    t2["new_forms"] = row2(s["members_start"] + ex[0], s["members_joined"] + ex[1],
                           s["members_left"] + ex[2], s["joined_ytd"] - s["members_joined"] + R(50, 400) * (q - 1),
                           s["joined_target"] + R(200, 800))
    start, joined, left = R(135000, 175000), R(1800, 4200), R(800, 1900)
    t2["all"] = row2(start, joined, left, sum(R(1500, 3500) for _ in range(q - 1)), R(7000, 12000))
    for g, f in (("female", rng.uniform(.42, .5)), ("migrant", rng.uniform(.22, .3))):
        t2[g] = row2(int(start * f), int(joined * f), int(left * f),
                     int((t2["all"]["joined_ytd"] - joined) * f), int(t2["all"]["joined_target"] * f))
    # 表三
    for ind, _ in T3_ROWS[1:]:
        if ind in ("health", "it") and rng.random() < .5:
            d["表三"][ind] = {c: 0 for c, _ in T3_COLS if c not in DERIVED}
            continue
        p = R(200, 6000) * q
        sm = R(20, 400) * q
        d["表三"][ind] = dict(competitions=R(2, 25), units_participating=R(5, 120), participants=p,
                             participants_non_public=int(p * rng.uniform(.2, .8)), key_projects=R(0, 8),
                             suggestions_made=sm, suggestions_adopted=int(sm * rng.uniform(.3, .7)),
                             innovations=R(0, 60), pioneer_awards=R(0, 5),
                             economic_benefit=R(500, 90000) * 100)
    d["表三"]["all"] = {k: sum(d["表三"][i][k] for i, _ in T3_ROWS[1:]) for k in d["表三"]["manufacturing"]}
    # 表四
    per_hh = {"living": (1500, 3000), "medical": (3000, 8000), "education": (2000, 4000),
              "employment": (500, 1500), "warmth": (1500, 2500), "frontline": (200, 600), "other": (300, 1000)}
    hh_rng = {"living": (150, 400), "medical": (60, 200), "education": (40, 150), "employment": (20, 90),
              "warmth": (400, 900), "frontline": (800, 3000), "other": (10, 60)}
    for cat, (lo, hi) in per_hh.items():
        hh = R(*hh_rng[cat]) * (q + 1) // 2
        amt = hh * R(lo, hi) // 100 * 100
        uf = int(amt * rng.uniform(.5, .7)) // 100 * 100
        fi = int(amt * rng.uniform(.1, .25)) // 100 * 100
        do = max(0, amt - uf - fi - R(0, 20) * 100)
        d["表四"][cat] = dict(aid_households=hh, aid_person_times=hh + R(0, hh // 3), aid_amount=amt,
                             aid_amount_union_funds=uf, aid_amount_fiscal=fi, aid_amount_donations=do)
    d["表四"]["all"] = {k: sum(d["表四"][c][k] for c in per_hh) for k in d["表四"]["living"]}
    d["表四_lines"] = dict(hardship_households=R(300, 900), hardship_exited_ytd=R(5, 30) * q)
    return d


def dec_str(v):
    s = format(Decimal(v).normalize(), "f")
    return s


def rate(data_row, col):
    n, dd = RATES[col]
    if not data_row[dd]:
        return None
    return round(data_row[n] / data_row[dd] * 100, 2)


# ---------------------------------------------------------------- one form -> grid
def form_grid(form, data, o, lines=None):
    """Returns rows (list of lists), merges (list of (r1,c1,r2,c2) 1-based), obs list."""
    rows_def, cols_def, name = FORMS[form]
    rows_def = [(c, o.get("row_labels", {}).get(c, l)) for c, l in rows_def if c in o.get("rows", [c])]
    if form == "表四" and o.get("no_frontline"):
        rows_def = [r for r in rows_def if r[0] != "frontline"]
    if form == "表二" and o.get("no_new_forms"):
        rows_def = [r for r in rows_def if r[0] in ("all", "female", "migrant")]
    cols_def = [(c, o.get("col_labels", {}).get(c, l)) for c, l in cols_def]
    if o.get("money_unit") == "元":
        cols_def = [(c, l.replace("万元", "元")) for c, l in cols_def]
    ncol = len(cols_def) + 1
    grid, merges, obs = [], [], []
    grid.append([o["title"] % {"name": name}] + [None] * (ncol - 1))
    merges.append((1, 1, 1, ncol))
    info = [o.get("info", "填报单位（盖章）：")] + [None] * (ncol - 1)
    info[-2] = o.get("date", "")
    grid.append(info)
    grid.append([o.get("corner", "项目")] + [l for _, l in cols_def])
    for rc, label in rows_def:
        vals = data[form][rc]
        row = [label]
        for cc, _ in cols_def:
            if cc in DERIVED:
                rv = rate(vals, cc)
                row.append(("%.2f%%" % rv) if (o.get("pct_text") and rv is not None) else rv)
                continue
            v = vals[cc]
            obs.append((rc, cc, v))
            if v == 0:
                row.append(o.get("zero", "-"))
            elif cc in MONEY:
                if o.get("money_unit") == "元":
                    row.append("{:,.2f}".format(v) if o.get("money_text") else v)
                else:
                    row.append(float(Decimal(v) / 10000))
            elif o.get("thousands_text", set()) and cc in o["thousands_text"]:
                row.append("{:,}".format(v))
            else:
                row.append(v)
        grid.append(row)
        how = o.get("merge_rows", {}).get(rc)
        if how:
            r = len(grid)
            grid.append([None] * ncol)
            merges.append((r, 1, r + 1, 1))
            if how == "both":
                for c in range(2, ncol + 1):
                    merges.append((r, c, r + 1, c))
    if form == "表四":
        grid.append([None] * ncol)
        for lc, ll in T4_LINES:
            v = data["表四_lines"][lc]
            obs.append(("all", lc, v))
            grid.append([ll + "：", v] + [None] * (ncol - 2))
    grid.append([o.get("footer", "填表人：王丽　　审核人：陈志刚　　联系电话：0797-8123456")] + [None] * (ncol - 1))
    return grid, merges, obs


# ---------------------------------------------------------------- writers
def write_openpyxl(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sname, grid, merges in sheets:
        ws = wb.create_sheet(sname)
        for r, row in enumerate(grid, 1):
            for c, v in enumerate(row, 1):
                if v is not None:
                    ws.cell(r, c, v)
        for r1, c1, r2, c2 in merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.column_dimensions["A"].width = 30
        for c in range(2, len(grid[2]) + 1):
            ws.column_dimensions[get_column_letter(c)].width = 13
            ws.cell(3, c).alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    wb.save(path)


def write_inline_xlsx(path, sheets):
    """Like an Excel-for-Mac / Numbers export: every text cell is t="inlineStr", no sharedStrings."""
    def sheet_xml(grid, merges):
        out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
               '<sheetData>']
        for r, row in enumerate(grid, 1):
            cells = []
            for c, v in enumerate(row, 1):
                ref = "%s%d" % (get_column_letter(c), r)
                if v is None:
                    continue
                if isinstance(v, str):
                    cells.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(v)))
                else:
                    cells.append('<c r="%s" t="n"><v>%s</v></c>' % (ref, repr(v)))
            if cells:
                out.append('<row r="%d">%s</row>' % (r, "".join(cells)))
        out.append("</sheetData>")
        if merges:
            out.append('<mergeCells count="%d">' % len(merges))
            for r1, c1, r2, c2 in merges:
                out.append('<mergeCell ref="%s%d:%s%d"/>' % (get_column_letter(c1), r1, get_column_letter(c2), r2))
            out.append("</mergeCells>")
        out.append("</worksheet>")
        return "".join(out)
    ct = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>']
    wb = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>']
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for i, (sname, grid, merges) in enumerate(sheets, 1):
            z.writestr("xl/worksheets/sheet%d.xml" % i, sheet_xml(grid, merges))
            ct.append('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % i)
            wb.append('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (escape(sname), i, i))
            rels.append('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/'
                        '2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (i, i))
        n = len(sheets) + 1
        rels.append('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/'
                    '2006/relationships/styles" Target="styles.xml"/>' % n)
        z.writestr("[Content_Types].xml", "".join(ct) + "</Types>")
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", "".join(wb) + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels", "".join(rels) + "</Relationships>")
        z.writestr("xl/styles.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   '<fonts count="1"><font><sz val="12"/><name val="Helvetica Neue"/></font></fonts>'
                   '<fills count="2"><fill><patternFill patternType="none"/></fill>'
                   '<fill><patternFill patternType="gray125"/></fill></fills>'
                   '<borders count="1"><border/></borders>'
                   '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                   '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
                   '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                   '</styleSheet>')


# ---------------------------------------------------------------- the returns
MANIFEST, EXPECTED = [], []


def workbook(fname, district, period, data, o, forms=("表一", "表二", "表三", "表四"), sheet_name=None,
             writer=write_openpyxl, expect="accept", corrects="", style="", per_form=None, tamper=None):
    sheets = []
    for f in forms:
        oo = dict(o, **(per_form or {}).get(f, {}))
        grid, merges, obs = form_grid(f, data, oo)
        if tamper and f in tamper:
            tamper[f](grid)
        sheets.append(((sheet_name or "%s").replace("%s", f) if not callable(sheet_name) else sheet_name(f),
                       grid, merges))
        if expect == "accept":
            for rc, cc, v in obs:
                EXPECTED.append((fname, district, period, cc, rc, dec_str(v)))
    writer(FILES / fname, sheets)
    MANIFEST.append((fname, expect, corrects, style))


def main():
    FILES.mkdir(exist_ok=True)
    for p in FILES.iterdir():
        p.unlink()

    # 1. 2024 template: 表二 without 新就业形态 rows, 表四 without 一线职工慰问 row
    d = gen(101, 4)
    d["表四"]["other"] = {k: d["表四"]["other"][k] + d["表四"]["frontline"][k] for k in d["表四"]["other"]}
    workbook("东湖区总工会2024年四季度统计报表.xlsx", "donghu", "2024-Q4", d,
             dict(title="东湖区2024年第四季度%(name)s", info="填报单位（盖章）：东湖区总工会",
                  date="填报日期：2025年1月8日", no_new_forms=True, no_frontline=True),
             style="用2024年旧模板填报：表二只有合计、女职工、农民工三行，没有新就业形态劳动者及其分项；表四没有“一线职工慰问”行（一线慰问并在“其他”里）。")

    # 2. 2026 template: delivery riders row written 网约配送员
    d = gen(102, 1)
    workbook("云台市2026年第一季度工会统计报表（2026版模板）.xlsx", "yuntai", "2026-Q1", d,
             dict(title="云台市2026年第一季度%(name)s", info="填报单位（盖章）：云台市总工会",
                  date="填报日期：2026年4月9日",
                  row_labels={"delivery": "　　　　　　　网约配送员", "ride_hailing": "　　　　　　　网约车驾驶员"}),
             sheet_name="%s（2026版）",
             style="2026年新模板：表二的外卖配送员一行写作“网约配送员”（国家职业分类名称），网约车司机写作“网约车驾驶员”，工作表名带“（2026版）”。")

    # 3. Numbers / Excel for Mac export, inline strings, alias name of 高新区
    d = gen(103, 2)
    workbook("高新区工会报表_2025Q2.xlsx", "gaoxin", "2025-Q2", d,
             dict(title="示例高新技术产业开发区2025年第二季度%(name)s",
                  info="填报单位：示例高新技术产业开发区工会", date="2025年7月6日", zero=0),
             sheet_name=lambda f: {"表一": "表一 组织建设", "表二": "表二 会员发展", "表三": "表三 劳动竞赛",
                                   "表四": "表四 帮扶慰问"}[f],
             writer=write_inline_xlsx,
             style="用Mac上的Numbers导出的xlsx：所有文字单元格是内联字符串（t=\"inlineStr\"），没有sharedStrings.xml，单位名称写全称“示例高新技术产业开发区”，零写成0。")

    # 4. district only in sheet names
    d = gen(104, 3)
    workbook("2025年三季度统计报表（报市总）.xlsx", "nangang", "2025-Q3", d,
             dict(title="2025年第三季度%(name)s", info="填报单位（盖章）：", date="填报日期：2025年10月10日"),
             sheet_name="南港区-%s",
             style="区名只出现在工作表名“南港区-表一”等里，标题、填报单位栏和文件名都没有区名。")

    # 5. 合计 off by a few (soft), then 6. its correction
    d = gen(105, 2)
    good = {f: {r: dict(v) for r, v in d[f].items()} for f in ("表一", "表二", "表三", "表四")}
    good["表四_lines"] = d["表四_lines"]
    d["表一"]["all"]["members"] -= 3
    d["表一"]["all"]["employees"] += 10
    d["表三"]["all"]["participants"] += 5
    d["表四"]["all"]["aid_person_times"] -= 2
    o5 = dict(title="青石县2025年1-6月%(name)s", info="填报单位（盖章）：青石县总工会", date="填报日期：2025年7月11日",
              zero="")
    workbook("青石县2025年1-6月工会统计报表.xlsx", "qingshi", "2025-Q2", d, o5,
             style="县里手工加的合计有几处差几个数（表一会员人数少3、职工人数多10，表三参赛职工多5，表四帮扶人次少2），零写成空白；合计按表内所写存。")
    workbook("青石县2025年1-6月工会统计报表（更正）.xlsx", "qingshi", "2025-Q2", good,
             dict(o5, date="填报日期：2025年7月15日"), corrects="青石县2025年1-6月工会统计报表.xlsx",
             style="青石县被市总指出合计对不上后重报的更正版：四处合计改成分项之和，其余不变。")

    # 7. money in 元 as text with thousands separators, rates as "98.50%" text
    d = gen(106, 1)
    workbook("白沙县2025年一季度报表.xlsx", "baisha", "2025-Q1", d,
             dict(title="白沙县2025年一季度%(name)s", info="填报单位（盖章）：白沙县总工会", date="单位：个、人、元",
                  money_unit="元", money_text=True, pct_text=True, zero="—",
                  thousands_text={"employees", "employees_in_unionized", "members", "members_start",
                                  "members_end", "participants"}),
             style="金额以元为单位、写成带千分位和两位小数的文本（“1,234,500.00”），人数也有带千分位的文本，建会率、入会率、完成年度任务写成“98.50%”文本，零写成“—”。")

    # 8. merged label cells spanning two rows
    d = gen(107, 3)
    workbook("临江县2026年1-9月统计报表.xlsx", "linjiang", "2026-Q3", d,
             dict(title="临江县2026年1-9月%(name)s", info="填报单位（盖章）：临江县总工会", date="填报日期：2026年10月9日"),
             per_form={"表一": {"merge_rows": {"non_public": "both"},
                                "row_labels": {"non_public": "非公有制企业（私营、港澳台、外商投资）"}},
                       "表三": {"merge_rows": {"utilities": "label", "it": "label"}}},
             style="标签列有跨两行的合并单元格：表一“非公有制企业（私营、港澳台、外商投资）”连同各数据格都上下合并两行；表三“电力、热力、燃气及水生产和供应业”“信息传输、软件和信息技术服务业”只合并了标签格，数据在上一行、下一行空着。")

    # 9. 表四 frontline row worded 夏送清凉、冬送温暖一线慰问
    d = gen(108, 4)
    workbook("城中区2025年度统计报表.xlsx", "chengzhong", "2025-Q4", d,
             dict(title="城中区2025年1-12月%(name)s", info="填报单位（盖章）：城中区总工会", date="填报日期：2026年1月12日"),
             per_form={"表四": {"row_labels": {"frontline": "夏送清凉、冬送温暖一线慰问",
                                              "warmth": "送温暖慰问（困难职工）"}}},
             style="表四的一线职工慰问行写作“夏送清凉、冬送温暖一线慰问”，送温暖行写作“送温暖慰问（困难职工）”，期别写“2025年1-12月”。")

    # 10. semicolon CSV, one form (表二), UTF-8 with BOM
    d = gen(109, 4)
    grid, _, obs = form_grid("表二", d, dict(title="西山区2025年第四季度%(name)s",
                                            info="填报单位：西山区总工会", date="导出时间：2026-01-07 09:12", zero=0))
    with open(FILES / "西山区2025年第四季度会员发展_导出.csv", "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        for row in grid:
            w.writerow(["" if v is None else v for v in row])
    for rc, cc, v in obs:
        EXPECTED.append(("西山区2025年第四季度会员发展_导出.csv", "xishan", "2025-Q4", cc, rc, dec_str(v)))
    MANIFEST.append(("西山区2025年第四季度会员发展_导出.csv", "accept", "",
                     "从会员实名制系统导出的CSV：UTF-8带BOM、分号分隔、只有表二一张表，数字不带千分位，格式上没有歧义所以应当接收。"))

    # 11. reject: "1.2e3" text in 表三
    d = gen(110, 2)
    d["表三"]["manufacturing"]["suggestions_made"] = 1200
    d["表三"]["all"]["suggestions_made"] = sum(d["表三"][i]["suggestions_made"] for i, _ in T3_ROWS[1:])
    def sci(grid):
        grid[4][6] = "1.2e3"   # 表三!G5 制造业 合理化建议提出
    workbook("经开区2025年二季度报表.xlsx", "jingkai", "2025-Q2", d,
             dict(title="示例经济技术开发区2025年第二季度%(name)s", info="填报单位（盖章）：示例经济技术开发区总工会",
                  date="填报日期：2025年7月8日"),
             tamper={"表三": sci}, expect="reject",
             style="拒收：表三!G5（制造业·合理化建议提出）是文本“1.2e3”，科学计数法写的数不是报表里的数字写法，须请经开区改成1200后重报。")

    # 12. reject: period 2025年第五季度
    d = gen(111, 4)
    workbook("东湖区2025年第五季度统计报表.xlsx", "donghu", "2025-Q5", d,
             dict(title="东湖区2025年第五季度%(name)s", info="填报单位（盖章）：东湖区总工会", date="填报日期：2026年1月6日"),
             expect="reject",
             style="拒收：表一!A1（及其他三表的A1、文件名）写“2025年第五季度”，不存在的期别，无法确定是哪个季度。")

    with open(HERE / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "expect", "corrects", "style"])
        w.writerows(MANIFEST)
    with open(HERE / "expected.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "district", "period", "indicator", "breakdown", "value"])
        w.writerows(EXPECTED)


if __name__ == "__main__":
    main()
