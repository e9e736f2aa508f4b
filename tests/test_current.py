"""current_observations is a table kept in step by every write (schema version 4): after each kind of change
it holds exactly what the join of observations with the active submissions says, and an older database is
brought to it on open."""

from __future__ import annotations

from pathlib import Path

from pipelines.ledger import Ledger
from pipelines.registry import Registry
from pipelines.store import SCHEMA_VERSION, Store
from tests.builders import SCHEMA_3_VIEW, back_to_schema_3, consistent_values, write_return

COLUMNS = "district, period, indicator, breakdown, value, submission_id, sheet, cell, form, is_sample"
IN_FORCE = SCHEMA_3_VIEW.split(" as\n", 1)[1]  # the definition the table replaced, as a query


def table_rows(store: Store) -> list[tuple]:
    return store.rows(f"select {COLUMNS} from current_observations order by all")


def in_force(store: Store) -> list[tuple]:
    return store.rows(f"select {COLUMNS} from ({IN_FORCE}) order by all")


def ingest(ledger: Ledger, *paths: Path, is_sample: bool = False) -> None:
    plans = ledger.ingest(ledger.planner.read(paths), actor="测试", is_sample=is_sample)
    assert all(p.accepted for p in plans), [i.message for p in plans for i in p.errors]


def test_every_write_keeps_the_values_in_force_in_step(ledger: Ledger, store: Store, registry: Registry, tmp_path: Path):
    first = write_return(tmp_path / "东湖区2026Q3.xlsx", registry, "donghu", "2026-Q3", "coverage", consistent_values(registry, "coverage"))
    other = write_return(tmp_path / "西山区2026Q3.xlsx", registry, "xishan", "2026-Q3", "membership", consistent_values(registry, "membership"))
    ingest(ledger, first, other)
    stored = table_rows(store)
    assert stored == in_force(store) and len({r[5] for r in stored}) == 2

    corrected = write_return(tmp_path / "东湖区2026Q3更正.xlsx", registry, "donghu", "2026-Q3", "coverage",
                             consistent_values(registry, "coverage", scale=2))
    ingest(ledger, corrected)  # supersedes the first version
    assert table_rows(store) == in_force(store)
    new_id = store.scalar("select id from submissions where status = 'active' and district = 'donghu'")
    assert {r[5] for r in table_rows(store) if r[0] == "donghu"} == {new_id}

    ledger.rollback(new_id, "测试")  # the first version is in force again
    assert table_rows(store) == in_force(store)
    old_id = store.scalar("select id from submissions where status = 'active' and district = 'donghu'")
    assert old_id != new_id and {r[5] for r in table_rows(store) if r[0] == "donghu"} == {old_id}

    ledger.rollback(old_id, "测试")  # nothing of 东湖区 left in force
    assert table_rows(store) == in_force(store)
    assert not [r for r in table_rows(store) if r[0] == "donghu"]

    sample = write_return(tmp_path / "临江区2026Q3.xlsx", registry, "linjiang", "2026-Q3", "aid", consistent_values(registry, "aid"))
    ingest(ledger, sample, is_sample=True)
    assert table_rows(store) == in_force(store) and any(r[9] for r in table_rows(store))
    ledger.remove_sample("测试")
    assert table_rows(store) == in_force(store)
    assert {r[0] for r in table_rows(store)} == {"xishan"}


def test_a_schema_3_database_gets_the_table_filled_on_open(ledger: Ledger, store: Store, registry: Registry, tmp_path: Path,
                                                            settings):
    path = write_return(tmp_path / "东湖区2026Q3.xlsx", registry, "donghu", "2026-Q3", "coverage", consistent_values(registry, "coverage"))
    ingest(ledger, path)
    expected = table_rows(store)
    with store.transaction() as tx:
        back_to_schema_3(tx)
    assert store.scalar("select table_type from information_schema.tables where table_name = 'current_observations'") == "VIEW"
    store.close()
    upgraded = Store.open(settings.db_path)
    try:
        assert upgraded.scalar("select value from meta where key = 'schema_version'") == SCHEMA_VERSION == "4"
        assert upgraded.scalar("select table_type from information_schema.tables where table_name = 'current_observations'") == "BASE TABLE"
        assert table_rows(upgraded) == expected != []
    finally:
        upgraded.close()
