"""Small, explicit workbooks for tests: a canonical return with chosen values, written with xlsxwriter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from pipelines.periods import Period
from pipelines.registry import Registry

Values = dict[tuple[str, str], object]  # (indicator, breakdown) -> what to write in the cell


SUB_SHARES = {
    "units_unionized": ("units_total", 0.8), "unions_joint": ("unions", 0.1),
    "employees_in_unionized": ("employees", 0.9), "members": ("employees_in_unionized", 0.9),
    "members_female": ("members", 0.3), "members_migrant": ("members", 0.2),
    "participants_non_public": ("participants", 0.4), "key_projects": ("competitions", 0.1),
    "suggestions_adopted": ("suggestions_made", 0.5), "aid_amount": ("aid_households", 3000),
    "aid_person_times": ("aid_households", 1),
    "aid_amount_union_funds": ("aid_amount", 0.3), "aid_amount_fiscal": ("aid_amount", 0.3),
    "aid_amount_donations": ("aid_amount", 0.2),
}
GROUP_SHARES = {"female": 0.4, "migrant": 0.3, "new_forms": 0.2, "truck": 0.04, "courier": 0.04, "delivery": 0.04, "ride_hailing": 0.04}


def consistent_values(registry: Registry, form: str, scale: int = 1) -> Values:
    """A return that passes every hard and soft check (breakdowns sum to 合计, sub-items below totals)."""
    dim = registry.form(form).dimension
    rows = [b for b in registry.breakdowns_of(dim) if b.code != "all"]
    inds = [i.code for i in registry.indicators_of(form) if i.layout == "column" and not i.derived]
    values: dict[tuple[str, str], int] = {}
    partition = all(b.sums_to_parent for b in rows)
    for n, ind in enumerate(inds):
        if ind in SUB_SHARES and SUB_SHARES[ind][0] in inds:
            continue
        if partition:
            for k, b in enumerate(rows):
                values[(ind, b.code)] = ((n + 1) * 100 + k * 7) * scale
        else:
            values[(ind, "all")] = (n + 1) * 1000 * scale
    for ind in inds:  # dependent indicators, in dictionary order so parents come first
        if ind in SUB_SHARES and SUB_SHARES[ind][0] in inds:
            parent, share = SUB_SHARES[ind]
            keys = [b.code for b in rows] if partition else ["all"]
            for b in keys:
                values[(ind, b)] = int(values[(parent, b)] * share)
    if partition:
        for ind in inds:
            values[(ind, "all")] = sum(values[(ind, b.code)] for b in rows)
    else:
        for ind in inds:
            for b in rows:
                values[(ind, b.code)] = int(values[(ind, "all")] * GROUP_SHARES[b.code])
    if form == "membership":
        for b in ["all", *(r.code for r in rows)]:
            values[("members_end", b)] = values[("members_start", b)] + values[("members_joined", b)] - values[("members_left", b)]
    if form == "aid":
        values[("hardship_households", "all")] = 321
        values[("hardship_exited_ytd", "all")] = 45
    return dict(values)


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
    ws.merge_range(0, 0, 0, len(inds), "")
    ws.write_string(0, 0, title or f"{d.name}{p.label}{f.name}统计表")  # text even when it starts with "="
    ws.write_string(1, 0, f"填报单位（盖章）：{d.name}总工会")
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


# What schema version 3 had where version 4 has a table (pipelines/sql/upgrade_3_to_4.sql): tests that make
# an older database out of a new one put it back.
SCHEMA_3_VIEW = """
create view current_observations as
select o.district, o.period, o.indicator, o.breakdown, o.value, o.submission_id, o.sheet, o.cell, s.form, s.is_sample
from observations as o
join submissions as s on s.id = o.submission_id
where s.status = 'active'
"""


def back_to_schema_3(tx) -> None:
    """Inside a transaction of a new database: make it what schema version 3 was."""
    tx.execute("drop table current_observations")
    tx.execute("drop table current_totals")
    tx.execute(SCHEMA_3_VIEW)
    tx.execute("update meta set value = '3' where key = 'schema_version'")


def resync_current(tx) -> None:
    """Inside a transaction where a test edited observations or submissions directly (to make a state no
    import makes, e.g. a form missing one indicator): bring the tables the pages read from in step, as
    the ledger does after each of its writes."""
    tx.execute("delete from current_observations")
    tx.refresh_current([r[0] for r in tx.rows("select id from submissions")])
    tx.refresh_totals(None)
