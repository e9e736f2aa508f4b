"""Learned mappings: a header the pipeline cannot place is taught once, stored for that district,
audited, and applied to every later upload; an alias never overrides a registry name."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter

from pipelines.aliases import Alias, AliasError, add_alias, list_aliases, load_aliases, remove_alias
from pipelines.config import settings_for
from pipelines.ledger import Ledger
from pipelines.planning import Planner
from pipelines.store import SCHEMA_VERSION, Store
from tests.builders import back_to_schema_3

ROOT = Path(__file__).resolve().parent.parent
ODD_HEADER = "竞赛覆盖职工（人次）"
INDUSTRIES = ["合计", "制造业", "建筑业", "其他"]


def write_competitions(path: Path, district: str, period: str, participants: list[int]) -> Path:
    """A 表三 as a county office writes it, with one header no synonym list foresees. `participants`
    are the three industries' figures; the 合计 row sums every column."""
    headers = ["行业", "竞赛项目数（项）", "参赛单位数（家）", ODD_HEADER, "其中：非公企业职工（人次）", "合理化建议提出（条）",
               "合理化建议采纳实施（条）", "技术革新成果（项）"]
    rows = [[2 * k, 3 * k, p, p // 2, 10 * k, 5 * k, k] for k, p in zip((1, 2, 3), participants, strict=True)]
    total = [sum(col) for col in zip(*rows, strict=True)]
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表三")
    ws.merge_range(0, 0, 0, len(headers) - 1, f"{district}{period}劳动和技能竞赛开展情况统计表")
    ws.write_row(1, 0, [f"填报单位：{district}总工会"])
    ws.write_row(2, 0, headers)
    for n, (name, values) in enumerate(zip(INDUSTRIES, [total, *rows], strict=True)):
        ws.write_row(3 + n, 0, [name, *values])
    ws.write(8, 0, "填表人：王芳")
    wb.close()
    return path


def _values(plan) -> dict[tuple[str, str], Decimal]:
    return {(o.indicator, o.breakdown): o.value for r in plan.returns for o in r.ret.observations}


def test_an_unknown_header_is_an_error_with_candidates(registry, tmp_path):
    path = write_competitions(tmp_path / "临江县2025年1-9月劳动竞赛.xlsx", "临江县", "2025年1-9月", [200, 300, 100])
    planner = Planner(registry)
    [plan] = planner.plan(planner.read([path]))
    assert not plan.accepted
    [unplaced] = plan.returns[0].ret.unplaced
    assert (unplaced.kind, unplaced.scope, unplaced.text, unplaced.cell) == ("header", "competitions", ODD_HEADER, "D3")
    assert unplaced.candidates[0].code == "participants"
    assert any(i.code == "header.unknown_label" and i.cell == "D3" for i in plan.errors)


def test_taught_once_the_next_quarter_imports_without_help(registry, tmp_path):
    store = Store.open(tmp_path / "db.duckdb")
    ledger = Ledger(store, registry, settings_for(tmp_path / "db.duckdb"))
    q3 = write_competitions(tmp_path / "临江县2025年1-9月劳动竞赛.xlsx", "临江县", "2025年1-9月", [200, 300, 100])
    add_alias(store, registry, Alias("header", "competitions", "linjiang", ODD_HEADER, "participants"), actor="统计员")
    ledger.forget_aliases()
    [plan] = ledger.ingest(ledger.planner.read([q3]), actor="统计员")
    assert plan.accepted, [i.render() for i in plan.errors]
    assert _values(plan)[("participants", "all")] == 600
    assert plan.returns[0].ret.missing == ["key_projects", "pioneer_awards", "economic_benefit"]
    assert {i.params["indicator"] for i in plan.all_issues if i.code == "header.missing_indicator"} == {"重点工程项目", "工人先锋号", "创经济效益"}
    q4 = write_competitions(tmp_path / "临江县2025年1-12月劳动竞赛.xlsx", "临江县", "2025年1-12月", [300, 450, 150])
    [plan] = ledger.ingest(ledger.planner.read([q4]), actor="统计员")
    assert plan.accepted
    assert _values(plan)[("participants", "construction")] == 450
    # Taught for 临江县 only: another district's file with the same header still asks.
    other = write_competitions(tmp_path / "青石县2025年1-9月劳动竞赛.xlsx", "青石县", "2025年1-9月", [200, 300, 100])
    [plan] = ledger.planner.plan(ledger.planner.read([other]))
    assert not plan.accepted
    log = store.rows("select actor, action, detail from audit_log where action = 'alias_add'")
    assert log == [("统计员", "alias_add", "表头“竞赛覆盖职工”→“参赛职工”（表三 劳动和技能竞赛开展情况，临江县）")]
    store.close()


def test_an_alias_never_overrides_a_registry_name(registry, tmp_path):
    store = Store.open(tmp_path / "db.duckdb")
    with pytest.raises(AliasError, match="已是指标“参赛职工”的标准写法"):
        add_alias(store, registry, Alias("header", "competitions", "", "参赛职工（人次）", "competitions"), actor="x")
    with pytest.raises(AliasError, match="已是分组“制造业”"):
        add_alias(store, registry, Alias("row", "industry", "", "制造业", "other"), actor="x")
    with pytest.raises(AliasError, match="已含有区县名称“东湖区”"):
        add_alias(store, registry, Alias("district", "", "", "东湖区工会", "xishan"), actor="x")
    with pytest.raises(AliasError, match="没有代码为“nope”的指标"):
        add_alias(store, registry, Alias("header", "competitions", "", "某列", "nope"), actor="x")
    assert list_aliases(store).empty
    store.close()


def test_remove_forgets_and_is_audited(registry, tmp_path):
    store = Store.open(tmp_path / "db.duckdb")
    add_alias(store, registry, Alias("district", "", "", "示例新区", "gaoxin"), actor="甲")
    assert load_aliases(store).entries == {("district", "", "", "示例新区"): "gaoxin"}
    assert remove_alias(store, registry, "district", "", "", "示例新区", actor="乙")
    assert load_aliases(store).entries == {}
    assert [a for _, a, _ in store.rows("select actor, action, detail from audit_log order by logged_at")] == ["alias_add", "alias_remove"]
    store.close()


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipelines", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_check_prints_the_command_that_teaches_its_suggestion(tmp_path):
    path = write_competitions(tmp_path / "临江县2025年1-9月劳动竞赛.xlsx", "临江县", "2025年1-9月", [200, 300, 100])
    db = tmp_path / "db.duckdb"
    out = _cli("check", str(path))
    assert out.returncode == 1
    command = ("python -m pipelines aliases add --kind header --scope competitions --district linjiang "
               f"--text '{ODD_HEADER}' --to participants")
    assert command in out.stdout
    taught = _cli("aliases", "add", "--db", str(db), "--kind", "header", "--scope", "competitions", "--district", "linjiang", "--text", ODD_HEADER, "--to", "participants")
    assert taught.returncode == 0, taught.stderr
    listed = _cli("aliases", "list", "--db", str(db))
    assert "竞赛覆盖职工\t→ 参赛职工" in listed.stdout
    ingest = _cli("ingest", "--db", str(db), str(path))
    assert ingest.returncode == 0, ingest.stdout
    assert "新导入" in ingest.stdout


def test_a_version_1_database_is_upgraded_in_place(tmp_path):
    db = tmp_path / "old.duckdb"
    store = Store.open(db)
    with store.transaction() as tx:
        back_to_schema_3(tx)
        tx.execute("drop table aliases")
        tx.execute("update meta set value = '1' where key = 'schema_version'")
    store.close()
    store = Store.open(db)
    assert store.scalar("select value from meta where key = 'schema_version'") == SCHEMA_VERSION  # and on, through every later upgrade
    assert list_aliases(store).empty
    store.close()


def test_an_unknown_unit_on_the_filler_line_is_asked_once_and_remembered_as_a_district(registry, tmp_path):
    store = Store.open(tmp_path / "db.duckdb")
    ledger = Ledger(store, registry, settings_for(tmp_path / "db.duckdb"))
    path = write_competitions(tmp_path / "2025年1-9月劳动竞赛.xlsx", "示例新区", "2025年1-9月", [200, 300, 100])
    add_alias(store, registry, Alias("header", "competitions", "", ODD_HEADER, "participants"), actor="统计员")
    ledger.forget_aliases()
    [plan] = ledger.planner.plan(ledger.planner.read([path]))
    assert [i.code for i in plan.errors] == ["district.unknown"]
    [asked] = [u for r in plan.returns for u in r.ret.unplaced]
    assert (asked.kind, asked.text) == ("district", "示例新区总工会")
    add_alias(store, registry, Alias("district", "", "", asked.text, "gaoxin"), actor="统计员")
    ledger.forget_aliases()
    [plan] = ledger.planner.plan(ledger.planner.read([path]))
    assert plan.accepted, [i.render() for i in plan.errors]
    assert {r.ret.district for r in plan.returns} == {"gaoxin"}
    store.close()


def test_answers_a_planner_keeps_across_files_change_no_plan(registry, tmp_path):
    """A planner keeps its answers for texts (districts, periods, headers, lines) from file to file, as long
    as the aliases are the same: every quirk file plans as it does with a planner of its own, with and
    without a taught alias, and a taught alias is seen once the aliases are read again."""
    from tests.test_ingest_perf_big_sheets import QUIRKS

    store = Store.open(tmp_path / "db.duckdb")
    ledger = Ledger(store, registry, settings_for(tmp_path / "db.duckdb"))
    files = sorted(QUIRKS.iterdir())
    odd = write_competitions(tmp_path / "临江县2025年1-9月劳动竞赛.xlsx", "临江县", "2025年1-9月", [200, 300, 100])

    def outcome(plan) -> tuple:  # type: ignore[no-untyped-def]
        return plan.accepted, [(r.ret.key, r.ret.observations, [i.render() for i in r.ret.issues]) for r in plan.returns], \
            [i.render() for i in plan.all_issues]

    def alone(path: Path) -> tuple:
        planner = Planner(registry, aliases=lambda: load_aliases(store))
        [plan] = planner.plan(planner.read([path]))
        return outcome(plan)

    shared = ledger.planner
    assert [outcome(p) for p in shared.plan(shared.read([*files, odd]))] == [alone(p) for p in [*files, odd]]
    assert not _values(shared.plan(shared.read([odd]))[0]).get(("participants", "all"))
    add_alias(store, registry, Alias("header", "competitions", "linjiang", ODD_HEADER, "participants"), actor="统计员")
    ledger.forget_aliases()
    assert [outcome(p) for p in shared.plan(shared.read([odd, *files]))] == [alone(p) for p in [odd, *files]]
    assert _values(shared.plan(shared.read([odd]))[0])[("participants", "all")] == 600
    store.close()
