"""Files of one period are committed in one transaction (issue 3, speed); nothing else changes.

The kill -9 tests of tests/test_crash.py hold for these groups as they did for single files.
"""

from __future__ import annotations

from pipelines.config import Settings
from pipelines.ledger import COMMIT_GROUP_FILES, FilePlan, Ledger, _commit_groups
from pipelines.store import Store
from tests.builders import consistent_values, write_return

SUBMISSIONS = ("select id, district, period, form, version, status, file_name, sheet, sha256, content_hash, is_sample, "
               "supersedes, n_observations, n_warnings from submissions order by id")


def contents(store: Store) -> dict[str, list[tuple]]:
    return {
        "submissions": store.rows(SUBMISSIONS),
        "observations": store.rows("select * from observations order by submission_id, indicator, breakdown"),
        "raw_cells": store.rows("select * from raw_cells order by submission_id, row_index, col_index"),
        "issues": store.rows("select * from submission_issues order by all"),
        "files": store.rows("select sha256, size, format, first_name from files order by sha256"),
        "audit": store.rows("select actor, action, detail from audit_log order by detail"),
    }


def test_ingest_in_groups_stores_exactly_what_one_file_at_a_time_stores(sample, registry, tmp_path):
    files = sorted(sample.files)
    grouped = Ledger(Store.open(tmp_path / "a.duckdb"), registry, Settings(tmp_path / "a.duckdb", tmp_path / "a_archive"))
    seen: list[tuple[int, int, str]] = []
    plans = grouped.ingest(grouped.planner.read(files), actor="测试", is_sample=True,
                           progress=lambda n, total, plan: seen.append((n, total, plan.display_name)))
    single = Ledger(Store.open(tmp_path / "b.duckdb"), registry, Settings(tmp_path / "b.duckdb", tmp_path / "b_archive"))
    alone = single.planner.plan(single.planner.read(files))
    order = sorted(range(len(alone)), key=lambda i: (min((r.ret.period for r in alone[i].returns), default=""), i))
    for i in order:
        single.commit(alone[i], actor="测试", is_sample=True)
    assert grouped.store is not None and single.store is not None
    assert contents(grouped.store) == contents(single.store)
    # a second upload: one return resubmitted with other values, one file sent again unchanged
    district, period, form = plans[0].returns[0].ret.key
    again = [write_return(tmp_path / f"{registry.district(district).name}{period}.xlsx", registry, district, period, form,
                          consistent_values(registry, form)), files[1]]
    regrouped = grouped.ingest(grouped.planner.read(again), actor="测试")
    one_by_one = single.planner.plan(single.planner.read(again))
    for p in one_by_one:
        single.commit(p, actor="测试")
    assert {r.status for p in regrouped for r in p.returns} >= {"supersede", "unchanged"}
    assert [[(r.status, r.previous_id, r.submission_id, r.changes) for r in p.returns] for p in regrouped] == \
        [[(r.status, r.previous_id, r.submission_id, r.changes) for r in p.returns] for p in one_by_one]
    assert contents(grouped.store)["submissions"] == contents(single.store)["submissions"]
    assert [(p.display_name, [(r.status, r.previous_version, r.submission_id) for r in p.returns], [i.render() for i in p.all_issues])
            for p in plans] == [(p.display_name, [(r.status, r.previous_version, r.submission_id) for r in p.returns],
                                 [i.render() for i in p.all_issues]) for p in alone]
    # progress still reports every file once, in commit order, after its group is committed
    assert seen == [(n, len(plans), alone[i].display_name) for n, i in enumerate(order, 1)]
    assert len(list(_commit_groups([plans[i] for i in order]))) < len(plans)  # some files did share a transaction


def plan_of(display_name: str, periods: list[str]) -> FilePlan:
    from pipelines.ledger import ReturnPlan
    from pipelines.parse import ParsedReturn

    returns = [ReturnPlan(ParsedReturn(display_name, "表一", "coverage", "donghu", p, [], [], [], [])) for p in periods]
    return FilePlan(display_name, None, b"", returns, [])


def test_groups_hold_one_period_and_a_file_of_several_periods_goes_alone():
    plans = [plan_of("a", ["2025-Q2"]), plan_of("b", ["2025-Q2"]), plan_of("bad", []), plan_of("c", ["2025-Q3"]),
             plan_of("mixed", ["2025-Q3", "2025-Q4"]), plan_of("d", ["2025-Q4"])]
    groups = [[p.display_name for p in g] for g in _commit_groups(plans)]
    assert groups == [["a", "b", "bad"], ["c"], ["mixed"], ["d"]]
    many = [plan_of(str(i), ["2025-Q2"]) for i in range(COMMIT_GROUP_FILES + 1)]
    assert [len(g) for g in _commit_groups(many)] == [COMMIT_GROUP_FILES, 1]


def test_the_same_return_on_two_sheets_of_one_file_is_stored_once(tmp_path, registry, ledger, store):
    from openpyxl import load_workbook

    path = write_return(tmp_path / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "coverage", consistent_values(registry, "coverage"))
    wb = load_workbook(path)
    wb.copy_worksheet(wb.worksheets[0]).title = "表一 (2)"  # a district copied the sheet before sending
    wb.save(path)
    [plan] = ledger.ingest(ledger.planner.read([path]), actor="测试")
    assert plan.accepted
    assert [r.status for r in plan.returns] == ["new", "unchanged"]
    first, second = plan.returns
    assert second.previous_id == first.submission_id and second.previous_version == 1
    assert store.rows("select district, period, form, version, status from submissions") == [("donghu", "2025-Q3", "coverage", 1, "active")]


def test_ingest_sees_the_quarter_before_within_one_upload(tmp_path, registry, ledger, store):
    values = consistent_values(registry, "membership")
    q2 = write_return(tmp_path / "东湖区2025Q2.xlsx", registry, "donghu", "2025-Q2", "membership", values)
    changed = {**values, ("members_start", "all"): values[("members_start", "all")] + 1}  # type: ignore[operator]
    q3 = write_return(tmp_path / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "membership", changed)
    plans = ledger.ingest(ledger.planner.read([q3, q2]), actor="测试")
    assert all(p.accepted for p in plans)
    q3_plan = next(p for p in plans if p.display_name == q3.name)
    # the Q3 opening stock is checked against the Q2 closing stock stored by the same upload
    assert "check.start_vs_previous_end" in {w.code for r in q3_plan.returns for w in r.warnings}
