"""报送情况 (issue 13): each cell shows its strongest state and keeps the others with their details —
a corrected quarter says 已更正 (and still its warnings), a form holding fewer indicators than it should
makes the quarter 部分报送, missing forms and late forms are named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter
from streamlit.testing.v1 import AppTest

from insights import completeness as cmp
from insights.queries import completeness
from pipelines.ledger import Ledger
from pipelines.registry import Registry, load_registry
from pipelines.store import Store
from tests.browser import ROOT
from tests.builders import consistent_values, resync_current, write_return

PERIOD = "2025-Q3"  # due 2025-10-15 with the city's 15 days
ON_TIME = dt.datetime(2025, 10, 10, 9, 30)
FORMS = ("coverage", "membership", "competitions", "aid")


def ingest(ledger: Ledger, path: Path) -> None:
    [plan] = ledger.ingest(ledger.planner.read([path]), actor="测试")
    assert plan.accepted, [i.render() for i in plan.errors]


def received_at(store: Store, when: dt.datetime, form: str | None = None, district: str = "donghu") -> None:
    """Returns built in a test arrive now; say when they arrived instead."""
    with store.transaction() as t:
        t.execute("update submissions set uploaded_at = ? where district = ? and period = ? and (? is null or form = ?)",
                  [when, district, PERIOD, form, form])


def whole_quarter(ledger: Ledger, registry: Registry, tmp_path: Path, forms: tuple[str, ...] = FORMS, district: str = "donghu") -> None:
    for form in forms:
        (tmp_path / form).mkdir(exist_ok=True)
        ingest(ledger, write_return(tmp_path / form / f"{registry.district(district).name}2025Q3.xlsx", registry, district, PERIOD, form,
                                    consistent_values(registry, form)))
    received_at(ledger.store, ON_TIME, district=district)  # type: ignore[arg-type]


def correct_coverage(ledger: Ledger, registry: Registry, tmp_path: Path) -> None:
    """表一 sent again with one group raised: a new version, whose groups no longer add up (a warning)."""
    values = consistent_values(registry, "coverage")
    values[("unions_new_ytd", "government")] = int(values[("unions_new_ytd", "government")]) + 300  # type: ignore[call-overload]
    (tmp_path / "v2").mkdir()
    ingest(ledger, write_return(tmp_path / "v2" / "东湖区2025Q3.xlsx", registry, "donghu", PERIOD, "coverage", values))


def cell(store: Store, district: str = "donghu", deadline_days: int = 15) -> dict:
    frame = completeness(store, load_registry(), (PERIOD,), deadline_days)
    return frame[frame["district"] == district].iloc[0].to_dict()


def test_a_whole_quarter_on_time_is_received_with_its_dates(ledger, store, registry, tmp_path):
    whole_quarter(ledger, registry, tmp_path)
    c = cell(store)
    assert (c["状态"], c["states"]) == ("已报送", ("received",))
    assert c["详情"] == "已报送：四张表齐全，按时报送，没有提醒\n首次报送 2025-10-10；截止 2025-10-15"


def test_a_corrected_quarter_shows_corrected_and_keeps_its_warnings(ledger, store, registry, tmp_path):
    whole_quarter(ledger, registry, tmp_path)
    correct_coverage(ledger, registry, tmp_path)
    c = cell(store)
    assert c["状态"] == "已更正"
    assert c["states"] == ("corrected", "warnings")
    lines = c["详情"].split("\n")
    assert lines[0] == "已更正：表一更正 1 次（现为第 2 版）"
    assert lines[1].startswith("有提醒：") and "表一" in lines[1]
    # Lateness is judged on the first receipt: a correction after the deadline does not make it late.
    assert lines[2] == "首次报送 2025-10-10；截止 2025-10-15"


def test_a_rolled_back_correction_still_shows_the_quarter_was_corrected(ledger, store, registry, tmp_path):
    whole_quarter(ledger, registry, tmp_path)
    correct_coverage(ledger, registry, tmp_path)
    newest = store.scalar("select max(id) from submissions where form = 'coverage'")
    ledger.rollback(newest, actor="测试")
    c = cell(store)
    assert c["states"] == ("corrected",)
    assert c["详情"].split("\n")[0] == "已更正：表一更正 1 次、回退 1 次（现为第 1 版）"


def test_a_form_holding_two_of_its_indicators_makes_the_quarter_partial(ledger, store, registry, tmp_path):
    whole_quarter(ledger, registry, tmp_path)
    # 表四 in force now holds 2 of its 8 indicators (as a half form stored earlier would).
    aid = store.scalar("select id from submissions where form = 'aid' and status = 'active'")
    with store.transaction() as t:
        t.execute("delete from observations where submission_id = ? and indicator not in ('aid_households', 'aid_amount')", [aid])
        resync_current(t)
    c = cell(store)
    assert c["状态"] == "部分报送"
    assert c["states"][0] == "partial"
    assert c["详情"].split("\n")[0] == f"部分报送：表四只有 2/{cmp.expected_indicators(registry, 'aid')} 个指标"


def _aid_missing_columns(path: Path) -> Path:
    """表四 with five of its eight indicators: stored, with a header.missing_indicator warning for each other."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表四")
    ws.write(0, 0, "东湖区2025年1-9月困难职工帮扶和慰问情况统计表")
    ws.write(1, 0, "填报单位：东湖区总工会")
    ws.write_row(2, 0, ["项目", "帮扶户数（户）", "帮扶人次（人次）", "帮扶金额（元）", "其中：工会经费（元）", "财政资金（元）"])
    for n, row in enumerate([["合计", 30, 40, 9000, 5000, 4000], ["生活救助", 20, 25, 6000, 3000, 3000], ["医疗救助", 10, 15, 3000, 2000, 1000]]):
        ws.write_row(3 + n, 0, row)
    wb.close()
    return path


def test_a_half_form_stored_with_warnings_makes_the_quarter_partial(ledger, store, registry, tmp_path):
    whole_quarter(ledger, registry, tmp_path, forms=("coverage", "membership", "competitions"))
    ingest(ledger, _aid_missing_columns(tmp_path / "东湖区2025年1-9月帮扶.xlsx"))
    received_at(store, ON_TIME, form="aid")
    c = cell(store)
    assert c["states"] == ("partial", "warnings")
    assert c["详情"].split("\n")[0] == "部分报送：表四只有 5/8 个指标"


def test_missing_and_late_forms_are_named(ledger, store, registry, tmp_path):
    whole_quarter(ledger, registry, tmp_path, forms=("coverage", "membership"))
    received_at(store, dt.datetime(2025, 10, 20, 16, 0), form="membership")
    c = cell(store)
    assert c["状态"] == "部分报送"
    assert c["states"] == ("partial", "late")
    assert c["详情"].split("\n") == [
        "部分报送：缺表三、表四",
        "逾期报送：表二晚于截止日 2025-10-15，最晚 2025-10-20 才报送（晚 5 天）",
        "首次报送 2025-10-10；截止 2025-10-15",
    ]
    nothing = cell(store, district="xishan")
    assert (nothing["状态"], nothing["详情"]) == ("缺报", "缺报：本季度没有任何报表（截止 2025-10-15）")


def test_the_deadline_comes_from_the_city_setting(ledger, store, registry, tmp_path):
    whole_quarter(ledger, registry, tmp_path)
    assert cell(store, deadline_days=5)["states"] == ("late",)  # due 2025-10-05, received 2025-10-10
    assert cell(store, deadline_days=10)["states"] == ("received",)  # due on the day of receipt


def open_status(db: Path, monkeypatch) -> AppTest:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("UNIONSTATS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/status.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_status_page_cell_tooltip_and_detail(ledger, store, registry, tmp_path, settings, monkeypatch):
    whole_quarter(ledger, registry, tmp_path)
    correct_coverage(ledger, registry, tmp_path)
    store.close()
    at = open_status(settings.db_path, monkeypatch)
    matrix = at.dataframe[0]
    # The strongest state, and how many more the cell holds.
    assert matrix.value.loc["东湖区", "2025年第三季度"] == "已更正 +1"
    assert matrix.value.loc["西山区", "2025年第三季度"] == "缺报"
    # Short headers keep eight quarters on a laptop screen; the header's tooltip lists every state.
    import json

    columns = json.loads(matrix.proto.columns)
    header = columns["2025年第三季度"]
    assert header["label"] == "2025Q3"
    assert "**东湖区**" in header["help"] and "已更正：表一更正 1 次" in header["help"] and "有提醒" in header["help"]
    # The detail of the cell (a click on it sets these two) lists all its states.
    at.selectbox(key="status_district").set_value("donghu").run()
    at.selectbox(key="status_period").set_value(PERIOD).run()
    detail = "\n".join(m.value for m in at.markdown)
    assert "已更正：表一更正 1 次（现为第 2 版）" in detail and "有提醒：" in detail
    # The warnings of the chosen version in a wrapping table: 处理办法 is read in full.
    # It opens on the version in force that has warnings.
    assert at.selectbox(key="status_version").value == store_id(settings.db_path, "coverage", 2)
    [warnings] = [t.value for t in at.table if "处理办法" in t.value.columns]
    assert warnings.index.name == "位置" and all(warnings["处理办法"].str.len() > 0)


def store_id(db: Path, form: str, version: int) -> int:
    s = Store.open(db)
    try:
        return int(s.scalar("select id from submissions where form = ? and version = ?", [form, version]))
    finally:
        s.close()
