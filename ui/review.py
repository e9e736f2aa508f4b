"""Display frames for the upload review: what a file will store, its issues, and its diff."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from pandas.io.formats.style import Styler

from pipelines.grid import Sheet
from pipelines.match import Candidate
from pipelines.numbers import format_decimal
from pipelines.periods import Period
from pipelines.planning import FilePlan
from pipelines.registry import Registry

STATUS = {"new": "新报送", "supersede": "更正（替换旧版本）", "unchanged": "内容未变化"}


def _unit_value(reg: Registry, indicator: str, value: Decimal | None) -> str:
    if value is None:
        return "—"
    ind = reg.indicator(indicator)
    return f"{format_decimal(value)} {ind.unit}"


def returns_frame(reg: Registry, plan: FilePlan) -> pd.DataFrame:
    rows = []
    for r in plan.returns:
        ret = r.ret
        rows.append({
            "工作表": ret.sheet,
            "报表": reg.form(ret.form).title,
            "区县": reg.district(ret.district).name if ret.district else "（未识别）",
            "统计期": Period.parse_code(ret.period).label if ret.period else "（未识别）",
            "数据条数": len(ret.observations),
            "处理": STATUS.get(r.status, r.status) if plan.accepted else "不导入",
        })
    return pd.DataFrame(rows)


def preview_frame(reg: Registry, plan: FilePlan) -> pd.DataFrame:
    rows = []
    for r in plan.returns:
        dim = reg.form(r.ret.form).dimension
        for o in r.ret.observations:
            rows.append({
                "工作表": r.ret.sheet, "单元格": o.cell, "指标": reg.indicator(o.indicator).name,
                "分组": reg.breakdown(dim, o.breakdown).name, "数值": _unit_value(reg, o.indicator, o.value),
            })
    return pd.DataFrame(rows)


def issues_frame(plan: FilePlan) -> pd.DataFrame:
    return pd.DataFrame([
        {"严重程度": "错误" if i.severity == "error" else "提醒", "位置": i.where or plan.display_name, "问题": i.message, "处理办法": i.advice}
        for i in plan.all_issues
    ])


def show_problems(frame: pd.DataFrame, index: str, rows_in_view: int = 60, nowrap: tuple[str, ...] = (),
                  min_em: dict[str, float] | None = None, key: str | None = None) -> None:
    """Problems as a static table, so 问题 and 处理办法 wrap and are read in full on a 1366 px screen
    (st.dataframe cuts a cell at its column's width); a long list scrolls inside a box of fixed height.
    The headers and the short columns named in `nowrap` stay on one line and the columns of `min_em` are
    at least that wide, leaving the rest of the width to the long ones (a container with `key` carries
    the rules: st.table takes no per-column style)."""
    import streamlit as st

    table = frame.set_index(index)
    box = st.container(key=key) if key else st.container()
    if key and (nowrap or min_em):
        def cell(c: str) -> str:
            return f".st-key-{key} tbody tr > :nth-child({list(table.columns).index(c) + 2})"

        rules = [f".st-key-{key} thead th *, .st-key-{key} tbody th *"
                 + "".join(f", {cell(c)} *" for c in nowrap) + " { white-space: nowrap !important; }"]
        rules += [f"{cell(c)} {{ min-width: {em}em; }}" for c, em in (min_em or {}).items()]
        box.html("<style>" + "\n".join(rules) + "</style>")
    if len(table) <= rows_in_view:
        box.table(table)
        return
    with box.container(height=600):
        st.table(table)


def diff_frame(reg: Registry, plan: FilePlan) -> pd.DataFrame:
    rows = []
    for r in plan.returns:
        dim = reg.form(r.ret.form).dimension
        for c in r.changes:
            rows.append({
                "报表": reg.form(r.ret.form).number, "单元格": c.cell, "指标": reg.indicator(c.indicator).name,
                "分组": reg.breakdown(dim, c.breakdown).name, "原值": _unit_value(reg, c.indicator, c.old),
                "新值": _unit_value(reg, c.indicator, c.new),
            })
    return pd.DataFrame(rows)


def sheet_frame(sheet: Sheet, max_rows: int = 60, max_cols: int = 60) -> pd.DataFrame:
    """The sheet as the analyst sees it in Excel: column letters and row numbers."""
    from pipelines.grid import cell_text, column_letters

    rows = sheet.rows[:max_rows]
    # As wide as the rows shown hold values (a stray cell at XFD1048576 must not make 16,384 columns).
    width = min(max((max((c for c, v in enumerate(row) if v is not None), default=-1) + 1 for row in rows), default=0), max_cols)
    data = [[cell_text(v) for v in (list(row[:width]) + [None] * (width - len(row[:width])))] for row in rows]
    frame = pd.DataFrame(data, columns=[column_letters(c) for c in range(width)])
    frame.index = range(1, len(frame) + 1)
    return frame


def highlighted(frame: pd.DataFrame, cells: list[str]) -> Styler:
    """The sheet with the cells of a resubmission that changed marked in yellow."""
    import re

    marks = set()
    for cell in cells:
        m = re.fullmatch(r"([A-Z]+)(\d+)", cell)
        if m:
            marks.add((int(m.group(2)), m.group(1)))
    return frame.style.apply(
        lambda col: ["background-color: #FFE08A; font-weight: 600" if (row, col.name) in marks else "" for row in col.index], axis=0
    )


IGNORE_CHOICE = "（忽略此列，不导入）"


def teach_choices(reg: Registry, kind: str, scope: str, candidates: tuple[Candidate, ...]) -> dict[str, str]:
    """Choices for "这一列是：__": the pipeline's best candidates first, then every other option."""
    if kind == "header":
        every = [(i.code, i.name) for i in reg.indicators_of(scope) if i.layout != "none"]
    elif kind == "district":
        every = [(d.code, d.name) for d in reg.districts]
    else:
        every = [(b.code, b.name) for b in reg.breakdowns_of(scope)]
    names = dict(every)
    ordered = [c.code for c in candidates if c.code in names] + [code for code, _ in every]
    choices = {names[code]: code for code in dict.fromkeys(ordered)}
    if kind == "header":
        choices[IGNORE_CHOICE] = ""
    return choices


def aliases_frame(reg: Registry) -> pd.DataFrame:
    """Taught mappings for the 数据管理 page (the last column keys a removal)."""
    from pipelines.aliases import KINDS, list_aliases, target_name
    from ui.data import store

    frame = list_aliases(store())
    rows = []
    for r in frame.itertuples():
        scope = reg.form(r.scope).title if r.kind == "header" and r.scope else (r.scope or "—")
        rows.append({
            "类型": KINDS.get(r.kind, r.kind), "报表或分组": scope, "适用区县": reg.district(r.district).name if r.district else "所有区县",
            "报表中的写法": r.text, "对应": target_name(reg, r.kind, r.scope, r.target), "记住人": r.created_by,
            "时间": f"{r.created_at:%Y-%m-%d %H:%M}", "_key": (r.kind, r.scope, r.district, r.text),
        })
    return pd.DataFrame(rows, columns=["类型", "报表或分组", "适用区县", "报表中的写法", "对应", "记住人", "时间", "_key"])


# --- 数据疑点 (insights.flags): the upload review and 报送情况 -------------------------------------------------

FLAG_ADVICE = "只是提醒，不影响导入。请与区县核对这些数字；确认无误的，导入后可在“报送情况”页的“数据疑点”中标记为已核实。"


def plan_flags(reg: Registry, plans: list[FilePlan], uploads: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """The 数据疑点 the accepted files would raise once imported (insights.flags.flags_for_plans), kept for
    this session until the uploads or the stored data change (it takes about a second)."""
    import streamlit as st

    from insights.flags import flags_for_plans
    from ui.data import store

    s = store()
    with s.reading():
        key = (uploads, s.data_version())
        kept = st.session_state.get("_plan_flags")
        if kept is None or kept[0] != key:
            kept = st.session_state["_plan_flags"] = (key, flags_for_plans(s, reg, plans))
    return kept[1]


def flag_issues(found: pd.DataFrame, plan: FilePlan) -> pd.DataFrame:
    """A file's 数据疑点 as rows of its problems table: 提醒, where in this file, the evidence and what it
    was compared with, and that it does not block the import."""
    rows = []
    for r in found.itertuples(index=False):
        own = [s for s in r.sources if s.submission_id is None and s.file == plan.display_name]
        if not own:
            continue
        others = [s.text for s in r.sources if s not in own]
        rows.append({
            "严重程度": "提醒", "位置": as_markdown("；".join(s.text for s in own)),
            "问题": as_markdown(f"数据疑点（{r.类型}）：{r.evidence}" + (f"对照：{'；'.join(others)}。" if others else "")),
            "处理办法": FLAG_ADVICE,
        })
    return pd.DataFrame(rows, columns=["严重程度", "位置", "问题", "处理办法"])


def flag_status(row: pd.Series) -> str:
    """待核实, or 已核实 with the note, who and when."""
    if not row["verified"]:
        return "待核实"
    when = row["verified_at"]
    return f"已核实：{row['note']}（{row['verified_by']}" + (f"，{when:%Y-%m-%d %H:%M}）" if pd.notna(when) else "）")


def as_markdown(text: str) -> str:
    """Text shown as it is in a cell of st.table, which reads Markdown: a file named 东湖区_2026_三季度.xlsx
    must not turn into italics."""
    import re

    return re.sub(r"([\\`*_\[\]<>~|$#])", r"\\\1", text)


def flags_frame(reg: Registry, found: pd.DataFrame) -> pd.DataFrame:
    """The 数据疑点 table of 报送情况, one row per flag numbered #1…: every column read in full (a static table)."""
    numbers = {f.code: f.number for f in reg.forms}
    return pd.DataFrame({
        "编号": [f"#{n}" for n in range(1, len(found) + 1)],
        "区县": found["区县"].to_list(), "季度": [Period.parse_code(p).short_label for p in found["period"]],
        "报表": [numbers.get(f, f) for f in found["form"]], "类型": found["类型"].to_list(),
        "指标": [i or "（整张表）" for i in found["指标"]], "依据": [as_markdown(e) for e in found["evidence"]],
        "来源": [as_markdown(s).replace("\n", "；  \n") for s in found["来源"]],  # one source a line
        "状态": [as_markdown(flag_status(r)) for _, r in found.iterrows()],
    })


def cells_frame(cells: pd.DataFrame, focus: list[str], context: int = 6, max_rows: int = 40, max_cols: int = 20) -> pd.DataFrame:
    """A stored sheet (queries.submission_cells) as the analyst sees it in Excel, column letters and row
    numbers: the rows around the focused cells, or the top of the sheet when none is named."""
    import re

    from pipelines.grid import column_letters

    if cells.empty:
        return pd.DataFrame()
    rows_wanted: set[int] = set()
    for cell in focus:
        m = re.fullmatch(r"([A-Z]+)(\d+)", cell)
        if m:
            rows_wanted.update(range(max(int(m.group(2)) - context, 1), int(m.group(2)) + context + 1))
    first_rows = sorted(set(cells["row_index"] + 1))
    shown_rows = [r for r in first_rows if r in rows_wanted] if rows_wanted else first_rows
    # The title and header rows first, so the numbers can be read against their columns.
    shown_rows = sorted(set(first_rows[:4]) | set(shown_rows[:max_rows]))
    width = min(int(cells["col_index"].max()) + 1, max_cols)
    grid = {(int(r) + 1, int(c)): t for r, c, t in zip(cells["row_index"], cells["col_index"], cells["text"], strict=True)}
    frame = pd.DataFrame([[grid.get((r, c), "") for c in range(width)] for r in shown_rows],
                         columns=[column_letters(c) for c in range(width)], index=shown_rows)
    return frame
