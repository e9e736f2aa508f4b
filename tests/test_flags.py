"""数据疑点 on the sample city: returns with a planted problem are imported through the ledger (as the
upload page does) into a copy of the sample database; each must raise its flag with the numbers that
raised it, computed here from the returns themselves. A flag marked 已核实 stops counting (audited)."""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

import pytest

from insights import flags as fl
from pipelines.access import PermissionDenied
from pipelines.config import Settings
from pipelines.ledger import Ledger
from pipelines.store import SCHEMA_VERSION, Store
from pipelines.users import Role, User
from tests.builders import back_to_schema_3, write_return

ANALYST = User("王统计", Role.analyst)


def _values(store: Store, district: str, period: str, form: str) -> dict[tuple[str, str], int]:
    rows = store.rows("select indicator, breakdown, value from current_observations where district = ? and period = ? and form = ?",
                      [district, period, form])
    return {(i, b): int(v) for i, b, v in rows}


def _ingest(store: Store, registry, settings: Settings, paths: list[Path]) -> None:
    ledger = Ledger(store, registry, settings)
    plans = ledger.ingest(ledger.planner.read(paths), actor="测试")
    assert all(p.accepted for p in plans), [i.render() for p in plans for i in p.errors]


@pytest.fixture(scope="module")
def planted(sample_db, registry, tmp_path_factory):
    """The sample city plus six returns, each with one problem; returns (db path, what was planted)."""
    base = tmp_path_factory.mktemp("flags")
    db = base / "planted.duckdb"
    shutil.copy(sample_db, db)
    settings = Settings(db_path=db, archive_dir=base / "archive")
    store = Store.open(db)
    made: dict[str, object] = {}
    files = []

    # 1. 西山区 sends its second-quarter 表一 again as the third quarter's
    q2 = _values(store, "xishan", "2026-Q2", "coverage")
    files.append(write_return(base / "西山区2026Q3表一.xlsx", registry, "xishan", "2026-Q3", "coverage", q2))
    made["copy_previous"] = q2

    # 2. 南港区's 表四 is 东湖区's of the same quarter, everything times 1.1
    donghu = _values(store, "donghu", "2026-Q3", "aid")
    scaled = {k: round(v * 1.1) for k, v in donghu.items()}
    files.append(write_return(base / "南港区2026Q3表四.xlsx", registry, "nangang", "2026-Q3", "aid", scaled))
    made["copy_other"] = (donghu, scaled)

    # 3. 云台市's 表三 written in round hundreds
    comp = _values(store, "yuntai", "2026-Q3", "competitions")
    rounded = {k: (round(v, -2) if v >= 100 and not registry.indicator(k[0]).is_money else v) for k, v in comp.items()}
    files.append(write_return(base / "云台市2026Q3表三.xlsx", registry, "yuntai", "2026-Q3", "competitions", rounded))
    made["round_numbers"] = rounded

    # 4. 白沙县's 基层工会数 (合计) with an extra zero in the second quarter only
    cov = _values(store, "baisha", "2026-Q2", "coverage")
    cov[("unions", "all")] *= 10
    files.append(write_return(base / "白沙县2026Q2表一.xlsx", registry, "baisha", "2026-Q2", "coverage", cov))
    made["stock_spike"] = cov[("unions", "all")]

    # 5. 临江县's 送温暖 money six times what it was (and the 合计 with it)
    aid = _values(store, "linjiang", "2026-Q3", "aid")
    extra = aid[("aid_amount", "warmth")] * 5
    aid[("aid_amount", "warmth")] += extra
    aid[("aid_amount", "all")] += extra
    files.append(write_return(base / "临江县2026Q3表四.xlsx", registry, "linjiang", "2026-Q3", "aid", aid))
    made["ratio_outlier"] = aid

    # 6. 青石县's 参赛职工 (合计) below the second quarter's
    comp = _values(store, "qingshi", "2026-Q3", "competitions")
    before = _values(store, "qingshi", "2026-Q2", "competitions")[("participants", "all")]
    comp[("participants", "all")] = before - 500
    comp[("participants_non_public", "all")] = min(comp[("participants_non_public", "all")], before - 500)
    files.append(write_return(base / "青石县2026Q3表三.xlsx", registry, "qingshi", "2026-Q3", "competitions", comp))
    made["ytd_negative"] = (before, before - 500)

    _ingest(store, registry, settings, files)
    store.close()
    return db, made


@pytest.fixture
def planted_store(planted, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(planted[0], db)
    store = Store.open(db)
    yield store
    store.close()


def _one(frame, kind: str, district: str):
    rows = frame[(frame["kind"] == kind) & (frame["district"] == district)]
    assert len(rows) == 1, frame[["kind", "district", "period", "evidence"]].to_string()
    return rows.iloc[0]


def test_the_clean_sample_raises_only_a_few_ratio_flags(sample_db, registry):
    store = Store.open(sample_db, read_only=True)
    try:
        frame = fl.flags(store, registry)
    finally:
        store.close()
    assert set(frame["kind"]) <= {"ratio_outlier"}
    assert len(frame) <= 5  # genuine outliers of the generator's noise, not typos


def test_a_copied_sheet_is_flagged_with_its_source(planted_store, planted, registry):
    frame = fl.flags(planted_store, registry, ("2026-Q3",))
    row = _one(frame, "copy_previous", "xishan")
    n = sum(1 for (i, _), v in planted[1]["copy_previous"].items() if v and registry.indicator(i).kind in "SPY")
    assert row["类型"] == "疑似照抄上季度报表"
    assert row["evidence"] == f"表一 工会组织建设情况的{n}个数值与上季度（2026年第二季度）完全相同，像是照抄了上季度的报表。"
    assert row["sources"][0].file == "西山区2026Q3表一.xlsx" and row["sources"][0].submission_id == row["submission_id"]
    sid = planted_store.scalar("select id from submissions where district = 'xishan' and period = '2026-Q3' and form = 'coverage' and status = 'active'")
    assert row["submission_id"] == sid
    assert "西山区2026Q3表一.xlsx › 表一" in row["来源"]


def test_a_sheet_copied_from_another_district_and_scaled_is_flagged_on_both(planted_store, registry):
    frame = fl.flags(planted_store, registry, ("2026-Q3",))
    copier = _one(frame, "copy_other", "nangang")
    assert "约是东湖区同季度的1.100倍" in copier["evidence"]
    original = _one(frame, "copy_other", "donghu")
    assert "约是南港区同季度的0.909倍" in original["evidence"]
    assert copier["key"] != original["key"]


def test_round_numbers_against_the_districts_own_history(planted_store, planted, registry):
    frame = fl.flags(planted_store, registry, ("2026-Q3",))
    row = _one(frame, "round_numbers", "yuntai")
    counted = [v for (i, _), v in planted[1]["round_numbers"].items()
               if v >= 100 and not registry.indicator(i).is_money and registry.indicator(i).kind in "SPY"]
    k = sum(v % 100 == 0 for v in counted)
    assert k == len(counted)
    assert f"中100及以上的{len(counted)}个数值（不含金额）有{k}个是100的整数倍（100%）" in row["evidence"]


def test_a_stock_that_jumps_and_falls_back(planted_store, planted, registry):
    frame = fl.flags(planted_store, registry, ("2026-Q2",))
    row = _one(frame, "stock_spike", "baisha")
    q1 = _values(planted_store, "baisha", "2026-Q1", "coverage")[("unions", "all")]
    q3 = _values(planted_store, "baisha", "2026-Q3", "coverage")[("unions", "all")]
    spike = planted[1]["stock_spike"]
    assert row["evidence"].startswith(f"基层工会数（合计）上季度{q1:,}个，本季度{spike:,}个（约为前一季度的{spike / q1:.1f}倍），下季度又回到{q3:,}个")
    assert row["indicator"] == "unions" and row["指标"] == "基层工会数"
    assert len(row["sources"]) == 3


def test_a_ratio_far_from_the_other_districts(planted_store, planted, registry):
    frame = fl.flags(planted_store, registry, ("2026-Q3",))
    flagged = frame[(frame["kind"] == "ratio_outlier") & (frame["district"] == "linjiang")]
    assert len(flagged) == 2  # 户均送温暖金额, and 户均帮扶金额 with it
    row = flagged[flagged["key"].str.contains(":warmth_per_household:")].iloc[0]
    ratios = {}
    for d in registry.districts:
        v = _values(planted_store, d.code, "2026-Q3", "aid")
        ratios[d.code] = v[("aid_amount", "warmth")] / v[("aid_households", "warmth")]
    median = statistics.median(ratios.values())
    mad = statistics.median(abs(x - median) for x in ratios.values())
    z = 0.6745 * (ratios["linjiang"] - median) / mad
    assert row["evidence"].startswith(f"户均送温暖金额为{ratios['linjiang']:,.0f}元/户")
    assert f"同季度10个区县的中位数为{median:,.0f}元/户，明显偏高" in row["evidence"]
    assert f"稳健z值{z:+.1f}" in row["evidence"]
    assert [s.cell for s in row["sources"]] != ["", ""]


def test_a_year_to_date_value_that_falls(planted_store, planted, registry):
    frame = fl.flags(planted_store, registry, ("2026-Q3",))
    rows = frame[(frame["kind"] == "ytd_negative") & (frame["district"] == "qingshi") & (frame["indicator"] == "participants")]
    before, after = planted[1]["ytd_negative"]
    assert any(f"本季度为{after:,}人次，比上季度的{before:,}人次还少，推算出的本季度数为-500人次" in e for e in rows["evidence"])


def test_the_upload_review_shows_the_flags_a_file_would_raise(sample_db_copy, planted, registry, tmp_path):
    store = Store.open(sample_db_copy)
    try:
        path = write_return(tmp_path / "西山区2026Q3表一.xlsx", registry, "xishan", "2026-Q3", "coverage", planted[1]["copy_previous"])
        ledger = Ledger(store, registry, Settings(db_path=sample_db_copy, archive_dir=tmp_path / "archive"))
        plans = ledger.planner.plan(ledger.planner.read([path]))
        frame = fl.flags_for_plans(store, registry, plans)
        row = _one(frame, "copy_previous", "xishan")
        assert row["sources"][0].file == "西山区2026Q3表一.xlsx" and row["sources"][0].submission_id is None
        assert set(frame["district"]) == {"xishan"} and set(frame["period"]) == {"2026-Q3"}
        assert fl.flags(store, registry, ("2026-Q3",), ("xishan",)).empty  # nothing stored yet
    finally:
        store.close()


def test_a_verified_flag_stops_counting_and_is_audited(planted_store, registry):
    counts = fl.flag_counts(planted_store, registry, ("2026-Q3",)).set_index(["district", "period"])["flags"]
    frame = fl.flags(planted_store, registry, ("2026-Q3",), ("xishan",))
    key = _one(frame, "copy_previous", "xishan")["key"]
    before = counts[("xishan", "2026-Q3")]

    with pytest.raises(PermissionDenied):
        fl.verify(planted_store, key, "看过了", User("李书记", Role.viewer))
    with pytest.raises(ValueError, match="请写明核实情况"):
        fl.verify(planted_store, key, "  ", ANALYST)
    fl.verify(planted_store, key, "已电话核实：本季度各项数确与上季度相同", ANALYST, evidence=frame.iloc[0]["evidence"])

    after = fl.flag_counts(planted_store, registry, ("2026-Q3",)).set_index(["district", "period"])["flags"]
    assert after.get(("xishan", "2026-Q3"), 0) == before - 1
    shown = fl.flags(planted_store, registry, ("2026-Q3",), ("xishan",)).set_index("key").loc[key]
    assert shown["verified"] and shown["note"] == "已电话核实：本季度各项数确与上季度相同" and shown["verified_by"] == "王统计"
    assert key not in set(fl.flags(planted_store, registry, ("2026-Q3",), include_verified=False)["key"])
    reviews = fl.verified_flags(planted_store)
    assert list(reviews["flag_key"]) == [key] and reviews.iloc[0]["district"] == "xishan"
    audit = planted_store.rows("select actor, action, detail from audit_log where action in ('verify_flag', 'denied') order by logged_at")
    assert ("王统计", "verify_flag") in [(a, b) for a, b, _ in audit] and any(a == "李书记" and b == "denied" for a, b, _ in audit)
    assert any(key in d and "已电话核实" in d for _, b, d in audit if b == "verify_flag")

    assert fl.reopen(planted_store, key, ANALYST)
    assert fl.flag_counts(planted_store, registry, ("2026-Q3",)).set_index(["district", "period"])["flags"][("xishan", "2026-Q3")] == before
    assert not fl.reopen(planted_store, key, ANALYST)


def test_flag_keys_are_stable(planted_store, registry):
    one = fl.flags(planted_store, registry)
    two = fl.flags(planted_store, registry, ("2026-Q3", "2026-Q2"))
    assert set(two["key"]) <= set(one["key"])
    assert list(fl.flags(planted_store, registry)["key"]) == list(one["key"])
    with pytest.raises(ValueError):
        fl.verify(planted_store, "no-such-kind:x:2026-Q3", "x", ANALYST)


def test_a_schema_2_database_is_upgraded(tmp_path, registry):
    db = tmp_path / "v2.duckdb"
    store = Store.open(db)
    with store.transaction() as tx:
        back_to_schema_3(tx)
        tx.execute("drop table flag_reviews")
        tx.execute("update meta set value = '2' where key = 'schema_version'")
    store.close()
    store = Store.open(db)
    try:
        assert store.scalar("select value from meta where key = 'schema_version'") == SCHEMA_VERSION
        assert fl.verified_flags(store).empty
        fl.verify(store, "copy_previous:xishan:2026-Q3:coverage::s1-s2", "核实无误", ANALYST)
        assert len(fl.verified_flags(store)) == 1
    finally:
        store.close()
