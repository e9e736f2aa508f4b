"""Small, explicit workbooks for tests: a canonical return with chosen values, written with xlsxwriter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from pipelines.periods import Period
from pipelines.registry import Registry

Values = dict[tuple[str, str], object]  # (indicator, breakdown) -> what to write in the cell


def consistent_values(registry: Registry, form: str, scale: int = 1) -> Values:
    """A return that passes every hard and soft check (breakdowns sum to 合计, sub-items below totals)."""
    dim = registry.form(form).dimension
    rows = registry.breakdowns_of(dim)
    inds = [i for i in registry.indicators_of(form) if i.layout == "column" and not i.derived]
    parts = [b for b in rows if b.sums_to_parent]
    values: Values = {}
    for n, ind in enumerate(inds):
        base = (n + 1) * 100 * scale
        if parts:
            for k, b in enumerate(parts):
                values[(ind.code, b.code)] = base + k
            values[(ind.code, "all")] = sum(base + k for k in range(len(parts)))
        else:
            values[(ind.code, "all")] = base * 10
            for b in rows:
                if b.code != "all":
                    values[(ind.code, b.code)] = base
    # Sub-items must stay below their totals: make them small.
    small = {"units_unionized": 0.8, "unions_joint": 0.1, "employees_in_unionized": 0.9, "members_female": 0.3,
             "members_migrant": 0.2, "participants_non_public": 0.4, "key_projects": 0.1, "suggestions_adopted": 0.5,
             "aid_amount_union_funds": 0.3, "aid_amount_fiscal": 0.3, "aid_amount_donations": 0.2}
    parent = {"units_unionized": "units_total", "unions_joint": "unions", "employees_in_unionized": "employees",
              "members_female": "members", "members_migrant": "members", "participants_non_public": "participants",
              "key_projects": "competitions", "suggestions_adopted": "suggestions_made", "aid_amount_union_funds": "aid_amount",
              "aid_amount_fiscal": "aid_amount", "aid_amount_donations": "aid_amount"}
    for (ind, b), _v in list(values.items()):
        if ind in small:
            values[(ind, b)] = int(int(values[(parent[ind], b)]) * small[ind])  # type: ignore[call-overload]
    if form == "membership":
        for b in rows:
            if ("members_start", b.code) in values:
                s, j, left = (int(values[(k, b.code)]) for k in ("members_start", "members_joined", "members_left"))  # type: ignore[call-overload]
                values[("members_end", b.code)] = s + j - left
    if form == "coverage":
        for b in rows:
            values[("members", b.code)] = int(int(values[("employees_in_unionized", b.code)]) * 0.9)  # type: ignore[call-overload]
            for k, share in (("members_female", 0.3), ("members_migrant", 0.2)):
                values[(k, b.code)] = int(int(values[("members", b.code)]) * share)  # type: ignore[call-overload]
        for ind in ("members", "members_female", "members_migrant"):
            values[(ind, "all")] = sum(int(values[(ind, b.code)]) for b in parts)  # type: ignore[call-overload]
    if form == "aid":
        values[("hardship_households", "all")] = 321
        values[("hardship_exited_ytd", "all")] = 45
        for b in rows:
            # Keep per-household and per-student amounts in their plausible ranges.
            values[("aid_amount", b.code)] = int(values[("aid_households", b.code)]) * 3000  # type: ignore[call-overload]
            values[("aid_person_times", b.code)] = values[("aid_households", b.code)]
            for k, share in (("aid_amount_union_funds", 0.3), ("aid_amount_fiscal", 0.3), ("aid_amount_donations", 0.2)):
                values[(k, b.code)] = int(int(values[("aid_amount", b.code)]) * share)  # type: ignore[call-overload]
        values[("aid_amount", "all")] = sum(int(values[("aid_amount", b.code)]) for b in parts)  # type: ignore[call-overload]
        for k in ("aid_amount_union_funds", "aid_amount_fiscal", "aid_amount_donations", "aid_person_times"):
            values[(k, "all")] = sum(int(values[(k, b.code)]) for b in parts)  # type: ignore[call-overload]
    return values


def write_return(
    path: Path,
    registry: Registry,
    district: str,
    period: str,
    form: str,
    values: Values,
    *,
    title: str | None = None,
    sheet_name: str | None = None,
) -> Path:
    """One sheet in the city's template layout: title, 填报单位 line, one header row, 合计 first."""
    f = registry.form(form)
    d = registry.district(district)
    p = Period.parse_code(period)
    inds = [i for i in registry.indicators_of(form) if i.layout == "column" and not i.derived]
    rows = registry.breakdowns_of(f.dimension)
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": dt.datetime(2025, 1, 1)})
    ws = wb.add_worksheet(sheet_name or f.number)
    ws.merge_range(0, 0, 0, len(inds), title or f"{d.name}{p.label}{f.name}统计表")
    ws.write(1, 0, f"填报单位（盖章）：{d.name}总工会")
    ws.write(2, 0, "项目")
    for c, ind in enumerate(inds, 1):
        ws.write(2, c, f"{ind.name}（{ind.unit}）")
    r = 3
    for b in rows:
        ws.write(r, 0, b.name)
        for c, ind in enumerate(inds, 1):
            v = values.get((ind.code, b.code))
            if v is not None:
                ws.write(r, c, v)
        r += 1
    for ind in registry.indicators_of(form):
        if ind.layout == "line":
            r += 1
            ws.write(r, 0, ind.name)
            ws.write(r, 1, values.get((ind.code, "all"), 0))
            ws.write(r, 2, ind.unit)
    ws.write(r + 2, 0, "填表人：张三    审核人：李四    联系电话：0571-88886666")
    wb.close()
    return path
