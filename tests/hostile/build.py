"""Builders of the hostile files of issue 11, one per class, each named after its class.

Every builder takes the folder to write into (and, where it matters, the district named in the file,
so a batch can hold a hostile file next to valid returns of 东湖区 without a duplicate-return conflict)
and returns the list of paths it wrote. The files start from the valid returns of 东湖区 2025-Q3 in
tests/quirks/files and change one thing: the sheet XML of an .xlsx is patched by hand and the zip
written again, so a file stays a few KB unless its class is "big". The two big files (a 58 MB CSV and
an .xlsx with a million rows below its footer) are streamed out in chunks.

`python -m tests.hostile.build OUT_DIR` writes every class (except the big ones unless --big) to look at.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
QUIRKS = ROOT / "tests" / "quirks" / "files"
XLSX_SEED = QUIRKS / "coverage__base__东湖区2025Q3.xlsx"  # 表一, rows 1-11, data B4:K10, footer A11
XLS_SEED = QUIRKS / "coverage__xls__东湖区2025Q3.xls"
XML_SEED = QUIRKS / "coverage__xml2003__东湖区2025Q3_wps.xls"
CSV_SEED = QUIRKS / "coverage__csv_utf8_bom__东湖区2025Q3_utf8.csv"
COMPETITIONS_SEED = QUIRKS / "competitions__unit_line_wan__东湖区2025Q3.xlsx"  # 表三, year to date
AID_XML_SEED = QUIRKS / "aid__xml2003__东湖区2025Q3_wps.xls"  # another form, another format

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
HOME = "东湖区"

# ---------------------------------------------------------------------------------------------
# the parts of a valid .xlsx, patched by hand


def xlsx_parts(seed: Path = XLSX_SEED, district: str = HOME) -> dict[str, bytes]:
    """The zip members of a valid return, in order; the district renamed in its strings if asked."""
    with zipfile.ZipFile(seed) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    if district != HOME:
        parts[STRINGS] = parts[STRINGS].decode().replace(HOME, district).encode()
    return parts


def write_zip(path: Path, parts: dict[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            kind = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 10, 12, 9, 0, 0)), data, compress_type=kind)
    return path


def add_string(parts: dict[str, bytes], text: str) -> int:
    """Append a shared string; its index."""
    sst = parts[STRINGS].decode()
    n = sst.count("<si>")
    sst = sst.replace("</sst>", f"<si><t xml:space=\"preserve\">{escape(text)}</t></si></sst>")
    sst = re.sub(r'count="\d+" uniqueCount="\d+"', f'count="{n + 1}" uniqueCount="{n + 1}"', sst, count=1)
    parts[STRINGS] = sst.encode()
    return n


def set_cell(sheet: str, ref: str, cell_xml: str) -> str:
    """Replace the <c r="ref"> element of a sheet's XML (it must exist)."""
    pattern = re.compile(rf'<c r="{ref}"(?:[^>]*/>|[^>]*>.*?</c>)')
    new, n = pattern.subn(cell_xml, sheet, count=1)
    if n != 1:
        raise ValueError(f"no cell {ref} in the seed sheet")
    return new


def append_rows(sheet: str, rows_xml: str) -> str:
    return sheet.replace("</sheetData>", rows_xml + "</sheetData>", 1)


def set_dimension(sheet: str, ref: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', sheet, count=1)


def add_merge(sheet: str, ref: str, replace: str | None = None) -> str:
    if replace:
        return sheet.replace(f'<mergeCell ref="{replace}"/>', f'<mergeCell ref="{ref}"/>', 1)
    m = re.search(r'<mergeCells count="(\d+)">', sheet)
    if m is None:
        return sheet.replace("</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>', 1)
    n = int(m.group(1)) + 1
    sheet = sheet.replace(m.group(0), f'<mergeCells count="{n}">', 1)
    return sheet.replace("</mergeCells>", f'<mergeCell ref="{ref}"/></mergeCells>', 1)


def add_sheet(parts: dict[str, bytes], name: str, sheet_xml: str) -> None:
    """A second worksheet (sheet2.xml) registered in the workbook, its relationships and content types."""
    parts["xl/worksheets/sheet2.xml"] = sheet_xml.encode()
    wb = parts["xl/workbook.xml"].decode()
    parts["xl/workbook.xml"] = wb.replace("</sheets>", f'<sheet name="{escape(name)}" sheetId="2" r:id="rId99"/></sheets>', 1).encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rel = ('<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
           'Target="worksheets/sheet2.xml"/>')
    parts["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", rel + "</Relationships>", 1).encode()
    ct = parts["[Content_Types].xml"].decode()
    over = ('<Override PartName="/xl/worksheets/sheet2.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
    parts["[Content_Types].xml"] = ct.replace("</Types>", over + "</Types>", 1).encode()


def _sheet(parts: dict[str, bytes]) -> str:
    return parts[SHEET].decode()


def _name(stem: str, district: str, ext: str = ".xlsx") -> str:
    return f"{stem}__{district}2025Q3{ext}"


def _row_of(ref: str) -> int:
    return int(re.sub(r"^[A-Z]+", "", ref))


# ---------------------------------------------------------------------------------------------
# memory: a stray cell far away, merges reaching the last cell


STRAY_CELLS = ("XFD1048576", "XFD40000", "AZ50000", "Z1048576")


def stray_cell(folder: Path, district: str = HOME) -> list[Path]:
    """A valid return plus one stray “.” at XFD1048576 / XFD40000 / AZ50000 / Z1048576 (the sheet's
    dimension says so too, as Excel writes it). The district can see none of it."""
    out = []
    for ref in STRAY_CELLS:
        parts = xlsx_parts(district=district)
        idx = add_string(parts, ".")
        sheet = append_rows(_sheet(parts), f'<row r="{_row_of(ref)}"><c r="{ref}" t="s"><v>{idx}</v></c></row>')
        col = re.sub(r"\d+$", "", ref)
        parts[SHEET] = set_dimension(sheet, f"A1:{col if len(col) > 1 or col > 'K' else 'K'}{_row_of(ref)}").encode()
        out.append(write_zip(folder / _name(f"stray_{ref}", district), parts))
    return out


MERGED_VARIANTS = ("return_sheet_below_table", "other_sheet", "return_sheet_over_table")


def merged_to_last_cell(folder: Path, district: str = HOME) -> list[Path]:
    """A merged range reaching XFD1048576: (1) on the return sheet, below its footer (A13:XFD1048576);
    (2) on a second sheet “说明” (A1:XFD1048576), the return sheet untouched; (3) on the return sheet,
    the title's merge widened to A1:XFD1048576 so it covers every value cell."""
    out = []
    parts = xlsx_parts(district=district)
    sheet = add_merge(_sheet(parts), "A13:XFD1048576")
    parts[SHEET] = set_dimension(sheet, "A1:XFD1048576").encode()
    out.append(write_zip(folder / _name("merged_return_sheet_below_table", district), parts))

    parts = xlsx_parts(district=district)
    idx = add_string(parts, "填表说明：本表由区县总工会填报，数据截至季度末。")
    add_sheet(parts, "说明", (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="s"><v>' + str(idx) + "</v></c></row></sheetData>"
        '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>'))
    out.append(write_zip(folder / _name("merged_other_sheet", district), parts))

    parts = xlsx_parts(district=district)
    sheet = add_merge(_sheet(parts), "A1:XFD1048576", replace="A1:K1")
    parts[SHEET] = set_dimension(sheet, "A1:XFD1048576").encode()
    out.append(write_zip(folder / _name("merged_return_sheet_over_table", district), parts))
    return out


# ---------------------------------------------------------------------------------------------
# SpreadsheetML 2003 (WPS “XML 表格”, saved as .xls)


def xml2003_text(seed: Path = XML_SEED, district: str = HOME) -> str:
    return seed.read_text(encoding="utf-8").replace(HOME, district)


def _xml_row(text: str, row: int) -> tuple[int, int]:
    """Start and end offsets of <Row ss:Index="row">…</Row> in the seed (every row and cell carries ss:Index)."""
    start = text.index(f'<Row ss:Index="{row}">')
    return start, text.index("</Row>", start) + len("</Row>")


def xml_cell(text: str, row: int, col: int, new_cell: str) -> str:
    """Replace the cell at (row, col) (1-based) of the seed's first sheet with new_cell."""
    a, b = _xml_row(text, row)
    seg = text[a:b]
    m = re.search(rf'<Cell ss:Index="{col}"[^>]*>.*?</Cell>', seg)
    if m is None:
        raise ValueError(f"no cell ({row}, {col}) in the seed")
    return text[:a] + seg[: m.start()] + new_cell + seg[m.end():] + text[b:]


def _xml_path(folder: Path, stem: str, district: str) -> Path:
    return folder / _name(stem, district, "_wps.xls")


def _write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def xml2003_huge_index(folder: Path, district: str = HOME) -> list[Path]:
    """ss:Index of 10⁸ (1) on a row below the footer, (2) on a cell of the footer row."""
    base = xml2003_text(district=district)
    row = base.replace("</Table>", '<Row ss:Index="100000000"><Cell><Data ss:Type="String">.</Data></Cell></Row>\n</Table>', 1)
    a, b = _xml_row(base, 11)
    cell = base[: b - len("</Row>")] + '<Cell ss:Index="100000000"><Data ss:Type="String">.</Data></Cell>' + base[b - len("</Row>"):]
    return [_write_text(_xml_path(folder, "xml_row_index_1e8", district), row),
            _write_text(_xml_path(folder, "xml_cell_index_1e8", district), cell)]


def xml2003_huge_merge(folder: Path, district: str = HOME) -> list[Path]:
    """(1) the title's ss:MergeAcross of 10⁸; (2) ss:MergeDown of 10⁸ on the footer cell."""
    base = xml2003_text(district=district)
    across = base.replace('ss:MergeAcross="10"', 'ss:MergeAcross="100000000"', 1)
    down = base.replace('<Row ss:Index="11"><Cell ss:Index="1">', '<Row ss:Index="11"><Cell ss:Index="1" ss:MergeDown="100000000">', 1)
    assert across != base and down != base
    return [_write_text(_xml_path(folder, "xml_merge_across_1e8", district), across),
            _write_text(_xml_path(folder, "xml_merge_down_1e8", district), down)]


# (cell, column index, original value, malformed number text)
MALFORMED_NUMBERS = (("C5", 3, "80", ""), ("H4", 8, "2510", "2,510"), ("D6", 4, "307", "Infinity"))


def xml2003_malformed_number(folder: Path, district: str = HOME) -> list[Path]:
    """A cell of type Number whose text is “” (C5), “2,510” (H4) or “Infinity” (D6)."""
    base = xml2003_text(district=district)
    out = []
    for ref, col, _orig, text in MALFORMED_NUMBERS:
        bad = xml_cell(base, _row_of(ref), col, f'<Cell ss:Index="{col}"><Data ss:Type="Number">{text}</Data></Cell>')
        stem = {"": "empty", "2,510": "thousands", "Infinity": "infinity"}[text]
        out.append(_write_text(_xml_path(folder, f"xml_number_{stem}", district), bad))
    return out


def xml2003_malformed_index(folder: Path, district: str = HOME) -> list[Path]:
    """(1) ss:Index="abc" on cell C5; (2) ss:Index="-6" on row 6."""
    base = xml2003_text(district=district)
    abc = xml_cell(base, 5, 3, '<Cell ss:Index="abc"><Data ss:Type="Number">80</Data></Cell>')
    neg = base.replace('<Row ss:Index="6">', '<Row ss:Index="-6">', 1)
    return [_write_text(_xml_path(folder, "xml_index_abc", district), abc),
            _write_text(_xml_path(folder, "xml_index_negative", district), neg)]


# ---------------------------------------------------------------------------------------------
# broken .xlsx structure


def xlsx_missing_sheet_part(folder: Path, district: str = HOME) -> list[Path]:
    """The workbook lists 表一, but xl/worksheets/sheet1.xml is not in the zip."""
    parts = xlsx_parts(district=district)
    del parts[SHEET]
    return [write_zip(folder / _name("xlsx_missing_sheet_part", district), parts)]


def xlsx_shared_string_out_of_range(folder: Path, district: str = HOME) -> list[Path]:
    """A5 (the 机关 row label) points at shared string 999 of 23."""
    parts = xlsx_parts(district=district)
    parts[SHEET] = set_cell(_sheet(parts), "A5", '<c r="A5" t="s"><v>999</v></c>').encode()
    return [write_zip(folder / _name("xlsx_shared_string_999", district), parts)]


def xlsx_malformed_sheet_xml(folder: Path, district: str = HOME) -> list[Path]:
    """The sheet XML is not well-formed: the attribute r="B5 of cell B5 is never closed."""
    parts = xlsx_parts(district=district)
    sheet = _sheet(parts)
    bad = sheet.replace('<c r="B5">', '<c r="B5>', 1)
    assert bad != sheet
    parts[SHEET] = bad.encode()
    return [write_zip(folder / _name("xlsx_malformed_sheet_xml", district), parts)]


# ---------------------------------------------------------------------------------------------
# CSV


def csv_lines(district: str = HOME) -> list[str]:
    return CSV_SEED.read_text(encoding="utf-8-sig").replace(HOME, district).splitlines()


def _write_csv(path: Path, lines: list[str]) -> Path:
    return _write_text(path, "\ufeff" + "\n".join(lines) + "\n")


def csv_long_field(folder: Path, district: str = HOME) -> list[Path]:
    """B11 (next to the footer) holds 140,000 characters: more than Python's csv field limit of 131,072."""
    lines = csv_lines(district)
    assert lines[10].startswith("填表人")
    lines[10] = lines[10].split(",", 1)[0] + "," + "说明" * 70_000 + ",,,,,,,,,"
    return [_write_csv(folder / _name("csv_field_140000_chars", district, ".csv"), lines)]


def csv_unterminated_quote(folder: Path, district: str = HOME) -> list[Path]:
    """A quote opened and never closed: (1) in the title of an otherwise valid return; (2) in the
    footer, followed by 3,000 lines of notes (the open field grows past 131,072 characters)."""
    lines = csv_lines(district)
    short = ['"' + lines[0], *lines[1:]]
    long = [*lines[:10], lines[10].split(",", 1)[0] + ',"备注：' + ",,,,,,,,,", *(f"说明第{i}条，本行为补充说明文字，无数据。" * 2 for i in range(3000))]
    return [_write_csv(folder / _name("csv_unterminated_quote", district, ".csv"), short),
            _write_csv(folder / _name("csv_unterminated_quote_long", district, ".csv"), long)]


# ---------------------------------------------------------------------------------------------
# values


def count_1e33(folder: Path, district: str = HOME) -> list[Path]:
    """1e33 in a count cell (B5, 应建会单位数 of 机关): (1) .xlsx number; (2) CSV text “1e33”."""
    parts = xlsx_parts(district=district)
    parts[SHEET] = set_cell(_sheet(parts), "B5", '<c r="B5"><v>1E+33</v></c>').encode()
    lines = csv_lines(district)
    assert lines[4].startswith("机关,100,")
    lines[4] = lines[4].replace("机关,100,", "机关,1e33,", 1)
    return [write_zip(folder / _name("count_1e33", district), parts),
            _write_csv(folder / _name("count_1e33", district, ".csv"), lines)]


# (cell, error text, formula that gives it): each in a cell no hard check looks at as a parent
ERROR_CELLS = (
    ("I5", "#N/A", 'VLOOKUP("机关",Z1:Z2,1,FALSE)'),  # 女会员人数 of 机关: a 其中 cell
    ("C6", "#DIV/0!", "1/0"),
    ("K7", "#REF!", "#REF!+1"),
    ("J8", "#VALUE!", '"一百"+1'),
)


def error_cell(folder: Path, district: str = HOME) -> list[Path]:
    """An Excel error as a formula's cached result in the data area: #N/A in a 其中 cell (I5), #DIV/0!
    (C6), #REF! (K7), #VALUE! (J8) in .xlsx; and #N/A in I5 of a SpreadsheetML 2003 file."""
    out = []
    for ref, err, formula in ERROR_CELLS:
        parts = xlsx_parts(district=district)
        parts[SHEET] = set_cell(_sheet(parts), ref, f'<c r="{ref}" t="e"><f>{escape(formula)}</f><v>{err}</v></c>').encode()
        stem = err.strip("#!/").replace("/", "").lower()
        out.append(write_zip(folder / _name(f"error_{stem}", district), parts))
    bad = xml_cell(xml2003_text(district=district), 5, 9,
                   '<Cell ss:Index="9" ss:Formula="=NA()"><Data ss:Type="Error">#N/A</Data></Cell>')
    out.append(_write_text(_xml_path(folder, "error_na", district), bad))
    return out


def uncached_formula(folder: Path, district: str = HOME) -> list[Path]:
    """B5 holds =B6-7 with no cached value (a file written by a program that never calculated it)."""
    parts = xlsx_parts(district=district)
    parts[SHEET] = set_cell(_sheet(parts), "B5", '<c r="B5"><f>B6-7</f></c>').encode()
    return [write_zip(folder / _name("uncached_formula", district), parts)]


# ---------------------------------------------------------------------------------------------
# big


BIG_CSV_BYTES = 58 * 1000 * 1000  # 58 MB (55.3 MiB): under the 60 MiB upload limit


def big_csv(folder: Path, district: str = HOME, size: int = BIG_CSV_BYTES) -> list[Path]:
    """A valid return followed by ~2.3 million lines of three filled cells each, written in chunks."""
    path = folder / _name("big_csv", district, ".csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    head = ("\ufeff" + "\n".join(csv_lines(district)) + "\n").encode()
    written = 0
    with open(path, "wb") as fh:
        fh.write(head)
        written += len(head)
        i = 0
        while written < size:
            chunk = "".join(f"明细{n:07d},{n % 997},备注\n" for n in range(i, i + 50_000)).encode()
            chunk = chunk[: size - written] if written + len(chunk) > size else chunk
            chunk = chunk[: chunk.rfind(b"\n") + 1] or chunk
            fh.write(chunk)
            written += len(chunk)
            i += 50_000
            if len(chunk) == 0:
                break
    return [path]


BELOW_FOOTER_ROWS = 1_000_000


def xlsx_rows_below_footer(folder: Path, district: str = HOME, rows: int = BELOW_FOOTER_ROWS) -> list[Path]:
    """The valid return, then a million rows (12 … 1,000,011) with a number in column A, streamed
    into the zip in chunks (the generator never holds the sheet)."""
    parts = xlsx_parts(district=district)
    last = 11 + rows
    sheet = set_dimension(_sheet(parts), f"A1:K{last}")
    head, tail = sheet.split("</sheetData>", 1)
    path = folder / _name("xlsx_rows_below_footer", district)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            if name != SHEET:
                z.writestr(name, data)
                continue
            info = zipfile.ZipInfo(SHEET, date_time=(2025, 10, 12, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w", force_zip64=True) as fh:
                fh.write(head.encode())
                for start in range(12, last + 1, 20_000):
                    stop = min(start + 20_000, last + 1)
                    fh.write("".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(start, stop)).encode())
                fh.write(("</sheetData>" + tail).encode())
    return [path]


# ---------------------------------------------------------------------------------------------
# what the file really is, and its name


def text_named_xlsx(folder: Path, district: str = HOME) -> list[Path]:
    """Plain UTF-8 text (a pasted return) saved as .xlsx."""
    text = "\n".join(line.replace(",", "\t").rstrip("\t") for line in csv_lines(district)) + "\n"
    return [_write_text(folder / _name("text_named_xlsx", district), text)]


def zip_named_xlsx(folder: Path, district: str = HOME) -> list[Path]:
    """A zip archive (two text files, no workbook) renamed .xlsx."""
    parts = {"说明.txt": "本压缩包内是报送说明，不是报表。\n".encode(),
             "readme.txt": b"not a workbook\n"}
    return [write_zip(folder / _name("zip_named_xlsx", district), parts)]


HOSTILE_NAMES = (
    f"{HOME}2025Q3\n✓ 伪造的一行：已导入.xlsx",
    f"{HOME}2025Q3\x1b[2J\x1b[31m红字\x1b[0m.xlsx",
)


def hostile_file_name(folder: Path, district: str = HOME) -> list[Path]:
    """A return with one error (B5 = -100, so the CLI prints the name in a ✗ line and in an error
    line) under a name holding (1) a newline and a forged “✓” line; (2) ANSI escapes."""
    parts = xlsx_parts(district=district)
    parts[SHEET] = set_cell(_sheet(parts), "B5", '<c r="B5"><v>-100</v></c>').encode()
    return [write_zip(folder / name.replace(HOME, district), parts) for name in HOSTILE_NAMES]


TITLE_CHARS = 20_000_000


def long_title(folder: Path, district: str = HOME) -> list[Path]:
    """The title cell (A1) is the real title followed by notes: 20 million characters in all."""
    parts = xlsx_parts(district=district)
    sst = parts[STRINGS].decode()
    title = re.search(r"<si><t>([^<]*统计表)</t></si>", sst)
    assert title is not None
    filler = "（说明）" * ((TITLE_CHARS - len(title.group(1))) // 4)
    parts[STRINGS] = sst.replace(title.group(0), f"<si><t>{title.group(1)}{filler}</t></si>", 1).encode()
    return [write_zip(folder / _name("long_title", district), parts)]


def single_quarter_ytd(folder: Path, district: str = HOME) -> list[Path]:
    """表三 (劳动和技能竞赛, year to date) titled 2025年7-9月: one quarter's flow, not 1-9月."""
    parts = xlsx_parts(COMPETITIONS_SEED, district=district)
    sst = parts[STRINGS].decode()
    new = sst.replace("2025年第三季度劳动和技能竞赛", "2025年7-9月劳动和技能竞赛", 1)
    assert new != sst
    parts[STRINGS] = new.encode()
    return [write_zip(folder / f"{district}2025年7-9月劳动竞赛.xlsx", parts)]


# ---------------------------------------------------------------------------------------------
# a valid .ods (the reference of the fuzz test: tests/quirks has none)

_ODS_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _xml2003_grid(text: str) -> tuple[str, list[list[tuple[str, str] | None]], list[tuple[int, int, int]]]:
    """The first sheet of a SpreadsheetML seed: name, rows of (type, text) and merges (row, col, across)."""
    ns = "{urn:schemas-microsoft-com:office:spreadsheet}"
    root = ET.fromstring(text.encode())
    ws = next(root.iter(f"{ns}Worksheet"))
    rows: list[list[tuple[str, str] | None]] = []
    merges = []
    for row in ws.iter(f"{ns}Row"):
        r = int(row.get(f"{ns}Index")) - 1
        while len(rows) <= r:
            rows.append([])
        for cell in row.findall(f"{ns}Cell"):
            c = int(cell.get(f"{ns}Index")) - 1
            data = cell.find(f"{ns}Data")
            while len(rows[r]) <= c:
                rows[r].append(None)
            rows[r][c] = (data.get(f"{ns}Type"), data.text or "")
            if cell.get(f"{ns}MergeAcross"):
                merges.append((r, c, int(cell.get(f"{ns}MergeAcross"))))
    return ws.get(f"{ns}Name"), rows, merges


def reference_ods(folder: Path, district: str = HOME) -> list[Path]:
    """The 表一 return of the seeds as a small valid OpenDocument spreadsheet, written by hand."""
    name, rows, merges = _xml2003_grid(xml2003_text(district=district))
    spans = {(r, c): n for r, c, n in merges}
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<office:document-content xmlns:office="{office}" xmlns:table="{table}" xmlns:text="{text}" '
           'office:version="1.2"><office:body><office:spreadsheet>'.format(**_ODS_NS),
           f'<table:table table:name="{escape(name)}">', '<table:table-column table:number-columns-repeated="11"/>']
    for r, row in enumerate(rows):
        out.append("<table:table-row>")
        c = 0
        while c < len(row):
            cell = row[c]
            across = spans.get((r, c), 0)
            span = f' table:number-columns-spanned="{across + 1}"' if across else ""
            if cell is None:
                out.append("<table:table-cell/>")
            elif cell[0] == "Number":
                out.append(f'<table:table-cell office:value-type="float" office:value="{cell[1]}"{span}><text:p>{cell[1]}</text:p></table:table-cell>')
            else:
                out.append(f'<table:table-cell office:value-type="string"{span}><text:p>{escape(cell[1])}</text:p></table:table-cell>')
            if across:
                out.append(f'<table:covered-table-cell table:number-columns-repeated="{across}"/>')
                c += across
            c += 1
        out.append("</table:table-row>")
    out.append("</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    parts = {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
             "META-INF/manifest.xml": manifest.encode(),
             "content.xml": "".join(out).encode()}
    return [write_zip(folder / _name("reference", district, ".ods"), parts)]


# ---------------------------------------------------------------------------------------------

BUILDERS: dict[str, Callable[..., list[Path]]] = {
    f.__name__: f for f in (
        stray_cell, merged_to_last_cell, xml2003_huge_index, xml2003_huge_merge, xml2003_malformed_number,
        xml2003_malformed_index, xlsx_missing_sheet_part, xlsx_shared_string_out_of_range, xlsx_malformed_sheet_xml,
        csv_long_field, csv_unterminated_quote, count_1e33, error_cell, uncached_formula, big_csv,
        xlsx_rows_below_footer, text_named_xlsx, zip_named_xlsx, hostile_file_name, long_title, single_quarter_ytd,
    )
}
BIG = {"big_csv", "xlsx_rows_below_footer"}


def build_all(folder: Path, big: bool = False) -> dict[str, list[Path]]:
    return {name: f(folder) for name, f in BUILDERS.items() if big or name not in BIG}


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile_files")
    for cls, paths in build_all(target, big="--big" in sys.argv).items():
        for p in paths:
            print(f"{cls}\t{p.stat().st_size:>10}\t{p.name!r}")
    for p in reference_ods(target):
        print(f"reference_ods\t{p.stat().st_size:>10}\t{p.name!r}")
