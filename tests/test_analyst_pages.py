"""The analyst pages in AppTest: upload (good, bad, resubmission), status, data, templates, sample removal."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import python_calamine
from streamlit.testing.v1 import AppTest

from pipelines.store import Store
from tests.browser import ROOT
from tests.builders import consistent_values, write_return

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_page(db, monkeypatch, page: str) -> AppTest:
    monkeypatch.setenv("UNIONSTATS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def stored(db, district: str, period: str) -> dict[tuple[str, str], Decimal]:
    s = Store.open(db)
    try:
        rows = s.rows("select indicator, breakdown, value from current_observations where district = ? and period = ?", [district, period])
        return {(i, b): v for i, b, v in rows}
    finally:
        s.close()


def test_upload_good_bad_and_resubmission(tmp_path, registry, monkeypatch):
    db = tmp_path / "app.duckdb"
    values = consistent_values(registry, "coverage")
    good = write_return(tmp_path / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "coverage", values)
    bad_values = dict(values)
    bad_values[("members_female", "soe")] = int(values[("members", "soe")]) + 1  # type: ignore[call-overload]
    bad = write_return(tmp_path / "西山区2025Q3.xlsx", registry, "xishan", "2025-Q3", "coverage", bad_values)

    at = open_page(db, monkeypatch, "pages/upload.py")
    at.file_uploader[0].set_value([(good.name, good.read_bytes(), XLSX), (bad.name, bad.read_bytes(), XLSX)]).run()
    assert not at.exception
    assert [m.value for m in at.metric][:2] == ["1", "1"]
    # A static table, so 问题 and 处理办法 wrap and are read in full on a laptop screen.
    problems = [t.value.reset_index() for t in at.table if "问题" in t.value.columns]
    assert len(problems) == 1
    assert problems[0][["严重程度", "位置"]].values.tolist() == [["错误", "西山区2025Q3.xlsx › 表一 › I7"], ["提醒", "西山区2025Q3.xlsx › 表一 › I4"]]
    assert "大于“国有企业·会员人数”" in problems[0]["问题"].iloc[0]
    assert "各分组之和" in problems[0]["问题"].iloc[1]  # the raised row no longer adds up to 合计
    assert at.get("download_button")  # the issue report for the district
    at.button(key="commit").click().run()
    assert any("已导入 1 个文件" in s.value for s in at.success)
    assert stored(db, "donghu", "2025-Q3") == {k: Decimal(str(v)) for k, v in values.items()}
    assert stored(db, "xishan", "2025-Q3") == {}

    # resubmission with one changed cell: the diff shows old → new, and the new version is stored
    changed = dict(values)
    changed[("unions_new_ytd", "government")] = int(values[("unions_new_ytd", "government")]) + 3  # type: ignore[call-overload]
    changed[("unions_new_ytd", "all")] = int(values[("unions_new_ytd", "all")]) + 3  # type: ignore[call-overload]
    (tmp_path / "v2").mkdir()
    again = write_return(tmp_path / "v2" / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "coverage", changed)
    at = open_page(db, monkeypatch, "pages/upload.py")
    at.file_uploader[0].set_value([(again.name, again.read_bytes(), XLSX)]).run()
    diffs = [df.value for df in at.dataframe if "原值" in df.value.columns]
    assert len(diffs) == 1
    assert diffs[0][["单元格", "分组", "原值", "新值"]].values.tolist() == [
        ["K4", "合计", f"{values[('unions_new_ytd', 'all')]} 个", f"{changed[('unions_new_ytd', 'all')]} 个"],
        ["K5", "机关", f"{values[('unions_new_ytd', 'government')]} 个", f"{changed[('unions_new_ytd', 'government')]} 个"],
    ]
    at.button(key="commit").click().run()
    assert stored(db, "donghu", "2025-Q3")[("unions_new_ytd", "government")] == Decimal(changed[("unions_new_ytd", "government")])  # type: ignore[arg-type]

    status = open_page(db, monkeypatch, "pages/status.py")
    matrix = status.dataframe[0].value
    assert matrix.loc["东湖区", "2025年第三季度"] == "部分报送 +2"  # only 表一 of four; also late and corrected
    assert matrix.loc["西山区", "2025年第三季度"] == "缺报"
    status.selectbox(key="status_district").set_value("donghu").run()
    status.selectbox(key="status_period").set_value("2025-Q3").run()
    history = [df.value for df in status.dataframe if "版本" in df.value.columns][0]
    assert history["版本"].tolist() == [2, 1]
    assert history["状态"].tolist() == ["当前版本", "已被新版本替代"]


def test_data_page_shows_provenance_and_exports_exact_values(sample_db_copy, monkeypatch):
    at = open_page(sample_db_copy, monkeypatch, "pages/data.py")
    table = at.dataframe[0].value
    row = table[(table["区县"] == "东湖区") & (table["指标"] == "帮扶金额") & (table["分组"] == "合计")].iloc[0]
    s = Store.open(sample_db_copy)
    value, sheet, cell = s.rows("select value, sheet, cell from current_observations where district='donghu' and period='2026-Q3' "
                                "and indicator='aid_amount' and breakdown='all'")[0]
    s.close()
    assert (row["数值"], row["工作表"], row["单元格"]) == (float(value), sheet, cell)
    assert row["来源文件"].startswith(("东湖区", "2026"))
    # Numbers stay numbers: the grid sorts 999 < 9978, and both exports hold numbers, not text.
    assert table["数值"].dtype == "float64"
    from insights.export import to_csv, to_xlsx

    exported = list(csv.reader(io.StringIO(to_csv(table).decode("utf-8-sig"))))
    assert float(exported[1][5]) == table["数值"].iloc[0] and not exported[1][5].endswith(".0")
    sheet = python_calamine.CalamineWorkbook.from_object(io.BytesIO(to_xlsx(table))).get_sheet_by_index(0).to_python()
    assert all(isinstance(r[5], float) for r in sheet[1:])
    assert [r[5] for r in sheet[1:]] == table["数值"].tolist()
    import zipfile

    styles = zipfile.ZipFile(io.BytesIO(to_xlsx(table))).read("xl/styles.xml").decode()
    assert 'formatCode="#,##0.00"' in styles and 'formatCode="#,##0"' in styles


def test_remove_and_reload_sample(sample_db_copy, monkeypatch):
    at = open_page(sample_db_copy, monkeypatch, "pages/manage.py")
    at.checkbox(key="confirm_remove_sample").check().run()
    at.button(key="remove_sample").click().run()
    s = Store.open(sample_db_copy)
    assert s.scalar("select count(*) from submissions") == 0
    assert s.scalar("select count(*) from observations") == 0
    assert s.scalar("select value from meta where key = 'sample_removed'") == "true"
    s.close()
    overview = open_page(sample_db_copy, monkeypatch, "pages/overview.py")
    assert not overview.warning  # the 示例数据 notice is gone
    assert "还没有任何报表" in overview.info[0].value


def test_status_page_downloads_the_original_and_rolls_back(sample_db_copy, monkeypatch):
    s = Store.open(sample_db_copy)
    sid, version = s.rows("select id, version from submissions where district='donghu' and period='2026-Q3' and form='coverage'")[0]
    s.close()
    at = open_page(sample_db_copy, monkeypatch, "pages/status.py")
    at.selectbox(key="status_district").set_value("donghu").run()
    at.selectbox(key="status_period").set_value("2026-Q3").run()
    at.selectbox(key="status_version").set_value(sid).run()
    assert not at.exception
    download = at.get("download_button")[0]
    assert download.proto.label == "下载原始文件"
    at.checkbox(key="confirm_rollback").check().run()
    at.button(key="rollback").click().run()
    assert not at.exception
    s = Store.open(sample_db_copy)
    assert s.scalar("select status from submissions where id = ?", [sid]) == "rolled_back"
    assert s.scalar("select count(*) from current_observations where district='donghu' and period='2026-Q3' and form='coverage'") == 0
    s.close()


def test_changed_cells_are_marked_in_the_sheet_preview():
    from pipelines.grid import Sheet
    from ui.review import highlighted, sheet_frame

    frame = sheet_frame(Sheet("表一", [["项目", "基层工会数"], ["合计", 12], ["机关", 3]]))
    styles = highlighted(frame, ["B3"])._compute().ctx  # (row position, column position) -> css
    assert styles[(2, 1)] == [("background-color", "#FFE08A"), ("font-weight", "600")]
    assert (1, 1) not in styles or not styles[(1, 1)]
