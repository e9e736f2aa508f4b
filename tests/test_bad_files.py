"""Files that are no spreadsheet, or are broken, get a clear Chinese message; nothing is stored and
the store is unchanged; the process goes on with the other files."""

from __future__ import annotations

import io
import zipfile

import pytest

from pipelines.config import Limits
from pipelines.readers import read_bytes
from tests.builders import consistent_values, write_return


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def encrypted_ole() -> bytes:
    # An OLE2 container holding an EncryptionInfo stream: how Excel saves a password-protected .xlsx
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 2048


BAD = [
    ("报表.xls", "<html><body><table><tr><td>东湖区</td></tr></table></body></html>".encode(), "file.not_spreadsheet", "网页（HTML）文件"),
    ("扫描件.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "file.not_spreadsheet", "图片"),
    ("报表.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "file.not_spreadsheet", "PDF 文件"),
    ("报表.xlsx", docx(), "file.not_spreadsheet", "Word 文档"),
    ("加密.xlsx", encrypted_ole(), "file.password", None),
    ("空.xls", b"", "file.empty", None),
    ("截断.xlsx", None, "file.corrupt", None),  # a real workbook cut in half, filled in below
    ("乱码.csv", "东湖区,1\n".encode("utf-16-le"), "file.encoding", None),
    ("说明.txt.xls", "这是一份说明，不是报表".encode(), "file.text_named_workbook", None),  # issue 11: said to be text
    ("说明.md", "这是一份说明，不是报表".encode(), "file.unsupported", None),
    ("改名的压缩包.xlsx", None, "file.zip_named_workbook", None),  # a zip without a workbook, filled in below
    ("坏压缩包.zip", b"PK\x03\x04broken", "zip.corrupt", None),
]


@pytest.mark.parametrize(("name", "data", "code", "kind"), BAD, ids=[b[0] + "-" + b[2] for b in BAD])
def test_bad_file_gets_one_clear_error(name, data, code, kind, tmp_path, registry):
    if data is None and code == "file.zip_named_workbook":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("说明.txt", "不是报表")
        data = out.getvalue()
    elif data is None:
        good = write_return(tmp_path / "x.xlsx", registry, "donghu", "2025-Q3", "coverage", consistent_values(registry, "coverage"))
        data = good.read_bytes()[:1500]
    [result] = read_bytes(data, name)
    assert result.workbook is None
    assert [i.code for i in result.issues] == [code]
    issue = result.issues[0]
    assert issue.file == name and issue.severity == "error"
    if kind:
        assert issue.params["kind"] == kind
    assert "请" in issue.render()  # says what to do


def test_over_size_file_is_refused_before_reading():
    [result] = read_bytes(b"x" * 2048, "大.xlsx", Limits(max_file_bytes=1024))
    assert [i.code for i in result.issues] == ["file.too_large"]
    assert "2.0 KB" in result.issues[0].message or "MB" in result.issues[0].message


def test_bad_files_leave_the_store_unchanged_and_the_good_one_lands(tmp_path, registry, ledger, store):
    good = write_return(tmp_path / "西山区2025Q3.xlsx", registry, "xishan", "2025-Q3", "aid", consistent_values(registry, "aid"))
    bad = [tmp_path / "网页.xls", tmp_path / "图片.xlsx"]
    bad[0].write_bytes(BAD[0][1])
    bad[1].write_bytes(BAD[1][1])
    plans = ledger.ingest(ledger.planner.read([*bad, good]), actor="测试")
    assert [p.accepted for p in plans] == [False, False, True]
    assert store.rows("select distinct district from current_observations") == [("xishan",)]
    assert store.scalar("select count(*) from files") == 1


def test_a_value_the_database_cannot_hold_is_a_store_error_that_says_so(store):
    from pipelines.errors import StoreError

    with pytest.raises(StoreError, match="超出数据库能保存的范围"), store.transaction() as tx:
        tx.execute("select cast('1e40' as decimal(38, 6))")
    assert store.scalar("select 1") == 1  # the connection is usable after the failed transaction


def test_one_file_the_database_refuses_does_not_sink_the_batch(tmp_path, registry, ledger, store, monkeypatch):
    """Files of one period are committed in one transaction; when that fails, each goes alone: the
    file the database refuses gets the message, the others are stored, and its original is not archived."""
    from pipelines.errors import StoreError
    from pipelines.ledger import Ledger

    refused = write_return(tmp_path / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "coverage", consistent_values(registry, "coverage"))
    good = write_return(tmp_path / "西山区2025Q3.xlsx", registry, "xishan", "2025-Q3", "aid", consistent_values(registry, "aid"))
    real = Ledger._store

    def store_unless_refused(self, storing, archives, actor, is_sample):  # type: ignore[no-untyped-def]
        if any(p.display_name == refused.name for p, _ in storing):
            raise StoreError("有数值超出数据库能保存的范围，数据没有保存（测试）。")
        return real(self, storing, archives, actor, is_sample)

    monkeypatch.setattr(Ledger, "_store", store_unless_refused)
    plans = ledger.ingest(ledger.planner.read([refused, good]), actor="测试")
    assert [p.accepted for p in plans] == [False, True]
    assert [i.code for i in plans[0].errors] == ["store.failed"]
    assert "超出数据库能保存的范围" in plans[0].errors[0].render()
    assert store.rows("select distinct district from current_observations") == [("xishan",)]
    archived = [p for p in ledger.settings.archive_dir.rglob("*") if p.is_file()]
    assert len(archived) == 1 and archived[0].suffix == ".xlsx" and store.scalar("select count(*) from files") == 1


def test_a_stray_cell_far_away_costs_one_row_not_a_box(tmp_path):
    """XFD1048576 filled: a million rows that are all the same empty list, and one row of 16,384."""
    from tests.hostile.build import stray_cell

    path = next(p for p in stray_cell(tmp_path) if "XFD1048576" in p.name)
    [result] = read_bytes(path.read_bytes(), path.name)
    assert result.workbook is not None and not result.issues
    [sheet] = result.workbook.sheets
    assert sheet.height == 1_048_576 and sheet.width == 16_384
    assert sheet.rows[-1][-1] == "." and len({id(r) for r in sheet.rows if not r}) == 1
    assert sum(len(r) for r in sheet.rows) < 16_384 + 200


def test_error_cells_and_uncached_formulas_are_never_blank():
    """t="e" is the error's text, a formula without a value is ErrorValue(""); a comment inside a row is no cell."""
    from pipelines.grid import ErrorValue, has_value

    sheet_xml = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                 '<row r="1"><!-- a comment --><c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B1"><f>A1+1</f></c>'
                 '<c r="C1" t="inlineStr"><is><r><t>表</t></r><r><t>一</t></r></is></c><c r="D1" t="str"><f>""</f><v></v></c></row>'
                 "</sheetData></worksheet>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://'
                   'schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                   'Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    [result] = read_bytes(out.getvalue(), "公式.xlsx")
    assert result.workbook is not None, [i.render() for i in result.issues]
    row = result.workbook.sheets[0].rows[0]
    assert row[:3] == ["#DIV/0!", "", "表一"] and isinstance(row[0], ErrorValue) and isinstance(row[1], ErrorValue)
    assert has_value(row[1]) and (len(row) == 3 or row[3] is None)  # a formula whose result is "" is an empty cell
