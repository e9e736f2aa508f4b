"""数据疑点 on 报送情况 and in the upload review (issue 16 part 2), in AppTest on the sample city with the
planted returns of tests/test_flags.py: a cell counts its flags not yet verified, the 数据疑点 section lists
each with the numbers that raised it (worked out here from the planted values) and its source cells, a
flag's source opens that submission in the history, an analyst marks a flag 已核实 (it stops counting, an
audit row is written) and a district uploader cannot; the upload review shows the flag of a file that
copies last quarter without blocking its import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.store import Store
from pipelines.users import Role, UsersFile
from tests.browser import ROOT
from tests.builders import write_return
from tests.test_flags import planted  # noqa: F401 - the module fixture: the sample city plus six planted returns

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORDS = {"analyst1": "Analyst-pass-0002", "donghu1": "Donghu-pass-0004"}
Q3 = "2026年第三季度"


@pytest.fixture(scope="module")
def users(tmp_path_factory, registry) -> Path:
    path = tmp_path_factory.mktemp("flagusers") / "users.json"
    uf = UsersFile(path)
    uf.add("analyst1", Role.analyst, PASSWORDS["analyst1"])
    uf.add("donghu1", Role.district, PASSWORDS["donghu1"], ["donghu"], [d.code for d in registry.districts])
    uf.save()
    return path


@pytest.fixture
def db(planted, tmp_path) -> Path:  # noqa: F811
    target = tmp_path / "flags.duckdb"
    shutil.copy(planted[0], target)
    return target


def open_status(db: Path, monkeypatch, users: Path | None = None, name: str | None = None) -> AppTest:
    monkeypatch.setenv("UNIONSTATS_DB", str(db))
    if users is not None:
        monkeypatch.setenv("UNIONSTATS_USERS", str(users))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    if name:
        at.text_input(key="login_name").input(name)
        at.text_input(key="login_password").input(PASSWORDS[name])
        at.button[0].click().run()
        assert not at.error, [e.value for e in at.error]
    at.switch_page("pages/status.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def values_of(db: Path, district: str, period: str, form: str) -> dict[tuple[str, str], int]:
    s = Store.open(db)
    try:
        rows = s.rows("select indicator, breakdown, value from current_observations where district = ? and period = ? and form = ?",
                      [district, period, form])
        return {(i, b): int(v) for i, b, v in rows}
    finally:
        s.close()


def copied_count(registry, values: dict[tuple[str, str], int]) -> int:
    """How many values a copied return has in common with the quarter before: the non-zero values a
    district writes itself (stocks, period and year-to-date counts; not tasks, not derived ones)."""
    return sum(1 for (i, _), v in values.items() if v and registry.indicator(i).kind in ("S", "P", "Y"))


def flag_table(at: AppTest):
    [table] = [t.value for t in at.table if "依据" in t.value.columns]
    return table


def row_of(table, district: str, kind: str):
    rows = table[(table["区县"] == district) & (table["类型"] == kind)]
    assert len(rows) == 1, table[["区县", "季度", "类型"]].to_string()
    return rows.iloc[0]


def choose(at: AppTest, district: str, kind: str) -> None:
    box = at.selectbox(key="flag_chosen")
    [option] = [o for o in box.options if f" {district} {Q3} {kind}" in o]
    box.select(option).run()
    assert not at.exception, [e.value for e in at.exception]


def cell(at: AppTest, district: str) -> str:
    return str(at.dataframe[0].value.loc[district, Q3])


def falls_below(registry, db: Path, district: str, form: str, values: dict[tuple[str, str], int]) -> int:
    """Year-to-date values of a third-quarter return below the same district's second quarter: each
    implies a negative quarter."""
    q2 = values_of(db, district, "2026-Q2", form)
    return sum(1 for k, v in values.items() if registry.indicator(k[0]).kind == "Y" and k in q2 and v < q2[k])


def test_cells_count_the_flags_the_planted_returns_raise(db, planted, registry, monkeypatch):  # noqa: F811
    made = planted[1]
    # Worked out from what was planted (tests/test_flags.py), quarter 2026年第三季度:
    expected = {
        "西山区": 1,  # its 表一 of the quarter before, copied
        "东湖区": 1,  # 南港区's 表四 is its own times 1.1: both are flagged
        # ... and each of 南港区's year-to-date values that fell below its own second quarter's
        "南港区": 1 + falls_below(registry, db, "nangang", "aid", made["copy_other"][1]),
        "临江县": 2,  # 送温暖 money six times over: 户均送温暖金额, and 户均帮扶金额 with it
        "青石县": falls_below(registry, db, "qingshi", "competitions", values_of(db, "qingshi", "2026-Q3", "competitions")),
        "云台市": 1,  # 表三 in round hundreds
    }
    assert expected["南港区"] > 1 and expected["青石县"] == 1
    at = open_status(db, monkeypatch)
    for d in registry.districts:
        n = expected.get(d.name, 0)
        assert cell(at, d.name).endswith(f" 疑{n}") if n else "疑" not in cell(at, d.name), (d.name, cell(at, d.name), n)
    assert cell(at, "西山区") == "已更正 疑1"  # the planted 表一 replaced the sample's: a second version
    # The cell's details name them (the quarter's tooltip and the detail below the matrix).
    import json

    header = json.loads(at.dataframe[0].proto.columns)[Q3]
    [linjiang] = [line for line in header["help"].split("\n") if line.startswith("- **临江县**")]
    assert linjiang.endswith("数据疑点：2 条待核实（比率与其他区县差异大）")
    at.selectbox(key="status_district").set_value("xishan").run()
    at.selectbox(key="status_period").set_value("2026-Q3").run()
    assert any("数据疑点：1 条待核实（疑似照抄上季度报表）" in m.value for m in at.markdown)
    # Every count on the matrix is the number of flags not yet verified that the section lists for the cell.
    table = flag_table(at)
    for district, row in at.dataframe[0].value.iterrows():
        for label, text in row.items():
            short = f"{label[:4]}Q{'一二三四'.index(label[6]) + 1}"
            listed = ((table["区县"] == district) & (table["季度"] == short) & (table["状态"] == "待核实")).sum()
            assert (f" 疑{listed}" in text) if listed else ("疑" not in text), (district, label, text, listed)


def test_the_section_lists_each_flag_with_its_numbers_and_cells(db, planted, registry, monkeypatch):  # noqa: F811
    at = open_status(db, monkeypatch)
    table = flag_table(at)
    assert list(table.columns) == ["区县", "季度", "报表", "类型", "指标", "依据", "来源", "状态"]
    n = copied_count(registry, planted[1]["copy_previous"])
    row = row_of(table, "西山区", "疑似照抄上季度报表")
    assert (row["季度"], row["报表"], row["状态"]) == ("2026Q3", "表一", "待核实")
    assert row["依据"] == f"表一 工会组织建设情况的{n}个数值与上季度（2026年第二季度）完全相同，像是照抄了上季度的报表。"
    assert row["来源"].startswith("西山区2026Q3表一.xlsx › 表一；")
    before, after = planted[1]["ytd_negative"]
    falls = table[(table["区县"] == "青石县") & (table["类型"] == "推算的本季度数为负") & (table["指标"] == "参赛职工")]
    assert any(f"本季度为{after:,}人次，比上季度的{before:,}人次还少，推算出的本季度数为{after - before:,}人次" in e for e in falls["依据"])
    # The method beside the result, in plain Chinese (the ? of the section's title).
    [title] = [h for h in at.subheader if h.value == "数据疑点"]
    assert title.proto.help.startswith("数据疑点只是提醒，不影响导入")
    # Filters: one district, one quarter.
    at.multiselect(key="flag_districts").set_value(["xishan"]).run()
    at.multiselect(key="flag_periods").set_value(["2026-Q3"]).run()
    assert set(flag_table(at)["区县"]) == {"西山区"} and set(flag_table(at)["季度"]) == {"2026Q3"}


def test_a_flags_source_shows_its_cells_and_opens_the_submission(db, registry, monkeypatch):
    s = Store.open(db)
    sid = s.scalar("select id from submissions where district = 'qingshi' and period = '2026-Q3' and form = 'competitions' and status = 'active'")
    s.close()
    at = open_status(db, monkeypatch)
    choose(at, "青石县", "推算的本季度数为负")
    # The stored sheet around the cell the number came from, that cell marked.
    sheets = [d for d in at.dataframe[1:] if "A" in d.value.columns]
    assert sheets and any(str(sheets[0].value.loc[r, "A"]) == "合计" for r in sheets[0].value.index)
    assert any("青石县2026Q3表三.xlsx › 表三" in m.value and f"#{sid}" in m.value for m in at.markdown)
    at.button(key="flag_open_0").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert (at.selectbox(key="status_district").value, at.selectbox(key="status_period").value) == ("qingshi", "2026-Q3")
    assert at.selectbox(key="status_version").value == sid
    assert any(f"已在下方“查看某区县某季度”中打开 #{sid}" in m.value for m in at.success)
    [download] = [b for b in at.get("download_button") if b.proto.label == "下载原始文件"]
    assert download is not None


def test_an_analyst_marks_a_flag_verified_and_it_stops_counting(db, users, monkeypatch):
    at = open_status(db, monkeypatch, users, "analyst1")
    assert cell(at, "西山区") == "已更正 疑1"
    choose(at, "西山区", "疑似照抄上季度报表")
    at.get("form_submit_button")[0].click().run()  # no note
    assert [e.value for e in at.error] == ["请写明核实情况（例如：已电话核实，数据无误）。"]
    at.text_area(key="flag_note").input("已电话核实：西山区本季度表一各项数确与上季度相同")
    at.get("form_submit_button")[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value.startswith("已标记为已核实：西山区2026年第三季度疑似照抄上季度报表") for m in at.success)
    assert cell(at, "西山区") == "已更正"
    row = row_of(flag_table(at), "西山区", "疑似照抄上季度报表")
    assert row["状态"].startswith("已核实：已电话核实：西山区本季度表一各项数确与上季度相同（analyst1，")
    s = Store.open(db)
    try:
        audit = s.rows("select actor, action, detail from audit_log where action = 'verify_flag'")
        assert [(a, b) for a, b, _ in audit] == [("analyst1", "verify_flag")] and "已电话核实" in audit[0][2]
    finally:
        s.close()
    # Reopened, it counts again.
    choose(at, "西山区", "疑似照抄上季度报表")
    at.button(key="flag_reopen").click().run()
    assert cell(at, "西山区") == "已更正 疑1"
    assert row_of(flag_table(at), "西山区", "疑似照抄上季度报表")["状态"] == "待核实"


def test_a_district_uploader_sees_its_own_flags_and_cannot_mark_them(db, users, monkeypatch):
    at = open_status(db, monkeypatch, users, "donghu1")
    table = flag_table(at)
    assert set(table["区县"]) == {"东湖区"}
    assert list(at.dataframe[0].value.index) == ["东湖区"]
    assert not at.get("form_submit_button") and not at.get("text_area")
    assert any("标记“已核实”由市总工会统计员或管理员操作" in c.value for c in at.caption)
    # 东湖区's 表四 and 南港区's, one the other times 1.1: its own sheet is shown, 南港区's only named.
    choose(at, "东湖区", "疑似照抄其他区县报表")
    assert len([d for d in at.dataframe[1:] if "A" in d.value.columns]) == 1
    assert any(c.value.startswith("来源：南港区2026Q3表四.xlsx › 表四（南港区的报表，只有市总工会可查看原表）") for c in at.caption)


def test_the_upload_review_shows_the_flag_of_a_file_that_copies_last_quarter(sample_db_copy, registry, monkeypatch, tmp_path):
    q2 = values_of(sample_db_copy, "xishan", "2026-Q2", "coverage")
    path = write_return(tmp_path / "西山区2026Q3表一.xlsx", registry, "xishan", "2026-Q3", "coverage", q2)
    monkeypatch.setenv("UNIONSTATS_DB", str(sample_db_copy))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value([(path.name, path.read_bytes(), XLSX)]).run()
    assert not at.exception, [e.value for e in at.exception]
    problems = [t.value.reset_index() for t in at.table if "问题" in t.value.columns]
    flagged = [r for _, r in problems[0].iterrows() if r["问题"].startswith("数据疑点（疑似照抄上季度报表）：")]
    assert len(flagged) == 1
    assert flagged[0]["严重程度"] == "提醒" and flagged[0]["位置"] == "西山区2026Q3表一.xlsx › 表一"
    assert f"{copied_count(registry, q2)}个数值与上季度（2026年第二季度）完全相同" in flagged[0]["问题"]
    assert "不影响导入" in flagged[0]["处理办法"]
    # Never blocking: the file is importable, and once imported the flag counts on 报送情况.
    assert [m.value for m in at.metric][:2] == ["1", "0"]
    at.button(key="commit").click().run()
    assert any("已导入 1 个文件" in s.value for s in at.success)
    status = open_status(sample_db_copy, monkeypatch)
    assert cell(status, "西山区").endswith(" 疑1")
