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


def totals_rows(store: Store) -> list[tuple]:
    return store.rows("select period, form, indicator, breakdown, value, districts, previous_value, with_previous "
                      "from current_totals order by all")


def totals_expected(store: Store) -> list[tuple]:
    """current_totals worked out here from the values in force, district by district."""
    rows = in_force(store)
    value = {(r[0], r[1], r[2], r[3]): r[4] for r in rows}
    sums: dict[tuple, list] = {}
    for district, period, indicator, breakdown, v, _, _, _, form, _ in rows:
        s = sums.setdefault((period, form, indicator, breakdown), [0, 0, None, 0])
        s[0] += v
        s[1] += 1
        if period[4:6] == "-Q" and period[6] in "234":
            before = value.get((district, f"{period[:6]}{int(period[6]) - 1}", indicator, breakdown))
            if before is not None:
                s[2] = before if s[2] is None else s[2] + before
                s[3] += 1
    return sorted((*k, *v) for k, v in sums.items())


def in_step(store: Store) -> bool:
    return table_rows(store) == in_force(store) and totals_rows(store) == totals_expected(store)


def ingest(ledger: Ledger, *paths: Path, is_sample: bool = False) -> None:
    plans = ledger.ingest(ledger.planner.read(paths), actor="测试", is_sample=is_sample)
    assert all(p.accepted for p in plans), [i.message for p in plans for i in p.errors]


def test_every_write_keeps_the_values_in_force_in_step(ledger: Ledger, store: Store, registry: Registry, tmp_path: Path):
    first = write_return(tmp_path / "东湖区2026Q3.xlsx", registry, "donghu", "2026-Q3", "coverage", consistent_values(registry, "coverage"))
    other = write_return(tmp_path / "西山区2026Q3.xlsx", registry, "xishan", "2026-Q3", "membership", consistent_values(registry, "membership"))
    earlier = write_return(tmp_path / "东湖区2026Q2.xlsx", registry, "donghu", "2026-Q2", "coverage", consistent_values(registry, "coverage"))
    ingest(ledger, first, other, earlier)
    stored = table_rows(store)
    assert in_step(store) and len({r[5] for r in stored}) == 3
    # 东湖区 has the quarter before, 西山区 (表二 only in Q3) has not
    assert {r[7] for r in totals_rows(store) if r[0] == "2026-Q3"} == {1, 0}

    corrected = write_return(tmp_path / "东湖区2026Q3更正.xlsx", registry, "donghu", "2026-Q3", "coverage",
                             consistent_values(registry, "coverage", scale=2))
    ingest(ledger, corrected)  # supersedes the first version
    assert in_step(store)
    new_id = store.scalar("select id from submissions where status = 'active' and district = 'donghu' and period = '2026-Q3'")
    assert {r[5] for r in table_rows(store) if r[:2] == ("donghu", "2026-Q3")} == {new_id}

    ledger.rollback(new_id, "测试")  # the first version is in force again
    assert in_step(store)
    old_id = store.scalar("select id from submissions where status = 'active' and district = 'donghu' and period = '2026-Q3'")
    assert old_id != new_id and {r[5] for r in table_rows(store) if r[:2] == ("donghu", "2026-Q3")} == {old_id}

    ledger.rollback(old_id, "测试")  # nothing of 东湖区's third quarter left in force
    assert in_step(store)
    assert not [r for r in table_rows(store) if r[:2] == ("donghu", "2026-Q3")]

    sample = write_return(tmp_path / "临江区2026Q3.xlsx", registry, "linjiang", "2026-Q3", "aid", consistent_values(registry, "aid"))
    ingest(ledger, sample, is_sample=True)
    assert in_step(store) and any(r[9] for r in table_rows(store))
    ledger.remove_sample("测试")
    assert in_step(store)
    assert {r[:2] for r in table_rows(store)} == {("xishan", "2026-Q3"), ("donghu", "2026-Q2")}


def test_a_schema_3_database_gets_the_table_filled_on_open(ledger: Ledger, store: Store, registry: Registry, tmp_path: Path,
                                                            settings):
    path = write_return(tmp_path / "东湖区2026Q3.xlsx", registry, "donghu", "2026-Q3", "coverage", consistent_values(registry, "coverage"))
    ingest(ledger, path)
    expected = table_rows(store), totals_rows(store)
    with store.transaction() as tx:
        back_to_schema_3(tx)
    assert store.scalar("select table_type from information_schema.tables where table_name = 'current_observations'") == "VIEW"
    store.close()
    upgraded = Store.open(settings.db_path)
    try:
        assert upgraded.scalar("select value from meta where key = 'schema_version'") == SCHEMA_VERSION == "4"
        assert upgraded.scalar("select table_type from information_schema.tables where table_name = 'current_observations'") == "BASE TABLE"
        assert (table_rows(upgraded), totals_rows(upgraded)) == expected and expected[1]
    finally:
        upgraded.close()


def test_the_whole_citys_figures_from_the_totals_are_the_sums_over_every_district(sample_db_copy: Path, registry: Registry,
                                                                                    settings):
    """A page with no district chosen reads current_totals; the same question asked for every district by name
    goes through the district-by-district queries. Both must say the same, in every quarter on record —
    including 东湖区's 2026 表三 taken back so that a quarter lacks the one before it for one district."""
    from insights import queries

    store = Store.open(sample_db_copy)
    ledger = Ledger(store, registry, settings)
    sid = store.scalar("select id from submissions where district = 'donghu' and period = '2026-Q2' and form = 'competitions' "
                       "and status = 'active'")
    ledger.rollback(sid, "测试")
    assert in_step(store)
    everyone = tuple(d.code for d in registry.districts)
    competitions = tuple(i.code for i in registry.indicators_of("competitions") if not i.derived)
    coverage = tuple(i.code for i in registry.indicators_of("coverage") if not i.derived)
    try:
        city, named = queries.trend(store, coverage), queries.trend(store, coverage, everyone)
        assert len(city) > 100 and city.astype(str).values.tolist() == named.astype(str).values.tolist()
        order = ["period", "indicator"]
        city = queries.quarter_trend(store, competitions).sort_values(order).reset_index(drop=True)
        named = queries.quarter_trend(store, competitions, everyone).sort_values(order).reset_index(drop=True)
        assert city.astype(str).values.tolist() == named.astype(str).values.tolist()
        gap = city[(city["period"] == "2026-Q3") & (city["indicator"] == competitions[0])]["value"]
        assert gap.isna().all() and len(gap) == 1  # 东湖区 has no 2026-Q2 now: that quarter's own value is unknown
        for period in ("2025-Q4", "2026-Q3"):
            assert queries.totals(store, period, coverage) == queries.totals(store, period, coverage, everyone) != {}
            assert (queries.by_breakdown(store, period, coverage).astype(str).values.tolist()
                    == queries.by_breakdown(store, period, coverage, everyone).astype(str).values.tolist())
    finally:
        store.close()
