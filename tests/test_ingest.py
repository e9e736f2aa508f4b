"""Ingest, reject, supersede and roll back single returns, through the ledger and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from pipelines.store import Store
from tests.builders import consistent_values, write_return

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("files", "submissions", "raw_cells", "observations", "submission_issues", "audit_log")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipelines", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def snapshot(db: Path) -> dict[str, list[tuple]]:
    s = Store.open(db)
    try:
        return {t: sorted(map(tuple, s.rows(f"select * from {t}")), key=repr) for t in TABLES}
    finally:
        s.close()


def test_good_return_stores_every_value_with_its_cell(tmp_path, registry, ledger, store):
    values = consistent_values(registry, "coverage")
    path = write_return(tmp_path / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "coverage", values)
    plans = ledger.ingest(ledger.planner.read([path]), actor="测试")
    assert [p.accepted for p in plans] == [True], [i.render() for i in plans[0].all_issues]
    stored = {(i, b): v for i, b, v in store.rows("select indicator, breakdown, value from current_observations")}
    assert stored == {k: Decimal(str(v)) for k, v in values.items()}
    cell = store.scalar(
        "select cell from observations where indicator = 'unions' and breakdown = 'all'"
    )
    assert cell == "D4"  # header in row 3, 合计 first in row 4, 基层工会数 the 3rd column of values (D)
    sub = store.rows("select district, period, form, version, status, file_name, sheet, is_sample from submissions")
    assert sub == [("donghu", "2025-Q3", "coverage", 1, "active", "东湖区2025Q3.xlsx", "表一", False)]
    assert store.scalar("select count(*) from raw_cells") > 50


def test_sub_item_above_total_is_rejected_and_store_unchanged(tmp_path, registry):
    db = tmp_path / "db.duckdb"
    good = write_return(tmp_path / "东湖区2025Q2.xlsx", registry, "donghu", "2025-Q2", "coverage", consistent_values(registry, "coverage"))
    assert cli("ingest", "--db", str(db), str(good)).returncode == 0
    before = snapshot(db)

    values = consistent_values(registry, "coverage")
    values[("members_female", "soe")] = int(values[("members", "soe")]) + 1  # type: ignore[call-overload]
    bad = write_return(tmp_path / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "coverage", values)
    done = cli("ingest", "--db", str(db), str(bad))
    assert done.returncode == 1
    assert "东湖区2025Q3.xlsx › 表一 › I7" in done.stdout  # 女会员人数 column I, 国有企业 row 7
    assert "“国有企业·女会员人数”" in done.stdout and "大于“国有企业·会员人数”" in done.stdout
    assert snapshot(db) == before


def test_one_bad_file_does_not_stop_the_others(tmp_path, registry):
    db = tmp_path / "db.duckdb"
    good = write_return(tmp_path / "西山区2025Q3.xlsx", registry, "xishan", "2025-Q3", "aid", consistent_values(registry, "aid"))
    values = consistent_values(registry, "aid")
    values[("aid_amount", "warmth")] = "近9.6万"
    bad = write_return(tmp_path / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "aid", values)
    done = cli("ingest", "--db", str(db), str(bad), str(good))
    assert done.returncode == 1
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith(("✓", "✗"))]
    assert lines[0].startswith("✗ 东湖区2025Q3.xlsx") and lines[1].startswith("✓ 西山区2025Q3.xlsx")
    assert "东湖区2025Q3.xlsx › 表四 › D9：“近9.6万”不是数字" in done.stdout
    s = Store.open(db)
    assert s.rows("select distinct district from current_observations") == [("xishan",)]
    s.close()


def test_same_file_twice_is_a_no_op(tmp_path, registry):
    db = tmp_path / "db.duckdb"
    path = write_return(tmp_path / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "membership", consistent_values(registry, "membership"))
    assert cli("ingest", "--db", str(db), str(path)).returncode == 0
    before = snapshot(db)
    again = cli("ingest", "--db", str(db), str(path))
    assert again.returncode == 0
    assert "已导入，内容未变化" in again.stdout
    assert snapshot(db) == before


def test_resubmission_supersedes_shows_diff_and_rolls_back(tmp_path, registry, ledger, store):
    values = consistent_values(registry, "competitions")
    (tmp_path / "v1").mkdir()
    first = write_return(tmp_path / "v1" / "南港区2025Q3.xlsx", registry, "nangang", "2025-Q3", "competitions", values)
    ledger.ingest(ledger.planner.read([first]), actor="甲")
    changed = dict(values)
    changed[("innovations", "it")] = int(values[("innovations", "it")]) + 2  # type: ignore[call-overload]
    changed[("innovations", "all")] = int(values[("innovations", "all")]) + 2  # type: ignore[call-overload]
    (tmp_path / "v2").mkdir()
    second = write_return(tmp_path / "v2" / "南港区2025Q3.xlsx", registry, "nangang", "2025-Q3", "competitions", changed)
    plan = ledger.planner.plan(ledger.planner.read([second]))[0]
    ledger.compare(plan)
    assert plan.returns[0].status == "supersede"
    diff = [(c.indicator, c.breakdown, c.old, c.new) for c in plan.returns[0].changes]
    assert diff == [
        ("innovations", "all", Decimal(values[("innovations", "all")]), Decimal(changed[("innovations", "all")])),  # type: ignore[arg-type]
        ("innovations", "it", Decimal(values[("innovations", "it")]), Decimal(changed[("innovations", "it")])),  # type: ignore[arg-type]
    ]
    ledger.commit(plan, actor="乙")
    hist = ledger.history("nangang", "2025-Q3")
    assert list(zip(hist["version"], hist["status"], hist["uploaded_by"], strict=True)) == [(2, "active", "乙"), (1, "superseded", "甲")]
    current = store.scalar("select value from current_observations where indicator = 'innovations' and breakdown = 'it'")
    assert current == Decimal(changed[("innovations", "it")])  # type: ignore[arg-type]
    ledger.rollback(int(hist["id"].iloc[0]), actor="乙")
    restored = {(i, b): v for i, b, v in store.rows("select indicator, breakdown, value from current_observations")}
    assert restored == {k: Decimal(str(v)) for k, v in values.items()}
    statuses = store.rows("select version, status from submissions order by version")
    assert statuses == [(1, "active"), (2, "rolled_back")]


def test_check_json_lists_every_issue_and_stores_nothing(tmp_path, registry):
    values = consistent_values(registry, "coverage")
    values[("unions_joint", "government")] = "-"   # a dash is a zero, not an error
    values[("units_unionized", "all")] = int(values[("units_total", "all")]) + 5  # type: ignore[call-overload]
    values[("employees", "soe")] = "１２,３４５"  # full-width digits with a separator are a number
    path = write_return(tmp_path / "城中区2025Q3.xlsx", registry, "chengzhong", "2025-Q3", "coverage", values)
    done = cli("check", "--json", str(path))
    assert done.returncode == 1
    found = json.loads(done.stdout)
    errors = [(i["file"], i["sheet"], i["cell"], i["code"]) for i in found if i["severity"] == "error"]
    assert errors == [("城中区2025Q3.xlsx", "表一", "C4", "check.sub_exceeds_total")]
    assert set(found[0]) == {"file", "sheet", "cell", "severity", "code", "message", "advice"}
    # The full-width "１２,３４５" was read as 12345: the 国有企业 row now breaks the 合计 of 职工人数.
    parts = sum(int(values[("employees", b)]) for b in ("government", "institution", "collective", "non_public", "social_org")) + 12345  # type: ignore[call-overload]
    warnings = [(i["cell"], i["code"], i["message"]) for i in found if i["severity"] == "warning"]
    assert ("F4", "check.breakdown_sum", f"“职工人数”各分组之和 {parts} 与合计 {values[('employees', 'all')]} 不一致（相差 {parts - int(values[('employees', 'all')])}）") in warnings  # type: ignore[call-overload]


def test_same_return_twice_in_one_upload_with_different_values_rejects_both(tmp_path, registry, ledger, store):
    values = consistent_values(registry, "aid")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_return(tmp_path / "a" / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "aid", values)
    changed = dict(values)
    changed[("hardship_households", "all")] = 322
    second = write_return(tmp_path / "b" / "东湖区2025年三季度.xlsx", registry, "donghu", "2025-Q3", "aid", changed)
    plans = ledger.ingest(ledger.planner.read([first, second]), actor="测试")
    assert [p.accepted for p in plans] == [False, False]
    assert [[i.code for i in p.errors] for p in plans] == [["check.duplicate_conflict"], ["check.duplicate_conflict"]]
    assert "东湖区2025年三季度.xlsx › 表四" in plans[0].errors[0].message
    assert store.scalar("select count(*) from submissions") == 0
    # the very same values twice in one upload are one return, stored once
    again = ledger.ingest(ledger.planner.read([first, first]), actor="测试")
    assert [p.accepted for p in again] == [True, True]
    assert [r.status for p in again for r in p.returns] == ["new", "unchanged"]
    assert store.scalar("select count(*) from submissions") == 1


def test_a_sheet_of_numbers_that_is_no_return_is_reported_and_skipped(tmp_path, registry, ledger):
    path = write_return(tmp_path / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "coverage", consistent_values(registry, "coverage"))
    # add a detail sheet: numbers, but no header the forms know
    from openpyxl import load_workbook  # test-only: append a sheet to the file xlsxwriter wrote

    wb = load_workbook(path)
    ws = wb.create_sheet("附表1")
    ws.append(["序号", "单位名称", "职工数"])
    ws.append([1, "某某公司", 120])
    wb.save(path)
    [plan] = ledger.planner.plan(ledger.planner.read([path]))
    assert plan.accepted
    assert [(i.code, i.sheet) for i in plan.issues] == [("sheet.not_return", "附表1")]
    assert [r.ret.sheet for r in plan.returns] == ["表一"]


def test_zip_of_returns_with_gbk_member_names_and_a_bomb(tmp_path, registry, ledger, store):
    import zipfile

    a = write_return(tmp_path / "a.xlsx", registry, "donghu", "2025-Q3", "aid", consistent_values(registry, "aid"))
    b = write_return(tmp_path / "b.xlsx", registry, "xishan", "2025-Q3", "aid", consistent_values(registry, "aid"))
    bundle = tmp_path / "三季度报表.zip"
    names = {"AAAAAA2025Q3.xlsx": "东湖区2025Q3.xlsx", "BBBBBB2025Q3.xlsx": "西山区2025Q3.xlsx"}
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as z:
        for path, placeholder in ((a, "AAAAAA2025Q3.xlsx"), (b, "BBBBBB2025Q3.xlsx")):
            z.writestr(placeholder, path.read_bytes())
        z.writestr("__MACOSX/._x.xlsx", b"junk")
    raw = bundle.read_bytes()
    for placeholder, name in names.items():  # GBK bytes without the UTF-8 flag, as Windows zip tools write them
        raw = raw.replace(placeholder.encode(), name.encode("gbk"))
    bundle.write_bytes(raw)
    plans = ledger.ingest(ledger.planner.read([bundle]), actor="测试")
    assert [p.display_name for p in plans] == ["三季度报表.zip › 东湖区2025Q3.xlsx", "三季度报表.zip › 西山区2025Q3.xlsx"]
    assert all(p.accepted for p in plans)
    assert store.rows("select district from submissions order by district") == [("donghu",), ("xishan",)]

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("东湖区.xlsx", b"\0" * (20 * 1024 * 1024))
    [plan] = ledger.planner.plan(ledger.planner.read([bomb]))
    assert [i.code for i in plan.errors] == ["zip.bomb"]


def test_sample_can_be_removed_and_loaded_again(sample_db_copy, registry, tmp_path):
    from pipelines.config import Settings
    from pipelines.ledger import Ledger

    store = Store.open(sample_db_copy)
    ledger = Ledger(store, registry, Settings(db_path=sample_db_copy, archive_dir=tmp_path / "archive"))
    before = store.scalar("select count(*) from current_observations")
    assert ledger.remove_sample("测试") == 584  # (10 districts × 15 quarters − 经开区 in 2023) × 4 forms
    assert store.scalar("select count(*) from observations") == 0
    assert store.scalar("select count(*) from files") == 0
    plans = ledger.load_sample(tmp_path / "sample", "测试")
    assert all(p.accepted for p in plans)
    assert store.scalar("select count(*) from current_observations") == before
    assert store.scalar("select count(*) from meta where key = 'sample_removed'") == 0
    store.close()
